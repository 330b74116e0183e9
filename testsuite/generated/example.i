/* A SWIG module over a small C library (example.c): numbers, strings,
   structs, arrays, pointers, output arguments and errors.  */
%module example
%{
#include "example.h"
%}

%include "typemaps.i"
%include "carrays.i"
%include "cpointer.i"
%include "cstring.i"
%include "exception.i"

%array_functions (double, double_array);
%pointer_functions (int, intp);

%exception checked_sqrt {
  $action
  if (errno_flag)
    {
      errno_flag = 0;
      SWIG_exception (SWIG_ValueError, "negative argument");
    }
}

/* Conversions that add context to the error they raise, with the
   runtime's SWIG_Python_AddErrorMsg (as pycontainer.swg's C++ sequences
   do) and SWIG_arg_fail (SWIG_Python_ArgFail, the older typemaps' idiom).  */
%typemap (in) int n {
  $1 = (int) PyLong_AsLong ($input);
  if (PyErr_Occurred ())
    {
      SWIG_Python_AddErrorMsg ("(the length of the array)");
      SWIG_fail;
    }
}
%typemap (in) int b {
  $1 = (int) PyLong_AsLong ($input);
  if (SWIG_arg_fail ($argnum))
    SWIG_fail;
}

%apply int *OUTPUT { int *quotient, int *remainder };
%cstring_bounded_output (char *buffer, 64);

%include "example.h"
