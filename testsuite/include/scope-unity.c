/* Included by pyrefcheck.dg/scope.c: a .c file included into another
   (a unity build) is analysed; its leak is reported here, at line 9.  */
static PyObject *
bad_in_included_c_file (long n)
{
  PyObject *unity_item = PyLong_FromLong (n);
  if (unity_item == NULL)
    return NULL;
  Py_RETURN_NONE;
}
