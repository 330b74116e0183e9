"""SWIG 4.1.0 runtime, SWIG_Python_TypeQuery (example_wrap.c): key =
PyUnicode_FromString (type) is used unchecked, in PyDict_GetItem (cache,
key) and Py_DECREF (key).  Reached once per process, by the first string
argument that is not a str (SWIG_AsCharPtrAndSize asks for the "_p_char"
descriptor, SWIG_pchar_descriptor): with that allocation failing,
PyDict_GetItem (cache, NULL) crashes.  Measured: the crash of
example.greeting (1) with one allocation failing (_testcapi.set_nomemory),
in PyDict_GetItem or Py_DECREF called by SWIG_Python_TypeQuery (fixed: a
MemoryError; but then the next fault crashes in SWIG_TypeQueryModule,
as SWIG_Python_TypeQuery does not check SWIG_GetModule's NULL either:
another bug, not the one this shows)."""
import _faults
import _work

_work.require("_example")
_faults.report_crash(
    "SWIG_Python_TypeQuery",
    _work.PRELUDE + "import example\n",
    "example.greeting(1)", "SWIG_Python_TypeQuery", limit=50,
    via=("PyDict_GetItem", "Py_DECREF"))
