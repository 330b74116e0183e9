/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* PyMethodDef entries whose flags do not match their function
   [pyrefcheck-method-table]: Python calls a METH_FASTCALL function with
   (self, args, nargs), so one written for METH_VARARGS | METH_KEYWORDS
   reads a Py_ssize_t as a dict; flags that are no calling convention;
   a table without its sentinel.  A function that ignores trailing
   arguments (a METH_NOARGS function with one parameter) works on every
   ABI CPython supports and is common in real code: silent.  */

static PyObject *
noargs (PyObject *self, PyObject *unused)
{
  Py_RETURN_NONE;
}

static PyObject *
noargs_short (PyObject *self)
{
  Py_RETURN_NONE;
}

static PyObject *
one_arg (PyObject *self, PyObject *arg)
{
  return Py_NewRef (arg);
}

static PyObject *
varargs (PyObject *self, PyObject *args)
{
  return Py_NewRef (args);
}

static PyObject *
keywords (PyObject *self, PyObject *args, PyObject *kwargs)
{
  return Py_NewRef (args);
}

static PyObject *
fastcall (PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
  return PyLong_FromSsize_t (nargs);
}

static PyObject *
fastcall_keywords (PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                   PyObject *kwnames)
{
  return PyLong_FromSsize_t (nargs);
}

static PyObject *
method (PyObject *self, PyTypeObject *defining_class, PyObject *const *args,
        Py_ssize_t nargs, PyObject *kwnames)
{
  return PyLong_FromSsize_t (nargs);
}

static PyMethodDef good_methods[] = {
  { "noargs", noargs, METH_NOARGS, NULL },
  { "noargs_short", (PyCFunction)noargs_short, METH_NOARGS, NULL },
  { "one_arg", one_arg, METH_O, NULL },
  { "varargs", varargs, METH_VARARGS, NULL },
  { "keywords", (PyCFunction)(void (*) (void))keywords,
    METH_VARARGS | METH_KEYWORDS, NULL },
  { "fastcall", (PyCFunction)(void (*) (void))fastcall, METH_FASTCALL,
    NULL },
  { "fastcall_keywords", (PyCFunction)(void (*) (void))fastcall_keywords,
    METH_FASTCALL | METH_KEYWORDS, NULL },
  { "method", (PyCFunction)(void (*) (void))method,
    METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL },
  { "cls", varargs, METH_VARARGS | METH_CLASS, NULL },
  { "static", one_arg, METH_O | METH_STATIC | METH_COEXIST, NULL },
  { NULL, NULL, 0, NULL }
};

/* A table sized larger than its entries ends with zeros: silent.  */
static PyMethodDef sized_methods[3] = {
  { "noargs", noargs, METH_NOARGS, NULL },
};

static PyMethodDef bad_methods[] = {
  /* BUG: a METH_VARARGS | METH_KEYWORDS function registered as
     METH_FASTCALL: it reads the argument count as a tuple.  */
  { "keywords_as_fastcall", (PyCFunction)(void (*) (void))keywords, METH_FASTCALL, NULL }, /* { dg-warning "parameter 2 of 'keywords' has type 'PyObject \\\*' \\{aka 'struct _object \\*'\\}, which does not receive what a METH_FASTCALL method is called with \\\(self, args, nargs\\\) \\\[pyrefcheck-method-table\\\]" } */
  /* BUG: the other way round.  */
  { "fastcall_as_keywords", (PyCFunction)(void (*) (void))fastcall, METH_VARARGS | METH_KEYWORDS, NULL }, /* { dg-warning "parameter 2 of 'fastcall' has type 'PyObject \\\* const\\\*' \\{aka 'struct _object \\* const\\*'\\}, which does not receive what a METH_VARARGS \\\| METH_KEYWORDS method is called with \\\(self, args, kwargs\\\)" } */
  /* BUG: a three-parameter function called with two: it reads garbage
     as its keywords.  */
  { "keywords_as_varargs", (PyCFunction)(void (*) (void))keywords, METH_VARARGS, NULL }, /* { dg-warning "'keywords' takes 3 parameters, but as a METH_VARARGS method it is called with 2 \\\(self, args\\\)" } */
  /* BUG: METH_KEYWORDS alone is no calling convention.  */
  { "keywords_alone", (PyCFunction)(void (*) (void))keywords, METH_KEYWORDS, NULL }, /* { dg-warning "the entry for 'keywords' has flags 0x2, which are no valid calling convention" } */
  /* BUG: class and static at once.  */
  { "both", varargs, METH_VARARGS | METH_CLASS | METH_STATIC, NULL }, /* { dg-warning "the entry for 'varargs' is both METH_CLASS and METH_STATIC" } */
  { NULL, NULL, 0, NULL }
};

/* BUG: no sentinel, and a module hands it to Python, which walks past
   the last entry.  */
static PyMethodDef unterminated_methods[] = { /* { dg-warning "method table 'unterminated_methods' does not end with a \\\{NULL, NULL, 0, NULL\\\} sentinel" } */
  { "noargs", noargs, METH_NOARGS, NULL },
  { "one_arg", one_arg, METH_O, NULL },
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "method_table", NULL, -1, good_methods,
};

static struct PyModuleDef unterminated_moduledef = {
  PyModuleDef_HEAD_INIT, "unterminated", NULL, -1, unterminated_methods,
};

/* Entries used one at a time (PyCFunction_New (&callbacks[i])) need no
   sentinel: silent.  */
static PyMethodDef callbacks[2] = {
  { "on_a", one_arg, METH_O, NULL },
  { "on_b", one_arg, METH_O, NULL },
};

PyObject *
make_callback (int i)
{
  return PyCFunction_New (&callbacks[i & 1], NULL);
}

PyMODINIT_FUNC
PyInit_method_table (void)
{
  (void)sized_methods;
  (void)bad_methods;
  (void)unterminated_moduledef;
  return PyModule_Create (&moduledef);
}
