/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* NULL dereferences: results of calls that return NULL on failure (new
   references such as PyObject_Str, borrowed ones such as PyList_GetItem
   or PyDict_GetItemString) passed unchecked to Py_DECREF, Py_INCREF,
   Py_TYPE, Py_SIZE, PyTuple_GET_SIZE, or dereferenced with ->.  Next to
   them, the correct variants: checked first, Py_XDECREF of a result that
   may be NULL, a result checked through a flag variable, and the
   "if (!a || !b) goto error;" pattern.  */

/* BUG: a method called for its side effect raises, and its NULL result
   is released.  */
static PyObject *
bad_decref_unchecked_call (PyObject *self, PyObject *stream)
{
  PyObject *r = PyObject_CallMethod (stream, "flush", NULL); /* { dg-line acquire } */
  Py_DECREF (r); /* { dg-warning "'Py_DECREF' of 'r', which is NULL when 'PyObject_CallMethod' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyObject_CallMethod' fails and returns NULL into 'r'" "" { target *-*-* } acquire } */
  /* { dg-message "\\(2\\) 'r' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  Py_RETURN_NONE;
}

/* Correct: the same, checked with "if (!(r = ...))".  */
static PyObject *
ok_decref_checked_call (PyObject *self, PyObject *stream)
{
  PyObject *r;
  if (!(r = PyObject_CallMethod (stream, "flush", NULL)))
    return NULL;
  Py_DECREF (r);
  Py_RETURN_NONE;
}

/* Correct: PyObject_Str checked before its length is read.  */
static PyObject *
ok_decref_checked_str (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj);
  if (text == NULL)
    return NULL;
  Py_ssize_t len = PyUnicode_GetLength (text);
  Py_DECREF (text);
  if (len < 0)
    return NULL;
  return PyLong_FromSsize_t (len);
}

/* BUG: PyList_GetItem raises IndexError on an empty list and returns
   NULL, which Py_INCREF dereferences.  */
static PyObject *
bad_incref_list_getitem (PyObject *self, PyObject *list)
{
  if (!PyList_Check (list))
    {
      PyErr_SetString (PyExc_TypeError, "expected a list");
      return NULL;
    }
  PyObject *first = PyList_GetItem (list, 0); /* { dg-line first } */
  Py_INCREF (first); /* { dg-warning "'Py_INCREF' of 'first', which is NULL when 'PyList_GetItem' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyList_GetItem' fails and returns NULL into 'first'" "" { target *-*-* } first } */
  /* { dg-message "\\(2\\) 'first' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  return first;
}

/* Correct: borrowed item checked, then a new reference returned.  */
static PyObject *
ok_incref_list_getitem (PyObject *self, PyObject *args)
{
  PyObject *list;
  Py_ssize_t index;
  if (!PyArg_ParseTuple (args, "O!n", &PyList_Type, &list, &index))
    return NULL;
  PyObject *item = PyList_GetItem (list, index);
  if (item == NULL)
    return NULL;
  Py_INCREF (item);
  return item;
}

/* BUG: a missing "dtype" key makes PyDict_GetItemString return NULL, and
   Py_TYPE dereferences it.  */
static PyObject *
bad_type_of_dict_item (PyObject *self, PyObject *options)
{
  if (!PyDict_Check (options))
    {
      PyErr_SetString (PyExc_TypeError, "options must be a dict");
      return NULL;
    }
  PyObject *dtype = PyDict_GetItemString (options, "dtype"); /* { dg-line dtype_lookup } */
  const char *name = Py_TYPE (dtype)->tp_name; /* { dg-warning "'Py_TYPE' of 'dtype', which is NULL when 'PyDict_GetItemString' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyDict_GetItemString' fails and returns NULL into 'dtype'" "" { target *-*-* } dtype_lookup } */
  /* { dg-message "\\(2\\) 'dtype' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  return PyUnicode_FromString (name);
}

/* Correct: a missing key means the default.  */
static PyObject *
ok_type_of_dict_item (PyObject *self, PyObject *options)
{
  if (!PyDict_Check (options))
    {
      PyErr_SetString (PyExc_TypeError, "options must be a dict");
      return NULL;
    }
  PyObject *dtype = PyDict_GetItemString (options, "dtype");
  if (dtype == NULL)
    return PyUnicode_FromString ("float64");
  return PyUnicode_FromString (Py_TYPE (dtype)->tp_name);
}

/* BUG: the attribute lookup fails (AttributeError) and ->ob_type
   dereferences the NULL.  */
static PyObject *
bad_ob_type_of_attr (PyObject *self, PyObject *obj)
{
  PyObject *shape = PyObject_GetAttrString (obj, "shape"); /* { dg-line shape_attr } */
  int is_tuple = shape->ob_type == &PyTuple_Type; /* { dg-warning "dereference of 'shape', which is NULL when 'PyObject_GetAttrString' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyObject_GetAttrString' fails and returns NULL into 'shape'" "" { target *-*-* } shape_attr } */
  /* { dg-message "\\(2\\) 'shape' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  Py_XDECREF (shape);
  return PyBool_FromLong (is_tuple);
}

/* Correct: checked, then ->ob_type.  */
static PyObject *
ok_ob_type_of_attr (PyObject *self, PyObject *obj)
{
  PyObject *shape = PyObject_GetAttrString (obj, "shape");
  if (shape == NULL)
    return NULL;
  int is_tuple = shape->ob_type == &PyTuple_Type;
  Py_DECREF (shape);
  return PyBool_FromLong (is_tuple);
}

/* BUG: PySequence_Tuple fails for a non-iterable and PyTuple_GET_SIZE
   reads the size of NULL.  */
static PyObject *
bad_tuple_size_unchecked (PyObject *self, PyObject *obj)
{
  PyObject *tuple = PySequence_Tuple (obj); /* { dg-line tuple_conv } */
  Py_ssize_t n = PyTuple_GET_SIZE (tuple); /* { dg-warning "'PyTuple_GET_SIZE' of 'tuple', which is NULL when 'PySequence_Tuple' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PySequence_Tuple' fails and returns NULL into 'tuple'" "" { target *-*-* } tuple_conv } */
  /* { dg-message "\\(2\\) 'tuple' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  Py_DECREF (tuple);
  return PyLong_FromSsize_t (n);
}

/* BUG: PyBytes_FromStringAndSize fails (MemoryError) and Py_SIZE reads
   through NULL.  */
static PyObject *
bad_py_size_unchecked (PyObject *self, PyObject *args)
{
  const char *data;
  Py_ssize_t len;
  if (!PyArg_ParseTuple (args, "y#", &data, &len))
    return NULL;
  PyObject *copy = PyBytes_FromStringAndSize (data, len); /* { dg-line copy_alloc } */
  if (Py_SIZE (copy) == 0) /* { dg-warning "'Py_SIZE' of 'copy', which is NULL when 'PyBytes_FromStringAndSize' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyBytes_FromStringAndSize' fails and returns NULL into 'copy'" "" { target *-*-* } copy_alloc } */
  /* { dg-message "\\(2\\) 'copy' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
    {
      Py_DECREF (copy);
      Py_RETURN_NONE;
    }
  return copy;
}

/* Correct: Py_SIZE and PyTuple_GET_SIZE after the checks.  */
static PyObject *
ok_sizes_checked (PyObject *self, PyObject *obj)
{
  PyObject *tuple = PySequence_Tuple (obj);
  if (tuple == NULL)
    return NULL;
  PyObject *bytes = PyBytes_FromStringAndSize (NULL, PyTuple_GET_SIZE (tuple));
  if (bytes == NULL)
    {
      Py_DECREF (tuple);
      return NULL;
    }
  char *buf = PyBytes_AS_STRING (bytes);
  for (Py_ssize_t i = 0; i < Py_SIZE (bytes); i++)
    buf[i] = PyTuple_GET_ITEM (tuple, i) == Py_None ? 0 : 1;
  Py_DECREF (tuple);
  return bytes;
}

/* Correct: a best-effort close whose result may be NULL (the error is
   reported as unraisable); Py_XDECREF accepts NULL.  */
static PyObject *
ok_close_xdecref (PyObject *self, PyObject *file)
{
  PyObject *res = PyObject_CallMethod (file, "close", NULL);
  if (res == NULL)
    PyErr_WriteUnraisable (file);
  Py_XDECREF (res);
  Py_RETURN_NONE;
}

/* Correct: the results are checked through a flag variable.  */
static PyObject *
ok_flag_variable (PyObject *self, PyObject *args)
{
  PyObject *file;
  const char *text;
  if (!PyArg_ParseTuple (args, "Os", &file, &text))
    return NULL;
  PyObject *r = PyObject_CallMethod (file, "write", "s", text);
  int ok = (r != NULL);
  if (ok)
    Py_DECREF (r);
  if (ok)
    {
      PyObject *f = PyObject_CallMethod (file, "flush", NULL);
      ok = f != NULL;
      if (ok)
        Py_DECREF (f);
    }
  if (!ok)
    return NULL;
  Py_RETURN_NONE;
}

/* Correct: both results checked by one condition; the shared label
   releases whichever exists.  */
static PyObject *
ok_goto_error_pair (PyObject *self, PyObject *args)
{
  Py_ssize_t start, stop;
  PyObject *lo = NULL, *hi = NULL, *result = NULL;
  if (!PyArg_ParseTuple (args, "nn", &start, &stop))
    return NULL;
  lo = PyLong_FromSsize_t (start);
  hi = PyLong_FromSsize_t (stop);
  if (!lo || !hi)
    goto error;
  result = PySlice_New (lo, hi, NULL);
error:
  Py_XDECREF (lo);
  Py_XDECREF (hi);
  return result;
}

/* BUG: only the first result is checked; when the second repr fails,
   its NULL reaches Py_DECREF.  */
static PyObject *
bad_second_unchecked (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *ra = PyObject_Repr (a);
  PyObject *rb = PyObject_Repr (b); /* { dg-line second } */
  if (ra == NULL) /* { dg-line first_check } */
    {
      Py_XDECREF (rb);
      return NULL;
    }
  PyObject *result = PyUnicode_FromFormat ("%U == %U", ra, rb);
  Py_DECREF (ra);
  Py_DECREF (rb); /* { dg-warning "'Py_DECREF' of 'rb', which is NULL when 'PyObject_Repr' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyObject_Repr' fails and returns NULL into 'rb'" "" { target *-*-* } second } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'ra' is non-NULL\\)\\.\\.\\." "" { target *-*-* } first_check } */
  /* { dg-message "\\(3\\) 'rb' is NULL here; see \\(1\\)" "" { target *-*-* } .-3 } */
  return result;
}

/* Correct: a loop over a checked iterator, each item checked by the loop
   condition.  */
static PyObject *
ok_iterate_types (PyObject *self, PyObject *obj)
{
  PyObject *it = PyObject_GetIter (obj);
  if (it == NULL)
    return NULL;
  PyObject *names = PyList_New (0);
  if (names == NULL)
    {
      Py_DECREF (it);
      return NULL;
    }
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      PyObject *name = PyUnicode_FromString (Py_TYPE (item)->tp_name);
      Py_DECREF (item);
      if (name == NULL || PyList_Append (names, name) < 0)
        {
          Py_XDECREF (name);
          Py_DECREF (it);
          Py_DECREF (names);
          return NULL;
        }
      Py_DECREF (name);
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    {
      Py_DECREF (names);
      return NULL;
    }
  return names;
}

/* BUG: the first item of an empty iterator is NULL.  */
static PyObject *
bad_first_item_type (PyObject *self, PyObject *obj)
{
  PyObject *it = PyObject_GetIter (obj);
  if (it == NULL)
    return NULL;
  PyObject *item = PyIter_Next (it); /* { dg-line first_next } */
  Py_DECREF (it);
  PyObject *type = (PyObject *) Py_TYPE (item); /* { dg-warning "'Py_TYPE' of 'item', which is NULL when 'PyIter_Next' fails \\\[pyrefcheck-null-deref\\\]" } */
  /* { dg-message "\\(1\\) 'PyIter_Next' fails and returns NULL into 'item'" "" { target *-*-* } first_next } */
  /* { dg-message "\\(2\\) 'item' is NULL here; see \\(1\\)" "" { target *-*-* } .-2 } */
  Py_INCREF (type);
  Py_DECREF (item);
  return type;
}

/* Correct: PyTuple_GetItem checked before Py_TYPE.  */
static PyObject *
ok_tuple_getitem_checked (PyObject *self, PyObject *args)
{
  PyObject *first = PyTuple_GetItem (args, 0);
  if (first == NULL)
    return NULL;
  return PyBool_FromLong (Py_TYPE (first) == &PyFloat_Type);
}

/* Correct: PyDict_GetItemWithError tells a missing key (NULL, no
   exception) from an error (NULL with one).  */
static PyObject *
ok_dict_lookup_with_error (PyObject *self, PyObject *args)
{
  PyObject *dict, *key, *dflt = Py_None;
  if (!PyArg_ParseTuple (args, "O!O|O", &PyDict_Type, &dict, &key, &dflt))
    return NULL;
  PyObject *value = PyDict_GetItemWithError (dict, key);
  if (value == NULL)
    {
      if (PyErr_Occurred ())
        return NULL;
      value = dflt;
    }
  Py_INCREF (value);
  return value;
}

static PyMethodDef nullderef_methods[] = {
  { "bad_decref_unchecked_call", bad_decref_unchecked_call, METH_O, NULL },
  { "ok_decref_checked_call", ok_decref_checked_call, METH_O, NULL },
  { "ok_decref_checked_str", ok_decref_checked_str, METH_O, NULL },
  { "bad_incref_list_getitem", bad_incref_list_getitem, METH_O, NULL },
  { "ok_incref_list_getitem", ok_incref_list_getitem, METH_VARARGS, NULL },
  { "bad_type_of_dict_item", bad_type_of_dict_item, METH_O, NULL },
  { "ok_type_of_dict_item", ok_type_of_dict_item, METH_O, NULL },
  { "bad_ob_type_of_attr", bad_ob_type_of_attr, METH_O, NULL },
  { "ok_ob_type_of_attr", ok_ob_type_of_attr, METH_O, NULL },
  { "bad_tuple_size_unchecked", bad_tuple_size_unchecked, METH_O, NULL },
  { "bad_py_size_unchecked", bad_py_size_unchecked, METH_VARARGS, NULL },
  { "ok_sizes_checked", ok_sizes_checked, METH_O, NULL },
  { "ok_close_xdecref", ok_close_xdecref, METH_O, NULL },
  { "ok_flag_variable", ok_flag_variable, METH_VARARGS, NULL },
  { "ok_goto_error_pair", ok_goto_error_pair, METH_VARARGS, NULL },
  { "bad_second_unchecked", bad_second_unchecked, METH_VARARGS, NULL },
  { "ok_iterate_types", ok_iterate_types, METH_O, NULL },
  { "bad_first_item_type", bad_first_item_type, METH_O, NULL },
  { "ok_tuple_getitem_checked", ok_tuple_getitem_checked, METH_VARARGS, NULL },
  { "ok_dict_lookup_with_error", ok_dict_lookup_with_error, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef nullderef_module = {
  PyModuleDef_HEAD_INIT, "nullderef", NULL, -1, nullderef_methods,
};

PyMODINIT_FUNC
PyInit_nullderef (void)
{
  return PyModule_Create (&nullderef_module);
}
