/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: 261
   times in the SWIG 4.1 wrappers of m2crypto 0.46.2 (_m2crypto_wrap.c,
   the _wrap_* functions).  SWIG starts a METH_O wrapper with
   "if (!args) SWIG_fail;", and SWIG_fail returns NULL.  Python never
   calls a METH_O (or METH_VARARGS) function with a NULL argument, so the
   branch is dead, but the engine lets the parameter be NULL and reports
   the NULL returned without an exception.  */

static PyObject *
ok_wrap_meth_o (PyObject *self, PyObject *args)
{
  PyObject *resultobj = 0;
  long value;

  if (!args)
    goto fail;
  value = PyLong_AsLong (args);
  if (value == -1 && PyErr_Occurred ())
    goto fail;
  resultobj = PyLong_FromLong (value + 1);
  return resultobj;
fail:
  return NULL; /* { dg-bogus "returning NULL without setting an exception" "args of METH_O is never NULL" } */
}

static PyMethodDef methods[] = {
  { "wrap_meth_o", ok_wrap_meth_o, METH_O, NULL },
  { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
  PyModuleDef_HEAD_INIT, "corpus_fp_swig", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_corpus_fp_swig (void)
{
  return PyModule_Create (&module);
}
