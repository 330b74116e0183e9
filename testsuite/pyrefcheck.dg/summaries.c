/* { dg-do compile } */
/* Calls to the unit's own functions follow what their definitions do
   (summaries), instead of being unknown.  */
#include <Python.h>

typedef struct
{
  PyObject_HEAD
  PyObject *cache;
} Holder;

/* --- Helpers.  --- */

static PyObject *
make_pair (long a)
{
  return Py_BuildValue ("(ll)", a, a + 1);
}

static PyObject *
first_item (PyObject *list)
{
  return PyList_GetItem (list, 0);
}

/* Takes over its argument on every path: a steal by convention.  */
static void
consume (PyObject *o)
{
  Py_DECREF (o);
}

static int
push_number (PyObject *list, long n)
{
  PyObject *v = PyLong_FromLong (n);
  if (v == NULL)
    return -1;
  int r = PyList_Append (list, v);
  Py_DECREF (v);
  return r;
}

/* -1 without an exception.  */
static int
check_positive (long n)
{
  if (n < 0)
    return -1;
  return 0;
}

static void
raise_bad (const char *what)
{
  PyErr_Format (PyExc_ValueError, "bad %s", what);
}

/* NULL without an exception when the key is missing.  */
static PyObject *
lookup (PyObject *dict, const char *key)
{
  return PyDict_GetItemString (dict, key);
}

/* Keeps its own reference to VALUE: the caller's stays the caller's.  */
static void
remember (Holder *h, PyObject *value)
{
  Py_INCREF (value);
  Py_XSETREF (h->cache, value);
}

/* Takes VALUE over on one path only: unknown to its callers.  */
static int
maybe_take (PyObject *value, int flag)
{
  if (flag)
    Py_DECREF (value);
  return 0;
}

/* BUG: a new reference on one path, a borrowed one on another (reported
   here); to its callers, unknown.  */
static PyObject *
new_or_borrowed (PyObject *list, int flag)
{
  if (flag)
    return PyList_GetItem (list, 0); /* { dg-warning "returning a borrowed reference without taking a new reference" } */
  return PyLong_FromLong (0);
}

/* Returns the object it was given (an initializer), or NULL when given
   NULL: to its callers, the same object, still theirs.  */
static PyObject *
init_thing (PyObject *op)
{
  if (op == NULL)
    return NULL;
  ((PyListObject *)op)->allocated = 0;
  return op;
}

/* Recursion: each is analysed before the other's summary exists on one
   side, so that side sees an unknown call.  */
static PyObject *even_depth (PyObject *o, int n);
static PyObject *
odd_depth (PyObject *o, int n)
{
  if (n == 0)
    return Py_NewRef (o);
  return even_depth (o, n - 1);
}
static PyObject *
even_depth (PyObject *o, int n)
{
  if (n == 0)
    return Py_NewRef (o);
  return odd_depth (o, n - 1);
}

/* --- Callers.  --- */

/* BUG: make_pair returns a new reference.  */
static PyObject *
bad_pair_leaks (PyObject *self, PyObject *arg)
{
  PyObject *p = make_pair (1); /* { dg-message "\\(1\\) new reference returned by 'make_pair' is stored in 'p'" } */
  if (p == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'p' \\\[pyrefcheck-leak\\\]" } */
}

static PyObject *
ok_pair (PyObject *self, PyObject *arg)
{
  return make_pair (2);
}

/* BUG: first_item returns a borrowed reference.  */
static PyObject *
bad_first_borrowed (PyObject *self, PyObject *list)
{
  PyObject *x = first_item (list);
  if (x == NULL)
    return NULL;
  return x; /* { dg-warning "returning borrowed reference 'x' without taking a new reference" } */
}

static PyObject *
ok_first (PyObject *self, PyObject *list)
{
  PyObject *x = first_item (list);
  Py_XINCREF (x);
  return x;
}

/* consume takes the reference over.  */
static PyObject *
ok_consume (PyObject *self, PyObject *arg)
{
  PyObject *x = PyLong_FromLong (3);
  if (x == NULL)
    return NULL;
  consume (x);
  Py_RETURN_NONE;
}

/* BUG: released again after consume took it.  */
static PyObject *
bad_consume_then_release (PyObject *self, PyObject *arg)
{
  PyObject *x = PyLong_FromLong (3);
  if (x == NULL)
    return NULL;
  consume (x); /* { dg-message "\\(3\\) 'consume' takes over the reference to 'x' \\(argument 1\\)" } */
  Py_DECREF (x); /* { dg-warning "'Py_DECREF' releases 'x', which this function does not own" } */
  Py_RETURN_NONE;
}

/* push_number fails with an exception set.  */
static PyObject *
ok_push (PyObject *self, PyObject *list)
{
  if (push_number (list, 3) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: check_positive fails without setting an exception.  */
static PyObject *
bad_check_no_exception (PyObject *self, PyObject *arg)
{
  long n = PyLong_AsLong (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  if (check_positive (n) < 0)
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  Py_RETURN_NONE;
}

/* raise_bad always sets an exception.  */
static PyObject *
ok_raise (PyObject *self, PyObject *arg)
{
  raise_bad ("argument");
  return NULL;
}

/* BUG: lookup's NULL sets no exception.  */
static PyObject *
bad_lookup_no_exception (PyObject *self, PyObject *dict)
{
  PyObject *v = lookup (dict, "key");
  if (v == NULL)
    return NULL; /* { dg-warning "returning NULL without setting an exception" } */
  return Py_NewRef (v);
}

/* BUG: remember keeps its own reference; this one leaks.  */
static PyObject *
bad_remember_leaks (PyObject *self, PyObject *arg)
{
  PyObject *v = PyObject_Repr (arg);
  if (v == NULL)
    return NULL;
  remember ((Holder *)self, v);
  Py_RETURN_NONE; /* { dg-warning "leak of 'v'" } */
}

static PyObject *
ok_remember (PyObject *self, PyObject *arg)
{
  PyObject *v = PyObject_Repr (arg);
  if (v == NULL)
    return NULL;
  remember ((Holder *)self, v);
  Py_DECREF (v);
  Py_RETURN_NONE;
}

/* maybe_take is unknown: either way is unproven, not reported.  */
static PyObject *
ok_maybe_take (PyObject *self, PyObject *arg)
{
  PyObject *v = PyObject_Repr (arg);
  if (v == NULL)
    return NULL;
  maybe_take (v, PyObject_IsTrue (arg));
  Py_RETURN_NONE;
}

/* new_or_borrowed is unknown: releasing its result is not reported.  */
static PyObject *
ok_new_or_borrowed (PyObject *self, PyObject *list)
{
  PyObject *v = new_or_borrowed (list, PyList_GET_SIZE (list) > 0);
  Py_XDECREF (v);
  Py_RETURN_NONE;
}

static PyObject *
ok_init_thing (PyObject *self, PyObject *arg)
{
  return init_thing (PyList_New (0));
}

/* BUG: the list init_thing returned (the one given to it) leaks.  */
static PyObject *
bad_init_thing_leak (PyObject *self, PyObject *arg)
{
  PyObject *list = init_thing (PyList_New (0)); /* { dg-line init } */
  if (list == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'list'" } */
  /* { dg-message "new reference returned by 'PyList_New'" "" { target *-*-* } init } */
}

static PyObject *
ok_recursion (PyObject *self, PyObject *arg)
{
  return odd_depth (arg, 3);
}

static PyMethodDef methods[] = {
  { "bad_pair_leaks", bad_pair_leaks, METH_O, NULL },
  { "ok_pair", ok_pair, METH_O, NULL },
  { "bad_first_borrowed", bad_first_borrowed, METH_O, NULL },
  { "ok_first", ok_first, METH_O, NULL },
  { "ok_consume", ok_consume, METH_O, NULL },
  { "bad_consume_then_release", bad_consume_then_release, METH_O, NULL },
  { "ok_push", ok_push, METH_O, NULL },
  { "bad_check_no_exception", bad_check_no_exception, METH_O, NULL },
  { "ok_raise", ok_raise, METH_O, NULL },
  { "bad_lookup_no_exception", bad_lookup_no_exception, METH_O, NULL },
  { "bad_remember_leaks", bad_remember_leaks, METH_O, NULL },
  { "ok_remember", ok_remember, METH_O, NULL },
  { "ok_maybe_take", ok_maybe_take, METH_O, NULL },
  { "ok_new_or_borrowed", ok_new_or_borrowed, METH_O, NULL },
  { "ok_recursion", ok_recursion, METH_O, NULL },
  { "ok_init_thing", ok_init_thing, METH_O, NULL },
  { "bad_init_thing_leak", bad_init_thing_leak, METH_O, NULL },
  { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module
    = { PyModuleDef_HEAD_INIT, "summaries", NULL, -1, methods };

static PyTypeObject A_Type, B_Type;

/* 0, or -1 with an exception set; borrows MODULE.  */
static int
add_capsule (PyObject *module)
{
  PyObject *capsule = PyCapsule_New ((void *)&A_Type, "summaries._C_API", NULL);
  if (capsule == NULL)
    return -1;
  if (PyModule_AddObject (module, "_C_API", capsule) < 0)
    {
      Py_DECREF (capsule);
      return -1;
    }
  return 0;
}

/* BUG: PyModule_AddObject steals only on success, and its failures are
   ignored: each type's reference leaks on the error exits after it (two
   objects, two reports); the module leaks on every error exit.  */
PyMODINIT_FUNC
PyInit_summaries (void)
{
  PyObject *m = PyModule_Create (&module);
  if (m == NULL)
    return NULL;
  if (PyType_Ready (&A_Type) < 0)
    return NULL; /* { dg-warning "leak of 'm'" } */
  Py_INCREF ((PyObject *)&A_Type);
  PyModule_AddObject (m, "A", (PyObject *)&A_Type);
  if (add_capsule (m) < 0)
    return NULL; /* { dg-message "'m' also leaks here" } */
  Py_INCREF ((PyObject *)&B_Type);
  PyModule_AddObject (m, "B", (PyObject *)&B_Type);
  if (PyModule_AddIntConstant (m, "C", 1) < 0)
    return NULL; /* { dg-warning "leak of 'A_Type'" } */
  /* { dg-warning "leak of 'B_Type'" "" { target *-*-* } .-1 } */
  /* { dg-message "'m' also leaks here" "" { target *-*-* } .-2 } */
  return m;
  /* { dg-message "'A_Type' also leaks here" "" { target *-*-* } .-1 } */
  /* { dg-message "'B_Type' also leaks here" "" { target *-*-* } .-2 } */
}
