"""Helpers for the reproducers of testsuite/generated/repro: they run
with check-generated.sh's work directory as the current directory, where
the generated modules were built (basics, containers, types and the SWIG
module example with its _example).  One of those is named types, like the
standard library's module, so the work directory goes at the end of
sys.path, in this process (on import) and in the children that _faults
starts (PRELUDE, to put before their setup code)."""
import os
import sys

PRELUDE = ("import os, sys\n"
           "sys.path = [p for p in sys.path if p not in ('', os.getcwd())]"
           " + [os.getcwd()]\n")
exec(PRELUDE)


def require(module):
    """Exit 2 unless MODULE was built in the current directory."""
    import importlib.util
    spec = importlib.util.find_spec(module)
    if spec is None or os.path.dirname(os.path.realpath(spec.origin or "")) \
            != os.path.realpath(os.getcwd()):
        print("%s is not built in %s: run testsuite/check-generated.sh"
              % (module, os.getcwd()))
        raise SystemExit(2)


# The SWIG runtime's SWIG_Python_AddErrMesg and SWIG_Python_AddErrorMsg,
# reached through example.i's typemaps: an argument whose __index__ raises
# E leaves an exception pending, with a traceback (the __index__ frame),
# when the typemap calls them (BadStr: an exception whose __str__ raises).
ERRORS = '''
class E(Exception):
    pass


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no str")


class Bad:
    error = E

    def __index__(self):
        raise self.error("bad")


class BadStr(Bad):
    error = Unprintable
'''
exec(ERRORS)


def error_leaks(call, n=1000):
    """Call CALL (which raises E) N times; return how much the reference
    count of the class E grew besides the leaked E instances (each holds
    a reference to its class), the number of E instances and of
    tracebacks of Bad.__index__ still alive."""
    import gc

    def alive():
        gc.collect()
        objs = gc.get_objects()
        return (sum(1 for o in objs if type(o) is E),
                sum(1 for o in objs if type(o).__name__ == "traceback"
                    and o.tb_frame.f_code is Bad.__index__.__code__))

    for _ in range(3):  # warm up
        try:
            call()
        except E:
            pass
    refs, (values, tbs) = sys.getrefcount(E), alive()
    for _ in range(n):
        try:
            call()
        except E:
            pass
    values2, tbs2 = alive()
    return sys.getrefcount(E) - refs - (values2 - values), values2 - values, tbs2 - tbs
