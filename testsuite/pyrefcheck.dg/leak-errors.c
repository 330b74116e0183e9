/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Leaks on error paths: goto-cleanup chains, early returns after a failed
   second allocation, discarded results of calls returning new references,
   results overwritten before they are released, and the correct versions
   (Py_XDECREF of NULL-initialised variables in a shared cleanup label,
   Py_DECREF of a checked result).  */

/* Correct: every variable starts NULL and the shared label releases them
   all with Py_XDECREF, whichever step failed.  */
static PyObject *
ok_goto_cleanup (PyObject *self, PyObject *args)
{
  PyObject *obj, *name = NULL, *text = NULL, *result = NULL;
  if (!PyArg_ParseTuple (args, "O", &obj))
    return NULL;
  name = PyObject_GetAttrString (obj, "__name__");
  if (name == NULL)
    goto cleanup;
  text = PyObject_Str (obj);
  if (text == NULL)
    goto cleanup;
  result = PyUnicode_FromFormat ("%U=%U", name, text);
cleanup:
  Py_XDECREF (name);
  Py_XDECREF (text);
  return result;
}

/* BUG: the cleanup label forgets 'text', so it leaks on the success path
   and when PyUnicode_FromFormat fails.  */
static PyObject *
bad_goto_cleanup_missing (PyObject *self, PyObject *args)
{
  PyObject *obj, *name = NULL, *text = NULL, *result = NULL;
  if (!PyArg_ParseTuple (args, "O", &obj))
    return NULL;
  name = PyObject_GetAttrString (obj, "__name__");
  if (name == NULL)
    goto cleanup;
  text = PyObject_Str (obj); /* { dg-line missing_acquire } */
  if (text == NULL) /* { dg-line missing_check } */
    goto cleanup;
  result = PyUnicode_FromFormat ("%U=%U", name, text);
cleanup:
  /* 'text' is dead from here on: the leak is reported at the first
     statement of the cleanup block.  */
  Py_XDECREF (name); /* { dg-warning "leak of 'text' \\\[pyrefcheck-leak\\\]" } */
  return result;
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" "" { target *-*-* } missing_acquire } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'text' is non-NULL\\)" "" { target *-*-* } missing_check } */
  /* { dg-message "\\(3\\) 'text' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-4 } */
}

/* Correct: a chain of labels, each releasing what was acquired before
   the step that jumps to it.  */
static PyObject *
ok_label_chain (PyObject *self, PyObject *args)
{
  PyObject *seq, *list, *tuple, *result = NULL;
  if (!PyArg_ParseTuple (args, "O", &seq))
    return NULL;
  list = PySequence_List (seq);
  if (list == NULL)
    goto fail0;
  if (PyList_Sort (list) < 0)
    goto fail1;
  tuple = PyList_AsTuple (list);
  if (tuple == NULL)
    goto fail1;
  result = PyObject_Hash (tuple) == -1 ? NULL : Py_NewRef (tuple);
  Py_DECREF (tuple);
fail1:
  Py_DECREF (list);
fail0:
  return result;
}

/* BUG: the PyList_Sort failure jumps past the label that releases
   'list'; the leak is reported at the jump.  */
static PyObject *
bad_label_chain_wrong_target (PyObject *self, PyObject *args)
{
  PyObject *seq, *list, *tuple, *result = NULL;
  if (!PyArg_ParseTuple (args, "O", &seq))
    return NULL;
  list = PySequence_List (seq); /* { dg-message "\\(1\\) new reference returned by 'PySequence_List' is stored in 'list'" } */
  if (list == NULL)
    goto fail0;
  if (PyList_Sort (list) < 0) /* { dg-message "'PyList_Sort' fails" } */
    goto fail0;
  /* The leak is reported where the path loses the reference: the return after fail0.  */

  tuple = PyList_AsTuple (list);
  if (tuple == NULL)
    goto fail1;
  result = Py_NewRef (tuple);
  Py_DECREF (tuple);
fail1:
  Py_DECREF (list);
fail0:
  return result; /* { dg-warning "leak of 'list' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "'list' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* BUG: when the second allocation fails, the first one is not
   released.  */
static PyObject *
bad_second_alloc (PyObject *self, PyObject *args)
{
  long lo, hi;
  if (!PyArg_ParseTuple (args, "ll", &lo, &hi))
    return NULL;
  PyObject *first = PyLong_FromLong (lo); /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'first'" } */
  if (first == NULL) /* { dg-message "\\(2\\) following 'false' branch \\(when 'first' is non-NULL\\)" } */
    return NULL;
  PyObject *second = PyLong_FromLong (hi);
  if (second == NULL) /* { dg-message "\\(3\\) following 'true' branch \\(when 'second' is NULL\\)" } */
    return NULL; /* { dg-warning "leak of 'first' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(4\\) 'first' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
  PyObject *pair = PyTuple_Pack (2, first, second);
  Py_DECREF (first);
  Py_DECREF (second);
  return pair;
}

/* Correct: the same with both released and the failure handled.  */
static PyObject *
ok_second_alloc (PyObject *self, PyObject *args)
{
  long lo, hi;
  if (!PyArg_ParseTuple (args, "ll", &lo, &hi))
    return NULL;
  PyObject *first = PyLong_FromLong (lo);
  if (first == NULL)
    return NULL;
  PyObject *second = PyLong_FromLong (hi);
  if (second == NULL)
    {
      Py_DECREF (first);
      return NULL;
    }
  PyObject *pair = PyTuple_Pack (2, first, second);
  Py_DECREF (first);
  Py_DECREF (second);
  return pair;
}

/* BUG: the result of the "close" call is a new reference (usually None)
   that is dropped on the floor.  Messages use the name the user wrote,
   PyObject_CallMethod, not the macro's _PyObject_CallMethod_SizeT.  */
static PyObject *
bad_discarded_result (PyObject *self, PyObject *file)
{
  PyObject_CallMethod (file, "close", NULL); /* { dg-warning "leak of the new reference returned by 'PyObject_CallMethod' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) the new reference returned by 'PyObject_CallMethod' is discarded" "" { target *-*-* } .-1 } */
  Py_RETURN_NONE; /* { dg-bogus "pyrefcheck" "the same leak reported again" } */
}

/* Correct: the result is checked, then released.  */
static PyObject *
ok_checked_result (PyObject *self, PyObject *file)
{
  PyObject *res = PyObject_CallMethod (file, "close", NULL);
  if (res == NULL)
    return NULL;
  Py_DECREF (res);
  Py_RETURN_NONE;
}

/* Correct: results the caller does not need are released at once, and
   errors from closing are deliberately swallowed.  */
static PyObject *
ok_close_quietly (PyObject *self, PyObject *file)
{
  Py_XDECREF (PyObject_CallMethod (file, "flush", NULL));
  if (PyErr_Occurred ())
    PyErr_Clear ();
  PyObject *res = PyObject_CallMethod (file, "close", NULL);
  if (res == NULL)
    PyErr_Clear ();
  Py_XDECREF (res);
  Py_RETURN_NONE;
}

/* Correct: explicit early returns, each releasing everything acquired so
   far (the psutil style).  */
static PyObject *
ok_early_returns (PyObject *self, PyObject *args)
{
  const char *name;
  long pid, ppid;
  if (!PyArg_ParseTuple (args, "sll", &name, &pid, &ppid))
    return NULL;
  PyObject *py_name = PyUnicode_DecodeFSDefault (name);
  if (py_name == NULL)
    return NULL;
  PyObject *py_pid = PyLong_FromLong (pid);
  if (py_pid == NULL)
    {
      Py_DECREF (py_name);
      return NULL;
    }
  PyObject *py_ppid = PyLong_FromLong (ppid);
  if (py_ppid == NULL)
    {
      Py_DECREF (py_name);
      Py_DECREF (py_pid);
      return NULL;
    }
  PyObject *info = PyDict_New ();
  if (info == NULL)
    goto error;
  if (PyDict_SetItemString (info, "name", py_name) < 0
      || PyDict_SetItemString (info, "pid", py_pid) < 0
      || PyDict_SetItemString (info, "ppid", py_ppid) < 0)
    {
      Py_DECREF (info);
      goto error;
    }
  Py_DECREF (py_name);
  Py_DECREF (py_pid);
  Py_DECREF (py_ppid);
  return info;
error:
  Py_DECREF (py_name);
  Py_DECREF (py_pid);
  Py_DECREF (py_ppid);
  return NULL;
}

/* BUG: the result of PyObject_Repr is only passed to a borrowing call;
   nothing keeps the new reference.  The leak is reported once on each
   path, at the first statement of the block after the call.  */
static int
bad_discarded_nested (PyObject *obj, FILE *fp)
{
  const char *s = PyUnicode_AsUTF8 (PyObject_Repr (obj)); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Repr'" } */
  if (s == NULL)
    return -1; /* { dg-warning "leak of the new reference returned by 'PyObject_Repr' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "the new reference returned by 'PyObject_Repr' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
  fputs (s, fp); /* { dg-message "the new reference returned by 'PyObject_Repr' also leaks here, on another path" } */
  return 0;
}

/* BUG: 'text' is overwritten with a second new reference before the
   first one is released.  */
static PyObject *
bad_overwrite (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" } */
  if (text == NULL)
    return NULL;
  if (PyUnicode_GET_LENGTH (text) == 0)
    {
      text = PyObject_Repr (obj); /* { dg-warning "leak of 'text' \\\[pyrefcheck-leak\\\]" } */
      /* { dg-message "'text' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
      if (text == NULL)
        return NULL;
    }
  return text;
}

/* Correct: the old value is released (Py_SETREF) before the variable is
   reused.  */
static PyObject *
ok_overwrite_setref (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj);
  if (text == NULL)
    return NULL;
  if (PyUnicode_GET_LENGTH (text) == 0)
    {
      Py_SETREF (text, PyObject_Repr (obj));
      if (text == NULL)
        return NULL;
    }
  return text;
}

/* Correct: a helper returning -1 on error, with a shared cleanup label
   and Py_XDECREF of every NULL-initialised temporary.  */
static int
ok_set_pair (PyObject *dict, const char *key, long a, long b)
{
  int rc = -1;
  PyObject *x = NULL, *y = NULL, *pair = NULL;
  x = PyLong_FromLong (a);
  if (x == NULL)
    goto done;
  y = PyLong_FromLong (b);
  if (y == NULL)
    goto done;
  pair = PyTuple_Pack (2, x, y);
  if (pair == NULL)
    goto done;
  rc = PyDict_SetItemString (dict, key, pair);
done:
  Py_XDECREF (x);
  Py_XDECREF (y);
  Py_XDECREF (pair);
  return rc;
}

/* BUG: a conversion error after the allocation returns without releasing
   'num'.  */
static PyObject *
bad_leak_on_conversion_error (PyObject *self, PyObject *obj)
{
  PyObject *num = PyNumber_Index (obj); /* { dg-message "\\(1\\) new reference returned by 'PyNumber_Index' is stored in 'num'" } */
  if (num == NULL)
    return NULL;
  Py_ssize_t n = PyLong_AsSsize_t (num); /* { dg-message "'PyLong_AsSsize_t' fails" } */
  if (n == -1 && PyErr_Occurred ())
    return NULL; /* { dg-warning "leak of 'num' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "'num' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
  Py_DECREF (num);
  return PyLong_FromSsize_t (n * 2);
}

/* Correct: the same, releasing 'num' right after the conversion so that
   both paths are covered.  */
static PyObject *
ok_release_before_check (PyObject *self, PyObject *obj)
{
  PyObject *num = PyNumber_Index (obj);
  if (num == NULL)
    return NULL;
  Py_ssize_t n = PyLong_AsSsize_t (num);
  Py_DECREF (num);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  return PyLong_FromSsize_t (n * 2);
}

/* Correct: an error raised by this function on a validation failure,
   after releasing what it made.  */
static PyObject *
ok_validate (PyObject *self, PyObject *obj)
{
  PyObject *len = PyObject_CallMethod (obj, "__len__", NULL);
  if (len == NULL)
    return NULL;
  long n = PyLong_AsLong (len);
  Py_DECREF (len);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (n < 0)
    {
      PyErr_Format (PyExc_ValueError, "negative length %ld", n);
      return NULL;
    }
  return PyLong_FromLong (n);
}

/* BUG: when raising ValueError the function forgets the object it
   holds.  */
static PyObject *
bad_leak_when_raising (PyObject *self, PyObject *obj)
{
  PyObject *items = PySequence_List (obj); /* { dg-message "\\(1\\) new reference returned by 'PySequence_List' is stored in 'items'" } */
  if (items == NULL)
    return NULL;
  if (PyList_GET_SIZE (items) == 0)
    {
      /* Reported at the first statement of the block that loses it.  */
      PyErr_SetString (PyExc_ValueError, "empty sequence"); /* { dg-warning "leak of 'items' \\\[pyrefcheck-leak\\\]" } */
      /* { dg-message "'items' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
      return NULL;
    }
  return items;
}

/* Correct: a helper owning a temporary releases it on both outcomes of
   PyObject_IsTrue.  */
static int
ok_truth_of_attr (PyObject *obj, const char *attr)
{
  PyObject *value = PyObject_GetAttrString (obj, attr);
  if (value == NULL)
    return -1;
  int truth = PyObject_IsTrue (value);
  Py_DECREF (value);
  return truth;
}

static PyObject *
ok_call_helpers (PyObject *self, PyObject *args)
{
  PyObject *dict, *obj;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &dict, &obj))
    return NULL;
  if (ok_set_pair (dict, "pair", 1, 2) < 0)
    return NULL;
  int t = ok_truth_of_attr (obj, "enabled");
  if (t < 0)
    return NULL;
  if (bad_discarded_nested (obj, stdout) < 0)
    return NULL;
  return PyBool_FromLong (t);
}

/* BUG: elements of a local array leak (PyTuple_Pack borrows); each is
   named as such.  */
static PyObject *
bad_array_elements (PyObject *self, PyObject *args)
{
  PyObject *pair[2] = { PyLong_FromLong (1), PyLong_FromLong (2) }; /* { dg-line pair } */
  if (!PyArg_ParseTuple (args, ""))
    return NULL; /* { dg-warning "leak of 'pair\\\[0\\\]'" } */
  /* { dg-warning "leak of 'pair\\\[1\\\]'" "" { target *-*-* } .-1 } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'pair\\\[0\\\]'" "" { target *-*-* } pair } */
  /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'pair\\\[1\\\]'" "" { target *-*-* } pair } */
  if (pair[0] == NULL || pair[1] == NULL)
    {
      Py_XDECREF (pair[0]);
      Py_XDECREF (pair[1]);
      return NULL;
    }
  return PyTuple_Pack (2, pair[0], pair[1]); /* { dg-message "'pair\\\[0\\\]' also leaks here, on another path" } */
  /* { dg-message "'pair\\\[1\\\]' also leaks here, on another path" "" { target *-*-* } .-1 } */
}

static PyMethodDef methods[] = {
  { "ok_goto_cleanup", ok_goto_cleanup, METH_VARARGS, NULL },
  { "bad_goto_cleanup_missing", bad_goto_cleanup_missing, METH_VARARGS, NULL },
  { "ok_label_chain", ok_label_chain, METH_VARARGS, NULL },
  { "bad_label_chain_wrong_target", bad_label_chain_wrong_target, METH_VARARGS, NULL },
  { "bad_second_alloc", bad_second_alloc, METH_VARARGS, NULL },
  { "ok_second_alloc", ok_second_alloc, METH_VARARGS, NULL },
  { "bad_discarded_result", bad_discarded_result, METH_O, NULL },
  { "ok_checked_result", ok_checked_result, METH_O, NULL },
  { "ok_close_quietly", ok_close_quietly, METH_O, NULL },
  { "ok_early_returns", ok_early_returns, METH_VARARGS, NULL },
  { "bad_overwrite", bad_overwrite, METH_O, NULL },
  { "ok_overwrite_setref", ok_overwrite_setref, METH_O, NULL },
  { "bad_leak_on_conversion_error", bad_leak_on_conversion_error, METH_O, NULL },
  { "ok_release_before_check", ok_release_before_check, METH_O, NULL },
  { "ok_validate", ok_validate, METH_O, NULL },
  { "bad_leak_when_raising", bad_leak_when_raising, METH_O, NULL },
  { "ok_call_helpers", ok_call_helpers, METH_VARARGS, NULL },
  { "bad_array_elements", bad_array_elements, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = {
  PyModuleDef_HEAD_INIT, "leak_errors", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_leak_errors (void)
{
  return PyModule_Create (&module);
}
