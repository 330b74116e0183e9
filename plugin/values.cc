/* pyrefcheck: what SSA names, memory and conditions hold on a path.
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
#include "ssa.h"
#include "fold-const.h"
#include "tree-dfa.h"
#include "internal-fn.h"
#include "builtins.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "values.h"

/* Recursion limit when following SSA definitions.  */
#define MAX_DEPTH 8

/* Access paths longer than this (a->b->c->d) are not tracked.  */
#define MAX_MEMORY_DEPTH 3

/* Three-valued truth.  */
enum tri
{
  TRI_FALSE,
  TRI_TRUE,
  TRI_MAYBE
};

/* Add a new object to S; PYOBJ says whether reference counting applies.  */
unsigned
val_new_object (pstate *s, enum origin origin, enum nullness nullness,
                bool pyobj, gimple *site)
{
  unsigned i = state_add_object (s, origin, nullness, pyobj);
  s->objs[i].site = site;
  return i;
}

/* Give object OBJ the user-visible name of VAR, unless it has one.  */
void
val_name_object (pstate *s, unsigned obj, tree var)
{
  if (var && TREE_CODE (var) == SSA_NAME)
    var = SSA_NAME_VAR (var);
  if (!var || !DECL_P (var) || !DECL_NAME (var) || DECL_ARTIFICIAL (var))
    return;
  /* Macro temporaries (_py_tmp, _tmp_old_op) name an object only when
     nothing else does.  */
  tree old = s->objs[obj].name;
  bool temp = IDENTIFIER_POINTER (DECL_NAME (var))[0] == '_';
  /* (An array element's name, 'items[1]', gives way to a variable's.)  */
  if (!old
      || (!temp
          && (!DECL_P (old)
              || IDENTIFIER_POINTER (DECL_NAME (old))[0] == '_')))
    s->objs[obj].name = var;
}

/* A check found object OBJ NULL: it holds no reference.  If it is the
   unchecked result of a call, the call failed on this path, and set an
   exception if that is its convention.  */
void
val_set_null (pstate *s, unsigned obj)
{
  pobj &o = s->objs[obj];
  o.nullness = NN_NULL;
  o.owned = 0;
  o.held = 0;
  if (o.flags & OF_MAYBE_FAILED)
    {
      o.flags |= OF_API_NULL;
      if (o.flags & OF_FAIL_SETS_EXC)
        s->exc = EXC_SET;
      else
        s->exc_site = o.site;
    }
  o.flags &= ~OF_MAYBE_FAILED;
  if (o.origin == ORIGIN_PARAM)
    /* A parameter found NULL stays the parameter: what the function
       returns may depend on it (summary.cc).  */
    o.flags &= OF_PYOBJ | OF_KEEP;
  else if (!(o.flags & OF_API_NULL))
    {
      /* Just NULL: where it came from no longer matters.  */
      o.origin = ORIGIN_NULL;
      o.flags = 0;
      o.site = o.event_site = o.debt_site = o.transfer_site = NULL;
      o.decl = NULL_TREE;
      o.depth = 0;
    }
}

/* A check (or a dereference the path survived) found OBJ non-NULL.  */
void
val_set_nonnull (pstate *s, unsigned obj)
{
  s->objs[obj].nullness = NN_NONNULL;
  s->objs[obj].flags &= ~OF_MAYBE_FAILED;
}

/* Return the object that stands for the statically allocated object
   DECL (&PyLong_Type, &_Py_NoneStruct).  */
unsigned
val_static_object (pstate *s, tree decl)
{
  /* Also an object the path found equal to it (result == Py_None).  */
  for (unsigned i = 0; i < s->objs.length (); i++)
    if (s->objs[i].decl == decl && s->objs[i].nullness == NN_NONNULL)
      return i;
  unsigned i = val_new_object (s, ORIGIN_STATIC, NN_NONNULL, true, NULL);
  s->objs[i].decl = decl;
  return i;
}

/* Return the object that stands for the address of LOC.  */
static unsigned
address_object (pstate *s, const mem_loc &loc)
{
  for (unsigned i = 0; i < s->objs.length (); i++)
    if (s->objs[i].origin == ORIGIN_ADDR
        && mem_loc_compare (s->objs[i].loc, loc) == 0)
      return i;
  unsigned i = val_new_object (s, ORIGIN_ADDR, NN_NONNULL, false, NULL);
  s->objs[i].loc = loc;
  return i;
}

/* Return the location of the memory reference REF in *LOC: a local, a
   global or a field of an object we track, at a constant offset.
   Return false for memory we cannot name.  */
bool
val_get_location (pr_ctx *ctx, pstate *s, tree ref, mem_loc *loc)
{
  poly_int64 bitsize, bitpos;
  tree offset;
  machine_mode mode;
  int unsignedp, reversep, volatilep = 0;
  HOST_WIDE_INT bits;
  unsigned index;

  tree base = get_inner_reference (ref, &bitsize, &bitpos, &offset, &mode,
                                   &unsignedp, &reversep, &volatilep);
  if (offset || !bitpos.is_constant (&bits))
    return false;
  if (DECL_P (base))
    {
      if (engine_local_p (ctx, base, &index))
        loc->kind = LOC_LOCAL;
      else if (VAR_P (base) && is_global_var (base))
        {
          loc->kind = LOC_GLOBAL;
          index = engine_global_index (ctx, base);
        }
      else
        return false;
      loc->base = index;
      loc->offset = bits;
      return true;
    }
  if (TREE_CODE (base) != MEM_REF)
    return false;
  tree ptr = TREE_OPERAND (base, 0);
  poly_offset_int off = mem_ref_offset (base);
  if (!off.is_constant () || !wi::fits_shwi_p (off.coeffs[0]))
    return false;
  HOST_WIDE_INT byte_off = off.coeffs[0].to_shwi ();
  bits += byte_off * BITS_PER_UNIT;
  if (TREE_CODE (ptr) == ADDR_EXPR)
    {
      if (!val_get_location (ctx, s, TREE_OPERAND (ptr, 0), loc))
        return false;
      loc->offset += bits;
      return true;
    }
  if (TREE_CODE (ptr) != SSA_NAME)
    return false;
  unsigned obj = val_eval_ptr (ctx, s, ptr, NULL);
  const pobj &o = s->objs[obj];
  if (o.origin == ORIGIN_ADDR)
    {
      *loc = o.loc;
      loc->offset += bits;
      return true;
    }
  if (o.origin == ORIGIN_NULL || (o.flags & OF_DERIVED))
    return false;
  loc->kind = LOC_HEAP;
  loc->base = obj;
  loc->offset = bits;
  return true;
}

/* Return the object for the address expression ADDR.  */
static unsigned
eval_address (pr_ctx *ctx, pstate *s, tree addr)
{
  tree op = TREE_OPERAND (addr, 0);
  mem_loc loc;
  if (VAR_P (op) && is_global_var (op)
      && pyobject_struct_type_p (TREE_TYPE (op)))
    return val_static_object (s, op);
  if (TREE_CODE (op) == FUNCTION_DECL || TREE_CODE (op) == STRING_CST
      || TREE_CODE (op) == LABEL_DECL || CONSTANT_CLASS_P (op))
    return val_new_object (s, ORIGIN_OPAQUE, NN_NONNULL, false, NULL);
  if (!val_get_location (ctx, s, op, &loc))
    return val_new_object (s, ORIGIN_OPAQUE, NN_NONNULL, false, NULL);
  /* &obj->ob_base is the object itself.  */
  if (loc.kind == LOC_HEAP && loc.offset == 0
      && pyobject_struct_type_p (TREE_TYPE (op)))
    return loc.base;
  return address_object (s, loc);
}

/* Return the object stored at LOC (read at STMT), creating it when the
   location was never seen: a local never assigned on this path is
   unknown; a field or global holds a reference of its own (borrowed for
   this function).  PYOBJ: the location holds a Python object pointer.  */
unsigned
val_load_location (pr_ctx *ctx, pstate *s, const mem_loc &loc, bool pyobj,
                   gimple *stmt)
{
  int found = state_lookup_mem (s, loc);
  /* (An integer stored there is not a pointer: forget it.)  */
  if (found >= 0 && s->objs[found].origin != ORIGIN_INT)
    return found;
  unsigned i;
  if (loc.kind == LOC_LOCAL)
    {
      i = val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                          NN_UNKNOWN, pyobj, stmt);
      if (!AGGREGATE_TYPE_P (TREE_TYPE (ctx->locals[loc.base])))
        val_name_object (s, i, ctx->locals[loc.base]);
    }
  else
    {
      unsigned depth = loc.kind == LOC_HEAP ? s->objs[loc.base].depth + 1 : 1;
      i = val_new_object (s, pyobj ? ORIGIN_FIELD : ORIGIN_OPAQUE, NN_UNKNOWN,
                          pyobj, stmt);
      s->objs[i].held = pyobj;
      s->objs[i].depth = MIN (depth, MAX_MEMORY_DEPTH);
      if (depth >= MAX_MEMORY_DEPTH)
        {
          /* Too deep to track (a list walked in a loop): what it points
             to has no name, and it is not remembered.  */
          s->objs[i].flags |= OF_DERIVED;
          return i;
        }
    }
  state_bind_mem (s, loc, i);
  return i;
}

/* Return true if the memory reference REF reads a tuple's or list's
   items (ob_item: PyTuple_GET_ITEM, PyList_GET_ITEM) or, when ARRAY, the
   ob_item pointer of a list itself.  */
static bool
items_ref_p (const pstate *s, tree ref, bool array)
{
  for (tree t = ref; t; t = TREE_OPERAND (t, 0))
    {
      if (TREE_CODE (t) == COMPONENT_REF)
        {
          tree f = TREE_OPERAND (t, 1);
          if (DECL_NAME (f)
              && strcmp (IDENTIFIER_POINTER (DECL_NAME (f)), "ob_item") == 0)
            return array ? t == ref : true;
        }
      if (TREE_CODE (t) == MEM_REF)
        {
          tree p = TREE_OPERAND (t, 0);
          int o = TREE_CODE (p) == SSA_NAME
                      ? state_lookup_ssa (s, SSA_NAME_VERSION (p))
                      : -1;
          return !array && o >= 0 && (s->objs[o].flags & OF_ITEMS);
        }
      if (!handled_component_p (t))
        return false;
    }
  return false;
}

/* Return the object loaded by the memory reference REF (of pointer
   type) at STMT, creating it when the location was never seen.  */
static unsigned
eval_load (pr_ctx *ctx, pstate *s, tree ref, gimple *stmt)
{
  mem_loc loc;
  bool pyobj = pyobject_pointer_type_p (TREE_TYPE (ref));
  if (!val_get_location (ctx, s, ref, &loc))
    /* Memory we cannot name (an array at a variable index...): we cannot
       tell who owns what it holds.  */
    return val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                           NN_UNKNOWN, pyobj, stmt);
  unsigned i = val_load_location (ctx, s, loc, pyobj, stmt);
  pobj &o = s->objs[i];
  if (o.site == stmt && o.origin == ORIGIN_FIELD && pyobj
      && items_ref_p (s, ref, false))
    /* A container's item: the container keeps its reference; this
       function may not take it over.  */
    o.held = 0;
  else if (o.site == stmt && !pyobj && items_ref_p (s, ref, true))
    o.flags |= OF_ITEMS;
  return i;
}

/* Return the object the pointer operand T holds in S.  STMT is the
   statement being run (for loads), or NULL.  */
unsigned
val_eval_ptr (pr_ctx *ctx, pstate *s, tree t, gimple *stmt)
{
  tree type = TREE_TYPE (t);
  bool pyobj = pyobject_pointer_type_p (type);
  switch (TREE_CODE (t))
    {
    case SSA_NAME:
      {
        int found = state_lookup_ssa (s, SSA_NAME_VERSION (t));
        if (found >= 0)
          return found;
        unsigned i = val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                                     NN_UNKNOWN, pyobj, NULL);
        state_bind_ssa (s, SSA_NAME_VERSION (t), i);
        val_name_object (s, i, t);
        return i;
      }
    case INTEGER_CST:
      if (integer_zerop (t))
        return val_new_object (s, ORIGIN_NULL, NN_NULL, false, NULL);
      return val_new_object (s, ORIGIN_OPAQUE, NN_NONNULL, false, NULL);
    case ADDR_EXPR:
      return eval_address (ctx, s, t);
    case VAR_DECL:
    case PARM_DECL:
    case RESULT_DECL:
    case COMPONENT_REF:
    case MEM_REF:
    case ARRAY_REF:
    case BIT_FIELD_REF:
    case TARGET_MEM_REF:
      return eval_load (ctx, s, t, stmt);
    default:
      return val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                             NN_UNKNOWN, pyobj, NULL);
    }
}

/* Report a use of object OBJ at STMT if this function released it.  */
void
val_check_use (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt)
{
  pobj &o = s->objs[obj];
  if (!(o.flags & OF_RELEASED) || (o.flags & OF_REPORTED))
    return;
  finding_info f;
  memset (&f, 0, sizeof f);
  f.what = FE_USE_AFTER_RELEASE;
  f.loc = diag_stmt_location (ctx, stmt);
  f.obj = o;
  f.stmt = stmt;
  diag_report (ctx, f);
  o.flags |= OF_REPORTED;
}

/* Report a dereference of the NULL, or possibly NULL, result of a
   failing call: object O at STMT (by CALLEE, when it is a call).  */
static void
report_null_deref (pr_ctx *ctx, const pobj &o, gimple *stmt,
                   const char *callee)
{
  finding_info f;
  memset (&f, 0, sizeof f);
  f.what = FE_NULL_DEREF;
  f.loc = diag_stmt_location (ctx, stmt);
  f.obj = o;
  f.callee = callee;
  f.stmt = stmt;
  diag_report (ctx, f);
}

/* Check a dereference of object OBJ at STMT (by CALLEE, when it is a
   call).  An unchecked call result may be NULL: report it, and go on
   knowing it is not (the path where it was NULL crashed).  Return false
   when the path cannot go on: the pointer is NULL.  When USE, also check
   for a use after release (not for Py_DECREF, whose second release is a
   finding of its own).  */
bool
val_check_null_deref (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt,
                      const char *callee, bool use)
{
  pobj &o = s->objs[obj];
  if (o.nullness == NN_UNKNOWN && (o.flags & OF_MAYBE_FAILED))
    {
      if (!(o.flags & OF_REPORTED))
        report_null_deref (ctx, o, stmt, callee);
      val_set_nonnull (s, obj);
    }
  if (o.nullness == NN_NULL)
    {
      if ((o.flags & OF_API_NULL) && !(o.flags & OF_REPORTED))
        report_null_deref (ctx, o, stmt, callee);
      return false;
    }
  if (use)
    val_check_use (ctx, s, obj, stmt);
  /* The path survived the dereference: the pointer is not NULL.  */
  if (o.nullness == NN_UNKNOWN)
    val_set_nonnull (s, obj);
  return true;
}

/* Check a dereference (and use) of object OBJ at STMT; see
   val_check_null_deref.  */
bool
val_check_deref_of (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt,
                    const char *callee)
{
  return val_check_null_deref (ctx, s, obj, stmt, callee, true);
}

/* Check the pointers dereferenced by the memory reference T at STMT.
   Return false when the path cannot go on.  */
bool
val_check_derefs (pr_ctx *ctx, pstate *s, tree t, gimple *stmt)
{
  while (handled_component_p (t))
    t = TREE_OPERAND (t, 0);
  if ((TREE_CODE (t) == MEM_REF || TREE_CODE (t) == TARGET_MEM_REF)
      && TREE_CODE (TREE_OPERAND (t, 0)) == SSA_NAME)
    return val_check_deref_of (
        ctx, s, val_eval_ptr (ctx, s, TREE_OPERAND (t, 0), stmt), stmt, NULL);
  return true;
}

/* Integer ranges.  */

static const pr_int PR_INT_MAX = (((pr_int)1) << 126);

static pr_range
make_range (pr_int lo, pr_int hi)
{
  pr_range r;
  r.lo = lo;
  r.hi = hi;
  return r;
}

/* Return the range of values of the integer (or pointer) TYPE.  */
pr_range
val_type_range (tree type)
{
  if (!type || !(INTEGRAL_TYPE_P (type) || POINTER_TYPE_P (type)))
    return make_range (-PR_INT_MAX, PR_INT_MAX);
  if (TREE_CODE (type) == BOOLEAN_TYPE)
    return make_range (0, 1);
  unsigned prec = TYPE_PRECISION (type);
  if (prec >= 126)
    return make_range (-PR_INT_MAX, PR_INT_MAX);
  if (TYPE_UNSIGNED (type) || POINTER_TYPE_P (type))
    return make_range (0, (((pr_int)1) << prec) - 1);
  return make_range (-(((pr_int)1) << (prec - 1)),
                     (((pr_int)1) << (prec - 1)) - 1);
}

/* Return true if R covers all of TYPE (nothing worth remembering).  */
bool
val_range_full_p (const pr_range &r, tree type)
{
  pr_range t = val_type_range (type);
  return r.lo <= t.lo && r.hi >= t.hi;
}

static pr_range
intersect (const pr_range &a, const pr_range &b)
{
  return make_range (MAX (a.lo, b.lo), MIN (a.hi, b.hi));
}

static bool
empty_p (const pr_range &r)
{
  return r.lo > r.hi;
}

static bool
within_p (const pr_range &r, const pr_range &outer)
{
  return r.lo >= outer.lo && r.hi <= outer.hi;
}

/* Return the value of the INTEGER_CST T as a range.  */
static pr_range
constant_range (tree t)
{
  if (tree_fits_shwi_p (t))
    return make_range (tree_to_shwi (t), tree_to_shwi (t));
  if (tree_fits_uhwi_p (t))
    return make_range (tree_to_uhwi (t), tree_to_uhwi (t));
  return val_type_range (TREE_TYPE (t));
}

/* Return the version under which facts about the integer SSA name T
   are kept: the first SSA name computing the same pure expression of
   the same operands (nbits % 4 tested twice), else T's own.  */
static unsigned
fact_version (pr_ctx *ctx, tree t)
{
  unsigned v = SSA_NAME_VERSION (t);
  return ctx->value_numbers ? ctx->value_numbers[v] : v;
}

/* Narrow what is known of the integer SSA name LHS to R.  */
static void
bind_refined (pr_ctx *ctx, pstate *s, tree lhs, const pr_range &r)
{
  if (val_range_full_p (r, TREE_TYPE (lhs)))
    state_unbind_int (s, fact_version (ctx, lhs));
  else
    state_set_int (s, fact_version (ctx, lhs), r);
}

/* Remember that the integer SSA name LHS is in R (or forget it when R
   says nothing).  */
void
val_bind_int (pr_ctx *ctx, pstate *s, tree lhs, const pr_range &r)
{
  if (TREE_CODE (lhs) != SSA_NAME)
    return;
  /* A new value: what was related to the old one no longer holds
     (unless an earlier name computes the same value).  */
  if (fact_version (ctx, lhs) == SSA_NAME_VERSION (lhs))
    state_kill_rels (s, SSA_NAME_VERSION (lhs));
  bind_refined (ctx, s, lhs, r);
}

/* Forget what is known of the integer SSA name LHS, which is being
   redefined (unless an earlier name computes the same value).  */
void
val_unbind_int (pr_ctx *ctx, pstate *s, tree lhs)
{
  if (fact_version (ctx, lhs) == SSA_NAME_VERSION (lhs))
    {
      state_unbind_int (s, SSA_NAME_VERSION (lhs));
      state_kill_rels (s, SSA_NAME_VERSION (lhs));
    }
}

/* Return the argument of __builtin_expect if STMT is such a call whose
   result is T, else NULL.  */
static tree
expect_argument (gimple *stmt)
{
  if (!is_gimple_call (stmt) || gimple_call_num_args (stmt) < 1)
    return NULL_TREE;
  if (gimple_call_internal_p (stmt))
    return gimple_call_internal_fn (stmt) == IFN_BUILTIN_EXPECT
               ? gimple_call_arg (stmt, 0)
               : NULL_TREE;
  tree fn = gimple_call_fndecl (stmt);
  if (fn && fndecl_built_in_p (fn, BUILT_IN_NORMAL)
      && (DECL_FUNCTION_CODE (fn) == BUILT_IN_EXPECT
          || DECL_FUNCTION_CODE (fn) == BUILT_IN_EXPECT_WITH_PROBABILITY))
    return gimple_call_arg (stmt, 0);
  return NULL_TREE;
}

static enum tri eval_compare (pr_ctx *, pstate *, enum tree_code, tree, tree,
                              int);

static pr_range eval_int_1 (pr_ctx *ctx, pstate *s, tree t, int depth);

/* Return the range of the value computed by the assignment DEF.  */
static pr_range
eval_assign_int (pr_ctx *ctx, pstate *s, gassign *def, int depth)
{
  enum tree_code code = gimple_assign_rhs_code (def);
  tree lhs = gimple_assign_lhs (def);
  tree a = gimple_assign_rhs1 (def);
  pr_range full = val_type_range (TREE_TYPE (lhs));
  if (TREE_CODE_CLASS (code) == tcc_comparison)
    switch (eval_compare (ctx, s, code, a, gimple_assign_rhs2 (def), depth))
      {
      case TRI_TRUE:
        return make_range (1, 1);
      case TRI_FALSE:
        return make_range (0, 0);
      default:
        return make_range (0, 1);
      }
  if (!INTEGRAL_TYPE_P (TREE_TYPE (a)))
    return full;
  pr_range ra = eval_int_1 (ctx, s, a, depth);
  switch (code)
    {
    case SSA_NAME:
    case INTEGER_CST:
    case NOP_EXPR:
    case CONVERT_EXPR:
      return within_p (ra, full) ? ra : full;
    case BIT_NOT_EXPR:
      /* ~b on a _Bool is !b.  */
      if (TYPE_PRECISION (TREE_TYPE (lhs)) != 1)
        return full;
      /* Fall through.  */
    case TRUTH_NOT_EXPR:
      if (ra.lo == ra.hi && (ra.lo == 0 || ra.lo == 1))
        return make_range (1 - ra.lo, 1 - ra.lo);
      return full;
    case BIT_AND_EXPR:
    case BIT_IOR_EXPR:
      {
        pr_range rb = eval_int_1 (ctx, s, gimple_assign_rhs2 (def), depth);
        if (!within_p (ra, make_range (0, 1))
            || !within_p (rb, make_range (0, 1)))
          return full;
        if (code == BIT_AND_EXPR)
          return make_range (ra.lo & rb.lo, ra.hi & rb.hi);
        return make_range (ra.lo | rb.lo, ra.hi | rb.hi);
      }
    case PLUS_EXPR:
    case MINUS_EXPR:
      {
        tree b = gimple_assign_rhs2 (def);
        if (TREE_CODE (b) != INTEGER_CST
            || TYPE_OVERFLOW_WRAPS (TREE_TYPE (lhs)))
          return full;
        pr_range c = constant_range (b);
        pr_range r = code == PLUS_EXPR
                         ? make_range (ra.lo + c.lo, ra.hi + c.lo)
                         : make_range (ra.lo - c.lo, ra.hi - c.lo);
        return within_p (r, full) ? r : full;
      }
    default:
      return full;
    }
}

/* Return the range of the integer operand T in S.  */
static pr_range
eval_int_1 (pr_ctx *ctx, pstate *s, tree t, int depth)
{
  pr_range r = val_type_range (TREE_TYPE (t));
  if (TREE_CODE (t) == INTEGER_CST)
    return constant_range (t);
  if (TREE_CODE (t) != SSA_NAME)
    return r;
  if (const pr_range *fact = state_lookup_int (s, fact_version (ctx, t)))
    r = intersect (r, *fact);
  if (depth >= MAX_DEPTH || SSA_NAME_IS_DEFAULT_DEF (t))
    return r;
  gimple *def = SSA_NAME_DEF_STMT (t);
  if (gassign *assign = dyn_cast<gassign *> (def))
    return intersect (r, eval_assign_int (ctx, s, assign, depth + 1));
  if (tree arg = expect_argument (def))
    if (INTEGRAL_TYPE_P (TREE_TYPE (arg)))
      return intersect (r, eval_int_1 (ctx, s, arg, depth + 1));
  return r;
}

pr_range
val_eval_int (pr_ctx *ctx, pstate *s, tree t)
{
  return eval_int_1 (ctx, s, t, 0);
}

/* Return false if S contradicts itself: a condition the path took
   (an integer fact on a comparison, or on a | or & of comparisons) no
   longer holds of what S now knows.  A path learns things after the
   branch it took: PyErr_Occurred () returning NULL says that the calls
   nobody tested succeeded, which "if (!a || !b)" (at -O2 one test of
   (a == 0) | (b == 0)) may have ruled out.  */
bool
val_facts_feasible_p (pr_ctx *ctx, pstate *s)
{
  for (unsigned i = 0; i < s->ints.length (); i++)
    {
      unsigned version = s->ints[i].version;
      if (version >= num_ssa_names)
        continue;
      tree t = ssa_name (version);
      if (!t || SSA_NAME_IS_DEFAULT_DEF (t))
        continue;
      gassign *def = dyn_cast<gassign *> (SSA_NAME_DEF_STMT (t));
      if (!def)
        continue;
      enum tree_code code = gimple_assign_rhs_code (def);
      if (TREE_CODE_CLASS (code) != tcc_comparison && code != BIT_IOR_EXPR
          && code != BIT_AND_EXPR && code != TRUTH_NOT_EXPR)
        continue;
      pr_range now = eval_assign_int (ctx, s, def, 1);
      if (empty_p (intersect (now, s->ints[i].range)))
        return false;
    }
  return true;
}

/* Return whether the pointers A and B (objects) are the same.  */
static enum tri
same_object (const pstate *s, unsigned a, unsigned b)
{
  const pobj &x = s->objs[a], &y = s->objs[b];
  if (a == b)
    return TRI_TRUE;
  if (x.nullness == NN_NULL && y.nullness == NN_NULL)
    return TRI_TRUE;
  if ((x.nullness == NN_NULL && y.nullness == NN_NONNULL)
      || (x.nullness == NN_NONNULL && y.nullness == NN_NULL))
    return TRI_FALSE;
  if (x.origin == ORIGIN_STATIC && y.origin == ORIGIN_STATIC)
    return x.decl == y.decl ? TRI_TRUE : TRI_FALSE;
  if (x.origin == ORIGIN_ADDR && y.origin == ORIGIN_ADDR)
    return mem_loc_compare (x.loc, y.loc) == 0 ? TRI_TRUE : TRI_FALSE;
  return TRI_MAYBE;
}

/* Return whether A CODE B holds for the ranges RA and RB.  */
static enum tri
compare_ranges (enum tree_code code, const pr_range &ra, const pr_range &rb)
{
  switch (code)
    {
    case LT_EXPR:
      return ra.hi < rb.lo ? TRI_TRUE : ra.lo >= rb.hi ? TRI_FALSE : TRI_MAYBE;
    case LE_EXPR:
      return ra.hi <= rb.lo ? TRI_TRUE : ra.lo > rb.hi ? TRI_FALSE : TRI_MAYBE;
    case GT_EXPR:
      return ra.lo > rb.hi ? TRI_TRUE : ra.hi <= rb.lo ? TRI_FALSE : TRI_MAYBE;
    case GE_EXPR:
      return ra.lo >= rb.hi ? TRI_TRUE : ra.hi < rb.lo ? TRI_FALSE : TRI_MAYBE;
    case EQ_EXPR:
      if (ra.lo == ra.hi && rb.lo == rb.hi && ra.lo == rb.lo)
        return TRI_TRUE;
      return ra.hi < rb.lo || ra.lo > rb.hi ? TRI_FALSE : TRI_MAYBE;
    case NE_EXPR:
      if (ra.lo == ra.hi && rb.lo == rb.hi && ra.lo == rb.lo)
        return TRI_FALSE;
      return ra.hi < rb.lo || ra.lo > rb.hi ? TRI_TRUE : TRI_MAYBE;
    default:
      return TRI_MAYBE;
    }
}

/* Return whether the recorded relation X REL Y makes X CODE Y true,
   false, or neither.  */
static enum tri
relation_implies (enum tree_code rel, enum tree_code code)
{
  switch (rel)
    {
    case LT_EXPR:
      return code == LT_EXPR || code == LE_EXPR || code == NE_EXPR ? TRI_TRUE
                                                                   : TRI_FALSE;
    case LE_EXPR:
      return code == LE_EXPR   ? TRI_TRUE
             : code == GT_EXPR ? TRI_FALSE
                               : TRI_MAYBE;
    case EQ_EXPR:
      return code == EQ_EXPR || code == LE_EXPR || code == GE_EXPR ? TRI_TRUE
                                                                   : TRI_FALSE;
    case NE_EXPR:
      return code == NE_EXPR   ? TRI_TRUE
             : code == EQ_EXPR ? TRI_FALSE
                               : TRI_MAYBE;
    default:
      return TRI_MAYBE;
    }
}

/* Put A CODE B in the form the relations are kept in: LT, LE, EQ or NE,
   with A and B the fact versions of the operands.  Return false if the
   comparison is not one between two integer SSA names.  */
static bool
normalize_relation (pr_ctx *ctx, enum tree_code *code, tree *a, tree *b)
{
  if (TREE_CODE (*a) != SSA_NAME || TREE_CODE (*b) != SSA_NAME
      || !INTEGRAL_TYPE_P (TREE_TYPE (*a)))
    return false;
  if (*code == GT_EXPR || *code == GE_EXPR)
    {
      std::swap (*a, *b);
      *code = swap_tree_comparison (*code);
    }
  return *code == LT_EXPR || *code == LE_EXPR || *code == EQ_EXPR
         || *code == NE_EXPR;
}

/* Return true if the integer T comes from a call's result, directly or
   through a few conversions and arithmetic operations (the size of a
   container, a parsed argument, n % m with m returned by a call).
   Relations are kept only for such values: between loop counters and
   loaded values (a sort's indexes) they would multiply states for
   nothing.  */
static bool
call_derived_p (tree t, int depth)
{
  if (TREE_CODE (t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF (t) || depth > 3)
    return false;
  gimple *def = SSA_NAME_DEF_STMT (t);
  if (is_gimple_call (def))
    return true;
  gassign *a = dyn_cast<gassign *> (def);
  if (!a || gimple_assign_single_p (a))
    return false;
  for (unsigned i = 1; i < gimple_num_ops (a); i++)
    if (call_derived_p (gimple_op (a, i), depth + 1))
      return true;
  return false;
}

/* Return whether the holes S recorded in the range of A decide A CODE
   K (A != K makes A == K false and A != K true).  */
static enum tri
eval_hole (pr_ctx *ctx, const pstate *s, enum tree_code code, tree a, pr_int k)
{
  if (TREE_CODE (a) != SSA_NAME || (code != EQ_EXPR && code != NE_EXPR))
    return TRI_MAYBE;
  unsigned va = fact_version (ctx, a);
  for (unsigned i = 0; i < s->rels.length (); i++)
    if (s->rels[i].a == va && s->rels[i].b == REL_CONSTANT
        && s->rels[i].k == k)
      return code == NE_EXPR ? TRI_TRUE : TRI_FALSE;
  return TRI_MAYBE;
}

/* Return whether the relations S recorded decide A CODE B.  */
static enum tri
eval_relation (pr_ctx *ctx, const pstate *s, enum tree_code code, tree a,
               tree b)
{
  if (TREE_CODE (a) == SSA_NAME && TREE_CODE (b) == INTEGER_CST)
    {
      pr_range rb = val_eval_int (ctx, CONST_CAST (pstate *, s), b);
      return eval_hole (ctx, s, code, a, rb.lo);
    }
  if (TREE_CODE (a) == INTEGER_CST && TREE_CODE (b) == SSA_NAME)
    {
      pr_range ra = val_eval_int (ctx, CONST_CAST (pstate *, s), a);
      return eval_hole (ctx, s, code, b, ra.lo);
    }
  if (TREE_CODE (a) != SSA_NAME || TREE_CODE (b) != SSA_NAME)
    return TRI_MAYBE;
  unsigned va = fact_version (ctx, a), vb = fact_version (ctx, b);
  if (va == vb)
    return code == EQ_EXPR || code == LE_EXPR || code == GE_EXPR ? TRI_TRUE
                                                                 : TRI_FALSE;
  for (unsigned i = 0; i < s->rels.length (); i++)
    {
      const int_rel &r = s->rels[i];
      enum tri t = TRI_MAYBE;
      if (r.a == va && r.b == vb)
        t = relation_implies ((enum tree_code)r.code, code);
      else if (r.a == vb && r.b == va)
        t = relation_implies ((enum tree_code)r.code,
                              swap_tree_comparison (code));
      if (t != TRI_MAYBE)
        return t;
    }
  return TRI_MAYBE;
}

/* Push to OUT the integer SSA names that the relations of S show to be
   greater than the SSA name A.  */
void
val_upper_bounds (pr_ctx *ctx, const pstate *s, tree a, vec<tree> *out)
{
  if (TREE_CODE (a) != SSA_NAME)
    return;
  unsigned va = fact_version (ctx, a);
  for (unsigned i = 0; i < s->rels.length (); i++)
    if (s->rels[i].a == va && s->rels[i].code == LT_EXPR
        && s->rels[i].b != REL_CONSTANT)
      if (tree b = ssa_name (s->rels[i].b))
        out->safe_push (b);
}

/* S, a state entering a loop header, equals OLD, a state already
   there, but for its integer facts: make S's facts the widened join of
   both, so that the states of a loop's iterations (i in [0, 0] on the
   first trip, [1, ...] after) do not multiply.  A fact only one of them
   has goes; a bound S extends goes to the type's limit, which lets the
   next iteration find S again (classic interval widening); a relation
   stays only if both hold it.  Return true if S then says nothing OLD
   does not (S adds no path).  */
bool
val_widen_ints (pr_ctx *ctx, pstate *s, const pstate *old)
{
  bool within = true;
  unsigned j = 0, k = 0;
  for (unsigned i = 0; i < s->ints.length (); i++)
    {
      int_fact f = s->ints[i];
      while (k < old->ints.length () && old->ints[k].version < f.version)
        {
          /* A fact OLD has and S lacks: S is wider there.  */
          within = false;
          k++;
        }
      if (k == old->ints.length () || old->ints[k].version != f.version)
        continue;
      const pr_range &o = old->ints[k++].range;
      if (within_p (f.range, o))
        {
          f.range = o;
          s->ints[j++] = f;
          continue;
        }
      within = false;
      tree name = ssa_name (f.version);
      pr_range t = val_type_range (name ? TREE_TYPE (name) : NULL_TREE);
      f.range.lo = f.range.lo < o.lo ? t.lo : o.lo;
      f.range.hi = f.range.hi > o.hi ? t.hi : o.hi;
      if (!val_range_full_p (f.range, name ? TREE_TYPE (name) : NULL_TREE))
        s->ints[j++] = f;
    }
  if (k < old->ints.length ())
    within = false;
  s->ints.truncate (j);
  j = 0;
  for (unsigned i = 0; i < s->rels.length (); i++)
    {
      bool both = false;
      for (unsigned m = 0; m < old->rels.length () && !both; m++)
        both = old->rels[m].a == s->rels[i].a && old->rels[m].b == s->rels[i].b
               && old->rels[m].code == s->rels[i].code
               && old->rels[m].k == s->rels[i].k;
      if (both)
        s->rels[j++] = s->rels[i];
    }
  if (j != old->rels.length ())
    within = false;
  s->rels.truncate (j);
  return within;
}

/* Return whether A CODE B holds in S, without learning anything.  */
static enum tri
eval_compare (pr_ctx *ctx, pstate *s, enum tree_code code, tree a, tree b,
              int depth)
{
  tree type = TREE_TYPE (a);
  if (POINTER_TYPE_P (type))
    {
      if (code != EQ_EXPR && code != NE_EXPR)
        return TRI_MAYBE;
      enum tri same = same_object (s, val_eval_ptr (ctx, s, a, NULL),
                                   val_eval_ptr (ctx, s, b, NULL));
      if (same == TRI_MAYBE || code == EQ_EXPR)
        return same;
      return same == TRI_TRUE ? TRI_FALSE : TRI_TRUE;
    }
  if (!INTEGRAL_TYPE_P (type))
    return TRI_MAYBE;
  enum tri t = eval_relation (ctx, s, code, a, b);
  if (t != TRI_MAYBE)
    return t;
  return compare_ranges (code, eval_int_1 (ctx, s, a, depth),
                         eval_int_1 (ctx, s, b, depth));
}

/* Return the part of RA where A CODE C holds.  */
static pr_range
constrain (const pr_range &ra, enum tree_code code, pr_int c)
{
  pr_range r = ra;
  switch (code)
    {
    case LT_EXPR:
      r.hi = MIN (r.hi, c - 1);
      break;
    case LE_EXPR:
      r.hi = MIN (r.hi, c);
      break;
    case GT_EXPR:
      r.lo = MAX (r.lo, c + 1);
      break;
    case GE_EXPR:
      r.lo = MAX (r.lo, c);
      break;
    case EQ_EXPR:
      r = intersect (r, make_range (c, c));
      break;
    case NE_EXPR:
      if (r.lo == c)
        r.lo++;
      else if (r.hi == c)
        r.hi--;
      break;
    default:
      break;
    }
  return r;
}

static bool assume_1 (pr_ctx *, pstate *, enum tree_code, tree, tree, int);

/* Learn that the integer T is in R on this path.  Return false if that
   cannot be.  */
static bool
refine_int (pr_ctx *ctx, pstate *s, tree t, pr_range r, int depth)
{
  r = intersect (r, eval_int_1 (ctx, s, t, depth));
  if (empty_p (r))
    return false;
  if (TREE_CODE (t) != SSA_NAME)
    return true;
  bind_refined (ctx, s, t, r);
  if (depth >= MAX_DEPTH || SSA_NAME_IS_DEFAULT_DEF (t))
    return true;
  gimple *def = SSA_NAME_DEF_STMT (t);
  if (tree arg = expect_argument (def))
    return !INTEGRAL_TYPE_P (TREE_TYPE (arg))
           || refine_int (ctx, s, arg, r, depth + 1);
  gassign *assign = dyn_cast<gassign *> (def);
  if (!assign)
    return true;
  enum tree_code code = gimple_assign_rhs_code (assign);
  tree a = gimple_assign_rhs1 (assign);
  if (TREE_CODE_CLASS (code) == tcc_comparison && r.lo == r.hi)
    {
      if (r.lo == 0)
        {
          code = invert_tree_comparison (code, HONOR_NANS (a));
          if (code == ERROR_MARK)
            return true;
        }
      return assume_1 (ctx, s, code, a, gimple_assign_rhs2 (assign),
                       depth + 1);
    }
  if (!INTEGRAL_TYPE_P (TREE_TYPE (a)))
    return true;
  switch (code)
    {
    case SSA_NAME:
    case NOP_EXPR:
    case CONVERT_EXPR:
      if (within_p (r, val_type_range (TREE_TYPE (a))))
        return refine_int (ctx, s, a, r, depth + 1);
      return true;
    case BIT_AND_EXPR:
    case BIT_IOR_EXPR:
      {
        tree b = gimple_assign_rhs2 (assign);
        /* The value that decides: 0 for &, 1 for |.  */
        HOST_WIDE_INT absorbing = code == BIT_AND_EXPR ? 0 : 1;
        if (r.lo == 1 - absorbing && r.hi == 1 - absorbing)
          return refine_int (ctx, s, a, r, depth + 1)
                 && refine_int (ctx, s, b, r, depth + 1);
        /* (a == 0) | (b == 0) is true and a is not NULL: b is (one test
           of "if (!a || !b)" at -O2).  */
        if (r.lo == absorbing && r.hi == absorbing
            && within_p (val_type_range (TREE_TYPE (a)), make_range (0, 1)))
          {
            pr_range ra = eval_int_1 (ctx, s, a, depth + 1);
            pr_range rb = eval_int_1 (ctx, s, b, depth + 1);
            if (ra.lo == ra.hi && ra.lo == 1 - absorbing)
              return refine_int (ctx, s, b, r, depth + 1);
            if (rb.lo == rb.hi && rb.lo == 1 - absorbing)
              return refine_int (ctx, s, a, r, depth + 1);
          }
        return true;
      }
    case BIT_NOT_EXPR:
      if (TYPE_PRECISION (TREE_TYPE (t)) != 1)
        return true;
      /* Fall through.  */
    case TRUTH_NOT_EXPR:
      if (r.lo == r.hi && (r.lo == 0 || r.lo == 1))
        return refine_int (ctx, s, a, make_range (1 - r.lo, 1 - r.lo),
                           depth + 1);
      return true;
    default:
      return true;
    }
}

/* How much the identity of O says, when two objects turn out to be one
   (unify_objects).  */
static int
unify_rank (const pobj &o)
{
  switch (o.origin)
    {
    case ORIGIN_NEW:
      return 3;
    case ORIGIN_PARAM:
      return 2;
    case ORIGIN_STATIC:
      return 1;
    default:
      return 0;
    }
}

/* The path learned that objects A and B are one object (a == b): keep
   one, with the references of both, and point everything at it.  */
static void
unify_objects (pstate *s, unsigned a, unsigned b)
{
  if (!(s->objs[a].flags & OF_PYOBJ) || !(s->objs[b].flags & OF_PYOBJ))
    return;
  /* Keep the identity that says most: a new reference (where it came
     from), else a parameter (a helper may take it over: result ==
     Py_None, then Py_DECREF (result)), else a static object.  */
  if (unify_rank (s->objs[b]) > unify_rank (s->objs[a]))
    std::swap (a, b);
  pobj &keep = s->objs[a];
  const pobj drop = s->objs[b];
  /* It is that static object (Py_None): remember which, for immortality.  */
  if (drop.origin == ORIGIN_STATIC && !keep.decl)
    keep.decl = drop.decl;
  keep.owned = MAX (MIN (keep.owned + drop.owned, COUNT_MAX), -COUNT_MAX);
  keep.held = MIN (keep.held + drop.held, COUNT_MAX);
  keep.flags
      |= drop.flags & (OF_SHARED | OF_ESCAPED | OF_RELEASED | OF_REPORTED);
  if (drop.origin == ORIGIN_UNKNOWN || keep.origin == ORIGIN_UNKNOWN)
    keep.flags |= OF_ESCAPED;
  /* A new reference that is a parameter or a static object (iter (seq)
     is seq): the caller's reference keeps it alive after ours goes, even
     if ours went before the path learned they were one.  */
  if (keep.origin == ORIGIN_NEW
      && (drop.origin == ORIGIN_PARAM || drop.origin == ORIGIN_STATIC))
    {
      keep.flags |= OF_SHARED;
      keep.flags &= ~OF_RELEASED;
    }
  keep.nullness = NN_NONNULL;
  keep.flags &= ~OF_MAYBE_FAILED;
  if (!keep.site)
    keep.site = drop.site;
  if (!keep.debt_site)
    {
      keep.debt_site = drop.debt_site;
      keep.debt_argno = drop.debt_argno;
    }
  if (!keep.name)
    keep.name = drop.name;
  for (unsigned i = 0; i < s->ssa.length (); i++)
    if (s->ssa[i].obj == b)
      s->ssa[i].obj = a;
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (s->mem[i].obj == b)
      s->mem[i].obj = a;
  /* What is left of B is garbage: make sure nothing finds it again.  */
  s->objs[b].owned = 0;
  s->objs[b].held = 0;
  s->objs[b].decl = NULL_TREE;
  s->objs[b].origin = ORIGIN_OPAQUE;
  s->objs[b].flags = 0;
}

/* Learn that the pointer comparison A CODE B holds.  */
static bool
assume_pointers (pr_ctx *ctx, pstate *s, enum tree_code code, tree a, tree b)
{
  if (code != EQ_EXPR && code != NE_EXPR)
    return true;
  unsigned oa = val_eval_ptr (ctx, s, a, NULL);
  unsigned ob = val_eval_ptr (ctx, s, b, NULL);
  enum tri same = same_object (s, oa, ob);
  if (same != TRI_MAYBE)
    return (same == TRI_TRUE) == (code == EQ_EXPR);
  /* Comparing with NULL tells us whether the other one is NULL.  */
  unsigned other;
  if (s->objs[ob].nullness == NN_NULL)
    other = oa;
  else if (s->objs[oa].nullness == NN_NULL)
    other = ob;
  else
    {
      if (code == EQ_EXPR)
        unify_objects (s, oa, ob);
      return true;
    }
  if (code == EQ_EXPR)
    val_set_null (s, other);
  else
    val_set_nonnull (s, other);
  return true;
}

static bool
assume_1 (pr_ctx *ctx, pstate *s, enum tree_code code, tree a, tree b,
          int depth)
{
  tree type = TREE_TYPE (a);
  if (POINTER_TYPE_P (type))
    return assume_pointers (ctx, s, code, a, b);
  if (!INTEGRAL_TYPE_P (type))
    return true;
  pr_range ra = eval_int_1 (ctx, s, a, depth);
  pr_range rb = eval_int_1 (ctx, s, b, depth);
  enum tri t = eval_relation (ctx, s, code, a, b);
  if (t == TRI_MAYBE)
    t = compare_ranges (code, ra, rb);
  switch (t)
    {
    case TRI_FALSE:
      return false;
    case TRI_TRUE:
      return true;
    default:
      break;
    }
  /* Two values neither of which is known: remember how they compare
     (i < n in a loop), for later tests and for in-range indexes.  */
  enum tree_code rcode = code;
  tree x = a, y = b;
  if (normalize_relation (ctx, &rcode, &x, &y)
      && (call_derived_p (x, 0) || call_derived_p (y, 0)))
    state_add_rel (s, fact_version (ctx, x), fact_version (ctx, y), rcode);
  /* A != K in the middle of A's range: a hole the range cannot hold.  */
  if (code == NE_EXPR && call_derived_p (a, 0) && rb.lo == rb.hi
      && ra.lo < rb.lo && rb.lo < ra.hi)
    state_add_rel (s, fact_version (ctx, a), REL_CONSTANT, NE_EXPR, rb.lo);
  if (rb.lo == rb.hi)
    return refine_int (ctx, s, a, constrain (ra, code, rb.lo), depth);
  if (ra.lo == ra.hi)
    return refine_int (
        ctx, s, b, constrain (rb, swap_tree_comparison (code), ra.lo), depth);
  return true;
}

/* Learn that A CODE B holds on this path; return false if it cannot.  */
bool
val_assume (pr_ctx *ctx, pstate *s, enum tree_code code, tree a, tree b)
{
  return assume_1 (ctx, s, code, a, b, 0);
}
