"""psutil 7.2.2 psutil/arch/linux/disk.c:29: psutil_disk_partitions creates
its result list before PyArg_ParseTuple and leaks it when the arguments
are wrong."""
from _probe import require

require("psutil")

from _probe import leaked, report
from psutil import _psutil_linux as cext

report("psutil_disk_partitions(1)", leaked(lambda: cext.disk_partitions(1), list))
