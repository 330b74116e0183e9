/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed, 13
   times in Cython 3.3 output (cytoolz 1.2.0, msgpack 1.2.4, pyyaml 6.0.3:
   __Pyx_RejectKeywords, __Pyx__UpdateUnpickledDict).  PySequence_ITEM
   returns a new reference (its row in cpython.tbl says so), but it is a
   macro over an indirect call, Py_TYPE (o)->tp_as_sequence->sq_item
   (o, i), and the engine names the call after the innermost macro,
   Py_TYPE, taking its result for a borrowed reference: the Py_DECREF that
   releases it is then reported.  */

static void
ok_sequence_item_released (PyObject *kwds)
{
  PyObject *key = PySequence_ITEM (kwds, 0);
  if (key)
    {
      PyErr_Format (PyExc_TypeError, "unexpected keyword '%U'", key);
      Py_DECREF (key); /* { dg-bogus "'Py_DECREF' releases 'key', which this function does not own" "PySequence_ITEM is new" } */
    }
}
