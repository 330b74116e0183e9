"""cytoolz 1.2.0 cytoolz/itertoolz.c:11829, interleave.__next__
(cytoolz's own itertoolz.pyx:398): the item obj = PtrIter_Next (val) is a
raw PyObject * holding a new reference, and 'PyList_Append
(self.newiters, val)' raises before obj is released: the item leaks when
the list cannot grow (MemoryError).  Shown with _testcapi.set_nomemory
(bench/repro/_faults.py) on next(interleave([[x]])): when the allocation
that grows self.newiters fails (MemoryError at itertoolz.pyx:398 in
interleave.__next__), sys.getrefcount(x) is 1 higher after the call than
before (unchanged on a fixed interleave)."""
from _probe import require

require("cytoolz")

from _cython import BARE_PACKAGE
from _faults import grows_under_nomemory

SETUP = BARE_PACKAGE + r'''
_bare("cytoolz")
from cytoolz.itertoolz import interleave
x = object()
seqs = [[x]]
'''
WHERE = "MemoryError:cytoolz/itertoolz.pyx:398:cytoolz.itertoolz.interleave.__next__"

n, change = grows_under_nomemory(SETUP, "next(interleave(seqs))", "sys.getrefcount(x)",
                                 limit=40, where=WHERE)
if n is None:
    print("next(interleave([[x]])) under one failed allocation: "
          "sys.getrefcount(x) never higher after a MemoryError in interleave.__next__")
    raise SystemExit(1)
print("next(interleave([[x]])) when allocation %d fails (MemoryError in "
      "interleave.__next__, itertoolz.pyx:398): sys.getrefcount(x) %+d, "
      "the item leaked" % (n, change))
