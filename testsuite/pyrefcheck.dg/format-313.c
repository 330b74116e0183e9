/* { dg-do compile } */
/* Formats with the headers of Python 3.13, which have no
   PY_SSIZE_T_CLEAN: '#' lengths are always Py_ssize_t
   [pyrefcheck-format].  (format-312.c: 'u' and 'Z' are gone since
   3.12.)  */
#define PY_VERSION_HEX 0x030D00F0
#include "pystub.h"

PyObject *
ok_length (PyObject *args)
{
  const char *s;
  Py_ssize_t n;
  if (!PyArg_ParseTuple (args, "s#", &s, &n))
    return 0;
  return Py_BuildValue ("y#", s, n);
}

/* BUG: an int length: PyArg_ParseTuple writes a Py_ssize_t into it.  */
PyObject *
bad_int_length (PyObject *args)
{
  const char *s;
  int n;
  if (!PyArg_ParseTuple (args, "s#", &s, &n)) /* { dg-warning "argument 4 of 'PyArg_ParseTuple' has type 'int \\\*', but 's#' in format 's#' expects 'Py_ssize_t \\\*' \\\[pyrefcheck-format\\\]" } */
    return 0;
  return Py_BuildValue ("i", n);
}
