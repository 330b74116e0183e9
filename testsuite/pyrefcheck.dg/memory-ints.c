/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Integers kept in memory: a status stored into a field and tested from
   there (simplejson's scanner_new), and what may change it in between:
   a call that runs code we do not see, an API call writing through a
   pointer it was given.  */

typedef struct
{
  PyObject_HEAD
  PyObject *strict_bool;
  int strict;
  int busy;
} Scanner;

extern void scanner_reset (Scanner *s);

/* Correct: PyObject_IsTrue's result goes into a field; a negative value
   there means it failed, with an exception set.  */
static PyObject *
ok_status_in_field (PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  PyObject *ctx;
  if (!PyArg_ParseTuple (args, "O", &ctx))
    return NULL;
  Scanner *s = (Scanner *)type->tp_alloc (type, 0);
  if (s == NULL)
    return NULL;
  s->strict_bool = PyObject_GetAttrString (ctx, "strict");
  if (s->strict_bool == NULL)
    goto bail;
  s->strict = PyObject_IsTrue (s->strict_bool);
  if (s->strict < 0)
    goto bail;
  return (PyObject *)s;
bail:
  Py_DECREF (s);
  return NULL;
}

/* Correct: the field was just cleared, so the early returns never run.  */
static PyObject *
ok_field_just_cleared (Scanner *s, PyObject *unused)
{
  s->busy = 0;
  if (s->busy)
    return NULL;
  PyObject *r = PyList_New (0);
  if (r == NULL)
    return NULL;
  s->busy = 0;
  if (s->busy)
    Py_RETURN_NONE;
  return r;
}

/* Wrong: a function we cannot see may set the field again, and then the
   list leaks.  */
static PyObject *
field_changed_by_call (Scanner *s, PyObject *unused)
{
  PyObject *r = PyList_New (0);
  if (r == NULL)
    return NULL;
  s->busy = 0;
  scanner_reset (s);
  if (s->busy)
    Py_RETURN_NONE; /* { dg-warning "leak of 'r' \\\[pyrefcheck-leak\\\]" } */
  return r;
}

/* Wrong: PyLong_AsLongAndOverflow writes the overflow flag through its
   pointer, and reports an overflow without an exception.  */
static PyObject *
overflow_written_by_api (PyObject *self, PyObject *arg)
{
  int overflow = 0;
  long v = PyLong_AsLongAndOverflow (arg, &overflow);
  if (overflow)
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  if (v == -1 && PyErr_Occurred ())
    return NULL;
  return PyLong_FromLong (v);
}

/* Wrong, once per trip of the innermost of three loops: the widening at
   loop headers keeps the leak.  */
static PyObject *
leak_in_nested_loops (PyObject *self, PyObject *arg)
{
  Py_ssize_t n = PyLong_AsSsize_t (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    for (Py_ssize_t j = 0; j < n; j++)
      for (Py_ssize_t k = 0; k < n; k++) /* { dg-warning "leak of 't' \\\[pyrefcheck-leak\\\]" } */
        {
          PyObject *t = PyLong_FromSsize_t (i + j + k);
          if (t == NULL)
            goto error;
          if (PyList_Append (list, t) < 0)
            goto error;
        }
  return list;
error:
  Py_DECREF (list); /* { dg-message "'t' also leaks here, on another path" } */
  return NULL;
}

/* Correct: nested loops over a tuple's items, every index in range.  */
static PyObject *
ok_pairs_in_nested_loops (PyObject *self, PyObject *tuple)
{
  if (!PyTuple_Check (tuple))
    {
      PyErr_SetString (PyExc_TypeError, "tuple expected");
      return NULL;
    }
  Py_ssize_t n = PyTuple_GET_SIZE (tuple);
  long count = 0;
  for (Py_ssize_t i = 0; i < n; i++)
    for (Py_ssize_t j = i + 1; j < n; j++)
      {
        PyObject *a = PyTuple_GetItem (tuple, i);
        PyObject *b = PyTuple_GetItem (tuple, j);
        int eq = PyObject_RichCompareBool (a, b, Py_EQ);
        if (eq < 0)
          return NULL;
        count += eq;
      }
  return PyLong_FromLong (count);
}

static PyMethodDef methods[]
    = { { "f1", (PyCFunction)ok_field_just_cleared, METH_NOARGS, NULL },
        { "f2", (PyCFunction)field_changed_by_call, METH_NOARGS, NULL },
        { "f3", overflow_written_by_api, METH_O, NULL },
        { "f4", leak_in_nested_loops, METH_O, NULL },
        { "f5", ok_pairs_in_nested_loops, METH_O, NULL },
        { NULL, NULL, 0, NULL } };

static PyTypeObject Scanner_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "m.Scanner",
  .tp_basicsize = sizeof (Scanner),
  .tp_new = ok_status_in_field,
  .tp_methods = methods,
};

PyObject *
get_type (void)
{
  return (PyObject *)&Scanner_Type;
}
