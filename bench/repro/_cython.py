"""Helpers for the reproducers of bugs in Cython-generated modules
(cytoolz, msgpack, PyYAML): in the runtime code Cython 3 puts into every
module, and in the packages' own .pyx."""
import gc
import importlib.util
import sys
import types

# A package's setup for _faults' child processes (see bare_package).
BARE_PACKAGE = r'''
import importlib.util, sys, types
def _bare(name):
    spec = importlib.util.find_spec(name)
    pkg = types.ModuleType(name)
    pkg.__path__ = list(spec.submodule_search_locations)
    pkg.__file__ = spec.origin
    sys.modules[name] = pkg
'''


def bare_package(name):
    """Make the submodules of package NAME importable without running its
    __init__.py.  cytoolz's imports toolz, which the wheels bench/corpus
    installs with --no-deps do not bring; its extension modules need only
    the package object (itertoolz does 'from cytoolz import utils')."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None:
        print("%s is not an installed package" % name)
        raise SystemExit(2)
    pkg = types.ModuleType(name)
    pkg.__path__ = list(spec.submodule_search_locations)
    pkg.__file__ = spec.origin
    sys.modules[name] = pkg


def annotations_leak(func, rounds=200):
    """Read FUNC.__annotations__ (FUNC a Cython 3 cyfunction with an
    __annotate__ that raises, so that nothing is cached) at every depth of
    a recursion, down to the recursion limit, ROUNDS times.  At the limit,
    Py_EnterRecursiveCall fails in __Pyx_CyFunction_get_annotations after
    'format = PyLong_FromLong (1)', whose Py_DECREF is only on the path
    where it succeeded.  Returns the growth of sys.getrefcount (1): ROUNDS
    with the bug (small ints are not immortal before Python 3.12), 0
    without."""
    if sys.version_info >= (3, 12):
        print("Python %d.%d: small ints are immortal, their reference "
              "count cannot show the leak" % sys.version_info[:2])
        raise SystemExit(2)

    def annotate(fmt):
        raise ValueError("no annotations here")

    func.__annotate__ = annotate

    def deeper():
        try:
            func.__annotations__
        except (RecursionError, ValueError):
            pass
        deeper()

    # Free the garbage of the imports first: collecting it during the
    # loop would release references to 1 and hide some of the growth.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(1)
        for _ in range(rounds):
            try:
                deeper()
            except RecursionError:
                pass
        return sys.getrefcount(1) - before
    finally:
        gc.enable()


def report_growth(what, grown, expected, unit):
    """Exit 0 (reproduced) if GROWN reached EXPECTED, else 1."""
    if grown >= expected:
        print("%s: %s grew by %d (%d expected)" % (what, unit, grown, expected))
        raise SystemExit(0)
    print("%s: %s grew by only %d (%d expected)" % (what, unit, grown, expected))
    raise SystemExit(1)


class FalseRaises:
    """An object whose truth value cannot be computed."""

    def __bool__(self):
        raise ValueError("no truth value")


def unpickled_dict_leak(obj, n=1000):
    """Unpickle OBJ (an instance of a Cython cdef class with Cython's
    automatic pickling) N times from its own __reduce_cython__ () state,
    with a FalseRaises object appended where the instance __dict__ goes.
    __Pyx__UpdateUnpickledDict takes a reference to that element, and
    returns -1 without releasing it when PyObject_IsTrue raises.  Returns
    the growth of the element's reference count: N with the bug, 0
    without."""
    reduced = obj.__reduce_cython__()
    unpickle, args = reduced[0], reduced[1]
    cls, checksum = args[0], args[1]
    # (unpickle, (cls, checksum, state)), or (unpickle, (cls, checksum,
    # None), state) when the state goes to __setstate_cython__ later.
    state = args[2] if args[2] is not None else reduced[2]
    bad = FalseRaises()
    state = tuple(state) + (bad,)
    before = sys.getrefcount(bad)
    raised = 0
    for _ in range(n):
        try:
            unpickle(cls, checksum, state)
        except ValueError:
            raised += 1
    if raised != n:
        print("the unpickling raised ValueError %d times in %d" % (raised, n))
        raise SystemExit(1)
    return sys.getrefcount(bad) - before
