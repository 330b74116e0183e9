"""SWIG 4.1.0 runtime, SWIG_Python_AddErrorMsg (example_wrap.c), reached
through example.i's typemap for sum_array's 'int n' (pycontainer.swg's
C++ sequences call it the same way): with an exception pending, it
PyErr_Fetch'es type, value and traceback, Py_XINCREFs type, raises a new
exception of that type (the message appended) and releases old_str and
value, not type and traceback: each call leaks the type twice and the
traceback once (fixed: none; the value is released here).  When
str (value) raises, PyObject_Str returns NULL and old_str is used
unchecked: the crash comes in SWIG_Python_str_AsChar (PyUnicode_AsUTF8
(NULL)), before the Py_DECREF (old_str) the finding names.  Measured: in
1000 calls of example.sum_array (a, Bad ()), where Bad's __index__ raises
E, the growth of E's refcount besides the leaked instances, the E
instances and the tracebacks of __index__ still alive; and the crash with
an exception whose __str__ raises."""
import _faults
import _work
from _work import Bad

_work.require("_example")
import example

n = 1000
a = example.new_double_array(2)
types, values, tbs = _work.error_leaks(lambda: example.sum_array(a, Bad()), n)
leaks = types >= 2 * n and tbs >= n
sig, how = _faults.crash_without_fault(
    _work.PRELUDE + "import example\n" + _work.ERRORS,
    "example.sum_array(example.new_double_array(2), BadStr())",
    "SWIG_Python_AddErrorMsg", via=("SWIG_Python_str_AsChar", "Py_DECREF"))
print(how)
print("SWIG_Python_AddErrorMsg: in %d calls, type +%d, value +%d, traceback "
      "+%d (%s); when str (value) raises: %s" % (
          n, types, values, tbs, "leaks" if leaks else "no leak",
          "signal %d" % sig if sig else "no crash"))
raise SystemExit(0 if leaks and sig else 1)
