/* pyrefcheck: format strings and variable arguments of CPython calls.
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

/* The calls are read in GENERIC, before gimplification, where a
   variable argument still has the type the source gave it (gimple drops
   conversions between pointer types): PyArg_Parse* outputs and
   Py_BuildValue inputs against their format (format.cc), keyword lists,
   the NULL that ends PyObject_CallFunctionObjArgs, and the counts of
   PyTuple_Pack and PyArg_UnpackTuple.  Like gcc's -Wformat, but for
   CPython's formats.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "tree-iterator.h"
#include "stringpool.h"
#include "fold-const.h"
#include "diagnostic-core.h"
#include "pyrefcheck.h"
#include "format.h"
#include "checks.h"

/* How a function's variable arguments are checked.  */
enum va_check
{
  VC_FORMAT,     /* against a format string */
  VC_SENTINEL,   /* objects, then NULL */
  VC_TUPLE_PACK, /* PyTuple_Pack (n, ...): n objects */
  VC_UNPACK      /* PyArg_UnpackTuple (args, name, min, max, ...) */
};

/* The functions checked, by the name users write.  */
static const struct va_function
{
  const char *name;
  enum va_check check;
  /* The format argument (VC_FORMAT), or the first variable argument.  */
  int arg;
  enum fmt_family family;
  /* The keyword list, or -1.  */
  int kwlist;
  /* Reads '#' lengths as int whatever PY_SSIZE_T_CLEAN says (the
     deprecated PyEval_CallFunction and PyEval_CallMethod).  */
  bool int_lengths;
} va_functions[] = {
  { "PyArg_ParseTuple", VC_FORMAT, 1, FMT_PARSE, -1, false },
  { "PyArg_Parse", VC_FORMAT, 1, FMT_PARSE, -1, false },
  { "PyArg_ParseTupleAndKeywords", VC_FORMAT, 2, FMT_PARSE_KEYWORDS, 3,
    false },
  { "Py_BuildValue", VC_FORMAT, 0, FMT_BUILD, -1, false },
  { "PyObject_CallFunction", VC_FORMAT, 1, FMT_BUILD, -1, false },
  { "PyObject_CallMethod", VC_FORMAT, 2, FMT_BUILD, -1, false },
  { "PyEval_CallFunction", VC_FORMAT, 1, FMT_BUILD, -1, true },
  { "PyEval_CallMethod", VC_FORMAT, 2, FMT_BUILD, -1, true },
  { "PyObject_CallFunctionObjArgs", VC_SENTINEL, 1, FMT_BUILD, -1, false },
  { "PyObject_CallMethodObjArgs", VC_SENTINEL, 2, FMT_BUILD, -1, false },
  { "PyTuple_Pack", VC_TUPLE_PACK, 1, FMT_BUILD, -1, false },
  { "PyArg_UnpackTuple", VC_UNPACK, 4, FMT_BUILD, -1, false },
};

/* What the unit's calls are checked against.  */
struct call_ctx
{
  tree call;
  location_t loc;
  const char *name;        /* as users write it */
  const va_function *desc; /* how */
  bool ssize_clean;        /* the _SizeT variant: PY_SSIZE_T_CLEAN */
};

/* Return the location for a diagnostic about T, or DEFAULT_LOC.  */
static location_t
expr_loc (tree t, location_t default_loc)
{
  location_t loc = EXPR_LOCATION (t);
  return user_location (loc == UNKNOWN_LOCATION ? default_loc : loc);
}

/* Return the C string constant T points to when it has no NUL before
   its end, else NULL.  */
static const char *
literal_text (tree t)
{
  /* Characters, not the bytes of some other constant cast to char *.  */
  STRIP_NOPS (t);
  if (!POINTER_TYPE_P (TREE_TYPE (t)))
    return NULL;
  tree to = TREE_TYPE (TREE_TYPE (t));
  if (TREE_CODE (to) == ARRAY_TYPE)
    to = TREE_TYPE (to);
  if (!INTEGRAL_TYPE_P (to)
      || TYPE_PRECISION (to) != TYPE_PRECISION (char_type_node))
    return NULL;
  unsigned HOST_WIDE_INT size = 0;
  const char *s = getbyterep (t, &size);
  if (!s || size == 0 || strnlen (s, size) != size - 1)
    return NULL;
  return s;
}

/* Return true if T is a null pointer constant or an integer zero.  */
static bool
null_constant_p (tree t)
{
  STRIP_NOPS (t);
  return integer_zerop (t);
}

/* Return the integer precision CT stands for, or 0.  */
static unsigned
ctype_precision (enum fmt_ctype ct)
{
  switch (ct)
    {
    case CT_CHAR:
      return TYPE_PRECISION (char_type_node);
    case CT_SHORT:
      return TYPE_PRECISION (short_integer_type_node);
    case CT_INT:
      return TYPE_PRECISION (integer_type_node);
    case CT_LONG:
      return TYPE_PRECISION (long_integer_type_node);
    case CT_LONGLONG:
      return TYPE_PRECISION (long_long_integer_type_node);
    case CT_SSIZE:
      return TYPE_PRECISION (size_type_node);
    default:
      return 0;
    }
}

/* Return true if TYPE has a field called NAME.  */
static bool
has_field_p (tree type, const char *name)
{
  for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
    if (TREE_CODE (f) == FIELD_DECL && DECL_NAME (f)
        && id_equal (DECL_NAME (f), name))
      return true;
  return false;
}

/* Return true if TYPE is Py_buffer (an anonymous struct in some
   versions, known by its typedef or its fields).  */
static bool
buffer_record_p (tree type)
{
  if (TREE_CODE (type) != RECORD_TYPE)
    return false;
  const char *typedef_name = type_tag_name (type);
  const char *tag = type_tag_name (TYPE_MAIN_VARIANT (type));
  if ((typedef_name && strcmp (typedef_name, "Py_buffer") == 0)
      || (tag && strcmp (tag, "bufferinfo") == 0))
    return true;
  type = TYPE_MAIN_VARIANT (type);
  return has_field_p (type, "buf") && has_field_p (type, "obj")
         && has_field_p (type, "itemsize");
}

/* Return true if Py_complex's two doubles are TYPE.  */
static bool
complex_record_p (tree type)
{
  type = TYPE_MAIN_VARIANT (type);
  if (TREE_CODE (type) != RECORD_TYPE)
    return false;

  int doubles = 0;
  for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
    if (TREE_CODE (f) == FIELD_DECL)
      {
        if (!SCALAR_FLOAT_TYPE_P (TREE_TYPE (f)))
          return false;
        doubles++;
      }
  return doubles == 2;
}

/* Return true if an argument of type TYPE suits CT (a pointer to CT when
   OUT).  A pointer to void suits every pointer.  */
static bool
type_suits (tree type, enum fmt_ctype ct, bool out)
{
  if (out)
    {
      if (!POINTER_TYPE_P (type))
        return false;
      type = TREE_TYPE (type);
      if (VOID_TYPE_P (type))
        return true;
    }
  type = TYPE_MAIN_VARIANT (type);
  if (unsigned prec = ctype_precision (ct))
    {
      if (!INTEGRAL_TYPE_P (type))
        return false;
      /* A bit-field (long long c:40) is passed in its mode.  */
      unsigned have = TYPE_PRECISION (type);
      if (SCALAR_INT_MODE_P (TYPE_MODE (type))
          && have < GET_MODE_PRECISION (SCALAR_INT_TYPE_MODE (type)))
        have = GET_MODE_PRECISION (SCALAR_INT_TYPE_MODE (type));
      return have == prec;
    }
  if (ct == CT_FLOAT || ct == CT_DOUBLE)
    return SCALAR_FLOAT_TYPE_P (type)
           && TYPE_PRECISION (type)
                  == TYPE_PRECISION (ct == CT_FLOAT ? float_type_node
                                                    : double_type_node);
  if (!POINTER_TYPE_P (type))
    return false;
  tree to = TREE_TYPE (type);
  if (VOID_TYPE_P (to))
    return true;
  switch (ct)
    {
    case CT_STRING:
      /* An output read as another integer array (crcmod's "s#" into a
         UINT16 *table) is a deliberate reinterpretation of the bytes.  */
      if (out)
        return INTEGRAL_TYPE_P (to);
      return INTEGRAL_TYPE_P (to)
             && TYPE_PRECISION (to) == TYPE_PRECISION (char_type_node);
    case CT_WSTRING:
      return INTEGRAL_TYPE_P (to)
             && (TYPE_PRECISION (to) == 16 || TYPE_PRECISION (to) == 32);
    case CT_OBJECT:
    case CT_TYPE:
      /* An incomplete struct may be an object: the limited API's
         PyTypeObject, 3.11's PyFrameObject.  */
      return pyobject_struct_type_p (to)
             || (RECORD_OR_UNION_TYPE_P (to) && !COMPLETE_TYPE_P (to));
    case CT_BUFFER:
      return buffer_record_p (to);
    case CT_COMPLEX:
      return complex_record_p (to)
             || (TREE_CODE (to) == COMPLEX_TYPE
                 && TYPE_PRECISION (TREE_TYPE (to))
                        == TYPE_PRECISION (double_type_node));
    case CT_FUNCTION:
      return TREE_CODE (to) == FUNCTION_TYPE;
    case CT_POINTER:
      return true;
    default:
      return false;
    }
}

/* Return the type CT (a pointer to it when OUT) in words.  */
static const char *
ctype_text (enum fmt_ctype ct, bool out)
{
  static const char *const names[]
      = { "char",        "short",        "int",
          "long",        "long long",    "Py_ssize_t",
          "float",       "double",       "const char *",
          "wchar_t *",   "PyObject *",   "PyTypeObject *",
          "Py_buffer *", "Py_complex *", "a converter function",
          "void *" };
  static char buf[64];
  snprintf (buf, sizeof buf, "%s%s%s", names[ct],
            out && names[ct][strlen (names[ct]) - 1] != '*' ? " " : "",
            out ? "*" : "");
  return buf;
}

/* Return the format FMT in printable form, shortened.  */
static const char *
printable (const char *fmt)
{
  /* Up to four in one message.  */
  static char ring[4][96];
  static unsigned next;
  char *buf = ring[next++ % 4];
  const size_t bufsize = sizeof ring[0];
  size_t used = 0;
  const char *p;
  for (p = fmt; *p && used < bufsize - 8; p++)
    if (ISPRINT (*p))
      buf[used++] = *p;
    else
      used += snprintf (buf + used, bufsize - used, "\\x%02x",
                        (unsigned char)*p);
  if (*p)
    strcpy (buf + MIN (used, bufsize - 4), "...");
  else
    buf[used] = '\0';
  return buf;
}

/* Check the keyword list KWLIST of C against the ITEMS of its format.
   Return its number of names, or -1 when it cannot be read.  */
static int
check_kwlist (const call_ctx &c, tree kwlist, unsigned items)
{
  tree t = kwlist;
  STRIP_NOPS (t);
  if (TREE_CODE (t) == ADDR_EXPR)
    t = TREE_OPERAND (t, 0);
  if (TREE_CODE (t) != VAR_DECL || !DECL_INITIAL (t)
      || TREE_CODE (DECL_INITIAL (t)) != CONSTRUCTOR
      || TREE_CODE (TREE_TYPE (t)) != ARRAY_TYPE)
    return -1;
  location_t loc = expr_loc (kwlist, c.loc);
  unsigned names = 0;
  bool ended = false, named = false;
  unsigned HOST_WIDE_INT ix;
  tree index, value;
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (DECL_INITIAL (t)), ix, index,
                            value)
  {
    if (index && TREE_CODE (index) != INTEGER_CST)
      return -1;
    if (index && !tree_fits_uhwi_p (index))
      return -1;
    if (index && tree_to_uhwi (index) != ix)
      return -1; /* designated initializers: not followed */
    if (null_constant_p (value))
      {
        ended = true;
        break;
      }
    const char *s = literal_text (value);
    if (!s)
      return -1;
    if (*s)
      named = true;
    else if (named)
      {
        check_report (FK_FORMAT, loc,
                      "keyword list %qD of %qs has an empty name after a "
                      "named one (positional-only parameters come first)",
                      t, c.name);
        return -1;
      }
    names++;
  }
  tree domain = TYPE_DOMAIN (TREE_TYPE (t));
  if (!ended && domain && TYPE_MAX_VALUE (domain)
      && tree_fits_uhwi_p (TYPE_MAX_VALUE (domain))
      && tree_to_uhwi (TYPE_MAX_VALUE (domain)) + 1
             > CONSTRUCTOR_NELTS (DECL_INITIAL (t)))
    ended = true; /* the rest of the array is zero */
  if (!ended)
    {
      check_report (FK_FORMAT, loc,
                    "keyword list %qD of %qs does not end with NULL", t,
                    c.name);
      return -1;
    }
  if (names > items)
    check_report (FK_FORMAT, loc,
                  "keyword list %qD of %qs has %u names, but its format "
                  "has %u arguments (SystemError at run time)",
                  t, c.name, names, items);
  else if (names < items)
    check_report (FK_FORMAT, loc,
                  "keyword list %qD of %qs has %u names, but its format "
                  "has %u arguments; the arguments past the names cannot "
                  "be passed (TypeError, or SystemError when they are "
                  "required)",
                  t, c.name, names, items);
  return (int)names;
}

/* Check the variable arguments of C against its format.  */
static void
check_format_call (const call_ctx &c)
{
  int nargs = call_expr_nargs (c.call);
  if (c.desc->arg >= nargs)
    return;
  tree fmt_expr = CALL_EXPR_ARG (c.call, c.desc->arg);
  /* PyObject_CallFunction (f, NULL) calls with no arguments.  */
  if (null_constant_p (fmt_expr))
    {
      if (c.desc->family == FMT_BUILD && nargs > c.desc->arg + 1)
        check_report (FK_FORMAT, expr_loc (fmt_expr, c.loc),
                      "%qs is given %d arguments after a NULL format, "
                      "which reads none",
                      c.name, nargs - c.desc->arg - 1);
      return;
    }
  const char *fmt = literal_text (fmt_expr);
  if (!fmt)
    return;
  location_t fmt_loc = expr_loc (fmt_expr, c.loc);
  fmt_info info;
  unsigned pyver = ownership_python_version () << 16;
  if (!format_read (fmt, c.desc->family, c.ssize_clean && !c.desc->int_lengths,
                    pyver, &info))
    {
      if (c.desc->int_lengths && fmt[info.error_at] == '#'
          && pyver >= 0x030a0000 && pyver < 0x030d0000)
        info.error = "'#' formats cannot be used with this function: it "
                     "reads no Py_ssize_t lengths, PY_SSIZE_T_CLEAN or not "
                     "(SystemError at run time since Python 3.10); use "
                     "PyObject_CallFunction";
      char unit[8];
      const char *at = fmt + info.error_at;
      if (*at && ISPRINT (*at))
        snprintf (unit, sizeof unit, "%c", *at);
      else if (*at)
        snprintf (unit, sizeof unit, "\\x%02x", (unsigned char)*at);
      else
        strcpy (unit, "end");
      check_report (FK_FORMAT, fmt_loc,
                    "format %qs of %qs, at %qs (offset %u): %s",
                    printable (fmt), c.name, unit, info.error_at, info.error);
      return;
    }
  unsigned first = c.desc->arg + 1;
  if (c.desc->kwlist >= 0)
    first = c.desc->kwlist + 1;
  unsigned given = nargs > (int)first ? nargs - first : 0;
  unsigned wanted = info.args.length ();
  /* A keyword list shorter than the format: CPython reads only the
     items it names, and the kwlist warning says the rest.  */
  int names = -1;
  if (c.desc->kwlist >= 0 && c.desc->kwlist < nargs)
    names
        = check_kwlist (c, CALL_EXPR_ARG (c.call, c.desc->kwlist), info.items);
  unsigned named_args = 0;
  for (unsigned i = 0; i < wanted; i++)
    if (names >= 0 && info.args[i].item < (unsigned)names)
      named_args++;
  if (names >= 0 && (unsigned)names < info.items && given >= named_args
      && given < wanted)
    wanted = given;
  if (given < wanted)
    {
      const fmt_arg &a = info.args[given];
      char *unit = xstrndup (fmt + a.unit, a.unit_len);
      check_report (FK_FORMAT, c.loc,
                    "too few arguments for format %qs of %qs: it reads %u, "
                    "the call passes %u (the first missing is the %qs of "
                    "%qs)",
                    printable (fmt), c.name, wanted, given,
                    ctype_text ((enum fmt_ctype)a.ctype, a.out),
                    printable (unit));
      free (unit);
    }
  else if (given > wanted)
    check_report (FK_FORMAT,
                  expr_loc (CALL_EXPR_ARG (c.call, first + wanted), c.loc),
                  "too many arguments for format %qs of %qs: it reads %u, "
                  "the call passes %u",
                  printable (fmt), c.name, wanted, given);
  for (unsigned i = 0; i < wanted && i < given; i++)
    {
      const fmt_arg &a = info.args[i];
      tree arg = CALL_EXPR_ARG (c.call, first + i);
      tree type = TREE_TYPE (arg);
      if (!type || type == error_mark_node)
        continue;
      if (type_suits (type, (enum fmt_ctype)a.ctype, a.out))
        continue;
      /* "(PyObject *) &a": a cast to the wrong pointer type of the right
         value is how much real code passes outputs.  */
      tree inner = arg;
      STRIP_NOPS (inner);
      if (inner != arg && POINTER_TYPE_P (type)
          && type_suits (TREE_TYPE (inner), (enum fmt_ctype)a.ctype, a.out))
        continue;
      char *unit = xstrndup (fmt + a.unit, a.unit_len);
      check_report (FK_FORMAT, expr_loc (arg, c.loc),
                    "argument %u of %qs has type %qT, but %qs in format "
                    "%qs expects %qs",
                    first + i + 1, c.name, type, printable (unit),
                    printable (fmt),
                    ctype_text ((enum fmt_ctype)a.ctype, a.out));
      free (unit);
    }
}

/* Check that the variable arguments of C from FIRST on are objects.  */
static void
check_objects (const call_ctx &c, int first, int end)
{
  for (int i = first; i < end; i++)
    {
      tree arg = CALL_EXPR_ARG (c.call, i);
      tree type = TREE_TYPE (arg);
      if (type && type != error_mark_node
          && !type_suits (type, CT_OBJECT, false))
        check_report (FK_VARARGS, expr_loc (arg, c.loc),
                      "argument %d of %qs has type %qT, but it must be an "
                      "object (PyObject *)",
                      i + 1, c.name, type);
    }
}

/* Check the NULL that ends C's objects.  */
static void
check_sentinel (const call_ctx &c)
{
  int nargs = call_expr_nargs (c.call);
  if (nargs <= c.desc->arg)
    {
      check_report (FK_VARARGS, c.loc,
                    "%qs must be called with a NULL after its arguments",
                    c.name);
      return;
    }
  tree last = CALL_EXPR_ARG (c.call, nargs - 1);
  tree stripped = last;
  STRIP_NOPS (stripped);
  if (!integer_zerop (stripped))
    {
      check_report (FK_VARARGS, c.loc,
                    "missing NULL sentinel at the end of the arguments of "
                    "%qs",
                    c.name);
      return;
    }
  if (!POINTER_TYPE_P (TREE_TYPE (last)))
    check_report (FK_VARARGS, expr_loc (last, c.loc),
                  "the sentinel of %qs is an integer zero of type %qT, not "
                  "a null pointer; write NULL",
                  c.name, TREE_TYPE (last));
  check_objects (c, c.desc->arg, nargs - 1);
}

/* Check that PyTuple_Pack's count is its number of objects.  */
static void
check_tuple_pack (const call_ctx &c)
{
  int nargs = call_expr_nargs (c.call);
  if (nargs < 1)
    return;
  tree n = CALL_EXPR_ARG (c.call, 0);
  STRIP_NOPS (n);
  if (TREE_CODE (n) == INTEGER_CST && tree_fits_shwi_p (n)
      && tree_to_shwi (n) != nargs - 1)
    check_report (FK_VARARGS, c.loc,
                  "%qs is told %wd objects, but the call passes %d", c.name,
                  tree_to_shwi (n), nargs - 1);
  check_objects (c, 1, nargs);
}

/* Check PyArg_UnpackTuple's MAX against its outputs.  */
static void
check_unpack (const call_ctx &c)
{
  int nargs = call_expr_nargs (c.call);
  if (nargs < 4)
    return;
  tree lo = CALL_EXPR_ARG (c.call, 2), hi = CALL_EXPR_ARG (c.call, 3);
  STRIP_NOPS (lo);
  STRIP_NOPS (hi);
  if (TREE_CODE (hi) != INTEGER_CST || !tree_fits_shwi_p (hi))
    return;
  HOST_WIDE_INT max = tree_to_shwi (hi);
  if (TREE_CODE (lo) == INTEGER_CST && tree_fits_shwi_p (lo)
      && tree_to_shwi (lo) > max)
    check_report (FK_VARARGS, c.loc,
                  "%qs is given a minimum of %wd arguments, more than its "
                  "maximum %wd",
                  c.name, tree_to_shwi (lo), max);
  if (max != nargs - 4)
    check_report (FK_VARARGS, c.loc,
                  "%qs may store %wd objects, but the call passes %d "
                  "outputs",
                  c.name, max, nargs - 4);
  for (int i = 4; i < nargs; i++)
    {
      tree arg = CALL_EXPR_ARG (c.call, i);
      tree type = TREE_TYPE (arg);
      if (type && type != error_mark_node
          && !type_suits (type, CT_OBJECT, true))
        check_report (FK_VARARGS, expr_loc (arg, c.loc),
                      "argument %d of %qs has type %qT, but it must be a "
                      "PyObject ** that receives an object",
                      i + 1, c.name, type);
    }
}

/* Return the checked function NAME (a callee's name) stands for, and
   set *CLEAN when it is the PY_SSIZE_T_CLEAN variant.  */
static const va_function *
lookup_function (const char *name, bool *clean, const char **display)
{
  char buf[64];
  size_t len = strlen (name);
  *clean = false;
  if (len > 7 && len < sizeof buf && strcmp (name + len - 6, "_SizeT") == 0)
    {
      const char *start = name[0] == '_' ? name + 1 : name;
      memcpy (buf, start, name + len - 6 - start);
      buf[name + len - 6 - start] = '\0';
      name = buf;
      *clean = true;
    }
  for (size_t i = 0; i < ARRAY_SIZE (va_functions); i++)
    if (strcmp (name, va_functions[i].name) == 0)
      {
        *display = va_functions[i].name;
        return &va_functions[i];
      }
  return NULL;
}

/* qsort comparator: calls in source order.  */
static int
compare_calls (const void *a, const void *b)
{
  location_t la = user_location (EXPR_LOCATION (*(const tree *)a));
  location_t lb = user_location (EXPR_LOCATION (*(const tree *)b));
  expanded_location ea = expand_location (la), eb = expand_location (lb);
  if (ea.line != eb.line)
    return ea.line < eb.line ? -1 : 1;
  if (ea.column != eb.column)
    return ea.column < eb.column ? -1 : 1;
  return 0;
}

/* walk_tree callback: collect the calls into DATA.  */
static tree
collect_call_r (tree *tp, int *walk_subtrees, void *data)
{
  tree t = *tp;
  if (TYPE_P (t))
    *walk_subtrees = 0;
  else if (TREE_CODE (t) == CALL_EXPR)
    ((vec<tree> *)data)->safe_push (t);
  return NULL_TREE;
}

/* Fill CALLS with the calls of FNDECL's body, in source order.  */
void
checks_collect_calls (tree fndecl, vec<tree> *calls)
{
  if (!DECL_SAVED_TREE (fndecl))
    return;
  walk_tree_without_duplicates (&DECL_SAVED_TREE (fndecl), collect_call_r,
                                calls);
  calls->qsort (compare_calls);
}

/* Check the call T.  */
static void
check_call (tree t)
{
  if (!CALL_EXPR_FN (t))
    return; /* an internal function */
  tree fn = get_callee_fndecl (t);
  if (!fn || !DECL_NAME (fn))
    return;
  call_ctx c;
  c.desc = lookup_function (IDENTIFIER_POINTER (DECL_NAME (fn)),
                            &c.ssize_clean, &c.name);
  if (!c.desc)
    return;
  c.call = t;
  c.loc = user_location (EXPR_LOCATION (t));
  switch (c.desc->check)
    {
    case VC_FORMAT:
      check_format_call (c);
      break;
    case VC_SENTINEL:
      check_sentinel (c);
      break;
    case VC_TUPLE_PACK:
      check_tuple_pack (c);
      break;
    case VC_UNPACK:
      check_unpack (c);
      break;
    }
}

/* Check the format strings and variable arguments of CALLS.  */
void
check_format_calls (const vec<tree> &calls)
{
  for (unsigned i = 0; i < calls.length (); i++)
    check_call (calls[i]);
}
