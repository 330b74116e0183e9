/* { dg-do compile } */
/* Indirect calls written as macros (function tables, as NumPy's and the
   datetime C API's), in shapes that must not crash the lookup of the
   macro's name: macros in macro arguments, token pasting, a macro that
   shadows an API name with another arity, a table indexed by a variable,
   a #line directive; macro-tables-noloc.c is the same without macro
   locations.  The code is balanced: no finding.  */
#include <Python.h>
#include <datetime.h>

typedef PyObject *(*maker) (long);
extern maker table[8];
extern void **api;

#define CALL0(i) ((maker)api[i])
#define CALL(i, x) (CALL0 (i) (x))
#define PASTE(a, b) a##b
#define MAKE_BY(name) PASTE (make_, name)
#define make_long(x) CALL (3, (x))
/* Shadows the API name with a different number of arguments.  */
#define PyList_New(a, b) (table[(a)] ((b)))
#define NESTED(x) CALL (1, (long)CALL (2, (long)CALL (3, x)))

PyObject *
shapes (long n, int k)
{
  PyObject *a = MAKE_BY (long) (n);
  PyObject *b = PyList_New (1, n);
  PyObject *c = NESTED (n);
  PyObject *d = table[k] (n);
  PyObject *e = PyDate_FromDate (2026, 1, (int)n);
  PyObject *f = PyTime_FromTime ((int)n, 0, 0, 0);
  Py_XDECREF (a);
  Py_XDECREF (b);
  Py_XDECREF (c);
  Py_XDECREF (d);
  Py_XDECREF (e);
  return f;
}

#line 1000 "renamed.c"
PyObject *
after_line_directive (long n)
{
  PyObject *t = CALL (5, n);
  if (t == NULL)
    return NULL;
  return PyDelta_FromDSU ((int)n, 0, 0);
}
