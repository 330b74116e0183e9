/* { dg-do compile } */
/* CPython's macros and idioms in unusual combinations.  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct
{
  PyObject_HEAD
  PyObject *dict;
  PyObject *weakrefs;
  double value;
} Thing;

static PyObject *
thing_richcompare (PyObject *a, PyObject *b, int op)
{
  if (!PyFloat_Check (b))
    Py_RETURN_NOTIMPLEMENTED;
  double x = ((Thing *) a)->value, y = PyFloat_AsDouble (b);
  Py_RETURN_RICHCOMPARE (x, y, op);
}

static PyObject *
thing_slow (PyObject *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = { "a", "b", "c", "d", "e", "f", NULL };
  PyObject *a, *b = Py_None, *c = NULL;
  int d = 0;
  double e = 1.0;
  const char *f = "x";
  if (!PyArg_ParseTupleAndKeywords (args, kwds, "O|OO$ids:slow", kwlist, &a,
                                    &b, &c, &d, &e, &f))
    return NULL;
  double r;
  Py_BEGIN_ALLOW_THREADS
  r = e * d;
  Py_END_ALLOW_THREADS
  return Py_BuildValue ("(OO)[d,s]{s:i}", a, b, r, f, "d", d);
}

static int
thing_traverse (Thing *self, visitproc visit, void *arg)
{
  Py_VISIT (self->dict);
  Py_VISIT (Py_TYPE (self));
  return 0;
}

static void
thing_dealloc (Thing *self)
{
  PyTypeObject *tp = Py_TYPE (self);
  PyObject_GC_UnTrack (self);
  if (self->weakrefs != NULL)
    PyObject_ClearWeakRefs ((PyObject *) self);
  Py_CLEAR (self->dict);
  tp->tp_free ((PyObject *) self);
  Py_DECREF (tp);
}

typedef PyObject *(*unary) (PyObject *);

static PyObject *
thing_apply (PyObject *self, PyObject *arg)
{
  static const unary fns[] = { PyObject_Repr, PyObject_Str, PyObject_ASCII };
  Py_ssize_t i = PyLong_AsSsize_t (arg);
  if (i == -1 && PyErr_Occurred ())
    return NULL;
  return fns[i % 3] (self);
}

static PyMemberDef thing_members[]
    = { { "value", T_DOUBLE, offsetof (Thing, value), 0, NULL },
        { NULL, 0, 0, 0, NULL } };

static PyMethodDef thing_methods[]
    = { { "slow", (PyCFunction) (void (*) (void)) thing_slow,
          METH_VARARGS | METH_KEYWORDS, NULL },
        { "apply", thing_apply, METH_O, NULL },
        { NULL, NULL, 0, NULL } };

static PyType_Slot thing_slots[]
    = { { Py_tp_richcompare, thing_richcompare },
        { Py_tp_traverse, thing_traverse },
        { Py_tp_dealloc, thing_dealloc },
        { Py_tp_methods, thing_methods },
        { Py_tp_members, thing_members },
        { 0, NULL } };

static PyType_Spec thing_spec
    = { "m.Thing", sizeof (Thing), 0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HEAPTYPE,
        thing_slots };

static int
m_exec (PyObject *m)
{
  PyObject *tp = PyType_FromModuleAndSpec (m, &thing_spec, NULL);
  if (tp == NULL)
    return -1;
  int rc = PyModule_AddObjectRef (m, "Thing", tp);
  Py_DECREF (tp);
  return rc;
}

static PyModuleDef_Slot m_slots[] = { { Py_mod_exec, m_exec }, { 0, NULL } };
static struct PyModuleDef m_def
    = { PyModuleDef_HEAD_INIT, "m", NULL, 0, NULL, m_slots, NULL, NULL, NULL };

PyMODINIT_FUNC
PyInit_m (void)
{
  return PyModuleDef_Init (&m_def);
}
