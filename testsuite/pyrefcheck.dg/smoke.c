/* { dg-do compile } */
#include <Python.h>

PyObject *
bad_leak (long n)
{
  PyObject *item = PyLong_FromLong (n); /* { dg-line acquire } */
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'item' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'item'" "" { target *-*-* } acquire } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'item' is non-NULL\\)" "" { target *-*-* } .-4 } */
  /* { dg-message "\\(3\\) 'item' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

PyObject *
ok_return (long n)
{
  return PyLong_FromLong (n);
}
