"""m2crypto 0.46.2, ec_get_builtin_curves (src/SWIG/_ec.i, compiled into
_m2crypto_wrap.c:10096): PyDict_SetItemString (ret_dict, "NID",
PyLong_FromLong (...)) does not steal, so the int and the two strings of
every curve leak on every call."""
from _probe import require

require("M2Crypto")

import sys

from M2Crypto import m2

m2.ec_get_builtin_curves()  # warm up
n = 200
before = sys.getallocatedblocks()
for _ in range(n):
    m2.ec_get_builtin_curves()
extra = sys.getallocatedblocks() - before
curves = len(m2.ec_get_builtin_curves())
print("ec_get_builtin_curves: %d blocks leaked in %d calls (%d curves)" % (extra, n, curves))
raise SystemExit(0 if extra >= 2 * curves * n else 1)
