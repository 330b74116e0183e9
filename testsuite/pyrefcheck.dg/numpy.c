/* { dg-do compile } */
/* { dg-require-numpy "" } */
/* { dg-options "-fplugin-arg-pyrefcheck-db=numpy" } */
/* The shipped NumPy overlay (db=numpy) on NumPy's real headers: its API
   is macros over a function table (PyArray_FromAny (...) is
   (*(T) PyArray_API[69]) (...)), recognised by the macro's name.  */
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <Python.h>
#include <numpy/arrayobject.h>

/* BUG: the array leaks.  */
static PyObject *
bad_array_leak (PyObject *self, PyObject *arg)
{
  PyObject *a = PyArray_FromAny (arg, PyArray_DescrFromType (NPY_DOUBLE), 1,
                                 1, NPY_ARRAY_DEFAULT, NULL);
  if (a == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'a' \\\[pyrefcheck-leak\\\]" } */
}

/* PyArray_FromAny steals the descriptor PyArray_DescrFromType made.  */
static PyObject *
ok_from_any (PyObject *self, PyObject *arg)
{
  PyArray_Descr *d = PyArray_DescrFromType (NPY_DOUBLE);
  if (d == NULL)
    return NULL;
  return PyArray_FromAny (arg, d, 1, 1, NPY_ARRAY_DEFAULT, NULL);
}

/* BUG: the classic: passing an array's own (borrowed) descriptor to a
   call that steals it.  */
static PyObject *
bad_borrowed_descr (PyObject *self, PyObject *arg)
{
  if (!PyArray_Check (arg))
    Py_RETURN_NONE;
  PyArrayObject *x = (PyArrayObject *)arg;
  PyArray_Descr *d = PyArray_DESCR (x);
  return PyArray_FromAny (arg, d, 0, 0, NPY_ARRAY_DEFAULT, NULL); /* { dg-warning "'PyArray_FromAny' steals a reference to 'd' \\(argument 2\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
}

/* The fix: take a reference first.  */
static PyObject *
ok_borrowed_descr_increfed (PyObject *self, PyObject *arg)
{
  if (!PyArray_Check (arg))
    Py_RETURN_NONE;
  PyArrayObject *x = (PyArrayObject *)arg;
  PyArray_Descr *d = PyArray_DESCR (x);
  Py_INCREF (d);
  return PyArray_FromAny (arg, d, 0, 0, NPY_ARRAY_DEFAULT, NULL);
}

/* PyArray_FROM_OTF is a macro over PyArray_FromAny and
   PyArray_DescrFromType: balanced.  */
static PyObject *
ok_from_otf (PyObject *self, PyObject *arg)
{
  PyObject *a = PyArray_FROM_OTF (arg, NPY_DOUBLE, NPY_ARRAY_IN_ARRAY);
  if (a == NULL)
    return NULL;
  double sum = 0;
  npy_intp n = PyArray_SIZE ((PyArrayObject *)a);
  double *data = (double *)PyArray_DATA ((PyArrayObject *)a);
  for (npy_intp i = 0; i < n; i++)
    sum += data[i];
  Py_DECREF (a);
  return PyFloat_FromDouble (sum);
}

/* BUG: PyArray_DescrFromType's new reference leaks on the error path.  */
static PyObject *
bad_descr_leak (PyObject *self, PyObject *args)
{
  int typenum;
  if (!PyArg_ParseTuple (args, "i", &typenum))
    return NULL;
  PyArray_Descr *d = PyArray_DescrFromType (typenum);
  if (d == NULL)
    return NULL;
  if (typenum < 0)
    {
      PyErr_SetString (PyExc_ValueError, "negative type number"); /* { dg-warning "leak of 'd'" } */
      return NULL;
    }
  return (PyObject *)d;
}

static PyMethodDef methods[] = {
  { "bad_array_leak", bad_array_leak, METH_O, NULL },
  { "ok_from_any", ok_from_any, METH_O, NULL },
  { "bad_borrowed_descr", bad_borrowed_descr, METH_O, NULL },
  { "ok_borrowed_descr_increfed", ok_borrowed_descr_increfed, METH_O, NULL },
  { "ok_from_otf", ok_from_otf, METH_O, NULL },
  { "bad_descr_leak", bad_descr_leak, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module
    = { PyModuleDef_HEAD_INIT, "npcheck", NULL, -1, methods };

PyMODINIT_FUNC
PyInit_npcheck (void)
{
  import_array ();
  return PyModule_Create (&module);
}
