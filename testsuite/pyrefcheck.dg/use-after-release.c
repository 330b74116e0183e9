/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Use after release: an object the function created is used (passed to
   a call, dereferenced, returned) after Py_DECREF released its last
   reference, or released twice.  Next to them, the correct variants: the
   object was appended to a list (or stored in a dict, or an attribute)
   before Py_DECREF, so the container keeps it alive and using it as a
   borrowed reference is fine; Py_INCREF before Py_DECREF; the variable
   set to NULL (or Py_CLEAR) after the release.  */

/* BUG: the string is read after its only reference is gone.  */
static PyObject *
bad_call_after_release (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj); /* { dg-line text } */
  if (text == NULL) /* { dg-line text_check } */
    return NULL;
  Py_DECREF (text); /* { dg-line text_release } */
  Py_ssize_t len = PyUnicode_GetLength (text); /* { dg-warning "use of 'text' after its last reference was released \\\[pyrefcheck-use-after-release\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" "" { target *-*-* } text } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'text' is non-NULL\\)\\.\\.\\." "" { target *-*-* } text_check } */
  /* { dg-message "\\(3\\) last reference released by 'Py_DECREF'" "" { target *-*-* } text_release } */
  /* { dg-message "\\(4\\) 'text' is used here after its last reference was released at \\(3\\)" "" { target *-*-* } .-4 } */
  return PyLong_FromSsize_t (len);
}

/* Correct: the same, releasing after the last use.  */
static PyObject *
ok_release_after_use (PyObject *self, PyObject *obj)
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

/* BUG: the error message formats the object that was just released.  */
static PyObject *
bad_format_after_release (PyObject *self, PyObject *obj)
{
  PyObject *value = PyNumber_Long (obj); /* { dg-line value } */
  if (value == NULL) /* { dg-line value_check } */
    return NULL;
  long v = PyLong_AsLong (value);
  if (v == -1 && PyErr_Occurred ()) /* { dg-line aslong_check } */
    {
      Py_DECREF (value);
      return NULL;
    }
  if (v < 0 || v > 255) /* { dg-line range_check } */
    {
      Py_DECREF (value); /* { dg-line value_release } */
      PyErr_Format (PyExc_ValueError, "byte must be in range(0, 256), not %R", value); /* { dg-warning "use of 'value' after its last reference was released \\\[pyrefcheck-use-after-release\\\]" } */
      /* { dg-message "\\(1\\) new reference returned by 'PyNumber_Long' is stored in 'value'" "" { target *-*-* } value } */
      /* { dg-message "\\(2\\) following 'false' branch \\(when 'value' is non-NULL\\)\\.\\.\\." "" { target *-*-* } value_check } */
      /* { dg-message "\\(3\\) following 'false' branch\\.\\.\\." "" { target *-*-* } aslong_check } */
      /* { dg-message "\\(4\\) following 'true' branch\\.\\.\\." "" { target *-*-* } range_check } */
      /* { dg-message "\\(5\\) last reference released by 'Py_DECREF'" "" { target *-*-* } value_release } */
      /* { dg-message "\\(6\\) 'value' is used here after its last reference was released at \\(5\\)" "" { target *-*-* } .-6 } */
      return NULL;
    }
  Py_DECREF (value);
  char byte = (char) v;
  return PyBytes_FromStringAndSize (&byte, 1);
}

/* BUG: the new list is returned after its reference was released.  */
static PyObject *
bad_return_after_release (PyObject *self, PyObject *args)
{
  Py_ssize_t n;
  if (!PyArg_ParseTuple (args, "n", &n))
    return NULL;
  PyObject *list = PyList_New (0); /* { dg-line list } */
  if (list == NULL) /* { dg-line list_check } */
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++) /* { dg-line loop } */
    {
      PyObject *item = PyLong_FromSsize_t (i * i);
      if (item == NULL || PyList_Append (list, item) < 0)
        {
          Py_XDECREF (item);
          Py_DECREF (list);
          return NULL;
        }
      Py_DECREF (item);
    }
  Py_DECREF (list); /* { dg-line list_release } */
  return list; /* { dg-warning "use of 'list' after its last reference was released \\\[pyrefcheck-use-after-release\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyList_New' is stored in 'list'" "" { target *-*-* } list } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'list' is non-NULL\\)\\.\\.\\." "" { target *-*-* } list_check } */
  /* { dg-message "\\(3\\) following 'false' branch\\.\\.\\." "" { target *-*-* } loop } */
  /* { dg-message "\\(4\\) last reference released by 'Py_DECREF'" "" { target *-*-* } list_release } */
  /* { dg-message "\\(5\\) 'list' is used here after its last reference was released at \\(4\\)" "" { target *-*-* } .-5 } */
}

/* BUG: the type of the released object is read through the object.  */
static PyObject *
bad_deref_after_release (PyObject *self, PyObject *obj)
{
  PyObject *r = PyObject_Repr (obj); /* { dg-line repr } */
  if (r == NULL) /* { dg-line repr_check } */
    return NULL;
  Py_DECREF (r); /* { dg-line repr_release } */
  if (Py_TYPE (r) != &PyUnicode_Type) /* { dg-warning "use of 'r' after its last reference was released \\\[pyrefcheck-use-after-release\\\]" } */
    {
      /* { dg-message "\\(1\\) new reference returned by 'PyObject_Repr' is stored in 'r'" "" { target *-*-* } repr } */
      /* { dg-message "\\(2\\) following 'false' branch \\(when 'r' is non-NULL\\)\\.\\.\\." "" { target *-*-* } repr_check } */
      /* { dg-message "\\(3\\) last reference released by 'Py_DECREF'" "" { target *-*-* } repr_release } */
      /* { dg-message "\\(4\\) 'r' is used here after its last reference was released at \\(3\\)" "" { target *-*-* } .-5 } */
      PyErr_SetString (PyExc_TypeError, "__repr__ returned a non-string");
      return NULL;
    }
  Py_RETURN_NONE;
}

/* BUG: the error path releases 'key', then jumps to the shared cleanup,
   which releases it again.  */
static PyObject *
bad_double_release (PyObject *self, PyObject *args)
{
  PyObject *dict, *name, *key = NULL, *result = NULL;
  if (!PyArg_ParseTuple (args, "O!U", &PyDict_Type, &dict, &name))
    return NULL;
  key = PyUnicode_Concat (name, name); /* { dg-line key } */
  if (key == NULL) /* { dg-line key_check } */
    goto done;
  if (PyDict_SetItem (dict, key, Py_None) < 0) /* { dg-line setitem } */
    {
      Py_DECREF (key); /* { dg-line key_release } */
      goto done;
    }
  result = Py_NewRef (Py_True);
done:
  Py_XDECREF (key); /* { dg-warning "double release of 'key' \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_Concat' is stored in 'key'" "" { target *-*-* } key } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'key' is non-NULL\\)\\.\\.\\." "" { target *-*-* } key_check } */
  /* { dg-message "\\(3\\) 'PyDict_SetItem' fails" "" { target *-*-* } setitem } */
  /* { dg-message "\\(4\\) following 'true' branch\\.\\.\\." "" { target *-*-* } setitem } */
  /* { dg-message "\\(5\\) last reference released by 'Py_DECREF'" "" { target *-*-* } key_release } */
  /* { dg-message "\\(6\\) 'Py_XDECREF' releases 'key' again; its last reference was released at \\(5\\)" "" { target *-*-* } .-6 } */
  return result;
}

/* Correct: the same, clearing the variable with Py_CLEAR on the error
   path.  */
static PyObject *
ok_clear_before_cleanup (PyObject *self, PyObject *args)
{
  PyObject *dict, *name, *key = NULL, *result = NULL;
  if (!PyArg_ParseTuple (args, "O!U", &PyDict_Type, &dict, &name))
    return NULL;
  key = PyUnicode_Concat (name, name);
  if (key == NULL)
    goto done;
  if (PyDict_SetItem (dict, key, Py_None) < 0)
    {
      Py_CLEAR (key);
      goto done;
    }
  result = Py_NewRef (Py_True);
done:
  Py_XDECREF (key);
  return result;
}

/* BUG: Py_DECREF twice on the success path.  */
static PyObject *
bad_double_decref (PyObject *self, PyObject *obj)
{
  PyObject *bytes = PyObject_Bytes (obj); /* { dg-line bytes } */
  if (bytes == NULL) /* { dg-line bytes_check } */
    return NULL;
  Py_ssize_t n = PyBytes_Size (bytes);
  Py_DECREF (bytes); /* { dg-line bytes_release } */
  if (n < 0) /* { dg-line size_check } */
    return NULL;
  Py_DECREF (bytes); /* { dg-warning "double release of 'bytes' \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Bytes' is stored in 'bytes'" "" { target *-*-* } bytes } */
  /* { dg-message "\\(2\\) following 'false' branch \\(when 'bytes' is non-NULL\\)\\.\\.\\." "" { target *-*-* } bytes_check } */
  /* { dg-message "\\(3\\) last reference released by 'Py_DECREF'" "" { target *-*-* } bytes_release } */
  /* { dg-message "\\(4\\) following 'false' branch\\.\\.\\." "" { target *-*-* } size_check } */
  /* { dg-message "\\(5\\) 'Py_DECREF' releases 'bytes' again; its last reference was released at \\(3\\)" "" { target *-*-* } .-5 } */
  return PyLong_FromSsize_t (n);
}

/* Correct: the list keeps the item alive after this function's own
   reference is released; it is then used as a borrowed reference.  */
static PyObject *
ok_append_then_use (PyObject *self, PyObject *args)
{
  PyObject *list;
  double x;
  if (!PyArg_ParseTuple (args, "O!d", &PyList_Type, &list, &x))
    return NULL;
  PyObject *item = PyFloat_FromDouble (x);
  if (item == NULL)
    return NULL;
  int rc = PyList_Append (list, item);
  Py_DECREF (item);
  if (rc < 0)
    return NULL;
  return PyFloat_FromDouble (PyFloat_AsDouble (item) * 2.0);
}

/* Correct: the dict keeps the value; a new reference to it is
   returned.  */
static PyObject *
ok_setitem_then_return (PyObject *self, PyObject *args)
{
  PyObject *cache, *key;
  if (!PyArg_ParseTuple (args, "O!O", &PyDict_Type, &cache, &key))
    return NULL;
  PyObject *value = PyObject_Repr (key);
  if (value == NULL)
    return NULL;
  if (PyDict_SetItem (cache, key, value) < 0)
    {
      Py_DECREF (value);
      return NULL;
    }
  Py_DECREF (value);
  return Py_NewRef (value);
}

/* Correct: the module keeps the object alive.  */
static PyObject *
ok_module_attr_then_use (PyObject *module, PyObject *args)
{
  Py_ssize_t size;
  if (!PyArg_ParseTuple (args, "n", &size))
    return NULL;
  PyObject *buf = PyByteArray_FromStringAndSize (NULL, size);
  if (buf == NULL)
    return NULL;
  int rc = PyModule_AddObjectRef (module, "last_buffer", buf);
  Py_DECREF (buf);
  if (rc < 0)
    return NULL;
  return PyLong_FromSsize_t (PyByteArray_Size (buf));
}

/* Correct: Py_INCREF before Py_DECREF keeps it alive.  */
static PyObject *
ok_incref_then_decref (PyObject *self, PyObject *obj)
{
  PyObject *iter = PyObject_GetIter (obj);
  if (iter == NULL)
    return NULL;
  PyObject *result = iter;
  Py_INCREF (result);
  Py_DECREF (iter);
  if (PyIter_Check (result))
    return result;
  Py_DECREF (result);
  PyErr_SetString (PyExc_TypeError, "not an iterator");
  return NULL;
}

/* Correct: a reference taken by a tuple (PyTuple_Pack does not steal;
   the tuple holds its own reference).  */
static PyObject *
ok_pack_then_use (PyObject *self, PyObject *obj)
{
  PyObject *name = PyObject_GetAttrString (obj, "__name__");
  if (name == NULL)
    return NULL;
  PyObject *pair = PyTuple_Pack (2, name, obj);
  Py_DECREF (name);
  if (pair == NULL)
    return NULL;
  if (PyUnicode_Check (name) && PyUnicode_GetLength (name) == 0)
    {
      Py_DECREF (pair);
      PyErr_SetString (PyExc_ValueError, "empty name");
      return NULL;
    }
  return pair;
}

/* Correct: the loop releases each item and the variable is reassigned
   before the next use.  */
static PyObject *
ok_loop_release_reassign (PyObject *self, PyObject *iterable)
{
  PyObject *it = PyObject_GetIter (iterable);
  if (it == NULL)
    return NULL;
  Py_ssize_t count = 0;
  PyObject *item;
  while ((item = PyIter_Next (it)) != NULL)
    {
      int truth = PyObject_IsTrue (item);
      Py_DECREF (item);
      if (truth < 0)
        {
          Py_DECREF (it);
          return NULL;
        }
      count += truth;
    }
  Py_DECREF (it);
  if (PyErr_Occurred ())
    return NULL;
  return PyLong_FromSsize_t (count);
}

/* BUG: appending to the list does not make anyone else own the list;
   its last reference is gone when it is converted.  */
static PyObject *
bad_container_after_release (PyObject *self, PyObject *obj)
{
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  if (PyList_Append (list, obj) < 0)
    {
      Py_DECREF (list);
      return NULL;
    }
  Py_DECREF (list);
  return PyList_AsTuple (list); /* { dg-warning "use of 'list' after its last reference was released \\\[pyrefcheck-use-after-release\\\]" } */
}

/* Correct: the variable is reassigned after the release and used
   again.  */
static PyObject *
ok_reassign_after_release (PyObject *self, PyObject *obj)
{
  PyObject *s = PyObject_Str (obj);
  if (s == NULL)
    return NULL;
  PyObject *stripped = PyObject_CallMethod (s, "strip", NULL);
  Py_DECREF (s);
  if (stripped == NULL)
    return NULL;
  s = stripped;
  Py_ssize_t n = PyUnicode_GetLength (s);
  Py_DECREF (s);
  if (n < 0)
    return NULL;
  return PyLong_FromSsize_t (n);
}

/* Correct: PyTuple_SET_ITEM steals the reference to 'key'; the tuple
   keeps it alive, so 'key' is still usable while the tuple is.  */
static PyObject *
ok_steal_then_use (PyObject *self, PyObject *obj)
{
  PyObject *key = PyObject_Repr (obj);
  if (key == NULL)
    return NULL;
  PyObject *pair = PyTuple_New (2);
  if (pair == NULL)
    {
      Py_DECREF (key);
      return NULL;
    }
  PyTuple_SET_ITEM (pair, 0, key);
  PyTuple_SET_ITEM (pair, 1, Py_NewRef (obj));
  if (PyUnicode_GetLength (key) == 0)
    {
      Py_DECREF (pair);
      PyErr_SetString (PyExc_ValueError, "empty repr");
      return NULL;
    }
  return pair;
}

static PyMethodDef uar_methods[] = {
  { "bad_call_after_release", bad_call_after_release, METH_O, NULL },
  { "ok_release_after_use", ok_release_after_use, METH_O, NULL },
  { "bad_format_after_release", bad_format_after_release, METH_O, NULL },
  { "bad_return_after_release", bad_return_after_release, METH_VARARGS, NULL },
  { "bad_deref_after_release", bad_deref_after_release, METH_O, NULL },
  { "bad_double_release", bad_double_release, METH_VARARGS, NULL },
  { "ok_clear_before_cleanup", ok_clear_before_cleanup, METH_VARARGS, NULL },
  { "bad_double_decref", bad_double_decref, METH_O, NULL },
  { "ok_append_then_use", ok_append_then_use, METH_VARARGS, NULL },
  { "ok_setitem_then_return", ok_setitem_then_return, METH_VARARGS, NULL },
  { "ok_module_attr_then_use", ok_module_attr_then_use, METH_VARARGS, NULL },
  { "ok_incref_then_decref", ok_incref_then_decref, METH_O, NULL },
  { "ok_pack_then_use", ok_pack_then_use, METH_O, NULL },
  { "ok_loop_release_reassign", ok_loop_release_reassign, METH_O, NULL },
  { "bad_container_after_release", bad_container_after_release, METH_O, NULL },
  { "ok_reassign_after_release", ok_reassign_after_release, METH_O, NULL },
  { "ok_steal_then_use", ok_steal_then_use, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef uar_module = {
  PyModuleDef_HEAD_INIT, "use_after_release", NULL, -1, uar_methods,
};

PyMODINIT_FUNC
PyInit_use_after_release (void)
{
  return PyModule_Create (&uar_module);
}
