#!/usr/bin/env python3
"""The triage daemon and its client library on a real Unix socket, with
the offline backend (no network): the protocol, bad input, the socket's
private directory, starting the daemon on demand, the idle timeout, the
configuration, the dismissal check of reasons.h, and SHA-256."""

import copy
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "triage"))
import harness as h  # noqa: E402
from harness import check  # noqa: E402


def run(args, env, **kw):
    return subprocess.run(args, capture_output=True, text=True, env=env,
                          **kw)


def test_sha256(env):
    cases = [b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 64, b"b" * 119,
             os.urandom(1 << 20)]
    paths = []
    for i, data in enumerate(cases):
        paths.append(os.path.join(env.dir, "sha-%d" % i))
        with open(paths[-1], "wb") as f:
            f.write(data)
    r = run([h.DRIVER, "--sha256"] + paths, env.env())
    want = [hashlib.sha256(d).hexdigest() for d in cases]
    check(r.stdout.split() == want, "SHA-256 agrees with hashlib on %d "
          "inputs (0 B to 1 MiB)" % len(cases), r.stdout + r.stderr)


def test_cli(env):
    r = run([h.DAEMON, "--version"], env.env())
    check(r.returncode == 0 and "protocol 1" in r.stdout, "--version",
          r.stdout)
    r = run([h.DAEMON, "--help"], env.env())
    check(r.returncode == 0 and "--idle-timeout" in r.stdout and
          "PYREFCHECK_LLM_API" in r.stdout, "--help")
    r = run([h.DAEMON, "--jobs", "x"], env.env())
    check(r.returncode == 2 and "not a number" in r.stderr, "bad option "
          "value: exit 2 with a message", r.stderr)
    r = run([h.DAEMON, "--socket", env.socket], env.env(
        PYREFCHECK_LLM_API="gpt"), timeout=10)
    check(r.returncode == 2 and "unknown PYREFCHECK_LLM_API 'gpt'" in
          r.stderr, "unknown backend: exit 2 with a message", r.stderr)
    conf = os.path.join(env.dir, "bad.conf")
    with open(conf, "w") as f:
        f.write("# comment\nPYREFCHECK_LLM_API = offline\nMODEL=x\n")
    r = run([h.DAEMON, "--config", conf], env.env(), timeout=10)
    check(r.returncode == 2 and "bad.conf:3: unknown key 'MODEL'" in
          r.stderr, "config file: bad key reported with its line",
          r.stderr)
    r = run([h.DAEMON, "--config", conf + ".missing"], env.env(),
            timeout=10)
    check(r.returncode == 2 and "cannot read config file" in r.stderr,
          "missing --config file: a clear message", r.stderr)


def test_offline(env):
    env.start_daemon(api="offline")
    mode = os.stat(env.sock_dir).st_mode & 0o777
    check(mode == 0o700, "socket directory created with mode 0700 (%o)"
          % mode)
    req = h.make_request(1)
    r1, err, _ = env.send(req)
    r2, _, _ = env.send(req)
    check(r1 and r1["verdict"] == "unverified" and r1["from"] == "offline"
          and r1["model"] == "offline", "offline backend: unverified",
          r1 or err)
    check(r1 and "(1) line 13: new reference returned by 'PyLong_FromLong'"
          in r1["explanation"] and "'helper_store' (line 14) has no "
          "ownership row" in r1["explanation"] and "returns a new "
          "reference" in r1["explanation"] and "Py_DECREF" in r1["fix"],
          "offline explanation: the events and the ownership rules",
          r1 and r1["explanation"])
    env.stop_daemon()
    env.start_daemon(api="offline")
    r3, _, _ = env.send(req)
    check(r1 == r2 == r3, "offline backend is deterministic (also across "
          "restarts)")
    check(len(env.http_requests()) == 0, "offline backend sends nothing")


def test_bad_input(env):
    out = env.raw(b"this is not json\n")
    check('"type":"error"' in out and "not JSON" in out,
          "a line that is not JSON: error reply", out)
    out = env.raw(b'{"protocol":2,"type":"ping","id":7}\n')
    check("unsupported protocol version 2" in out and '"id":7' in out,
          "another protocol version: error naming ours", out)
    bad = h.make_request(2)
    del bad["finding"]["kind"]
    out = env.raw(json.dumps(bad).encode() + b"\n")
    check("finding.kind: missing" in out, "a missing field is named", out)
    out = env.raw(b'{"protocol":1,"type":"frobnicate"}\n')
    check("unknown request type" in out, "unknown request type", out)
    reply, err, _ = env.send(dict(h.make_request(3), mode="later"))
    check(reply is None and "refused the request: mode" in err,
          "the client library reports an error reply", err)
    # Two requests on one connection, then half-close: both answered.
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(env.socket)
    s.sendall(b'{"protocol":1,"type":"ping","id":"a"}\n'
              b'{"protocol":1,"type":"ping","id":"b"}\n')
    s.shutdown(socket.SHUT_WR)
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    lines = [json.loads(l) for l in data.splitlines()]
    check([l.get("id") for l in lines] == ["a", "b"] and
          lines[0]["type"] == "pong", "two requests on one connection "
          "after a half-close: two replies", data)
    # A client that sends half a line and goes away does no harm.
    s = socket.socket(socket.AF_UNIX)
    s.connect(env.socket)
    s.sendall(b'{"protocol":1,"type":')
    s.close()
    r, err, _ = env.send(h.make_request(4))
    check(r and r["verdict"] == "unverified",
          "the daemon still serves after all that", r or err)
    env.stop_daemon()


def test_no_daemon(env):
    t0 = time.time()
    reply, err, _ = env.send(h.make_request(5))
    dt = time.time() - t0
    check(reply is None and "cannot connect to the triage daemon" in err
          and dt < 1.0, "no daemon: a clear error at once (%.2f s)" % dt,
          err)


def test_private_dir(env):
    d = os.path.join(env.dir, "open")
    os.mkdir(d)
    os.chmod(d, 0o755)
    r = run([h.DAEMON, "--socket", os.path.join(d, "s"), "--no-cache"],
            env.env(), timeout=10)
    check(r.returncode == 1 and "other users can enter it" in r.stderr,
          "refuses a socket directory others can enter", r.stderr)


def daemons_of(sock):
    """The pids of the daemons serving SOCK, from /proc."""
    pids = []
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"pyrefcheck-triaged") and \
                sock.encode() in argv:
            pids.append(pid)
    return pids


def test_autostart(env):
    args = []
    for a in ("--cache", env.cache, "--idle-timeout", "2"):
        args += ["--daemon-arg", a]
    path = os.path.join(env.dir, "auto.json")
    with open(path, "w") as f:
        json.dump(h.make_request(6), f)
    procs = [subprocess.Popen([h.DRIVER, "--socket", env.socket,
                               "--timeout", "10000", "--autostart",
                               "--daemon", h.DAEMON] + args + [path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env.env())
             for _ in range(8)]
    outs = [p.communicate(timeout=20) for p in procs]
    ok = [json.loads(o) for o, e in outs if o]
    check(len(ok) == 8 and all(r["verdict"] == "unverified" for r in ok),
          "8 clients at once start the daemon on demand: 8 replies",
          [e for o, e in outs if e])
    pids = daemons_of(env.socket)
    check(len(pids) == 1, "exactly one daemon runs (%d)" % len(pids))
    with open(os.path.join(env.sock_dir, "triaged.log")) as f:
        log = f.read()
    end = time.time() + 6
    while time.time() < end and os.path.exists(env.socket):
        time.sleep(0.1)
    check(not os.path.exists(env.socket), "the daemon exits after its idle "
          "timeout and removes its socket")
    with open(os.path.join(env.sock_dir, "triaged.log")) as f:
        log = f.read()
    check("idle for 2 s: exiting" in log, "and says so in its log",
          log[-200:])
    bad = os.path.join(env.dir, "no-such-daemon")
    reply, err, dt = env.send(h.make_request(7), extra_args=[
        "--autostart", "--daemon", bad], timeout_ms=3000)
    check(reply is None and "cannot start the triage daemon" in err and
          dt < 3.5, "autostart of a missing program: a clear error", err)


def test_reasons(env):
    req = h.make_request(8)
    cases = [
        ({"reason_code": "stolen-by-call", "line": 14}, True,
         "stolen-by-call at an unknown callee"),
        ({"reason_code": "stolen-by-call", "line": 13}, False,
         "stolen-by-call at a call that cannot steal"),
        ({"reason_code": "stored-elsewhere", "line": 99}, False,
         "stored-elsewhere at a line with nothing"),
        ({"reason_code": "infeasible-path", "line": 15}, True,
         "infeasible-path at a condition"),
        ({"reason_code": "infeasible-path", "line": 16}, False,
         "infeasible-path where there is no condition"),
        ({"reason_code": "exception-set-by-callee", "line": 13}, False,
         "exception-set-by-callee for a leak"),
        ({"reason_code": "not-a-bug-by-contract"}, False,
         "not-a-bug-by-contract without a contract"),
        ({"reason_code": "real-bug"}, False, "real-bug does not dismiss"),
        ({"reason_code": "it-is-fine"}, False, "a code not in the list"),
    ]
    steal = copy.deepcopy(req)
    steal["calls"][0].update(callee="PyList_SetItem", steals=[3],
                             known=True)
    nwx = copy.deepcopy(req)
    nwx["finding"]["kind"] = "null-without-exception"
    contract = copy.deepcopy(req)
    contract["finding"]["contract"] = "steals a reference to argument 1"
    definite = h.make_request(8, definite=True)
    more = [
        (steal, {"reason_code": "stolen-by-call", "line": 13}, True,
         "stolen-by-call at a call whose row steals"),
        (nwx, {"reason_code": "exception-set-by-callee", "line": 13}, True,
         "exception-set-by-callee at a call that sets one"),
        (contract, {"reason_code": "not-a-bug-by-contract"}, True,
         "not-a-bug-by-contract with a declared contract"),
        (definite, {"reason_code": "stolen-by-call", "line": 14}, False,
         "any dismissal of a definite finding"),
    ]
    for i, (r, v, want, name) in enumerate([(req,) + c for c in cases]
                                           + more):
        rp = os.path.join(env.dir, "rq-%d.json" % i)
        vp = os.path.join(env.dir, "vd-%d.json" % i)
        with open(rp, "w") as f:
            json.dump(r, f)
        with open(vp, "w") as f:
            json.dump(dict(v, verdict="dismissed"), f)
        out = run([h.DRIVER, "--check-dismissal", rp, vp], env.env())
        got = out.returncode == 0 and out.stdout.startswith("accepted")
        check(got == want, "reasons.h: %s %s" % (
            name, "accepted" if want else "refused"), out.stdout)


def test_cxx(env):
    cxx = shutil.which(os.environ.get("CXX", "g++"))
    if not cxx:
        print("SKIP: no C++ compiler: the C++ use of the client library")
        return
    src = os.path.join(h.TOP_SRCDIR, "triage")
    out = os.path.join(env.dir, "cxx-client")
    objs = []
    for name in ("client.c", "reasons.c"):
        objs.append(os.path.join(env.dir, name + ".o"))
        r = run(["gcc", "-fPIC", "-D_GNU_SOURCE", "-Wall", "-Wextra",
                 "-Werror", "-c", os.path.join(src, name), "-o", objs[-1]],
                env.env())
        check(r.returncode == 0, "%s compiles with -fPIC -Werror" % name,
              r.stderr)
    r = run([cxx, "-Wall", "-Wextra", "-Werror", "-fno-rtti",
             "-fno-exceptions", "-fPIC", "-I" + src,
             os.path.join(h.HERE, "cxx-client.cc")] + objs +
            ["-ljansson", "-o", out], env.env())
    check(r.returncode == 0, "client.h and reasons.h compile as C++",
          r.stderr)
    t0 = time.time()
    r = run([out], env.env())
    check(r.returncode == 0 and "cannot connect" in r.stdout and
          time.time() - t0 < 1.0, "from C++: clear error, refusal",
          r.stdout + r.stderr)


def main():
    h.require_programs()
    env = h.Env("proto")
    try:
        open(env.http_log, "w").close()
        test_sha256(env)
        test_cli(env)
        test_offline(env)
        test_bad_input(env)
        test_no_daemon(env)
        test_private_dir(env)
        test_autostart(env)
        test_reasons(env)
        test_cxx(env)
    finally:
        env.cleanup()
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
