/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* References held by a module: static globals (an exception object, a
   cached interned string, an imported type, a hook), a module state
   struct from PyModule_GetState, single-phase init with PyModule_AddObject
   and multi-phase init with a Py_mod_exec slot.  */

/* ---- single-phase module with static globals ---- */

static PyObject *ErrorObject;    /* new reference, set by PyInit */
static PyObject *DecimalType;    /* new reference or NULL */
static PyObject *current_hook;   /* new reference or NULL */
static PyObject *str_encoding;   /* interned string, created once */

static PyObject *
ok_get_encoding (PyObject *module, PyObject *obj)
{
  if (str_encoding == NULL)
    {
      str_encoding = PyUnicode_InternFromString ("encoding");
      if (str_encoding == NULL)
        return NULL;
    }
  return PyObject_GetAttr (obj, str_encoding);
}

static PyObject *
ok_raise (PyObject *module, PyObject *message)
{
  PyErr_SetObject (ErrorObject, message);
  return NULL;
}

static PyObject *
ok_set_hook (PyObject *module, PyObject *hook)
{
  if (hook != Py_None && !PyCallable_Check (hook))
    {
      PyErr_SetString (PyExc_TypeError, "hook must be callable or None");
      return NULL;
    }
  Py_XSETREF (current_hook, hook == Py_None ? NULL : Py_NewRef (hook));
  Py_RETURN_NONE;
}

/* BUG: the global keeps a reference the function never took.  */
static PyObject *
bad_set_hook (PyObject *module, PyObject *hook)
{
  Py_XDECREF (current_hook);
  current_hook = hook; /* { dg-line store } */
  Py_RETURN_NONE;
  /* { dg-warning "storing borrowed reference 'hook' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } store } */
  /* { dg-message "\\(1\\) stored in memory, which takes a reference this function does not own" "" { target *-*-* } store } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(1\\)" "" { target *-*-* } .-3 } */
}

static PyObject *
ok_import_decimal (PyObject *module, PyObject *Py_UNUSED (ignored))
{
  if (DecimalType == NULL)
    {
      PyObject *mod = PyImport_ImportModule ("decimal");
      if (mod == NULL)
        return NULL;
      DecimalType = PyObject_GetAttrString (mod, "Decimal");
      Py_DECREF (mod);
      if (DecimalType == NULL)
        return NULL;
    }
  return Py_NewRef (DecimalType);
}

/* BUG: PyDict_GetItemString returns a borrowed reference; once the module
   is released the global may dangle.  */
static PyObject *
bad_import_decimal (PyObject *module, PyObject *Py_UNUSED (ignored))
{
  if (DecimalType == NULL)
    {
      PyObject *mod = PyImport_ImportModule ("decimal");
      if (mod == NULL)
        return NULL;
      PyObject *type = PyDict_GetItemString (PyModule_GetDict (mod), "Decimal"); /* { dg-line lookup } */
      if (type == NULL) /* { dg-line check } */
        {
          Py_DECREF (mod);
          PyErr_SetString (PyExc_ImportError, "decimal.Decimal not found");
          return NULL;
        }
      DecimalType = type; /* { dg-warning "storing borrowed reference 'type' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
      Py_DECREF (mod);
    }
  return Py_NewRef (DecimalType);
  /* { dg-message "\\(1\\) borrowed reference returned by 'PyDict_GetItemString' is stored in 'type'" "" { target *-*-* } lookup } */
  /* { dg-message "following 'false' branch \\(when 'type' is non-NULL\\)" "" { target *-*-* } check } */
  /* { dg-message "stored in memory, which takes a reference this function does not own" "" { target *-*-* } .-6 } */
  /* { dg-message "the path ends without this function acquiring the reference given away at \\(\[0-9\]+\\)" "" { target *-*-* } .-4 } */
}

static PyObject *
ok_reset (PyObject *module, PyObject *Py_UNUSED (ignored))
{
  Py_CLEAR (current_hook);
  Py_XDECREF (DecimalType);
  DecimalType = NULL;
  Py_RETURN_NONE;
}

/* BUG: the hook's reference is released, the global is left dangling and
   released again.  */
static PyObject *
bad_reset_twice (PyObject *module, PyObject *Py_UNUSED (ignored))
{
  if (current_hook != NULL)
    {
      PyObject *res = PyObject_CallNoArgs (current_hook); /* { dg-line call } */
      Py_DECREF (current_hook);
      if (res == NULL) /* { dg-line res } */
        return NULL;
      Py_DECREF (res);
    }
  Py_CLEAR (current_hook); /* { dg-line clear } */
  Py_RETURN_NONE;
  /* { dg-warning "'Py_DECREF' releases 'current_hook', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" "" { target *-*-* } clear } */
  /* { dg-message "\\(1\\) borrowed reference loaded from 'current_hook'" "" { target *-*-* } call } */
  /* { dg-message "following 'false' branch \\(when 'res' is non-NULL\\)" "" { target *-*-* } res } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } clear } */
  /* { dg-message "'Py_DECREF' releases 'current_hook', a borrowed reference; acquired at \\(1\\)" "" { target *-*-* } clear } */
}

static PyMethodDef single_methods[] = {
  { "get_encoding", ok_get_encoding, METH_O, NULL },
  { "raise_error", ok_raise, METH_O, NULL },
  { "set_hook", ok_set_hook, METH_O, NULL },
  { "set_hook2", bad_set_hook, METH_O, NULL },
  { "decimal", ok_import_decimal, METH_NOARGS, NULL },
  { "decimal2", bad_import_decimal, METH_NOARGS, NULL },
  { "reset", ok_reset, METH_NOARGS, NULL },
  { "reset2", bad_reset_twice, METH_NOARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef single_module = {
  PyModuleDef_HEAD_INIT, "single", NULL, -1, single_methods,
};

/* The documentation's pattern: the global keeps one reference, the module
   gets another (PyModule_AddObject steals it only on success).  */
PyMODINIT_FUNC
PyInit_single (void)
{
  PyObject *m = PyModule_Create (&single_module);
  if (m == NULL)
    return NULL;
  ErrorObject = PyErr_NewException ("single.error", NULL, NULL);
  Py_XINCREF (ErrorObject);
  if (PyModule_AddObject (m, "error", ErrorObject) < 0)
    {
      Py_XDECREF (ErrorObject);
      Py_CLEAR (ErrorObject);
      Py_DECREF (m);
      return NULL;
    }
  PyObject *version = PyUnicode_FromString ("1.0");
  if (PyModule_AddObject (m, "__version__", version) < 0)
    {
      Py_XDECREF (version);
      Py_DECREF (m);
      return NULL;
    }
  return m;
}

/* BUG: when PyModule_AddObject fails it does not steal 'limits'.  */
PyMODINIT_FUNC
PyInit_single_bad (void)
{
  PyObject *m = PyModule_Create (&single_module);
  if (m == NULL)
    return NULL;
  PyObject *limits = Py_BuildValue ("(ii)", 0, 255); /* { dg-line limits } */
  if (limits == NULL) /* { dg-line check } */
    {
      Py_DECREF (m);
      return NULL;
    }
  if (PyModule_AddObject (m, "limits", limits) < 0) /* { dg-line add } */
    {
      Py_DECREF (m); /* { dg-warning "leak of 'limits' \\\[pyrefcheck-leak\\\]" } */
      return NULL;
    }
  return m;
  /* { dg-message "\\(1\\) new reference returned by 'Py_BuildValue' is stored in 'limits'" "" { target *-*-* } limits } */
  /* { dg-message "following 'false' branch \\(when 'limits' is non-NULL\\)" "" { target *-*-* } check } */
  /* { dg-message "'PyModule_AddObject' fails" "" { target *-*-* } add } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } add } */
  /* { dg-message "'limits' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-8 } */
}

/* ---- multi-phase module with a module state ---- */

typedef struct
{
  PyObject *error;          /* exception type */
  PyObject *default_codec;  /* str */
} state_t;

static inline state_t *
get_state (PyObject *module)
{
  return (state_t *) PyModule_GetState (module);
}

static int
ok_exec (PyObject *module)
{
  state_t *st = get_state (module);
  st->error = PyErr_NewException ("multi.Error", NULL, NULL);
  if (st->error == NULL)
    return -1;
  if (PyModule_AddObjectRef (module, "Error", st->error) < 0)
    return -1;
  st->default_codec = PyUnicode_InternFromString ("utf-8");
  if (st->default_codec == NULL)
    return -1;
  PyObject *codecs = PyList_New (0);
  if (codecs == NULL)
    return -1;
  if (PyList_Append (codecs, st->default_codec) < 0
      || PyModule_AddObjectRef (module, "codecs", codecs) < 0)
    {
      Py_DECREF (codecs);
      return -1;
    }
  Py_DECREF (codecs);
  return 0;
}

/* BUG: the version string leaks when PyModule_AddObject fails.  */
static int
bad_exec_version (PyObject *module)
{
  PyObject *version = PyUnicode_FromFormat ("%d.%d", 2, 1); /* { dg-line version } */
  if (version == NULL) /* { dg-line check } */
    return -1;
  if (PyModule_AddObject (module, "__version__", version) < 0) /* { dg-line addver } */
    return -1; /* { dg-warning "leak of 'version' \\\[pyrefcheck-leak\\\]" } */
  return 0;
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_FromFormat' is stored in 'version'" "" { target *-*-* } version } */
  /* { dg-message "following 'false' branch \\(when 'version' is non-NULL\\)" "" { target *-*-* } check } */
  /* { dg-message "'PyModule_AddObject' fails" "" { target *-*-* } addver } */
  /* { dg-message "following 'true' branch" "" { target *-*-* } addver } */
  /* { dg-message "'version' leaks here; acquired at \\(1\\)" "" { target *-*-* } .-6 } */
}

static int
ok_traverse (PyObject *module, visitproc visit, void *arg)
{
  state_t *st = get_state (module);
  Py_VISIT (st->error);
  Py_VISIT (st->default_codec);
  return 0;
}

static int
ok_clear (PyObject *module)
{
  state_t *st = get_state (module);
  Py_CLEAR (st->error);
  Py_CLEAR (st->default_codec);
  return 0;
}

static void
ok_free (void *module)
{
  ok_clear ((PyObject *) module);
}

static PyObject *
ok_encode (PyObject *module, PyObject *text)
{
  state_t *st = get_state (module);
  if (!PyUnicode_Check (text))
    {
      PyErr_SetObject (st->error, text);
      return NULL;
    }
  return PyUnicode_AsEncodedString (text, PyUnicode_AsUTF8 (st->default_codec),
                                    "strict");
}

static PyObject *
ok_set_codec (PyObject *module, PyObject *name)
{
  state_t *st = get_state (module);
  if (!PyUnicode_Check (name))
    {
      PyErr_SetString (PyExc_TypeError, "codec name must be a str");
      return NULL;
    }
  Py_SETREF (st->default_codec, Py_NewRef (name));
  Py_RETURN_NONE;
}

/* BUG: the state keeps a borrowed reference to the argument.  */
static PyObject *
bad_set_codec (PyObject *module, PyObject *name)
{
  state_t *st = get_state (module);
  Py_SETREF (st->default_codec, name); /* { dg-warning "storing borrowed reference 'name' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" "" { xfail *-*-* } } */
  Py_RETURN_NONE;
}

static PyMethodDef multi_methods[] = {
  { "encode", ok_encode, METH_O, NULL },
  { "set_codec", ok_set_codec, METH_O, NULL },
  { "set_codec2", bad_set_codec, METH_O, NULL },
  { NULL, NULL, 0, NULL }
};

static PyModuleDef_Slot multi_slots[] = {
  { Py_mod_exec, ok_exec },
  { Py_mod_exec, bad_exec_version },
  { 0, NULL }
};

static struct PyModuleDef multi_module = {
  PyModuleDef_HEAD_INIT,
  .m_name = "multi",
  .m_size = sizeof (state_t),
  .m_methods = multi_methods,
  .m_slots = multi_slots,
  .m_traverse = ok_traverse,
  .m_clear = ok_clear,
  .m_free = ok_free,
};

PyMODINIT_FUNC
PyInit_multi (void)
{
  return PyModuleDef_Init (&multi_module);
}
