/* Ten nested loops, the innermost creating, using and releasing an
   object, with an error exit: the engine must reach a fixed point at each
   loop header.  Used by bench/run (not a test).  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyObject *
ten_nested_loops (PyObject *self, PyObject *arg)
{
  long n = PyLong_AsLong (arg);
  if (n == -1 && PyErr_Occurred ())
    return NULL;
  PyObject *list = PyList_New (0);
  if (list == NULL)
    return NULL;
  for (long a = 0; a < n; a++)
    for (long b = 0; b < n; b++)
      for (long c = 0; c < n; c++)
        for (long d = 0; d < n; d++)
          for (long e = 0; e < n; e++)
            for (long f = 0; f < n; f++)
              for (long g = 0; g < n; g++)
                for (long h = 0; h < n; h++)
                  for (long i = 0; i < n; i++)
                    for (long j = 0; j < n; j++)
                      {
                        PyObject *t = PyLong_FromLong (a + j);
                        if (t == NULL)
                          goto error;
                        int rc = PyList_Append (list, t);
                        Py_DECREF (t);
                        if (rc < 0)
                          goto error;
                      }
  return list;
error:
  Py_DECREF (list);
  return NULL;
}
