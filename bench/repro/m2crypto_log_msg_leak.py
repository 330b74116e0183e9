"""m2crypto 0.46.2, log_msg (src/SWIG/_python_logging.i, compiled into
_m2crypto_wrap.c:4849-4861): each of its four branches calls
PyObject_CallMethod (logging, "info" / "warn" / "error" / "debug", ...)
and discards the new reference it returns, a leak per message.

log_msg is static and called nowhere in M2Crypto 0.46.2, so gcc drops it
from the wheel and no use of M2Crypto reaches it.  The reproducer takes
its code as it is, from the pinned sdist (python_logging.h and the %{ %}
block of _python_logging.i, which SWIG copies into the wrapper verbatim),
checks that the wrapper bench/corpus built has the same function,
compiles it into a small extension module that calls it, and logs
through a stand-in for the logging module whose methods return a new
object each time.  Measured: the objects left alive after N messages of
each level (a leak: N)."""
import os
import re
import sys

from _probe import built_source, build_extension, c_function, count, \
    sdist_member, workdir

ARCHIVE = "m2crypto-0.46.2.tar.gz"
header = sdist_member(ARCHIVE, "src/SWIG/python_logging.h")
interface = sdist_member(ARCHIVE, "src/SWIG/_python_logging.i")
block = re.search(r"^%\{\n(.*?)^%\}", interface, re.M | re.S)
if block is None or c_function(block.group(1), "log_msg") is None:
    print("no log_msg in the %{ %} block of _python_logging.i")
    raise SystemExit(2)
code = block.group(1)
wrapped = c_function(built_source("m2crypto-0.46.2",
                                  "src/SWIG/_m2crypto_wrap.c"), "log_msg")
if wrapped != c_function(code, "log_msg"):
    print("log_msg in _m2crypto_wrap.c differs from _python_logging.i's")
    raise SystemExit(2)

HARNESS = r'''
#include "python_logging.h"
%s
/* log_msg (level, "%%s", message), as M2Crypto's C code would call it.  */
static PyObject *
harness_log (PyObject *self, PyObject *args)
{
  int level;
  const char *message;
  if (!PyArg_ParseTuple (args, "is", &level, &message))
    return NULL;
  log_msg (level, "%%s", message);
  Py_RETURN_NONE;
}

static PyMethodDef harness_methods[] = {
  { "log", harness_log, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef harness_module = {
  PyModuleDef_HEAD_INIT, "m2crypto_log_msg", NULL, -1, harness_methods
};

PyMODINIT_FUNC
PyInit_m2crypto_log_msg (void)
{
  PyObject *m = PyModule_Create (&harness_module);
  if (m == NULL)
    return NULL;
  if (PyModule_AddIntConstant (m, "info", info) < 0
      || PyModule_AddIntConstant (m, "warning", warning) < 0
      || PyModule_AddIntConstant (m, "error", error) < 0
      || PyModule_AddIntConstant (m, "debug", debug) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
'''

work = workdir("m2crypto-log-msg-")
with open(os.path.join(work, "python_logging.h"), "w") as f:
    f.write(header)
c_file = os.path.join(work, "harness.c")
with open(c_file, "w") as f:
    f.write(HARNESS % code)
build_extension("m2crypto_log_msg", c_file, work, ["-I" + work])


# The stand-in for the logging module, imported by log_msg on its first
# call: each method returns a new Record (the real ones return None, whose
# leaked references are as real but harder to count).
class Record:
    pass


class Logging(type(sys)):
    def _log(self, message):
        return Record()

    info = warn = error = debug = _log


sys.modules["logging"] = Logging("logging")

import m2crypto_log_msg as h

n = 1000
leaks = {}
for level, method in (("info", "info"), ("warning", "warn"),
                      ("error", "error"), ("debug", "debug")):
    before = count(Record)
    for _ in range(n):
        h.log(getattr(h, level), "message")
    leaks[method] = count(Record) - before
print("; ".join("logging.%s: %d results leaked in %d messages"
                % (m, k, n) for m, k in leaks.items()))
raise SystemExit(0 if all(k >= n for k in leaks.values()) else 1)
