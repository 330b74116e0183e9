/* { dg-do compile } */
/* { dg-options "-fplugin-arg-pyrefcheck-verbose" } */
/* Headers of Python 3.11 (as PY_VERSION_HEX says): PyModule_Add and
   PyDict_GetItemRef are 3.13's, so their rows do not apply; the calls are
   to functions whose rules are unknown, and what depends on them is
   unproven (a note under "verbose"), never a warning either way.  The
   same code with 3.13's headers: version-313.c.  */
#define PY_VERSION_HEX 0x030B00F0
#include "pystub.h"

int
ok_add (PyObject *m)
{
  PyObject *v = PyLong_FromLong (1);
  if (v == 0)
    return -1;
  return PyModule_Add (m, "v", v); /* { dg-message "pyrefcheck: unproven leak of 'v': it was passed to a function whose ownership rules are unknown" } */
}

int
unknown_add_then_decref (PyObject *m)
{
  PyObject *v = PyLong_FromLong (1);
  if (v == 0)
    return -1;
  if (PyModule_Add (m, "v", v) < 0)
    {
      Py_DECREF (v);
      return -1;
    }
  return 0; /* { dg-message "pyrefcheck: unproven leak of 'v'" } */
}

int
unknown_getitemref (PyObject *d, PyObject *k)
{
  PyObject *v;
  int r = PyDict_GetItemRef (d, k, &v);
  if (r <= 0)
    return r;
  return 0;
}
