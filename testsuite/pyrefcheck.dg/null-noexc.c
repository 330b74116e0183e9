/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Methods returning NULL without an exception set: after PyDict_GetItem
   or PyDict_GetItemString found no key, after PyIter_Next ran out without
   checking PyErr_Occurred, after PyErr_Clear, and a plain "return NULL;"
   with nothing raised.  Next to them, the correct variants: raising
   first (PyErr_SetString, PyErr_Format, PyErr_NoMemory, PyErr_SetObject),
   PyDict_GetItemWithError with PyErr_Occurred, a PyIter_Next loop
   followed by PyErr_Occurred, the PyLong_AsLong == -1 && PyErr_Occurred
   idiom, a helper (not a method) that returns NULL for "not found", and
   a tp_iternext slot, which returns NULL without an exception when the
   iteration is over.  */

static PyObject *ConfigError;

/* BUG: a missing key is not an error for PyDict_GetItem, so nothing is
   raised.  */
static PyObject *
bad_dict_getitem_missing (PyObject *self, PyObject *args)
{
  PyObject *registry, *name;
  if (!PyArg_ParseTuple (args, "O!U", &PyDict_Type, &registry, &name)) /* { dg-line parse } */
    return NULL;
  PyObject *codec = PyDict_GetItem (registry, name); /* { dg-line lookup } */
  if (codec == NULL) /* { dg-line check } */
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse } */
  /* { dg-message "\\(2\\) 'PyDict_GetItem' returns NULL without setting an exception" "" { target *-*-* } lookup } */
  /* { dg-message "\\(3\\) following 'true' branch \\(when 'codec' is NULL\\)\\.\\.\\." "" { target *-*-* } check } */
  /* { dg-message "\\(4\\) returning NULL without an exception set; see \\(2\\)" "" { target *-*-* } .-4 } */
  Py_INCREF (codec);
  return codec;
}

/* Correct: the missing key raises KeyError.  */
static PyObject *
ok_dict_getitem_keyerror (PyObject *self, PyObject *args)
{
  PyObject *registry, *name;
  if (!PyArg_ParseTuple (args, "O!U", &PyDict_Type, &registry, &name))
    return NULL;
  PyObject *codec = PyDict_GetItem (registry, name);
  if (codec == NULL)
    {
      PyErr_SetObject (PyExc_KeyError, name);
      return NULL;
    }
  Py_INCREF (codec);
  return codec;
}

/* BUG: same with PyDict_GetItemString on a module's dict.  */
static PyObject *
bad_dict_getitemstring_missing (PyObject *self, PyObject *module)
{
  PyObject *dict = PyModule_GetDict (module);
  if (dict == NULL) /* { dg-line dict_check } */
    return NULL;
  PyObject *version = PyDict_GetItemString (dict, "__version__"); /* { dg-line version_lookup } */
  if (version == NULL) /* { dg-line version_check } */
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) following 'false' branch \\(when 'dict' is non-NULL\\)\\.\\.\\." "" { target *-*-* } dict_check } */
  /* { dg-message "\\(2\\) 'PyDict_GetItemString' returns NULL without setting an exception" "" { target *-*-* } version_lookup } */
  /* { dg-message "\\(3\\) following 'true' branch \\(when 'version' is NULL\\)\\.\\.\\." "" { target *-*-* } version_check } */
  /* { dg-message "\\(4\\) returning NULL without an exception set; see \\(2\\)" "" { target *-*-* } .-4 } */
  return PyObject_Str (version);
}

/* Correct: PyErr_Format before returning NULL.  */
static PyObject *
ok_dict_getitemstring_format (PyObject *self, PyObject *module)
{
  PyObject *dict = PyModule_GetDict (module);
  if (dict == NULL)
    return NULL;
  PyObject *version = PyDict_GetItemString (dict, "__version__");
  if (version == NULL)
    return PyErr_Format (PyExc_AttributeError,
                         "module %R has no __version__", module);
  return PyObject_Str (version);
}

/* Correct: PyDict_GetItemWithError returns NULL with an exception only
   on error; a missing key is reported with ConfigError.  */
static PyObject *
ok_getitem_with_error (PyObject *self, PyObject *args)
{
  PyObject *config, *key;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &config, &key))
    return NULL;
  PyObject *value = PyDict_GetItemWithError (config, key);
  if (value == NULL)
    {
      if (!PyErr_Occurred ())
        PyErr_Format (ConfigError, "missing option %R", key);
      return NULL;
    }
  return Py_NewRef (value);
}

/* BUG: PyDict_GetItemWithError returns NULL without an exception when
   the key is missing; checking only for NULL is not enough.  */
static PyObject *
bad_getitem_with_error_unchecked (PyObject *self, PyObject *args)
{
  PyObject *config, *key;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &config, &key)) /* { dg-line parse2 } */
    return NULL;
  PyObject *value = PyDict_GetItemWithError (config, key); /* { dg-line lookup2 } */
  if (value == NULL) /* { dg-line check2 } */
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse2 } */
  /* { dg-message "\\(2\\) 'PyDict_GetItemWithError' returns NULL without setting an exception" "" { target *-*-* } lookup2 } */
  /* { dg-message "\\(3\\) following 'true' branch \\(when 'value' is NULL\\)\\.\\.\\." "" { target *-*-* } check2 } */
  /* { dg-message "\\(4\\) returning NULL without an exception set; see \\(2\\)" "" { target *-*-* } .-4 } */
  return Py_NewRef (value);
}

/* BUG: an empty iterable makes PyIter_Next return NULL without an
   exception, and "first" returns it as if it had failed.  */
static PyObject *
bad_first_of_iterable (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  PyObject *first = PyIter_Next (it); /* { dg-line next } */
  Py_DECREF (it);
  return first; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) 'PyIter_Next' returns NULL into 'first' without setting an exception" "" { target *-*-* } next } */
  /* { dg-message "\\(2\\) returning NULL" "" { target *-*-* } .-2 } */
}

/* Correct: exhaustion raises ValueError; an error from the iterator is
   passed on.  */
static PyObject *
ok_first_of_iterable (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  PyObject *first = PyIter_Next (it);
  Py_DECREF (it);
  if (first == NULL && !PyErr_Occurred ())
    PyErr_SetString (PyExc_ValueError, "first() of an empty iterable");
  return first;
}

/* Correct: the PyIter_Next loop, then PyErr_Occurred tells exhaustion
   from an error.  */
static PyObject *
ok_sum_iterable (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  double total = 0.0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      double x = PyFloat_AsDouble (item);
      Py_DECREF (item);
      if (x == -1.0 && PyErr_Occurred ())
        {
          Py_DECREF (it);
          return NULL;
        }
      total += x;
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyFloat_FromDouble (total);
}

/* BUG: the OverflowError is cleared to be replaced by a ValueError that
   is never raised.  */
static PyObject *
bad_clear_then_return_null (PyObject *self, PyObject *arg)
{
  long fd = PyLong_AsLong (arg); /* { dg-line aslong } */
  if (fd == -1 && PyErr_Occurred ()) /* { dg-line aslong_check } */
    {
      if (PyErr_ExceptionMatches (PyExc_OverflowError)) /* { dg-line matches } */
        {
          PyErr_Clear (); /* { dg-line clear } */
          return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
          /* { dg-message "\\(1\\) 'PyLong_AsLong' fails" "" { target *-*-* } aslong } */
          /* { dg-message "\\(2\\) following 'true' branch\\.\\.\\." "" { target *-*-* } aslong_check } */
          /* { dg-message "\\(3\\) following 'true' branch\\.\\.\\." "" { target *-*-* } aslong_check } */
          /* { dg-message "\\(4\\) following 'true' branch\\.\\.\\." "" { target *-*-* } matches } */
          /* { dg-message "\\(5\\) 'PyErr_Clear' clears the error indicator" "" { target *-*-* } clear } */
          /* { dg-message "\\(6\\) returning NULL without an exception set; see \\(5\\)" "" { target *-*-* } .-6 } */
        }
      return NULL;
    }
  return PyLong_FromLong (fd);
}

/* Correct: the same, raising the replacement.  */
static PyObject *
ok_clear_then_raise (PyObject *self, PyObject *arg)
{
  long fd = PyLong_AsLong (arg);
  if (fd == -1 && PyErr_Occurred ())
    {
      if (PyErr_ExceptionMatches (PyExc_OverflowError))
        {
          PyErr_Clear ();
          PyErr_SetString (PyExc_ValueError, "file descriptor out of range");
        }
      return NULL;
    }
  if (fd < 0)
    {
      PyErr_Format (PyExc_ValueError, "negative file descriptor %ld", fd);
      return NULL;
    }
  return PyLong_FromLong (fd);
}

/* BUG: argument validation that forgets to raise.  */
static PyObject *
bad_validate_without_raise (PyObject *self, PyObject *args)
{
  Py_ssize_t width, height;
  if (!PyArg_ParseTuple (args, "nn", &width, &height)) /* { dg-line parse3 } */
    return NULL;
  if (width <= 0 || height <= 0) /* { dg-line size_check } */
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) following 'false' branch\\.\\.\\." "" { target *-*-* } parse3 } */
  /* { dg-message "\\(2\\) following 'true' branch\\.\\.\\." "" { target *-*-* } size_check } */
  /* { dg-message "\\(3\\) returning NULL" "" { target *-*-* } .-3 } */
  return PyLong_FromSsize_t (width * height);
}

/* Correct: PyMem_Malloc does not set an exception; PyErr_NoMemory
   does.  */
static PyObject *
ok_alloc_nomemory (PyObject *self, PyObject *arg)
{
  Py_ssize_t n = PyLong_AsSsize_t (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (n < 0)
    {
      PyErr_SetString (PyExc_ValueError, "negative size");
      return NULL;
    }
  unsigned char *buf = PyMem_Malloc (n ? n : 1);
  if (buf == NULL)
    return PyErr_NoMemory ();
  memset (buf, 0xff, n);
  PyObject *result = PyBytes_FromStringAndSize ((char *) buf, n);
  PyMem_Free (buf);
  return result;
}

/* Correct: a helper (not a method) may return NULL for "not found"; its
   caller raises.  */
static PyObject *
ok_find_handler (PyObject *handlers, const char *name)
{
  if (handlers == NULL || !PyDict_Check (handlers))
    return NULL;
  return PyDict_GetItemString (handlers, name);
}

static PyObject *handlers;

static PyObject *
ok_helper_not_found (PyObject *self, PyObject *args)
{
  const char *name;
  if (!PyArg_ParseTuple (args, "s", &name))
    return NULL;
  PyObject *handler = ok_find_handler (handlers, name);
  if (handler == NULL)
    {
      PyErr_Format (PyExc_LookupError, "no handler for %s", name);
      return NULL;
    }
  return PyObject_CallNoArgs (handler);
}

/* A tp_iternext slot: returning NULL without an exception ends the
   iteration.  The source iterator is dropped once it is exhausted.  */
typedef struct
{
  PyObject_HEAD
  PyObject *source; /* an iterator, NULL once exhausted */
  Py_ssize_t step;
} StrideIter;

static void
ok_stride_dealloc (StrideIter *self)
{
  Py_XDECREF (self->source);
  Py_TYPE (self)->tp_free ((PyObject *) self);
}

/* Correct: NULL at exhaustion, with or without an error from the
   underlying iterator.  */
static PyObject *
ok_stride_iternext (StrideIter *self)
{
  if (self->source == NULL)
    return NULL;
  PyObject *item = PyIter_Next (self->source);
  if (item == NULL)
    {
      Py_CLEAR (self->source);
      return NULL;
    }
  for (Py_ssize_t i = 1; i < self->step; i++)
    {
      PyObject *skip = PyIter_Next (self->source);
      if (skip == NULL)
        {
          if (PyErr_Occurred ())
            {
              Py_DECREF (item);
              return NULL;
            }
          Py_CLEAR (self->source);
          break;
        }
      Py_DECREF (skip);
    }
  return item;
}

/* Correct: a getter raises AttributeError for the dropped source.  */
static PyObject *
ok_stride_get_source (StrideIter *self, void *closure)
{
  if (self->source == NULL)
    {
      PyErr_SetString (PyExc_AttributeError, "the iterator is exhausted");
      return NULL;
    }
  return Py_NewRef (self->source);
}

/* BUG: a getter is not tp_iternext; NULL needs an exception.  */
static PyObject *
bad_stride_get_raw_source (StrideIter *self, void *closure)
{
  if (self->source == NULL) /* { dg-line source_check } */
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  /* { dg-message "\\(1\\) following 'true' branch\\.\\.\\." "" { target *-*-* } source_check } */
  /* { dg-message "\\(2\\) returning NULL" "" { target *-*-* } .-2 } */
  return Py_NewRef (self->source);
}

static PyGetSetDef stride_getset[] = {
  { "source", (getter) ok_stride_get_source, NULL, NULL, NULL },
  { "raw_source", (getter) bad_stride_get_raw_source, NULL, NULL, NULL },
  { NULL, NULL, NULL, NULL, NULL }
};

static PyTypeObject StrideIter_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "noexc.StrideIter",
  .tp_basicsize = sizeof (StrideIter),
  .tp_dealloc = (destructor) ok_stride_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_iter = PyObject_SelfIter,
  .tp_iternext = (iternextfunc) ok_stride_iternext,
  .tp_getset = stride_getset,
};

/* Correct: a method creating the iterator.  */
static PyObject *
ok_stride (PyObject *self, PyObject *args)
{
  PyObject *iterable;
  Py_ssize_t step = 1;
  if (!PyArg_ParseTuple (args, "O|n", &iterable, &step))
    return NULL;
  if (step < 1)
    {
      PyErr_SetString (PyExc_ValueError, "step must be positive");
      return NULL;
    }
  PyObject *source = PyObject_GetIter (iterable);
  if (source == NULL)
    return NULL;
  StrideIter *it = PyObject_New (StrideIter, &StrideIter_Type);
  if (it == NULL)
    {
      Py_DECREF (source);
      return NULL;
    }
  it->source = source;
  it->step = step;
  return (PyObject *) it;
}

static PyMethodDef noexc_methods[] = {
  { "bad_dict_getitem_missing", bad_dict_getitem_missing, METH_VARARGS, NULL },
  { "ok_dict_getitem_keyerror", ok_dict_getitem_keyerror, METH_VARARGS, NULL },
  { "bad_dict_getitemstring_missing", bad_dict_getitemstring_missing, METH_O, NULL },
  { "ok_dict_getitemstring_format", ok_dict_getitemstring_format, METH_O, NULL },
  { "ok_getitem_with_error", ok_getitem_with_error, METH_VARARGS, NULL },
  { "bad_getitem_with_error_unchecked", bad_getitem_with_error_unchecked, METH_VARARGS, NULL },
  { "bad_first_of_iterable", bad_first_of_iterable, METH_O, NULL },
  { "ok_first_of_iterable", ok_first_of_iterable, METH_O, NULL },
  { "ok_sum_iterable", ok_sum_iterable, METH_O, NULL },
  { "bad_clear_then_return_null", bad_clear_then_return_null, METH_O, NULL },
  { "ok_clear_then_raise", ok_clear_then_raise, METH_O, NULL },
  { "bad_validate_without_raise", bad_validate_without_raise, METH_VARARGS, NULL },
  { "ok_alloc_nomemory", ok_alloc_nomemory, METH_O, NULL },
  { "ok_helper_not_found", ok_helper_not_found, METH_VARARGS, NULL },
  { "ok_stride", ok_stride, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef noexc_module = {
  PyModuleDef_HEAD_INIT, "noexc", NULL, -1, noexc_methods,
};

PyMODINIT_FUNC
PyInit_noexc (void)
{
  if (PyType_Ready (&StrideIter_Type) < 0)
    return NULL;
  PyObject *m = PyModule_Create (&noexc_module);
  if (m == NULL)
    return NULL;
  ConfigError = PyErr_NewException ("noexc.ConfigError", NULL, NULL);
  if (ConfigError == NULL)
    {
      Py_DECREF (m);
      return NULL;
    }
  Py_INCREF (ConfigError);
  if (PyModule_AddObject (m, "ConfigError", ConfigError) < 0)
    {
      Py_DECREF (ConfigError);
      Py_CLEAR (ConfigError);
      Py_DECREF (m);
      return NULL;
    }
  handlers = PyDict_New ();
  if (handlers == NULL)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
