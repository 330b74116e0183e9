/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Argument parsing: the objects PyArg_ParseTuple and
   PyArg_ParseTupleAndKeywords store ("O", "O!", "S", "U", ...) are
   borrowed from the argument tuple.  Returning one from a method without
   Py_INCREF, releasing one, or storing one without taking a reference is
   a bug; storing after Py_INCREF is correct.  Optional arguments
   initialised to NULL or Py_None, "O!" with a type, and "O&" with a
   converter.  */

typedef struct
{
  PyObject_HEAD
  PyObject *callback; /* callable or NULL */
  PyObject *name;     /* str */
} Timer;

static PyObject *default_callback; /* callable or NULL */

/* BUG: "O" gives a borrowed reference; the caller of the method gets a
   reference nobody took.  */
static PyObject *
bad_return_parsed (PyObject *self, PyObject *args)
{
  PyObject *obj;
  if (!PyArg_ParseTuple (args, "O:identity", &obj)) /* { dg-line parse_obj } */
    return NULL;
  return obj; /* { dg-warning "returning borrowed reference 'obj' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference stored in 'obj' by 'PyArg_ParseTuple'" "" { target *-*-* } parse_obj } */
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_obj } */
  /* { dg-message "\\(3\\) returning 'obj', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

/* Correct: Py_INCREF before returning it.  */
static PyObject *
ok_return_parsed_incref (PyObject *self, PyObject *args)
{
  PyObject *obj;
  if (!PyArg_ParseTuple (args, "O:identity", &obj))
    return NULL;
  Py_INCREF (obj);
  return obj;
}

/* BUG: releasing a parsed argument the function does not own.  */
static PyObject *
bad_decref_parsed (PyObject *self, PyObject *args)
{
  PyObject *seq;
  Py_ssize_t index;
  if (!PyArg_ParseTuple (args, "On", &seq, &index)) /* { dg-line parse_seq } */
    return NULL;
  PyObject *item = PySequence_GetItem (seq, index);
  Py_DECREF (seq); /* { dg-warning "'Py_DECREF' releases 'seq', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_seq } */
  /* { dg-message "\\(3\\) 'Py_DECREF' releases 'seq', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
  return item;
}

/* Correct: the optional default argument starts as Py_None (borrowed,
   like a parsed one) and is returned with a new reference.  */
static PyObject *
ok_optional_none_default (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "mapping", "key", "default", NULL };
  PyObject *mapping, *key, *dflt = Py_None;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "OO|O:get", kwlist, &mapping,
                                    &key, &dflt))
    return NULL;
  PyObject *value = PyObject_GetItem (mapping, key);
  if (value != NULL)
    return value;
  if (!PyErr_ExceptionMatches (PyExc_KeyError))
    return NULL;
  PyErr_Clear ();
  return Py_NewRef (dflt);
}

/* BUG: the same, returning the borrowed default as it is.  */
static PyObject *
bad_optional_none_default (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "mapping", "key", "default", NULL };
  PyObject *mapping, *key, *dflt = Py_None;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "OO|O:get", kwlist, &mapping, /* { dg-line parse_dflt } */
                                    &key, &dflt))
    return NULL;
  PyObject *value = PyObject_GetItem (mapping, key);
  if (value != NULL) /* { dg-line value_check } */
    return value;
  if (!PyErr_ExceptionMatches (PyExc_KeyError)) /* { dg-line keyerror } */
    return NULL;
  PyErr_Clear ();
  return dflt; /* { dg-warning "returning borrowed reference 'dflt' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference stored in 'dflt' by 'PyArg_ParseTupleAndKeywords'" "" { target *-*-* } parse_dflt } */
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_dflt } */
  /* { dg-message "\\(3\\) following 'false' branch \\(when 'value' is NULL\\)\\.\\.\\." "" { target *-*-* } value_check } */
  /* { dg-message "\\(4\\) following 'false' branch\\.\\.\\." "" { target *-*-* } keyerror } */
  /* { dg-message "\\(5\\) returning 'dflt', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-5 } */
}

/* Correct: an optional argument initialised to NULL is checked before
   use; "O!" makes sure it is a list.  */
static PyObject *
ok_optional_null (PyObject *self, PyObject *args)
{
  PyObject *list, *extra = NULL;
  if (!PyArg_ParseTuple (args, "O!|O", &PyList_Type, &list, &extra))
    return NULL;
  Py_ssize_t n = PyList_GET_SIZE (list);
  if (extra != NULL && PyList_Append (list, extra) < 0)
    return NULL;
  return PyLong_FromSsize_t (n);
}

/* Correct: the callback is stored in the object after Py_INCREF, and the
   old one released.  */
static PyObject *
ok_timer_set_callback (Timer *self, PyObject *args)
{
  PyObject *callback;
  if (!PyArg_ParseTuple (args, "O:set_callback", &callback))
    return NULL;
  if (!PyCallable_Check (callback))
    {
      PyErr_SetString (PyExc_TypeError, "callback must be callable");
      return NULL;
    }
  PyObject *old = self->callback;
  Py_INCREF (callback);
  self->callback = callback;
  Py_XDECREF (old);
  Py_RETURN_NONE;
}

/* BUG: stored without a reference of its own; the object can die while
   the timer still points to it.  */
static PyObject *
bad_timer_set_name (Timer *self, PyObject *args)
{
  PyObject *name;
  if (!PyArg_ParseTuple (args, "U:set_name", &name)) /* { dg-line parse_name } */
    return NULL;
  Py_XDECREF (self->name);
  self->name = name; /* { dg-warning "storing borrowed reference 'name' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_RETURN_NONE;
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_name } */
  /* { dg-message "\\(3\\) stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-3 } */
  /* { dg-message "\\(4\\) the path ends without this function acquiring the reference given away at \\(3\\)" "" { target *-*-* } .-3 } */
}

/* Correct: Py_XSETREF with Py_NewRef into a global.  */
static PyObject *
ok_set_default_callback (PyObject *self, PyObject *args)
{
  PyObject *callback = Py_None;
  if (!PyArg_ParseTuple (args, "|O", &callback))
    return NULL;
  if (callback == Py_None)
    Py_CLEAR (default_callback);
  else
    Py_XSETREF (default_callback, Py_NewRef (callback));
  Py_RETURN_NONE;
}

/* BUG: the global keeps a borrowed reference.  */
static PyObject *
bad_set_default_callback (PyObject *self, PyObject *args)
{
  PyObject *callback;
  if (!PyArg_ParseTuple (args, "O", &callback)) /* { dg-line parse_callback } */
    return NULL;
  Py_XDECREF (default_callback);
  default_callback = callback; /* { dg-warning "storing borrowed reference 'callback' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_RETURN_NONE;
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_callback } */
  /* { dg-message "\\(3\\) stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-3 } */
  /* { dg-message "\\(4\\) the path ends without this function acquiring the reference given away at \\(3\\)" "" { target *-*-* } .-3 } */
}

/* BUG: PyTuple_SetItem steals a reference the function never took.  */
static PyObject *
bad_pair_steals_borrowed (PyObject *self, PyObject *args)
{
  PyObject *first, *second;
  if (!PyArg_ParseTuple (args, "OO", &first, &second)) /* { dg-line parse_pair } */
    return NULL;
  PyObject *pair = PyTuple_New (2);
  if (pair == NULL) /* { dg-line pair_check } */
    return NULL;
  Py_INCREF (first);
  PyTuple_SET_ITEM (pair, 0, first);
  PyTuple_SetItem (pair, 1, second); /* { dg-warning "'PyTuple_SetItem' steals a reference to 'second' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  return pair;
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse_pair } */
  /* { dg-message "\\(3\\) following 'false' branch \\(when 'pair' is non-NULL\\)\\.\\.\\." "" { target *-*-* } pair_check } */
  /* { dg-message "\\(4\\) 'PyTuple_SetItem' steals a reference \\(argument 3\\) this function does not own" "" { target *-*-* } .-4 } */
  /* { dg-message "\\(5\\) the path ends without this function acquiring the reference given away at \\(4\\)" "" { target *-*-* } .-4 } */
}

/* Correct: Py_INCREF before each stealing call.  */
static PyObject *
ok_pair_incref (PyObject *self, PyObject *args)
{
  PyObject *first, *second;
  if (!PyArg_ParseTuple (args, "OO", &first, &second))
    return NULL;
  PyObject *pair = PyTuple_New (2);
  if (pair == NULL)
    return NULL;
  Py_INCREF (first);
  PyTuple_SET_ITEM (pair, 0, first);
  Py_INCREF (second);
  if (PyTuple_SetItem (pair, 1, second) < 0)
    {
      Py_DECREF (pair);
      return NULL;
    }
  return pair;
}

/* A converter for "O&": fills a C struct, no object kept.  */
typedef struct
{
  double lo, hi;
} range_t;

static int
ok_range_converter (PyObject *obj, void *out)
{
  range_t *r = out;
  if (!PyArg_ParseTuple (obj, "dd", &r->lo, &r->hi))
    return 0;
  if (r->lo > r->hi)
    {
      PyErr_SetString (PyExc_ValueError, "empty range");
      return 0;
    }
  return 1;
}

/* Correct: "O&" with a converter into a C struct.  */
static PyObject *
ok_converter_struct (PyObject *self, PyObject *args)
{
  range_t r;
  double x;
  if (!PyArg_ParseTuple (args, "O&d", ok_range_converter, &r, &x))
    return NULL;
  return PyBool_FromLong (r.lo <= x && x <= r.hi);
}

/* Correct: "O&" with PyUnicode_FSConverter stores a new reference to a
   bytes object, which the caller releases.  */
static PyObject *
ok_converter_fsconverter (PyObject *self, PyObject *args)
{
  PyObject *path;
  if (!PyArg_ParseTuple (args, "O&", PyUnicode_FSConverter, &path))
    return NULL;
  Py_ssize_t n = PyBytes_Size (path);
  Py_DECREF (path);
  if (n < 0)
    return NULL;
  return PyLong_FromSsize_t (n);
}

/* Correct: keyword arguments, "S" (bytes) and "$" keyword-only; all are
   borrowed and only read.  */
static PyObject *
ok_keywords_readonly (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "data", "sep", "maxsplit", NULL };
  PyObject *data, *sep = NULL;
  Py_ssize_t maxsplit = -1;
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "S|O$n:split", kwlist, &data,
                                    &sep, &maxsplit))
    return NULL;
  if (sep == NULL || sep == Py_None)
    return PyObject_CallMethod (data, "split", "On", Py_None, maxsplit);
  return PyObject_CallMethod (data, "split", "On", sep, maxsplit);
}

/* Correct: PyArg_UnpackTuple outputs are borrowed too.  */
static PyObject *
ok_unpack_tuple (PyObject *self, PyObject *args)
{
  PyObject *a, *b = NULL;
  if (!PyArg_UnpackTuple (args, "pick", 1, 2, &a, &b))
    return NULL;
  int use_b = 0;
  if (b != NULL && (use_b = PyObject_IsTrue (b)) < 0)
    return NULL;
  return Py_NewRef (use_b ? b : a);
}

static PyMethodDef timer_methods[] = {
  { "set_callback", (PyCFunction) ok_timer_set_callback, METH_VARARGS, NULL },
  { "set_name", (PyCFunction) bad_timer_set_name, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static void
ok_timer_dealloc (Timer *self)
{
  Py_XDECREF (self->callback);
  Py_XDECREF (self->name);
  Py_TYPE (self)->tp_free ((PyObject *) self);
}

static PyTypeObject Timer_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "args.Timer",
  .tp_basicsize = sizeof (Timer),
  .tp_dealloc = (destructor) ok_timer_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_methods = timer_methods,
  .tp_new = PyType_GenericNew,
};

static PyMethodDef args_methods[] = {
  { "bad_return_parsed", bad_return_parsed, METH_VARARGS, NULL },
  { "ok_return_parsed_incref", ok_return_parsed_incref, METH_VARARGS, NULL },
  { "bad_decref_parsed", bad_decref_parsed, METH_VARARGS, NULL },
  { "ok_optional_none_default", (PyCFunction) (void (*) (void)) ok_optional_none_default,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { "bad_optional_none_default", (PyCFunction) (void (*) (void)) bad_optional_none_default,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { "ok_optional_null", ok_optional_null, METH_VARARGS, NULL },
  { "ok_set_default_callback", ok_set_default_callback, METH_VARARGS, NULL },
  { "bad_set_default_callback", bad_set_default_callback, METH_VARARGS, NULL },
  { "bad_pair_steals_borrowed", bad_pair_steals_borrowed, METH_VARARGS, NULL },
  { "ok_pair_incref", ok_pair_incref, METH_VARARGS, NULL },
  { "ok_converter_struct", ok_converter_struct, METH_VARARGS, NULL },
  { "ok_converter_fsconverter", ok_converter_fsconverter, METH_VARARGS, NULL },
  { "ok_keywords_readonly", (PyCFunction) (void (*) (void)) ok_keywords_readonly,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { "ok_unpack_tuple", ok_unpack_tuple, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef args_module = {
  PyModuleDef_HEAD_INIT, "args", NULL, -1, args_methods,
};

PyMODINIT_FUNC
PyInit_args (void)
{
  if (PyType_Ready (&Timer_Type) < 0)
    return NULL;
  PyObject *m = PyModule_Create (&args_module);
  if (m == NULL)
    return NULL;
  if (PyModule_AddObjectRef (m, "Timer", (PyObject *) &Timer_Type) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
