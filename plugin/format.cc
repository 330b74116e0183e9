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

/* One reader per grammar, following CPython's own: getargs.c
   (convertsimple, vgetargs1, vgetargskeywords) for PyArg_Parse*, and
   modsupport.c (do_mkvalue, countformat) for Py_BuildValue.  The
   ownership of each argument feeds the refcount engine; the C type of
   each feeds check-format.cc.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "vec.h"
#include "format.h"

/* The state of reading one format.  */
struct fmt_reader
{
  const char *fmt;
  enum fmt_family family;
  bool ssize_clean;
  unsigned pyver;
  fmt_info *info;
};

/* Fail reading R at P with MESSAGE.  */
static bool
fail (fmt_reader *r, const char *p, const char *message)
{
  r->info->error = message;
  r->info->error_at = p - r->fmt;
  return false;
}

/* Add an argument for the unit of R that starts at UNIT and ends before
   END.  */
static void
push_arg (fmt_reader *r, const char *unit, const char *end, enum va_kind kind,
          enum fmt_ctype ctype, bool out)
{
  fmt_arg a;
  a.kind = kind;
  a.ctype = ctype;
  a.out = out;
  a.unit = unit - r->fmt;
  a.unit_len = end - unit;
  a.item = r->info->items ? r->info->items - 1 : 0;
  r->info->args.safe_push (a);
}

/* The unit at *P has a '#' length after it: push the length argument
   (an output for the parse family) and step over the '#'.  Fail when
   the Python version requires PY_SSIZE_T_CLEAN and it is not
   defined.  */
static bool
push_length (fmt_reader *r, const char *unit, const char **p, bool out)
{
  (*p)++;
  if (!r->ssize_clean && r->pyver >= 0x030a0000 && r->pyver < 0x030d0000)
    return fail (r, *p,
                 "'#' formats need PY_SSIZE_T_CLEAN defined "
                 "before including Python.h (SystemError at run "
                 "time since Python 3.10)");
  push_arg (r, unit, *p + 1, VA_NONOBJ,
            r->ssize_clean || r->pyver >= 0x030d0000 ? CT_SSIZE : CT_INT, out);
  return true;
}

/* The codes of one number, and what each grammar reads for it:
   Py_BuildValue takes the value (promoted: "b" is an int), PyArg_Parse*
   a pointer to where it stores it; "D" is a Py_complex * in both.  */
static const struct
{
  char code;
  signed char build; /* enum fmt_ctype, or -1: not a Py_BuildValue code */
  signed char parse; /* the same for PyArg_Parse* */
} number_codes[] = {
  { 'b', CT_INT, CT_CHAR },
  { 'B', CT_INT, CT_CHAR },
  { 'c', CT_INT, CT_CHAR },
  { 'h', CT_INT, CT_SHORT },
  { 'H', CT_INT, CT_SHORT },
  { 'i', CT_INT, CT_INT },
  { 'I', CT_INT, CT_INT },
  { 'C', CT_INT, CT_INT },
  { 'p', -1, CT_INT },
  { 'l', CT_LONG, CT_LONG },
  { 'k', CT_LONG, CT_LONG },
  { 'L', CT_LONGLONG, CT_LONGLONG },
  { 'K', CT_LONGLONG, CT_LONGLONG },
  { 'n', CT_SSIZE, CT_SSIZE },
  { 'f', CT_DOUBLE, CT_FLOAT },
  { 'd', CT_DOUBLE, CT_DOUBLE },
  { 'D', CT_COMPLEX, CT_COMPLEX },
};

/* If *P is a number code of R's grammar, push its argument and return
   true.  */
static bool
push_number (fmt_reader *r, const char *p)
{
  for (size_t i = 0; i < ARRAY_SIZE (number_codes); i++)
    if (number_codes[i].code == *p)
      {
        int ct = r->family == FMT_BUILD ? number_codes[i].build
                                        : number_codes[i].parse;
        if (ct < 0)
          return false;
        push_arg (r, p, p + 1, VA_NONOBJ, (enum fmt_ctype)ct,
                  r->family != FMT_BUILD && ct != CT_COMPLEX);
        return true;
      }
  return false;
}

/* Read the Py_BuildValue format of R.  */
static bool
read_build (fmt_reader *r)
{
  char stack[64];
  unsigned depth = 0;
  for (const char *p = r->fmt; *p; p++)
    {
      const char *unit = p;
      if (depth == 0 && !strchr (" \t,:)]}", *p))
        r->info->items++;
      if (push_number (r, p))
        continue;
      switch (*p)
        {
        case ' ':
        case '\t':
        case ',':
        case ':':
          break;
        case '(':
        case '[':
        case '{':
          if (depth == sizeof stack)
            return fail (r, p, "the format nests too deeply");
          stack[depth++] = *p == '(' ? ')' : *p == '[' ? ']' : '}';
          break;
        case ')':
        case ']':
        case '}':
          if (depth == 0 || stack[depth - 1] != *p)
            return fail (r, p, "unmatched bracket in the format");
          depth--;
          break;
        case 'u':
        case 's':
        case 'z':
        case 'y':
        case 'U':
          push_arg (r, unit, p + 1 + (p[1] == '#'), VA_NONOBJ,
                    *p == 'u' ? CT_WSTRING : CT_STRING, false);
          if (p[1] == '#' && !push_length (r, unit, &p, false))
            return false;
          break;
        case 'N':
          push_arg (r, unit, p + 1, VA_STEALS, CT_OBJECT, false);
          break;
        case 'S':
          push_arg (r, unit, p + 1, VA_BORROWED, CT_OBJECT, false);
          break;
        case 'O':
          if (p[1] == '&')
            {
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_FUNCTION, false);
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_POINTER, false);
              p++;
            }
          else
            push_arg (r, unit, p + 1, VA_BORROWED, CT_OBJECT, false);
          break;
        default:
          return fail (r, p,
                       "unknown format code (SystemError \"bad "
                       "format char\" at run time)");
        }
    }
  if (depth)
    return fail (r, r->fmt + strlen (r->fmt),
                 "unmatched bracket in the "
                 "format");
  return true;
}

/* Read the PyArg_Parse* format of R.  */
static bool
read_parse (fmt_reader *r)
{
  enum va_kind out = VA_OUT;
  unsigned depth = 0;
  bool seen_bar = false, seen_dollar = false;
  bool py312 = r->pyver >= 0x030c0000;
  for (const char *p = r->fmt; *p; p++)
    {
      const char *unit = p;
      if (depth == 0 && ISALPHA (*p))
        r->info->items++;
      if (push_number (r, p))
        continue;
      switch (*p)
        {
        case ':':
        case ';':
          if (depth == 0)
            return true;
          return fail (r, p, "unmatched parenthesis in the format");
        case '|':
          if (seen_bar)
            return fail (r, p, "'|' appears twice in the format");
          if (seen_dollar)
            return fail (r, p, "'$' before '|' in the format");
          seen_bar = true;
          out = VA_OUT_OPTIONAL;
          break;
        case '$':
          if (r->family != FMT_PARSE_KEYWORDS)
            return fail (r, p,
                         "'$' (keyword-only arguments) is only valid "
                         "in PyArg_ParseTupleAndKeywords");
          if (seen_dollar)
            return fail (r, p, "'$' appears twice in the format");
          seen_dollar = true;
          out = VA_OUT_OPTIONAL;
          break;
        case '(':
          if (depth == 0)
            r->info->items++;
          depth++;
          break;
        case ')':
          if (depth == 0)
            return fail (r, p, "unmatched parenthesis in the format");
          depth--;
          break;
        case 'u':
        case 'Z':
          if (py312)
            return fail (r, p,
                         "format codes 'u' and 'Z' were removed in "
                         "Python 3.12");
          /* Fall through.  */
        case 's':
        case 'z':
        case 'y':
        case 'w':
          if (p[1] == '*'
              && (*p == 's' || *p == 'z' || *p == 'y' || *p == 'w'))
            {
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_BUFFER, false);
              p++;
              break;
            }
          if (*p == 'w')
            return fail (r, p, "'w' must be followed by '*'");
          push_arg (r, unit, p + 1 + (p[1] == '#'), VA_NONOBJ,
                    *p == 'u' || *p == 'Z' ? CT_WSTRING : CT_STRING, true);
          if (p[1] == '#' && !push_length (r, unit, &p, true))
            return false;
          break;
        case 'e':
          /* es, et, es#, et#: the encoding, then char ** [, length].  */
          if (p[1] != 's' && p[1] != 't')
            return fail (r, p, "'e' must be followed by 's' or 't'");
          push_arg (r, unit, p + 2 + (p[2] == '#'), VA_NONOBJ, CT_STRING,
                    false);
          push_arg (r, unit, p + 2 + (p[2] == '#'), VA_NONOBJ, CT_STRING,
                    true);
          p++;
          if (p[1] == '#' && !push_length (r, unit, &p, true))
            return false;
          break;
        case 'S':
        case 'U':
        case 'Y':
          push_arg (r, unit, p + 1, out, CT_OBJECT, true);
          break;
        case 'O':
          if (p[1] == '!')
            {
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_TYPE, false);
              push_arg (r, unit, p + 2, out, CT_OBJECT, true);
              p++;
            }
          else if (p[1] == '&')
            {
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_FUNCTION, false);
              push_arg (r, unit, p + 2, VA_NONOBJ, CT_POINTER, false);
              p++;
            }
          else
            push_arg (r, unit, p + 1, out, CT_OBJECT, true);
          break;
        default:
          return fail (r, p,
                       "unknown format code (SystemError \"bad "
                       "format char\" at run time)");
        }
    }
  if (depth)
    return fail (r, r->fmt + strlen (r->fmt),
                 "unmatched parenthesis in "
                 "the format");
  return true;
}

/* Read the format FMT of FAMILY into INFO.  */
bool
format_read (const char *fmt, enum fmt_family family, bool ssize_clean,
             unsigned pyver, fmt_info *info)
{
  fmt_reader r = { fmt, family, ssize_clean, pyver, info };
  info->args.truncate (0);
  info->items = 0;
  info->error = NULL;
  info->error_at = 0;
  return family == FMT_BUILD ? read_build (&r) : read_parse (&r);
}

/* Fill KINDS with the ownership kind of each argument FMT of FAMILY
   asks for.  Return false for a format that is wrong.  */
static bool
format_kinds (const char *fmt, enum fmt_family family,
              vec<unsigned char> *kinds)
{
  fmt_info info;
  /* Ownership does not depend on the lengths' type.  */
  if (!format_read (fmt, family, true, 0, &info))
    return false;
  for (unsigned i = 0; i < info.args.length (); i++)
    kinds->safe_push (info.args[i].kind);
  return true;
}

/* Fill KINDS with one entry per variable argument of Py_BuildValue's
   format FMT.  Return false for a format that is wrong.  */
bool
format_build_kinds (const char *fmt, vec<unsigned char> *kinds)
{
  return format_kinds (fmt, FMT_BUILD, kinds);
}

/* Fill KINDS with one entry per variable argument of the PyArg_Parse*
   format FMT.  Return false for a format that is wrong.  */
bool
format_parse_kinds (const char *fmt, vec<unsigned char> *kinds)
{
  return format_kinds (fmt, FMT_PARSE_KEYWORDS, kinds);
}
