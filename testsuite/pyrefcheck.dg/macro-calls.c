/* { dg-do compile } */
/* C APIs exported as function tables: PyDate_FromDate (y, m, d) is
   PyDateTimeAPI->Date_FromDate (y, m, d, PyDateTimeAPI->DateType), an
   indirect call the table knows by the macro's name.  */
#include <Python.h>
#include <datetime.h>

/* BUG: the date leaks.  */
static PyObject *
bad_date_leak (PyObject *self, PyObject *arg)
{
  PyObject *d = PyDate_FromDate (2026, 11, 24);
  if (d == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'd' \\\[pyrefcheck-leak\\\]" } */
}

/* BUG: unchecked.  */
static PyObject *
bad_delta_unchecked (PyObject *self, PyObject *arg)
{
  PyObject *d = PyDelta_FromDSU (1, 0, 0);
  Py_DECREF (d); /* { dg-warning "'Py_DECREF' of 'd', which is NULL when 'PyDelta_FromDSU' fails" } */
  Py_RETURN_NONE;
}

/* BUG: PySequence_ITEM (o, i) is Py_TYPE (o)->tp_as_sequence->sq_item
   (o, i): a new reference, known by the outer macro's name (not Py_TYPE,
   a macro around the function of the same name).  */
static PyObject *
bad_sequence_item_leak (PyObject *self, PyObject *seq)
{
  PyObject *first = PySequence_ITEM (seq, 0);
  if (first == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'first'" } */
}

static PyObject *
ok_sequence_item (PyObject *self, PyObject *seq)
{
  return PySequence_ITEM (seq, 0);
}

static PyObject *
ok_date (PyObject *self, PyObject *arg)
{
  return PyDate_FromDate (2026, 11, 24);
}

static PyObject *
ok_time_tuple (PyObject *self, PyObject *arg)
{
  PyObject *t = PyTime_FromTime (12, 0, 0, 0);
  if (t == NULL)
    return NULL;
  PyObject *r = PyTuple_Pack (1, t);
  Py_DECREF (t);
  return r;
}

/* A function table the ownership table does not know: unknown, so
   silent (and no crash on macros nested in macro arguments).  */
struct ops
{
  PyObject *(*make) (long);
  void (*drop) (PyObject *);
};
extern struct ops *the_ops;
#define OPS_MAKE(n) (the_ops->make ((n)))
#define OPS_DROP(o) (the_ops->drop ((o)))
#define TWICE(x) OPS_MAKE (OPS_MAKE (x) != NULL)

static PyObject *
ok_unknown_table (PyObject *self, PyObject *arg)
{
  PyObject *a = TWICE (1);
  if (a == NULL)
    return NULL;
  OPS_DROP (PyDate_FromDate (2026, 1, 1));
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
  { "bad_date_leak", bad_date_leak, METH_O, NULL },
  { "bad_delta_unchecked", bad_delta_unchecked, METH_O, NULL },
  { "ok_date", ok_date, METH_O, NULL },
  { "bad_sequence_item_leak", bad_sequence_item_leak, METH_O, NULL },
  { "ok_sequence_item", ok_sequence_item, METH_O, NULL },
  { "ok_time_tuple", ok_time_tuple, METH_O, NULL },
  { "ok_unknown_table", ok_unknown_table, METH_O, NULL },
  { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module
    = { PyModuleDef_HEAD_INIT, "macrocalls", NULL, -1, methods };

PyMODINIT_FUNC
PyInit_macrocalls (void)
{
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == NULL)
    return NULL;
  return PyModule_Create (&module);
}
