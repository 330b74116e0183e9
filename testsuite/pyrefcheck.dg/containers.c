/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Containers that borrow what they are given (PyList_Append,
   PyDict_SetItem, PyDict_SetItemString, PyTuple_Pack: the caller still
   releases its reference) and accessors that return borrowed references
   (PyList_GetItem, PyTuple_GetItem, PyDict_GetItem, PyDict_Next,
   PySequence_Fast_ITEMS).  */

/* Correct: PyList_Append takes its own reference.  */
static PyObject *
ok_append_release (PyObject *self, PyObject *args)
{
  PyObject *list, *obj;
  if (!PyArg_ParseTuple (args, "O!O", &PyList_Type, &list, &obj))
    return NULL;
  PyObject *r = PyObject_Repr (obj);
  if (r == NULL)
    return NULL;
  int rc = PyList_Append (list, r);
  Py_DECREF (r);
  if (rc < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: PyList_Append does not steal; the new reference leaks.  */
static PyObject *
bad_append_leak (PyObject *self, PyObject *args)
{
  PyObject *list, *obj;
  if (!PyArg_ParseTuple (args, "O!O", &PyList_Type, &list, &obj))
    return NULL;
  PyObject *r = PyObject_Repr (obj); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Repr' is stored in 'r'" } */
  if (r == NULL)
    return NULL;
  if (PyList_Append (list, r) < 0) /* { dg-message "'PyList_Append' fails" } */
    return NULL; /* { dg-warning "leak of 'r' \\\[pyrefcheck-leak\\\]" } */
  Py_RETURN_NONE; /* { dg-message "'r' also leaks here, on another path" } */
  /* { dg-message "'r' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
}

/* Correct: a dict filled with PyDict_SetItemString and PyDict_SetItem,
   every value released after it is stored.  */
static PyObject *
ok_dict_set_items (PyObject *self, PyObject *args)
{
  const char *name;
  int major, minor;
  if (!PyArg_ParseTuple (args, "sii", &name, &major, &minor))
    return NULL;
  PyObject *info = PyDict_New ();
  if (info == NULL)
    return NULL;
  PyObject *value = PyUnicode_FromString (name);
  if (value == NULL)
    goto error;
  if (PyDict_SetItemString (info, "name", value) < 0)
    {
      Py_DECREF (value);
      goto error;
    }
  Py_DECREF (value);
  PyObject *key = PyUnicode_FromString ("version");
  if (key == NULL)
    goto error;
  value = Py_BuildValue ("(ii)", major, minor);
  if (value == NULL)
    {
      Py_DECREF (key);
      goto error;
    }
  int rc = PyDict_SetItem (info, key, value);
  Py_DECREF (key);
  Py_DECREF (value);
  if (rc < 0)
    goto error;
  return info;
error:
  Py_DECREF (info);
  return NULL;
}

/* Correct: the older style of testing the int result for non-zero
   instead of < 0 (these functions return only 0 or -1).  */
static PyObject *
ok_setitem_nonzero_check (PyObject *self, PyObject *args)
{
  PyObject *dict, *list, *obj;
  if (!PyArg_ParseTuple (args, "O!O!O", &PyDict_Type, &dict, &PyList_Type,
                         &list, &obj))
    return NULL;
  PyObject *h = PyLong_FromSsize_t (PyObject_Hash (obj));
  if (h == NULL)
    return NULL;
  if (PyDict_SetItem (dict, h, obj) || PyList_Append (list, h))
    {
      Py_DECREF (h);
      return NULL;
    }
  Py_DECREF (h);
  Py_RETURN_NONE;
}

/* BUG: the new reference made for the value is given to
   PyDict_SetItemString, which only borrows it.  */
static int
bad_dict_setitemstring_inline (PyObject *dict, long pid)
{
  return PyDict_SetItemString (dict, "pid", PyLong_FromLong (pid)); /* { dg-warning "leak of the new reference returned by 'PyLong_FromLong' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong'" "" { target *-*-* } .-1 } */
  /* { dg-message "the new reference returned by 'PyLong_FromLong' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
}

/* Correct: PyTuple_Pack borrows its arguments, so both are released
   after packing.  */
static PyObject *
ok_tuple_pack (PyObject *self, PyObject *args)
{
  double re, im;
  if (!PyArg_ParseTuple (args, "dd", &re, &im))
    return NULL;
  PyObject *a = PyFloat_FromDouble (re);
  if (a == NULL)
    return NULL;
  PyObject *b = PyFloat_FromDouble (im);
  if (b == NULL)
    {
      Py_DECREF (a);
      return NULL;
    }
  PyObject *pair = PyTuple_Pack (2, a, b);
  Py_DECREF (a);
  Py_DECREF (b);
  return pair;
}

/* BUG: PyTuple_Pack does not steal: the string leaks.  */
static PyObject *
bad_tuple_pack_leak (PyObject *self, PyObject *obj)
{
  PyObject *s = PyObject_Str (obj); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 's'" } */
  if (s == NULL)
    return NULL;
  return PyTuple_Pack (2, obj, s); /* { dg-warning "leak of 's' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "'s' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* BUG: PyList_GetItem returns a borrowed reference; a method must return
   a new one.  */
static PyObject *
bad_return_list_item (PyObject *self, PyObject *args)
{
  PyObject *list;
  Py_ssize_t i;
  if (!PyArg_ParseTuple (args, "O!n", &PyList_Type, &list, &i))
    return NULL;
  PyObject *item = PyList_GetItem (list, i); /* { dg-line list_item } */
  if (item == NULL) /* { dg-line list_item_check } */
    return NULL;
  return item; /* { dg-warning "returning borrowed reference 'item' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyList_GetItem' is stored in 'item'" "" { target *-*-* } list_item } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'item' is non-NULL\\)" "" { target *-*-* } list_item_check } */
  /* { dg-message "\\(3\\) returning 'item', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-3 } */
}

/* Correct: Py_INCREF before returning the borrowed item.  */
static PyObject *
ok_return_list_item (PyObject *self, PyObject *args)
{
  PyObject *list;
  Py_ssize_t i;
  if (!PyArg_ParseTuple (args, "O!n", &PyList_Type, &list, &i))
    return NULL;
  PyObject *item = PyList_GetItem (list, i);
  if (item == NULL)
    return NULL;
  Py_INCREF (item);
  return item;
}

/* BUG: the same with PyTuple_GetItem (here on the method's argument
   tuple).  */
static PyObject *
bad_return_tuple_item (PyObject *self, PyObject *args)
{
  PyObject *last = PyTuple_GetItem (args, PyTuple_Size (args) - 1); /* { dg-message "\\(1\\) borrowed reference returned by 'PyTuple_GetItem' is stored in 'last'" } */
  if (last == NULL)
    return NULL;
  return last; /* { dg-warning "returning borrowed reference 'last' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "returning 'last', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* Correct: Py_NewRef of the borrowed tuple item.  */
static PyObject *
ok_return_tuple_item (PyObject *self, PyObject *tuple)
{
  PyObject *first = PyTuple_GetItem (tuple, 0);
  if (first == NULL)
    return NULL;
  return Py_NewRef (first);
}

/* BUG: PyDict_GetItem returns a borrowed reference (or NULL without an
   exception, which is handled here).  */
static PyObject *
bad_return_dict_item (PyObject *self, PyObject *args)
{
  PyObject *dict, *key;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &dict, &key))
    return NULL;
  PyObject *value = PyDict_GetItem (dict, key); /* { dg-message "\\(1\\) borrowed reference returned by 'PyDict_GetItem' is stored in 'value'" } */
  if (value == NULL)
    {
      PyErr_SetObject (PyExc_KeyError, key);
      return NULL;
    }
  return value; /* { dg-warning "returning borrowed reference 'value' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "returning 'value', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* Correct: a default when the key is missing, a new reference either
   way.  */
static PyObject *
ok_dict_get_default (PyObject *self, PyObject *args)
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
  return Py_NewRef (value);
}

/* Correct: PyDict_Next yields borrowed keys and values; nothing is
   released in the loop.  */
static PyObject *
ok_dict_next (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *inverted = PyDict_New ();
  if (inverted == NULL)
    return NULL;
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  while (PyDict_Next (dict, &pos, &key, &value))
    {
      if (PyDict_SetItem (inverted, value, key) < 0)
        {
          Py_DECREF (inverted);
          return NULL;
        }
    }
  return inverted;
}

/* BUG: the values from PyDict_Next are borrowed; releasing them takes
   references away from the dict.  */
static PyObject *
bad_dict_next_decref (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *key, *value;
  Py_ssize_t pos = 0, count = 0;
  while (PyDict_Next (dict, &pos, &key, &value)) /* { dg-message "\\(1\\) borrowed reference stored in 'value' by 'PyDict_Next'" } */
    {
      /* { dg-message "\\(2\\) following 'true' branch" "" { target *-*-* } .-2 } */
      if (value == Py_None) /* { dg-message "\\(3\\) following 'false' branch" } */
        count++;
      Py_DECREF (value); /* { dg-warning "'Py_DECREF' releases 'value', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
      /* { dg-message "\\(4\\) 'Py_DECREF' releases 'value', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
    }
  return PyLong_FromSsize_t (count);
}

/* Correct: the borrowed key from PyDict_Next is kept with Py_NewRef.  */
static PyObject *
ok_dict_next_keep (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *key, *value, *best = NULL;
  Py_ssize_t pos = 0;
  while (PyDict_Next (dict, &pos, &key, &value))
    if (PyUnicode_Check (key) && PyUnicode_GET_LENGTH (key) > 0)
      {
        best = Py_NewRef (key);
        break;
      }
  if (best == NULL)
    Py_RETURN_NONE;
  return best;
}

/* Correct: PySequence_Fast and its item array; the items are borrowed
   from 'fast', which is released on every path.  */
static PyObject *
ok_sequence_fast (PyObject *self, PyObject *seq)
{
  PyObject *fast = PySequence_Fast (seq, "expected a sequence");
  if (fast == NULL)
    return NULL;
  Py_ssize_t n = PySequence_Fast_GET_SIZE (fast);
  PyObject **items = PySequence_Fast_ITEMS (fast);
  double total = 0.0;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      double v = PyFloat_AsDouble (items[i]);
      if (v == -1.0 && PyErr_Occurred ())
        {
          Py_DECREF (fast);
          return NULL;
        }
      total += v;
    }
  Py_DECREF (fast);
  return PyFloat_FromDouble (total);
}

/* BUG: the error path inside the loop forgets 'fast'.  */
static PyObject *
bad_sequence_fast_leak (PyObject *self, PyObject *seq)
{
  PyObject *fast = PySequence_Fast (seq, "expected a sequence"); /* { dg-message "\\(1\\) new reference returned by 'PySequence_Fast' is stored in 'fast'" } */
  if (fast == NULL)
    return NULL;
  PyObject **items = PySequence_Fast_ITEMS (fast);
  Py_ssize_t n = PySequence_Fast_GET_SIZE (fast);
  long sum = 0;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      long v = PyLong_AsLong (items[i]); /* { dg-message "'PyLong_AsLong' fails" } */
      if (v == -1 && PyErr_Occurred ())
        return NULL; /* { dg-warning "leak of 'fast' \\\[pyrefcheck-leak\\\]" } */
      /* { dg-message "'fast' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
      sum += v;
    }
  Py_DECREF (fast);
  return PyLong_FromLong (sum);
}

/* Correct: PySequence_Fast_GET_ITEM, the usual way to index it.  */
static PyObject *
ok_sequence_fast_get_item (PyObject *self, PyObject *seq)
{
  PyObject *fast = PySequence_Fast (seq, "expected a sequence");
  if (fast == NULL)
    return NULL;
  PyObject *result = PyList_New (0);
  if (result == NULL)
    {
      Py_DECREF (fast);
      return NULL;
    }
  for (Py_ssize_t i = PySequence_Fast_GET_SIZE (fast) - 1; i >= 0; i--)
    if (PyList_Append (result, PySequence_Fast_GET_ITEM (fast, i)) < 0)
      {
        Py_DECREF (result);
        Py_DECREF (fast);
        return NULL;
      }
  Py_DECREF (fast);
  return result;
}

/* BUG: an item of the fast sequence is borrowed from 'fast' (which is
   even released before the return); a method must return a new
   reference.  */
static PyObject *
bad_sequence_fast_return_item (PyObject *self, PyObject *seq)
{
  PyObject *fast = PySequence_Fast (seq, "expected a sequence");
  if (fast == NULL)
    return NULL;
  if (PySequence_Fast_GET_SIZE (fast) == 0)
    {
      Py_DECREF (fast);
      PyErr_SetString (PyExc_ValueError, "empty sequence");
      return NULL;
    }
  /* Missed: an item loaded with a non-constant index is not tracked.  */
  PyObject *last = PySequence_Fast_GET_ITEM (fast, PySequence_Fast_GET_SIZE (fast) - 1); /* { dg-message "\\(1\\) borrowed reference loaded from" "" { xfail *-*-* } } */
  Py_DECREF (fast);
  return last; /* { dg-warning "returning borrowed reference 'last' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" "" { xfail *-*-* } } */
  /* { dg-message "returning 'last', which this function does not own; the caller expects a new reference; acquired at \\(1\\)" "" { xfail *-*-* } .-1 } */
}

/* Correct: PyList_GET_ITEM on a list checked by PyArg_ParseTuple ("O!"),
   while this function owns the result list.  */
static PyObject *
ok_list_get_item_macro (PyObject *self, PyObject *args)
{
  PyObject *list;
  if (!PyArg_ParseTuple (args, "O!", &PyList_Type, &list))
    return NULL;
  Py_ssize_t n = PyList_GET_SIZE (list);
  PyObject *strs = PyList_New (n);
  if (strs == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *s = PyObject_Str (PyList_GET_ITEM (list, i));
      if (s == NULL)
        {
          Py_DECREF (strs);
          return NULL;
        }
      PyList_SET_ITEM (strs, i, s);
    }
  return strs;
}

/* Correct: a helper (not a method) may return a borrowed reference; its
   callers take their own.  */
static PyObject *
ok_lookup_helper (PyObject *dict, const char *name)
{
  return PyDict_GetItemString (dict, name);
}

static PyObject *
ok_lookup (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *v = ok_lookup_helper (dict, "name");
  if (v == NULL)
    Py_RETURN_NONE;
  return Py_NewRef (v);
}

static PyMethodDef methods[] = {
  { "ok_append_release", ok_append_release, METH_VARARGS, NULL },
  { "bad_append_leak", bad_append_leak, METH_VARARGS, NULL },
  { "ok_dict_set_items", ok_dict_set_items, METH_VARARGS, NULL },
  { "ok_setitem_nonzero_check", ok_setitem_nonzero_check, METH_VARARGS, NULL },
  { "ok_tuple_pack", ok_tuple_pack, METH_VARARGS, NULL },
  { "bad_tuple_pack_leak", bad_tuple_pack_leak, METH_O, NULL },
  { "bad_return_list_item", bad_return_list_item, METH_VARARGS, NULL },
  { "ok_return_list_item", ok_return_list_item, METH_VARARGS, NULL },
  { "bad_return_tuple_item", bad_return_tuple_item, METH_VARARGS, NULL },
  { "ok_return_tuple_item", ok_return_tuple_item, METH_O, NULL },
  { "bad_return_dict_item", bad_return_dict_item, METH_VARARGS, NULL },
  { "ok_dict_get_default", ok_dict_get_default, METH_VARARGS, NULL },
  { "ok_dict_next", ok_dict_next, METH_O, NULL },
  { "bad_dict_next_decref", bad_dict_next_decref, METH_O, NULL },
  { "ok_dict_next_keep", ok_dict_next_keep, METH_O, NULL },
  { "ok_sequence_fast", ok_sequence_fast, METH_O, NULL },
  { "bad_sequence_fast_leak", bad_sequence_fast_leak, METH_O, NULL },
  { "ok_sequence_fast_get_item", ok_sequence_fast_get_item, METH_O, NULL },
  { "bad_sequence_fast_return_item", bad_sequence_fast_return_item, METH_O, NULL },
  { "ok_list_get_item_macro", ok_list_get_item_macro, METH_VARARGS, NULL },
  { "ok_lookup", ok_lookup, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = {
  PyModuleDef_HEAD_INIT, "containers", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_containers (void)
{
  PyObject *m = PyModule_Create (&module);
  if (m == NULL)
    return NULL;
  if (bad_dict_setitemstring_inline (PyModule_GetDict (m), 0) < 0)
    {
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
