/* { dg-do compile } */
/* GNU C extensions: nested functions, VLAs, statement expressions,
   cleanup attributes, vector types, __int128, atomics, thread-locals.  */
#include <Python.h>

PyObject *
nested_function (PyObject *list, int n)
{
  int count = 0;
  void add (PyObject *o)
  {
    if (PyList_Append (list, o) == 0)
      count++;
  }
  for (int i = 0; i < n; i++)
    {
      PyObject *o = PyLong_FromLong (i);
      if (o == NULL)
        return NULL;
      add (o);
      Py_DECREF (o);
    }
  return PyLong_FromLong (count);
}

PyObject *
vla (int n)
{
  PyObject *items[n];
  for (int i = 0; i < n; i++)
    items[i] = NULL;
  for (int i = 0; i < n; i++)
    {
      items[i] = PyLong_FromLong (i);
      if (items[i] == NULL)
        goto error;
    }
  PyObject *t = PyTuple_New (n);
  if (t == NULL)
    goto error;
  for (int i = 0; i < n; i++)
    PyTuple_SET_ITEM (t, i, items[i]);
  return t;
error:
  for (int i = 0; i < n; i++)
    Py_XDECREF (items[i]);
  return NULL;
}

PyObject *
statement_expressions (long a, long b)
{
  PyObject *r = ({
    PyObject *t = PyLong_FromLong (a);
    t ? t : ({ PyErr_Clear (); PyLong_FromLong (b); });
  });
  return r;
}

static void
release (PyObject **p)
{
  Py_XDECREF (*p);
}

PyObject *
cleanup_attribute (long a)
{
  __attribute__ ((cleanup (release))) PyObject *tmp = PyLong_FromLong (a);
  if (tmp == NULL)
    return NULL;
  return PyObject_Repr (tmp);
}

typedef int v4si __attribute__ ((vector_size (16)));

PyObject *
vectors_and_wide (v4si v, __int128 big, _Complex double z)
{
  v4si w = v + v;
  unsigned __int128 u = (unsigned __int128) big * 3;
  if (w[0] > 3 && u > 7 && __real__ z > 0.5)
    return PyLong_FromLong (w[1]);
  if ((u >> 100) == 1)
    return PyFloat_FromDouble (__imag__ z);
  Py_RETURN_NONE;
}

static _Atomic int counter;
static __thread PyObject *per_thread;

PyObject *
atomics_and_tls (void)
{
  counter++;
  if (per_thread == NULL)
    {
      per_thread = PyDict_New ();
      if (per_thread == NULL)
        return NULL;
    }
  return Py_NewRef (per_thread);
}

union pun
{
  PyObject *obj;
  Py_ssize_t bits;
};

PyObject *
union_punning (PyObject *o)
{
  union pun p;
  p.obj = o;
  p.bits |= 0;
  Py_INCREF (p.obj);
  return p.obj;
}

struct holder
{
  PyObject *a, *b;
  unsigned flag : 1;
  int more[];
};

PyObject *
struct_copies (struct holder *h, struct holder *copy)
{
  struct holder local = *copy;
  local.flag = 1;
  *h = local;
  PyObject ***ppp = (PyObject ***) &h;
  if ((*ppp)[1] == Py_None)
    return PyLong_FromLong (h->more[0]);
  return local.a ? Py_NewRef (local.a) : PyLong_FromLong (local.more[0]);
}

PyObject *
pointer_arithmetic (PyObject **items, Py_ssize_t n)
{
  PyObject **end = items + n;
  Py_ssize_t count = 0;
  for (PyObject **p = items; p < end; p++)
    if (*p != NULL && *p != Py_None)
      count++;
  return PyLong_FromSsize_t (count + (end - items));
}
