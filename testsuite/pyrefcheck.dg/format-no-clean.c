/* { dg-do compile } */
/* No PY_SSIZE_T_CLEAN: since Python 3.10 a '#' format raises
   SystemError at run time, in PyArg_Parse* and Py_BuildValue alike
   [pyrefcheck-format].  The other codes are unaffected.  */
#include <Python.h>

static PyObject *
ok_without_lengths (PyObject *self, PyObject *args)
{
  const char *s;
  int n;
  if (!PyArg_ParseTuple (args, "si", &s, &n))
    return NULL;
  return Py_BuildValue ("(si)", s, n);
}

static PyObject *
bad_length_parse (PyObject *self, PyObject *args)
{
  const char *s;
  int n;
  if (!PyArg_ParseTuple (args, "s#", &s, &n)) /* { dg-warning "format 's#' of 'PyArg_ParseTuple', at '#' \\\(offset 1\\\): '#' formats need PY_SSIZE_T_CLEAN defined before including Python.h \\\(SystemError at run time since Python 3.10\\\) \\\[pyrefcheck-format\\\]" } */
    return NULL;
  Py_RETURN_NONE;
}

static PyObject *
bad_length_build (PyObject *self, PyObject *args)
{
  return Py_BuildValue ("y#", "abc", 3); /* { dg-warning "format 'y#' of 'Py_BuildValue', at '#' \\\(offset 1\\\): '#' formats need PY_SSIZE_T_CLEAN" } */
}

static PyMethodDef no_clean_methods[] = {
  { "ok_without_lengths", ok_without_lengths, METH_VARARGS, NULL },
  { "bad_length_parse", bad_length_parse, METH_VARARGS, NULL },
  { "bad_length_build", bad_length_build, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};
