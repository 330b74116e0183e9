"""m2crypto 0.46.2, M2Crypto's out typemap for int (src/SWIG/_lib.i:644,
in every _wrap_* function returning int in _m2crypto_wrap.c):
'resultobj = PyLong_FromLong (result); if (PyErr_Occurred ()) SWIG_fail;'
leaks resultobj when the wrapped function set an exception and returned
a value, as bio_write does ('return -1' after
m2_PyObject_GetBufferInt raised TypeError).  -1 is a cached small int,
so the leak is a reference to it per call, harmless in practice.  (The
two wrappers pyrefcheck reports, _wrap_asn1_string_set :28429 and
_wrap_x509_name_entry_set_data :25645, call OpenSSL functions that set
no Python exception: there the leak needs an exception pending on
entry.  _wrap_bio_write, shown here, is not reported.)
Measured: sys.getrefcount (-1) after 1000 calls of
BIO.MemoryBuffer ().write (12345) (each raises TypeError)."""
from _probe import require

require("M2Crypto")

import sys

from M2Crypto import BIO

buf = BIO.MemoryBuffer()
n = 1000
before = sys.getrefcount(-1)
for _ in range(n):
    try:
        buf.write(12345)
    except TypeError:
        pass
grown = sys.getrefcount(-1) - before
print("out typemap (bio_write): the refcount of -1 grew by %d in %d calls "
      "that raised TypeError" % (grown, n))
raise SystemExit(0 if grown >= n else 1)
