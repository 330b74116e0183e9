/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* SWIG's runtime builds each of its types once and caches it:
   SwigPyPacked_TypeOnce returns the address of a static PyTypeObject
   (or NULL when PyType_Ready fails), SwigPyPacked_type keeps it in a
   static pointer.  The summary of the first says it returns that static
   object, so the cache holds no reference of anyone's: silent.  A
   borrowed reference of something else stored in a global is still
   reported.  */

static PyTypeObject *
packed_type_once (void)
{
  static PyTypeObject packed_type;
  static int type_init = 0;
  if (!type_init)
    {
      packed_type.tp_name = "SwigPyPacked";
      packed_type.tp_basicsize = sizeof (PyObject);
      packed_type.tp_flags = Py_TPFLAGS_DEFAULT;
      type_init = 1;
      if (PyType_Ready (&packed_type) != 0)
        return NULL;
    }
  return &packed_type;
}

PyTypeObject *
packed_type (void)
{
  static PyTypeObject *type = 0;
  if (!type)
    type = packed_type_once ();
  return type;
}

static PyObject *first_item;

/* BUG: a borrowed item kept in a global without a reference of its
   own.  */
int
bad_cache_item (PyObject *list)
{
  PyObject *item = PyList_GetItem (list, 0);
  if (item == NULL)
    return -1;
  first_item = item; /* { dg-warning "storing borrowed reference 'item' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  return 0;
}
