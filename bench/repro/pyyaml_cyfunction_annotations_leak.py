"""PyYAML 6.0.3 (Cython 3.3.1 runtime) yaml/_yaml.c,
__Pyx_CyFunction_get_annotations: reading a cyfunction's __annotations__
when it has an __annotate__ creates 'format = PyLong_FromLong (1)' and
releases it only when Py_EnterRecursiveCall succeeds, so each read at the
recursion limit leaks a reference to the int 1.  Shown on
yaml._yaml.get_version (a cyfunction), read at the recursion limit 200
times: sys.getrefcount(1) grows by 200 (0 on a runtime that releases
'format' on both paths)."""
from _probe import require

require("pyyaml")

from _cython import annotations_leak, report_growth
from yaml import _yaml

report_growth("yaml._yaml.get_version.__annotations__ at the recursion limit",
              annotations_leak(_yaml.get_version, 200), 200,
              "sys.getrefcount(1) after 200 reads")
