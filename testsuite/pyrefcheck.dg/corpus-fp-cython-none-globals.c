/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: Cython 3's
   __Pyx_modinit_Global_init_code (cytoolz 1.2.0, msgpack 1.2.4) sets each
   module-level object variable to None, "g = Py_None; Py_INCREF
   (Py_None);": the global owns the reference.  Whether a C global owns
   one to a static object is the code's convention.  */

static PyObject *g_utc, *g_epoch, *g_giga;
static PyTypeObject *g_type;

static int
ok_globals_set_to_none (void)
{
  g_utc = Py_None;
  Py_INCREF (Py_None);
  g_epoch = Py_None;
  Py_INCREF (Py_None);
  g_giga = Py_None;
  Py_INCREF (Py_None);
  return 0;
}

/* Correct too: a global that does not own its static object.  */
static int
ok_global_type (void)
{
  g_type = &PyLong_Type;
  return 0;
}

/* Wrong: a reference taken and given to no one.  */
static PyObject *
bad_incref_lost (PyObject *self, PyObject *arg)
{
  PyObject *r = PyLong_FromLong (1);
  if (r == NULL)
    return NULL;
  Py_INCREF (r);
  return r; /* { dg-warning "leak of 'r'" } */
}

static PyMethodDef methods[]
    = { { "f", (PyCFunction)bad_incref_lost, METH_O, NULL },
        { NULL, NULL, 0, NULL } };

int
use (void)
{
  return ok_globals_set_to_none () + ok_global_type () + (methods != NULL);
}
