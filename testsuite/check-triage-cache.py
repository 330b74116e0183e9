#!/usr/bin/env python3
"""The verdict cache and baselines: repeat requests ask no model, across
restarts; a moved function keeps its verdict; a torn or corrupt cache is
reported and never served; a full disk loses nothing served; a daemon
killed mid-request gives the client a clear error; baselines serve CI
with no model at all."""

import json
import os
import resource
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "triage"))
import harness as h  # noqa: E402
from harness import check  # noqa: E402


def count(env):
    return len(env.http_requests())


def test_repeat(env):
    env.start_daemon()
    n0 = count(env)
    r1, err, _ = env.send(h.make_request(1))
    r2, _, _ = env.send(h.make_request(1))
    check(r1 and r1["from"] == "llm" and count(env) - n0 == 1,
          "first request asks the model once", (r1, err))
    check(r2 and r2["from"] == "cache" and r2["verdict"] == "confirmed" and
          r2["explanation"] == r1["explanation"] and count(env) - n0 == 1,
          "identical request: served from the cache, no HTTP request", r2)
    env.stop_daemon()
    env.start_daemon()
    r3, _, _ = env.send(h.make_request(1))
    check(r3 and r3["from"] == "cache" and count(env) - n0 == 1,
          "after a restart: still cached, no HTTP request", r3)
    moved = h.make_request(1, first_line=110)
    moved["source"]["text"] = "\n" + moved["source"]["text"] + "   \n\n"
    moved["source"]["first_line"] = 109
    r4, _, _ = env.send(moved)
    check(r4 and r4["from"] == "cache" and
          r4["fingerprint"] == r1["fingerprint"],
          "function moved 100 lines (and blank lines added): same "
          "fingerprint, cached", r4)
    env.set_mode("dismiss:stolen-by-call:14")
    d1, _, _ = env.send(h.make_request(2))
    moved = h.make_request(2, first_line=40)
    d2, _, _ = env.send(moved)
    check(d1 and d2 and d1["verdict"] == "dismissed" and
          d2["from"] == "cache" and d2["line"] == 44,
          "a cached verdict's line follows the moved function", (d1, d2))
    definite = h.make_request(2, definite=True)
    d3, _, _ = env.send(definite)
    check(d3 and d3["from"] == "cache" and d3["verdict"] == "uncertain",
          "a cached dismissal is checked again against each request", d3)
    env.set_mode("good")
    env.stop_daemon()
    env.start_daemon(PYREFCHECK_LLM_MODEL="other-model")
    r5, _, _ = env.send(h.make_request(1))
    check(r5 and r5["from"] == "llm" and count(env) - n0 == 3,
          "another model triages afresh", r5)
    env.stop_daemon()


def records(env):
    with open(os.path.join(env.cache, "verdicts.log"), "rb") as f:
        return f.read().split(b"\n")


def test_torn(env):
    path = os.path.join(env.cache, "verdicts.log")
    env.start_daemon()
    for i in range(10, 14):
        env.send(h.make_request(i))
    env.stop_daemon()
    lines = records(env)
    good = [l for l in lines[1:] if l]
    check(len(good) >= 6, "cache holds the verdicts (%d records)"
          % len(good))
    with open(path, "rb") as f:
        data = bytearray(f.read())
    # Flip a byte inside the second-to-last record, and tear the last one.
    last = data.rstrip(b"\n").rfind(b"\n")
    prev = data[:last].rfind(b"\n")
    data[prev + 80] ^= 0x01
    data = data[:last + 1 + (len(data) - last) // 2]
    with open(path, "wb") as f:
        f.write(data)
    n0 = count(env)
    env.start_daemon()
    out = env.daemon_output()
    check("2 torn or corrupt records ignored" in out,
          "torn cache: the daemon starts and reports it", out[-300:])
    st = env.stats()
    check(st.get("cache_torn") == 2, "stats count the torn records", st)
    served = [env.send(h.make_request(i))[0] for i in range(10, 14)]
    froms = [r["from"] for r in served if r]
    check(froms == ["cache", "cache", "llm", "llm"] and
          count(env) - n0 == 2,
          "intact records served; torn ones asked again, never served",
          froms)
    env.stop_daemon()
    lines = [l for l in records(env)[1:] if l]
    import hashlib
    bad = [l for l in lines if hashlib.sha256(l[65:]).hexdigest().encode()
           != l[:64]]
    check(not bad and records(env)[-1] == b"",
          "the log was repaired: every record checks out", len(bad))
    # A detached daemon (as the plugin starts it) reports it in its log.
    with open(path, "ab") as f:
        f.write(b"0123abc")
    sock = os.path.join(env.dir, "run2", "triaged.sock")
    import subprocess
    r = subprocess.run([h.DAEMON, "--daemon", "--socket", sock, "--cache",
                        env.cache, "--idle-timeout", "1"],
                       capture_output=True, text=True, env=env.env(),
                       timeout=10)
    end = time.time() + 8
    log = ""
    while time.time() < end and "idle for" not in log:
        time.sleep(0.1)
        with open(os.path.join(env.dir, "run2", "triaged.log")) as f:
            log = f.read()
    check(r.returncode == 0 and "1 torn or corrupt record ignored" in log
          and "idle for 1 s" in log, "--daemon: the torn record is "
          "reported in the daemon's log", log[-300:])


def test_kill(env):
    env.start_daemon()
    env.set_mode("hang")
    import subprocess
    req = h.make_request(20, deadline_ms=30000)
    path = os.path.join(env.dir, "kill.json")
    with open(path, "w") as f:
        json.dump(req, f)
    p = subprocess.Popen([h.DRIVER, "--socket", env.socket, "--timeout",
                          "30000", path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env.env())
    time.sleep(0.5)
    env.daemon.send_signal(signal.SIGKILL)
    t0 = time.time()
    out, err = p.communicate(timeout=10)
    dt = time.time() - t0
    check(p.returncode != 0 and "closed the connection" in err and dt < 1.0,
          "daemon killed mid-request: the client says so in %.2f s" % dt,
          err)
    env.daemon.wait()
    env.set_mode("good")
    env.start_daemon()
    r, err, _ = env.send(h.make_request(10))
    check(r and r["from"] == "cache",
          "a new daemon replaces the dead one's socket; the cache is "
          "intact", r or err)
    env.stop_daemon()


def test_disk_full(env):
    def limit():
        size = os.path.getsize(os.path.join(env.cache, "verdicts.log"))
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 100, size + 100))
    before = records(env)
    env.start_daemon(preexec=limit)
    r, err, _ = env.send(h.make_request(30))
    check(r and r["verdict"] == "confirmed" and r["from"] == "llm",
          "disk full: the verdict is still served", r or err)
    r2, _, _ = env.send(h.make_request(30))
    check(r2 and r2["from"] == "cache", "and kept in memory", r2)
    env.stop_daemon()
    out = env.daemon_output()
    check("cannot save a verdict" in out and "File too large" in out,
          "disk full: a clear message", out[-300:])
    check(records(env) == before, "no partial record left in the log")


def test_baseline(env):
    base = os.path.join(env.dir, "baseline.json")
    import subprocess
    r = subprocess.run([h.DAEMON, "--cache", env.cache, "--export-baseline",
                        base], capture_output=True, text=True, env=env.env())
    check(r.returncode == 0 and "written to" in r.stdout,
          "--export-baseline", r.stdout + r.stderr)
    with open(base) as f:
        doc = json.load(f)
    check(doc.get("pyrefcheck_baseline") == 1 and
          len(doc["verdicts"]) >= 4 and h.API_KEY not in json.dumps(doc),
          "baseline holds the verdicts (%d)" % len(doc.get("verdicts", [])))
    fp = env.send  # keep flake quiet
    env.cache = os.path.join(env.dir, "empty-cache")
    n0 = count(env)
    env.start_daemon(api="offline", args=["--baseline", base])
    r1, err, _ = env.send(h.make_request(10))
    check(r1 and r1["from"] == "baseline" and r1["verdict"] == "confirmed"
          and count(env) == n0, "offline CI: baseline verdict, no model",
          r1 or err)
    r2, _, _ = env.send(h.make_request(99))
    check(r2 and r2["verdict"] == "unverified",
          "not in the baseline: the offline explanation", r2)
    env.stop_daemon()
    fpr = r1["fingerprint"]
    doc["verdicts"][fpr].update(verdict="dismissed",
                                reason_code="infeasible-path",
                                line_offset=1)
    with open(base, "w") as f:
        json.dump(doc, f)
    env.start_daemon(api="offline", args=["--baseline", base])
    r3, _, _ = env.send(h.make_request(10))
    check(r3 and r3["verdict"] == "uncertain" and "refused" in r3["note"],
          "an edited baseline's bogus dismissal is refused too", r3)
    env.stop_daemon()
    with open(base, "w") as f:
        f.write('{"pyrefcheck_baseline": 1, "verdicts": {"x": {')
    p = env.start_daemon(api="offline", args=["--baseline", base],
                         wait=False)
    p.wait(10)
    check(p.returncode == 2 and "baseline" in env.daemon_output(),
          "a broken baseline file: a clear message, exit 2",
          env.daemon_output())


def test_async(env):
    env.cache = os.path.join(env.dir, "cache")
    env.set_mode("slow:300")
    env.start_daemon()
    n0 = count(env)
    req = h.make_request(40, mode="async")
    r1, err, dt = env.send(req)
    check(r1 and r1["verdict"] == "queued" and dt < 0.3,
          "async: answered 'queued' at once (%.2f s)" % dt, r1 or err)
    time.sleep(0.8)
    r2, _, _ = env.send(req)
    check(r2 and r2["from"] == "cache" and r2["verdict"] == "confirmed" and
          count(env) - n0 == 1, "async: the next build finds it cached", r2)
    env.stop_daemon()


def main():
    h.require_programs()
    env = h.Env("cache")
    try:
        env.start_server()
        test_repeat(env)
        test_torn(env)
        test_kill(env)
        test_disk_full(env)
        test_baseline(env)
        test_async(env)
    finally:
        env.cleanup()
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
