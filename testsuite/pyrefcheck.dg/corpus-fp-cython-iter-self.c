/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: Cython
   3.3 output of cytoolz 1.2.0 (itertoolz.c:13903 isdistinct, :22653
   count) tests whether iter (seq) is seq, releases the iterator, and goes
   on using seq.  On the path where the two are equal the engine unifies
   them into one object and takes the release of the iterator's new
   reference for the last one, although the caller's reference to seq
   (a borrowed parameter) keeps the object alive.  */

static PyObject *
ok_iter_is_self (PyObject *self, PyObject *seq)
{
  PyObject *it = PyObject_GetIter (seq);
  if (it == NULL)
    return NULL;
  int same = (it == seq);
  Py_DECREF (it);
  if (same)
    return PyObject_Repr (seq); /* { dg-bogus "use of 'it' after its last reference was released" "seq is still borrowed" } */
  Py_RETURN_NONE;
}
