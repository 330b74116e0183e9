/* { dg-do compile } */
/* Which functions are analysed: every function defined in the main file,
   including static functions nothing calls (gcc would drop them before
   the pass), and none defined in headers.  */
#include <Python.h>
#include "scope-helpers.h"

/* BUG: never called, never referenced; still analysed.  */
static PyObject *
bad_unused_static (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'item' \\\[pyrefcheck-leak\\\]" } */
}

/* BUG: unused and inline.  */
static inline PyObject *
bad_unused_static_inline (PyObject *obj)
{
  PyObject *name = PyObject_Str (obj);
  if (name == NULL)
    return NULL;
  Py_RETURN_TRUE; /* { dg-warning "leak of 'name'" } */
}

/* An unused static function returning a borrowed reference: nothing says
   what its callers expect (it may be a lookup helper whose callers take
   their own reference), so it is silent.  The same code as a method is a
   bug (type-slots.c, smoke.c).  */
static PyObject *
ok_unused_static_borrowed (PyObject *list)
{
  return PyList_GetItem (list, 0);
}

/* Correct, and unused: silent.  */
static PyObject *
ok_unused_static (long n)
{
  return PyLong_FromLong (n);
}

/* Uses the header's leaky helper: the helper is not this file's code, so
   the header's bug is not reported here (and the call is not a leak in
   this function, which returns what it got).  */
PyObject *
ok_calls_header_helper (long n)
{
  return scope_header_leaky_helper (n);
}

/* A .c file included into this one (a unity build) is this unit's own
   code: its bug is reported, at its own lines.  */
#include "scope-unity.c"
/* { dg-warning "leak of 'unity_item'" "" { target *-*-* } 9 } */

/* Generated code names its template with #line: still this unit's own
   code, reported at the template's lines.  */
#line 900 "scope-template.c"
static PyObject *
bad_after_line_directive (long n)
{
  PyObject *generated = PyLong_FromLong (n);
  if (generated == NULL)
    return NULL;
  Py_RETURN_NONE;
}
/* { dg-warning "leak of 'generated'" "" { target *-*-* } 906 } */
