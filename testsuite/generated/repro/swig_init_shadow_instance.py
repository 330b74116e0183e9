"""SWIG 4.1.0 runtime, SWIG_Python_InitShadowInstance (example_wrap.c),
behind _example.point_swiginit (the proxy class's __init__ calls it with a
new SwigPyObject): on an instance that already has its 'this', it calls
Py_DECREF (SwigPyObject_append (sthis, obj[1])), and SwigPyObject_append
returns NULL with a TypeError when its argument is not a SwigPyObject:
Py_DECREF (NULL) crashes.  Measured: the crash of
_example.point_swiginit (example.point (), 42), in the Py_DECREF that
SWIG_Python_InitShadowInstance calls (fixed: a TypeError)."""
import _faults
import _work

_work.require("_example")
_faults.report_crash_without_fault(
    "SWIG_Python_InitShadowInstance",
    _work.PRELUDE + "import example, _example\np = example.point()\n",
    "_example.point_swiginit(p, 42)", "SWIG_Python_InitShadowInstance",
    via=("Py_DECREF",))
