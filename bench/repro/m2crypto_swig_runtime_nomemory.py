"""m2crypto 0.46.2, SWIG 4 runtime in _m2crypto_wrap.c (-builtin), three
results used unchecked when one allocation fails (_testcapi.set_nomemory),
each shown by the crash's backtrace (the wheel has its static symbols):

- SWIG_Python_TypeQuery (:2790): key = PyUnicode_FromString (type)
  unchecked, PyDict_GetItem (cache, NULL) crashes.  Reached at every call
  of the wrappers whose typemap calls SWIG_TypeQuery ("X509_STORE_CTX *"),
  such as m2.x509_store_ctx_get_app_data.
- SWIG_Python_NewPointerObj (:2661): a builtin type's __init__ called on
  an object already initialised chains a new object, tp_alloc's result,
  and writes newobj->dict through it unchecked.  m2.BIO_PYFD_CTX ()'s
  second __init__ (), with tp_alloc failing, crashes in
  SWIG_Python_NewPointerObj itself.
- SwigPyBuiltin_AddPublicSymbol (:1154), inlined into PyInit__m2crypto:
  PyString_InternFromString unchecked, PyList_Append (seq, NULL) raises
  SystemError and Py_DECREF (NULL) crashes.  The fault is placed at the
  first public symbol's string: the allocations counted (gdb reads
  _testcapi's counter) up to PyInit__m2crypto's first PyList_Append; the
  crash must be in PyInit__m2crypto itself with that SystemError pending.

Measured: the fault number and the backtrace of each crash."""
from _probe import M2CRYPTO_EXTENSION_SPEC, require

require("M2Crypto")

import _faults

INIT_SETUP = M2CRYPTO_EXTENSION_SPEC
PENDING = 'printf "PENDING %s\\n", *(char **) ((long) PyErr_Occurred () + 24)'

results = []


def case(what, n, how):
    ok = n is not None
    print(how)
    print("%s: %s" % (what, "crashes when allocation %d fails" % n if ok
                      else "not reproduced"))
    results.append((what, ok))


n, how = _faults.crash_under_nomemory(
    "from M2Crypto import m2\n", "m2.x509_store_ctx_get_app_data(None)",
    "SWIG_Python_TypeQuery", limit=20, via=("PyDict_GetItem", "Py_DECREF"))
case("SWIG_Python_TypeQuery (x509_store_ctx_get_app_data)", n, how)

n, how = _faults.crash_under_nomemory(
    "from M2Crypto import m2\nctx = m2.BIO_PYFD_CTX()\n", "ctx.__init__()",
    "SWIG_Python_NewPointerObj", limit=20, via=())
case("SWIG_Python_NewPointerObj (BIO_PYFD_CTX.__init__ twice)", n, how)

statement = "_imp.create_dynamic(spec)"
first = _faults.allocations_before(
    INIT_SETUP, statement,
    "PyList_Append if *(long *) $sp > (long) &PyInit__m2crypto"
    " && *(long *) $sp < (long) &PyInit__m2crypto + 0x10000",
    first="PyInit__m2crypto")
if first is None:
    case("SwigPyBuiltin_AddPublicSymbol (PyInit__m2crypto)", None,
         "the allocations before PyInit__m2crypto's first PyList_Append "
         "could not be counted")
else:
    n, how = _faults.crash_under_nomemory(
        INIT_SETUP, statement, "PyInit__m2crypto", start=first - 3,
        limit=first + 1, via=(), after=[PENDING], expect="PENDING SystemError")
    case("SwigPyBuiltin_AddPublicSymbol (PyInit__m2crypto, SystemError "
         "from PyList_Append (seq, NULL) pending)", n, how)

failed = [w for w, ok in results if not ok]
print("SWIG runtime under one failed allocation: %d of %d crash as claimed%s"
      % (len(results) - len(failed), len(results),
         "" if not failed else " (not: %s)" % "; ".join(failed)))
raise SystemExit(1 if failed else 0)
