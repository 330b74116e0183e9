/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* References created inside loops: items appended and released, items
   stolen by PyList_SET_ITEM / PyTuple_SET_ITEM, PyIter_Next iteration,
   break and continue paths, accumulators, and leaks once per iteration or
   of the accumulated container on an error path inside the loop.  */

/* Correct: PyList_Append takes its own reference, so each item is
   released after it is appended.  */
static PyObject *
ok_append_loop (PyObject *self, PyObject *arg)
{
  Py_ssize_t n = PyLong_AsSsize_t (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *item = PyLong_FromSsize_t (i * i);
      if (item == NULL)
        goto error;
      int rc = PyList_Append (list, item);
      Py_DECREF (item);
      if (rc < 0)
        goto error;
    }
  return list;
error:
  Py_DECREF (list);
  return NULL;
}

/* BUG: the item is appended but never released: one leak per
   iteration.  */
static PyObject *
bad_append_no_release (PyObject *self, PyObject *arg)
{
  Py_ssize_t n = PyLong_AsSsize_t (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++) /* { dg-warning "leak of 'item' \\\[pyrefcheck-leak\\\]" } */
    {
      /* { dg-message "\\(4\\) 'item' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
      PyObject *item = PyLong_FromSsize_t (i * i); /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromSsize_t' is stored in 'item'" } */
      if (item == NULL) /* { dg-message "\\(2\\) following 'false' branch \\(when 'item' is non-NULL\\)" } */
        {
          Py_DECREF (list);
          return NULL;
        }
      if (PyList_Append (list, item) < 0) /* { dg-message "\\(3\\) following 'false' branch" } */
        {
          Py_DECREF (item);
          Py_DECREF (list);
          return NULL;
        }
    }
  return list;
}

/* Correct: PyList_SET_ITEM steals the new reference into a fresh
   list.  */
static PyObject *
ok_set_item_loop (PyObject *self, PyObject *seq)
{
  Py_ssize_t n = PySequence_Size (seq);
  if (n < 0)
    return NULL;
  PyObject *result = PyList_New (n);
  if (result == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *item = PySequence_GetItem (seq, i);
      if (item == NULL)
        {
          Py_DECREF (result);
          return NULL;
        }
      PyObject *text = PyObject_Str (item);
      Py_DECREF (item);
      if (text == NULL)
        {
          Py_DECREF (result);
          return NULL;
        }
      PyList_SET_ITEM (result, i, text);
    }
  return result;
}

/* Correct: a tuple filled with PyTuple_SET_ITEM.  */
static PyObject *
ok_tuple_loop (PyObject *self, PyObject *arg)
{
  long n = PyLong_AsLong (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (n < 0 || n > 64)
    {
      PyErr_SetString (PyExc_ValueError, "n out of range");
      return NULL;
    }
  PyObject *tuple = PyTuple_New (n);
  if (tuple == NULL)
    return NULL;
  for (long i = 0; i < n; i++)
    {
      PyObject *v = PyFloat_FromDouble ((double) i / 2.0);
      if (v == NULL)
        {
          Py_DECREF (tuple);
          return NULL;
        }
      PyTuple_SET_ITEM (tuple, i, v);
    }
  return tuple;
}

/* Correct: the PyIter_Next protocol, releasing each item, then telling
   exhaustion from an error.  */
static PyObject *
ok_iter_sum (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  long total = 0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      long v = PyLong_AsLong (item);
      Py_DECREF (item);
      if (v == -1 && PyErr_Occurred ())
        {
          Py_DECREF (it);
          return NULL;
        }
      total += v;
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyLong_FromLong (total);
}

/* BUG: the 'continue' for items that are not ints skips the release.  */
static PyObject *
bad_iter_continue_leak (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  long count = 0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL) /* { dg-line continue_next } */
    {
      if (!PyLong_Check (item))
        continue;
      /* The reference is lost when the next PyIter_Next overwrites 'item'.  */
      /* { dg-warning "leak of 'item' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } continue_next } */
      /* { dg-message "\\(1\\) new reference returned by 'PyIter_Next' is stored in 'item'" "" { target *-*-* } continue_next } */
      /* { dg-message "'item' leaks here; acquired at \\(1\\)" "" { target *-*-* } continue_next } */
      count++;
      Py_DECREF (item);
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyLong_FromLong (count);
}

/* Correct: continue and break paths both release the current item.  */
static PyObject *
ok_find_first_str (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  PyObject *found = NULL;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      if (!PyUnicode_Check (item))
        {
          Py_DECREF (item);
          continue;
        }
      found = item; /* the reference moves to 'found' */
      break;
    }
  Py_DECREF (it);
  if (found == NULL)
    {
      if (!PyErr_Occurred ())
        PyErr_SetString (PyExc_LookupError, "no str item");
      return NULL;
    }
  return found;
}

/* BUG: the break leaves the loop without releasing the item that
   stopped it.  */
static PyObject *
bad_break_leak (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  Py_ssize_t n = 0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL) /* { dg-line break_next } */
    {
      if (item == Py_None) /* { dg-line break_cond } */
        break;
      n++;
      Py_DECREF (item);
    }
  /* After the break 'item' is Py_None: a later Py_DECREF (Py_None) could
     still release the reference, so the leak is certain only where the
     function returns.  */
  Py_DECREF (it);
  /* { dg-message "\\(1\\) new reference returned by 'PyIter_Next' is stored in 'item'" "" { target *-*-* } break_next } */
  if (PyErr_Occurred ())
    return NULL;
  return PyLong_FromSsize_t (n); /* { dg-warning "leak of 'item' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "'item' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* BUG: an item is created in every iteration only to test it, and never
   released or stored.  */
static PyObject *
bad_create_not_stored (PyObject *self, PyObject *list)
{
  if (!PyList_Check (list))
    {
      PyErr_SetString (PyExc_TypeError, "expected a list");
      return NULL;
    }
  Py_ssize_t empty = 0;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE (list); i++) /* { dg-warning "leak of 'text' \\\[pyrefcheck-leak\\\]" } */
    {
      /* { dg-message "'text' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
      PyObject *text = PyObject_Str (PyList_GET_ITEM (list, i)); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" } */
      if (text == NULL)
        return NULL;
      if (PyUnicode_GET_LENGTH (text) == 0)
        empty++; /* { dg-message "'text' also leaks here, on another path" } */
    }
  return PyLong_FromSsize_t (empty);
}

/* BUG: an error inside the loop returns without releasing the list
   built so far.  */
static PyObject *
bad_error_leaks_list (PyObject *self, PyObject *seq)
{
  Py_ssize_t n = PySequence_Size (seq);
  if (n < 0)
    return NULL;
  PyObject *out = PyList_New (0); /* { dg-line out_acquire } */
  if (out == NULL) /* { dg-line out_check } */
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++) /* { dg-line out_loop } */
    {
      PyObject *item = PySequence_GetItem (seq, i);
      if (item == NULL) /* { dg-line out_item_check } */
        return NULL; /* { dg-line out_leak } */
      PyObject *neg = PyNumber_Negative (item);
      Py_DECREF (item);
      if (neg == NULL)
        {
          Py_DECREF (out);
          return NULL;
        }
      int rc = PyList_Append (out, neg);
      Py_DECREF (neg);
      if (rc < 0)
        {
          Py_DECREF (out);
          return NULL;
        }
    }
  return out;
  /* { dg-warning "leak of 'out' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } out_leak } */
  /* { dg-message "\\(1\\) new reference returned by 'PyList_New' is stored in 'out'" "" { target *-*-* } out_acquire } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'out' is non-NULL\\)" "" { target *-*-* } out_check } */
  /* { dg-message "\\(3\\) following 'true' branch" "" { target *-*-* } out_loop } */
  /* { dg-message "\\(4\\) following 'true' branch \\(when 'item' is NULL\\)" "" { target *-*-* } out_item_check } */
  /* { dg-message "\\(5\\) 'out' leaks here; acquired at \\(1\\)" "" { target *-*-* } out_leak } */
}

/* Correct: an accumulator replaced in every iteration, releasing the old
   value each time.  */
static PyObject *
ok_accumulate (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  PyObject *total = PyLong_FromLong (0);
  if (total == NULL)
    {
      Py_DECREF (it);
      return NULL;
    }
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      PyObject *sum = PyNumber_Add (total, item);
      Py_DECREF (item);
      if (sum == NULL)
        {
          Py_DECREF (total);
          Py_DECREF (it);
          return NULL;
        }
      Py_SETREF (total, sum);
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    {
      Py_DECREF (total);
      return NULL;
    }
  return total;
}

/* BUG: the accumulator is overwritten by the result of PyNumber_Add
   without releasing the old value: a leak per iteration.  */
static PyObject *
bad_accumulate_overwrite (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  PyObject *total = PyLong_FromLong (0); /* { dg-line acc_init } */
  if (total == NULL) /* { dg-line acc_init_check } */
    {
      Py_DECREF (it);
      return NULL;
    }
  PyObject *item;
  /* Each iteration loses the previous value of 'total': when the next
     iteration starts, or when PyNumber_Add fails.  Both the first value
     (from PyLong_FromLong) and later ones (from PyNumber_Add) leak.  */
  while ((item = PyIter_Next (it)) != NULL) /* { dg-line acc_loop } */
    {
      total = PyNumber_Add (total, item); /* { dg-line acc_add } */
      Py_DECREF (item);
      if (total == NULL) /* { dg-line acc_check } */
        {
          Py_DECREF (it); /* { dg-line acc_fail } */
          return NULL;
        }
    }
  /* { dg-warning "leak of 'total' \\\[pyrefcheck-leak\\\]" "" { target *-*-* } acc_loop } */
  /* One report per leaked object; the other place is a note.  */
  /* { dg-message "'total' also leaks here, on another path" "" { target *-*-* } acc_fail } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'total'" "" { target *-*-* } acc_init } */
  /* { dg-message "\\(1\\) new reference returned by 'PyNumber_Add' is stored in 'total'" "" { target *-*-* } acc_add } */
  /* { dg-message "'total' leaks here; acquired at \\(1\\)" "" { target *-*-* } acc_loop } */
  Py_DECREF (it);
  if (PyErr_Occurred ())
    {
      Py_DECREF (total);
      return NULL;
    }
  return total;
}

/* Correct: nested loops building a list of tuples, each inner object
   stolen by its tuple, each tuple stolen by the list.  */
static PyObject *
ok_nested_loops (PyObject *self, PyObject *args)
{
  Py_ssize_t rows, cols;
  if (!PyArg_ParseTuple (args, "nn", &rows, &cols))
    return NULL;
  if (rows < 0 || cols < 0)
    {
      PyErr_SetString (PyExc_ValueError, "negative size");
      return NULL;
    }
  PyObject *grid = PyList_New (rows);
  if (grid == NULL)
    return NULL;
  for (Py_ssize_t r = 0; r < rows; r++)
    {
      PyObject *row = PyTuple_New (cols);
      if (row == NULL)
        goto error;
      PyList_SET_ITEM (grid, r, row);
      for (Py_ssize_t c = 0; c < cols; c++)
        {
          PyObject *cell = PyLong_FromSsize_t (r * cols + c);
          if (cell == NULL)
            goto error;
          PyTuple_SET_ITEM (row, c, cell);
        }
    }
  return grid;
error:
  Py_DECREF (grid);
  return NULL;
}

/* Correct: a dict built from two sequences; every temporary is released,
   and key and value are released after PyDict_SetItem, which takes its
   own references.  */
static PyObject *
ok_dict_loop (PyObject *self, PyObject *args)
{
  PyObject *keys, *values;
  if (!PyArg_ParseTuple (args, "OO", &keys, &values))
    return NULL;
  Py_ssize_t n = PySequence_Size (keys);
  if (n < 0)
    return NULL;
  PyObject *dict = PyDict_New ();
  if (dict == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *k = PySequence_GetItem (keys, i);
      if (k == NULL)
        goto error;
      PyObject *key = PyObject_Str (k);
      Py_DECREF (k);
      if (key == NULL)
        goto error;
      PyObject *v = PySequence_GetItem (values, i);
      if (v == NULL)
        {
          Py_DECREF (key);
          goto error;
        }
      PyObject *value = PyNumber_Float (v);
      Py_DECREF (v);
      if (value == NULL)
        {
          Py_DECREF (key);
          goto error;
        }
      int rc = PyDict_SetItem (dict, key, value);
      Py_DECREF (key);
      Py_DECREF (value);
      if (rc < 0)
        goto error;
    }
  return dict;
error:
  Py_DECREF (dict);
  return NULL;
}

/* Correct: read a file object in chunks until it returns an empty bytes
   object; every chunk is released on every path out of the loop body.  */
static PyObject *
ok_read_chunks (PyObject *self, PyObject *file)
{
  PyObject *chunks = PyList_New (0);
  if (chunks == NULL)
    return NULL;
  for (;;)
    {
      PyObject *chunk = PyObject_CallMethod (file, "read", "i", 8192);
      if (chunk == NULL)
        goto error;
      if (!PyBytes_Check (chunk))
        {
          PyErr_SetString (PyExc_TypeError, "read() did not return bytes");
          Py_DECREF (chunk);
          goto error;
        }
      if (PyBytes_GET_SIZE (chunk) == 0)
        {
          Py_DECREF (chunk);
          break;
        }
      if (PyList_Append (chunks, chunk) < 0)
        {
          Py_DECREF (chunk);
          goto error;
        }
      Py_DECREF (chunk);
    }
  PyObject *sep = PyBytes_FromStringAndSize (NULL, 0);
  if (sep == NULL)
    goto error;
  PyObject *data = PyObject_CallMethod (sep, "join", "O", chunks);
  Py_DECREF (sep);
  Py_DECREF (chunks);
  return data;
error:
  Py_DECREF (chunks);
  return NULL;
}

/* Correct: keep the items for which a predicate is true; the predicate
   result, the skipped items and the kept items are all accounted for.  */
static PyObject *
ok_filter (PyObject *self, PyObject *args)
{
  PyObject *func, *seq;
  if (!PyArg_ParseTuple (args, "OO", &func, &seq))
    return NULL;
  PyObject *it = PyObject_GetIter (seq);
  if (it == NULL)
    return NULL;
  PyObject *result = PyList_New (0);
  if (result == NULL)
    {
      Py_DECREF (it);
      return NULL;
    }
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      PyObject *keep = PyObject_CallOneArg (func, item);
      if (keep == NULL)
        {
          Py_DECREF (item);
          goto error;
        }
      int truth = PyObject_IsTrue (keep);
      Py_DECREF (keep);
      if (truth < 0)
        {
          Py_DECREF (item);
          goto error;
        }
      if (truth == 0)
        {
          Py_DECREF (item);
          continue;
        }
      int rc = PyList_Append (result, item);
      Py_DECREF (item);
      if (rc < 0)
        goto error;
    }
  if (PyErr_Occurred ())
    goto error;
  Py_DECREF (it);
  return result;
error:
  Py_DECREF (it);
  Py_DECREF (result);
  return NULL;
}

/* BUG: the error path inside the loop releases the item but forgets the
   iterator.  */
static PyObject *
bad_iter_error_leaks_iterator (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable); /* { dg-message "\\(1\\) new reference returned by 'PyObject_GetIter' is stored in 'it'" } */
  if (it == NULL)
    return NULL;
  double total = 0.0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      double v = PyFloat_AsDouble (item); /* { dg-message "'PyFloat_AsDouble' fails" } */
      Py_DECREF (item);
      if (v == -1.0 && PyErr_Occurred ())
        return NULL; /* { dg-warning "leak of 'it' \\\[pyrefcheck-leak\\\]" } */
      /* { dg-message "'it' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
      total += v;
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyFloat_FromDouble (total);
}

static PyMethodDef methods[] = {
  { "ok_append_loop", ok_append_loop, METH_O, NULL },
  { "bad_append_no_release", bad_append_no_release, METH_O, NULL },
  { "ok_set_item_loop", ok_set_item_loop, METH_O, NULL },
  { "ok_tuple_loop", ok_tuple_loop, METH_O, NULL },
  { "ok_iter_sum", ok_iter_sum, METH_O, NULL },
  { "bad_iter_continue_leak", bad_iter_continue_leak, METH_O, NULL },
  { "ok_find_first_str", ok_find_first_str, METH_O, NULL },
  { "bad_break_leak", bad_break_leak, METH_O, NULL },
  { "bad_create_not_stored", bad_create_not_stored, METH_O, NULL },
  { "bad_error_leaks_list", bad_error_leaks_list, METH_O, NULL },
  { "ok_accumulate", ok_accumulate, METH_O, NULL },
  { "bad_accumulate_overwrite", bad_accumulate_overwrite, METH_O, NULL },
  { "ok_nested_loops", ok_nested_loops, METH_VARARGS, NULL },
  { "ok_dict_loop", ok_dict_loop, METH_VARARGS, NULL },
  { "ok_read_chunks", ok_read_chunks, METH_O, NULL },
  { "ok_filter", ok_filter, METH_VARARGS, NULL },
  { "bad_iter_error_leaks_iterator", bad_iter_error_leaks_iterator, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = {
  PyModuleDef_HEAD_INIT, "leak_loops", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_leak_loops (void)
{
  return PyModule_Create (&module);
}
