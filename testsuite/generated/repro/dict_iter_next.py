"""Cython 0.29.32, __Pyx_dict_iter_next (containers.c, from containers.pyx's
merge): for k, v in x.items() over a non-dict whose items are 3-tuples
calls __Pyx_unpack_tuple2 with decref_tuple = 1, and its 'tuple of the
wrong length' branch raises ValueError without releasing the tuple: one
reference leaked per call.  Measured: sys.getrefcount of the tuple after
1000 calls (fixed: +0)."""
import sys

import _work

_work.require("containers")
import containers

t = (1, 2, 3)


class N:
    def items(self):
        return iter([t])


n = 1000
before = sys.getrefcount(t)
for _ in range(n):
    try:
        containers.merge(N(), {})
    except ValueError:
        pass
grown = sys.getrefcount(t) - before
print("__Pyx_dict_iter_next: the tuple's refcount grew by %d in %d calls" % (grown, n))
raise SystemExit(0 if grown >= n else 1)
