/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: bitarray
   3.12.3 bitarray/_util.c:702 (serialize_lock_held).  PyBytes_AsString
   fails only when its argument is not a bytes object; this one was just
   created by PyBytes_FromStringAndSize, so the result is never NULL
   (calls.cc: argument_of_right_type_p).  */

static PyObject *
ok_bytes_as_string_of_new_bytes (PyObject *self, PyObject *arg)
{
  PyObject *b = PyBytes_FromStringAndSize (NULL, 4);
  if (b == NULL)
    return NULL;
  char *s = PyBytes_AsString (b);
  s[0] = 'a'; /* { dg-bogus "dereference of 's', which is NULL when 'PyBytes_AsString' fails" "fresh bytes object" } */
  return b;
}
