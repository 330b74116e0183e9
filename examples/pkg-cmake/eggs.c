/* eggs: a small CPython extension to show pyrefcheck in a package build.
   count_words and pair are correct; join_repr has one reference leak,
   which the plugin reports at the "return NULL" of line 52.

   The same file is in examples/pkg-setuptools, examples/pkg-meson and
   examples/pkg-cmake; only the build description differs.

   This file is part of pyrefcheck's examples (GPLv3 or later).  */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Correct: the number of items of str(obj).split().  */
static PyObject *
eggs_count_words (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj);
  if (text == NULL)
    return NULL;
  PyObject *words = PyUnicode_Split (text, NULL, -1);
  Py_DECREF (text);
  if (words == NULL)
    return NULL;
  Py_ssize_t n = PyList_GET_SIZE (words);
  Py_DECREF (words);
  return PyLong_FromSsize_t (n);
}

/* Correct: the tuple (a, b); Py_BuildValue's "O" takes its own
   references.  */
static PyObject *
eggs_pair (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  return Py_BuildValue ("(OO)", a, b);
}

/* BUG (leak): when repr(b) fails, repr(a) is never released.  */
static PyObject *
eggs_join_repr (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *ra = PyObject_Repr (a);
  if (ra == NULL)
    return NULL;
  PyObject *rb = PyObject_Repr (b);
  if (rb == NULL)
    return NULL;
  PyObject *joined = PyUnicode_Concat (ra, rb);
  Py_DECREF (ra);
  Py_DECREF (rb);
  return joined;
}

static PyMethodDef eggs_methods[] = {
  { "count_words", eggs_count_words, METH_O, "len(str(obj).split())" },
  { "pair", eggs_pair, METH_VARARGS, "the tuple (a, b)" },
  { "join_repr", eggs_join_repr, METH_VARARGS, "repr(a) + repr(b)" },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef eggs_module = {
  PyModuleDef_HEAD_INIT, "eggs", "pyrefcheck's packaging example", -1,
  eggs_methods,
};

PyMODINIT_FUNC
PyInit_eggs (void)
{
  return PyModule_Create (&eggs_module);
}
