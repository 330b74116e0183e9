/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pyrefcheck-db=SRCDIR/overlays/mylib.tbl" } */
/* A user's overlay (overlays/mylib.tbl) describes their own library; the
   table's rows for CPython stay in force.  See overlay-order.c for two
   overlays.  */
#include <Python.h>

extern PyObject *mylib_get (PyObject *cache, int slot);
extern PyObject *mylib_make (int kind);
extern int mylib_put (PyObject *cache, PyObject *value);
extern PyObject *mylib_version (void);

/* BUG: mylib_make returns a new reference.  */
PyObject *
bad_make (PyObject *self, PyObject *arg)
{
  PyObject *v = mylib_make (1);
  if (v == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'v' \\\[pyrefcheck-leak\\\]" } */
}

/* BUG: mylib_get's NULL is not an error, and sets no exception.  */
static PyObject *
bad_get (PyObject *self, PyObject *cache)
{
  PyObject *v = mylib_get (cache, 0);
  if (v == NULL)
    return NULL; /* { dg-warning "returning NULL without setting an exception" } */
  Py_INCREF (v);
  return v;
}

/* mylib_put steals VALUE.  */
int
ok_put (PyObject *cache, long n)
{
  PyObject *v = PyLong_FromLong (n);
  if (v == NULL)
    return -1;
  return mylib_put (cache, v);
}

/* BUG: VALUE is borrowed from the cache.  */
int
bad_put_borrowed (PyObject *cache)
{
  PyObject *v = mylib_get (cache, 1);
  if (v == NULL)
    return 0;
  return mylib_put (cache, v); /* { dg-warning "'mylib_put' steals a reference to 'v' \\(argument 2\\), which this function does not own" } */
}

/* Python 3.11 headers: mylib_version's row for -3.12 applies (new).  */
PyObject *
bad_version (void)
{
  PyObject *v = mylib_version ();
  if (v == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'v'" } */
}

static PyMethodDef methods[] = {
  { "bad_get", bad_get, METH_O, NULL },
  { NULL, NULL, 0, NULL },
};

PyObject *
overlay_methods (void)
{
  return PyLong_FromVoidPtr (methods);
}
