"""numpy-quaternion 2024.0.13 src/numpy_quaternion.c:392 and :403:
__reduce__ and __getstate__ build their result with
Py_BuildValue ("O(OOOO)", ..., PyFloat_FromDouble (...), ...); "O" takes
its own reference, so the four floats leak on every call ("N" is the
fix).  The leaked floats stay alive: the allocator's block count grows."""
from _probe import require

require("numpy-quaternion")

import sys

import numpy as np
import quaternion

q = np.quaternion(1.5, 2.5, 3.5, 4.5)
for _ in range(100):  # warm up caches and free lists
    q.__reduce__()
n = 10000
before = sys.getallocatedblocks()
for _ in range(n):
    q.__reduce__()
extra = sys.getallocatedblocks() - before
print("quaternion.__reduce__: %d blocks leaked in %d calls" % (extra, n))
raise SystemExit(0 if extra >= 4 * n * 0.9 else 1)
