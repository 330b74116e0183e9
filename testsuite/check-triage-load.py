#!/usr/bin/env python3
"""The triage daemon under load: 32 concurrent clients x 200 requests
through the client library, nothing lost or duplicated, identical
requests in flight coalesced into one model call, memory bounded; and
back-pressure: past --queue distinct triages in flight, requests are
answered "busy" at once instead of queueing without bound."""

import json
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "triage"))
import harness as h  # noqa: E402
from harness import check  # noqa: E402

CLIENTS = 32
PER_CLIENT = 200
DISTINCT = 40
RSS_LIMIT_KB = 64 * 1024


def proc_status(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def write_requests(env):
    paths = []
    for i in range(DISTINCT):
        path = os.path.join(env.dir, "load-%02d.json" % i)
        with open(path, "w") as f:
            json.dump(h.make_request(1000 + i, deadline_ms=60000), f)
        paths.append(path)
    return paths


def run_round(env, paths):
    """Start CLIENTS clients at once, each sending PER_CLIENT requests (the
    DISTINCT files, rotated, repeated); return (replies, errors, seconds)."""
    reps = PER_CLIENT // DISTINCT
    procs = []
    t0 = time.time()
    for c in range(CLIENTS):
        order = paths[c % DISTINCT:] + paths[:c % DISTINCT]
        procs.append(subprocess.Popen(
            [h.DRIVER, "--socket", env.socket, "--timeout", "60000",
             "--id", "c%d" % c, "--repeat", str(reps)] + order,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env.env()))
    replies, errors = [], []
    for p in procs:
        out, err = p.communicate(timeout=120)
        replies += [json.loads(l) for l in out.splitlines() if l]
        if p.returncode != 0 or err:
            errors.append(err)
    return replies, errors, time.time() - t0


def test_load(env):
    env.set_mode("slow:20")
    env.start_daemon(args=["--jobs", "4", "--queue", "64"])
    pid = env.daemon.pid
    rss0 = proc_status(pid, "VmRSS")
    paths = write_requests(env)
    replies, errors, dt = run_round(env, paths)
    ids = [r.get("id") for r in replies]
    total = CLIENTS * PER_CLIENT
    check(len(replies) == total and not errors,
          "%d clients x %d requests: %d replies in %.1f s (%.0f/s)"
          % (CLIENTS, PER_CLIENT, len(replies), dt, len(replies) / dt),
          errors[:3])
    check(len(set(ids)) == total and
          set(ids) == {"c%d-%d-%d" % (c, f, r) for c in range(CLIENTS)
                       for f in range(DISTINCT)
                       for r in range(PER_CLIENT // DISTINCT)},
          "every request answered exactly once (no loss, no duplicate)")
    verdicts = {r.get("verdict") for r in replies}
    check(verdicts == {"confirmed"}, "every reply is the model's verdict",
          verdicts)
    calls = len(env.http_requests())
    st = env.stats()
    check(calls == DISTINCT, "%d distinct findings: %d model calls "
          "(%d coalesced in flight, %d cache hits)"
          % (DISTINCT, calls, st.get("coalesced", -1),
             st.get("cache_hits", -1)), st)
    rss1 = proc_status(pid, "VmRSS")
    replies, errors, dt2 = run_round(env, paths)
    rss2 = proc_status(pid, "VmRSS")
    hwm = proc_status(pid, "VmHWM")
    check(len(replies) == total and not errors and
          len(env.http_requests()) == DISTINCT,
          "second round: %d replies in %.1f s, all cached" % (len(replies),
                                                              dt2))
    print("measured: daemon RSS %d KiB at start, %d KiB after round 1, "
          "%d KiB after round 2, peak %d KiB" % (rss0, rss1, rss2, hwm))
    check(0 < hwm < RSS_LIMIT_KB, "peak RSS %d KiB < %d KiB"
          % (hwm, RSS_LIMIT_KB))
    check(rss2 - rss1 < 4096, "RSS grows by %d KiB over a second round of "
          "%d requests (< 4096)" % (rss2 - rss1, total))
    env.stop_daemon()


def test_backpressure(env):
    env.set_mode("hang")
    env.cache = os.path.join(env.dir, "cache-bp")
    env.start_daemon(args=["--jobs", "1", "--queue", "4"])
    procs = []
    for i in range(12):
        path = os.path.join(env.dir, "bp-%d.json" % i)
        with open(path, "w") as f:
            json.dump(h.make_request(2000 + i, deadline_ms=1500), f)
        procs.append((time.time(), subprocess.Popen(
            [h.DRIVER, "--socket", env.socket, "--timeout", "10000", path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env.env())))
    results = [None] * len(procs)

    def wait(i, t0, p):
        out, _ = p.communicate(timeout=30)
        results[i] = (json.loads(out) if out else {}, time.time() - t0)
    threads = [threading.Thread(target=wait, args=(i, t0, p))
               for i, (t0, p) in enumerate(procs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    busy, late = [], []
    for r, dt in results:
        if r.get("note", "").startswith("busy"):
            busy.append(dt)
        elif r.get("verdict") == "untriaged":
            late.append(dt)
    check(len(busy) == 8 and len(late) == 4,
          "--queue 4: 8 of 12 distinct requests answered busy, 4 waited",
          (len(busy), len(late)))
    check(busy and max(busy) < 1.0 and late and max(late) < 3.0,
          "busy answers come at once (max %.2f s); the rest by their "
          "deadline (max %.2f s)" % (max(busy or [0]), max(late or [0])))
    st = env.stats()
    check(st.get("busy") == 8, "stats count 8 busy", st)
    env.stop_daemon()


def main():
    h.require_programs()
    env = h.Env("load")
    try:
        env.start_server()
        test_load(env)
        test_backpressure(env)
    finally:
        env.cleanup()
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
