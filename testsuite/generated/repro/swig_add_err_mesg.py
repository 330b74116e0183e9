"""SWIG 4.1.0 runtime, SWIG_Python_AddErrMesg (example_wrap.c), reached
through SWIG_arg_fail (SWIG_Python_ArgFail) in example.i's typemap for
gcd's 'int b': with an exception pending, it PyErr_Fetch'es type, value
and traceback, Py_XINCREFs type, raises a new exception of that type
("argument number 2:" in front of the old message) and releases only
old_str, so each call leaks the type twice and the value and the
traceback once (fixed: none).  When str (value) raises, PyObject_Str
returns NULL and old_str is used unchecked: the crash comes in
SWIG_Python_str_AsChar (PyUnicode_AsUTF8 (NULL)), before the Py_DECREF
(old_str) the finding names.  Measured: in 1000 calls of example.gcd (4,
Bad ()), where Bad's __index__ raises E, the growth of E's refcount
besides the leaked instances, the E instances and the tracebacks of
__index__ still alive; and the crash with an exception whose __str__
raises."""
import _faults
import _work
from _work import Bad

_work.require("_example")
import example

n = 1000
types, values, tbs = _work.error_leaks(lambda: example.gcd(4, Bad()), n)
leaks = types >= 2 * n and values >= n and tbs >= n
sig, how = _faults.crash_without_fault(
    _work.PRELUDE + "import example\n" + _work.ERRORS,
    "example.gcd(4, BadStr())", "SWIG_Python_AddErrMesg",
    via=("SWIG_Python_str_AsChar", "Py_DECREF"))
print(how)
print("SWIG_Python_AddErrMesg: in %d calls, type +%d, value +%d, traceback "
      "+%d (%s); when str (value) raises: %s" % (
          n, types, values, tbs, "leaks" if leaks else "no leak",
          "signal %d" % sig if sig else "no crash"))
raise SystemExit(0 if leaks and sig else 1)
