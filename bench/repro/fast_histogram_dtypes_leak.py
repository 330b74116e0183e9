"""fast-histogram 0.14 fast_histogram/_histogram_core.c:204 (and :677, :827):
_histogram2d and the weighted variants take references to the float64
descriptor (PyArray_DescrFromType, in the initialiser of 'dtypes[]') and
never release them, on any path: each call leaks two or three references
to np.dtype('float64'), and more when the arguments are wrong."""
from _probe import require

require("fast-histogram")

import sys

import numpy as np
from fast_histogram import _histogram_core as core

f8 = np.dtype(np.float64)
x = np.arange(10, dtype=np.float64)
n = 1000
before = sys.getrefcount(f8)
for _ in range(n):
    core._histogram2d(x, x, 5, 0.0, 10.0, 5, 0.0, 10.0)
extra = sys.getrefcount(f8) - before
print("_histogram2d: %d references to float64 leaked in %d calls" % (extra, n))
raise SystemExit(0 if extra >= 2 * n else 1)
