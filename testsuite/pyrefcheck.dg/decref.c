/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Py_DECREF and Py_XDECREF: of borrowed references (parameters, tuple,
   list and dict items, PyArg_ParseTuple "O" results), twice of a new
   reference, after a stealing call, and the correct forms (Py_INCREF of a
   borrowed reference released later, Py_XDECREF of NULL-initialised
   variables on every path).  */

/* A borrowed list item kept alive across a call that may mutate the
   list.  */
static PyObject *
ok_call_on_first (PyObject *self, PyObject *args)
{
  PyObject *list, *func;
  if (!PyArg_ParseTuple (args, "O!O", &PyList_Type, &list, &func))
    return NULL;
  if (PyList_GET_SIZE (list) == 0)
    Py_RETURN_NONE;
  PyObject *first = PyList_GetItem (list, 0);
  if (first == NULL)
    return NULL;
  Py_INCREF (first);
  PyObject *res = PyObject_CallOneArg (func, first);
  Py_DECREF (first);
  return res;
}

static PyObject *
ok_lookup_default (PyObject *self, PyObject *args)
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
  PyObject *text = PyObject_Str (value);
  Py_DECREF (value);
  return text;
}

/* All temporaries start NULL and are released with Py_XDECREF at the
   single exit, whichever path got there.  */
static PyObject *
ok_describe (PyObject *self, PyObject *obj)
{
  PyObject *type_name = NULL, *repr = NULL, *result = NULL;
  type_name = PyObject_GetAttrString ((PyObject *) Py_TYPE (obj), "__name__");
  if (type_name == NULL)
    goto done;
  repr = PyObject_Repr (obj);
  if (repr == NULL)
    goto done;
  result = PyUnicode_FromFormat ("<%U %U>", type_name, repr);
done:
  Py_XDECREF (type_name);
  Py_XDECREF (repr);
  return result;
}

static PyObject *
ok_count_true (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  long n = 0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      int t = PyObject_IsTrue (item);
      Py_DECREF (item);
      if (t < 0)
        {
          Py_DECREF (it);
          return NULL;
        }
      n += t;
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyLong_FromLong (n);
}

/* PyDict_SetItem and PyList_Append do not steal: the caller releases.  */
static PyObject *
ok_index_names (PyObject *self, PyObject *names)
{
  PyObject *index = PyDict_New ();
  if (index == NULL)
    return NULL;
  Py_ssize_t n = PySequence_Size (names);
  if (n < 0)
    {
      Py_DECREF (index);
      return NULL;
    }
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *name = PySequence_GetItem (names, i);
      if (name == NULL)
        {
          Py_DECREF (index);
          return NULL;
        }
      PyObject *pos = PyLong_FromSsize_t (i);
      if (pos == NULL)
        {
          Py_DECREF (name);
          Py_DECREF (index);
          return NULL;
        }
      int rc = PyDict_SetItem (index, name, pos);
      Py_DECREF (name);
      Py_DECREF (pos);
      if (rc < 0)
        {
          Py_DECREF (index);
          return NULL;
        }
    }
  return index;
}

/* PyTuple_SET_ITEM and PyList_SetItem steal: no release afterwards.  */
static PyObject *
ok_pair (PyObject *self, PyObject *args)
{
  long a, b;
  if (!PyArg_ParseTuple (args, "ll", &a, &b))
    return NULL;
  PyObject *pair = PyTuple_New (2);
  if (pair == NULL)
    return NULL;
  PyObject *x = PyLong_FromLong (a);
  if (x == NULL)
    {
      Py_DECREF (pair);
      return NULL;
    }
  PyTuple_SET_ITEM (pair, 0, x);
  PyObject *y = PyLong_FromLong (b);
  if (y == NULL)
    {
      Py_DECREF (pair);
      return NULL;
    }
  PyTuple_SET_ITEM (pair, 1, y);
  return pair;
}

static PyObject *
ok_replace_first (PyObject *self, PyObject *list)
{
  PyObject *zero = PyLong_FromLong (0);
  if (zero == NULL)
    return NULL;
  if (PyList_SetItem (list, 0, zero) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* Swap two list items: each borrowed item gets its own reference before
   PyList_SetItem releases the list's reference and steals ours.  */
static PyObject *
ok_swap (PyObject *self, PyObject *args)
{
  PyObject *list;
  Py_ssize_t i, j;
  if (!PyArg_ParseTuple (args, "O!nn", &PyList_Type, &list, &i, &j))
    return NULL;
  PyObject *a = PyList_GetItem (list, i);
  if (a == NULL)
    return NULL;
  PyObject *b = PyList_GetItem (list, j);
  if (b == NULL)
    return NULL;
  Py_INCREF (a);
  Py_INCREF (b);
  if (PyList_SetItem (list, i, b) < 0)
    {
      Py_DECREF (a);
      return NULL;
    }
  if (PyList_SetItem (list, j, a) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* A reference taken only on some paths, released with Py_XDECREF.  */
static PyObject *
ok_format (PyObject *self, PyObject *args)
{
  PyObject *value;
  int quoted = 0;
  if (!PyArg_ParseTuple (args, "O|p", &value, &quoted))
    return NULL;
  PyObject *quote = NULL;
  if (quoted)
    {
      quote = PyUnicode_FromString ("'");
      if (quote == NULL)
        return NULL;
    }
  PyObject *text = PyObject_Str (value);
  if (text == NULL)
    {
      Py_XDECREF (quote);
      return NULL;
    }
  PyObject *result;
  if (quote != NULL)
    result = PyUnicode_FromFormat ("%U%U%U", quote, text, quote);
  else
    result = Py_NewRef (text);
  Py_DECREF (text);
  Py_XDECREF (quote);
  return result;
}

/* A borrowed tuple item, kept alive with Py_INCREF while it is used.  */
static PyObject *
ok_str_of_first (PyObject *self, PyObject *args)
{
  if (PyTuple_GET_SIZE (args) < 1)
    {
      PyErr_SetString (PyExc_TypeError, "expected an argument");
      return NULL;
    }
  PyObject *first = PyTuple_GET_ITEM (args, 0);
  Py_INCREF (first);
  PyObject *text = PyObject_Str (first);
  Py_DECREF (first);
  return text;
}

/* Temporaries of an arithmetic expression, each released once.  */
static PyObject *
ok_mean (PyObject *self, PyObject *seq)
{
  PyObject *zero = PyLong_FromLong (0);
  if (zero == NULL)
    return NULL;
  PyObject *builtins = PyEval_GetBuiltins ();
  PyObject *sum_fn = PyDict_GetItemString (builtins, "sum");
  if (sum_fn == NULL)
    {
      Py_DECREF (zero);
      PyErr_SetString (PyExc_RuntimeError, "no sum()");
      return NULL;
    }
  PyObject *total = PyObject_CallFunctionObjArgs (sum_fn, seq, zero, NULL);
  Py_DECREF (zero);
  if (total == NULL)
    return NULL;
  Py_ssize_t n = PyObject_Length (seq);
  if (n < 0)
    {
      Py_DECREF (total);
      return NULL;
    }
  PyObject *count = PyLong_FromSsize_t (n);
  if (count == NULL)
    {
      Py_DECREF (total);
      return NULL;
    }
  PyObject *mean = PyNumber_TrueDivide (total, count);
  Py_DECREF (total);
  Py_DECREF (count);
  return mean;
}

/* BUG: the METH_O argument is borrowed.  */
static PyObject *
bad_decref_arg (PyObject *self, PyObject *arg)
{
  long v = PyLong_AsLong (arg);
  if (v == -1 && PyErr_Occurred ()) /* { dg-line check_arg } */
    return NULL;
  Py_DECREF (arg); /* { dg-line decref_arg } */
  return PyLong_FromLong (v + 1);
  /* { dg-warning "'Py_DECREF' releases 'arg', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } decref_arg } */
  /* { dg-message "\\(1\\) following 'false' branch" "" { target *-*-* } check_arg } */
  /* { dg-message "'Py_DECREF' releases 'arg', a borrowed reference" "" { target *-*-* } decref_arg } */
}

/* BUG: PyArg_ParseTuple's "O" gives borrowed references.  */
static PyObject *
bad_decref_parsed (PyObject *self, PyObject *args)
{
  PyObject *obj;
  if (!PyArg_ParseTuple (args, "O", &obj)) /* { dg-line parse } */
    return NULL;
  PyObject *r = PyObject_Repr (obj);
  Py_DECREF (obj); /* { dg-line decref_obj } */
  return r;
  /* { dg-warning "'Py_DECREF' releases 'obj', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } decref_obj } */
  /* { dg-message "\\(1\\) borrowed reference stored in 'obj' by 'PyArg_ParseTuple'" "" { target *-*-* } parse } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } parse } */
  /* { dg-message "'Py_DECREF' releases 'obj', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } decref_obj } */
}

/* BUG: PyTuple_GET_ITEM returns a borrowed reference.  */
static PyObject *
bad_decref_tuple_item (PyObject *self, PyObject *args)
{
  if (PyTuple_GET_SIZE (args) != 1)
    {
      PyErr_SetString (PyExc_TypeError, "expected one argument");
      return NULL;
    }
  PyObject *item = PyTuple_GET_ITEM (args, 0);
  int truth = PyObject_IsTrue (item);
  Py_DECREF (item); /* { dg-warning "'Py_DECREF' releases 'item', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  if (truth < 0)
    return NULL;
  return PyBool_FromLong (truth);
}

/* BUG: PyList_GetItem returns a borrowed reference.  */
static PyObject *
bad_decref_list_item (PyObject *self, PyObject *list)
{
  PyObject *last = PyList_GetItem (list, PyList_Size (list) - 1); /* { dg-line getitem } */
  if (last == NULL) /* { dg-line check_last } */
    return NULL;
  PyObject *text = PyObject_Str (last);
  Py_DECREF (last); /* { dg-line decref_last } */
  return text;
  /* { dg-warning "'Py_DECREF' releases 'last', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } decref_last } */
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyList_GetItem' is stored in 'last'" "" { target *-*-* } getitem } */
  /* { dg-message "following 'false' branch \\(when 'last' is non-NULL\\)" "" { target *-*-* } check_last } */
  /* { dg-message "'Py_DECREF' releases 'last', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } decref_last } */
}

/* BUG: PyDict_GetItemString returns a borrowed reference (or NULL).  */
static PyObject *
bad_xdecref_dict_item (PyObject *self, PyObject *dict)
{
  PyObject *v = PyDict_GetItemString (dict, "verbose"); /* { dg-line lookup } */
  int verbose = v != NULL && PyObject_IsTrue (v) > 0; /* { dg-line test } */
  Py_XDECREF (v); /* { dg-line xdecref } */
  return PyBool_FromLong (verbose);
  /* { dg-warning "'Py_XDECREF' releases 'v', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } xdecref } */
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyDict_GetItemString' is stored in 'v'" "" { target *-*-* } lookup } */
  /* { dg-message "following 'true' branch \\(when 'v' is non-NULL\\)" "" { target *-*-* } test } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } test } */
  /* { dg-message "'Py_XDECREF' releases 'v', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } xdecref } */
}

/* BUG: the error path releases 'key' a second time.  */
static PyObject *
bad_double_decref (PyObject *self, PyObject *args)
{
  PyObject *mapping;
  const char *name;
  if (!PyArg_ParseTuple (args, "Os", &mapping, &name))
    return NULL;
  PyObject *key = PyUnicode_FromString (name); /* { dg-line key } */
  if (key == NULL) /* { dg-line check_key } */
    return NULL;
  PyObject *value = PyObject_GetItem (mapping, key);
  Py_DECREF (key); /* { dg-line first_release } */
  if (value == NULL) /* { dg-line check_value } */
    {
      Py_DECREF (key); /* { dg-line second_release } */
      return NULL;
    }
  return value;
  /* { dg-warning "double release of 'key' \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } second_release } */
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_FromString' is stored in 'key'" "" { target *-*-* } key } */
  /* { dg-message "following 'false' branch \\(when 'key' is non-NULL\\)" "" { target *-*-* } check_key } */
  /* { dg-message "last reference released by 'Py_DECREF'" "" { target *-*-* } first_release } */
  /* { dg-message "following 'true' branch \\(when 'value' is NULL\\)" "" { target *-*-* } check_value } */
  /* { dg-message "'Py_DECREF' releases 'key' again; its last reference was released at \\(\[0-9\]+\\)" "" { target *-*-* } second_release } */
}

/* BUG: PyList_SetItem stole the reference to 'item' (even on failure).  */
static PyObject *
bad_decref_after_steal (PyObject *self, PyObject *list)
{
  PyObject *item = PyUnicode_FromString ("sentinel"); /* { dg-line sentinel } */
  if (item == NULL) /* { dg-line check_item } */
    return NULL;
  if (PyList_SetItem (list, 0, item) < 0) /* { dg-line setitem } */
    return NULL;
  Py_DECREF (item); /* { dg-line decref_item } */
  Py_RETURN_NONE;
  /* { dg-warning "'Py_DECREF' releases 'item', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } decref_item } */
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_FromString' is stored in 'item'" "" { target *-*-* } sentinel } */
  /* { dg-message "following 'false' branch \\(when 'item' is non-NULL\\)" "" { target *-*-* } check_item } */
  /* { dg-message "following 'false' branch" "" { target *-*-* } setitem } */
  /* { dg-message "\\(3\\) 'PyList_SetItem' takes over the reference to 'item' \\(argument 3\\)" "" { target *-*-* } setitem } */
  /* { dg-message "\\(5\\) 'Py_DECREF' releases 'item', which this function no longer owns since \\(3\\)" "" { target *-*-* } decref_item } */
}

static PyMethodDef decref_methods[] = {
  { "call_on_first", ok_call_on_first, METH_VARARGS, NULL },
  { "lookup_default", ok_lookup_default, METH_VARARGS, NULL },
  { "describe", ok_describe, METH_O, NULL },
  { "count_true", ok_count_true, METH_O, NULL },
  { "index_names", ok_index_names, METH_O, NULL },
  { "pair", ok_pair, METH_VARARGS, NULL },
  { "replace_first", ok_replace_first, METH_O, NULL },
  { "swap", ok_swap, METH_VARARGS, NULL },
  { "format", ok_format, METH_VARARGS, NULL },
  { "str_of_first", ok_str_of_first, METH_VARARGS, NULL },
  { "mean", ok_mean, METH_O, NULL },
  { "decref_arg", bad_decref_arg, METH_O, NULL },
  { "decref_parsed", bad_decref_parsed, METH_VARARGS, NULL },
  { "decref_tuple_item", bad_decref_tuple_item, METH_VARARGS, NULL },
  { "decref_list_item", bad_decref_list_item, METH_O, NULL },
  { "xdecref_dict_item", bad_xdecref_dict_item, METH_O, NULL },
  { "double_decref", bad_double_decref, METH_VARARGS, NULL },
  { "decref_after_steal", bad_decref_after_steal, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef decref_module = {
  PyModuleDef_HEAD_INIT, "decref", NULL, -1, decref_methods,
};

PyMODINIT_FUNC
PyInit_decref (void)
{
  return PyModule_Create (&decref_module);
}
