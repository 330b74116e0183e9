/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Cython 3's __Pyx_PyUnicode_AsStringAndSize (msgpack): on a str that is
   not ASCII, "PyUnicode_AsASCIIString (o); return NULL;" calls for the
   UnicodeEncodeError only.  The code relies on the call failing (were it
   to succeed, NULL would be returned without an exception): its result
   is not leaked.  A discarded result followed by a success still is.  */

static const char *
as_string (PyObject *o, Py_ssize_t *length)
{
  if (PyUnicode_IS_ASCII (o))
    {
      *length = PyUnicode_GET_LENGTH (o);
      return PyUnicode_AsUTF8 (o);
    }
  else
    {
      PyUnicode_AsASCIIString (o);
      return NULL;
    }
}

const char *
use_as_string (PyObject *o, Py_ssize_t *n)
{
  return as_string (o, n);
}

int
raise_encode_error (PyObject *o)
{
  PyUnicode_AsASCIIString (o);
  return -1;
}

PyObject *
discard_then_succeed (PyObject *o)
{
  PyUnicode_AsASCIIString (o); /* { dg-warning "leak of the new reference returned by 'PyUnicode_AsASCIIString' \\\[pyrefcheck-leak\\\]" } */
  Py_RETURN_NONE;
}

int
discard_then_zero (PyObject *o)
{
  PyUnicode_AsASCIIString (o); /* { dg-warning "leak of the new reference returned by 'PyUnicode_AsASCIIString' \\\[pyrefcheck-leak\\\]" } */
  return 0;
}
