"""SWIG 4.1.0 module initialisation, PyInit__example (example_wrap.c):
after PyModule_Create, 'globals = SWIG_globals (); if (!globals) {
PyErr_SetString (PyExc_TypeError, "Failure to create SWIG globals.");
return NULL; }' returns without releasing the module m.  SWIG_globals
fails when its varlink object cannot be allocated.  Measured: loading
_example (_imp.create_dynamic, the import system's loader) with one
allocation failing (_testcapi.set_nomemory, about 500 faults to try: the
import of swig_runtime_data4 comes first), the first fault that makes it
raise that TypeError, after which a module object named _example is still
alive after a garbage collection, held by its own functions and the
leaked reference (fixed: Py_DECREF (m) frees it, with its dict and
functions).  The TypeError matters: a module returned with an exception
set (a failure SWIG ignores, then SystemError "initialization of _example
raised unreported exception") is leaked by CPython 3.11's own loader."""
import _faults
import _work

_work.require("_example")
setup = _work.PRELUDE + '''import gc, _imp, importlib.util
spec = importlib.util.find_spec("_example")
Module = type(sys)
'''
statement = "_imp.create_dynamic(spec)"
check = ('error == "TypeError: Failure to create SWIG globals." and '
         '[sys.getrefcount(o) - 1 for o in gc.get_objects() '
         'if type(o) is Module and o.__name__ == "_example"]')
n, refs = _faults.first_fault(setup, statement, check, limit=2000)
if n is None:
    print("PyInit__example: no fault made it fail in SWIG_globals with the "
          "module leaked")
    raise SystemExit(1)
print("PyInit__example: allocation %d failing raises 'TypeError: Failure to "
      "create SWIG globals.' and the module _example stays alive (%s "
      "references)" % (n, refs.strip("[]")))
raise SystemExit(0)
