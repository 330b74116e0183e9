/* { dg-do compile } */
/* Control flow the engine does not model, or models only partly: it must
   give up quietly or cope, never crash gcc.  */
#include <Python.h>
#include <setjmp.h>
#include <stdlib.h>

static jmp_buf env;

PyObject *
computed_goto (int op)
{
  static void *labels[] = { &&l_a, &&l_b, &&l_c };
  PyObject *r = PyLong_FromLong (op);
  if (r == NULL)
    return NULL;
  goto *labels[op % 3];
l_a:
  Py_DECREF (r);
  return PyLong_FromLong (1);
l_b:
  return r;
l_c:
  Py_DECREF (r);
  Py_RETURN_NONE;
}

PyObject *
uses_setjmp (int x)
{
  PyObject *r = PyLong_FromLong (x);
  if (setjmp (env))
    return r;
  if (r == NULL)
    return NULL;
  if (x > 3)
    longjmp (env, 1);
  return r;
}

int
uses_asm (int x)
{
  int y;
  __asm__ ("mov %1, %0" : "=r"(y) : "r"(x));
  PyObject *r = PyLong_FromLong (y);
  Py_XDECREF (r);
  return y;
}

PyObject *
irreducible (int n)
{
  PyObject *acc = PyList_New (0);
  if (acc == NULL)
    return NULL;
  if (n & 1)
    goto inside;
  while (n > 0)
    {
      n -= 2;
    inside:
      n--;
      if (n == 17)
        break;
    }
  return acc;
}

PyObject *
endless (PyObject *q)
{
  for (;;)
    {
      PyObject *item = PyObject_CallMethod (q, "get", NULL);
      if (item == NULL)
        return NULL;
      Py_DECREF (item);
    }
}

_Noreturn void
die (const char *msg)
{
  Py_FatalError (msg);
}

PyObject *
noreturn_paths (int x)
{
  PyObject *r = PyLong_FromLong (x);
  if (r == NULL)
    abort ();
  if (x < 0)
    die ("negative");
  return r;
}

int
deep_recursion (int n)
{
  if (n <= 0)
    return 0;
  PyObject *o = PyLong_FromLong (n);
  int r = deep_recursion (n - 1);
  Py_XDECREF (o);
  return r + 1;
}

void
empty (void)
{
}

int
only_abort (void)
{
  abort ();
}
