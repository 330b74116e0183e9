/* pyrefcheck: function attributes that state ownership rules.
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

/* Users declare the ownership rules of their own functions with
   attributes on the declarations:

     PyObject *cache_get (PyObject *key)
         __attribute__ ((pyrefcheck_returns_borrowed_ref));
     int list_push (PyObject *list, PyObject *item)
         __attribute__ ((pyrefcheck_steals_reference_to_arg (2),
                         pyrefcheck_sets_exception_on_error));

   and cpychecker's names for the same (cpychecker_returns_borrowed_ref,
   cpychecker_steals_reference_to_arg, cpychecker_sets_exception,
   cpychecker_negative_result_sets_exception), so that code annotated for
   cpychecker works unchanged.  The plugin defines __PYREFCHECK__, so
   headers can guard the attributes, and with the cpychecker-macros
   argument cpychecker's WITH_CPYCHECKER_*_ATTRIBUTE macros, which guard
   them in code written for cpychecker.

   An attributed function gets a row like the table's (attribs_row): a
   call to it follows the row, and its own definition is checked against
   it (pr_ctx::contract).  Misuse (a bad argument number, an attribute on
   something that is not a function returning an object...) is an error
   at the attribute.  */

#include "gcc-plugin.h"
/* c-common.h must come before anything that includes diagnostic-core.h.  */
#include "c-family/c-common.h"
#include "c-family/c-pragma.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "stringpool.h"
#include "attribs.h"
#include "diagnostic-core.h"
#include "hash-map.h"
#include "cpplib.h"
#include "pyrefcheck.h"

/* What an attribute says.  */
enum attr_kind
{
  AK_RETURNS_NEW,            /* the result is a new reference */
  AK_RETURNS_BORROWED,       /* the result is a borrowed reference */
  AK_STEALS,                 /* steals argument N, even on failure */
  AK_STEALS_ON_SUCCESS,      /* steals argument N only when it succeeds */
  AK_SETS_EXC_ON_ERROR,      /* NULL or a negative result sets an exception */
  AK_SETS_EXC,               /* always sets an exception */
  AK_NEGATIVE_SETS_EXC,      /* a negative result sets an exception */
  AK_TYPE_OBJECT_FOR_TYPEDEF /* cpychecker's; accepted, no meaning here */
};

struct attr_desc
{
  const char *name;
  enum attr_kind kind;
  /* Number of arguments: at least MIN, at most MAX (-1: any).  */
  int min_args, max_args;
  /* The cpychecker macro that announces it, or NULL.  */
  const char *with_macro;
};

static const attr_desc attrs[] = {
  { "pyrefcheck_returns_new_ref", AK_RETURNS_NEW, 0, 0, NULL },
  { "pyrefcheck_returns_borrowed_ref", AK_RETURNS_BORROWED, 0, 0, NULL },
  { "pyrefcheck_steals_reference_to_arg", AK_STEALS, 1, -1, NULL },
  { "pyrefcheck_steals_reference_to_arg_on_success", AK_STEALS_ON_SUCCESS, 1,
    -1, NULL },
  { "pyrefcheck_sets_exception_on_error", AK_SETS_EXC_ON_ERROR, 0, 0, NULL },
  { "cpychecker_returns_borrowed_ref", AK_RETURNS_BORROWED, 0, 0,
    "WITH_CPYCHECKER_RETURNS_BORROWED_REF_ATTRIBUTE" },
  { "cpychecker_steals_reference_to_arg", AK_STEALS, 1, 1,
    "WITH_CPYCHECKER_STEALS_REFERENCE_TO_ARG_ATTRIBUTE" },
  { "cpychecker_sets_exception", AK_SETS_EXC, 0, 0,
    "WITH_CPYCHECKER_SETS_EXCEPTION_ATTRIBUTE" },
  { "cpychecker_negative_result_sets_exception", AK_NEGATIVE_SETS_EXC, 0, 0,
    "WITH_CPYCHECKER_NEGATIVE_RESULT_SETS_EXCEPTION_ATTRIBUTE" },
  { "cpychecker_type_object_for_typedef", AK_TYPE_OBJECT_FOR_TYPEDEF, 1, 1,
    "WITH_CPYCHECKER_TYPE_OBJECT_FOR_TYPEDEF_ATTRIBUTE" },
};

/* Return the description of the attribute called NAME, or NULL.  */
static const attr_desc *
find_attr (const_tree name)
{
  const char *s = IDENTIFIER_POINTER (name);
  /* __NAME__ is the same attribute as NAME.  */
  size_t len = IDENTIFIER_LENGTH (name);
  if (len > 4 && s[0] == '_' && s[1] == '_' && s[len - 1] == '_'
      && s[len - 2] == '_')
    {
      s += 2;
      len -= 4;
    }
  for (size_t i = 0; i < ARRAY_SIZE (attrs); i++)
    if (strlen (attrs[i].name) == len && strncmp (attrs[i].name, s, len) == 0)
      return &attrs[i];
  return NULL;
}

/* Return the number of declared parameters of the function type FNTYPE,
   and set *VARIADIC.  */
static int
count_parameters (const_tree fntype, bool *variadic)
{
  int n = 0;
  *variadic = true;
  for (tree t = TYPE_ARG_TYPES (fntype); t; t = TREE_CHAIN (t))
    {
      if (VOID_TYPE_P (TREE_VALUE (t)))
        {
          *variadic = false;
          break;
        }
      n++;
    }
  return n;
}

/* Return the type of parameter N (1-based) of FNTYPE.  */
static tree
parameter_type (const_tree fntype, int n)
{
  tree t = TYPE_ARG_TYPES (fntype);
  for (int i = 1; i < n; i++)
    t = TREE_CHAIN (t);
  return TREE_VALUE (t);
}

/* Return true if the attributes ATTRIBUTES already hold one of kind
   KIND (by any of its names).  */
static bool
has_kind_p (tree attributes, enum attr_kind kind)
{
  for (tree a = attributes; a; a = TREE_CHAIN (a))
    {
      const attr_desc *d = find_attr (get_attribute_name (a));
      if (d && d->kind == kind)
        return true;
    }
  return false;
}

/* Return true if ATTRIBUTES already say that argument N is stolen by a
   steal of kind KIND.  */
static bool
steals_arg_p (tree attributes, enum attr_kind kind, HOST_WIDE_INT n)
{
  for (tree a = attributes; a; a = TREE_CHAIN (a))
    {
      const attr_desc *d = find_attr (get_attribute_name (a));
      if (!d || d->kind != kind)
        continue;
      for (tree arg = TREE_VALUE (a); arg; arg = TREE_CHAIN (arg))
        if (TREE_CODE (TREE_VALUE (arg)) == INTEGER_CST
            && wi::to_wide (TREE_VALUE (arg)) == n)
          return true;
    }
  return false;
}

/* Check the argument numbers ARGS of the steal attribute NAME (of kind
   KIND) on FNDECL.  Return false after an error.  */
static bool
check_steal_arguments (tree fndecl, tree name, enum attr_kind kind, tree args)
{
  tree fntype = TREE_TYPE (fndecl);
  bool variadic;
  int nparms = count_parameters (fntype, &variadic);
  enum attr_kind other = kind == AK_STEALS ? AK_STEALS_ON_SUCCESS : AK_STEALS;
  for (tree a = args; a; a = TREE_CHAIN (a))
    {
      tree v = TREE_VALUE (a);
      if (TREE_CODE (v) != INTEGER_CST || !INTEGRAL_TYPE_P (TREE_TYPE (v)))
        {
          error ("%qE attribute argument %qE is not an integer constant "
                 "(the number of a parameter, from 1)",
                 name, v);
          return false;
        }
      if (!tree_fits_shwi_p (v) || tree_to_shwi (v) < 1
          || tree_to_shwi (v) > nparms)
        {
          if (nparms == 0)
            error ("%qE attribute argument %qE: %qD has no parameters", name,
                   v, fndecl);
          else
            error ("%qE attribute argument %qE is out of range: %qD has "
                   "%d parameter%s, numbered from 1",
                   name, v, fndecl, nparms, nparms == 1 ? "" : "s");
          return false;
        }
      HOST_WIDE_INT n = tree_to_shwi (v);
      if (n > ODB_MAX_ARGS)
        {
          error ("%qE attribute argument %qE: pyrefcheck describes only the "
                 "first %d parameters",
                 name, v, ODB_MAX_ARGS);
          return false;
        }
      tree type = parameter_type (fntype, (int)n);
      if (!pyobject_pointer_type_p (type))
        {
          error ("%qE attribute argument %qE: parameter %wd of %qD has type "
                 "%qT, not a pointer to a Python object",
                 name, v, n, fndecl, type);
          return false;
        }
      if (steals_arg_p (DECL_ATTRIBUTES (fndecl), other, n))
        {
          error ("%qE attribute argument %qE: parameter %wd of %qD is "
                 "already stolen %s",
                 name, v, n, fndecl,
                 other == AK_STEALS ? "even on failure" : "only on success");
          return false;
        }
    }
  return true;
}

/* The handler of every attribute here: check its use on *NODE.  */
static tree
handle_attribute (tree *node, tree name, tree args, int, bool *no_add_attrs)
{
  const attr_desc *d = find_attr (name);
  tree decl = *node;
  gcc_assert (d);
  if (d->kind == AK_TYPE_OBJECT_FOR_TYPEDEF)
    {
      /* cpychecker's: on a PyTypeObject, names the struct of its
         instances.  Accepted so that annotated code compiles; pyrefcheck
         needs no such link (an object struct is recognised by its
         PyObject_HEAD).  */
      if (!VAR_P (decl))
        error ("%qE attribute applies only to variables (a type object)",
               name);
      else if (TREE_CODE (TREE_VALUE (args)) != STRING_CST)
        error ("%qE attribute argument is not a string (the name of a "
               "typedef)",
               name);
      else
        return NULL_TREE;
      *no_add_attrs = true;
      return NULL_TREE;
    }
  if (TREE_CODE (decl) != FUNCTION_DECL)
    {
      error ("%qE attribute applies only to function declarations", name);
      *no_add_attrs = true;
      return NULL_TREE;
    }
  tree ret = TREE_TYPE (TREE_TYPE (decl));
  bool ok = true;
  switch (d->kind)
    {
    case AK_RETURNS_NEW:
    case AK_RETURNS_BORROWED:
      if (!pyobject_pointer_type_p (ret))
        {
          error ("%qE attribute on %qD, which returns %qT, not a pointer to "
                 "a Python object",
                 name, decl, ret);
          ok = false;
        }
      else if (has_kind_p (DECL_ATTRIBUTES (decl), d->kind == AK_RETURNS_NEW
                                                       ? AK_RETURNS_BORROWED
                                                       : AK_RETURNS_NEW))
        {
          error ("%qE attribute on %qD, which is already declared to "
                 "return a %s reference",
                 name, decl, d->kind == AK_RETURNS_NEW ? "borrowed" : "new");
          ok = false;
        }
      break;
    case AK_STEALS:
    case AK_STEALS_ON_SUCCESS:
      ok = check_steal_arguments (decl, name, d->kind, args);
      break;
    case AK_SETS_EXC_ON_ERROR:
      if (!POINTER_TYPE_P (ret) && !INTEGRAL_TYPE_P (ret))
        {
          error ("%qE attribute on %qD, which returns %qT: only a function "
                 "returning a pointer (NULL on error) or an integer "
                 "(negative on error) has an error value",
                 name, decl, ret);
          ok = false;
        }
      break;
    case AK_NEGATIVE_SETS_EXC:
      if (!INTEGRAL_TYPE_P (ret))
        {
          error ("%qE attribute on %qD, which returns %qT, not an integer",
                 name, decl, ret);
          ok = false;
        }
      break;
    case AK_SETS_EXC:
    case AK_TYPE_OBJECT_FOR_TYPEDEF:
      break;
    }
  if (!ok)
    *no_add_attrs = true;
  return NULL_TREE;
}

/* GCC 12 attribute_spec: name, min_len, max_len, decl_required,
   type_required, function_type_required, affects_type_identity, handler,
   exclusions.  Built from ATTRS when the attributes are registered.  */
static attribute_spec specs[ARRAY_SIZE (attrs)];

/* PLUGIN_ATTRIBUTES: register the attributes and define the macros that
   announce them.  */
static void
register_attributes_cb (void *, void *)
{
  for (size_t i = 0; i < ARRAY_SIZE (attrs); i++)
    {
      attribute_spec &s = specs[i];
      s.name = attrs[i].name;
      s.min_length = attrs[i].min_args;
      s.max_length = attrs[i].max_args;
      s.decl_required = true;
      s.type_required = false;
      s.function_type_required = false;
      s.affects_type_identity = false;
      s.handler = handle_attribute;
      s.exclude = NULL;
      register_attribute (&s);
    }
  /* Preprocessed input (.i, -save-temps, -no-integrated-cpp) takes no
     more definitions: the preprocessing run had them.  */
  if (parse_in && !cpp_get_options (parse_in)->preprocessed)
    {
      cpp_define (parse_in, "__PYREFCHECK__=1");
      /* Not by default: NumPy's __multiarray_api.h, seeing
         WITH_CPYCHECKER_STEALS_REFERENCE_TO_ARG_ATTRIBUTE, declares its
         API as plain functions instead of its function table; such code
         does not link (and with NumPy 2 does not compile).  */
      if (pyrefcheck_opts.cpychecker_macros)
        for (size_t i = 0; i < ARRAY_SIZE (attrs); i++)
          if (attrs[i].with_macro)
            cpp_define (parse_in, attrs[i].with_macro);
    }
}

/* Register the attributes with gcc (PLUGIN_NAME is the plugin's name).  */
void
attribs_register (const char *plugin_name)
{
  register_callback (plugin_name, PLUGIN_ATTRIBUTES, register_attributes_cb,
                     NULL);
}

/* FNDECL -> its row (NULL when it has none of our attributes).  */
static hash_map<tree, odb_row *> *rows;

/* Return true if FNDECL carries one of our attributes.  */
static bool
attributed_p (tree fndecl)
{
  for (tree a = DECL_ATTRIBUTES (fndecl); a; a = TREE_CHAIN (a))
    if (const attr_desc *d = find_attr (get_attribute_name (a)))
      if (d->kind != AK_TYPE_OBJECT_FOR_TYPEDEF)
        return true;
  return false;
}

/* Return the row the attributes of FNDECL state, built over BASE (the
   table's row for it, or NULL): the attributes say what they say, the
   rest comes from BASE, else object parameters are borrowed and the
   result's ownership and error convention are unknown.  Return NULL when
   FNDECL has none of our attributes.  */
const odb_row *
attribs_row (tree fndecl, const odb_row *base)
{
  if (!fndecl || TREE_CODE (fndecl) != FUNCTION_DECL)
    return NULL;
  if (!rows)
    rows = new hash_map<tree, odb_row *>;
  if (odb_row **cached = rows->get (fndecl))
    return *cached;
  if (!attributed_p (fndecl))
    {
      rows->put (fndecl, NULL);
      return NULL;
    }
  odb_row *row = XCNEW (odb_row);
  tree fntype = TREE_TYPE (fndecl);
  tree ret = TREE_TYPE (fntype);
  bool variadic;
  int nparms = count_parameters (fntype, &variadic);
  if (base)
    *row = *base;
  else
    {
      row->ret = VOID_TYPE_P (ret)               ? ODB_RET_VOID
                 : pyobject_pointer_type_p (ret) ? ODB_RET_UNKNOWN
                                                 : ODB_RET_NONOBJ;
      row->err = ODB_ERR_UNKNOWN;
      row->nargs = MIN (nparms, ODB_MAX_ARGS);
      for (int i = 0; i < row->nargs; i++)
        row->args[i] = pyobject_pointer_type_p (parameter_type (fntype, i + 1))
                           ? ODB_ARG_BORROWED | ODB_ARG_MAYBE_NULL
                           : ODB_ARG_NONOBJ;
      row->varargs = variadic && TYPE_ARG_TYPES (fntype) ? ODB_VARARGS_UNKNOWN
                                                         : ODB_VARARGS_NONE;
    }
  row->name = CONST_CAST (char *, IDENTIFIER_POINTER (DECL_NAME (fndecl)));
  row->file = "attributes";
  row->line = LOCATION_LINE (DECL_SOURCE_LOCATION (fndecl));
  row->curated = 1;
  for (tree a = DECL_ATTRIBUTES (fndecl); a; a = TREE_CHAIN (a))
    {
      const attr_desc *d = find_attr (get_attribute_name (a));
      if (!d)
        continue;
      switch (d->kind)
        {
        case AK_RETURNS_NEW:
          row->ret = ODB_RET_NEW;
          break;
        case AK_RETURNS_BORROWED:
          row->ret = ODB_RET_BORROWED;
          break;
        case AK_STEALS:
        case AK_STEALS_ON_SUCCESS:
          for (tree arg = TREE_VALUE (a); arg; arg = TREE_CHAIN (arg))
            {
              /* The handler checked the numbers.  */
              int n = (int)tree_to_shwi (TREE_VALUE (arg));
              if (n > row->nargs)
                continue;
              row->args[n - 1]
                  = (d->kind == AK_STEALS ? ODB_ARG_STEALS
                                          : ODB_ARG_STEALS_ON_SUCCESS)
                    | (row->args[n - 1] & ODB_ARG_MAYBE_NULL);
            }
          break;
        case AK_SETS_EXC_ON_ERROR:
          row->err
              = POINTER_TYPE_P (ret) ? ODB_ERR_NULL_EXC : ODB_ERR_NEG1_EXC;
          break;
        case AK_NEGATIVE_SETS_EXC:
          row->err = ODB_ERR_NEG1_EXC;
          break;
        case AK_SETS_EXC:
          row->err = ODB_ERR_ALWAYS_EXC;
          break;
        case AK_TYPE_OBJECT_FOR_TYPEDEF:
          break;
        }
    }
  rows->put (fndecl, row);
  return row;
}
