"""PyYAML 6.0.3 (Cython 3.3.1 runtime) yaml/_yaml.c,
__Pyx__UpdateUnpickledDict: unpickling a cdef class instance takes a
reference to the state's __dict__ element ('state_dict') and returns -1
without releasing it when PyObject_IsTrue (state_dict) raises.  Shown with
yaml._yaml.__pyx_unpickle_Mark (what pickle calls for a yaml._yaml.Mark)
given a Mark's state whose __dict__ element (index 6) has a __bool__ that
raises: 1000 calls raise ValueError and the element's reference count
grows by 1000 (0 on a runtime that releases it)."""
from _probe import require

require("pyyaml")

from _cython import report_growth, unpickled_dict_leak
from yaml import _yaml

mark = _yaml.Mark("name", 1, 2, 3, "buffer", 0)
report_growth("yaml._yaml.__pyx_unpickle_Mark with a state whose __bool__ raises",
              unpickled_dict_leak(mark, 1000), 1000,
              "the state element's reference count after 1000 calls")
