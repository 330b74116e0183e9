/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* Py_CLEAR, Py_SETREF and Py_XSETREF on locals, fields and globals: the
   Python 3.11 macros of the headers (the target is assigned directly) and
   the Python 3.12 macros, which take the target's address, so that a local
   target becomes an addressable variable.  */

/* Copied from CPython 3.12: Py_CLEAR from Include/object.h, Py_SETREF and
   Py_XSETREF from Include/cpython/object.h, in both variants (GCC defines
   _Py_TYPEOF as __typeof__; other compilers get the memcpy variant).  */
#define PY312_TYPEOF(expr) __typeof__ (expr)

#define PY312_CLEAR(op) \
    do { \
        PY312_TYPEOF(op)* _tmp_op_ptr = &(op); \
        PY312_TYPEOF(op) _tmp_old_op = (*_tmp_op_ptr); \
        if (_tmp_old_op != NULL) { \
            *_tmp_op_ptr = _Py_NULL; \
            Py_DECREF(_tmp_old_op); \
        } \
    } while (0)

#define PY312_CLEAR_MEMCPY(op) \
    do { \
        PyObject **_tmp_op_ptr = _Py_CAST(PyObject**, &(op)); \
        PyObject *_tmp_old_op = (*_tmp_op_ptr); \
        if (_tmp_old_op != NULL) { \
            PyObject *_null_ptr = _Py_NULL; \
            memcpy(_tmp_op_ptr, &_null_ptr, sizeof(PyObject*)); \
            Py_DECREF(_tmp_old_op); \
        } \
    } while (0)

#define PY312_SETREF(dst, src) \
    do { \
        PY312_TYPEOF(dst)* _tmp_dst_ptr = &(dst); \
        PY312_TYPEOF(dst) _tmp_old_dst = (*_tmp_dst_ptr); \
        *_tmp_dst_ptr = (src); \
        Py_DECREF(_tmp_old_dst); \
    } while (0)

#define PY312_SETREF_MEMCPY(dst, src) \
    do { \
        PyObject **_tmp_dst_ptr = _Py_CAST(PyObject**, &(dst)); \
        PyObject *_tmp_old_dst = (*_tmp_dst_ptr); \
        PyObject *_tmp_src = _PyObject_CAST(src); \
        memcpy(_tmp_dst_ptr, &_tmp_src, sizeof(PyObject*)); \
        Py_DECREF(_tmp_old_dst); \
    } while (0)

#define PY312_XSETREF(dst, src) \
    do { \
        PY312_TYPEOF(dst)* _tmp_dst_ptr = &(dst); \
        PY312_TYPEOF(dst) _tmp_old_dst = (*_tmp_dst_ptr); \
        *_tmp_dst_ptr = (src); \
        Py_XDECREF(_tmp_old_dst); \
    } while (0)

typedef struct
{
  PyObject_HEAD
  PyObject *name;      /* str, never NULL */
  PyObject *callback;  /* callable or NULL */
} Handler;

static PyObject *default_callback;  /* new reference or NULL */
static PyObject *last_result;       /* new reference or NULL */

/* ---- Python 3.11 forms (the headers' macros) ---- */

/* Py_SETREF on a local: each step replaces the running value.  */
static PyObject *
ok_join_reprs (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *text = PyObject_Repr (a);
  if (text == NULL)
    return NULL;
  PyObject *rb = PyObject_Repr (b);
  if (rb == NULL)
    {
      Py_DECREF (text);
      return NULL;
    }
  Py_SETREF (text, PyUnicode_Concat (text, rb));
  Py_DECREF (rb);
  if (text == NULL)
    return NULL;
  return text;
}

/* Py_CLEAR on locals used as the cleanup of a goto error path.  */
static PyObject *
ok_pair_or_error (PyObject *self, PyObject *arg)
{
  PyObject *key = NULL, *value = NULL;
  key = PyObject_Str (arg);
  if (key == NULL)
    goto error;
  value = PyObject_Repr (arg);
  if (value == NULL)
    goto error;
  PyObject *result = PyTuple_Pack (2, key, value);
  Py_CLEAR (key);
  Py_CLEAR (value);
  return result;
error:
  Py_CLEAR (key);
  Py_CLEAR (value);
  return NULL;
}

/* Py_CLEAR and Py_XSETREF on a field.  */
static PyObject *
ok_handler_set_callback (Handler *self, PyObject *callback)
{
  if (callback == Py_None)
    {
      Py_CLEAR (self->callback);
      Py_RETURN_NONE;
    }
  if (!PyCallable_Check (callback))
    {
      PyErr_SetString (PyExc_TypeError, "callback must be callable");
      return NULL;
    }
  Py_XSETREF (self->callback, Py_NewRef (callback));
  Py_RETURN_NONE;
}

/* Py_XSETREF on a global; the callback is kept alive during the call,
   which may replace self->callback.  */
static PyObject *
ok_handler_fire (Handler *self, PyObject *arg)
{
  PyObject *callback = self->callback ? self->callback : default_callback;
  if (callback == NULL)
    Py_RETURN_NONE;
  Py_INCREF (callback);
  PyObject *result = PyObject_CallOneArg (callback, arg);
  Py_DECREF (callback);
  if (result == NULL)
    return NULL;
  Py_XSETREF (last_result, result);
  return Py_NewRef (result);
}

/* Py_CLEAR on globals.  */
static PyObject *
ok_reset_globals (PyObject *module, PyObject *Py_UNUSED (ignored))
{
  Py_CLEAR (default_callback);
  Py_CLEAR (last_result);
  Py_RETURN_NONE;
}

/* BUG: 'alias' is a copy of 'text'; Py_CLEAR (text) releases the only
   reference and Py_DECREF (alias) releases it again.  */
static PyObject *
bad_clear_copy (PyObject *self, PyObject *arg)
{
  PyObject *text = PyObject_Str (arg); /* { dg-line str } */
  if (text == NULL)
    return NULL;
  PyObject *alias = text;
  Py_ssize_t n = PyUnicode_GetLength (alias);
  Py_CLEAR (text); /* { dg-line clear } */
  Py_DECREF (alias); /* { dg-warning "double release of 'text' \\\[pyrefcheck-refcount-too-low\\\]" } */
  return PyLong_FromSsize_t (n);
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" "" { target *-*-* } str } */
  /* { dg-message "following 'false' branch \\(when 'text' is non-NULL\\)" "" { target *-*-* } .-8 } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } clear } */
  /* { dg-message "last reference released by 'Py_DECREF'" "" { target *-*-* } clear } */
  /* { dg-message "'Py_DECREF' releases 'text' again; its last reference was released at \\(\[0-9\]+\\)" "" { target *-*-* } .-6 } */
}

/* BUG: the Py_SETREF'd value is never handed on: the function returns
   None and the accumulated sum leaks.  */
static PyObject *
bad_sum_unused (PyObject *self, PyObject *list)
{
  PyObject *total = PyLong_FromLong (0); /* { dg-line zero } */
  if (total == NULL)
    return NULL;
  Py_ssize_t n = PyList_Size (list);
  for (Py_ssize_t i = 0; i < n; i++) /* { dg-line loop } */
    {
      PyObject *item = PyList_GetItem (list, i);
      if (item == NULL)
        {
          Py_DECREF (total);
          return NULL;
        }
      Py_SETREF (total, PyNumber_Add (total, item)); /* { dg-line add } */
      if (total == NULL)
        return NULL;
    }
  Py_RETURN_NONE; /* { dg-warning "leak of 'total' \\\[pyrefcheck-leak\\\]" } */
  /* Reported for the value before the loop and for the one the loop made.  */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'total'" "" { target *-*-* } zero } */
  /* { dg-message "following 'false' branch \\(when 'total' is non-NULL\\)" "" { target *-*-* } .-18 } */
  /* { dg-message "\\(1\\) new reference returned by 'PyNumber_Add' is stored in 'total'" "" { target *-*-* } add } */
  /* { dg-message "following 'false' branch \\(when 'total' is non-NULL\\)" "" { target *-*-* } .-8 } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } loop } */
  /* { dg-message "'total' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-7 } */
}

/* BUG: Py_XSETREF stores the borrowed argument into the field.  */
static PyObject *
bad_handler_set_name (Handler *self, PyObject *name)
{
  if (!PyUnicode_Check (name))
    {
      PyErr_SetString (PyExc_TypeError, "name must be a string");
      return NULL;
    }
  Py_XSETREF (self->name, name); /* { dg-warning "storing borrowed reference 'name' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_RETURN_NONE;
  /* { dg-message "\\(1\\) following 'false' branch" "" { target *-*-* } .-7 } */
  /* { dg-message "stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-3 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(\[0-9\]+\\)" "" { target *-*-* } .-3 } */
}

/* BUG: Py_SETREF on a borrowed local releases a reference the function
   never owned.  */
static PyObject *
bad_setref_borrowed (PyObject *self, PyObject *args)
{
  PyObject *first = PyTuple_GetItem (args, 0); /* { dg-line item } */
  if (first == NULL)
    return NULL;
  Py_SETREF (first, PyObject_Str (first)); /* { dg-warning "'Py_DECREF' releases 'first', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  return first;
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyTuple_GetItem' is stored in 'first'" "" { target *-*-* } item } */
  /* { dg-message "following 'false' branch \\(when 'first' is non-NULL\\)" "" { target *-*-* } .-5 } */
  /* { dg-message "'Py_DECREF' releases 'first', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } .-4 } */
}

/* ---- Python 3.12 forms (the target's address is taken) ---- */

/* As ok_join_reprs: 'text' is now addressable, its value goes through
   _tmp_dst_ptr.  */
static PyObject *
ok_join_reprs_312 (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *text = PyObject_Repr (a);
  if (text == NULL)
    return NULL;
  PyObject *rb = PyObject_Repr (b);
  if (rb == NULL)
    {
      Py_DECREF (text);
      return NULL;
    }
  PY312_SETREF (text, PyUnicode_Concat (text, rb));
  Py_DECREF (rb);
  if (text == NULL)
    return NULL;
  return text;
}

/* The same with the memcpy variant of Py_SETREF.  */
static PyObject *
ok_join_reprs_312_memcpy (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *text = PyObject_Repr (a);
  if (text == NULL)
    return NULL;
  PyObject *rb = PyObject_Repr (b);
  if (rb == NULL)
    {
      Py_DECREF (text);
      return NULL;
    }
  PY312_SETREF_MEMCPY (text, PyUnicode_Concat (text, rb));
  Py_DECREF (rb);
  if (text == NULL)
    return NULL;
  return text;
}

/* Py_CLEAR of locals in both variants.  */
static PyObject *
ok_pair_or_error_312 (PyObject *self, PyObject *arg)
{
  PyObject *key = NULL, *value = NULL;
  key = PyObject_Str (arg);
  if (key == NULL)
    goto error;
  value = PyObject_Repr (arg);
  if (value == NULL)
    goto error;
  PyObject *result = PyTuple_Pack (2, key, value);
  PY312_CLEAR (key);
  PY312_CLEAR_MEMCPY (value);
  return result;
error:
  PY312_CLEAR (key);
  PY312_CLEAR_MEMCPY (value);
  return NULL;
}

/* Field and global targets.  */
static PyObject *
ok_handler_set_callback_312 (Handler *self, PyObject *callback)
{
  if (callback == Py_None)
    {
      PY312_CLEAR (self->callback);
      Py_RETURN_NONE;
    }
  PY312_XSETREF (self->callback, Py_NewRef (callback));
  Py_RETURN_NONE;
}

static PyObject *
ok_set_default_312 (PyObject *module, PyObject *callback)
{
  PY312_XSETREF (default_callback, Py_NewRef (callback));
  PY312_CLEAR_MEMCPY (last_result);
  Py_RETURN_NONE;
}

/* The memcpy variant of Py_SETREF stores the new reference in the field.  */
static PyObject *
ok_upper_name_312 (Handler *self, PyObject *Py_UNUSED (ignored))
{
  PyObject *upper = PyObject_CallMethod (self->name, "upper", NULL);
  if (upper == NULL)
    return NULL;
  PY312_SETREF_MEMCPY (self->name, upper);
  return Py_NewRef (self->name);
}

/* BUG: as bad_clear_copy, with the 3.12 Py_CLEAR.  */
static PyObject *
bad_clear_copy_312 (PyObject *self, PyObject *arg)
{
  PyObject *text = PyObject_Str (arg); /* { dg-line str312 } */
  if (text == NULL)
    return NULL;
  PyObject *alias = text;
  Py_ssize_t n = PyUnicode_GetLength (alias);
  PY312_CLEAR (text); /* { dg-line clear312 } */
  Py_DECREF (alias); /* { dg-warning "double release of 'text' \\\[pyrefcheck-refcount-too-low\\\]" } */
  return PyLong_FromSsize_t (n);
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" "" { target *-*-* } str312 } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } .-8 } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } clear312 } */
  /* { dg-message "last reference released by 'Py_DECREF'" "" { target *-*-* } clear312 } */
  /* { dg-message "'Py_DECREF' releases 'text' again; its last reference was released at \\(\[0-9\]+\\)" "" { target *-*-* } .-6 } */
}

/* BUG: as bad_sum_unused, with the 3.12 Py_SETREF.  */
static PyObject *
bad_sum_unused_312 (PyObject *self, PyObject *list)
{
  PyObject *total = PyLong_FromLong (0); /* { dg-line zero312 } */
  if (total == NULL)
    return NULL;
  Py_ssize_t n = PyList_Size (list);
  for (Py_ssize_t i = 0; i < n; i++) /* { dg-line loop312 } */
    {
      PyObject *item = PyList_GetItem (list, i);
      if (item == NULL)
        {
          Py_DECREF (total);
          return NULL;
        }
      PY312_SETREF (total, PyNumber_Add (total, item)); /* { dg-line add312 } */
      if (total == NULL)
        return NULL;
    }
  Py_RETURN_NONE; /* { dg-warning "leak of 'total' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'total'" "" { target *-*-* } zero312 } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } .-17 } */
  /* { dg-message "\\(1\\) new reference returned by 'PyNumber_Add' is stored in 'total'" "" { target *-*-* } add312 } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } .-7 } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } loop312 } */
  /* { dg-message "'total' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-6 } */
}

/* BUG: the 3.12 Py_XSETREF stores a borrowed argument into a global.  */
static PyObject *
bad_set_default_312 (PyObject *module, PyObject *callback)
{
  PY312_XSETREF (default_callback, callback); /* { dg-warning "storing borrowed reference 'callback' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_RETURN_NONE;
  /* { dg-message "\\(1\\) stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-2 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(1\\)" "" { target *-*-* } .-2 } */
}

/* BUG: the 3.12 Py_CLEAR of a borrowed dictionary value.  */
static PyObject *
bad_clear_borrowed_312 (PyObject *module, PyObject *options)
{
  if (!PyDict_Check (options))
    {
      PyErr_SetString (PyExc_TypeError, "options must be a dict");
      return NULL;
    }
  PyObject *verbose = PyDict_GetItemString (options, "verbose"); /* { dg-line lookup } */
  int flag = verbose != NULL && PyObject_IsTrue (verbose) > 0; /* { dg-line test } */
  PY312_CLEAR (verbose); /* { dg-warning "'Py_DECREF' releases 'verbose', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  return PyBool_FromLong (flag);
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyDict_GetItemString' is stored in 'verbose'" "" { target *-*-* } lookup } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } test } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } test } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } .-5 } */
  /* { dg-message "'Py_DECREF' releases 'verbose', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } .-6 } */
}

static PyMethodDef handler_methods[] = {
  { "set_callback", (PyCFunction) ok_handler_set_callback, METH_O, NULL },
  { "set_callback_312", (PyCFunction) ok_handler_set_callback_312, METH_O,
    NULL },
  { "fire", (PyCFunction) ok_handler_fire, METH_O, NULL },
  { "set_name", (PyCFunction) bad_handler_set_name, METH_O, NULL },
  { "upper_name", (PyCFunction) ok_upper_name_312, METH_NOARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static PyTypeObject Handler_Type = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "handlers.Handler",
  .tp_basicsize = sizeof (Handler),
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_new = PyType_GenericNew,
  .tp_methods = handler_methods,
};

static PyMethodDef module_methods[] = {
  { "join_reprs", ok_join_reprs, METH_VARARGS, NULL },
  { "join_reprs_312", ok_join_reprs_312, METH_VARARGS, NULL },
  { "pair", ok_pair_or_error, METH_O, NULL },
  { "pair_312", ok_pair_or_error_312, METH_O, NULL },
  { "reset", ok_reset_globals, METH_NOARGS, NULL },
  { "set_default_312", ok_set_default_312, METH_O, NULL },
  { "clear_copy", bad_clear_copy, METH_O, NULL },
  { "clear_copy_312", bad_clear_copy_312, METH_O, NULL },
  { "sum_unused", bad_sum_unused, METH_O, NULL },
  { "sum_unused_312", bad_sum_unused_312, METH_O, NULL },
  { "setref_borrowed", bad_setref_borrowed, METH_VARARGS, NULL },
  { "bad_set_default_312", bad_set_default_312, METH_O, NULL },
  { "clear_borrowed_312", bad_clear_borrowed_312, METH_O, NULL },
  { "join_reprs_312_memcpy", ok_join_reprs_312_memcpy, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef handlers_module = {
  PyModuleDef_HEAD_INIT, "handlers", NULL, -1, module_methods,
};

PyMODINIT_FUNC
PyInit_handlers (void)
{
  if (PyType_Ready (&Handler_Type) < 0)
    return NULL;
  PyObject *m = PyModule_Create (&handlers_module);
  if (m == NULL)
    return NULL;
  if (PyModule_AddObjectRef (m, "Handler", (PyObject *) &Handler_Type) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
