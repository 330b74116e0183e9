/* { dg-do compile } */
/* Hostile input for the checks beyond reference counts: formats with
   NUL bytes, non-ASCII and control characters, deep nesting, hundreds
   of units; keyword lists and method tables built from casts, unions
   and non-literals; deallocs that call each other in a cycle.  Nothing
   here may crash or hang gcc; the only reports are the ones asked
   for.  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

extern const char *runtime_format;

static PyObject *
formats (PyObject *self, PyObject *args)
{
  PyObject *o = args;
  int i, over;
  if (__builtin_mul_overflow (PyTuple_GET_SIZE (args), 2, &over))
    return PyErr_NoMemory ();
  char *kw1[] = { (char *)0 + 1, NULL };
  char *kw2[2];
  kw2[0] = "a";
  kw2[1] = NULL;
  if (!PyArg_ParseTuple (args, "i\0O", &i)) /* NUL inside: not checked */
    return NULL;
  if (!PyArg_ParseTuple (args, runtime_format, &i))
    return NULL;
  if (!PyArg_ParseTupleAndKeywords (args, NULL, "O", kw1, &o))
    return NULL;
  if (!PyArg_ParseTupleAndKeywords (args, NULL, "O", kw2, &o))
    return NULL;
  if (!PyArg_ParseTuple (args, "\xff\x01\t")) /* { dg-warning "at '\\\\xff' \\(offset 0\\): unknown format code" } */
    return NULL;
  if (!PyArg_ParseTuple (args, "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((i))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))", &i))   /* balanced: valid */
    return NULL;
  PyObject *t = Py_BuildValue ("OOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO", o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o, o);
  Py_XDECREF (t);
  t = PyTuple_Pack (-1); /* { dg-warning "'PyTuple_Pack' is told -1 objects, but the call passes 0" } */
  Py_XDECREF (t);
  t = PyObject_CallFunctionObjArgs (o, o, (void *)0);
  Py_XDECREF (t);
  if (!PyArg_UnpackTuple (args, "f", 0, -5)) /* { dg-warning "minimum of 0 arguments, more than its maximum -5" } */
    /* { dg-warning "may store -5 objects, but the call passes 0 outputs" "" { target *-*-* } .-1 } */
    return NULL;
  return Py_BuildValue ("[{(O)}]", o);
}

typedef struct
{
  PyObject_HEAD
  union
  {
    int i;
    long l;
  } u;
  int bits : 3;
} OddObject;

static PyMemberDef odd_members[] = {
  { "i", T_INT, offsetof (OddObject, u), 0, NULL },
  { "weird", 99, 0, 0, NULL }, /* { dg-warning "entry 1 has type code 99, which is no T_\\* type" } */
  { NULL }
};

static void odd_dealloc_b (OddObject *);

static void
odd_dealloc_a (OddObject *self) /* { dg-warning "does not call PyObject_GC_UnTrack" } */
{
  odd_dealloc_b (self);
}

static void
odd_dealloc_b (OddObject *self)
{
  int sum;
  /* An internal function call in the body (CALL_EXPR without a
     function), as Cython's generated code has.  */
  if (__builtin_add_overflow (self->u.i, 1, &sum))
    return;
  if (self->bits)
    odd_dealloc_a (self);
  PyObject_GC_Del (self);
}

static PyTypeObject Odd_Type = {
  PyVarObject_HEAD_INIT (NULL, 0).tp_name = "odd",
  .tp_basicsize = sizeof (OddObject),
  .tp_dealloc = (destructor)odd_dealloc_a, /* the cycle never untracks */
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
  .tp_members = odd_members,
};

static PyMethodDef odd_methods[] = {
  { "formats", formats, 0xFFFF, NULL }, /* { dg-warning "is both METH_CLASS and METH_STATIC" } */
  { "formats2", (PyCFunction)(void *)formats, METH_VARARGS, NULL },
  { "formats3", formats, 0x0F00, NULL }, /* { dg-warning "flags 0xf00, which are no valid calling convention" } */
  { 0 }
};

void *keep[] = { &Odd_Type, odd_methods };
