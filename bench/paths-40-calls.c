/* One basic block of 40 calls whose failures nobody tests (module
   initialisation code does this: PyModule_AddIntConstant, ufunc
   registrations): each call splits the path into its success and its
   failure, 2^40 paths to enumerate naively.  The engine merges states
   after each call, so the block costs a few states per call.  Used by
   bench/run (not a test; testsuite/pyrefcheck.dg/paths.c checks that
   such a function is analysed).  */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define ADD(i) PyModule_AddIntConstant (m, "C" #i, i);
#define ADD8(b)                                                               \
  ADD (b##0) ADD (b##1) ADD (b##2) ADD (b##3) ADD (b##4) ADD (b##5)           \
  ADD (b##6) ADD (b##7)

PyObject *
forty_calls (PyObject *self, PyObject *m)
{
  ADD8 (1) ADD8 (2) ADD8 (3) ADD8 (4) ADD8 (5)
  Py_RETURN_NONE;
}
