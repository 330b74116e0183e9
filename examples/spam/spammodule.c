/* spam: a small CPython extension with one reference-counting bug of each
   kind pyrefcheck reports, next to correct code.  Build it with the plugin:

     gcc -O2 -c $(python3-config --includes) -fplugin=pyrefcheck spammodule.c

   or as a package:  CFLAGS=-fplugin=pyrefcheck pip wheel .

   This file is part of pyrefcheck's examples (GPLv3 or later).  */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Correct: build [0, 1, ..., n-1], releasing what it made on failure.  */
static PyObject *
spam_range (PyObject *self, PyObject *args)
{
  Py_ssize_t n;
  if (!PyArg_ParseTuple (args, "n", &n))
    return NULL;
  PyObject *list = PyList_New (n);
  if (list == NULL)
    return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    {
      PyObject *item = PyLong_FromSsize_t (i);
      if (item == NULL)
        {
          Py_DECREF (list);
          return NULL;
        }
      PyList_SET_ITEM (list, i, item);   /* steals item */
    }
  return list;
}

/* BUG (leak): when PyObject_Str fails, 'name' is never released.  */
static PyObject *
spam_describe (PyObject *self, PyObject *obj)
{
  PyObject *name = PyObject_GetAttrString (obj, "__name__");
  if (name == NULL)
    return NULL;
  PyObject *text = PyObject_Str (obj);
  if (text == NULL)
    return NULL;
  PyObject *result = PyUnicode_FromFormat ("%U: %U", name, text);
  Py_DECREF (name);
  Py_DECREF (text);
  return result;
}

/* BUG (refcount too low): PyList_GetItem returns a borrowed reference;
   returning it hands the caller a reference nobody took.  */
static PyObject *
spam_first (PyObject *self, PyObject *list)
{
  PyObject *first = PyList_GetItem (list, 0);
  if (first == NULL)
    return NULL;
  return first;
}

/* BUG (use after release): the string is used after its only reference
   is gone.  */
static PyObject *
spam_shout (PyObject *self, PyObject *obj)
{
  PyObject *text = PyObject_Str (obj);
  if (text == NULL)
    return NULL;
  PyObject *upper = PyObject_CallMethod (text, "upper", NULL);
  Py_DECREF (text);
  if (upper == NULL)
    return NULL;
  Py_ssize_t len = PyUnicode_GetLength (text);
  Py_DECREF (upper);
  return PyLong_FromSsize_t (len);
}

/* BUG (NULL dereference): PyObject_GetItem fails (KeyError, IndexError)
   and returns NULL, which Py_DECREF dereferences.  */
static PyObject *
spam_touch (PyObject *self, PyObject *args)
{
  PyObject *container, *key;
  if (!PyArg_ParseTuple (args, "OO", &container, &key))
    return NULL;
  PyObject *value = PyObject_GetItem (container, key);
  Py_DECREF (value);
  Py_RETURN_NONE;
}

/* BUG (NULL without exception): PyDict_GetItemString returns NULL
   without setting an exception when the key is missing, so the caller
   sees "SystemError: error return without exception set".  */
static PyObject *
spam_lookup (PyObject *self, PyObject *dict)
{
  if (!PyDict_Check (dict))
    {
      PyErr_SetString (PyExc_TypeError, "expected a dict");
      return NULL;
    }
  PyObject *value = PyDict_GetItemString (dict, "spam");
  if (value == NULL)
    return NULL;
  return Py_NewRef (value);
}

static PyMethodDef spam_methods[] = {
  { "range", spam_range, METH_VARARGS, "range(n) as a list" },
  { "describe", spam_describe, METH_O, "name and str of an object" },
  { "first", spam_first, METH_O, "first item of a list" },
  { "shout", spam_shout, METH_O, "length of str(obj).upper()" },
  { "touch", spam_touch, METH_VARARGS, "look up container[key]" },
  { "lookup", spam_lookup, METH_O, "dict['spam']" },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef spam_module = {
  PyModuleDef_HEAD_INIT, "spam", "pyrefcheck's example", -1, spam_methods,
};

PyMODINIT_FUNC
PyInit_spam (void)
{
  return PyModule_Create (&spam_module);
}
