/* { dg-do compile } */
/* Pointer equality, boolean flags and repeated findings, as met in real
   extensions (zope.interface, ujson, wrapt).  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>

/* Correct: once result == Py_None is known, releasing Py_None releases
   result's reference (zope.interface's lookup).  */
static PyObject *
ok_release_via_none_alias (PyObject *self, PyObject *args)
{
  PyObject *obj, *default_ = NULL;
  if (!PyArg_ParseTuple (args, "O|O", &obj, &default_))
    return NULL;
  PyObject *result = PyObject_GetAttrString (obj, "value");
  if (result == NULL)
    return NULL;
  if (result == Py_None && default_ != NULL)
    {
      Py_DECREF (Py_None);
      Py_INCREF (default_);
      return default_;
    }
  return result;
}

/* Correct: two names for one object, released through either.  */
static PyObject *
ok_same_object (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *first = PyObject_GetItem (a, b);
  if (first == NULL)
    return NULL;
  PyObject *again = PyObject_GetItem (a, b);
  if (again == NULL)
    {
      Py_DECREF (first);
      return NULL;
    }
  if (first == again)
    {
      /* The same object: two references to it.  */
      Py_DECREF (again);
      return first;
    }
  Py_DECREF (first);
  return again;
}

/* Correct: a flag computed with ! from a status and tested later, as a
   _Bool (ujson's is_bytes_like).  */
static PyObject *
ok_bool_flag (PyObject *self, PyObject *arg)
{
  PyObject *encoded = NULL;
  Py_buffer view;
  bool is_buffer = !PyObject_GetBuffer (arg, &view, PyBUF_SIMPLE);
  if (!is_buffer)
    {
      PyErr_Clear ();
      encoded = PyUnicode_AsUTF8String (arg);
      if (encoded == NULL)
        return NULL;
    }
  Py_ssize_t n = is_buffer ? view.len : PyBytes_GET_SIZE (encoded);
  if (!is_buffer)
    Py_DECREF (encoded);
  else
    PyBuffer_Release (&view);
  return PyLong_FromSsize_t (n);
}

/* Correct: a flag set from PyErr_Occurred (), tested after a loop
   (wrapt's is_proxy).  */
static int
ok_flag_across_loop (PyObject *seq)
{
  PyObject *type = NULL, *value = NULL, *tb = NULL;
  int had_error = PyErr_Occurred () != NULL;
  if (had_error)
    PyErr_Fetch (&type, &value, &tb);
  Py_ssize_t n = PySequence_Size (seq);
  for (Py_ssize_t i = 0; i < n; i++)
    if (PyObject_Length (seq) < 0)
      PyErr_Clear ();
  if (had_error)
    PyErr_Restore (type, value, tb);
  return (int) n;
}

/* BUG: PyList_New is never checked, and its result is released on
   several paths: one report, the other places as notes (ujson).  */
static PyObject *
bad_unchecked_list (PyObject *self, PyObject *args)
{
  PyObject *list = PyList_New (0); /* { dg-line new_list } */
  Py_ssize_t n = PyTuple_GET_SIZE (args);
  if (n > 3)
    {
      Py_DECREF (list); /* { dg-warning "'Py_DECREF' of 'list', which is NULL when 'PyList_New' fails \\\[pyrefcheck-null-deref\\\]" } */
      PyErr_SetString (PyExc_TypeError, "too many");
      return NULL;
    }
  if (n == 0)
    {
      Py_DECREF (list); /* { dg-message "'list' is also dereferenced here, unchecked" } */
      Py_RETURN_NONE;
    }
  return list;
  /* { dg-message "\\(1\\) 'PyList_New' fails and returns NULL into 'list'" "" { target *-*-* } new_list } */
}

/* BUG: the new reference leaks on two error paths: one warning, and a
   note for the second place.  */
static PyObject *
bad_leak_two_places (PyObject *self, PyObject *args)
{
  PyObject *a, *b;
  if (!PyArg_ParseTuple (args, "OO", &a, &b))
    return NULL;
  PyObject *r = PyObject_Repr (a); /* { dg-line repr } */
  if (r == NULL)
    return NULL;
  if (PyObject_IsTrue (b) < 0)
    return NULL; /* { dg-warning "leak of 'r' \\\[pyrefcheck-leak\\\]" } */
  if (PyObject_Length (b) < 0)
    return NULL; /* { dg-message "'r' also leaks here, on another path" } */
  return r;
  /* { dg-message "\\(1\\) new reference returned by 'PyObject_Repr' is stored in 'r'" "" { target *-*-* } repr } */
}

extern char *format_hex (Py_ssize_t);

/* Correct: the same expression tested twice (bitarray's nbits % 4): the
   two tests agree, so the NULL string is never returned unexplained.  */
static PyObject *
ok_same_expression (PyObject *self, PyObject *arg)
{
  Py_ssize_t nbits = PyLong_AsSsize_t (arg);
  char *str = NULL;
  if (nbits == -1 && PyErr_Occurred ())
    return NULL;
  if (nbits % 4 == 0)
    str = format_hex (nbits);
  if (nbits % 4)
    {
      PyErr_Format (PyExc_ValueError, "length %zd not a multiple of 4",
                    nbits);
      return NULL;
    }
  if (str == NULL)
    return PyErr_NoMemory ();
  return PyUnicode_FromString (str);
}

typedef struct
{
  PyObject_HEAD
  char *data;
} Buffer;

/* Correct: an object freed with PyObject_Del before it was fully built
   (bitarray's newbitarrayobject) holds no reference any more.  */
static PyObject *
ok_free_half_built (PyTypeObject *type, Py_ssize_t n)
{
  Buffer *obj = (Buffer *) type->tp_alloc (type, 0);
  if (obj == NULL)
    return NULL;
  obj->data = PyMem_Malloc (n);
  if (obj->data == NULL)
    {
      PyObject_Del (obj);
      return PyErr_NoMemory ();
    }
  return (PyObject *) obj;
}

static PyMethodDef aliases_methods[] = {
  { "same_expression", ok_same_expression, METH_O, NULL },
  { "release_via_none_alias", ok_release_via_none_alias, METH_VARARGS, NULL },
  { "same_object", ok_same_object, METH_VARARGS, NULL },
  { "bool_flag", ok_bool_flag, METH_O, NULL },
  { "unchecked_list", bad_unchecked_list, METH_VARARGS, NULL },
  { "leak_two_places", bad_leak_two_places, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef aliases_module
    = { PyModuleDef_HEAD_INIT, "aliases", NULL, -1, aliases_methods };

PyMODINIT_FUNC
PyInit_aliases (void)
{
  int n = ok_flag_across_loop (Py_None);
  (void) n;
  (void) ok_free_half_built;
  return PyModule_Create (&aliases_module);
}
