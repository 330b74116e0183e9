/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pyrefcheck-cpychecker-macros" } */
/* Code annotated for cpychecker (gcc-python-plugin) works unchanged: the
   plugin accepts its attributes with the same meaning, and with the
   cpychecker-macros argument defines the WITH_CPYCHECKER_* macros that
   guard them.  The macros below are the ones such projects carry
   (psycopg2, gdb, sanlock).  */
#include <Python.h>

#if defined(WITH_CPYCHECKER_RETURNS_BORROWED_REF_ATTRIBUTE)
#define CPYCHECKER_RETURNS_BORROWED_REF                                       \
  __attribute__ ((cpychecker_returns_borrowed_ref))
#else
#error "WITH_CPYCHECKER_RETURNS_BORROWED_REF_ATTRIBUTE is defined"
#endif

#if defined(WITH_CPYCHECKER_STEALS_REFERENCE_TO_ARG_ATTRIBUTE)
#define CPYCHECKER_STEALS_REFERENCE_TO_ARG(n)                                 \
  __attribute__ ((cpychecker_steals_reference_to_arg (n)))
#else
#error "WITH_CPYCHECKER_STEALS_REFERENCE_TO_ARG_ATTRIBUTE is defined"
#endif

#if defined(WITH_CPYCHECKER_SETS_EXCEPTION_ATTRIBUTE)
#define CPYCHECKER_SETS_EXCEPTION __attribute__ ((cpychecker_sets_exception))
#else
#error "WITH_CPYCHECKER_SETS_EXCEPTION_ATTRIBUTE is defined"
#endif

#if defined(WITH_CPYCHECKER_NEGATIVE_RESULT_SETS_EXCEPTION_ATTRIBUTE)
#define CPYCHECKER_NEGATIVE_RESULT_SETS_EXCEPTION                             \
  __attribute__ ((cpychecker_negative_result_sets_exception))
#else
#error "WITH_CPYCHECKER_NEGATIVE_RESULT_SETS_EXCEPTION_ATTRIBUTE is defined"
#endif

#if defined(WITH_CPYCHECKER_TYPE_OBJECT_FOR_TYPEDEF_ATTRIBUTE)
#define CPYCHECKER_TYPE_OBJECT_FOR_TYPEDEF(typename)                          \
  __attribute__ ((cpychecker_type_object_for_typedef (typename)))
#else
#error "WITH_CPYCHECKER_TYPE_OBJECT_FOR_TYPEDEF_ATTRIBUTE is defined"
#endif

typedef struct
{
  PyObject_HEAD
  PyObject *items;
} ThingObject;

/* Accepted (it names the instance struct of a type object).  */
extern PyTypeObject ThingType CPYCHECKER_TYPE_OBJECT_FOR_TYPEDEF ("ThingObject");

extern PyObject *thing_lookup (PyObject *key) CPYCHECKER_RETURNS_BORROWED_REF;
extern int thing_push (PyObject *thing, PyObject *item)
    CPYCHECKER_STEALS_REFERENCE_TO_ARG (2);
extern void thing_raise (const char *msg) CPYCHECKER_SETS_EXCEPTION;
extern int thing_parse (PyObject *arg, long *out)
    CPYCHECKER_NEGATIVE_RESULT_SETS_EXCEPTION;

/* BUG: thing_lookup returns a borrowed reference; the method must return
   a new one.  */
static PyObject *
bad_lookup (PyObject *self, PyObject *key)
{
  PyObject *v = thing_lookup (key);
  if (v == NULL)
    Py_RETURN_NONE;
  return v; /* { dg-warning "returning borrowed reference 'v' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
}

static PyObject *
ok_lookup (PyObject *self, PyObject *key)
{
  PyObject *v = thing_lookup (key);
  if (v == NULL)
    Py_RETURN_NONE;
  return Py_NewRef (v);
}

/* thing_push steals ITEM.  */
static PyObject *
ok_push (PyObject *self, PyObject *arg)
{
  PyObject *item = PyObject_Repr (arg);
  if (item == NULL)
    return NULL;
  if (thing_push (self, item) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* BUG: ITEM is borrowed.  */
static PyObject *
bad_push_borrowed (PyObject *self, PyObject *args)
{
  PyObject *item;
  if (!PyArg_ParseTuple (args, "O", &item))
    return NULL;
  thing_push (self, item); /* { dg-warning "'thing_push' steals a reference to 'item' \\(argument 2\\), which this function does not own" } */
  Py_RETURN_NONE;
}

/* thing_raise always sets an exception: returning NULL after it is
   right.  */
static PyObject *
ok_raise (PyObject *self, PyObject *arg)
{
  if (arg == Py_None)
    {
      thing_raise ("None is not a thing");
      return NULL;
    }
  Py_RETURN_TRUE;
}

/* A negative result of thing_parse sets an exception.  */
static PyObject *
ok_parse (PyObject *self, PyObject *arg)
{
  long n;
  if (thing_parse (arg, &n) < 0)
    return NULL;
  return PyLong_FromLong (n);
}

/* BUG: a non-negative result sets no exception.  */
static PyObject *
bad_parse (PyObject *self, PyObject *arg)
{
  long n;
  if (thing_parse (arg, &n) == 0)
    return NULL; /* { dg-warning "returning NULL without setting an exception \\\[pyrefcheck-null-without-exception\\\]" } */
  return PyLong_FromLong (n);
}

/* Definitions are checked too, as cpychecker did: this one promises an
   exception whenever it returns.  */
void thing_raise_bad (int code) CPYCHECKER_SETS_EXCEPTION;
void
thing_raise_bad (int code)
{
  if (code == 0)
    return; /* { dg-warning "returning without setting an exception" } */
  PyErr_Format (PyExc_OSError, "error %d", code);
}

static PyMethodDef methods[] = {
  { "bad_lookup", bad_lookup, METH_O, NULL },
  { "ok_lookup", ok_lookup, METH_O, NULL },
  { "ok_push", ok_push, METH_O, NULL },
  { "bad_push_borrowed", bad_push_borrowed, METH_VARARGS, NULL },
  { "ok_raise", ok_raise, METH_O, NULL },
  { "ok_parse", ok_parse, METH_O, NULL },
  { "bad_parse", bad_parse, METH_O, NULL },
  { NULL, NULL, 0, NULL },
};

PyObject *
cpychecker_methods (void)
{
  return PyLong_FromVoidPtr (methods);
}
