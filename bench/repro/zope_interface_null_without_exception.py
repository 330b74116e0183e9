"""zope.interface 8.7 src/zope/interface/_zope_interface_coptimizations.c:267
and :510: SpecificationBase.isOrExtends (SB_extends) and ClassProvidesBase.__get__ return
NULL without an exception when the object's _implied or _cls is unset, so
the interpreter raises SystemError."""
from _probe import require

require("zope.interface")

from zope.interface import _zope_interface_coptimizations as c

errors = 0
for what, call in (
        ("SpecificationBase().isOrExtends(None)",
         lambda: c.SpecificationBase().isOrExtends(None)),
        ("ClassProvidesBase().__get__(None, object)",
         lambda: c.ClassProvidesBase().__get__(None, object))):
    try:
        call()
    except SystemError as e:
        print("%s: SystemError: %s" % (what, e))
        errors += 1
    except Exception as e:
        print("%s: %s: %s" % (what, type(e).__name__, e))
raise SystemExit(0 if errors == 2 else 1)
