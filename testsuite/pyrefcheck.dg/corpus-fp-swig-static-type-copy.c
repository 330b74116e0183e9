/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: SWIG
   4.1's SwigPyStaticVar_Type and SwigPyObjectType (m2crypto 0.46.2
   _m2crypto_wrap.c:3253, :3343) build a static type by copying a local
   initialiser, "staticvar_type = tmp;", whose ob_type is &PyType_Type.
   The struct copy is taken for a store of a borrowed reference to
   PyType_Type into memory that owns it; a static type's ob_type owns no
   reference.  */

static PyTypeObject copied_type;

static PyTypeObject *
ok_copy_static_type (void)
{
  static int type_init = 0;
  if (!type_init)
    {
      const PyTypeObject tmp = {
        PyVarObject_HEAD_INIT (&PyType_Type, 0)
        "copied", sizeof (PyObject), 0,
      };
      copied_type = tmp; /* { dg-bogus "storing borrowed reference 'PyType_Type' without taking a new reference" "a static type's ob_type" } */
      type_init = 1;
      if (PyType_Ready (&copied_type) < 0)
        return NULL;
    }
  return &copied_type;
}
