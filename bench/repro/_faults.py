"""Fault injection for the reproducers of bugs that need a failed memory
allocation (a result of PyList_New or PyUnicode_FromString used unchecked).

crash_under_nomemory runs SETUP, then STATEMENT with the Nth memory
allocation made during STATEMENT failing (CPython's
_testcapi.set_nomemory), each N in its own child process, and returns
the first N at which the child dies of a signal, with the C backtrace gdb
shows there.  A crash whose backtrace does not name the function the
finding is about is not counted: CPython itself has rare crashes under
injected faults, and a reproducer must show the bug it claims.

grows_under_nomemory and shrinks_under_nomemory (changes_under_nomemory)
find the fault after which an integer measure, such as the reference
count of an object the statement uses, has grown (a leak) or shrunk (a
reference released twice); given WHERE, only a fault whose exception was
raised there (the innermost traceback entry, Cython's included) counts.
crash_without_fault checks a crash that needs no fault, only unusual
input, in the same way as crash_under_nomemory."""
import os
import shutil
import subprocess
import sys

_CHILD = r'''
import sys, _testcapi
exec(compile(sys.argv[1], "<setup>", "exec"))
code = compile(sys.argv[2], "<statement>", "exec")
n = int(sys.argv[3])
if n >= 0:   # n < 0: no fault (crash_without_fault)
    _testcapi.set_nomemory(n, n + 1)
try:
    exec(code)
except BaseException:
    pass
_testcapi.remove_mem_hooks()
'''


def _run(setup, statement, n, timeout=60):
    """Run one child; return its exit status (negative: killed by that signal)."""
    p = subprocess.run([sys.executable, "-c", _CHILD, setup, statement, str(n)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout)
    return p.returncode


def backtrace(setup, statement, n, timeout=120):
    """The C backtrace of the child run with fault N, from gdb (a string)."""
    gdb = shutil.which("gdb")
    if gdb is None:
        return ""
    p = subprocess.run([gdb, "-batch", "-nx", "-ex", "run", "-ex", "bt 30",
                        "--args", sys.executable, "-c", _CHILD, setup,
                        statement, str(n)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, text=True, timeout=timeout,
                       env=dict(os.environ, PYTHONFAULTHANDLER=""))
    return p.stdout


def crash_under_nomemory(setup, statement, function, limit=300):
    """The first fault number N in [0, LIMIT) at which STATEMENT crashes in
    FUNCTION (a C function name that must be in the crash's backtrace),
    and that backtrace; (None, why) if no such N."""
    seen = []
    for n in range(limit):
        status = _run(setup, statement, n)
        if status >= 0:
            continue
        bt = backtrace(setup, statement, n)
        frames = [l for l in bt.splitlines() if l.startswith("#")]
        if any((" %s (" % function) in l for l in frames):
            return n, "\n".join(frames[:8])
        seen.append("fault %d: signal %d elsewhere" % (n, -status))
        if len(seen) > 5:
            break
    return None, "; ".join(seen) or "no crash in %d faults" % limit


def crash_without_fault(setup, statement, function):
    """Run SETUP then STATEMENT in a child with no injected fault (a crash
    that needs only unusual input); return (signal, the top of the C
    backtrace) if the child dies of a signal with FUNCTION in its
    backtrace (or without gdb, so that the backtrace is unknown),
    else (None, why)."""
    status = _run(setup, statement, -1)
    if status >= 0:
        return None, "no crash (exit status %d)" % status
    bt = backtrace(setup, statement, -1)
    frames = [l for l in bt.splitlines() if l.startswith("#")]
    if not frames and shutil.which("gdb") is None:
        return -status, "(no gdb: backtrace not checked)"
    if any((" %s (" % function) in l for l in frames):
        return -status, "\n".join(frames[:8])
    return None, "signal %d elsewhere: %s" % (-status, "; ".join(frames[:3]))


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


def report_crash(what, setup, statement, function, limit=300):
    """Exit 0 (reproduced) if STATEMENT crashes in FUNCTION under one injected
    allocation failure, else 1."""
    n, how = crash_under_nomemory(setup, statement, function, limit)
    if n is None:
        print("%s: not reproduced (%s)" % (what, how))
        raise SystemExit(1)
    print(how)
    print("%s: crashes in %s when allocation %d fails" % (what, function, n))
    raise SystemExit(0)
