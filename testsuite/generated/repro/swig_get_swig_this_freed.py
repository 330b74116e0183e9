"""SWIG 4.1.0 runtime, SWIG_Python_GetSwigThis (example_wrap.c, Python 3,
where SWIG_PYTHON_SLOW_GETSET_THIS is defined): 'obj = PyObject_GetAttr
(pyobj, SWIG_This ()); Py_DECREF (obj);' and then 'SwigPyObject_Check
(obj)' and 'return (SwigPyObject *) obj' to SWIG_Python_ConvertPtrAndOwn,
which reads it.  That is safe when the instance's __dict__ holds 'this'
(the proxy classes), a use after free when 'this' is a property that
returns a new SwigPyObject: the Py_DECREF frees it.  Under
PYTHONMALLOC=debug, which fills freed memory with 0xDD, SwigPyObject_Check
reads the freed object's type as 0xDDDD... and crashes; without it, the
memory is reused at once here and it crashes one call later (the recursive
SWIG_Python_GetSwigThis on what it took for another object).  Measured:
the crash of example.format_point (Fresh ()), Fresh's 'this' property
returning a new _example.make_point (1.5, 2.5), in SwigPyObject_Check
called by SWIG_Python_GetSwigThis (fixed, keeping the reference until the
pointer is read: 'p(1.5, 2.5)')."""
import _faults
import _work

_work.require("_example")
_faults.report_crash_without_fault(
    "SWIG_Python_GetSwigThis",
    _work.PRELUDE + '''import example, _example
class Fresh:
    __slots__ = ()
    @property
    def this(self):
        return _example.make_point(1.5, 2.5)
''', "print(example.format_point(Fresh()))", "SWIG_Python_GetSwigThis",
    env={"PYTHONMALLOC": "debug"}, via=("SwigPyObject_Check",))
