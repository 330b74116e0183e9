/* pyrefcheck: method, member and type tables.
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

/* The tables a module hands to Python are checked where they are
   declared: a PyMethodDef entry's flags against its function's
   parameters (Python calls METH_NOARGS functions with (self, NULL),
   METH_FASTCALL ones with (self, args, nargs)...) and the sentinel that
   ends the table; a PyMemberDef entry's type code against the struct
   field at its offset; a GC type's tp_dealloc, which must untrack the
   object before it clears its fields.  Member and dealloc checks need
   the whole unit (the struct, the type object, the dealloc's body), so
   they run once parsing is over.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "stringpool.h"
#include "diagnostic-core.h"
#include "hash-map.h"
#include "hash-set.h"
#include "pyrefcheck.h"
#include "checks.h"

/* What a function defined in the unit calls, from its body.  */
struct body_calls
{
  bool untracks;          /* PyObject_GC_UnTrack */
  bool switches_gil;      /* PyEval_SaveThread, PyGILState_Ensure... */
  bool opaque;            /* calls something that might untrack */
  bool frees;             /* frees an object: tp_free, PyObject_Free */
  auto_vec<tree> callees; /* functions of the unit it calls */
  /* Global variables whose object it Py_INCREFs, and Py_DECREFs.  */
  auto_vec<tree> increfs, decrefs;
};

static hash_map<tree, body_calls *> *bodies;

/* The capsule destructors of the unit (functions whose address
   PyCapsule_New was given), each with the capsule's name (an expression
   of the call).  */
static hash_map<tree, tree> *capsule_destructors;

/* Method tables without a sentinel, and the tables Python walks.  */
static auto_vec<tree> unterminated;
static auto_vec<tree> walked_tables;

/* The type objects and member tables of the unit, for the end.  */
static auto_vec<tree> type_objects;
static auto_vec<tree> object_structs;

/* Return true if TYPE is the record type NAME ("PyMethodDef"), by its
   typedef or its tag (PyType_Spec is an anonymous struct).  */
static bool
record_is (tree type, const char *name)
{
  if (TREE_CODE (type) != RECORD_TYPE)
    return false;
  const char *typedef_name = type_tag_name (type);
  const char *tag = type_tag_name (TYPE_MAIN_VARIANT (type));
  return (typedef_name && strcmp (typedef_name, name) == 0)
         || (tag && strcmp (tag, name) == 0);
}

/* Return the VAR_DECL whose address (or array) VALUE is, or NULL.  */
static tree
variable_of (tree value)
{
  if (!value)
    return NULL_TREE;
  STRIP_NOPS (value);
  if (TREE_CODE (value) == ADDR_EXPR)
    value = TREE_OPERAND (value, 0);
  if (TREE_CODE (value) == ARRAY_REF)
    value = TREE_OPERAND (value, 0);
  return TREE_CODE (value) == VAR_DECL ? value : NULL_TREE;
}

/* Return the integer VALUE is, or -1.  */
static HOST_WIDE_INT
int_value (tree value)
{
  if (!value)
    return 0;
  STRIP_NOPS (value);
  if (TREE_CODE (value) == INTEGER_CST && tree_fits_shwi_p (value))
    return tree_to_shwi (value);
  return -1;
}

/* Return true if the constructor element VALUE is all zero (a
   sentinel), or the entry's name is NULL.  */
static bool
sentinel_p (tree value, const char *name_field)
{
  if (!value)
    return true;
  if (TREE_CODE (value) != CONSTRUCTOR)
    return integer_zerop (value);
  tree name = constructor_field (value, name_field);
  return !name || integer_zerop (name);
}

/* Return true if the array VAR, initialized with INIT, ends with an
   entry whose NAME_FIELD is NULL: written, or left to zero.  */
static bool
has_sentinel_p (tree var, tree init, const char *name_field)
{
  unsigned HOST_WIDE_INT ix;
  tree index, value;
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (init), ix, index, value)
  if (sentinel_p (value, name_field))
    return true;
  tree domain = TYPE_DOMAIN (TREE_TYPE (var));
  if (!domain || !TYPE_MAX_VALUE (domain)
      || !tree_fits_uhwi_p (TYPE_MAX_VALUE (domain)))
    return true; /* a flexible array: not ours to judge */
  unsigned HOST_WIDE_INT len = tree_to_uhwi (TYPE_MAX_VALUE (domain)) + 1;
  /* Designated or trailing elements left out are zero.  */
  unsigned HOST_WIDE_INT last = 0;
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (init), ix, index, value)
  {
    if (index && TREE_CODE (index) == INTEGER_CST && tree_fits_uhwi_p (index))
      last = tree_to_uhwi (index) + 1;
    else if (index && TREE_CODE (index) == RANGE_EXPR)
      return true;
    else
      last++;
  }
  return last < len;
}

/* How Python calls a method with these flags.  */
struct call_shape
{
  int flags;
  const char *name;
  int nparams;
  const char *params; /* in words */
};

static const call_shape shapes[] = {
  { PY_METH_VARARGS, "METH_VARARGS", 2, "(self, args)" },
  { PY_METH_VARARGS | PY_METH_KEYWORDS, "METH_VARARGS | METH_KEYWORDS", 3,
    "(self, args, kwargs)" },
  { PY_METH_NOARGS, "METH_NOARGS", 2, "(self, NULL)" },
  { PY_METH_O, "METH_O", 2, "(self, arg)" },
  { PY_METH_FASTCALL, "METH_FASTCALL", 3, "(self, args, nargs)" },
  { PY_METH_FASTCALL | PY_METH_KEYWORDS, "METH_FASTCALL | METH_KEYWORDS", 4,
    "(self, args, nargs, kwnames)" },
  { PY_METH_METHOD | PY_METH_FASTCALL | PY_METH_KEYWORDS,
    "METH_METHOD | METH_FASTCALL | METH_KEYWORDS", 5,
    "(self, defining_class, args, nargs, kwnames)" },
};

/* Return true if the parameter type TYPE can receive what Python passes
   as parameter I (from 0) of a method of SHAPE.  */
static bool
param_suits (const call_shape &shape, int i, tree type)
{
  type = TYPE_MAIN_VARIANT (type);
  bool method = shape.flags & PY_METH_METHOD;
  if (i == 0 || (method && i == 1))
    return POINTER_TYPE_P (type);
  int j = method ? i - 1 : i;
  if (shape.flags & PY_METH_FASTCALL)
    switch (j)
      {
      case 1: /* PyObject *const *args */
        return POINTER_TYPE_P (type)
               && (POINTER_TYPE_P (TREE_TYPE (type))
                   || VOID_TYPE_P (TREE_TYPE (type)));
      case 2: /* Py_ssize_t nargs */
        return INTEGRAL_TYPE_P (type);
      default: /* PyObject *kwnames */
        return POINTER_TYPE_P (type);
      }
  /* args, arg, kwargs: objects (or NULL).  */
  return POINTER_TYPE_P (type) && !POINTER_TYPE_P (TREE_TYPE (type));
}

/* Check the PyMethodDef ENTRY of TABLE.  */
static void
check_method_entry (tree table, tree entry)
{
  tree name = constructor_field (entry, "ml_name");
  tree fn = function_address (constructor_field (entry, "ml_meth"));
  HOST_WIDE_INT flags = int_value (constructor_field (entry, "ml_flags"));
  if (!name || integer_zerop (name) || flags < 0)
    return;
  location_t loc = DECL_SOURCE_LOCATION (table);
  tree meth = constructor_field (entry, "ml_meth");
  if (meth && EXPR_HAS_LOCATION (meth))
    loc = user_location (EXPR_LOCATION (meth));
  const char *what = fn ? IDENTIFIER_POINTER (DECL_NAME (fn)) : "?";
  if ((flags & PY_METH_CLASS) && (flags & PY_METH_STATIC))
    {
      check_report (FK_METHOD_TABLE, loc,
                    "method table %qD: the entry for %qs is both "
                    "METH_CLASS and METH_STATIC (ValueError at run time)",
                    table, what);
      return;
    }
  int call = flags
             & (PY_METH_VARARGS | PY_METH_FASTCALL | PY_METH_NOARGS | PY_METH_O
                | PY_METH_KEYWORDS | PY_METH_METHOD);
  const call_shape *shape = NULL;
  for (size_t i = 0; i < ARRAY_SIZE (shapes); i++)
    if (shapes[i].flags == call)
      shape = &shapes[i];
  if (!shape)
    {
      check_report (FK_METHOD_TABLE, loc,
                    "method table %qD: the entry for %qs has flags %#wx, "
                    "which are no valid calling convention (SystemError "
                    "\"bad call flags\" at run time)",
                    table, what, flags);
      return;
    }
  if (!fn)
    return;
  tree args = TYPE_ARG_TYPES (TREE_TYPE (fn));
  if (!args)
    return; /* no prototype */
  int n = 0;
  auto_vec<tree> types;
  for (tree a = args; a && a != void_list_node; a = TREE_CHAIN (a))
    {
      types.safe_push (TREE_VALUE (a));
      n++;
    }
  bool variadic = true;
  for (tree a = args; a; a = TREE_CHAIN (a))
    if (a == void_list_node)
      variadic = false;
  if (variadic)
    return;
  /* A function that ignores trailing arguments (METH_NOARGS functions
     without the unused second parameter, __deepcopy__ ignoring its memo)
     is undefined behaviour in C but works on every ABI CPython supports
     and is everywhere in real code: only a function that reads more than
     it is passed is reported.  */
  if (n > shape->nparams)
    {
      check_report (FK_METHOD_TABLE, loc,
                    "%qD takes %d parameters, but as a %s method it is "
                    "called with %d %s",
                    fn, n, shape->name, shape->nparams, shape->params);
      return;
    }
  for (int i = 0; i < n && i < shape->nparams; i++)
    if (!param_suits (*shape, i, types[i]))
      {
        check_report (FK_METHOD_TABLE, loc,
                      "parameter %d of %qD has type %qT, which does not "
                      "receive what a %s method is called with %s",
                      i + 1, fn, types[i], shape->name, shape->params);
        return;
      }
}

/* Check the method table VAR (an array of PyMethodDef, or one).  */
static void
check_method_table (tree var, tree init)
{
  if (TREE_CODE (TREE_TYPE (var)) != ARRAY_TYPE)
    {
      check_method_entry (var, init);
      return;
    }
  unsigned HOST_WIDE_INT ix;
  tree value;
  FOR_EACH_CONSTRUCTOR_VALUE (CONSTRUCTOR_ELTS (init), ix, value)
  if (TREE_CODE (value) == CONSTRUCTOR)
    check_method_entry (var, value);
  /* Reported at the end if Python walks it (PyCFunction_New (&t[i])
     reads one entry).  */
  if (!has_sentinel_p (var, init, "ml_name"))
    unterminated.safe_push (var);
}

/* Note the method tables INIT hands to Python to walk: tp_methods,
   m_methods, a Py_tp_methods slot.  */
static void
note_table_uses (tree init, int depth)
{
  unsigned HOST_WIDE_INT ix;
  tree index, value;
  if (!init || TREE_CODE (init) != CONSTRUCTOR || depth > 16)
    return;
  if (int_value (constructor_field (init, "slot")) == PY_TP_METHODS_SLOT)
    if (tree t = variable_of (constructor_field (init, "pfunc")))
      walked_tables.safe_push (t);
  FOR_EACH_CONSTRUCTOR_ELT (CONSTRUCTOR_ELTS (init), ix, index, value)
  {
    if (TREE_CODE (value) == CONSTRUCTOR)
      note_table_uses (value, depth + 1);
    else if (index && TREE_CODE (index) == FIELD_DECL && DECL_NAME (index)
             && (id_equal (DECL_NAME (index), "tp_methods")
                 || id_equal (DECL_NAME (index), "m_methods")))
      if (tree t = variable_of (value))
        walked_tables.safe_push (t);
  }
}

/* PLUGIN_FINISH_DECL: check method tables; remember type objects and
   specs.  */
void
check_tables_note_decl (tree decl)
{
  if (!decl || TREE_CODE (decl) != VAR_DECL || !DECL_INITIAL (decl)
      || TREE_CODE (DECL_INITIAL (decl)) != CONSTRUCTOR
      || !main_file_function_p (decl))
    return;
  tree type = TREE_TYPE (decl);
  tree elt = TREE_CODE (type) == ARRAY_TYPE ? TREE_TYPE (type) : type;
  note_table_uses (DECL_INITIAL (decl), 0);
  if (record_is (elt, "PyMethodDef"))
    check_method_table (decl, DECL_INITIAL (decl));
  else if (type == elt
           && (record_is (elt, "_typeobject")
               || record_is (elt, "PyType_Spec")))
    type_objects.safe_push (decl);
}

/* PLUGIN_FINISH_TYPE: remember the unit's object structs.  */
void
check_tables_note_type (tree type)
{
  /* Every file's: a struct of the same size in a header makes the
     choice ambiguous (and silent).  */
  if (type && TREE_CODE (type) == RECORD_TYPE && TYPE_FIELDS (type)
      && COMPLETE_TYPE_P (type) && pyobject_struct_type_p (type))
    object_structs.safe_push (type);
}

/* Return the string literal the capsule name expression T (GENERIC or
   GIMPLE) spells, the empty string for NULL, or NULL when unknown.  */
static const char *
capsule_name_text (tree t, unsigned *len)
{
  STRIP_NOPS (t);
  if (integer_zerop (t))
    {
      *len = 0;
      return "";
    }
  if (TREE_CODE (t) != ADDR_EXPR)
    return NULL;
  t = TREE_OPERAND (t, 0);
  if (TREE_CODE (t) == ARRAY_REF && integer_zerop (TREE_OPERAND (t, 1)))
    t = TREE_OPERAND (t, 0);
  if (TREE_CODE (t) != STRING_CST)
    return NULL;
  *len = TREE_STRING_LENGTH (t);
  return TREE_STRING_POINTER (t);
}

/* Return true if the capsule name expressions A and B spell the same
   literal (or are both NULL).  */
static bool
same_capsule_name_p (tree a, tree b)
{
  unsigned alen, blen;
  const char *as = a ? capsule_name_text (a, &alen) : NULL;
  const char *bs = b ? capsule_name_text (b, &blen) : NULL;
  return as && bs && alen == blen && memcmp (as, bs, alen) == 0;
}

/* Return true if FNDECL is the destructor of the unit's capsules, all
   named NAME (an argument of a call in GIMPLE): in it,
   PyCapsule_GetPointer (capsule, NAME) cannot fail.  */
bool
check_tables_capsule_destructor_p (tree fndecl, tree name)
{
  tree *cname = capsule_destructors ? capsule_destructors->get (fndecl) : NULL;
  return cname && *cname && same_capsule_name_p (*cname, name);
}

/* Note in B what the call T does.  */
static void
note_call (body_calls *b, tree t)
{
  tree fn = get_callee_fndecl (t);
  if (!fn)
    {
      /* Base->tp_dealloc (self), a function pointer: it may untrack;
         tp_free and tp_clear do not.  */
      tree callee = CALL_EXPR_FN (t);
      if (!callee)
        return; /* an internal function */
      STRIP_NOPS (callee);
      if (TREE_CODE (callee) == COMPONENT_REF
          && DECL_NAME (TREE_OPERAND (callee, 1))
          && (id_equal (DECL_NAME (TREE_OPERAND (callee, 1)), "tp_free")
              || id_equal (DECL_NAME (TREE_OPERAND (callee, 1)), "tp_clear")))
        {
          if (id_equal (DECL_NAME (TREE_OPERAND (callee, 1)), "tp_free"))
            b->frees = true;
          return;
        }
      b->opaque = true;
      return;
    }
  const char *name = DECL_NAME (fn) ? IDENTIFIER_POINTER (DECL_NAME (fn)) : "";
  if ((strncmp (name, "PyEval_", 7) == 0
       && (strstr (name, "Thread") || strstr (name, "Lock")))
      || strncmp (name, "PyGILState_", 11) == 0)
    b->switches_gil = true;
  if (object_free_p (name))
    b->frees = true;
  bool null_ok;
  enum prim_kind prim = refcount_primitive (name, &null_ok);
  if (prim != PRIM_NONE && call_expr_nargs (t) >= 1)
    {
      /* Py_INCREF (g), Py_XDECREF (g)... on a global variable.  */
      tree arg = CALL_EXPR_ARG (t, call_expr_nargs (t) - 1);
      STRIP_NOPS (arg);
      if (VAR_P (arg) && is_global_var (arg)
          && POINTER_TYPE_P (TREE_TYPE (arg)))
        (prim == PRIM_DECREF ? b->decrefs : b->increfs).safe_push (arg);
    }
  if (strcmp (name, "PyCapsule_New") == 0 && call_expr_nargs (t) == 3)
    if (tree dtor = function_address (CALL_EXPR_ARG (t, 2)))
      {
        if (!capsule_destructors)
          capsule_destructors = new hash_map<tree, tree>;
        tree *old = capsule_destructors->get (dtor);
        tree cname = CALL_EXPR_ARG (t, 1);
        /* Two capsules of different names with one destructor: no name
           is sure.  */
        capsule_destructors->put (
            dtor,
            old && !same_capsule_name_p (*old, cname) ? NULL_TREE : cname);
      }
  if (strcmp (name, "PyModule_AddFunctions") == 0 && call_expr_nargs (t) == 2)
    if (tree table = variable_of (CALL_EXPR_ARG (t, 1)))
      walked_tables.safe_push (table);
  if (strcmp (name, "PyObject_GC_UnTrack") == 0
      || strcmp (name, "_PyObject_GC_UNTRACK") == 0)
    b->untracks = true;
  else if (main_file_function_p (fn))
    b->callees.safe_push (fn);
  else if (!DECL_IN_SYSTEM_HEADER (fn) && strncmp (name, "Py", 2) != 0
           && strncmp (name, "_Py", 3) != 0 && !fndecl_built_in_p (fn))
    b->opaque = true; /* defined elsewhere: unknown */
}

/* PLUGIN_PRE_GENERICIZE: note what FNDECL's body calls (CALLS).  */
void
check_tables_note_body (tree fndecl, const vec<tree> &calls)
{
  if (!bodies)
    bodies = new hash_map<tree, body_calls *>;
  body_calls *b = new body_calls;
  b->untracks = b->opaque = b->switches_gil = b->frees = false;
  for (unsigned i = 0; i < calls.length (); i++)
    note_call (b, calls[i]);
  bodies->put (fndecl, b);
}

/* The work of check_tables_pinned_global_p.  */
static bool
pinned_global_1 (tree decl)
{
  bool increfs = false, decrefs = false;
  for (hash_map<tree, body_calls *>::iterator it = bodies->begin ();
       it != bodies->end (); ++it)
    {
      body_calls *b = (*it).second;
      if (b->increfs.contains (decl))
        increfs = true;
      if (b->decrefs.contains (decl))
        {
          if (!b->frees)
            return false;
          decrefs = true;
        }
    }
  return increfs && decrefs;
}

/* Return true if the global variable DECL is pinned by the unit's
   objects: one of its functions Py_INCREFs what DECL points to, and only
   deallocators (functions that free an object) Py_DECREF it.  SWIG's
   Swig_Capsule_global: each new SwigPyObject takes a reference to the
   module's capsule, its tp_dealloc gives it back, and the variable itself
   holds none.  Such a reference belongs to the object being built, and
   storing into the variable moves none.  */
bool
check_tables_pinned_global_p (tree decl)
{
  if (!bodies)
    return false;
  static hash_map<tree, bool> *known;
  if (!known)
    known = new hash_map<tree, bool>;
  if (bool *k = known->get (decl))
    return *k;
  bool pinned = pinned_global_1 (decl);
  known->put (decl, pinned);
  return pinned;
}

/* Return true if FNDECL may untrack its object: it calls
   PyObject_GC_UnTrack, a function we cannot see, or one of the unit's
   functions that may.  */
static bool
may_untrack_p (tree fndecl, hash_set<tree> *seen)
{
  if (seen->add (fndecl))
    return false;
  body_calls **b = bodies ? bodies->get (fndecl) : NULL;
  if (!b)
    return true; /* no body seen */
  if ((*b)->untracks || (*b)->opaque)
    return true;
  for (unsigned i = 0; i < (*b)->callees.length (); i++)
    if (may_untrack_p ((*b)->callees[i], seen))
      return true;
  return false;
}

/* Return true if FNDECL, or a function of the unit it calls, takes or
   releases the GIL.  */
static bool
switches_gil_1 (tree fndecl, hash_set<tree> *seen)
{
  if (seen->add (fndecl))
    return false;
  body_calls **b = bodies ? bodies->get (fndecl) : NULL;
  if (!b)
    return false;
  if ((*b)->switches_gil)
    return true;
  for (unsigned i = 0; i < (*b)->callees.length (); i++)
    if (switches_gil_1 ((*b)->callees[i], seen))
      return true;
  return false;
}

/* Return true if the body of FNDECL, a function of the unit, calls a
   function that takes or releases the GIL.  */
bool
check_tables_calls_gil_p (tree fndecl)
{
  body_calls **b = bodies ? bodies->get (fndecl) : NULL;
  return b && (*b)->switches_gil;
}

/* Return true if FNDECL, a function of the unit, takes or releases the
   GIL itself or through its callees.  */
bool
check_tables_switches_gil_p (tree fndecl)
{
  if (!bodies || !bodies->get (fndecl))
    return false;
  hash_set<tree> seen;
  return switches_gil_1 (fndecl, &seen);
}

/* Check that the tp_dealloc DEALLOC of the GC type TYPE_VAR untracks.  */
static void
check_dealloc (tree type_var, tree dealloc)
{
  if (!dealloc)
    return;
  hash_set<tree> seen;
  if (may_untrack_p (dealloc, &seen))
    return;
  check_report (FK_GC_UNTRACK, DECL_SOURCE_LOCATION (dealloc),
                "%qD, the tp_dealloc of %qD, a type with "
                "Py_TPFLAGS_HAVE_GC, does not call PyObject_GC_UnTrack "
                "before destroying the object",
                dealloc, type_var);
}

/* The member type codes of structmember.h: what the field must be.  */
enum member_class
{
  MC_INT,
  MC_REAL,
  MC_STRING,
  MC_OBJECT,
  MC_ARRAY,
  MC_ANY
};

static const struct
{
  const char *name;
  enum member_class cls;
  int size; /* in bytes; 0: from the C type named */
  const char *ctype;
} member_types[] = {
  { "T_SHORT", MC_INT, 0, "short" },
  { "T_INT", MC_INT, 0, "int" },
  { "T_LONG", MC_INT, 0, "long" },
  { "T_FLOAT", MC_REAL, 0, "float" },
  { "T_DOUBLE", MC_REAL, 0, "double" },
  { "T_STRING", MC_STRING, 0, "char *" },
  { "T_OBJECT", MC_OBJECT, 0, "PyObject *" },
  { "T_CHAR", MC_INT, 1, "char" },
  { "T_BYTE", MC_INT, 1, "signed char" },
  { "T_UBYTE", MC_INT, 1, "unsigned char" },
  { "T_USHORT", MC_INT, 0, "unsigned short" },
  { "T_UINT", MC_INT, 0, "unsigned int" },
  { "T_ULONG", MC_INT, 0, "unsigned long" },
  { "T_STRING_INPLACE", MC_ARRAY, 1, "char []" },
  { "T_BOOL", MC_INT, 1, "char" },
  { NULL, MC_ANY, 0, NULL },
  { "T_OBJECT_EX", MC_OBJECT, 0, "PyObject *" },
  { "T_LONGLONG", MC_INT, 0, "long long" },
  { "T_ULONGLONG", MC_INT, 0, "unsigned long long" },
  { "T_PYSSIZET", MC_INT, 0, "Py_ssize_t" },
  { "T_NONE", MC_ANY, 0, NULL },
};

/* Return the size in bytes of the member type CODE.  */
static int
member_size (int code)
{
  if (member_types[code].size)
    return member_types[code].size;
  switch (code)
    {
    case 0:
    case 10:
      return int_size_in_bytes (short_integer_type_node);
    case 1:
    case 11:
      return int_size_in_bytes (integer_type_node);
    case 2:
    case 12:
      return int_size_in_bytes (long_integer_type_node);
    case 3:
      return int_size_in_bytes (float_type_node);
    case 4:
      return int_size_in_bytes (double_type_node);
    case 17:
    case 18:
      return int_size_in_bytes (long_long_integer_type_node);
    case 19:
      return int_size_in_bytes (size_type_node);
    default:
      return int_size_in_bytes (ptr_type_node);
    }
}

/* Return the field of the record TYPE that starts at byte OFFSET (looking
   into nested structs), or NULL.  */
static tree
field_at (tree type, HOST_WIDE_INT offset, int depth)
{
  if (depth > 8 || TREE_CODE (type) != RECORD_TYPE)
    return NULL_TREE;
  tree found = NULL_TREE;
  for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
    {
      if (TREE_CODE (f) != FIELD_DECL || DECL_BIT_FIELD (f)
          || !tree_fits_shwi_p (byte_position (f)))
        continue;
      HOST_WIDE_INT pos = int_byte_position (f);
      HOST_WIDE_INT size = int_size_in_bytes (TREE_TYPE (f));
      if (offset < pos || (size > 0 && offset >= pos + size))
        continue;
      if (TREE_CODE (TREE_TYPE (f)) == RECORD_TYPE)
        return field_at (TREE_TYPE (f), offset - pos, depth + 1);
      if (pos == offset)
        found = f;
    }
  return found;
}

/* Return true if the field type TYPE suits the member type CODE.  A
   union suits when one of its members does; an array, when its element
   does (a member for its first element).  */
static bool
member_suits (int code, tree type)
{
  type = TYPE_MAIN_VARIANT (type);
  if (TREE_CODE (type) == UNION_TYPE)
    {
      for (tree f = TYPE_FIELDS (type); f; f = DECL_CHAIN (f))
        if (TREE_CODE (f) == FIELD_DECL && member_suits (code, TREE_TYPE (f)))
          return true;
      return false;
    }
  if (TREE_CODE (type) == ARRAY_TYPE && member_types[code].cls != MC_ARRAY)
    return member_suits (code, TREE_TYPE (type));
  switch (member_types[code].cls)
    {
    case MC_ANY:
      return true;
    case MC_INT:
      return INTEGRAL_TYPE_P (type)
             && int_size_in_bytes (type) == member_size (code);
    case MC_REAL:
      return SCALAR_FLOAT_TYPE_P (type)
             && int_size_in_bytes (type) == member_size (code);
    case MC_STRING:
      return POINTER_TYPE_P (type)
             && (VOID_TYPE_P (TREE_TYPE (type))
                 || (INTEGRAL_TYPE_P (TREE_TYPE (type))
                     && TYPE_PRECISION (TREE_TYPE (type))
                            == TYPE_PRECISION (char_type_node)));
    case MC_OBJECT:
      return POINTER_TYPE_P (type)
             && (VOID_TYPE_P (TREE_TYPE (type))
                 || pyobject_struct_type_p (TREE_TYPE (type))
                 || (RECORD_OR_UNION_TYPE_P (TREE_TYPE (type))
                     && !COMPLETE_TYPE_P (TREE_TYPE (type))));
    case MC_ARRAY:
      return TREE_CODE (type) == ARRAY_TYPE
             && INTEGRAL_TYPE_P (TREE_TYPE (type))
             && TYPE_PRECISION (TREE_TYPE (type))
                    == TYPE_PRECISION (char_type_node);
    }
  return true;
}

/* Return the name of the member entry ENTRY, or "".  */
static const char *
member_name (tree entry)
{
  tree str = constructor_field (entry, "name");
  if (!str)
    return "";
  STRIP_NOPS (str);
  if (TREE_CODE (str) == ADDR_EXPR
      && TREE_CODE (TREE_OPERAND (str, 0)) == STRING_CST)
    return TREE_STRING_POINTER (TREE_OPERAND (str, 0));
  return "";
}

/* Return the object struct of size SIZE in which every member of TABLE
   (its initializer INIT) starts a field and at least one member is named
   like the field at its offset, when there is exactly one such struct
   (of the unit's and its headers', Python's included): a wrong guess
   would report every member.  */
static tree
struct_for_members (tree init, HOST_WIDE_INT size)
{
  tree found = NULL_TREE;
  for (unsigned i = 0; i < object_structs.length (); i++)
    {
      tree s = object_structs[i];
      if (int_size_in_bytes (s) != size)
        continue;
      bool all = true;
      int named = 0;
      unsigned HOST_WIDE_INT ix;
      tree value;
      FOR_EACH_CONSTRUCTOR_VALUE (CONSTRUCTOR_ELTS (init), ix, value)
      if (!sentinel_p (value, "name"))
        {
          HOST_WIDE_INT off = int_value (constructor_field (value, "offset"));
          tree f = off < 0 ? NULL_TREE : field_at (s, off, 0);
          if (!f)
            all = false;
          else if (DECL_NAME (f)
                   && strcmp (IDENTIFIER_POINTER (DECL_NAME (f)),
                              member_name (value))
                          == 0)
            named++;
        }
      if (!all || !named)
        continue;
      if (found && TYPE_MAIN_VARIANT (found) != TYPE_MAIN_VARIANT (s))
        return NULL_TREE; /* ambiguous */
      found = s;
    }
  return found;
}

/* Check the member table TABLE of a type whose objects are SIZE
   bytes.  */
static void
check_members (tree table, HOST_WIDE_INT size)
{
  tree init = DECL_INITIAL (table);
  if (!init || TREE_CODE (init) != CONSTRUCTOR || size <= 0)
    return;
  /* Without the struct, only the type codes can be checked.  */
  tree s = struct_for_members (init, size);
  unsigned HOST_WIDE_INT ix;
  tree value;
  FOR_EACH_CONSTRUCTOR_VALUE (CONSTRUCTOR_ELTS (init), ix, value)
  {
    if (sentinel_p (value, "name"))
      continue;
    HOST_WIDE_INT code = int_value (constructor_field (value, "type"));
    HOST_WIDE_INT off = int_value (constructor_field (value, "offset"));
    tree name = constructor_field (value, "name");
    location_t loc = DECL_SOURCE_LOCATION (table);
    if (name && EXPR_HAS_LOCATION (name))
      loc = user_location (EXPR_LOCATION (name));
    if (code < 0 || code >= (HOST_WIDE_INT)ARRAY_SIZE (member_types)
        || !member_types[code].name)
      {
        check_report (FK_MEMBER_TABLE, loc,
                      "member table %qD: entry %wu has type code %wd, which "
                      "is no T_* type (SystemError at run time)",
                      table, (unsigned HOST_WIDE_INT)ix, code);
        continue;
      }
    tree str = name;
    STRIP_NOPS (str);
    const char *mname = "?";
    if (TREE_CODE (str) == ADDR_EXPR
        && TREE_CODE (TREE_OPERAND (str, 0)) == STRING_CST)
      mname = TREE_STRING_POINTER (TREE_OPERAND (str, 0));
    /* __weaklistoffset__, __dictoffset__ and __vectorcalloffset__ of a
       PyType_Spec are no members: their offset says where the field is
       (zope.interface, wrapt).  */
    if (strcmp (mname, "__weaklistoffset__") == 0
        || strcmp (mname, "__dictoffset__") == 0
        || strcmp (mname, "__vectorcalloffset__") == 0)
      continue;
    tree field = s ? field_at (s, off, 0) : NULL_TREE;
    if (!field || member_suits (code, TREE_TYPE (field)))
      continue;
    check_report (FK_MEMBER_TABLE, loc,
                  "member %qs of %qD is %s (%s), but the field at offset "
                  "%wd, %qD, has type %qT",
                  mname, table, member_types[code].name,
                  member_types[code].ctype, off, field, TREE_TYPE (field));
  }
}

/* Check the type object or spec VAR at the end of the unit.  */
static void
check_type_object (tree var)
{
  tree init = DECL_INITIAL (var);
  if (!init || TREE_CODE (init) != CONSTRUCTOR)
    return;
  if (!record_is (TREE_TYPE (var), "PyType_Spec"))
    {
      HOST_WIDE_INT flags = int_value (constructor_field (init, "tp_flags"));
      if (flags > 0 && (flags & PY_TPFLAGS_HAVE_GC))
        check_dealloc (
            var, function_address (constructor_field (init, "tp_dealloc")));
      if (tree members = variable_of (constructor_field (init, "tp_members")))
        check_members (members,
                       int_value (constructor_field (init, "tp_basicsize")));
      return;
    }
  HOST_WIDE_INT flags = int_value (constructor_field (init, "flags"));
  tree slots = variable_of (constructor_field (init, "slots"));
  if (!slots || !DECL_INITIAL (slots)
      || TREE_CODE (DECL_INITIAL (slots)) != CONSTRUCTOR)
    return;
  unsigned HOST_WIDE_INT ix;
  tree value;
  FOR_EACH_CONSTRUCTOR_VALUE (CONSTRUCTOR_ELTS (DECL_INITIAL (slots)), ix,
                              value)
  {
    HOST_WIDE_INT slot = int_value (constructor_field (value, "slot"));
    tree pfunc = constructor_field (value, "pfunc");
    if (slot == PY_TP_DEALLOC_SLOT && flags > 0
        && (flags & PY_TPFLAGS_HAVE_GC))
      check_dealloc (var, function_address (pfunc));
    else if (slot == PY_TP_MEMBERS_SLOT)
      if (tree members = variable_of (pfunc))
        check_members (members,
                       int_value (constructor_field (init, "basicsize")));
  }
}

/* Once the unit is parsed: the checks that need all of it.  */
void
check_tables_finish ()
{
  for (unsigned i = 0; i < type_objects.length (); i++)
    check_type_object (type_objects[i]);
  type_objects.truncate (0);
  for (unsigned i = 0; i < unterminated.length (); i++)
    for (unsigned j = 0; j < walked_tables.length (); j++)
      if (walked_tables[j] == unterminated[i])
        {
          check_report (FK_METHOD_TABLE,
                        DECL_SOURCE_LOCATION (unterminated[i]),
                        "method table %qD does not end with a {NULL, NULL, "
                        "0, NULL} sentinel; Python reads past its end",
                        unterminated[i]);
          break;
        }
  unterminated.truncate (0);
}
