/* pyrefcheck: what the variable arguments of PyArg_Parse* and
   Py_BuildValue format strings are.
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

/* What one variable argument is, from the format.  */
enum va_kind
{
  VA_NONOBJ,      /* not an object (an int, a char *, a converter...) */
  VA_BORROWED,    /* an object the call borrows ("O", "S") */
  VA_STEALS,      /* an object the call steals ("N") */
  VA_OUT,         /* PyObject ** that receives a borrowed reference */
  VA_OUT_OPTIONAL /* the same, after '|': may be left unchanged */
};

bool format_build_kinds (const char *fmt, vec<unsigned char> *kinds);
bool format_parse_kinds (const char *fmt, vec<unsigned char> *kinds);

#endif /* PYREFCHECK_FORMAT_H */
