/* 32 sequential independent branches, each acquiring and releasing an
   object, with an error exit from each: 2^32 paths to enumerate naively.
   The engine merges the states at each join and analyses it in
   milliseconds.  Used by bench/run (not a test).  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define STEP(i)                                                               \
  if (mask & (1UL << i))                                                      \
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
thirty_two_ifs (PyObject *self, PyObject *arg)
{
  unsigned long mask = PyLong_AsUnsignedLong (arg);
  if (mask == (unsigned long) -1 && PyErr_Occurred ())
    return NULL;
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  STEP8 (0) STEP8 (8) STEP8 (16) STEP8 (24)
  return list;
error:
  Py_DECREF (list);
  return NULL;
}
