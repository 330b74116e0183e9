"""m2crypto 0.46.2, bio_new_pyfile (src/SWIG/_bio.i, _m2crypto_wrap.c:5559),
behind M2Crypto.BIO.File: when BIO_new_fp fails it builds its error
message from pyname = m2_PyFile_Name (pyfile), PyObject_GetAttrString
(pyfile, "name"), NULL for a file object without a name, then calls
PyBytes_AsString (NULL) and Py_DECREF (NULL): a crash.  BIO_new_fp fails
only when OpenSSL's allocation fails, which _testcapi.set_nomemory cannot
cause (OpenSSL allocates with malloc), so under gdb BIO_new_fp returns
NULL as it does then.  Measured: the crash of m2.bio_new_pyfile (f,
bio_noclose), f an object with fileno () and no name, in PyBytes_AsString
called by bio_new_pyfile; and, as a control, no crash for the same
object with a name."""
from _probe import require

require("M2Crypto")

import _faults

SETUP = '''import os
from M2Crypto import m2
class NoName:
    def __init__(self):
        self.fd = os.open(os.devnull, os.O_RDONLY)
    def fileno(self):
        return self.fd
class Named(NoName):
    name = b"/dev/null"
'''
FAIL = ["return (void *) 0", "continue"]

sig, how = _faults.crash_under_gdb(
    SETUP, "m2.bio_new_pyfile(Named(), m2.bio_noclose)", "bio_new_pyfile",
    ["break BIO_new_fp"], FAIL)
if sig is not None:
    print("control: a file object with a name crashes too (%s)" % how)
    raise SystemExit(1)
sig, how = _faults.crash_under_gdb(
    SETUP, "m2.bio_new_pyfile(NoName(), m2.bio_noclose)", "bio_new_pyfile",
    ["break BIO_new_fp"], FAIL, via=("PyBytes_AsString", "Py_DECREF"))
print(how)
if sig is None:
    print("bio_new_pyfile with BIO_new_fp failing: not reproduced")
    raise SystemExit(1)
print("bio_new_pyfile: %s in PyBytes_AsString (NULL) when BIO_new_fp fails "
      "for a file object without a name (control: none with a name)" % sig)
