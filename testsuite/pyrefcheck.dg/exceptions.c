/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The error indicator: PyErr_Fetch gives new references (which
   PyErr_Restore steals), PyErr_NormalizeException, PyErr_Occurred
   checks, PyErr_ExceptionMatches + PyErr_Clear (AttributeError taken as
   "missing"), and raising with PyErr_SetObject, which only borrows its
   arguments.  */

static PyObject *ParseError;

typedef struct
{
  PyObject_HEAD
  PyObject *stream;
} Reader;

/* Correct: the pending exception is saved around a cleanup call that may
   itself fail, then put back; Restore steals the three references.  */
static PyObject *
ok_fetch_restore (PyObject *self, PyObject *args)
{
  PyObject *stream, *data;
  if (!PyArg_ParseTuple (args, "OO", &stream, &data))
    return NULL;
  PyObject *r = PyObject_CallMethod (stream, "write", "O", data);
  if (r == NULL)
    {
      PyObject *type, *value, *traceback;
      PyErr_Fetch (&type, &value, &traceback);
      PyObject *c = PyObject_CallMethod (stream, "close", NULL);
      if (c == NULL)
        PyErr_Clear ();
      else
        Py_DECREF (c);
      PyErr_Restore (type, value, traceback);
      return NULL;
    }
  Py_DECREF (r);
  Py_RETURN_NONE;
}

/* BUG: the fetched exception is dropped on the success path without
   releasing the three references.  */
static PyObject *
bad_fetch_without_restore (PyObject *self, PyObject *obj)
{
  PyObject *n = PyNumber_Index (obj);
  if (n != NULL)
    return n;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback); /* { dg-line fetch } */
  if (!PyErr_GivenExceptionMatches (type, PyExc_TypeError)) /* { dg-line matches } */
    {
      PyErr_Restore (type, value, traceback);
      return NULL;
    }
  return PyLong_FromLong (0); /* { dg-warning "leak of 'type' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-warning "leak of 'value' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } .-1 } */
  /* { dg-warning "leak of 'traceback' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } .-2 } */
  /* { dg-message "\\(1\\) new reference stored in 'type' by 'PyErr_Fetch'" "" { target *-*-* } fetch } */
  /* { dg-message "\\(2\\) following 'false' branch\\.\\.\\." "" { target *-*-* } matches } */
  /* { dg-message "\\(3\\) 'type' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-5 } */
}

/* Correct: the same, releasing the fetched exception with Py_XDECREF
   (value and traceback may be NULL).  */
static PyObject *
ok_fetch_xdecref (PyObject *self, PyObject *obj)
{
  PyObject *n = PyNumber_Index (obj);
  if (n != NULL)
    return n;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  if (!PyErr_GivenExceptionMatches (type, PyExc_TypeError))
    {
      PyErr_Restore (type, value, traceback);
      return NULL;
    }
  Py_XDECREF (type);
  Py_XDECREF (value);
  Py_XDECREF (traceback);
  return PyLong_FromLong (0);
}

/* BUG: after PyErr_Restore the three references belong to the
   interpreter again; releasing one of them is one release too many.  */
static PyObject *
bad_release_after_restore (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj);
  if (text != NULL)
    return text;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback); /* { dg-line fetch2 } */
  PyErr_Restore (type, value, traceback);
  Py_XDECREF (value); /* { dg-warning "'Py_XDECREF' releases 'value', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) new reference stored in 'value' by 'PyErr_Fetch'" "" { target *-*-* } fetch2 } */
  /* { dg-message "\\(2\\) 'PyErr_Restore' takes over the reference to 'value' \\(argument 2\\)" "" { target *-*-* } .-3 } */
  /* { dg-message "\\(3\\) 'Py_XDECREF' releases 'value', which this function no longer owns since \\(2\\)" "" { target *-*-* } .-3 } */
  return NULL;
}

/* BUG: PyErr_Fetch may set the value and the traceback to NULL even
   when an exception was set (PyErr_SetNone; an error raised in C code has
   no traceback), and Py_DECREF does not accept NULL.  */
static PyObject *
bad_fetch_decref_traceback (PyObject *self, PyObject *obj)
{
  PyObject *r = PyObject_Str (obj);
  if (r != NULL)
    return r;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  Py_DECREF (type);
  Py_XDECREF (value);
  Py_DECREF (traceback); /* { dg-warning "'Py_DECREF' of 'traceback', which is NULL.* \\\[pyrefcheck-null-deref\\\]" "" { xfail *-*-* } } */
  return PyUnicode_FromString ("<unprintable>");
}

/* Correct: normalize the exception to read its message, then restore
   it.  */
static PyObject *
ok_normalize_and_describe (PyObject *self, PyObject *args)
{
  PyObject *func, *arg;
  if (!PyArg_ParseTuple (args, "OO", &func, &arg))
    return NULL;
  PyObject *r = PyObject_CallOneArg (func, arg);
  if (r != NULL)
    return r;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  if (traceback != NULL && value != NULL)
    PyException_SetTraceback (value, traceback);
  PyObject *msg = value != NULL ? PyObject_Str (value) : NULL;
  if (msg == NULL)
    {
      PyErr_Clear ();
      PyErr_Restore (type, value, traceback);
      return NULL;
    }
  Py_XDECREF (type);
  Py_XDECREF (value);
  Py_XDECREF (traceback);
  PyErr_Format (ParseError, "callback failed: %U", msg);
  Py_DECREF (msg);
  return NULL;
}

/* BUG: the message of the normalized exception is computed and never
   released.  */
static PyObject *
bad_normalize_message_leak (PyObject *self, PyObject *args)
{
  PyObject *func, *arg;
  if (!PyArg_ParseTuple (args, "OO", &func, &arg))
    return NULL;
  PyObject *r = PyObject_CallOneArg (func, arg);
  if (r != NULL)
    return r;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  PyObject *msg = PyObject_Str (value); /* { dg-line msg } */
  PyErr_Restore (type, value, traceback);
  if (msg == NULL) /* { dg-line msg_check } */
    return NULL;
  PySys_FormatStderr ("callback failed: %U\n", msg);
  return NULL; /* { dg-warning "leak of 'msg' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'msg'" "" { target *-*-* } msg } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'msg' is non-NULL\\)\\.\\.\\." "" { target *-*-* } msg_check } */
  /* { dg-message "\\(3\\) 'msg' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

/* Correct: "raise ParseError from exc" in C: the new exception gets the
   fetched one as its cause; PyException_SetCause steals the reference to
   'value', PyErr_Restore the three new ones.  */
static PyObject *
ok_raise_with_cause (PyObject *self, PyObject *obj)
{
  PyObject *n = PyNumber_Index (obj);
  if (n != NULL)
    return n;
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  if (traceback != NULL)
    {
      PyException_SetTraceback (value, traceback);
      Py_DECREF (traceback);
    }
  Py_DECREF (type);
  PyErr_SetString (ParseError, "expected an integer");
  PyObject *type2, *value2, *traceback2;
  PyErr_Fetch (&type2, &value2, &traceback2);
  PyErr_NormalizeException (&type2, &value2, &traceback2);
  PyException_SetCause (value2, value);
  PyErr_Restore (type2, value2, traceback2);
  return NULL;
}

/* Correct: AttributeError means "no such option"; other errors pass.  */
static PyObject *
ok_getattr_missing_is_none (PyObject *self, PyObject *obj)
{
  PyObject *v = PyObject_GetAttrString (obj, "encoding");
  if (v == NULL)
    {
      if (!PyErr_ExceptionMatches (PyExc_AttributeError))
        return NULL;
      PyErr_Clear ();
      Py_RETURN_NONE;
    }
  return v;
}

/* BUG: the AttributeError is cleared, and then NULL is returned with no
   exception set.  */
static PyObject *
bad_getattr_clear_return_null (PyObject *self, PyObject *obj)
{
  PyObject *v = PyObject_GetAttrString (obj, "encoding");
  if (v == NULL) /* { dg-line v_check } */
    {
      if (PyErr_ExceptionMatches (PyExc_AttributeError)) /* { dg-line attr_matches } */
        PyErr_Clear (); /* { dg-line attr_clear } */
      return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
      /* { dg-message "\\(1\\) following 'true' branch \\(when 'v' is NULL\\)\\.\\.\\." "" { target *-*-* } v_check } */
      /* { dg-message "\\(2\\) following 'true' branch\\.\\.\\." "" { target *-*-* } attr_matches } */
      /* { dg-message "\\(3\\) 'PyErr_Clear' clears the error indicator" "" { target *-*-* } attr_clear } */
      /* { dg-message "\\(4\\) returning NULL without an exception set; see \\(3\\)" "" { target *-*-* } .-4 } */
    }
  return v;
}

/* Correct: PyErr_SetObject borrows the exception value; the caller
   releases its reference after raising.  */
static PyObject *
ok_setobject_release (PyObject *self, PyObject *args)
{
  const char *text;
  Py_ssize_t line, col;
  if (!PyArg_ParseTuple (args, "snn", &text, &line, &col))
    return NULL;
  PyObject *info = Py_BuildValue ("(snn)", text, line, col);
  if (info == NULL)
    return NULL;
  PyErr_SetObject (ParseError, info);
  Py_DECREF (info);
  return NULL;
}

/* BUG: PyErr_SetObject does not steal; the tuple leaks.  */
static PyObject *
bad_setobject_leak (PyObject *self, PyObject *args)
{
  const char *text;
  Py_ssize_t line, col;
  if (!PyArg_ParseTuple (args, "snn", &text, &line, &col))
    return NULL;
  PyObject *info = Py_BuildValue ("(snn)", text, line, col); /* { dg-line info } */
  if (info == NULL) /* { dg-line info_check } */
    return NULL;
  PyErr_SetObject (ParseError, info);
  return NULL; /* { dg-warning "leak of 'info' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'Py_BuildValue' is stored in 'info'" "" { target *-*-* } info } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'info' is non-NULL\\)\\.\\.\\." "" { target *-*-* } info_check } */
  /* { dg-message "\\(3\\) 'info' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

/* Correct: raising KeyError with the key, a borrowed argument.  */
static PyObject *
ok_setobject_keyerror (PyObject *self, PyObject *args)
{
  PyObject *table, *key;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &table, &key))
    return NULL;
  PyObject *v = PyDict_GetItemWithError (table, key);
  if (v == NULL)
    {
      if (!PyErr_Occurred ())
        PyErr_SetObject (PyExc_KeyError, key);
      return NULL;
    }
  return Py_NewRef (v);
}

/* Correct: the loop stops at the first error; PyErr_Occurred after it
   tells whether it ran to the end.  */
static PyObject *
ok_occurred_after_loop (PyObject *self, PyObject *seq)
{
  PyObject *fast = PySequence_Fast (seq, "expected a sequence");
  if (fast == NULL)
    return NULL;
  Py_ssize_t n = PySequence_Fast_GET_SIZE (fast);
  PyObject **items = PySequence_Fast_ITEMS (fast);
  double total = 0.0;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      double x = PyFloat_AsDouble (items[i]);
      if (x == -1.0 && PyErr_Occurred ())
        break;
      total += x;
    }
  Py_DECREF (fast);
  if (PyErr_Occurred ())
    return NULL;
  return PyFloat_FromDouble (total);
}

/* Correct: tp_finalize keeps the pending exception across a call, and
   reports the call's own error as unraisable.  */
static void
ok_reader_finalize (Reader *self)
{
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  if (self->stream != NULL)
    {
      PyObject *r = PyObject_CallMethod (self->stream, "close", NULL);
      if (r == NULL)
        PyErr_WriteUnraisable ((PyObject *) self);
      else
        Py_DECREF (r);
    }
  PyErr_Restore (type, value, traceback);
}

/* BUG: the early return skips PyErr_Restore: the saved exception leaks
   (and is lost).  */
static void
bad_reader_finalize_early_return (Reader *self)
{
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback); /* { dg-line fetch3 } */
  if (self->stream == NULL) /* { dg-line stream_check } */
    return; /* { dg-warning "leak of 'type' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-warning "leak of 'value' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } .-1 } */
  /* { dg-warning "leak of 'traceback' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } .-2 } */
  /* { dg-message "\\(1\\) new reference stored in 'type' by 'PyErr_Fetch'" "" { target *-*-* } fetch3 } */
  /* { dg-message "\\(2\\) following 'true' branch\\.\\.\\." "" { target *-*-* } stream_check } */
  /* { dg-message "\\(3\\) 'type' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-5 } */
  PyObject *r = PyObject_CallMethod (self->stream, "close", NULL);
  if (r == NULL)
    PyErr_WriteUnraisable ((PyObject *) self);
  else
    Py_DECREF (r);
  PyErr_Restore (type, value, traceback);
}

static void
ok_reader_dealloc (Reader *self)
{
  if (PyObject_CallFinalizerFromDealloc ((PyObject *) self) < 0)
    return;
  Py_CLEAR (self->stream);
  Py_TYPE (self)->tp_free ((PyObject *) self);
}

static PyTypeObject Reader_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "exceptions.Reader",
  .tp_basicsize = sizeof (Reader),
  .tp_dealloc = (destructor) ok_reader_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_finalize = (destructor) ok_reader_finalize,
  .tp_new = PyType_GenericNew,
};

static PyTypeObject Reader2_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "exceptions.Reader2",
  .tp_basicsize = sizeof (Reader),
  .tp_dealloc = (destructor) ok_reader_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_finalize = (destructor) bad_reader_finalize_early_return,
  .tp_new = PyType_GenericNew,
};

/* PyErr_Fetch with no exception set gives three NULLs; with one set, a
   type.  Restoring only when there is a type is balanced (Cython's
   __Pyx_PyCode_New does this).  */
static int
ok_fetch_restore_if_set (PyObject *obj)
{
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  int r = PyObject_IsTrue (obj);
  if (type)
    PyErr_Restore (type, value, traceback);
  return r;
}

/* A static type in a C global needs no reference.  */
static PyTypeObject *saved_type;
static void
ok_static_type_in_global (void)
{
  saved_type = &PyLong_Type;
}

/* A field dereferenced (Py_INCREF) is not NULL afterwards.  */
typedef struct
{
  PyObject_HEAD
  PyObject *value;
} Box;

static PyObject *
ok_incref_then_test (PyObject *self, PyObject *arg)
{
  PyObject *v = ((Box *)arg)->value;
  Py_INCREF (v);
  if (v == NULL)
    return NULL;
  return v;
}

static PyMethodDef exceptions_methods[] = {
  { "ok_incref_then_test", ok_incref_then_test, METH_O, NULL },
  { "ok_fetch_restore", ok_fetch_restore, METH_VARARGS, NULL },
  { "bad_fetch_without_restore", bad_fetch_without_restore, METH_O, NULL },
  { "ok_fetch_xdecref", ok_fetch_xdecref, METH_O, NULL },
  { "bad_release_after_restore", bad_release_after_restore, METH_O, NULL },
  { "bad_fetch_decref_traceback", bad_fetch_decref_traceback, METH_O, NULL },
  { "ok_normalize_and_describe", ok_normalize_and_describe, METH_VARARGS, NULL },
  { "bad_normalize_message_leak", bad_normalize_message_leak, METH_VARARGS, NULL },
  { "ok_raise_with_cause", ok_raise_with_cause, METH_O, NULL },
  { "ok_getattr_missing_is_none", ok_getattr_missing_is_none, METH_O, NULL },
  { "bad_getattr_clear_return_null", bad_getattr_clear_return_null, METH_O, NULL },
  { "ok_setobject_release", ok_setobject_release, METH_VARARGS, NULL },
  { "bad_setobject_leak", bad_setobject_leak, METH_VARARGS, NULL },
  { "ok_setobject_keyerror", ok_setobject_keyerror, METH_VARARGS, NULL },
  { "ok_occurred_after_loop", ok_occurred_after_loop, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef exceptions_module = {
  PyModuleDef_HEAD_INIT, "exceptions", NULL, -1, exceptions_methods,
};

PyMODINIT_FUNC
PyInit_exceptions (void)
{
  if (PyType_Ready (&Reader_Type) < 0 || PyType_Ready (&Reader2_Type) < 0)
    return NULL;
  PyObject *m = PyModule_Create (&exceptions_module);
  if (m == NULL)
    return NULL;
  ParseError = PyErr_NewException ("exceptions.ParseError", NULL, NULL);
  if (ParseError == NULL || PyModule_AddObjectRef (m, "ParseError", ParseError) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  if (PyModule_AddObjectRef (m, "Reader", (PyObject *) &Reader_Type) < 0
      || PyModule_AddObjectRef (m, "Reader2", (PyObject *) &Reader2_Type) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
