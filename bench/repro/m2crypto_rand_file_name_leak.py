"""m2crypto 0.46.2, rand_file_name (src/SWIG/_rand.i, _m2crypto_wrap.c:6283):
obj = PyBytes_FromStringAndSize (NULL, BUFSIZ) is not released when
RAND_file_name fails: 'PyErr_SetString (PyExc_RuntimeError,
"rand_file_name"); return NULL;'.  RAND_file_name fails when neither
RANDFILE nor HOME is set (or they are too long).  Measured: the memory
tracemalloc counts as still allocated after 1000 calls of
M2Crypto.Rand.rand_file_name () with RANDFILE unset and HOME empty (each
raises RuntimeError): a BUFSIZ (8192) bytes object leaked per call."""
from _probe import require

require("M2Crypto")

import os
import tracemalloc

os.environ.pop("RANDFILE", None)
os.environ["HOME"] = ""

from M2Crypto import Rand

try:
    Rand.rand_file_name()
    print("rand_file_name: no RuntimeError with HOME empty (not the bug)")
    raise SystemExit(1)
except RuntimeError:
    pass
n = 1000
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
for _ in range(n):
    try:
        Rand.rand_file_name()
    except RuntimeError:
        pass
grown = tracemalloc.get_traced_memory()[0] - before
print("rand_file_name: %d bytes still allocated after %d failed calls "
      "(%.0f per call)" % (grown, n, grown / n))
raise SystemExit(0 if grown >= 8192 * n else 1)
