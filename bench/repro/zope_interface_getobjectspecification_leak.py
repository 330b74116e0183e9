"""zope.interface 8.7 src/zope/interface/_zope_interface_coptimizations.c:2417:
getObjectSpecification leaks the object's __provides__ when it is not a
SpecificationBase (PyObject_IsInstance returns 0) or when the check fails."""
from _probe import require

require("zope.interface")

from _probe import leaked, report
from zope.interface import _zope_interface_coptimizations as c


class Provides:
    @property
    def __provides__(self):
        return []  # a new list at each call: the leaked reference


ob = Provides()
report("getObjectSpecification", leaked(lambda: c.getObjectSpecification(ob), list))
