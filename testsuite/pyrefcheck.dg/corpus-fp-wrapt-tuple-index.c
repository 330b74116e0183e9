/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: wrapt
   2.5.2 src/wrapt/_wrappers.c:4115 and :4125
   (WraptPartialCallableObjectProxy_call).  PyTuple_GetItem fails only for
   a non-tuple or an index out of range; here the object is a tuple and
   0 <= i < PyTuple_GET_SIZE (t), so the item is never NULL.  The engine
   does not relate the index to the tuple's size (no relational facts
   between an index and a container size), so it takes the failure
   outcome.  */

static PyObject *
ok_tuple_items_in_range (PyObject *self, PyObject *t)
{
  if (!PyTuple_Check (t))
    {
      PyErr_SetString (PyExc_TypeError, "expected a tuple");
      return NULL;
    }
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE (t); i++)
    {
      PyObject *item = PyTuple_GetItem (t, i);
      Py_INCREF (item); /* { dg-bogus "'Py_INCREF' of 'item', which is NULL when 'PyTuple_GetItem' fails" "index in range" } */
      if (PyList_Append (list, item) < 0)
        {
          Py_DECREF (item);
          Py_DECREF (list);
          return NULL;
        }
      Py_DECREF (item);
    }
  return list;
}
