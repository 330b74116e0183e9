/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* M2Crypto's typemaps: "if (PyBytes_Check (swig_obj[1])) { arg2 =
   PyBytes_AsString (swig_obj[1]); ... }", then "resultobj =
   PyLong_FromLong (result); if (PyErr_Occurred ()) SWIG_fail;".
   PyBytes_AsString cannot fail on an object that passed PyBytes_Check,
   so PyErr_Occurred () is false and resultobj does not leak.  Without
   the check (or with the check of another object) it may fail.  */

PyObject *
checked (PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
  PyObject *swig_obj[2] = { args[0], args[1] };
  char *p;
  Py_ssize_t len;
  if (PyBytes_Check (swig_obj[1]))
    {
      p = PyBytes_AsString (swig_obj[1]);
      len = PyBytes_Size (swig_obj[1]);
    }
  else
    {
      PyErr_SetString (PyExc_TypeError, "expected bytes");
      return NULL;
    }
  PyObject *r = PyLong_FromLong ((long)len + (p != 0));
  if (PyErr_Occurred ())
    return NULL;
  return r;
}

PyObject *
checked_other (PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
  char *p;
  if (!PyBytes_Check (args[0]))
    return NULL;
  p = PyBytes_AsString (args[1]);
  PyObject *r = PyLong_FromLong (p != 0);
  if (PyErr_Occurred ())
    return NULL; /* { dg-warning "leak of 'r' \\\[pyrefcheck-leak\\\]" } */
  return r;
}

PyObject *
checked_tuple (PyObject *self, PyObject *arg)
{
  if (!PyTuple_Check (arg))
    return NULL;
  Py_ssize_t n = PyTuple_Size (arg);
  PyObject *r = PyLong_FromSsize_t (n);
  if (PyErr_Occurred ())
    return NULL;
  return r;
}
