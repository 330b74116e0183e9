/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <assert.h>

/* A known false negative, found through SWIG 4.1's -builtin runtime
   (SwigPyBuiltin_funpack_ssizeargfunc_closure, the sq_item slot of a type
   whose wrapper takes a tuple): the result of PyLong_FromSsize_t goes
   unchecked into a tuple, and the wrapper that unpacks it dereferences
   the NULL item (a crash under MemoryError, reproduced by
   bench/repro/m2crypto_swig_builtin_closures.py's module).  pyrefcheck
   does not report it: a NULL stored into a tuple is not a dereference,
   and some code checks PyErr_Occurred () once the tuple is built
   instead, which tuple deallocation (Py_XDECREF of each item) makes
   correct.  The rest of the function must stay silent.  */

typedef PyObject *(*wrapper_function) (PyObject *, PyObject *);

PyObject *
funpack_ssizeargfunc_closure (wrapper_function wrapper, PyObject *a,
                              Py_ssize_t b)
{
  PyObject *tuple, *result;
  tuple = PyTuple_New (1);
  assert (tuple);
  PyTuple_SET_ITEM (tuple, 0, PyLong_FromSsize_t (b)); /* { dg-warning "NULL when 'PyLong_FromSsize_t' fails" "" { xfail *-*-* } } */
  result = wrapper (a, tuple);
  Py_DECREF (tuple);
  return result;
}

/* The checked form.  */
PyObject *
checked_closure (wrapper_function wrapper, PyObject *a, Py_ssize_t b)
{
  PyObject *tuple, *item, *result;
  item = PyLong_FromSsize_t (b);
  if (item == NULL)
    return NULL;
  tuple = PyTuple_New (1);
  if (tuple == NULL)
    {
      Py_DECREF (item);
      return NULL;
    }
  PyTuple_SET_ITEM (tuple, 0, item);
  result = wrapper (a, tuple);
  Py_DECREF (tuple);
  return result;
}
