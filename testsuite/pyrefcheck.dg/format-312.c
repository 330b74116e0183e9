/* { dg-do compile } */
/* Formats with the headers of Python 3.12: PyArg_Parse* lost the
   Py_UNICODE codes 'u' and 'Z' [pyrefcheck-format].  */
#define PY_VERSION_HEX 0x030C00F0
#include "pystub.h"

PyObject *
ok_string (PyObject *args)
{
  const char *s;
  if (!PyArg_ParseTuple (args, "z", &s))
    return 0;
  return Py_BuildValue ("s", s);
}

/* BUG: 'u' raises SystemError on 3.12.  */
PyObject *
bad_unicode (PyObject *args)
{
  const void *u;
  if (!PyArg_ParseTuple (args, "u", &u)) /* { dg-warning "format 'u' of 'PyArg_ParseTuple', at 'u' \\\(offset 0\\\): format codes 'u' and 'Z' were removed in Python 3.12" } */
    return 0;
  return Py_BuildValue ("O", (PyObject *) u);
}
