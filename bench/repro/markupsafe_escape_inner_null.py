"""markupsafe 3.0.4 src/markupsafe/_speedups.c:155: escape_unicode returns
NULL without an exception when given a non-str, so the interpreter raises
SystemError instead of a TypeError."""
from _probe import require

require("markupsafe")

from markupsafe._speedups import _escape_inner

try:
    _escape_inner(1)
except SystemError as e:
    print("SystemError: %s" % e)
    raise SystemExit(0)
except TypeError:
    pass
print("no SystemError")
raise SystemExit(1)
