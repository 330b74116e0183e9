/* { dg-do compile } */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* A corpus false positive (doc/corpus-results.md), fixed: SWIG
   4.1's SWIG_Python_AppendOutput (m2crypto 0.46.2 _m2crypto_wrap.c:1182)
   takes over both its arguments (its callers write
   "resultobj = SWIG_Python_AppendOutput (resultobj, o);"), so releasing
   'result' when it is Py_None is right.  The engine already lets it take
   over 'obj' (its Py_DECREF is not reported) but takes 'result' for a
   borrowed parameter.  */

static PyObject *
ok_append_output (PyObject *result, PyObject *obj)
{
  if (!result)
    result = obj;
  else if (result == Py_None)
    {
      Py_DECREF (result); /* { dg-bogus "'Py_DECREF' releases 'result', which this function does not own" "takes over result" } */
      result = obj;
    }
  else
    {
      if (!PyList_Check (result))
        {
          PyObject *o2 = result;
          result = PyList_New (1);
          if (result)
            PyList_SET_ITEM (result, 0, o2);
          else
            {
              Py_DECREF (obj);
              return o2;
            }
        }
      PyList_Append (result, obj);
      Py_DECREF (obj);
    }
  return result;
}
