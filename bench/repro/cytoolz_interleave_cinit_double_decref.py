"""cytoolz 1.2.0 cytoolz/itertoolz.c:11362 (Cython 3.3.1 runtime),
interleave.__cinit__: 'self.iters = [iter(seq) for seq in seqs]' appends
each iterator with __Pyx_ListComp_AppendAndDecref, which releases it even
when PyList_Append fails, and the error path then releases __pyx_t_5 (the
same iterator) again, as it is reset only after the check: one
Py_DECREF too many when the list cannot grow (MemoryError).  Shown with
_testcapi.set_nomemory (bench/repro/_faults.py) on interleave([it]), where
it = iter([]) is its own iterator: when the allocation that grows the list
fails (MemoryError at itertoolz.pyx:351 in interleave.__cinit__),
sys.getrefcount(it) is 1 lower after the call than before, a reference
released that interleave never owned (unchanged on a fixed runtime)."""
from _probe import require

require("cytoolz")

from _cython import BARE_PACKAGE
from _faults import shrinks_under_nomemory

SETUP = BARE_PACKAGE + r'''
_bare("cytoolz")
from cytoolz.itertoolz import interleave
it = iter([])
seqs = [it]
'''
WHERE = "MemoryError:cytoolz/itertoolz.pyx:351:cytoolz.itertoolz.interleave.__cinit__"

n, change = shrinks_under_nomemory(SETUP, "interleave(seqs)", "sys.getrefcount(it)",
                                   limit=40, where=WHERE)
if n is None:
    print("interleave([it]) under one failed allocation: sys.getrefcount(it) "
          "never lower after a MemoryError in interleave.__cinit__")
    raise SystemExit(1)
print("interleave([it]) when allocation %d fails (MemoryError in "
      "interleave.__cinit__, itertoolz.pyx:351): sys.getrefcount(it) %+d, "
      "a reference released twice" % (n, change))
