"""cytoolz 1.2.0 (Cython 3.3.1 runtime) cytoolz/itertoolz.c,
__Pyx__UpdateUnpickledDict: unpickling a cdef class instance takes a
reference to the state's __dict__ element ('state_dict') and returns -1
without releasing it when PyObject_IsTrue (state_dict) raises.  Shown with
cytoolz.itertoolz.__pyx_unpickle__getter_null (what pickle calls for a
_getter_null) given a state whose __dict__ element has a __bool__ that
raises: 1000 calls raise ValueError and the element's reference count
grows by 1000 (0 on a runtime that releases it)."""
from _probe import require

require("cytoolz")

from _cython import bare_package, report_growth, unpickled_dict_leak

bare_package("cytoolz")
from cytoolz import itertoolz

report_growth("cytoolz.itertoolz.__pyx_unpickle__getter_null with a state whose __bool__ raises",
              unpickled_dict_leak(itertoolz._getter_null(), 1000), 1000,
              "the state element's reference count after 1000 calls")
