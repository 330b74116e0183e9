/* pyrefcheck: recognising CPython objects, types and callbacks.
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

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "input.h"
#include "hash-map.h"
#include "pyrefcheck.h"

/* Slot numbers from CPython's typeslots.h (stable since 3.2).  */

/* Function -> role, filled from the initializers of method tables and
   type objects as they are parsed.  */
static hash_map<tree, int> *roles;

/* Return the name of TYPE's tag, or NULL.  */
const char *
type_tag_name (const_tree type)
{
  tree name = TYPE_NAME (type);
  if (name && TREE_CODE (name) == TYPE_DECL)
    name = DECL_NAME (name);
  return name && TREE_CODE (name) == IDENTIFIER_NODE
             ? IDENTIFIER_POINTER (name)
             : NULL;
}

/* Return the first FIELD_DECL of the record TYPE, or NULL.  */
static tree
type_first_field (const_tree type)
{
  for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
    if (TREE_CODE (f) == FIELD_DECL)
      return f;
  return NULL_TREE;
}

/* Return true if TYPE is PyObject or a struct that starts with
   PyObject_HEAD / PyObject_VAR_HEAD or with another such struct, so that
   a pointer to it is a Python object.  */
bool
pyobject_struct_type_p (const_tree type)
{
  for (int depth = 0; type && depth < 8; depth++)
    {
      type = TYPE_MAIN_VARIANT (type);
      if (TREE_CODE (type) != RECORD_TYPE)
        return false;
      const char *tag = type_tag_name (type);
      if (tag && strcmp (tag, "_object") == 0)
        return true;
      /* Its first member is an object header (ob_base), or an object
         itself (PyGetSetDescrObject's d_common, a PyDescrObject).  */
      tree f = type_first_field (type);
      if (!f || TREE_CODE (TREE_TYPE (f)) != RECORD_TYPE)
        return false;
      type = TREE_TYPE (f);
    }
  return false;
}

/* Return true if bit OFFSET inside a Python object struct TYPE is its
   header's ob_type field.  */
bool
pyobject_ob_type_offset_p (const_tree type, HOST_WIDE_INT offset)
{
  for (int depth = 0; type && depth < 8; depth++)
    {
      type = TYPE_MAIN_VARIANT (type);
      if (TREE_CODE (type) != RECORD_TYPE)
        return false;
      for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
        if (TREE_CODE (f) == FIELD_DECL && DECL_NAME (f)
            && id_equal (DECL_NAME (f), "ob_type")
            && tree_fits_shwi_p (bit_position (f)))
          return int_bit_position (f) == offset;
      tree f = type_first_field (type);
      if (!f)
        return false;
      type = TREE_TYPE (f);
    }
  return false;
}

/* Return true if TYPE is a pointer to a Python object.  */
bool
pyobject_pointer_type_p (const_tree type)
{
  return type && POINTER_TYPE_P (type)
         && pyobject_struct_type_p (TREE_TYPE (type));
}

/* Return true if DECL is a statically allocated object that is immortal
   in the Python version of the unit (3.12 and later: None, True, False,
   NotImplemented, Ellipsis and the static types).  */
bool
immortal_object_decl_p (const_tree decl)
{
  if (ownership_python_version () < 0x030C || !DECL_NAME (decl))
    return false;
  const char *name = IDENTIFIER_POINTER (DECL_NAME (decl));
  static const char *const names[]
      = { "_Py_NoneStruct", "_Py_TrueStruct", "_Py_FalseStruct",
          "_Py_NotImplementedStruct", "_Py_EllipsisObject" };
  for (size_t i = 0; i < ARRAY_SIZE (names); i++)
    if (strcmp (name, names[i]) == 0)
      return true;
  /* Static builtin types such as PyLong_Type are immortal from 3.12.  */
  return DECL_EXTERNAL (decl) && strncmp (name, "Py", 2) == 0
         && strcmp (name + strlen (name) - 5, "_Type") == 0;
}

/* Map a location inside a macro expansion (Py_RETURN_NONE, Py_None...)
   to the place in the user's code where the macro was used.  */
location_t
user_location (location_t loc)
{
  loc = linemap_resolve_location (line_table, loc, LRK_MACRO_EXPANSION_POINT,
                                  NULL);
  return loc;
}

/* Return true if FNDECL is the unit's own code: defined in the main
   source file, also past a #line directive (generated code such as
   Bottleneck's names its template), or in a .c file it includes (a unity
   build); not in a header (Python's own static inline functions).  */
bool
main_file_function_p (tree fndecl)
{
  location_t loc = DECL_SOURCE_LOCATION (fndecl);
  if (loc <= BUILTINS_LOCATION)
    return false;
  const line_map_ordinary *map = NULL;
  linemap_resolve_location (line_table, loc, LRK_MACRO_EXPANSION_POINT, &map);
  if (!map)
    return false;
  if (MAIN_FILE_P (map))
    return true;
  const char *file = LINEMAP_FILE (map);
  size_t len = file ? strlen (file) : 0;
  return len > 2 && strcmp (file + len - 2, ".c") == 0;
}

/* Record that FNDECL plays ROLE; ROLE_ITERNEXT wins over ROLE_METHOD.  */
static void
note_role (tree fndecl, enum fn_role role)
{
  if (!roles)
    roles = new hash_map<tree, int>;
  int *old = roles->get (fndecl);
  if (old && *old == ROLE_ITERNEXT)
    return;
  roles->put (fndecl, role);
}

/* Function -> the parameters (bit N: parameter N) Python never passes
   NULL to, besides the first (self): a METH_O method's argument, the
   other operand of nb_add...  */
static hash_map<tree, int> *nonnull_params;

/* Record that FNDECL gets non-NULL parameters MASK.  */
static void
note_nonnull_params (tree fndecl, int mask)
{
  if (!mask)
    return;
  if (!nonnull_params)
    nonnull_params = new hash_map<tree, int>;
  nonnull_params->put (fndecl, mask);
}

/* Return the parameters besides self that a function in the slot FIELD
   never gets NULL for (as a mask).  */
static int
slot_nonnull_params (const char *field)
{
  static const char *const binary[] = { "nb_add",
                                        "nb_subtract",
                                        "nb_multiply",
                                        "nb_remainder",
                                        "nb_divmod",
                                        "nb_power",
                                        "nb_lshift",
                                        "nb_rshift",
                                        "nb_and",
                                        "nb_xor",
                                        "nb_or",
                                        "nb_floor_divide",
                                        "nb_true_divide",
                                        "nb_matrix_multiply",
                                        "nb_inplace_add",
                                        "nb_inplace_subtract",
                                        "nb_inplace_multiply",
                                        "nb_inplace_remainder",
                                        "nb_inplace_power",
                                        "nb_inplace_lshift",
                                        "nb_inplace_rshift",
                                        "nb_inplace_and",
                                        "nb_inplace_xor",
                                        "nb_inplace_or",
                                        "nb_inplace_floor_divide",
                                        "nb_inplace_true_divide",
                                        "nb_inplace_matrix_multiply",
                                        "sq_concat",
                                        "sq_inplace_concat",
                                        "sq_contains",
                                        "mp_subscript",
                                        "tp_getattro",
                                        "tp_richcompare",
                                        "tp_call",
                                        "tp_init",
                                        "tp_new" };
  for (size_t i = 0; i < ARRAY_SIZE (binary); i++)
    if (strcmp (field, binary[i]) == 0)
      return 1 << 1;
  return 0;
}

/* Method flags (methodobject.h).  */
/* Return the value of the field named NAME in the CONSTRUCTOR INIT, or
   NULL.  */
tree
constructor_field (tree init, const char *name)
{
  unsigned HOST_WIDE_INT ix;
  tree index, value;
  if (!init || TREE_CODE (init) != CONSTRUCTOR)
    return NULL_TREE;
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (init), ix, index, value)
  if (index && TREE_CODE (index) == FIELD_DECL && DECL_NAME (index)
      && strcmp (IDENTIFIER_POINTER (DECL_NAME (index)), name) == 0)
    return value;
  return NULL_TREE;
}

/* Return the parameters besides self that the PyMethodDef entry INIT's
   function never gets NULL for: the argument of METH_O, the tuple of
   METH_VARARGS (not its keywords).  */
static int
method_nonnull_params (tree init)
{
  tree flags = constructor_field (init, "ml_flags");
  if (!flags || TREE_CODE (flags) != INTEGER_CST || !tree_fits_shwi_p (flags))
    return 0;
  HOST_WIDE_INT f = tree_to_shwi (flags);
  if (f & PY_METH_FASTCALL)
    return 0;
  return (f & (PY_METH_O | PY_METH_VARARGS)) ? 1 << 1 : 0;
}

/* Return the mask of parameters besides self Python never passes NULL to
   FNDECL (see note_nonnull_params).  */
int
function_nonnull_params (tree fndecl)
{
  if (nonnull_params)
    if (int *mask = nonnull_params->get (fndecl))
      return *mask;
  return 0;
}

/* Return the FUNCTION_DECL whose address VALUE is, or NULL.  */
tree
function_address (tree value)
{
  if (!value)
    return NULL_TREE;
  STRIP_NOPS (value);
  if (TREE_CODE (value) == ADDR_EXPR
      && TREE_CODE (TREE_OPERAND (value, 0)) == FUNCTION_DECL)
    return TREE_OPERAND (value, 0);
  return NULL_TREE;
}

/* Return the role a function stored in the field named FIELD plays.  */
static enum fn_role
role_for_field (const char *field)
{
  if (strcmp (field, "tp_iternext") == 0)
    return ROLE_ITERNEXT;
  static const char *const prefixes[]
      = { "tp_", "nb_", "sq_", "mp_", "am_", "bf_", "m_" };
  if (strcmp (field, "ml_meth") == 0 || strcmp (field, "get") == 0
      || strcmp (field, "set") == 0)
    return ROLE_METHOD;
  for (size_t i = 0; i < ARRAY_SIZE (prefixes); i++)
    if (strncmp (field, prefixes[i], strlen (prefixes[i])) == 0)
      return ROLE_METHOD;
  return ROLE_NONE;
}

/* Record the roles of the functions in the initializer INIT: method
   tables (ml_meth), getters, type slots (tp_*, nb_*...) and
   PyType_Slot arrays ({slot, pfunc}).  */
static void
scan_initializer (tree init, int depth)
{
  unsigned HOST_WIDE_INT ix;
  tree index, value;
  if (!init || TREE_CODE (init) != CONSTRUCTOR || depth > 16)
    return;
  tree slot_value = NULL_TREE;
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (init), ix, index, value)
  {
    if (TREE_CODE (value) == CONSTRUCTOR)
      {
        scan_initializer (value, depth + 1);
        continue;
      }
    if (!index || TREE_CODE (index) != FIELD_DECL || !DECL_NAME (index))
      continue;
    const char *field = IDENTIFIER_POINTER (DECL_NAME (index));
    if (strcmp (field, "slot") == 0)
      slot_value = value;
    tree fn = function_address (value);
    if (!fn)
      continue;
    if (strcmp (field, "pfunc") == 0
        || (strcmp (field, "value") == 0 && slot_value))
      {
        bool iternext = slot_value && TREE_CODE (slot_value) == INTEGER_CST
                        && tree_to_shwi (slot_value) == PY_TP_ITERNEXT_SLOT;
        note_role (fn, iternext ? ROLE_ITERNEXT : ROLE_METHOD);
      }
    else if (enum fn_role role = role_for_field (field))
      {
        note_role (fn, role);
        note_nonnull_params (fn, strcmp (field, "ml_meth") == 0
                                     ? method_nonnull_params (init)
                                     : slot_nonnull_params (field));
      }
  }
}

/* PLUGIN_FINISH_DECL callback: scan file-scope initializers for
   callbacks.  */
void
scan_decl_for_roles (tree decl)
{
  if (decl && TREE_CODE (decl) == VAR_DECL && TREE_STATIC (decl)
      && DECL_INITIAL (decl))
    scan_initializer (DECL_INITIAL (decl), 0);
}

/* Return the role of FNDECL.  */
enum fn_role
function_role (tree fndecl)
{
  if (roles)
    if (int *role = roles->get (fndecl))
      return (enum fn_role) * role;
  if (TREE_PUBLIC (fndecl) && DECL_NAME (fndecl)
      && strncmp (IDENTIFIER_POINTER (DECL_NAME (fndecl)), "PyInit_", 7) == 0)
    return ROLE_INIT;
  return ROLE_NONE;
}

/* The refcount primitives, known by name.  The object is the last
   argument (Py_REF_DEBUG builds pass a file name and a line first).  */
static const struct
{
  const char *name;
  enum prim_kind kind;
  bool null_ok;
} primitives[] = {
  { "Py_INCREF", PRIM_INCREF, false },  { "Py_XINCREF", PRIM_INCREF, true },
  { "Py_IncRef", PRIM_INCREF, true },   { "_Py_INCREF", PRIM_INCREF, false },
  { "Py_DECREF", PRIM_DECREF, false },  { "Py_XDECREF", PRIM_DECREF, true },
  { "Py_DecRef", PRIM_DECREF, true },   { "_Py_DECREF", PRIM_DECREF, false },
  { "_Py_XDECREF", PRIM_DECREF, true }, { "Py_NewRef", PRIM_NEWREF, false },
  { "_Py_NewRef", PRIM_NEWREF, false }, { "Py_XNewRef", PRIM_NEWREF, true },
  { "_Py_XNewRef", PRIM_NEWREF, true },
};

/* Return what the refcount primitive NAME does, PRIM_NONE if NAME is
   none; set *NULL_OK when it accepts NULL.  */
enum prim_kind
refcount_primitive (const char *name, bool *null_ok)
{
  for (size_t i = 0; i < ARRAY_SIZE (primitives); i++)
    if (strcmp (name, primitives[i].name) == 0)
      {
        *null_ok = primitives[i].null_ok;
        return primitives[i].kind;
      }
  return PRIM_NONE;
}

/* Return true if NAME frees an object's memory directly.  */
bool
object_free_p (const char *name)
{
  return strcmp (name, "PyObject_Free") == 0
         || strcmp (name, "PyObject_GC_Del") == 0
         || strcmp (name, "PyObject_Del") == 0;
}
