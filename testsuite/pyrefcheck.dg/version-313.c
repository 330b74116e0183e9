/* { dg-do compile } */
/* Headers of Python 3.13: PyModule_Add and PyDict_GetItemRef exist, and
   their rows apply (see version-311.c for the same code on 3.11).  */
#define PY_VERSION_HEX 0x030D00F0
#include "pystub.h"

/* PyModule_Add steals VALUE, even when it fails.  */
int
ok_add (PyObject *m)
{
  PyObject *v = PyLong_FromLong (1);
  if (v == 0)
    return -1;
  return PyModule_Add (m, "v", v);
}

/* BUG: PyModule_Add already released V when it failed.  */
int
bad_add_then_decref (PyObject *m)
{
  PyObject *v = PyLong_FromLong (1);
  if (v == 0)
    return -1;
  if (PyModule_Add (m, "v", v) < 0)
    {
      Py_DECREF (v); /* { dg-warning "'Py_DECREF' releases 'v', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
      return -1;
    }
  return 0;
}

/* BUG: PyDict_GetItemRef gives a new reference.  */
int
bad_getitemref_leak (PyObject *d, PyObject *k)
{
  PyObject *v;
  int r = PyDict_GetItemRef (d, k, &v);
  if (r <= 0)
    return r;
  return 0; /* { dg-warning "leak of 'v' \\\[pyrefcheck-leak\\\]" } */
}

int
ok_getitemref (PyObject *d, PyObject *k)
{
  PyObject *v;
  int r = PyDict_GetItemRef (d, k, &v);
  if (r <= 0)
    return r;
  Py_DECREF (v);
  return 0;
}
