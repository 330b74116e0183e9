/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The conventions of SWIG 4's runtime that were reported as findings on
   generated code (testsuite/generated, M2Crypto), and the bugs next to
   them that must still be found.  */

/* 1. Caches created on first use, released at the module's teardown:
   "Py_DECREF (SWIG_This ()); Swig_This_global = NULL;".  The summary of
   this_name says it returns what the global holds, so the release is the
   global's own, as "Py_DECREF (this_global); this_global = NULL;"
   would be.  */

static PyObject *this_global = NULL;
static PyObject *cache_global = NULL;

static PyObject *
this_name (void)
{
  if (this_global == NULL)
    this_global = PyUnicode_InternFromString ("this");
  return this_global;
}

static PyObject *
type_cache (void)
{
  if (cache_global == NULL)
    cache_global = PyDict_New ();
  return cache_global;
}

void
destroy_caches (void)
{
  Py_DECREF (this_name ());
  this_global = NULL;
  Py_DECREF (type_cache ());
  cache_global = NULL;
}

/* Using a cache: borrowed, as reading the global is.  */
PyObject *
lookup_type (const char *name)
{
  PyObject *cache = type_cache ();
  if (cache == NULL)
    return NULL;
  PyObject *r = PyDict_GetItemString (cache, name);
  Py_XINCREF (r);
  return r;
}

/* A cache's object given away without a reference of its own.  */
PyObject *
steal_cache (PyObject *list)
{
  PyObject *cache = type_cache ();
  if (cache == NULL)
    return NULL;
  if (PyList_SetItem (list, 0, cache) < 0) /* { dg-warning "'PyList_SetItem' steals a reference to 'cache' \\(argument 3\\), which this function does not own \\\[pyrefcheck-refcount-too-low\\\]" } */
    return NULL;
  Py_RETURN_NONE;
}

/* 2. The capsule's own destructor: PyCapsule_GetPointer with the name the
   capsule was created with cannot fail there.  */

#define CAPSULE_NAME "swig_runtime_data4.type_pointer_capsule"

struct module_info
{
  int size;
};

static void
destroy_module (PyObject *capsule)
{
  struct module_info *info
      = (struct module_info *)PyCapsule_GetPointer (capsule, CAPSULE_NAME);
  info->size = 0;
}

/* The destructor of the capsules named "other" reading another capsule,
   or its own under another name: that can fail.  */
static PyObject *other_capsule;

static void
destroy_other (PyObject *capsule)
{
  struct module_info *info = (struct module_info *)PyCapsule_GetPointer (
      other_capsule, CAPSULE_NAME);
  info->size = 0; /* { dg-warning "dereference of 'info', which is NULL when 'PyCapsule_GetPointer' fails \\\[pyrefcheck-null-deref\\\]" } */
  info = (struct module_info *)PyCapsule_GetPointer (capsule, "third");
  info->size = 1; /* { dg-warning "dereference of 'info', which is NULL when 'PyCapsule_GetPointer' fails \\\[pyrefcheck-null-deref\\\]" } */
}

/* 3. A global the objects pin: each new object takes a reference to the
   module's capsule, its tp_dealloc gives it back; the variable holds no
   reference of its own.  */

static PyObject *capsule_global = NULL;
static int interpreter_counter;

typedef struct
{
  PyObject_HEAD void *ptr;
  int own;
} swig_object;

void
set_module (PyObject *module, struct module_info *info)
{
  PyObject *pointer = PyCapsule_New (info, CAPSULE_NAME, destroy_module);
  if (pointer && module)
    {
      if (PyModule_AddObject (module, "type_pointer_capsule", pointer) == 0)
        {
          ++interpreter_counter;
          capsule_global = pointer;
        }
      else
        Py_DECREF (pointer);
    }
  else
    Py_XDECREF (pointer);
  other_capsule = PyCapsule_New (info, "other", destroy_other);
}

PyObject *
swig_object_new (PyTypeObject *type, void *ptr, int own)
{
  swig_object *sobj = PyObject_New (swig_object, type);
  if (sobj)
    {
      sobj->ptr = ptr;
      sobj->own = own;
      if (own)
        Py_XINCREF (capsule_global);
    }
  return (PyObject *)sobj;
}

void
swig_object_dealloc (PyObject *v)
{
  swig_object *sobj = (swig_object *)v;
  if (sobj->own)
    Py_XDECREF (capsule_global);
  PyObject_Free (v);
}

/* A global whose reference is dropped outside a deallocator is an owner:
   a reference taken to it and kept nowhere leaks.  */
static PyObject *owned_global;

void
set_owned (PyObject *v)
{
  Py_XDECREF (owned_global);
  Py_INCREF (v);
  owned_global = v;
}

PyObject *
touch_owned (PyObject *arg)
{
  PyObject *g = owned_global;
  Py_XINCREF (g);
  Py_INCREF (arg);
  return arg; /* { dg-warning "leak of 'g' \\\[pyrefcheck-leak\\\]" } */
}

/* 4. A helper whose callers choose its convention: in "tp_init" mode it
   returns self, or the new object it chained into self; else a new
   object.  */

typedef struct chained
{
  PyObject_HEAD void *ptr;
  PyObject *next;
} chained;

static PyObject *
new_pointer_obj (PyObject *self, PyTypeObject *type, void *ptr, int flags)
{
  chained *newobj;
  if (flags & 4)
    {
      newobj = (chained *)self;
      if (newobj->ptr)
        {
          PyObject *next_self = type->tp_alloc (type, 0);
          newobj->next = next_self;
          newobj = (chained *)next_self;
        }
    }
  else
    newobj = PyObject_New (chained, type);
  if (newobj)
    {
      newobj->ptr = ptr;
      newobj->next = 0;
      return (PyObject *)newobj;
    }
  Py_RETURN_NONE;
}

int
wrap_init (PyObject *self, PyObject *args, PyObject *kwds)
{
  PyObject *r = new_pointer_obj (self, Py_TYPE (self), NULL, 5);
  return r == Py_None ? -1 : 0;
}

/* Mixed without the argument: a cached borrowed object on one path, a
   new one on the other.  */
static PyObject *last;

static PyObject *
get_number (long n)
{
  if (n == 0 && last)
    return last; /* { dg-warning "returning borrowed reference 'last' without taking a new reference \\\[pyrefcheck-refcount-too-low\\\]" } */
  return PyLong_FromLong (n);
}

PyObject *
use_number (long n)
{
  return get_number (n);
}
