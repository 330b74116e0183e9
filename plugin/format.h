/* pyrefcheck: the format strings of PyArg_Parse*, Py_BuildValue and
   PyObject_CallFunction: what each variable argument must be.
   Copyright (C) 2026 The pyrefcheck authors.

   This file is part of pyrefcheck.

   pyrefcheck is free software; you can redistribute it and/or modify it
   under the terms of the GNU General Public License as published by the
   Free Software Foundation; either version 3, or (at your option) any
   later version.

   pyrefcheck is distributed in the hope that it will be useful, but
   WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
   General Public License for more details.

   You should have received a copy of the GNU General Public License
   along with pyrefcheck; see the file COPYING.  If not see
   <http://www.gnu.org/licenses/>.  */

#ifndef PYREFCHECK_FORMAT_H
#define PYREFCHECK_FORMAT_H

/* What the call does with one variable argument, for ownership.  */
enum va_kind
{
  VA_NONOBJ,      /* not an object (an int, a char *, a converter...) */
  VA_BORROWED,    /* an object the call borrows ("O", "S") */
  VA_STEALS,      /* an object the call steals ("N") */
  VA_OUT,         /* PyObject ** that receives a borrowed reference */
  VA_OUT_OPTIONAL /* the same, after '|': may be left unchanged */
};

/* The C type a variable argument must have (or point to, when the
   argument is an output).  Integers are told apart by size only.  */
enum fmt_ctype
{
  CT_CHAR,     /* char, signed char or unsigned char */
  CT_SHORT,    /* short */
  CT_INT,      /* int */
  CT_LONG,     /* long */
  CT_LONGLONG, /* long long */
  CT_SSIZE,    /* Py_ssize_t */
  CT_FLOAT,    /* float */
  CT_DOUBLE,   /* double */
  CT_STRING,   /* char * (const or not) */
  CT_WSTRING,  /* wchar_t * (Py_UNICODE *) */
  CT_OBJECT,   /* PyObject *, or a pointer to a struct with its header */
  CT_TYPE,     /* PyTypeObject * */
  CT_BUFFER,   /* Py_buffer * */
  CT_COMPLEX,  /* Py_complex * */
  CT_FUNCTION, /* a pointer to a function (the converter of "O&") */
  CT_POINTER   /* any pointer (the converter's argument) */
};

/* The grammars.  */
enum fmt_family
{
  FMT_BUILD,         /* Py_BuildValue, PyObject_CallFunction... */
  FMT_PARSE,         /* PyArg_ParseTuple, PyArg_Parse */
  FMT_PARSE_KEYWORDS /* PyArg_ParseTupleAndKeywords: also '$' */
};

/* One variable argument a format asks for.  */
struct fmt_arg
{
  unsigned char kind;  /* enum va_kind */
  unsigned char ctype; /* enum fmt_ctype */
  bool out;            /* the argument points to a CTYPE (an output) */
  unsigned unit;       /* where its format unit starts in the format */
  unsigned unit_len;   /* and how long it is ("O!", "es#") */
  unsigned item;       /* the top-level item (keyword) it belongs to */
};

/* What a format asks for.  */
struct fmt_info
{
  /* One entry per variable argument.  */
  auto_vec<fmt_arg> args;
  /* The number of top-level items (a parenthesised group is one): the
     number of names a keyword list must have.  */
  unsigned items;
  /* The error that makes the call fail at run time, or NULL; ERROR_AT
     is its offset in the format.  */
  const char *error;
  unsigned error_at;
};

/* PY_SSIZE_T_CLEAN: whether '#' lengths are Py_ssize_t, and PYVER the
   PY_VERSION_HEX of the headers (0 when unknown).  Return false (with
   INFO->error set) when the format is wrong.  */
bool format_read (const char *fmt, enum fmt_family family, bool ssize_clean,
                  unsigned pyver, fmt_info *info);

bool format_build_kinds (const char *fmt, vec<unsigned char> *kinds);
bool format_parse_kinds (const char *fmt, vec<unsigned char> *kinds);

#endif /* PYREFCHECK_FORMAT_H */
