/* A header with a function body, included by pyrefcheck.dg/scope.c: it
   has a leak, which is not the including file's to report.  */
static inline PyObject *
scope_header_leaky_helper (long n)
{
  PyObject *unused = PyLong_FromLong (n);
  (void)unused;
  return PyLong_FromLong (n + 1);
}
