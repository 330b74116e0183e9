/* { dg-do compile } */
/* Sizes that make naive path enumeration explode: a 1000-case switch,
   64 sequential branches that each create and release an object, loops
   nested 10 deep, 100 live references.  The engine must finish quickly
   (merging states) or give up quietly.  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define CASE(n)                                                               \
  case n:                                                                     \
    r = PyLong_FromLong (n * 7);                                              \
    break;
#define C10(n)                                                                \
  CASE (n##0) CASE (n##1) CASE (n##2) CASE (n##3) CASE (n##4)                 \
  CASE (n##5) CASE (n##6) CASE (n##7) CASE (n##8) CASE (n##9)
#define C100(n)                                                               \
  C10 (n##0) C10 (n##1) C10 (n##2) C10 (n##3) C10 (n##4)                      \
  C10 (n##5) C10 (n##6) C10 (n##7) C10 (n##8) C10 (n##9)

PyObject *
huge_switch (long k)
{
  PyObject *r = NULL;
  switch (k)
    {
      C100 (1) C100 (2) C100 (3) C100 (4) C100 (5)
      C100 (6) C100 (7) C100 (8) C100 (9)
    default:
      Py_RETURN_NONE;
    }
  return r;
}

#define STEP(i)                                                               \
  if (mask & (1ULL << i))                                                     \
    {                                                                         \
      PyObject *t = PyLong_FromLong (i);                                      \
      if (t == NULL)                                                          \
        goto error;                                                           \
      if (PyList_Append (list, t) < 0)                                        \
        {                                                                     \
          Py_DECREF (t);                                                      \
          goto error;                                                         \
        }                                                                     \
      Py_DECREF (t);                                                          \
    }
#define STEP8(b)                                                              \
  STEP (b + 0) STEP (b + 1) STEP (b + 2) STEP (b + 3) STEP (b + 4)            \
  STEP (b + 5) STEP (b + 6) STEP (b + 7)

PyObject *
sixty_four_branches (unsigned long long mask)
{
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  STEP8 (0) STEP8 (8) STEP8 (16) STEP8 (24)
  STEP8 (32) STEP8 (40) STEP8 (48) STEP8 (56)
  return list;
error:
  Py_DECREF (list);
  return NULL;
}

PyObject *
nested_loops (int n)
{
  long total = 0;
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++)
      for (int c = 0; c < n; c++)
        for (int d = 0; d < n; d++)
          for (int e = 0; e < n; e++)
            for (int f = 0; f < n; f++)
              for (int g = 0; g < n; g++)
                for (int h = 0; h < n; h++)
                  for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                      {
                        PyObject *o = PyLong_FromLong (a + j);
                        if (o == NULL)
                          return NULL;
                        total += PyObject_IsTrue (o);
                        Py_DECREF (o);
                      }
  return PyLong_FromLong (total);
}

#define V(i) PyObject *v##i = PyLong_FromLong (i);
#define V10(n) V (n##0) V (n##1) V (n##2) V (n##3) V (n##4) V (n##5) V (n##6) V (n##7) V (n##8) V (n##9)
#define X(i) Py_XDECREF (v##i);
#define X10(n) X (n##0) X (n##1) X (n##2) X (n##3) X (n##4) X (n##5) X (n##6) X (n##7) X (n##8) X (n##9)

PyObject *
hundred_references (void)
{
  V10 (1) V10 (2) V10 (3) V10 (4) V10 (5) V10 (6) V10 (7) V10 (8) V10 (9)
  X10 (1) X10 (2) X10 (3) X10 (4) X10 (5) X10 (6) X10 (7) X10 (8) X10 (9)
  Py_RETURN_NONE;
}
