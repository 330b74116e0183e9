/* { dg-do compile } */
/* Path feasibility: conditions correlated through integer facts, flags,
   relations between two unknown values, loop indexes and unsigned
   arithmetic.  A path the facts rule out is not reported.  */
#include <Python.h>
#include <limits.h>

/* The same object is acquired and released under correlated
   conditions.  */
PyObject *
ok_correlated_bounds (PyObject *self, PyObject *arg)
{
  long n = PyLong_AsLong (arg);
  PyObject *obj = NULL;
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (n > 5)
    {
      obj = PyLong_FromLong (n);
      if (obj == NULL)
        return NULL;
    }
  if (n >= 6)
    Py_DECREF (obj);
  Py_RETURN_NONE;
}

/* BUG: n == 5 acquires and does not release.  */
PyObject *
bad_off_by_one (PyObject *self, PyObject *arg)
{
  long n = PyLong_AsLong (arg);
  PyObject *obj = NULL;
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (n >= 5)
    {
      obj = PyLong_FromLong (n);
      if (obj == NULL)
        return NULL;
    }
  if (n >= 6)
    Py_DECREF (obj);
  Py_RETURN_NONE; /* { dg-warning "leak of 'obj'" } */
}

/* An "owned" flag set in one branch and tested in another.  */
PyObject *
ok_owned_flag (PyObject *self, PyObject *arg)
{
  int owned = 0;
  PyObject *text = arg;
  if (!PyUnicode_Check (arg))
    {
      text = PyObject_Str (arg);
      if (text == NULL)
        return NULL;
      owned = 1;
    }
  Py_ssize_t n = PyUnicode_GetLength (text);
  if (owned)
    Py_DECREF (text);
  return PyLong_FromSsize_t (n);
}

/* Two unknown values compared twice, once written the other way round:
   the relation between them decides the second test.  (Values kept in
   memory, such as PyArg_ParseTuple's outputs, are loaded afresh for each
   test and not related: a known limit.)  */
PyObject *
ok_related_values (PyObject *self, PyObject *args)
{
  Py_ssize_t a = PyLong_AsSsize_t (PyTuple_GET_ITEM (args, 0));
  Py_ssize_t b = PyLong_AsSsize_t (PyTuple_GET_ITEM (args, 1));
  PyObject *obj = NULL;
  if (PyErr_Occurred ())
    return NULL;
  if (a < b)
    {
      obj = PyList_New (b - a);
      if (obj == NULL)
        return NULL;
    }
  if (b > a)
    return obj;
  Py_RETURN_NONE;
}

/* BUG: the second test is not the first one's mirror (a == b acquires,
   then returns None).  */
PyObject *
bad_related_values (PyObject *self, PyObject *args)
{
  Py_ssize_t a = PyLong_AsSsize_t (PyTuple_GET_ITEM (args, 0));
  Py_ssize_t b = PyLong_AsSsize_t (PyTuple_GET_ITEM (args, 1));
  PyObject *obj = NULL;
  if (PyErr_Occurred ())
    return NULL;
  if (a <= b)
    {
      obj = PyList_New (b - a);
      if (obj == NULL)
        return NULL;
    }
  if (b > a)
    return obj;
  Py_RETURN_NONE; /* { dg-warning "leak of 'obj'" } */
}

/* An index from 0 below the tuple's size: PyTuple_GetItem cannot fail.  */
PyObject *
ok_index_in_range (PyObject *self, PyObject *tuple)
{
  PyObject *out = PyList_New (0);
  if (out == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE (tuple); i++)
    {
      PyObject *item = PyTuple_GetItem (tuple, i);
      Py_INCREF (item);
      if (PyList_Append (out, item) < 0)
        {
          Py_DECREF (item);
          Py_DECREF (out);
          return NULL;
        }
      Py_DECREF (item);
    }
  return out;
}

/* The same with the size taken once, before the loop.  */
PyObject *
ok_index_below_saved_size (PyObject *self, PyObject *list)
{
  Py_ssize_t n = PyList_Size (list);
  if (n < 0)
    return NULL;
  PyObject *total = PyLong_FromLong (0);
  for (Py_ssize_t i = 0; i < n && total != NULL; i++)
    {
      PyObject *item = PyList_GetItem (list, i);
      PyObject *sum = PyNumber_Add (total, item);
      Py_DECREF (total);
      total = sum;
    }
  return total;
}

/* BUG: <= lets the index reach the size.  */
PyObject *
bad_index_to_size (PyObject *self, PyObject *tuple)
{
  Py_ssize_t count = 0;
  for (Py_ssize_t i = 0; i <= PyTuple_GET_SIZE (tuple); i++)
    {
      PyObject *item = PyTuple_GetItem (tuple, i);
      Py_INCREF (item); /* { dg-warning "'Py_INCREF' of 'item', which is NULL when 'PyTuple_GetItem' fails" } */
      count += item != Py_None;
      Py_DECREF (item);
    }
  return PyLong_FromSsize_t (count);
}

/* Unsigned arithmetic wraps: 0 - 1 is the largest value, so both tests
   hold together.  */
PyObject *
ok_unsigned_wraparound (PyObject *self, PyObject *arg)
{
  unsigned int k = 0;
  PyObject *obj = NULL;
  k = k - 1;
  if (k == UINT_MAX)
    {
      obj = PyLong_FromUnsignedLong (k);
      if (obj == NULL)
        return NULL;
    }
  if (k > 5)
    return obj;
  Py_RETURN_NONE;
}

/* A remainder by an unknown divisor tested for zero twice, once as
   "== 0" and once as a truth value: the first test's false branch
   leaves a hole at 0 in the middle of the remainder's range, which rules
   the second test's false branch out (else: NULL without an
   exception).  */
PyObject *
ok_remainder_tested_twice (PyObject *self, PyObject *args)
{
  long n = PyLong_AsLong (PyTuple_GET_ITEM (args, 0));
  long m = PyLong_AsLong (PyTuple_GET_ITEM (args, 1));
  if (PyErr_Occurred ())
    return NULL;
  if (m <= 0)
    {
      PyErr_SetString (PyExc_ValueError, "positive divisor expected");
      return NULL;
    }
  PyObject *obj = NULL;
  if (n % m == 0)
    {
      obj = PyLong_FromLong (n / m);
      if (obj == NULL)
        return NULL;
    }
  if (n % m)
    {
      PyErr_SetString (PyExc_ValueError, "not a multiple");
      return NULL;
    }
  return obj;
}

static PyMethodDef methods[] = {
  { "ok_remainder_tested_twice", ok_remainder_tested_twice, METH_VARARGS,
    NULL },
  { NULL, NULL, 0, NULL },
};

PyObject *
feasibility_methods (void)
{
  return PyLong_FromVoidPtr (methods);
}
