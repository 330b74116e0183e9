/* { dg-do compile } */
/* The limited API: PyTypeObject is an opaque struct, and still an
   object for "O!" and "O" [pyrefcheck-format].  */
#define Py_LIMITED_API 0x030b0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
ok_opaque (PyObject *self, PyObject *args)
{
  PyObject *list;
  if (!PyArg_ParseTuple (args, "O!", &PyList_Type, &list))
    return NULL;
  return Py_BuildValue ("(OO)", Py_TYPE (list), list);
}

/* BUG: the type and the output swapped, opaque or not.  */
static PyObject *
bad_swapped (PyObject *self, PyObject *args)
{
  PyObject *list;
  if (!PyArg_ParseTuple (args, "O!", &list, &PyList_Type)) /* { dg-warning "argument 3 of 'PyArg_ParseTuple' has type 'PyObject \\*\\*' \\{aka 'struct _object \\*\\*'\\}, but 'O!' in format 'O!' expects 'PyTypeObject \\*'" } */
    /* { dg-warning "storing a borrowed reference without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" "the output written into the type object" { target *-*-* } .-1 } */
    /* { dg-warning "argument 4 of 'PyArg_ParseTuple' has type 'PyTypeObject \\*' \\{aka 'struct _typeobject \\*'\\}, but 'O!' in format 'O!' expects 'PyObject \\*\\*'" "" { target *-*-* } .-2 } */
    return NULL;
  Py_RETURN_NONE;
}

static PyMethodDef limited_methods[] = {
  { "ok_opaque", ok_opaque, METH_VARARGS, NULL },
  { "bad_swapped", bad_swapped, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};
