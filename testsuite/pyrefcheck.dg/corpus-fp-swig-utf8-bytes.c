/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A generated-code false positive (testsuite/generated/expected.tsv),
   fixed: SWIG 4.1's SWIG_AsCharPtrAndSize encodes a str with
   PyUnicode_AsUTF8String and reads the bytes with PyBytes_AsStringAndSize,
   which fails only for a non-bytes object or, when given no length to
   fill in, a string with an embedded NUL byte.  The encoder's result is
   bytes, so with a length the call cannot fail.  */

static int
ok_utf8_as_string_and_size (PyObject *obj, char **out)
{
  char *cstr;
  Py_ssize_t len;
  obj = PyUnicode_AsUTF8String (obj);
  if (!obj)
    return -1;
  if (PyBytes_AsStringAndSize (obj, &cstr, &len) == -1)
    return -1;
  *out = strdup (cstr);
  Py_DECREF (obj);
  return 0;
}

/* Wrong: without a length, an embedded NUL byte makes it fail, and the
   bytes leak.  */
static int
bad_as_string_no_length (PyObject *obj, char **out)
{
  char *cstr;
  obj = PyUnicode_AsUTF8String (obj);
  if (!obj)
    return -1;
  if (PyBytes_AsStringAndSize (obj, &cstr, NULL) == -1)
    return -1; /* { dg-warning "leak of 'obj'" } */
  *out = strdup (cstr);
  Py_DECREF (obj);
  return 0;
}

/* Wrong: an object of unknown type may not be bytes.  */
static int
bad_as_string_of_unknown (PyObject *self, PyObject *arg, char **out)
{
  char *cstr;
  Py_ssize_t len;
  PyObject *obj = PyObject_Str (arg);
  if (!obj)
    return -1;
  if (PyBytes_AsStringAndSize (obj, &cstr, &len) == -1)
    return -1; /* { dg-warning "leak of 'obj'" } */
  *out = strdup (cstr);
  Py_DECREF (obj);
  return 0;
}

int
use (PyObject *o, char **p)
{
  return ok_utf8_as_string_and_size (o, p) + bad_as_string_no_length (o, p)
         + bad_as_string_of_unknown (NULL, o, p);
}
