/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: Cython
   3.3 output of cytoolz 1.2.0 (itertoolz.c:6855 accumulate.__cinit__,
   :20172 iterate.__cinit__) stores the object into one of its own fields
   as a sentinel ("self.result = self"), after a Py_INCREF.  The field
   owns that reference (a cycle the object's tp_clear breaks), but the
   engine reports the reference as leaked when the function returns.  */

typedef struct
{
  PyObject_HEAD
  PyObject *result;
} accumulate_object;

static int
ok_store_self_in_own_field (accumulate_object *self, PyObject *args,
                            PyObject *kwds)
{
  Py_INCREF ((PyObject *) self);
  Py_XDECREF (self->result);
  self->result = (PyObject *) self;
  return 0; /* { dg-bogus "leak of 'self'" "stored in its own field" } */
}
