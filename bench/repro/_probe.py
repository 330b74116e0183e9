"""Helpers for the reproducers: count objects that a call leaks."""
import gc


def count(typ):
    """The number of live, GC-tracked objects of exactly type TYP."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is typ)


def leaked(call, typ, n=1000):
    """Call CALL N times (ignoring the exceptions it raises); return how many
    more objects of type TYP are alive afterwards."""
    before = count(typ)
    for _ in range(n):
        try:
            call()
        except Exception:
            pass
    return count(typ) - before


def report(what, extra, n=1000, at_least=None):
    """Exit 0 (reproduced) if EXTRA objects leaked in N calls, else 1."""
    need = n if at_least is None else at_least
    if extra >= need:
        print("%s: %d objects leaked in %d calls" % (what, extra, n))
        raise SystemExit(0)
    print("%s: only %d objects leaked in %d calls" % (what, extra, n))
    raise SystemExit(1)


def require(dist):
    """Exit 2 unless the distribution DIST is installed in this environment
    (the wheel bench/corpus built), not picked up from elsewhere."""
    import importlib.metadata
    import os
    import sys
    try:
        d = importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        print("%s is not installed: run bench/corpus first" % dist)
        raise SystemExit(2)
    where = os.path.realpath(str(d.locate_file("")))
    if not where.startswith(os.path.realpath(sys.prefix)):
        print("%s comes from %s, not from the wheel bench/corpus built" % (dist, where))
        raise SystemExit(2)


# Setup code for the _faults children: SPEC, the spec of M2Crypto's
# extension module alone, to load it with "_imp.create_dynamic (spec)"
# (its PyInit under injected faults) without running the package.
M2CRYPTO_EXTENSION_SPEC = '''import _imp, importlib.util, os
where = importlib.util.find_spec("M2Crypto").submodule_search_locations[0]
so = [f for f in os.listdir(where)
      if f.startswith("_m2crypto.") and f.endswith(".so")][0]
spec = importlib.util.spec_from_file_location("M2Crypto._m2crypto",
                                              os.path.join(where, so))
'''
