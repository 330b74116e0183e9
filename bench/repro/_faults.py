"""Fault injection for the reproducers of bugs that need a failed memory
allocation (a result of PyList_New or PyUnicode_FromString used unchecked).

crash_under_nomemory runs SETUP, then STATEMENT with the Nth memory
allocation made during STATEMENT failing (CPython's
_testcapi.set_nomemory), each N in its own child process, and returns
the first N at which the child dies of a signal, with the C backtrace gdb
shows there.  A crash whose backtrace does not name the function the
finding is about is not counted: CPython itself has rare crashes under
injected faults, and a reproducer must show the bug it claims.  VIA
names the function the crashing frame called (or () for a crash in the
function itself), to tell one unchecked NULL from another.

grows_under_nomemory and shrinks_under_nomemory (changes_under_nomemory)
find the fault after which an integer measure, such as the reference
count of an object the statement uses, has grown (a leak) or shrunk (a
reference released twice); given WHERE, only a fault whose exception was
raised there (the innermost traceback entry, Cython's included) counts.

crash_without_fault checks a crash that needs no fault, only unusual
input (N = -1), in the same way as crash_under_nomemory, optionally under
PYTHONMALLOC=debug, which fills freed memory with 0xDD so that a use
after free reads garbage at once.  first_fault finds the first N after which a Python expression
about the outcome holds (the exception STATEMENT raised, an object that
should have been freed and is still alive).  allocations_before counts
the allocations STATEMENT makes before it reaches a C function (gdb reads
_testcapi's counter), to start the search there when thousands come
first (a module's initialisation).  crash_under_gdb makes a call fail
under gdb ("return (void *) 0") where no allocation fault reaches it:
OpenSSL's own allocations, a tuple a free list spares.

ENV, where a function takes it, is a dict of variables added to the
child's environment.  Without gdb, the functions that need it exit 2
(crash_without_fault then counts the crash, its backtrace unchecked)."""
import os
import re
import shutil
import subprocess
import sys

_CHILD = r'''
import sys, _testcapi
exec(compile(sys.argv[1], "<setup>", "exec"))
code = compile(sys.argv[2], "<statement>", "exec")
n = int(sys.argv[3])
if n >= 0:
    _testcapi.set_nomemory(n, n + 1)
try:
    exec(code)
except BaseException:
    pass
if n >= 0:
    _testcapi.remove_mem_hooks()
'''


def _environ(env):
    return dict(os.environ, **(env or {}))


def _run(setup, statement, n, timeout=60, env=None):
    """Run one child; return its exit status (negative: killed by that signal).
    N < 0: no fault."""
    p = subprocess.run([sys.executable, "-c", _CHILD, setup, statement, str(n)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, env=_environ(env))
    return p.returncode


def under_gdb(setup, statement, n, before=(), after=("bt 30",), timeout=120,
              env=None):
    """Run the child with fault N (-1: none) under gdb: the gdb commands
    BEFORE (breakpoints; pending ones are allowed) before "run", AFTER
    once it stops (at a signal or a breakpoint).  gdb's output (a string,
    empty without gdb)."""
    gdb = shutil.which("gdb")
    if gdb is None:
        return ""
    args = [gdb, "-batch", "-nx", "-ex", "set breakpoint pending on",
            "-ex", "set confirm off"]
    for c in list(before) + ["run"] + list(after):
        args += ["-ex", c]
    p = subprocess.run(args + ["--args", sys.executable, "-c", _CHILD, setup,
                               statement, str(n)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, text=True, timeout=timeout,
                       env=dict(_environ(env), PYTHONFAULTHANDLER=""))
    return p.stdout


def backtrace(setup, statement, n, timeout=120, env=None):
    """The C backtrace of the child run with fault N, from gdb (a string)."""
    return under_gdb(setup, statement, n, timeout=timeout, env=env)


# _testcapi's fault counter: static struct { int start, stop; Py_ssize_t
# count; } FmData (CPython 3.11 and 3.12).
_COUNT = "printf \"FAULTS %d %ld\\n\", *(int *) &FmData, *(long *) ((char *) &FmData + 8)"
_NEVER = 2 ** 31 - 2


def allocations_before(setup, statement, location, env=None, first=None):
    """How many allocations STATEMENT makes before it first reaches the gdb
    breakpoint LOCATION (a function name, optionally with "if CONDITION"):
    the fault number that fails the first allocation after that point.
    With FIRST (another location), LOCATION is only set once FIRST is
    reached, so that its condition can name symbols of a library loaded
    by then.  Counted by _testcapi's own counter (a fault set beyond
    reach), read with gdb (it needs _testcapi's symbol FmData).  None if
    the breakpoint is not reached; exit 2 if _testcapi is stripped."""
    _need_gdb()
    # Only once the counter runs: SETUP may pass there too.
    armed = "*(int *) &FmData == %d" % _NEVER

    def breakpoint(location):
        where, _, cond = location.partition(" if ")
        return "break %s if %s" % (
            where, "(%s) && (%s)" % (armed, cond) if cond else armed)

    # The conditions name FmData: set the breakpoints once _testcapi is
    # loaded, at its set_nomemory.
    after = []
    for where in ([first] if first else []) + [location]:
        after += ["delete", breakpoint(where), "continue"]
    out = under_gdb(setup, statement, _NEVER, before=["break set_nomemory"],
                    after=after + [_COUNT, "kill"], env=env)
    if 'No symbol "FmData"' in out:
        print("_testcapi has no symbol FmData (stripped): the allocations "
              "cannot be counted")
        raise SystemExit(2)
    for l in out.splitlines():
        f = l.split()
        if len(f) == 3 and f[0] == "FAULTS" and f[1] == str(_NEVER):
            return int(f[2])
    return None


def _need_gdb():
    """Exit 2 (the environment is missing something) without gdb: a crash
    is only counted with its backtrace."""
    if shutil.which("gdb") is None:
        print("gdb is not installed: the crash's backtrace cannot be checked")
        raise SystemExit(2)


def _frames(bt):
    return [l for l in bt.splitlines() if l.startswith("#")]


def _names(function, line):
    """Whether the gdb frame LINE is in FUNCTION, or in a clone of it that
    gcc made (FUNCTION.constprop.0, .part.0, .isra.0, .cold)."""
    return re.search(r" %s(\.[a-z]+(\.\d+)?)* \(" % re.escape(function),
                     line) is not None


def _in(function, frames, via=None):
    """Whether FUNCTION is in the backtrace FRAMES and, if VIA (a tuple of
    names) is given, the frame it called (the one just inside it) is one
    of VIA: which call of FUNCTION crashed; VIA = (): the crash is in
    FUNCTION itself (frame #0), as when gcc inlined the call."""
    for i, l in enumerate(frames):
        if _names(function, l):
            if via is None:
                return True
            if not via and i == 0:
                return True
            if i > 0 and any(_names(f, frames[i - 1]) for f in via):
                return True
    return False


def crash_under_nomemory(setup, statement, function, limit=300, via=None,
                         start=0, env=None, after=(), expect=None):
    """The first fault number N in [START, LIMIT) at which STATEMENT crashes
    in FUNCTION (a C function name that must be in the crash's backtrace;
    VIA, if given, the names one of which the frame FUNCTION called must
    have, () for FUNCTION itself), and that backtrace (with the output of
    the gdb commands AFTER, which must contain EXPECT if given); (None,
    why) if no such N."""
    _need_gdb()
    seen = []
    for n in range(start, limit):
        status = _run(setup, statement, n, env=env)
        if status >= 0:
            continue
        out = under_gdb(setup, statement, n, after=["bt 30"] + list(after),
                        env=env)
        frames = _frames(out)
        extra = out[out.index(frames[-1]) + len(frames[-1]):].strip() \
            if after and frames else ""
        if _in(function, frames, via) and (expect is None or expect in extra):
            return n, "\n".join(frames[:8] + ([extra] if extra else []))
        seen.append("fault %d: signal %d elsewhere" % (n, -status))
        if len(seen) > 5:
            break
    return None, "; ".join(seen) or "no crash in faults %d to %d" % (
        start, limit - 1)


_MEASURE = r'''
import sys, gc, traceback, _testcapi
exec(compile(sys.argv[1], "<setup>", "exec"))
measure = compile(sys.argv[3], "<measure>", "eval")
code = compile(sys.argv[2], "<statement>", "exec")
n = int(sys.argv[4])
for _ in range(3):   # warm the caches, so that only the fault differs
    exec(code)
gc.collect()
before = eval(measure)
where = "-"
_testcapi.set_nomemory(n, n + 1)
try:
    exec(code)
except BaseException as e:
    _testcapi.remove_mem_hooks()
    tb = traceback.extract_tb(e.__traceback__)
    if tb:
        where = "%s:%s:%s:%s" % (type(e).__name__, tb[-1].filename,
                                 tb[-1].lineno, tb[-1].name)
_testcapi.remove_mem_hooks()
gc.collect()
print(where)
print(eval(measure) - before)
'''


def changes_under_nomemory(setup, statement, measure, limit=300, sign=1,
                           where=None):
    """The first fault number N in [0, LIMIT) after which the integer
    expression MEASURE (say, sys.getrefcount of an object the statement
    uses) has moved in the direction of SIGN (1: grown, -1: shrunk) from
    its value before STATEMENT ran, and by how much; (None, 0) if none.
    STATEMENT must leave MEASURE unchanged when no allocation fails (it is
    run three times first).  With WHERE, a string, only a fault whose
    exception's innermost traceback entry
    ("Exception:file:line:function", Cython's entries included) contains
    WHERE counts: a change caused by a failure elsewhere does not show
    the bug the reproducer claims."""
    for n in range(limit):
        p = subprocess.run([sys.executable, "-c", _MEASURE, setup, statement,
                            measure, str(n)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True, timeout=60)
        try:
            at, change = p.stdout.split("\n")[-3:-1]
            change = int(change)
        except ValueError:
            continue
        if change * sign > 0 and (where is None or where in at):
            return n, change
    return None, 0


def grows_under_nomemory(setup, statement, measure, limit=300, where=None):
    """changes_under_nomemory for a MEASURE that grows (a leak)."""
    return changes_under_nomemory(setup, statement, measure, limit, 1, where)


def shrinks_under_nomemory(setup, statement, measure, limit=300, where=None):
    """changes_under_nomemory for a MEASURE that shrinks (a reference
    released twice)."""
    return changes_under_nomemory(setup, statement, measure, limit, -1, where)


def report_crash(what, setup, statement, function, limit=300, via=None,
                 start=0, env=None, after=(), expect=None):
    """Exit 0 (reproduced) if STATEMENT crashes in FUNCTION under one injected
    allocation failure, else 1."""
    n, how = crash_under_nomemory(setup, statement, function, limit, via,
                                  start, env, after, expect)
    if n is None:
        print("%s: not reproduced (%s)" % (what, how))
        raise SystemExit(1)
    print(how)
    print("%s: crashes in %s when allocation %d fails" % (what, function, n))
    raise SystemExit(0)


def crash_without_fault(setup, statement, function, env=None, via=None):
    """Run SETUP then STATEMENT in a child with no injected fault (a crash
    that needs only unusual input); return (signal, the top of the C
    backtrace) if the child dies of a signal with FUNCTION in its
    backtrace (having called one of VIA, if given; or without gdb, so
    that the backtrace is unknown), else (None, why)."""
    status = _run(setup, statement, -1, env=env)
    if status >= 0:
        return None, "no crash (exit status %d)" % status
    frames = _frames(backtrace(setup, statement, -1, env=env))
    if not frames and shutil.which("gdb") is None:
        return -status, "(no gdb: backtrace not checked)"
    if not _in(function, frames, via):
        return None, "signal %d, not in %s%s: %s" % (
            -status, function, " calling %s" % "/".join(via) if via else "",
            " | ".join(frames[:4]))
    return -status, "\n".join(frames[:8])


def report_crash_without_fault(what, setup, statement, function, env=None,
                               via=None):
    """Exit 0 (reproduced) if STATEMENT crashes in FUNCTION, else 1."""
    sig, how = crash_without_fault(setup, statement, function, env, via)
    if sig is None:
        print("%s: not reproduced (%s)" % (what, how))
        raise SystemExit(1)
    print(how)
    print("%s: crashes in %s (signal %d)" % (what, function, sig))
    raise SystemExit(0)


_CHECK = r'''
import sys, gc, _testcapi
exec(compile(sys.argv[1], "<setup>", "exec"))
code = compile(sys.argv[2], "<statement>", "exec")
check = compile(sys.argv[3], "<check>", "eval")
n = int(sys.argv[4])
error = None
_testcapi.set_nomemory(n, n + 1)
try:
    exec(code)
except BaseException as e:
    _testcapi.remove_mem_hooks()
    error = "%s: %s" % (type(e).__name__, e)
    del e
_testcapi.remove_mem_hooks()
gc.collect()
value = eval(check)
print(repr(value))
print("HIT" if value else "MISS")
'''


def first_fault(setup, statement, check, limit=300, start=0, env=None):
    """The first fault number N in [START, LIMIT) after which the Python
    expression CHECK is true, and repr of its value; (None, None) if none.
    CHECK is evaluated after the fault hook is removed and a garbage
    collection, in the namespace of SETUP and STATEMENT, with ERROR bound
    to "Type: message" of the exception STATEMENT raised (None if none).
    Children killed by a signal are skipped.  The children run a few at
    a time, as many as there are processors."""
    from concurrent.futures import ThreadPoolExecutor

    def one(n):
        p = subprocess.run([sys.executable, "-c", _CHECK, setup, statement,
                            check, str(n)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True, timeout=60, env=_environ(env))
        lines = p.stdout.splitlines()
        if p.returncode == 0 and lines and lines[-1] == "HIT":
            return lines[-2]
        return None

    jobs = max(1, os.cpu_count() or 1)
    with ThreadPoolExecutor(jobs) as pool:
        for first in range(start, limit, 4 * jobs):
            ns = range(first, min(limit, first + 4 * jobs))
            for n, value in zip(ns, pool.map(one, ns)):
                if value is not None:
                    return n, value
    return None, None


def crash_under_gdb(setup, statement, function, before, then, via=None,
                    env=None):
    """(signal, backtrace) if STATEMENT, run under gdb with the commands
    BEFORE (breakpoints) and THEN (once stopped there: say, "return (void
    *) 0" to make a call fail as it does when its allocation fails, and
    "continue"), crashes in FUNCTION (VIA as for crash_under_nomemory);
    (None, why) if not.  For the failures _testcapi.set_nomemory cannot
    cause: OpenSSL's allocations, an allocation a free list spares."""
    _need_gdb()
    out = under_gdb(setup, statement, -1, before=before,
                    after=list(then) + ["bt 30"], env=env)
    frames = _frames(out)
    sig = re.search(r"Program received signal (\w+)", out)
    if sig is None:
        return None, "no crash: %s" % (out.strip().splitlines() or [""])[-1]
    if not _in(function, frames, via):
        return None, "%s, not in %s%s: %s" % (
            sig.group(1), function,
            " calling %s" % "/".join(via) if via else "",
            " | ".join(frames[:4]))
    return sig.group(1), "\n".join(frames[:8])
