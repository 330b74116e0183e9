/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: SWIG
   4.1's SwigPyStaticVar_new_getset (m2crypto 0.46.2 _m2crypto_wrap.c:3364)
   returns the new descriptor as a PyGetSetDescrObject *.  That struct
   starts with a PyDescrObject, which starts with the PyObject header, two
   levels down; the engine does not take the function for one that returns
   an object, so the reference it returns is reported as leaked.  */

static PyGetSetDescrObject *
ok_return_descriptor (PyTypeObject *descr_type)
{
  PyGetSetDescrObject *descr
      = (PyGetSetDescrObject *) PyType_GenericAlloc (descr_type, 0);
  return descr; /* { dg-bogus "leak of 'descr'" "returned as a PyGetSetDescrObject *" } */
}
