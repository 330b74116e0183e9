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

%apply int *OUTPUT { int *quotient, int *remainder };
%cstring_bounded_output (char *buffer, 64);

%include "example.h"
