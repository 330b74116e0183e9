/* pyrefcheck: what calls do to references: the refcount primitives,
   functions in the ownership table (with their success and failure
   outcomes), and functions we know nothing about.
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
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "tree-cfg.h"
#include "ssa.h"
#include "fold-const.h"
#include "internal-fn.h"
#include "stringpool.h"
#include "cgraph.h"
#include "builtins.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "values.h"
#include "format.h"
#include "sm-refcount.h"
#include "checks.h"

/* The name of the field an indirect call loads its target from
   (Py_TYPE (self)->tp_free), or NULL.  */
static const char *
indirect_callee_field (const gimple *call)
{
  tree fn = gimple_call_fn (call);
  if (!fn || TREE_CODE (fn) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF (fn))
    return NULL;
  gimple *def = SSA_NAME_DEF_STMT (fn);
  if (!gimple_assign_single_p (def))
    return NULL;
  tree rhs = gimple_assign_rhs1 (def);
  if (TREE_CODE (rhs) != COMPONENT_REF)
    return NULL;
  tree field = TREE_OPERAND (rhs, 1);
  return DECL_NAME (field) ? IDENTIFIER_POINTER (DECL_NAME (field)) : NULL;
}

/* An indirect call written as a macro the table knows.  */
struct macro_call
{
  const char *name;
  const odb_row *row;
};

/* Indirect call -> the macro it was written as (NAME NULL: none), for
   the function being analysed.  (Statements of another function may
   have been freed and their memory reused.)  */
static hash_map<const gimple *, macro_call> *macro_calls;

/* Forget what is known about the statements of the last function.  */
void
sm_calls_start_function ()
{
  if (macro_calls)
    macro_calls->empty ();
}

/* Return true if ROW only borrows its arguments (no steals, no
   outputs).  */
static bool
only_borrows_p (const odb_row *row)
{
  for (unsigned i = 0; i < row->nargs; i++)
    if (ODB_ARG_KIND (row->args[i]) != ODB_ARG_BORROWED
        && ODB_ARG_KIND (row->args[i]) != ODB_ARG_NONOBJ)
      return false;
  return true;
}

/* If CALL, an indirect call, was written as a macro the ownership table
   describes, return that macro (its name and row); else NAME is NULL.
   NumPy's API (PyArray_FromAny (...) is (*(T) PyArray_API[69]) (...))
   and the datetime C API (PyDate_FromDate (...) is
   PyDateTimeAPI->Date_FromDate (...)) are such macros: the call comes
   from the innermost expansion whose name has a row.  The row must fit
   the call: as many arguments as the call passes (or fewer, if it only
   borrows them: the datetime macros add the type object), and an object
   result only from a call that returns a pointer.  Needs the macro
   locations gcc keeps by default (-ftrack-macro-expansion=2).  */
static macro_call
find_macro_call (const gimple *call)
{
  macro_call none = { NULL, NULL };
  if (!call || !is_gimple_call (call) || gimple_call_internal_p (call)
      || gimple_call_fndecl (call))
    return none;
  if (!macro_calls)
    macro_calls = new hash_map<const gimple *, macro_call>;
  if (macro_call *cached = macro_calls->get (call))
    return *cached;
  macro_call found = none;
  location_t loc = LOCATION_LOCUS (gimple_location (call));
  unsigned nargs = gimple_call_num_args (call);
  bool ptr_result = POINTER_TYPE_P (gimple_call_return_type (
      CONST_CAST (gcall *, as_a<const gcall *> (call))));
  for (int depth = 0;
       depth < 16 && linemap_location_from_macro_expansion_p (line_table, loc);
       depth++)
    {
      const line_map *map = linemap_lookup (line_table, loc);
      if (!map || !linemap_macro_expansion_map_p (map))
        break;
      const char *name
          = linemap_map_get_macro_name (linemap_check_macro (map));
      /* A macro that wraps a function of the same name (Py_TYPE (o) is
         Py_TYPE (_PyObject_CAST (o))) calls that function directly: the
         indirect call comes from a macro around it (PySequence_ITEM (o,
         i) is Py_TYPE (o)->tp_as_sequence->sq_item (o, i)).  */
      symtab_node *fn
          = name ? symtab_node::get_for_asmname (get_identifier (name)) : NULL;
      const odb_row *row = name && !(fn && is_a<cgraph_node *> (fn))
                               ? ownership_lookup_name (name)
                               : NULL;
      if (row && row->nargs <= nargs
          && (row->nargs == nargs || only_borrows_p (row))
          && (ptr_result
              || (row->ret != ODB_RET_NEW && row->ret != ODB_RET_BORROWED)))
        {
          found.name = name;
          found.row = row;
          break;
        }
      /* The expansion point: in the macro that used this one, or in
         the source.  (Not inside LOCATION_LOCUS, which evaluates its
         argument twice.)  */
      location_t outer
          = linemap_unwind_toward_expansion (line_table, loc, &map);
      loc = LOCATION_LOCUS (outer);
    }
  macro_calls->put (call, found);
  return found;
}

/* Return the ownership row that describes CALL (the table's, an
   overlay's, the attributes', a summary, or a macro's), or NULL.  */
const odb_row *
sm_call_row (const gimple *call)
{
  if (!call || !is_gimple_call (call) || gimple_call_internal_p (call))
    return NULL;
  if (tree fn = gimple_call_fndecl (call))
    return ownership_lookup (fn);
  return find_macro_call (call).row;
}

/* Return the name of the function CALL calls, for messages, or NULL.  */
const char *
sm_callee_name (const gimple *call)
{
  if (!call || !is_gimple_call (call) || gimple_call_internal_p (call))
    return NULL;
  tree fn = gimple_call_fndecl (call);
  if (fn && DECL_NAME (fn))
    return IDENTIFIER_POINTER (DECL_NAME (fn));
  if (const char *macro = find_macro_call (call).name)
    return macro;
  return indirect_callee_field (call);
}

/* The row used for calls through tp_alloc.  */
static odb_row tp_alloc_row;

/* Bind the pointer result of CALL to OBJ (if the result is used).  */
static void
bind_result (pstate *s, gcall *call, unsigned obj)
{
  tree lhs = gimple_call_lhs (call);
  if (lhs && TREE_CODE (lhs) == SSA_NAME && POINTER_TYPE_P (TREE_TYPE (lhs)))
    {
      state_bind_ssa (s, SSA_NAME_VERSION (lhs), obj);
      val_name_object (s, obj, lhs);
    }
}

/* Run a call to a refcount primitive of KIND on the last argument.  */
static enum step
run_primitive (pr_ctx *ctx, pstate *s, gcall *call, enum prim_kind kind,
               bool null_ok, const char *name)
{
  unsigned n = gimple_call_num_args (call);
  if (n == 0 || !POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, n - 1))))
    return STEP_CONTINUE;
  unsigned obj = val_eval_ptr (ctx, s, gimple_call_arg (call, n - 1), call);
  if (!null_ok
      && !val_check_null_deref (ctx, s, obj, call, name, kind != PRIM_DECREF))
    return STEP_END;
  if (s->objs[obj].nullness == NN_NULL)
    {
      bind_result (s, call, obj);
      return STEP_CONTINUE;
    }
  if (s->objs[obj].flags & OF_PYOBJ)
    {
      if (kind == PRIM_DECREF)
        sm_release (ctx, s, obj, call, name);
      else
        {
          val_check_use (ctx, s, obj, call);
          sm_take_reference (s->objs[obj]);
        }
    }
  if (kind == PRIM_NEWREF)
    bind_result (s, call, obj);
  return STEP_CONTINUE;
}

/* One way a call can end.  */
enum result_kind
{
  RES_OBJECT,     /* a non-NULL result */
  RES_NULL,       /* NULL */
  RES_MAYBE_NULL, /* a result that may be NULL */
  RES_UNCHECKED   /* NULL if the call failed: decided where it is checked */
};

struct call_outcome
{
  bool failed;
  enum result_kind result;
  pr_range range;
  enum exc_effect exc;
  /* Output parameters: set to a reference, or set to NULL.  */
  bool outs_set;
  bool outs_null;
  /* RES_UNCHECKED: a NULL result means an exception is set.  */
  bool null_sets_exc;
  /* A guarded call (filter_guarded_outcomes): the guarding argument is
     NULL in this outcome.  */
  bool guard_null;
  /* The first output is not NULL (PyErr_Fetch's type when an exception
     was set).  */
  bool first_out_nonnull;
};

static void
push_outcome (vec<call_outcome> *v, bool failed, enum result_kind result,
              pr_int lo, pr_int hi, enum exc_effect exc, bool outs_set,
              bool outs_null)
{
  call_outcome o;
  o.failed = failed;
  o.result = result;
  o.range.lo = lo;
  o.range.hi = hi;
  o.exc = exc;
  o.outs_set = outs_set;
  o.outs_null = outs_null;
  o.null_sets_exc = false;
  o.guard_null = false;
  o.first_out_nonnull = false;
  v->safe_push (o);
}

/* Fill OUT with the ways a call to ROW can end, given the error
   indicator EXC.  RANGE is the range of the result type.  A pointer
   result that is NULL on failure (PTR_RESULT) does not split the path
   here: it stays unchecked until a test of it splits the path, so that
   a run of calls checked together costs one path, not two per call.  */
static void
get_outcomes (const odb_row *row, enum exc_state exc, const pr_range &range,
              bool ptr_result, vec<call_outcome> *out)
{
  if (ptr_result
      && (row->err == ODB_ERR_NULL_EXC || row->err == ODB_ERR_NULL_NOEXC))
    {
      push_outcome (out, false, RES_UNCHECKED, range.lo, range.hi, EXC_KEEP,
                    true, false);
      out->last ().null_sets_exc = row->err == ODB_ERR_NULL_EXC;
      return;
    }
  pr_int lo = range.lo, hi = range.hi;
  /* -1 as the result type sees it ((unsigned long) -1 for unsigned).  */
  pr_int m1 = lo < 0 ? -1 : hi;
  pr_int neg_lo = lo < 0 ? lo : hi, neg_hi = lo < 0 ? -1 : hi;
  pr_int ok_hi = lo < 0 ? hi : hi - 1;
  switch (row->err)
    {
    case ODB_ERR_NEVER:
      push_outcome (out, false, RES_OBJECT, lo, hi, EXC_KEEP, true, false);
      break;
    case ODB_ERR_NULL_EXC:
      push_outcome (out, false, RES_OBJECT, lo, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_TO_SET, false, false);
      break;
    case ODB_ERR_NULL_NOEXC:
      push_outcome (out, false, RES_OBJECT, lo, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_KEEP, false, false);
      break;
    case ODB_ERR_NULL_MAYBE_EXC:
      push_outcome (out, false, RES_OBJECT, lo, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_TO_SET, false, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_KEEP, false, false);
      break;
    case ODB_ERR_NEG1_EXC:
      push_outcome (out, false, RES_OBJECT, MAX (lo, 0), ok_hi, EXC_KEEP, true,
                    false);
      push_outcome (out, true, RES_NULL, neg_lo, neg_hi, EXC_TO_SET, false,
                    false);
      break;
    case ODB_ERR_STATUS_EXC:
      push_outcome (out, false, RES_OBJECT, 0, 0, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, neg_lo, neg_hi, EXC_TO_SET, false,
                    false);
      break;
    case ODB_ERR_NEG1_AMBIGUOUS:
      push_outcome (out, false, RES_OBJECT, lo, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, m1, m1, EXC_TO_SET, false, false);
      break;
    case ODB_ERR_ZERO_EXC:
      push_outcome (out, false, RES_OBJECT, 1, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_TO_SET, false, false);
      break;
    case ODB_ERR_ZERO_NOEXC:
      push_outcome (out, false, RES_OBJECT, 1, hi, EXC_KEEP, true, false);
      push_outcome (out, true, RES_NULL, 0, 0, EXC_KEEP, false, false);
      break;
    case ODB_ERR_LOOKUP:
      push_outcome (out, false, RES_OBJECT, 1, 1, EXC_KEEP, true, false);
      push_outcome (out, false, RES_NULL, 0, 0, EXC_KEEP, false, true);
      push_outcome (out, true, RES_NULL, -1, -1, EXC_TO_SET, false, true);
      break;
    case ODB_ERR_ALWAYS_EXC:
      push_outcome (out, true, RES_NULL, lo, hi, EXC_TO_SET, false, false);
      break;
    case ODB_ERR_CLEARS_EXC:
      push_outcome (out, false, RES_MAYBE_NULL, lo, hi, EXC_TO_CLEAR, true,
                    false);
      break;
    case ODB_ERR_CHECKS_EXC:
      if (!exc_clear_p (exc))
        push_outcome (out, false, RES_OBJECT, 1, hi, EXC_TO_SET, true, false);
      if (exc != EXC_SET)
        push_outcome (out, false, RES_NULL, 0, 0, EXC_TO_CLEAR, false, false);
      break;
    case ODB_ERR_UNKNOWN:
    default:
      push_outcome (out, false, RES_MAYBE_NULL, lo, hi, EXC_TO_UNKNOWN, true,
                    false);
      break;
    }
}

/* PyErr_Fetch (&type, &value, &tb): when an exception was set, TYPE is
   not NULL (VALUE and TB may be); when none was, all three are NULL.
   Replace the one outcome of its row (outputs of any nullness) by these
   two, as the error indicator EXC allows.  */
static void
fetch_outcomes (enum exc_state exc, vec<call_outcome> *out)
{
  if (out->length () != 1)
    return;
  call_outcome o = (*out)[0];
  out->truncate (0);
  if (!exc_clear_p (exc))
    {
      o.first_out_nonnull = true;
      out->safe_push (o);
    }
  if (exc != EXC_SET)
    {
      o.first_out_nonnull = false;
      o.outs_set = false;
      o.outs_null = true;
      out->safe_push (o);
    }
}

/* A call to the unit's own function, summarized by ROW: its outcomes
   leave the error indicator, and return the integers, its paths showed
   (a helper may set an exception even when it succeeds).  */
static void
adjust_summary_outcomes (const odb_row *row, vec<call_outcome> *outcomes)
{
  for (unsigned i = 0; i < outcomes->length (); i++)
    {
      call_outcome &o = (*outcomes)[i];
      if (!summary_adjust_outcome (row, o.failed, &o.exc, &o.range))
        return;
    }
}

/* A call to the unit's function that fails exactly when an argument is
   NULL (or exactly when it is not: summary_guard): drop from OUTCOMES
   those the argument's known nullness on S rules out, and remember in
   each whether the argument is NULL there.  Return the argument's object
   in S, or -1 when the call has no such guard.  */
static int
filter_guarded_outcomes (pr_ctx *ctx, pstate *s, gcall *call,
                         const odb_row *row, vec<call_outcome> *outcomes)
{
  unsigned argno;
  bool fails_when_null;
  if (!summary_guard (row, &argno, &fails_when_null)
      || argno >= gimple_call_num_args (call)
      || !POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, argno))))
    return -1;
  unsigned obj = val_eval_ptr (ctx, s, gimple_call_arg (call, argno), call);
  enum nullness nn = (enum nullness)s->objs[obj].nullness;
  unsigned j = 0;
  for (unsigned i = 0; i < outcomes->length (); i++)
    {
      call_outcome o = (*outcomes)[i];
      if (o.result == RES_UNCHECKED)
        return -1;
      o.guard_null = o.failed == fails_when_null;
      if ((o.guard_null && nn == NN_NONNULL)
          || (!o.guard_null && nn == NN_NULL))
        continue;
      (*outcomes)[j++] = o;
    }
  if (j == 0)
    return -1;
  outcomes->truncate (j);
  return obj;
}

/* On S, after OUTCOME of a guarded call, the guarding argument (object
   GUARD_OBJ, or -1 for none) is NULL or not as the outcome says.  */
static void
apply_guard (pstate *s, int guard_obj, const call_outcome &outcome)
{
  if (guard_obj < 0)
    return;
  if (outcome.guard_null)
    val_set_null (s, guard_obj);
  else
    val_set_nonnull (s, guard_obj);
}

/* Return the last fixed argument of CALL (one of the first NFIXED) that
   is a string literal: the format of PyArg_Parse* and Py_BuildValue.  */
static const char *
format_argument (gcall *call, unsigned nfixed)
{
  const char *fmt = NULL;
  for (unsigned i = 0; i < nfixed && i < gimple_call_num_args (call); i++)
    if (const char *str = c_getstr (gimple_call_arg (call, i)))
      fmt = str;
  return fmt;
}

/* Fill KINDS with what each variable argument of CALL (to ROW, named
   NAME) is.  */
static void
classify_varargs (gcall *call, const odb_row *row, const char *name,
                  vec<unsigned char> *kinds)
{
  unsigned nargs = gimple_call_num_args (call);
  const char *fmt = format_argument (call, row->nargs);
  bool ok = false;
  if (row->varargs == ODB_VARARGS_BUILD && fmt)
    ok = format_build_kinds (fmt, kinds);
  else if (row->varargs == ODB_VARARGS_PARSE && fmt
           && !strstr (name, "Unpack"))
    ok = format_parse_kinds (fmt, kinds);
  if (!ok)
    kinds->truncate (0);
  for (unsigned i = row->nargs + kinds->length (); i < nargs; i++)
    {
      enum va_kind k = VA_BORROWED;
      if (row->varargs == ODB_VARARGS_PARSE)
        k = VA_OUT_OPTIONAL;
      kinds->safe_push (k);
    }
}

/* What CALL does with argument I: an odb_arg value, with VA_* kinds of
   the variable arguments mapped onto them.  */
static int
argument_kind (const odb_row *row, const vec<unsigned char> &kinds, unsigned i)
{
  if (i < row->nargs)
    return row->args[i];
  switch (kinds[i - row->nargs])
    {
    case VA_BORROWED:
      return ODB_ARG_BORROWED | ODB_ARG_MAYBE_NULL;
    case VA_STEALS:
      return ODB_ARG_STEALS | ODB_ARG_MAYBE_NULL;
    case VA_OUT:
      return ODB_ARG_OUT_BORROWED;
    case VA_OUT_OPTIONAL:
      return ODB_ARG_OUT_BORROWED | ODB_ARG_MAYBE_NULL;
    default:
      return ODB_ARG_NONOBJ;
    }
}

/* Return true if FNDECL is a static inline function of a header that
   dereferences its first argument (Py_TYPE, Py_SIZE, PyTuple_GET_SIZE).  */
static bool
inline_accessor_p (tree fndecl)
{
  if (!fndecl || !DECL_DECLARED_INLINE_P (fndecl) || TREE_PUBLIC (fndecl)
      || main_file_function_p (fndecl) || !DECL_NAME (fndecl))
    return false;
  return strncmp (IDENTIFIER_POINTER (DECL_NAME (fndecl)), "Py_Is", 5) != 0;
}

/* Return true if the API function NAME may keep a reference of its own
   to the objects it borrows, by contract: containers and attributes
   (PyList_Append, PyDict_SetItem, PyObject_SetAttr, PyTuple_Pack,
   Py_BuildValue "O").  An object such a call saw may outlive this
   function's last reference, so using it then is not proven wrong.  */
static bool
may_keep_reference_p (const char *name)
{
  static const char *const words[]
      = { "Set",        "Append",   "Insert", "Add",    "Pack",
          "BuildValue", "Store",    "Push",   "Extend", "Merge",
          "Update",     "Register", "Restore" };
  for (size_t i = 0; name && i < ARRAY_SIZE (words); i++)
    if (strstr (name, words[i]))
      return true;
  return false;
}

/* The object OBJ is passed to a function whose effect on it we do not
   know: it may keep, release or steal it, or write through it.  A
   SYSTEM function (the C library) cannot see Python objects.  */
static void
escape_argument (pstate *s, unsigned obj, bool system)
{
  pobj &o = s->objs[obj];
  if (o.origin == ORIGIN_ADDR)
    sm_escape_location (s, o.loc, !system);
  else if ((o.flags & OF_PYOBJ) && !system)
    o.flags |= OF_ESCAPED | OF_SHARED;
}

/* Apply what the call does to its arguments whatever its outcome: uses,
   steals and NULL checks.  Return false if the path ends (a NULL
   dereference).  */
static bool
apply_argument_effects (pr_ctx *ctx, pstate *s, gcall *call,
                        const odb_row *row, const vec<unsigned char> &kinds,
                        const char *name)
{
  tree fndecl = gimple_call_fndecl (call);
  for (unsigned i = 0; i < gimple_call_num_args (call); i++)
    {
      tree arg = gimple_call_arg (call, i);
      if (!POINTER_TYPE_P (TREE_TYPE (arg)))
        continue;
      int kind = argument_kind (row, kinds, i);
      if (ODB_ARG_KIND (kind) == ODB_ARG_NONOBJ
          || ODB_ARG_KIND (kind) == ODB_ARG_OUT_NEW
          || ODB_ARG_KIND (kind) == ODB_ARG_OUT_BORROWED
          || ODB_ARG_KIND (kind) == ODB_ARG_INOUT_NEW)
        continue;
      unsigned obj = val_eval_ptr (ctx, s, arg, call);
      if (i == 0 && inline_accessor_p (fndecl)
          && !val_check_deref_of (ctx, s, obj, call, name))
        return false;
      val_check_use (ctx, s, obj, call);
      if (ODB_ARG_KIND (kind) == ODB_ARG_STEALS)
        sm_steal (ctx, s, obj, call, name, i + 1);
      else if (ODB_ARG_KIND (kind) == ODB_ARG_UNKNOWN)
        escape_argument (s, obj, false);
    }
  return true;
}

/* A successful call that stores references (PyList_Append, PyDict_SetItem)
   keeps one to each object argument after the container (the first).  */
static void
share_stored_arguments (pr_ctx *ctx, pstate *s, gcall *call,
                        const odb_row *row, const vec<unsigned char> &kinds,
                        const char *name)
{
  bool container_seen = false;
  if (!may_keep_reference_p (name))
    return;
  for (unsigned i = 0; i < gimple_call_num_args (call); i++)
    {
      tree arg = gimple_call_arg (call, i);
      int kind = ODB_ARG_KIND (argument_kind (row, kinds, i));
      if (!POINTER_TYPE_P (TREE_TYPE (arg))
          || (kind != ODB_ARG_BORROWED && kind != ODB_ARG_STEALS_ON_SUCCESS))
        continue;
      if (!container_seen && i < row->nargs)
        {
          container_seen = true;
          continue;
        }
      unsigned obj = val_eval_ptr (ctx, s, arg, call);
      if (s->objs[obj].flags & OF_PYOBJ)
        s->objs[obj].flags |= OF_SHARED;
    }
}

/* Store a reference produced by CALL into the output parameter ARG: a
   NULL when SET_NULL, else a new or (NEW_REF false) borrowed one.  */
static void
set_output (pr_ctx *ctx, pstate *s, gcall *call, tree arg, bool new_ref,
            bool set_null, enum nullness nullness)
{
  unsigned target = val_eval_ptr (ctx, s, arg, call);
  if (s->objs[target].origin != ORIGIN_ADDR)
    return;
  mem_loc loc = s->objs[target].loc;
  unsigned obj;
  if (set_null)
    obj = val_new_object (s, ORIGIN_NULL, NN_NULL, false, call);
  else
    {
      obj = val_new_object (s, new_ref ? ORIGIN_NEW : ORIGIN_BORROWED,
                            nullness, true, call);
      s->objs[obj].flags |= OF_OUTPUT;
      if (new_ref)
        s->objs[obj].owned = 1;
    }
  sm_store_at (ctx, s, loc, obj, call);
}

/* Give the result OBJ of a call to NAME the ownership the table cannot
   state: PyModuleDef_Init returns its static argument, which the import
   machinery takes as is, without a reference; a module's state holds
   references as an object's fields do.  */
static void
special_result (pstate *s, unsigned obj, const char *name)
{
  if (strcmp (name, "PyModuleDef_Init") == 0)
    s->objs[obj].origin = ORIGIN_UNKNOWN;
  else if (strcmp (name, "PyModule_GetState") == 0
           || strcmp (name, "PyType_GetModuleState") == 0)
    s->objs[obj].flags |= OF_STATE_MEMORY;
}

/* The in/out parameter ARG of CALL: the object it holds may be replaced
   by another (by NULL when OUTCOME failed); the caller owns the new one
   if and only if it owned the old one.  */
static void
replace_inout (pr_ctx *ctx, pstate *s, gcall *call, const odb_row *row,
               tree arg, const call_outcome &outcome)
{
  unsigned target = val_eval_ptr (ctx, s, arg, call);
  if (s->objs[target].origin != ORIGIN_ADDR)
    return;
  mem_loc loc = s->objs[target].loc;
  unsigned old = val_load_location (ctx, s, loc, true, call);
  unsigned obj;
  if (outcome.failed)
    {
      obj = val_new_object (s, ORIGIN_NULL, NN_NULL, false, call);
      s->objs[obj].flags |= OF_API_NULL;
    }
  else
    {
      bool may_fail = row->err == ODB_ERR_UNKNOWN;
      obj = val_new_object (s, ORIGIN_NEW, may_fail ? NN_UNKNOWN : NN_NONNULL,
                            true, call);
      pobj &o = s->objs[obj], &prev = s->objs[old];
      if (prev.nullness == NN_NULL)
        /* A new object where there was none (PyErr_NormalizeException
           making the exception value): the caller owns it.  */
        o.owned = 1;
      else
        {
          /* The same ownership as the object it replaces.  */
          o.origin = prev.origin;
          o.flags = prev.flags & (OF_PYOBJ | OF_ESCAPED | OF_SHARED);
          o.owned = prev.owned;
          o.held = prev.held;
          o.decl = prev.decl;
        }
      if (may_fail)
        o.flags |= OF_MAYBE_FAILED | OF_FAIL_SETS_EXC;
    }
  s->objs[old].owned = 0;
  s->objs[old].held = 0;
  state_bind_mem (s, loc, obj);
}

/* Return true if T is a constant that reports failure: NULL, or a
   negative integer.  */
static bool
failure_constant_p (tree t)
{
  return t
         && ((POINTER_TYPE_P (TREE_TYPE (t)) && integer_zerop (t))
             || (TREE_CODE (t) == INTEGER_CST && tree_int_cst_sgn (t) < 0));
}

/* The constant CONSTS (pairs of an SSA name or variable and the constant
   assigned to it, latest last) says T holds, or T itself.  */
static tree
known_constant (const vec<std::pair<tree, tree> > &consts, tree t)
{
  for (unsigned i = consts.length (); i-- > 0;)
    if (operand_equal_p (consts[i].first, t, 0))
      return consts[i].second;
  return t;
}

/* Return true if the function returns failure (NULL, -1) right after
   CALL, whatever CALL did: "PyUnicode_AsASCIIString (o); return NULL;"
   calls for the exception only (Cython does so on a str it knows is
   not ASCII), and relies on the call failing, as the success would be a
   failure returned without an exception.  Only constant assignments and
   jumps may come between.  */
static bool
failure_return_follows_p (gcall *call)
{
  basic_block bb = gimple_bb (call);
  gimple_stmt_iterator gsi = gsi_for_stmt (call);
  gsi_next (&gsi);
  auto_vec<std::pair<tree, tree> > consts;
  for (int hops = 0; hops < 4; hops++)
    {
      for (; !gsi_end_p (gsi); gsi_next (&gsi))
        {
          gimple *stmt = gsi_stmt (gsi);
          if (is_gimple_debug (stmt) || gimple_code (stmt) == GIMPLE_LABEL
              || gimple_code (stmt) == GIMPLE_PREDICT
              || gimple_code (stmt) == GIMPLE_NOP)
            continue;
          if (gimple_assign_single_p (stmt)
              && CONSTANT_CLASS_P (gimple_assign_rhs1 (stmt)))
            {
              consts.safe_push (std::make_pair (gimple_assign_lhs (stmt),
                                                gimple_assign_rhs1 (stmt)));
              continue;
            }
          if (greturn *ret = dyn_cast<greturn *> (stmt))
            {
              tree rv = gimple_return_retval (ret);
              return rv && failure_constant_p (known_constant (consts, rv));
            }
          return false;
        }
      if (!single_succ_p (bb))
        return false;
      edge e = single_succ_edge (bb);
      for (gphi_iterator pi = gsi_start_phis (e->dest); !gsi_end_p (pi);
           gsi_next (&pi))
        {
          gphi *phi = pi.phi ();
          tree arg = known_constant (consts, PHI_ARG_DEF_FROM_EDGE (phi, e));
          if (CONSTANT_CLASS_P (arg))
            consts.safe_push (std::make_pair (gimple_phi_result (phi), arg));
        }
      bb = e->dest;
      gsi = gsi_start_bb (bb);
    }
  return false;
}

/* The flags of the result of a call whose failure nobody tested yet
   (OUTCOME is RES_UNCHECKED).  */
static unsigned
unchecked_flags (const call_outcome &outcome)
{
  return OF_MAYBE_FAILED | (outcome.null_sets_exc ? OF_FAIL_SETS_EXC : 0);
}

/* Return true if ROW reports its failures by raising an exception.  */
static bool
raising_api_p (const odb_row *row)
{
  switch (row->err)
    {
    case ODB_ERR_NULL_EXC:
    case ODB_ERR_NULL_MAYBE_EXC:
    case ODB_ERR_NEG1_EXC:
    case ODB_ERR_NEG1_AMBIGUOUS:
    case ODB_ERR_ZERO_EXC:
    case ODB_ERR_LOOKUP:
    case ODB_ERR_STATUS_EXC:
      return true;
    default:
      return false;
    }
}

/* Apply OUTCOME of CALL (to ROW) on S.  A failure that leaves the error
   indicator as it was is remembered as the reason it may be clear.  */
static void
apply_outcome (pr_ctx *ctx, pstate *s, gcall *call, const odb_row *row,
               const vec<unsigned char> &kinds, const call_outcome &outcome,
               const char *name)
{
  if (!outcome.failed)
    share_stored_arguments (ctx, s, call, row, kinds, name);
  for (unsigned i = 0; i < gimple_call_num_args (call); i++)
    {
      tree arg = gimple_call_arg (call, i);
      if (!POINTER_TYPE_P (TREE_TYPE (arg)))
        continue;
      int kind = argument_kind (row, kinds, i);
      switch (ODB_ARG_KIND (kind))
        {
        case ODB_ARG_STEALS_ON_SUCCESS:
          if (!outcome.failed)
            sm_steal (ctx, s, val_eval_ptr (ctx, s, arg, call), call, name,
                      i + 1);
          break;
        case ODB_ARG_INOUT_NEW:
          replace_inout (ctx, s, call, row, arg, outcome);
          break;
        case ODB_ARG_OUT_NEW:
        case ODB_ARG_OUT_BORROWED:
          if (outcome.outs_set || outcome.outs_null)
            set_output (ctx, s, call, arg,
                        ODB_ARG_KIND (kind) == ODB_ARG_OUT_NEW,
                        outcome.outs_null,
                        (row->err == ODB_ERR_LOOKUP
                         || (i >= row->nargs && !(kind & ODB_ARG_MAYBE_NULL))
                         || (i == 0 && outcome.first_out_nonnull))
                            ? NN_NONNULL
                            : NN_UNKNOWN);
          break;
        default:
          break;
        }
    }
  tree lhs = gimple_call_lhs (call);
  unsigned returned;
  if (POINTER_TYPE_P (gimple_call_return_type (call))
      && summary_returned_argument (row, &returned)
      && returned < gimple_call_num_args (call) && outcome.result != RES_NULL)
    /* The unit's function returns the object it was given.  */
    bind_result (
        s, call,
        val_eval_ptr (ctx, s, gimple_call_arg (call, returned), call));
  else if (POINTER_TYPE_P (gimple_call_return_type (call))
           && summary_static_result (row) && outcome.result == RES_OBJECT)
    /* The unit's function returns a static object (a type it built
       once): that object, borrowed.  */
    bind_result (s, call, val_static_object (s, summary_static_result (row)));
  else if (POINTER_TYPE_P (gimple_call_return_type (call))
           && summary_static_result (row) && outcome.result == RES_UNCHECKED)
    {
      /* The same, or NULL when the call failed: nobody tested yet.  */
      unsigned obj = val_new_object (s, ORIGIN_STATIC, NN_UNKNOWN, true, call);
      s->objs[obj].decl = summary_static_result (row);
      s->objs[obj].flags |= unchecked_flags (outcome);
      bind_result (s, call, obj);
    }
  else if (POINTER_TYPE_P (gimple_call_return_type (call))
           && summary_global_result (row) && outcome.result != RES_NULL)
    {
      /* The unit's function returns the object a global holds (a cache
         it fills on first use): what the global holds after the call,
         whose reference is the global's, as if the caller had read it.
         Releasing it is then the global's business ("Py_DECREF
         (SWIG_This ()); Swig_This_global = NULL;").  */
      mem_loc loc;
      loc.kind = LOC_GLOBAL;
      loc.base = engine_global_index (ctx, summary_global_result (row));
      loc.offset = 0;
      state_unbind_mem_under (s, loc, false);
      unsigned obj = val_load_location (ctx, s, loc, true, call);
      if (outcome.result == RES_OBJECT)
        val_set_nonnull (s, obj);
      else if (outcome.result == RES_UNCHECKED)
        s->objs[obj].flags |= unchecked_flags (outcome);
      bind_result (s, call, obj);
    }
  else if (POINTER_TYPE_P (gimple_call_return_type (call)))
    {
      unsigned obj;
      bool is_object = row->ret == ODB_RET_NEW || row->ret == ODB_RET_BORROWED;
      if (outcome.result == RES_NULL)
        {
          obj = val_new_object (s, ORIGIN_NULL, NN_NULL, false, call);
          if (outcome.failed)
            s->objs[obj].flags |= OF_API_NULL;
        }
      else
        {
          enum origin origin = row->ret == ODB_RET_NEW        ? ORIGIN_NEW
                               : row->ret == ODB_RET_BORROWED ? ORIGIN_BORROWED
                               : row->ret == ODB_RET_UNKNOWN  ? ORIGIN_UNKNOWN
                                                              : ORIGIN_OPAQUE;
          obj = val_new_object (
              s, origin,
              outcome.result == RES_OBJECT && is_object ? NN_NONNULL
                                                        : NN_UNKNOWN,
              is_object || row->ret == ODB_RET_UNKNOWN, call);
          if (row->ret == ODB_RET_NEW)
            s->objs[obj].owned = 1;
          if (outcome.result == RES_UNCHECKED)
            s->objs[obj].flags |= unchecked_flags (outcome);
          special_result (s, obj, name);
          if (!lhs && row->ret == ODB_RET_NEW
              && outcome.result == RES_UNCHECKED && outcome.null_sets_exc
              && failure_return_follows_p (call))
            /* Called for its exception: it fails.  */
            s->objs[obj].owned = 0;
          else if (!lhs && row->ret == ODB_RET_NEW)
            {
              sm_report (ctx, FE_LEAK_DISCARDED, s->objs[obj], call,
                         diag_stmt_location (ctx, call), name, 0);
              s->objs[obj].flags |= OF_REPORTED;
            }
        }
      bind_result (s, call, obj);
    }
  else if (lhs && TREE_CODE (lhs) == SSA_NAME
           && INTEGRAL_TYPE_P (TREE_TYPE (lhs)))
    val_bind_int (ctx, s, lhs, outcome.range);
  if (outcome.failed && outcome.exc == EXC_KEEP)
    s->exc_site = call;
  /* An API function that reports failures by raising cannot be called
     with an exception pending (CPython asserts it): when such a call
     succeeds, none was (cleanup functions, PyErr_* and the unit's
     helpers do not count).  */
  if (!outcome.failed && outcome.exc == EXC_KEEP && raising_api_p (row)
      && strncmp (name, "PyErr_", 6) != 0 && !summary_adjust_outcome_p (row))
    {
      if (s->exc == EXC_ENTRY)
        s->exc = EXC_ENTRY_CLEAR;
      else if (s->exc == EXC_UNKNOWN)
        s->exc = EXC_CLEAR;
    }
  switch (outcome.exc)
    {
    case EXC_TO_SET:
      s->exc = EXC_SET;
      break;
    case EXC_TO_CLEAR:
      s->exc = EXC_CLEAR;
      s->exc_site = call;
      break;
    case EXC_TO_UNKNOWN:
      s->exc = EXC_UNKNOWN;
      break;
    default:
      break;
    }
}

/* Return true if the call SIZE_CALL computes the size of the object OBJ
   of S (PyTuple_GET_SIZE (obj), PyList_Size (obj)...).  */
static bool
size_of_object_p (pr_ctx *ctx, pstate *s, gimple *size_call, unsigned obj)
{
  static const char *const sizes[]
      = { "Py_SIZE",           "PyTuple_GET_SIZE",
          "PyList_GET_SIZE",   "PyTuple_Size",
          "PyList_Size",       "PyObject_Size",
          "PyObject_Length",   "PySequence_Size",
          "PySequence_Length", "PySequence_Fast_GET_SIZE" };
  if (!size_call || !is_gimple_call (size_call)
      || gimple_call_num_args (size_call) != 1)
    return false;
  const char *name = sm_callee_name (size_call);
  if (!name)
    return false;
  for (size_t i = 0; i < ARRAY_SIZE (sizes); i++)
    if (strcmp (name, sizes[i]) == 0)
      return val_eval_ptr (ctx, s, gimple_call_arg (size_call, 0), size_call)
             == obj;
  return false;
}

/* PyTuple_GetItem (t, i) and PyList_GetItem (l, i) fail only for an
   index out of range (or an object of another type, which taking its
   size as a tuple or list already assumed).  Return true if CALL (to
   NAME) is one whose index is known to be in range on S: at least 0,
   and less than a size taken from the same object.  */
static bool
index_in_range_p (pr_ctx *ctx, pstate *s, gcall *call, const char *name)
{
  if ((strcmp (name, "PyTuple_GetItem") != 0
       && strcmp (name, "PyList_GetItem") != 0)
      || gimple_call_num_args (call) != 2)
    return false;
  tree index = gimple_call_arg (call, 1);
  if (val_eval_int (ctx, s, index).lo < 0)
    return false;
  unsigned obj = val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call);
  auto_vec<tree> bounds;
  val_upper_bounds (ctx, s, index, &bounds);
  for (unsigned i = 0; i < bounds.length (); i++)
    if (size_of_object_p (ctx, s, SSA_NAME_DEF_STMT (bounds[i]), obj))
      return true;
  return false;
}

/* Return true if the pointers A and B are the same object for a type
   check: the same SSA name, or loads of the same memory (swig_obj[1],
   read again at -O0).  */
static bool
same_object_p (tree a, tree b)
{
  if (a == b)
    return true;
  if (TREE_CODE (a) != SSA_NAME || TREE_CODE (b) != SSA_NAME)
    return false;
  gimple *da = SSA_NAME_DEF_STMT (a), *db = SSA_NAME_DEF_STMT (b);
  return gimple_assign_single_p (da) && gimple_assign_single_p (db)
         && gimple_vuse (da) && gimple_vuse (db)
         && !TREE_THIS_VOLATILE (gimple_assign_rhs1 (da))
         && operand_equal_p (gimple_assign_rhs1 (da), gimple_assign_rhs1 (db),
                             0);
}

/* Return the object whose type the pointer SSA name T holds, when T is
   Py_TYPE (object), or NULL.  */
static tree
py_type_argument (tree t)
{
  if (TREE_CODE (t) != SSA_NAME)
    return NULL_TREE;
  gcall *c = dyn_cast<gcall *> (SSA_NAME_DEF_STMT (t));
  tree fn = c ? gimple_call_fndecl (c) : NULL_TREE;
  if (!fn || !DECL_NAME (fn) || !id_equal (DECL_NAME (fn), "Py_TYPE")
      || gimple_call_num_args (c) != 1)
    return NULL_TREE;
  return gimple_call_arg (c, 0);
}

/* Return true if CALL runs only where OBJ passed the type check of TYPE
   ("bytes", "tuple"...): a test "PyType_HasFeature (Py_TYPE (obj),
   Py_TPFLAGS_<TYPE>_SUBCLASS) != 0" (PyBytes_Check (obj)) whose true edge
   dominates CALL.  */
static bool
type_checked_p (gcall *call, tree obj, const char *type)
{
  static const struct
  {
    const char *type;
    unsigned long flag;
  } flags[] = { { "tuple", PY_TPFLAGS_TUPLE_SUBCLASS },
                { "list", PY_TPFLAGS_LIST_SUBCLASS },
                { "bytes", PY_TPFLAGS_BYTES_SUBCLASS },
                { "str", PY_TPFLAGS_UNICODE_SUBCLASS },
                { "dict", PY_TPFLAGS_DICT_SUBCLASS } };
  unsigned long flag = 0;
  for (size_t i = 0; i < ARRAY_SIZE (flags); i++)
    if (strcmp (type, flags[i].type) == 0)
      flag = flags[i].flag;
  if (!flag)
    return false;
  if (!dom_info_available_p (CDI_DOMINATORS))
    calculate_dominance_info (CDI_DOMINATORS);
  for (basic_block d
       = get_immediate_dominator (CDI_DOMINATORS, gimple_bb (call));
       d; d = get_immediate_dominator (CDI_DOMINATORS, d))
    {
      gcond *cond = safe_dyn_cast<gcond *> (last_stmt (d));
      if (!cond || !integer_zerop (gimple_cond_rhs (cond))
          || TREE_CODE (gimple_cond_lhs (cond)) != SSA_NAME
          || (gimple_cond_code (cond) != NE_EXPR
              && gimple_cond_code (cond) != EQ_EXPR))
        continue;
      gcall *test
          = dyn_cast<gcall *> (SSA_NAME_DEF_STMT (gimple_cond_lhs (cond)));
      tree fn = test ? gimple_call_fndecl (test) : NULL_TREE;
      if (!fn || !DECL_NAME (fn)
          || !id_equal (DECL_NAME (fn), "PyType_HasFeature")
          || gimple_call_num_args (test) != 2
          || !tree_fits_uhwi_p (gimple_call_arg (test, 1))
          || tree_to_uhwi (gimple_call_arg (test, 1)) != flag)
        continue;
      tree checked = py_type_argument (gimple_call_arg (test, 0));
      if (!checked || !same_object_p (checked, obj))
        continue;
      /* The edge taken when the type matched must lead to BB's side.  */
      edge t, f;
      extract_true_false_edges_from_block (d, &t, &f);
      edge yes = gimple_cond_code (cond) == NE_EXPR ? t : f;
      if (single_pred_p (yes->dest)
          && dominated_by_p (CDI_DOMINATORS, gimple_bb (call), yes->dest))
        return true;
    }
  return false;
}

/* Return the Python type of the objects the constructor NAME returns,
   or NULL.  */
static const char *
constructed_type (const char *name)
{
  static const char *const map[][2]
      = { { "PyBytes_From", "bytes" },
          { "PyTuple_New", "tuple" },
          { "PyTuple_Pack", "tuple" },
          { "PyList_New", "list" },
          { "PyDict_New", "dict" },
          { "PyUnicode_From", "str" },
          { "PyUnicode_New", "str" },
          { "PyUnicode_Decode", "str" },
          { "PyByteArray_From", "bytearray" },
          /* Encoders return bytes (CPython checks what a codec gave).  */
          { "PyUnicode_AsUTF8String", "bytes" },
          { "PyUnicode_AsASCIIString", "bytes" },
          { "PyUnicode_AsLatin1String", "bytes" },
          { "PyUnicode_AsEncodedString", "bytes" } };
  for (size_t i = 0; i < ARRAY_SIZE (map); i++)
    if (strncmp (name, map[i][0], strlen (map[i][0])) == 0)
      return map[i][1];
  return NULL;
}

/* Some API calls fail only when given an object of another type
   (PyBytes_AsString, PyTuple_Size).  Return true if CALL (to NAME) is
   one, and its first argument was just built by a constructor of that
   type (bytes = PyBytes_FromStringAndSize (...)).  PyBytes_AsStringAndSize
   also fails on embedded NUL bytes, but only when it is given no length
   to fill in.  */
static bool
argument_of_right_type_p (pr_ctx *ctx, pstate *s, gcall *call,
                          const char *name)
{
  static const char *const map[][2]
      = { { "PyBytes_AsString", "bytes" },
          { "PyBytes_Size", "bytes" },
          { "PyTuple_Size", "tuple" },
          { "PyList_Size", "list" },
          { "PyDict_Size", "dict" },
          { "PyUnicode_GetLength", "str" },
          { "PyByteArray_AsString", "bytearray" },
          { "PyByteArray_Size", "bytearray" } };
  if (strcmp (name, "PyBytes_AsStringAndSize") == 0)
    {
      if (gimple_call_num_args (call) != 3
          || integer_zerop (gimple_call_arg (call, 2)))
        return false;
      name = "PyBytes_AsString";
    }
  else if (gimple_call_num_args (call) != 1)
    return false;
  for (size_t i = 0; i < ARRAY_SIZE (map); i++)
    if (strcmp (name, map[i][0]) == 0)
      {
        const pobj &o
            = s->objs[val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call)];
        const char *made = o.origin == ORIGIN_NEW && o.site
                               ? sm_callee_name (o.site)
                               : NULL;
        const char *type = made ? constructed_type (made) : NULL;
        return (type && strcmp (type, map[i][1]) == 0)
               || type_checked_p (call, gimple_call_arg (call, 0), map[i][1]);
      }
  return false;
}

/* Return true if CALL, to NAME, is PyCapsule_GetPointer (capsule, name)
   in the destructor of the unit's capsules of that name, on the capsule
   it was given: that cannot fail.  */
static bool
own_capsule_p (pr_ctx *ctx, pstate *s, gcall *call, const char *name)
{
  if (strcmp (name, "PyCapsule_GetPointer") != 0
      || gimple_call_num_args (call) != 2 || !DECL_ARGUMENTS (ctx->fndecl))
    return false;
  const pobj &o
      = s->objs[val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call)];
  return o.origin == ORIGIN_PARAM && o.decl == DECL_ARGUMENTS (ctx->fndecl)
         && check_tables_capsule_destructor_p (ctx->fndecl,
                                               gimple_call_arg (call, 1));
}

/* Return the object of S that is the untested result of a call that
   raises when it fails (OF_MAYBE_FAILED, OF_FAIL_SETS_EXC); -2 when
   there are several, -1 when none.  */
static int
pending_failure (const pstate *s)
{
  int found = -1;
  for (unsigned i = 0; i < s->objs.length (); i++)
    if ((s->objs[i].flags & (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
        == (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
      found = found == -1 ? (int)i : -2;
  return found;
}

/* After PyErr_Occurred's OUTCOME on S: no exception means the untested
   call whose result is PENDING (pending_failure) succeeded; an
   exception, that it failed (when it is the only one).  Return false
   when that contradicts a condition the path took.  */
static bool
settle_pending (pr_ctx *ctx, pstate *s, int pending,
                const call_outcome &outcome)
{
  if (pending == -1)
    return true;
  if (outcome.exc == EXC_TO_CLEAR)
    {
      for (unsigned i = 0; i < s->objs.length (); i++)
        if ((s->objs[i].flags & (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
            == (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
          val_set_nonnull (s, i);
    }
  else if (pending >= 0)
    val_set_null (s, pending);
  return val_facts_feasible_p (ctx, s);
}

/* Run a call to a function described by ROW.  */
static enum step
run_row (pr_ctx *ctx, pstate *s, gcall *call, const odb_row *row,
         const char *name)
{
  auto_vec<unsigned char> kinds;
  classify_varargs (call, row, name, &kinds);
  if (!apply_argument_effects (ctx, s, call, row, kinds, name))
    return STEP_END;
  tree lhs = gimple_call_lhs (call);
  pr_range range = val_type_range (lhs ? TREE_TYPE (lhs)
                                       : gimple_call_return_type (call));
  if (row->ret == ODB_RET_COUNT && range.lo < 0)
    range.lo = 0;
  auto_vec<call_outcome> outcomes;
  odb_row in_range;
  int pending = pending_failure (s);
  /* PyErr_Occurred () after a call whose failure nobody tested yet: the
     answer says whether it failed.  */
  enum exc_state exc = (enum exc_state)s->exc;
  if (row->err == ODB_ERR_CHECKS_EXC && pending != -1)
    exc = EXC_UNKNOWN;
  if (index_in_range_p (ctx, s, call, name)
      || argument_of_right_type_p (ctx, s, call, name)
      || own_capsule_p (ctx, s, call, name))
    {
      /* It succeeds: with the result of a success.  */
      if (row->err == ODB_ERR_STATUS_EXC)
        range.lo = range.hi = 0;
      else if (row->err == ODB_ERR_NEG1_EXC && range.lo < 0)
        range.lo = 0;
      in_range = *row;
      in_range.err = ODB_ERR_NEVER;
      row = &in_range;
    }
  get_outcomes (row, exc, range,
                POINTER_TYPE_P (gimple_call_return_type (call)), &outcomes);
  adjust_summary_outcomes (row, &outcomes);
  if (strcmp (name, "PyErr_Fetch") == 0)
    fetch_outcomes ((enum exc_state)s->exc, &outcomes);
  int guard_obj = filter_guarded_outcomes (ctx, s, call, row, &outcomes);
  if (outcomes.length () == 1)
    {
      apply_outcome (ctx, s, call, row, kinds, outcomes[0], name);
      apply_guard (s, guard_obj, outcomes[0]);
      if (row->err == ODB_ERR_CHECKS_EXC
          && !settle_pending (ctx, s, pending, outcomes[0]))
        return STEP_END;
      return STEP_CONTINUE;
    }
  ctx->outcomes.truncate (0);
  for (unsigned i = 0; i < outcomes.length (); i++)
    {
      outcome_state o;
      o.state = state_copy (s);
      o.failed = outcomes[i].failed;
      apply_outcome (ctx, o.state, call, row, kinds, outcomes[i], name);
      apply_guard (o.state, guard_obj, outcomes[i]);
      if (row->err == ODB_ERR_CHECKS_EXC
          && !settle_pending (ctx, o.state, pending, outcomes[i]))
        {
          state_free (o.state);
          continue;
        }
      ctx->outcomes.safe_push (o);
    }
  if (ctx->outcomes.is_empty ())
    return STEP_END;
  return STEP_SPLIT;
}

/* Run a call to a function whose ownership rules we do not know.  Its
   object arguments escape; its result is of unknown ownership.  A call
   into the C library (a system header) cannot see Python objects.  */
static enum step
run_unknown_call (pr_ctx *ctx, pstate *s, gcall *call, tree fndecl)
{
  bool system
      = fndecl
        && (DECL_IN_SYSTEM_HEADER (fndecl) || fndecl_built_in_p (fndecl));
  for (unsigned i = 0; i < gimple_call_num_args (call); i++)
    {
      tree arg = gimple_call_arg (call, i);
      if (!POINTER_TYPE_P (TREE_TYPE (arg)))
        continue;
      unsigned obj = val_eval_ptr (ctx, s, arg, call);
      val_check_use (ctx, s, obj, call);
      escape_argument (s, obj, system);
    }
  tree lhs = gimple_call_lhs (call);
  if (lhs && TREE_CODE (lhs) == SSA_NAME)
    {
      if (POINTER_TYPE_P (TREE_TYPE (lhs)))
        {
          bool pyobj = pyobject_pointer_type_p (TREE_TYPE (lhs));
          bind_result (s, call,
                       val_new_object (s,
                                       pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                                       NN_UNKNOWN, pyobj, call));
        }
      else
        val_unbind_int (ctx, s, lhs);
    }
  if (!system)
    s->exc = EXC_UNKNOWN;
  return STEP_CONTINUE;
}

/* CALL frees the memory of its first argument (tp_free, PyObject_Del on
   an object that was never fully built): every reference to it is gone.  */
static void
free_object (pr_ctx *ctx, pstate *s, gcall *call)
{
  unsigned obj = val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call);
  pobj &o = s->objs[obj];
  if (o.nullness == NN_NULL)
    return;
  o.flags |= OF_RELEASED;
  o.event_site = call;
  o.owned = 0;
  o.held = 0;
}

/* Run a call through a type slot: tp_alloc returns a new reference,
   tp_free frees its argument.  Return false if it is neither.  */
static bool
run_slot_call (pr_ctx *ctx, pstate *s, gcall *call, const char *field,
               enum step *step)
{
  if (strcmp (field, "tp_alloc") == 0)
    {
      if (!tp_alloc_row.name)
        {
          tp_alloc_row.name = CONST_CAST (char *, "tp_alloc");
          tp_alloc_row.ret = ODB_RET_NEW;
          tp_alloc_row.err = ODB_ERR_NULL_EXC;
          tp_alloc_row.nargs = 2;
          tp_alloc_row.args[0] = ODB_ARG_BORROWED;
          tp_alloc_row.args[1] = ODB_ARG_NONOBJ;
        }
      *step = run_row (ctx, s, call, &tp_alloc_row, field);
      return true;
    }
  if (strcmp (field, "tp_free") == 0 && gimple_call_num_args (call) >= 1
      && POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
    {
      free_object (ctx, s, call);
      *step = STEP_CONTINUE;
      return true;
    }
  return false;
}

/* Run memcpy (DST, SRC, N) of one pointer between tracked locations
   (Python 3.12's Py_SETREF variant copies the pointer so).  Return false
   if it is not that.  */
static bool
run_pointer_copy (pr_ctx *ctx, pstate *s, gcall *call)
{
  tree n = gimple_call_arg (call, 2);
  if (TREE_CODE (n) != INTEGER_CST || !tree_fits_uhwi_p (n)
      || tree_to_uhwi (n) != POINTER_SIZE / BITS_PER_UNIT)
    return false;
  unsigned dst = val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call);
  unsigned src = val_eval_ptr (ctx, s, gimple_call_arg (call, 1), call);
  if (s->objs[dst].origin != ORIGIN_ADDR || s->objs[src].origin != ORIGIN_ADDR)
    return false;
  mem_loc from = s->objs[src].loc, to = s->objs[dst].loc;
  unsigned value = val_load_location (ctx, s, from, true, call);
  sm_store_at (ctx, s, to, value, call);
  if (tree lhs = gimple_call_lhs (call))
    if (TREE_CODE (lhs) == SSA_NAME)
      state_bind_ssa (s, SSA_NAME_VERSION (lhs), dst);
  return true;
}

/* Run a call to a builtin.  */
static enum step
run_builtin (pr_ctx *ctx, pstate *s, gcall *call, tree fndecl)
{
  switch (DECL_FUNCTION_CODE (fndecl))
    {
    case BUILT_IN_MEMCPY:
    case BUILT_IN_MEMMOVE:
      if (run_pointer_copy (ctx, s, call))
        return STEP_CONTINUE;
      return run_unknown_call (ctx, s, call, fndecl);
    case BUILT_IN_EXPECT:
    case BUILT_IN_EXPECT_WITH_PROBABILITY:
      if (POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
        bind_result (s, call,
                     val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call));
      return STEP_CONTINUE;
    default:
      return run_unknown_call (ctx, s, call, fndecl);
    }
}

/* Return the ob_type field of the object struct TYPE, or NULL.  */
static tree
ob_type_field (tree type)
{
  if (!type || TREE_CODE (TYPE_MAIN_VARIANT (type)) != RECORD_TYPE)
    return NULL_TREE;
  for (tree f = TYPE_FIELDS (TYPE_MAIN_VARIANT (type)); f; f = DECL_CHAIN (f))
    if (TREE_CODE (f) == FIELD_DECL && DECL_NAME (f)
        && strcmp (IDENTIFIER_POINTER (DECL_NAME (f)), "ob_type") == 0)
      return f;
  return NULL_TREE;
}

/* Run Py_TYPE (x): it reads x->ob_type, the same field on every call, a
   reference x holds (a heap type's tp_dealloc releases it).  */
static enum step
run_py_type (pr_ctx *ctx, pstate *s, gcall *call)
{
  tree arg = gimple_call_arg (call, 0);
  unsigned obj = val_eval_ptr (ctx, s, arg, call);
  if (!val_check_deref_of (ctx, s, obj, call, "Py_TYPE"))
    return STEP_END;
  tree field = ob_type_field (TREE_TYPE (TREE_TYPE (arg)));
  enum origin origin = (enum origin)s->objs[obj].origin;
  unsigned type;
  if (field && origin != ORIGIN_ADDR && origin != ORIGIN_NULL)
    {
      mem_loc loc;
      loc.kind = LOC_HEAP;
      loc.base = obj;
      loc.offset = int_bit_position (field);
      type = val_load_location (ctx, s, loc, true, call);
    }
  else
    type = val_new_object (s, ORIGIN_UNKNOWN, NN_NONNULL, true, call);
  bind_result (s, call, type);
  return STEP_CONTINUE;
}

/* Run Py_SET_TYPE (x, t): a store of t into x->ob_type.  */
static enum step
run_py_set_type (pr_ctx *ctx, pstate *s, gcall *call)
{
  tree arg = gimple_call_arg (call, 0);
  unsigned obj = val_eval_ptr (ctx, s, arg, call);
  if (!val_check_deref_of (ctx, s, obj, call, "Py_SET_TYPE"))
    return STEP_END;
  unsigned type = val_eval_ptr (ctx, s, gimple_call_arg (call, 1), call);
  tree field = ob_type_field (TREE_TYPE (TREE_TYPE (arg)));
  enum origin origin = (enum origin)s->objs[obj].origin;
  if (field && origin != ORIGIN_ADDR && origin != ORIGIN_NULL)
    {
      mem_loc loc;
      loc.kind = LOC_HEAP;
      loc.base = obj;
      loc.offset = int_bit_position (field);
      sm_store_at (ctx, s, loc, type, call);
    }
  return STEP_CONTINUE;
}

/* Run the call CALL on S.  */
enum step
sm_run_call (pr_ctx *ctx, pstate *s, gcall *call)
{
  tree fndecl = gimple_call_fndecl (call);
  const char *name = sm_callee_name (call);
  if (gimple_call_internal_p (call))
    {
      if (gimple_call_internal_fn (call) == IFN_BUILTIN_EXPECT
          && POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
        bind_result (s, call,
                     val_eval_ptr (ctx, s, gimple_call_arg (call, 0), call));
      return STEP_CONTINUE;
    }
  if (gimple_call_chain (call))
    {
      ctx->give_up_reason = "it calls a nested function";
      ctx->give_up_loc = gimple_location (call);
      return STEP_GIVE_UP;
    }
  bool null_ok;
  enum prim_kind prim
      = fndecl && name ? refcount_primitive (name, &null_ok) : PRIM_NONE;
  if (prim != PRIM_NONE)
    return run_primitive (ctx, s, call, prim, null_ok, name);
  sm_forget_memory_ints (ctx, s, call);
  if (gimple_call_noreturn_p (call))
    return STEP_END;
  if (fndecl && fndecl_built_in_p (fndecl, BUILT_IN_NORMAL))
    return run_builtin (ctx, s, call, fndecl);
  if (fndecl && strcmp (name, "Py_TYPE") == 0
      && gimple_call_num_args (call) == 1
      && POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
    return run_py_type (ctx, s, call);
  if (fndecl && strcmp (name, "Py_SET_TYPE") == 0
      && gimple_call_num_args (call) == 2
      && POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
    return run_py_set_type (ctx, s, call);
  if (fndecl && object_free_p (name) && gimple_call_num_args (call) == 1
      && POINTER_TYPE_P (TREE_TYPE (gimple_call_arg (call, 0))))
    {
      free_object (ctx, s, call);
      return STEP_CONTINUE;
    }
  if (const odb_row *row = ownership_lookup (fndecl))
    return run_row (ctx, s, call, row, name);
  macro_call macro = find_macro_call (call);
  if (macro.row)
    return run_row (ctx, s, call, macro.row, macro.name);
  enum step step;
  if (!fndecl && name && run_slot_call (ctx, s, call, name, &step))
    return step;
  return run_unknown_call (ctx, s, call, fndecl);
}
