/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Type slots of a GC-tracked custom type whose instance struct holds
   references: tp_new, tp_init, tp_dealloc, tp_traverse, tp_clear, getters
   and setters (PyGetSetDef), and methods that store into fields.  */

typedef struct
{
  PyObject_HEAD
  PyObject *first;   /* str, never NULL after tp_new */
  PyObject *last;    /* str, never NULL after tp_new */
  PyObject *extra;   /* any object or NULL */
  long number;
} Record;

/* tp_new: allocate, then give every field a new reference; on failure
   Py_DECREF(self) runs tp_dealloc, which releases what was stored.  */
static PyObject *
ok_record_new (PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  Record *self = (Record *) type->tp_alloc (type, 0);
  if (self == NULL)
    return NULL;
  self->first = PyUnicode_FromString ("");
  if (self->first == NULL)
    {
      Py_DECREF (self);
      return NULL;
    }
  self->last = PyUnicode_FromString ("");
  if (self->last == NULL)
    {
      Py_DECREF (self);
      return NULL;
    }
  self->extra = NULL;
  self->number = 0;
  return (PyObject *) self;
}

/* tp_init: the tmp = self->x; self->x = new; Py_XDECREF (tmp) idiom, and
   Py_XSETREF for the optional field.  */
static int
ok_record_init (Record *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "first", "last", "extra", "number", NULL };
  PyObject *first = NULL, *last = NULL, *extra = NULL, *tmp;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "|UUOl", kwlist, &first,
                                    &last, &extra, &self->number))
    return -1;
  if (first)
    {
      tmp = self->first;
      Py_INCREF (first);
      self->first = first;
      Py_XDECREF (tmp);
    }
  if (last)
    {
      tmp = self->last;
      Py_INCREF (last);
      self->last = last;
      Py_XDECREF (tmp);
    }
  if (extra)
    Py_XSETREF (self->extra, Py_NewRef (extra));
  return 0;
}

/* BUG: the tmp idiom without its Py_XDECREF (tmp): the reference the
   field held is taken over and never released.  */
static int
bad_record_init_overwrite (Record *self, PyObject *args, PyObject *kwds)
{
  PyObject *last = NULL;
  if (!PyArg_ParseTuple (args, "|U", &last))
    return -1;
  if (last != NULL)
    {
      PyObject *tmp = self->last; /* { dg-line load } */
      Py_INCREF (last);
      self->last = last;
    }
  return 0; /* { dg-warning "leak of 'tmp' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference loaded from 'self->last'" "" { target *-*-* } load } */
  /* { dg-message "the old value of 'self->last' leaks here" "" { target *-*-* } .-2 } */
}

static int
ok_record_traverse (Record *self, visitproc visit, void *arg)
{
  Py_VISIT (self->first);
  Py_VISIT (self->last);
  Py_VISIT (self->extra);
  return 0;
}

static int
ok_record_clear (Record *self)
{
  Py_CLEAR (self->first);
  Py_CLEAR (self->last);
  Py_CLEAR (self->extra);
  return 0;
}

/* tp_dealloc: untrack, drop the fields (through tp_clear or directly),
   then free the memory.  */
static void
ok_record_dealloc (Record *self)
{
  PyObject_GC_UnTrack (self);
  ok_record_clear (self);
  Py_TYPE (self)->tp_free ((PyObject *) self);
}

static void
ok_record_dealloc_direct (Record *self)
{
  PyObject_GC_UnTrack (self);
  Py_XDECREF (self->first);
  Py_XDECREF (self->last);
  Py_CLEAR (self->extra);
  Py_TYPE (self)->tp_free ((PyObject *) self);
}

/* BUG: self->first is released twice.  */
static void
bad_record_dealloc_twice (Record *self)
{
  PyObject_GC_UnTrack (self);
  Py_XDECREF (self->first); /* { dg-line first_release } */
  Py_XDECREF (self->last);
  Py_XDECREF (self->first); /* { dg-warning "'Py_XDECREF' releases 'self->first', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_TYPE (self)->tp_free ((PyObject *) self);
  /* { dg-message "\\(1\\) borrowed reference loaded from 'self->first'" "" { target *-*-* } first_release } */
  /* { dg-message "'Py_XDECREF' releases 'self->first', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

/* Getters: a getter must return a new reference.  */
static PyObject *
ok_record_get_first (Record *self, void *closure)
{
  return Py_NewRef (self->first);
}

static PyObject *
ok_record_get_extra (Record *self, void *closure)
{
  if (self->extra == NULL)
    Py_RETURN_NONE;
  Py_INCREF (self->extra);
  return self->extra;
}

/* BUG: returns the field without a new reference; the caller's
   Py_DECREF will free the object still referenced by self->last.  */
static PyObject *
bad_record_get_last (Record *self, void *closure)
{
  return self->last; /* { dg-warning "returning borrowed reference 'self->last' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference loaded from 'self->last'" "" { target *-*-* } .-1 } */
  /* { dg-message "returning 'self->last', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
}

/* BUG: a new reference on one path, a borrowed one on the other.  */
static PyObject *
bad_record_get_extra (Record *self, void *closure)
{
  if (self->extra == NULL)
    Py_RETURN_NONE;
  return self->extra; /* { dg-warning "returning borrowed reference 'self->extra' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference loaded from 'self->extra'" "" { target *-*-* } .-1 } */
  /* { dg-message "returning 'self->extra', which this function does not own" "" { target *-*-* } .-2 } */
}

/* Setters: the value is borrowed; Py_XSETREF with a new reference.  */
static int
ok_record_set_first (Record *self, PyObject *value, void *closure)
{
  if (value == NULL)
    {
      PyErr_SetString (PyExc_TypeError, "cannot delete the first attribute");
      return -1;
    }
  if (!PyUnicode_Check (value))
    {
      PyErr_SetString (PyExc_TypeError, "first must be a string");
      return -1;
    }
  Py_XSETREF (self->first, Py_NewRef (value));
  return 0;
}

static int
ok_record_set_extra (Record *self, PyObject *value, void *closure)
{
  Py_XSETREF (self->extra, Py_XNewRef (value));
  return 0;
}

/* BUG: the setter stores the borrowed value without Py_INCREF.  */
static int
bad_record_set_last (Record *self, PyObject *value, void *closure)
{
  if (value == NULL || !PyUnicode_Check (value)) /* { dg-line check } */
    {
      PyErr_SetString (PyExc_TypeError, "last must be a string");
      return -1;
    }
  PyObject *old = self->last;
  self->last = value; /* { dg-warning "storing borrowed reference 'value' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_XDECREF (old);
  return 0;
  /* { dg-message "\\(1\\) following 'false' branch \\(when 'value' is non-NULL\\)" "" { target *-*-* } check } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } check } */
  /* { dg-message "stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-5 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(\[0-9\]+\\)" "" { target *-*-* } .-4 } */
}

/* Methods storing an argument into a field.  */
static PyObject *
ok_record_attach_incref_before (Record *self, PyObject *obj)
{
  Py_INCREF (obj);
  Py_XSETREF (self->extra, obj);
  Py_RETURN_NONE;
}

static PyObject *
ok_record_attach_incref_after (Record *self, PyObject *obj)
{
  PyObject *old = self->extra;
  self->extra = obj;
  Py_INCREF (obj);
  Py_XDECREF (old);
  Py_RETURN_NONE;
}

/* BUG: the borrowed argument is stored without Py_INCREF.  */
static PyObject *
bad_record_attach (Record *self, PyObject *obj)
{
  Py_CLEAR (self->extra);
  self->extra = obj; /* { dg-line store } */
  Py_RETURN_NONE;
  /* { dg-warning "storing borrowed reference 'obj' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } store } */
  /* { dg-message "\\(1\\) following 'false' branch" "" { target *-*-* } .-4 } */
  /* { dg-message "stored in memory, which takes a reference this function does not own" "" { target *-*-* } store } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(\[0-9\]+\\)" "" { target *-*-* } .-4 } */
}

/* tp_new taking the first positional argument as the first name.  */
static PyObject *
ok_record_new_from_args (PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  if (PyTuple_GET_SIZE (args) < 1)
    {
      PyErr_SetString (PyExc_TypeError, "expected one argument");
      return NULL;
    }
  Record *self = (Record *) type->tp_alloc (type, 0);
  if (self == NULL)
    return NULL;
  self->first = Py_NewRef (PyTuple_GET_ITEM (args, 0));
  self->last = PyUnicode_FromString ("");
  if (self->last == NULL)
    {
      Py_DECREF (self);
      return NULL;
    }
  return (PyObject *) self;
}

/* BUG: tp_new stores a borrowed tuple item.  */
static PyObject *
bad_record_new_from_tuple (PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  if (PyTuple_GET_SIZE (args) < 1)
    {
      PyErr_SetString (PyExc_TypeError, "expected one argument");
      return NULL;
    }
  PyObject *arg0 = PyTuple_GET_ITEM (args, 0); /* { dg-line item } */
  Record *self = (Record *) type->tp_alloc (type, 0);
  if (self == NULL)
    return NULL;
  self->first = arg0; /* { dg-warning "storing borrowed reference 'arg0' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  self->last = PyUnicode_FromString ("");
  if (self->last == NULL)
    {
      Py_DECREF (self);
      return NULL;
    }
  return (PyObject *) self;
  /* { dg-message "\\(1\\) borrowed reference loaded from" "" { target *-*-* } item } */
  /* { dg-message "following 'false' branch \\(when 'self' is non-NULL\\)" "" { target *-*-* } .-11 } */
  /* { dg-message "stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-10 } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } .-9 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(\[0-9\]+\\)" "" { target *-*-* } .-7 } */
}

static PyGetSetDef record_getset[] = {
  { "first", (getter) ok_record_get_first, (setter) ok_record_set_first,
    "first name", NULL },
  { "last", (getter) bad_record_get_last, (setter) bad_record_set_last,
    "last name", NULL },
  { "extra", (getter) ok_record_get_extra, (setter) ok_record_set_extra,
    "anything", NULL },
  { "extra2", (getter) bad_record_get_extra, NULL, NULL, NULL },
  { NULL }
};

static PyMethodDef record_methods[] = {
  { "attach", (PyCFunction) ok_record_attach_incref_before, METH_O, NULL },
  { "attach2", (PyCFunction) ok_record_attach_incref_after, METH_O, NULL },
  { "attach3", (PyCFunction) bad_record_attach, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static PyTypeObject Record_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "records.Record",
  .tp_basicsize = sizeof (Record),
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
  .tp_new = ok_record_new,
  .tp_init = (initproc) ok_record_init,
  .tp_dealloc = (destructor) ok_record_dealloc,
  .tp_traverse = (traverseproc) ok_record_traverse,
  .tp_clear = (inquiry) ok_record_clear,
  .tp_methods = record_methods,
  .tp_getset = record_getset,
};

/* A second type (same layout) for the buggy slot variants.  */
static PyTypeObject BadRecord_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "records.BadRecord",
  .tp_basicsize = sizeof (Record),
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  .tp_new = bad_record_new_from_tuple,
  .tp_init = (initproc) bad_record_init_overwrite,
  .tp_dealloc = (destructor) bad_record_dealloc_twice,
  .tp_traverse = (traverseproc) ok_record_traverse,
  .tp_clear = (inquiry) ok_record_clear,
};

static PyTypeObject DirectRecord_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "records.DirectRecord",
  .tp_basicsize = sizeof (Record),
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_new = ok_record_new_from_args,
  .tp_dealloc = (destructor) ok_record_dealloc_direct,
};

static struct PyModuleDef records_module = {
  PyModuleDef_HEAD_INIT, "records", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_records (void)
{
  if (PyType_Ready (&Record_Type) < 0 || PyType_Ready (&BadRecord_Type) < 0
      || PyType_Ready (&DirectRecord_Type) < 0)
    return NULL;
  PyObject *m = PyModule_Create (&records_module);
  if (m == NULL)
    return NULL;
  if (PyModule_AddObjectRef (m, "Record", (PyObject *) &Record_Type) < 0
      || PyModule_AddObjectRef (m, "BadRecord", (PyObject *) &BadRecord_Type) < 0
      || PyModule_AddObjectRef (m, "DirectRecord",
                                (PyObject *) &DirectRecord_Type) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
