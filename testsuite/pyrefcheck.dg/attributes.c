/* { dg-do compile } */
/* Ownership attributes on a library's declarations: calls follow them,
   and a definition is checked against them.  */
#include <Python.h>

#ifndef __PYREFCHECK__
#error "the plugin defines __PYREFCHECK__"
#endif
#if !__has_attribute(pyrefcheck_returns_new_ref)                              \
    || !__has_attribute(pyrefcheck_returns_borrowed_ref)                      \
    || !__has_attribute(pyrefcheck_steals_reference_to_arg)                   \
    || !__has_attribute(pyrefcheck_steals_reference_to_arg_on_success)        \
    || !__has_attribute(pyrefcheck_sets_exception_on_error)
#error "the plugin registers its attributes"
#endif

/* cpychecker's macros only on request (cpychecker-macros): NumPy's
   headers change their API to declarations that do not link when they
   see them.  */
#ifdef WITH_CPYCHECKER_STEALS_REFERENCE_TO_ARG_ATTRIBUTE
#error "WITH_CPYCHECKER_* are defined only with cpychecker-macros"
#endif

#define NEW_REF __attribute__ ((pyrefcheck_returns_new_ref))
#define BORROWED __attribute__ ((pyrefcheck_returns_borrowed_ref))
#define STEALS(N) __attribute__ ((pyrefcheck_steals_reference_to_arg (N)))
#define STEALS_ON_SUCCESS(N)                                                  \
  __attribute__ ((pyrefcheck_steals_reference_to_arg_on_success (N)))
#define SETS_EXC __attribute__ ((pyrefcheck_sets_exception_on_error))

/* A library the ownership table does not know.  */
extern PyObject *lib_make (long n) NEW_REF SETS_EXC;
extern PyObject *lib_peek (PyObject *cache, const char *key) BORROWED;
extern int lib_push (PyObject *list, PyObject *item) STEALS (2) SETS_EXC;
extern int lib_add (PyObject *mod, const char *name, PyObject *value)
    STEALS_ON_SUCCESS (3) SETS_EXC;
/* The double-underscore spelling, and two steals in one attribute.  */
extern int lib_pair (PyObject *a, PyObject *b)
    __attribute__ ((__pyrefcheck_steals_reference_to_arg__ (1, 2)));

/* cpychecker's name, used without its macro.  */
extern PyObject *cpy_peek (PyObject *cache)
    __attribute__ ((cpychecker_returns_borrowed_ref));

/* --- Calls follow the attributes.  --- */

/* BUG: borrowed, by cpychecker's attribute.  */
PyObject *
bad_cpy_peek_decref (PyObject *cache)
{
  PyObject *v = cpy_peek (cache);
  if (v == NULL)
    Py_RETURN_NONE;
  Py_DECREF (v); /* { dg-warning "'Py_DECREF' releases 'v', which this function does not own" } */
  Py_RETURN_NONE;
}

/* BUG: lib_make returns a new reference.  */
PyObject *
bad_make_leak (long n)
{
  PyObject *a = lib_make (n); /* { dg-line make } */
  if (a == NULL)
    return NULL;
  Py_RETURN_NONE; /* { dg-warning "leak of 'a' \\\[pyrefcheck-leak\\\]" } */
  /* { dg-message "\\(1\\) new reference returned by 'lib_make' is stored in 'a'" "" { target *-*-* } make } */
}

PyObject *
ok_make (long n)
{
  return lib_make (n);
}

/* BUG: lib_make returns NULL on failure.  */
PyObject *
bad_make_unchecked (long n)
{
  PyObject *a = lib_make (n);
  Py_DECREF (a); /* { dg-warning "'Py_DECREF' of 'a', which is NULL when 'lib_make' fails \\\[pyrefcheck-null-deref\\\]" } */
  Py_RETURN_NONE;
}

/* BUG: lib_peek's result is borrowed.  */
PyObject *
bad_peek_decref (PyObject *cache)
{
  PyObject *v = lib_peek (cache, "k");
  if (v == NULL)
    Py_RETURN_NONE;
  Py_DECREF (v); /* { dg-warning "'Py_DECREF' releases 'v', which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
  Py_RETURN_NONE;
}

PyObject *
ok_peek (PyObject *cache)
{
  PyObject *v = lib_peek (cache, "k");
  if (v == NULL)
    Py_RETURN_NONE;
  Py_INCREF (v);
  return v;
}

int
ok_push (PyObject *list, long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return -1;
  return lib_push (list, item);
}

/* BUG: lib_push steals a reference this function does not own.  */
int
bad_push_borrowed (PyObject *list)
{
  PyObject *item = PyList_GetItem (list, 0);
  if (item == NULL)
    return -1;
  return lib_push (list, item); /* { dg-warning "'lib_push' steals a reference to 'item' \\(argument 2\\), which this function does not own" } */
}

/* BUG: lib_push steals even when it fails.  */
int
bad_push_then_decref (PyObject *list, long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return -1;
  if (lib_push (list, item) < 0)
    {
      Py_DECREF (item); /* { dg-warning "'Py_DECREF' releases 'item', which this function does not own" } */
      return -1;
    }
  return 0;
}

int
ok_add (PyObject *m, long n)
{
  PyObject *v = PyLong_FromLong (n);
  if (v == NULL)
    return -1;
  if (lib_add (m, "v", v) < 0)
    {
      Py_DECREF (v);
      return -1;
    }
  return 0;
}

/* BUG: lib_add steals only on success; on failure V leaks.  */
int
bad_add_leak_on_failure (PyObject *m, long n)
{
  PyObject *v = PyLong_FromLong (n);
  if (v == NULL)
    return -1;
  if (lib_add (m, "v", v) < 0)
    return -1; /* { dg-warning "leak of 'v'" } */
  return 0;
}

int
ok_pair (long n)
{
  PyObject *a = PyLong_FromLong (n);
  if (a == NULL)
    return -1;
  PyObject *b = PyLong_FromLong (n + 1);
  if (b == NULL)
    {
      Py_DECREF (a);
      return -1;
    }
  return lib_pair (a, b);
}

/* --- Definitions are checked against their attributes.  --- */

/* BUG: declared to return a new reference; returns a borrowed one.  */
static PyObject *
def_new_returns_borrowed (PyObject *list) NEW_REF;
static PyObject *
def_new_returns_borrowed (PyObject *list)
{
  PyObject *first = PyList_GetItem (list, 0);
  return first; /* { dg-warning "returning borrowed reference 'first' without taking a new reference" } */
}

static PyObject *
def_new_ok (PyObject *list) NEW_REF;
static PyObject *
def_new_ok (PyObject *list)
{
  PyObject *first = PyList_GetItem (list, 0);
  Py_XINCREF (first);
  return first;
}

/* BUG: declared to return a borrowed reference; returns a new one.  */
static PyObject *
def_borrowed_returns_new (long n) BORROWED;
static PyObject *
def_borrowed_returns_new (long n)
{
  PyObject *v = PyLong_FromLong (n);
  return v; /* { dg-warning "leak of 'v'" } */
}

static PyObject *
def_borrowed_ok (PyObject *dict) BORROWED;
static PyObject *
def_borrowed_ok (PyObject *dict)
{
  return PyDict_GetItemString (dict, "key");
}

static int
def_steals_ok (PyObject *list, PyObject *item) STEALS (2);
static int
def_steals_ok (PyObject *list, PyObject *item)
{
  int r = PyList_Append (list, item);
  Py_DECREF (item);
  return r;
}

/* BUG: steals ITEM, but does not release it when the append fails.  */
static int
def_steals_leaks (PyObject *list, PyObject *item) STEALS (2);
static int
def_steals_leaks (PyObject *list, PyObject *item)
{
  if (PyList_Append (list, item) < 0)
    return -1; /* { dg-warning "leak of 'item'" } */
  /* { dg-message "'item' leaks here; the function's attributes say it steals this parameter" "" { target *-*-* } .-1 } */
  Py_DECREF (item);
  return 0;
}

static int
def_on_success_ok (PyObject *list, PyObject *item) STEALS_ON_SUCCESS (2)
    SETS_EXC;
static int
def_on_success_ok (PyObject *list, PyObject *item)
{
  if (PyList_Append (list, item) < 0)
    return -1;
  Py_DECREF (item);
  return 0;
}

/* BUG: steals ITEM only on success, but releases it on failure too: the
   caller, which keeps its reference then, releases it again.  */
static int
def_on_success_releases (PyObject *list, PyObject *item)
    STEALS_ON_SUCCESS (2) SETS_EXC;
static int
def_on_success_releases (PyObject *list, PyObject *item)
{
  if (PyList_Append (list, item) < 0)
    {
      Py_DECREF (item);
      return -1; /* { dg-warning "'item' is given up on a failure path, but the caller keeps its reference when this function fails \\\[pyrefcheck-refcount-too-low\\\]" } */
    }
  Py_DECREF (item);
  return 0;
}

/* BUG: a negative result promises an exception.  */
static int
def_sets_exc_bad (long n) SETS_EXC;
static int
def_sets_exc_bad (long n)
{
  if (n < 0)
    return -1; /* { dg-warning "returning a negative value without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  return 0;
}

static int
def_sets_exc_ok (long n) SETS_EXC;
static int
def_sets_exc_ok (long n)
{
  if (n < 0)
    {
      PyErr_SetString (PyExc_ValueError, "negative");
      return -1;
    }
  return 0;
}

/* BUG: NULL promises an exception.  */
static PyObject *
def_null_bad (long n) NEW_REF SETS_EXC;
static PyObject *
def_null_bad (long n)
{
  if (n < 0)
    return NULL; /* { dg-warning "returning NULL without setting an exception" } */
  return PyLong_FromLong (n);
}

static PyObject *
def_null_ok (long n) NEW_REF SETS_EXC;
static PyObject *
def_null_ok (long n)
{
  if (n < 0)
    return PyErr_Format (PyExc_ValueError, "%ld is negative", n);
  return PyLong_FromLong (n);
}
