/* pyrefcheck: reading PyArg_Parse* and Py_BuildValue format strings.
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

/* Only as much of the grammar as ownership needs: which variable
   arguments are objects and how they are passed.  (Checking the C types
   against the format is a separate job.)  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "vec.h"
#include "format.h"

/* Append N arguments of KIND to KINDS.  */
static void
push_kinds (vec<unsigned char> *kinds, unsigned n, enum va_kind kind)
{
  for (unsigned i = 0; i < n; i++)
    kinds->safe_push (kind);
}

/* Fill KINDS with one entry per variable argument of Py_BuildValue's
   format FMT.  Return false for a code we do not know.  */
bool
format_build_kinds (const char *fmt, vec<unsigned char> *kinds)
{
  for (const char *p = fmt; *p; p++)
    switch (*p)
      {
      case ' ':
      case '\t':
      case ',':
      case ':':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
        break;
      case 's':
      case 'z':
      case 'y':
      case 'u':
      case 'U':
        push_kinds (kinds, p[1] == '#' ? 2 : 1, VA_NONOBJ);
        if (p[1] == '#')
          p++;
        break;
      case 'i':
      case 'b':
      case 'h':
      case 'l':
      case 'B':
      case 'H':
      case 'I':
      case 'k':
      case 'L':
      case 'K':
      case 'n':
      case 'c':
      case 'C':
      case 'd':
      case 'f':
      case 'D':
      case 'p':
        push_kinds (kinds, 1, VA_NONOBJ);
        break;
      case 'O':
        if (p[1] == '&')
          {
            push_kinds (kinds, 2, VA_NONOBJ);
            p++;
          }
        else
          push_kinds (kinds, 1, VA_BORROWED);
        break;
      case 'S':
        push_kinds (kinds, 1, VA_BORROWED);
        break;
      case 'N':
        push_kinds (kinds, 1, VA_STEALS);
        break;
      default:
        return false;
      }
  return true;
}

/* Fill KINDS with one entry per variable argument of the PyArg_Parse*
   format FMT.  Return false for a code we do not know.  */
bool
format_parse_kinds (const char *fmt, vec<unsigned char> *kinds)
{
  enum va_kind out = VA_OUT;
  for (const char *p = fmt; *p; p++)
    switch (*p)
      {
      case ':':
      case ';':
        return true;
      case '|':
        out = VA_OUT_OPTIONAL;
        break;
      case '$':
      case '(':
      case ')':
      case ' ':
        break;
      case 'O':
        if (p[1] == '!')
          {
            push_kinds (kinds, 1, VA_NONOBJ);
            push_kinds (kinds, 1, out);
            p++;
          }
        else if (p[1] == '&')
          {
            push_kinds (kinds, 2, VA_NONOBJ);
            p++;
          }
        else
          push_kinds (kinds, 1, out);
        break;
      case 'S':
      case 'U':
      case 'Y':
        push_kinds (kinds, 1, out);
        break;
      case 's':
      case 'z':
      case 'y':
      case 'u':
      case 'Z':
      case 'w':
        if (p[1] == '*')
          {
            push_kinds (kinds, 1, VA_NONOBJ);
            p++;
          }
        else if (p[1] == '#')
          {
            push_kinds (kinds, 2, VA_NONOBJ);
            p++;
          }
        else
          push_kinds (kinds, 1, VA_NONOBJ);
        break;
      case 'e':
        /* es, et, es#, et#: encoding, then char ** [, length].  */
        if (p[1] != 's' && p[1] != 't')
          return false;
        p++;
        if (p[1] == '#')
          {
            push_kinds (kinds, 3, VA_NONOBJ);
            p++;
          }
        else
          push_kinds (kinds, 2, VA_NONOBJ);
        break;
      case 'b':
      case 'B':
      case 'h':
      case 'H':
      case 'i':
      case 'I':
      case 'l':
      case 'k':
      case 'L':
      case 'K':
      case 'n':
      case 'c':
      case 'C':
      case 'f':
      case 'd':
      case 'D':
      case 'p':
        push_kinds (kinds, 1, VA_NONOBJ);
        break;
      default:
        return false;
      }
  return true;
}
