/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Calls that steal references: PyList_SetItem, PyTuple_SetItem and the
   PyList_SET_ITEM / PyTuple_SET_ITEM macros (steal always, even when
   PyList_SetItem fails), PyModule_AddObject (steals only on success),
   PyModule_AddObjectRef (does not steal), and Py_BuildValue's "N" (steals,
   even when building fails) against "O" (borrows).  */

/* Correct: new references handed to PyList_SetItem, which steals them
   even when it fails, so the error path must not release 'v' again.  */
static PyObject *
ok_list_setitem_new (PyObject *self, PyObject *args)
{
  long a, b;
  if (!PyArg_ParseTuple (args, "ll", &a, &b))
    return NULL;
  PyObject *list = PyList_New (2);
  if (list == NULL)
    return NULL;
  PyObject *v = PyLong_FromLong (a);
  if (v == NULL)
    goto error;
  if (PyList_SetItem (list, 0, v) < 0)
    goto error;
  v = PyLong_FromLong (b);
  if (v == NULL)
    goto error;
  if (PyList_SetItem (list, 1, v) < 0)
    goto error;
  return list;
error:
  Py_DECREF (list);
  return NULL;
}

/* Correct: the PyTuple_SetItem result checked; the new reference is
   gone either way.  */
static PyObject *
ok_tuple_setitem_new (PyObject *self, PyObject *obj)
{
  PyObject *tuple = PyTuple_New (2);
  if (tuple == NULL)
    return NULL;
  PyObject *r = PyObject_Repr (obj);
  if (r == NULL || PyTuple_SetItem (tuple, 0, r) < 0)
    {
      Py_DECREF (tuple);
      return NULL;
    }
  PyObject *s = PyObject_Str (obj);
  if (s == NULL || PyTuple_SetItem (tuple, 1, s) < 0)
    {
      Py_DECREF (tuple);
      return NULL;
    }
  return tuple;
}

/* BUG: 'obj' is the caller's (borrowed) reference; PyList_SetItem takes
   it over, and the list later releases a reference nobody took.  */
static PyObject *
bad_list_setitem_borrowed (PyObject *self, PyObject *obj)
{
  PyObject *list = PyList_New (1);
  if (list == NULL)
    return NULL;
  if (PyList_SetItem (list, 0, obj) < 0) /* { dg-warning "'PyList_SetItem' steals a reference to 'obj' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
    {
      Py_DECREF (list);
      return NULL;
    }
  return list; /* { dg-message "the path ends without this function acquiring the reference given away at \\(2\\)" } */
  /* { dg-message "'PyList_SetItem' steals a reference \\(argument 3\\) this function does not own" "" { target *-*-* } .-6 } */
}

/* BUG: a borrowed reference from PyDict_GetItemString put into a tuple
   with PyTuple_SET_ITEM without Py_INCREF.  */
static PyObject *
bad_tuple_set_item_borrowed (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *name = PyDict_GetItemString (dict, "name"); /* { dg-message "\\(1\\) borrowed reference returned by 'PyDict_GetItemString' is stored in 'name'" } */
  if (name == NULL)
    return PyErr_Format (PyExc_KeyError, "name");
  PyObject *tuple = PyTuple_New (1);
  if (tuple == NULL)
    return NULL;
  PyTuple_SET_ITEM (tuple, 0, name); /* { dg-warning "'PyTuple_SET_ITEM' steals a reference to 'name' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "'PyTuple_SET_ITEM' steals a reference \\(argument 3\\) this function does not own" "" { target *-*-* } .-1 } */
  return tuple; /* { dg-message "the path ends without this function acquiring the reference given away at \\(4\\)" } */
}

/* BUG: PyList_SetItem released 'v' when it failed; releasing it again
   is one release too many.  */
static PyObject *
bad_list_setitem_release_on_failure (PyObject *self, PyObject *args)
{
  Py_ssize_t i;
  PyObject *list;
  double x;
  if (!PyArg_ParseTuple (args, "O!nd", &PyList_Type, &list, &i, &x))
    return NULL;
  PyObject *v = PyFloat_FromDouble (x); /* { dg-message "\\(1\\) new reference returned by 'PyFloat_FromDouble' is stored in 'v'" } */
  if (v == NULL) /* { dg-message "\\(2\\) following 'false' branch \\(when 'v' is non-NULL\\)" } */
    return NULL;
  if (PyList_SetItem (list, i, v) < 0) /* { dg-message "\\(3\\) 'PyList_SetItem' takes over the reference to 'v' \\(argument 3\\)" } */
    {
      /* { dg-message "\\(4\\) 'PyList_SetItem' fails" "" { target *-*-* } .-2 } */
      /* { dg-message "\\(5\\) following 'true' branch" "" { target *-*-* } .-3 } */
      Py_DECREF (v); /* { dg-warning "'Py_DECREF' releases 'v', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
      /* { dg-message "\\(6\\) 'Py_DECREF' releases 'v', which this function no longer owns since \\(3\\)" "" { target *-*-* } .-1 } */
      return NULL;
    }
  Py_RETURN_NONE;
}

/* Correct: steal first, take the reference after (the function owns one
   by the time the path ends).  */
static PyObject *
ok_steal_then_incref (PyObject *self, PyObject *obj)
{
  PyObject *tuple = PyTuple_New (2);
  if (tuple == NULL)
    return NULL;
  PyTuple_SET_ITEM (tuple, 0, obj);
  Py_INCREF (obj);
  PyTuple_SET_ITEM (tuple, 1, Py_None);
  Py_INCREF (Py_None);
  return tuple;
}

/* Correct: take the reference first, with Py_INCREF or Py_NewRef.  */
static PyObject *
ok_incref_then_steal (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *list = PyList_New (2);
  if (list == NULL)
    return NULL;
  Py_INCREF (a);
  PyList_SET_ITEM (list, 0, a);
  PyList_SET_ITEM (list, 1, Py_NewRef (b));
  return list;
}

typedef struct
{
  PyObject_HEAD
  double x, y;
} Point;

static PyTypeObject PointType = {
  PyVarObject_HEAD_INIT (NULL, 0)
  .tp_name = "steals.Point",
  .tp_basicsize = sizeof (Point),
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_new = PyType_GenericNew,
};

/* Correct: the classic static-type registration: a reference for the
   module, given back if PyModule_AddObject fails.  */
static int
ok_add_static_type (PyObject *module)
{
  if (PyType_Ready (&PointType) < 0)
    return -1;
  Py_INCREF (&PointType);
  if (PyModule_AddObject (module, "Point", (PyObject *) &PointType) < 0)
    {
      Py_DECREF (&PointType); /* { dg-bogus "pyrefcheck" "Py_INCREF (&PointType) not matched" } */
      return -1;
    }
  return 0;
}

/* BUG: the module takes over a reference to the static type that this
   function never took (static types are not immortal before 3.12).  */
static int
bad_add_static_type_without_incref (PyObject *module)
{
  if (PyType_Ready (&PointType) < 0)
    return -1;
  if (PyModule_AddObject (module, "Point2", (PyObject *) &PointType) < 0) /* { dg-warning "'PyModule_AddObject' steals a reference to 'PointType' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
    return -1;
  return 0; /* { dg-message "the path ends without this function acquiring the reference given away at \\(2\\)" } */
  /* { dg-message "'PyModule_AddObject' steals a reference \\(argument 3\\) this function does not own" "" { target *-*-* } .-3 } */
}

/* Correct: PyModule_AddObject steals only on success, so the object is
   released only when it fails.  */
static int
ok_add_object (PyObject *module)
{
  PyObject *version = Py_BuildValue ("(iii)", 1, 2, 3);
  if (version == NULL)
    return -1;
  if (PyModule_AddObject (module, "version_info", version) < 0)
    {
      Py_DECREF (version);
      return -1;
    }
  return 0;
}

/* BUG: when PyModule_AddObject fails, the reference is still the
   caller's, and it leaks.  */
static int
bad_add_object_leak_on_failure (PyObject *module)
{
  PyObject *answer = PyLong_FromLong (42); /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromLong' is stored in 'answer'" } */
  if (answer == NULL) /* { dg-message "\\(2\\) following 'false' branch \\(when 'answer' is non-NULL\\)" } */
    return -1;
  if (PyModule_AddObject (module, "answer", answer) < 0) /* { dg-message "\\(3\\) 'PyModule_AddObject' fails" } */
    return -1; /* { dg-warning "leak of 'answer' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(4\\) following 'true' branch" "" { target *-*-* } .-2 } */
  /* { dg-message "\\(5\\) 'answer' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
  return 0;
}

/* BUG: releasing after PyModule_AddObject is right only on failure; on
   success the module owns the reference.  */
static int
bad_add_object_release_on_success (PyObject *module)
{
  PyObject *name = PyUnicode_FromString ("steals"); /* { dg-line name_acquire } */
  if (name == NULL) /* { dg-line name_check } */
    return -1;
  int rc = PyModule_AddObject (module, "NAME", name); /* { dg-line name_add } */
  Py_DECREF (name); /* { dg-warning "'Py_DECREF' releases 'name', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "\\(3\\) 'PyModule_AddObject' takes over the reference to 'name' \\(argument 3\\)" "" { target *-*-* } name_add } */
  /* { dg-message "\\(4\\) 'Py_DECREF' releases 'name', which this function no longer owns since \\(3\\)" "" { target *-*-* } .-2 } */
  return rc;
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_FromString' is stored in 'name'" "" { target *-*-* } name_acquire } */
}

/* Correct: PyModule_AddObjectRef does not steal; the caller releases its
   reference on both outcomes.  */
static int
ok_add_object_ref (PyObject *module)
{
  PyObject *limits = PyDict_New ();
  if (limits == NULL)
    return -1;
  int rc = PyModule_AddObjectRef (module, "limits", limits);
  Py_DECREF (limits);
  return rc;
}

/* Correct: PyModule_AddObjectRef only borrows, so borrowed references
   (here Py_None and an entry of the module dict) need no Py_INCREF.  */
static int
ok_add_object_ref_borrowed (PyObject *module)
{
  if (PyModule_AddObjectRef (module, "MISSING", Py_None) < 0)
    return -1;
  PyObject *dict = PyModule_GetDict (module);
  PyObject *limits = PyDict_GetItemString (dict, "limits");
  if (limits != NULL
      && PyModule_AddObjectRef (module, "LIMITS", limits) < 0)
    return -1;
  return 0;
}

/* BUG: with PyModule_AddObjectRef the caller keeps its reference, and
   forgetting to release it is a leak.  */
static int
bad_add_object_ref_leak (PyObject *module)
{
  PyObject *err = PyErr_NewException ("steals.Error", NULL, NULL); /* { dg-message "\\(1\\) new reference returned by 'PyErr_NewException' is stored in 'err'" } */
  if (err == NULL)
    return -1;
  if (PyModule_AddObjectRef (module, "Error", err) < 0) /* { dg-message "'PyModule_AddObjectRef' fails" } */
    return -1; /* { dg-warning "leak of 'err' \\\[pyrefcheck-leak\\\]" } */
  return 0; /* { dg-message "'err' also leaks here, on another path" } */
  /* { dg-message "'err' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-2 } */
}

/* Correct: "N" hands over the new references; Py_BuildValue releases
   them even when it fails, so nothing is released here.  */
static PyObject *
ok_build_value_n (PyObject *self, PyObject *args)
{
  const char *s;
  long n;
  if (!PyArg_ParseTuple (args, "sl", &s, &n))
    return NULL;
  PyObject *text = PyUnicode_FromString (s);
  if (text == NULL)
    return NULL;
  PyObject *num = PyLong_FromLong (n);
  if (num == NULL)
    {
      Py_DECREF (text);
      return NULL;
    }
  return Py_BuildValue ("{sNsN}", "text", text, "num", num);
}

/* Correct: the documented idiom of constructors in the argument list:
   a NULL argument (the constructor failed and set an exception) makes
   Py_BuildValue fail, and it still releases the other "N" arguments.  */
static PyObject *
ok_build_value_n_inline (PyObject *self, PyObject *args)
{
  double x, y;
  if (!PyArg_ParseTuple (args, "dd", &x, &y))
    return NULL;
  return Py_BuildValue ("(NN)", PyFloat_FromDouble (x), PyFloat_FromDouble (y));
}

/* Correct: replacing an item of an existing list: PyList_SetItem takes
   over the new reference and releases the item it replaces.  */
static PyObject *
ok_replace_item (PyObject *self, PyObject *args)
{
  PyObject *list, *value;
  Py_ssize_t i;
  if (!PyArg_ParseTuple (args, "O!nO", &PyList_Type, &list, &i, &value))
    return NULL;
  if (PyList_SetItem (list, i, Py_NewRef (value)) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* Correct: "O" borrows, so the caller releases its own reference after
   building.  */
static PyObject *
ok_build_value_o (PyObject *self, PyObject *obj)
{
  PyObject *r = PyObject_Repr (obj);
  if (r == NULL)
    return NULL;
  PyObject *result = Py_BuildValue ("(OO)", obj, r);
  Py_DECREF (r);
  return result;
}

/* BUG: a new reference passed with "O" is borrowed by Py_BuildValue, so
   the function's reference leaks.  */
static PyObject *
bad_build_value_o_leak (PyObject *self, PyObject *obj)
{
  PyObject *size = PyLong_FromSsize_t (PyObject_Length (obj)); /* { dg-message "\\(1\\) new reference returned by 'PyLong_FromSsize_t' is stored in 'size'" } */
  if (size == NULL)
    return NULL;
  return Py_BuildValue ("(Oi)", size, 1); /* { dg-warning "leak of 'size' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "'size' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-1 } */
}

/* BUG: "N" used for an argument of the method (a borrowed reference):
   the dict would own a reference nobody took.  */
static PyObject *
bad_build_value_n_borrowed (PyObject *self, PyObject *args)
{
  PyObject *key, *value;
  if (!PyArg_ParseTuple (args, "OO", &key, &value)) /* { dg-message "\\(1\\) borrowed reference stored in 'key' by 'PyArg_ParseTuple'" } */
    return NULL;
  return Py_BuildValue ("{sNsO}", "key", key, "value", value); /* { dg-warning "'Py_BuildValue' steals a reference to 'key' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  /* { dg-message "'Py_BuildValue' steals a reference \\(argument 3\\) this function does not own" "" { target *-*-* } .-1 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(3\\)" "" { target *-*-* } .-2 } */
}

/* BUG: "N" stole 'text' even though Py_BuildValue failed; releasing it
   again on the error path releases a reference this function no longer
   owns.  */
static PyObject *
bad_build_value_n_release_on_failure (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj); /* { dg-message "\\(1\\) new reference returned by 'PyObject_Str' is stored in 'text'" } */
  if (text == NULL)
    return NULL;
  PyObject *result = Py_BuildValue ("(Ni)", text, 0);
  if (result == NULL)
    {
      Py_DECREF (text); /* { dg-warning "'Py_DECREF' releases 'text', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
      /* { dg-message "'Py_BuildValue' takes over the reference to 'text' \\(argument 2\\)" "" { target *-*-* } .-4 } */
  /* { dg-message "'Py_DECREF' releases 'text', which this function no longer owns since \\(3\\)" "" { target *-*-* } .-2 } */
      return NULL;
    }
  return result;
}

static PyMethodDef steals_methods[] = {
  { "ok_list_setitem_new", ok_list_setitem_new, METH_VARARGS, NULL },
  { "ok_tuple_setitem_new", ok_tuple_setitem_new, METH_O, NULL },
  { "bad_list_setitem_borrowed", bad_list_setitem_borrowed, METH_O, NULL },
  { "bad_tuple_set_item_borrowed", bad_tuple_set_item_borrowed, METH_O, NULL },
  { "bad_list_setitem_release_on_failure", bad_list_setitem_release_on_failure, METH_VARARGS, NULL },
  { "ok_steal_then_incref", ok_steal_then_incref, METH_O, NULL },
  { "ok_incref_then_steal", ok_incref_then_steal, METH_VARARGS, NULL },
  { "ok_build_value_n", ok_build_value_n, METH_VARARGS, NULL },
  { "ok_build_value_n_inline", ok_build_value_n_inline, METH_VARARGS, NULL },
  { "ok_replace_item", ok_replace_item, METH_VARARGS, NULL },
  { "ok_build_value_o", ok_build_value_o, METH_O, NULL },
  { "bad_build_value_o_leak", bad_build_value_o_leak, METH_O, NULL },
  { "bad_build_value_n_borrowed", bad_build_value_n_borrowed, METH_VARARGS, NULL },
  { "bad_build_value_n_release_on_failure", bad_build_value_n_release_on_failure, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

/* Correct: the Py_mod_exec function of a multi-phase module.  */
static int
ok_steals_exec (PyObject *module)
{
  if (ok_add_object (module) < 0 || ok_add_object_ref (module) < 0
      || ok_add_object_ref_borrowed (module) < 0
      || ok_add_static_type (module) < 0)
    return -1;
  if (bad_add_object_leak_on_failure (module) < 0
      || bad_add_object_release_on_success (module) < 0
      || bad_add_object_ref_leak (module) < 0
      || bad_add_static_type_without_incref (module) < 0)
    return -1;
  return 0;
}

static PyModuleDef_Slot steals_slots[] = {
  { Py_mod_exec, ok_steals_exec },
  { 0, NULL }
};

static struct PyModuleDef steals_module = {
  PyModuleDef_HEAD_INIT, "steals", NULL, 0, steals_methods, steals_slots,
};

PyMODINIT_FUNC
PyInit_steals (void)
{
  return PyModuleDef_Init (&steals_module);
}
