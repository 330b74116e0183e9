/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pyrefcheck-db=SRCDIR/overlays/mylib.tbl -fplugin-arg-pyrefcheck-db=SRCDIR/overlays/mylib-fix.tbl" } */
/* Two overlays: the later one's row for mylib_make (borrowed) wins over
   the earlier one's (new).  */
#include <Python.h>

extern PyObject *mylib_make (int kind);

PyObject *
ok_make_borrowed (void)
{
  PyObject *v = mylib_make (1);
  if (v == NULL)
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: the reference is borrowed now.  */
PyObject *
bad_make_decref (void)
{
  PyObject *v = mylib_make (1);
  if (v == NULL)
    return NULL;
  Py_DECREF (v); /* { dg-warning "'Py_DECREF' releases 'v', which this function does not own" } */
  Py_RETURN_NONE;
}
