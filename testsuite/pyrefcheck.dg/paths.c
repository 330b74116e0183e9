/* { dg-do compile } */
/* Path explosion inside one basic block: calls whose failures nobody
   tests each split the path; the states after each call are merged, so
   these functions are analysed (not given up), and their bugs found.  */
#include <Python.h>

#define ADD(i) PyModule_AddIntConstant (m, "C" #i, i);
#define ADD8(b)                                                               \
  ADD (b##0) ADD (b##1) ADD (b##2) ADD (b##3) ADD (b##4) ADD (b##5)           \
  ADD (b##6) ADD (b##7)

/* BUG: NAME is never used again: it leaks where its path goes on (the
   first call), and the 40 unchecked calls after that do not hide it.  */
PyObject *
bad_leak_after_forty_calls (PyObject *m)
{
  PyObject *name = PyUnicode_FromString ("forty"); /* { dg-line acquire } */
  if (name == NULL)
    return NULL;
  ADD8 (1) ADD8 (2) ADD8 (3) ADD8 (4) ADD8 (5) /* { dg-warning "leak of 'name' \\\[pyrefcheck-leak\\\]" } */
  Py_RETURN_NONE;
  /* { dg-message "\\(1\\) new reference returned by 'PyUnicode_FromString' is stored in 'name'" "" { target *-*-* } acquire } */
}

PyObject *
ok_forty_calls (PyObject *m)
{
  PyObject *name = PyUnicode_FromString ("forty");
  if (name == NULL)
    return NULL;
  ADD8 (1) ADD8 (2) ADD8 (3) ADD8 (4) ADD8 (5)
  Py_DECREF (name);
  Py_RETURN_NONE;
}

/* BUG: the failure of one of them is tested, late: an exception may be
   set by any earlier call, but the leak is on every path.  */
PyObject *
bad_tested_late (PyObject *m)
{
  PyObject *v = PyLong_FromLong (7);
  if (v == NULL)
    return NULL;
  ADD8 (1) ADD8 (2) ADD8 (3)
  if (PyModule_AddIntConstant (m, "last", 1) < 0)
    return NULL; /* { dg-warning "leak of 'v'" } */
  Py_DECREF (v);
  Py_RETURN_NONE;
}
