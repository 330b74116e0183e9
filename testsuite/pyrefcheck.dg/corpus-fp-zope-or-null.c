/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* zope.interface's IB_richcompare: two results tested together
   ("if (!a || !b)", at -O2 one test of (a == 0) | (b == 0)), then
   PyErr_Occurred.  When a is not NULL, b is: its call failed and raised,
   so PyErr_Occurred cannot return NULL there and no path returns NULL
   without an exception.  The second function clears the exception
   itself and does return NULL without one.  */

static PyObject *str_name, *str_module;

static PyObject *
ok_richcompare (PyObject *self, PyObject *other)
{
  PyObject *name = NULL, *module = NULL, *result = NULL;
  name = PyObject_GetAttr (other, str_name);
  if (name)
    module = PyObject_GetAttr (other, str_module);
  if (!name || !module)
    {
      if (PyErr_Occurred () && PyErr_ExceptionMatches (PyExc_AttributeError))
        {
          PyErr_Clear ();
          result = Py_NotImplemented;
        }
      goto cleanup;
    }
  result = Py_True;
cleanup:
  Py_XINCREF (result);
  Py_XDECREF (name);
  Py_XDECREF (module);
  return result;
}

/* BUG: clears whatever was raised and returns NULL.  */
static PyObject *
bad_richcompare (PyObject *self, PyObject *other)
{
  PyObject *name = NULL, *module = NULL, *result = NULL;
  name = PyObject_GetAttr (other, str_name);
  if (name)
    module = PyObject_GetAttr (other, str_module);
  if (!name || !module)
    {
      PyErr_Clear ();
      goto cleanup;
    }
  result = Py_True;
cleanup:
  Py_XINCREF (result);
  Py_XDECREF (name);
  Py_XDECREF (module);
  return result; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
}

static PyMethodDef or_null_methods[] = {
  { "ok_richcompare", ok_richcompare, METH_O, NULL },
  { "bad_richcompare", bad_richcompare, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};
