/* pyrefcheck: the reference-count state machine: what assignments,
   stores, returns and branches do to the references a path holds.
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

/* The states of an object (see sm-refcount.dot): its balance of owned
   references (state.h), whether memory holds it, whether it was
   released, stolen while not owned (a debt), or handed to code we cannot
   see (escaped).  This file and calls.cc decide the transitions; the
   engine walks the paths; diag.cc speaks.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "ssa.h"
#include "gimple-iterator.h"
#include "fold-const.h"
#include "tree-cfg.h"
#include "tree-dfa.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "values.h"
#include "sm-refcount.h"
#include "checks.h"

/* Report finding WHAT about object O at STMT / LOC.  */
void
sm_report (pr_ctx *ctx, enum final_event what, const pobj &o, gimple *stmt,
           location_t loc, const char *callee, int argno)
{
  finding_info f;
  memset (&f, 0, sizeof f);
  f.what = what;
  f.loc = loc;
  f.obj = o;
  f.stmt = stmt;
  f.callee = callee;
  f.argno = argno;
  diag_report (ctx, f);
}

/* Return true if no finding can be proven about O: we do not know its
   ownership, it went where we cannot see, it is immortal, or a finding
   was already reported on it on this path.  */
bool
sm_unreportable_p (const pobj &o)
{
  if (!(o.flags & OF_PYOBJ) || (o.flags & (OF_ESCAPED | OF_REPORTED)))
    return true;
  if (o.origin == ORIGIN_UNKNOWN || o.origin == ORIGIN_OPAQUE
      || o.origin == ORIGIN_NULL || o.origin == ORIGIN_ADDR)
    return true;
  return o.decl && VAR_P (o.decl) && immortal_object_decl_p (o.decl);
}

/* Return true if O is a parameter of a helper (a function that is not a
   Python callback): releasing or stealing it may be the helper's
   convention (it takes over its argument), which only the callers can
   confirm.  */
static bool
helper_parameter_p (pr_ctx *ctx, const pobj &o)
{
  return o.origin == ORIGIN_PARAM && ctx->role == ROLE_NONE && !ctx->contract;
}

/* Return true if the function promises (by its attributes) that a
   failure sets an exception.  */
static bool
contract_sets_exception_p (pr_ctx *ctx)
{
  return ctx->contract
         && (ctx->contract->err == ODB_ERR_NULL_EXC
             || ctx->contract->err == ODB_ERR_NEG1_EXC
             || ctx->contract->err == ODB_ERR_STATUS_EXC
             || ctx->contract->err == ODB_ERR_ALWAYS_EXC);
}

/* Return the argument kind the function's contract gives its parameter
   PARM.  */
enum odb_arg
contract_parameter_kind (pr_ctx *ctx, tree parm)
{
  if (!ctx->contract)
    return ODB_ARG_BORROWED;
  unsigned i = 0;
  for (tree p = DECL_ARGUMENTS (ctx->fndecl); p; p = DECL_CHAIN (p), i++)
    if (p == parm)
      return i < ctx->contract->nargs ? ODB_ARG_KIND (ctx->contract->args[i])
                                      : ODB_ARG_BORROWED;
  return ODB_ARG_BORROWED;
}

/* Note the unproven finding WHAT about the helper parameter O at STMT.  */
static void
note_helper_parameter (pr_ctx *ctx, enum final_event what, const pobj &o,
                       gimple *stmt, const char *callee, int argno)
{
  finding_info f;
  memset (&f, 0, sizeof f);
  f.what = what;
  f.loc = diag_stmt_location (ctx, stmt);
  f.obj = o;
  f.stmt = stmt;
  f.callee = callee;
  f.argno = argno;
  diag_note_unproven (ctx, f,
                      "a helper may take over a reference from its caller "
                      "by convention");
}

/* This function receives one more reference to O.  */
void
sm_take_reference (pobj &o)
{
  if (o.owned < COUNT_MAX)
    o.owned++;
}

/* This function gives one reference to O away at STMT (to a stealing
   call's argument ARGNO, or to memory when ARGNO is 0).  Giving a
   reference it does not own puts it in debt; the debt is reported if
   nothing pays it before the path ends, unless REPORTABLE is false (the
   reference went to memory the caller sees, such as an output
   parameter, whose contract we do not know).  */
static void
give_reference (pobj &o, gimple *stmt, unsigned argno, bool reportable)
{
  if (o.owned <= 0 && !o.debt_site && reportable)
    {
      o.debt_site = stmt;
      o.debt_argno = argno;
    }
  if (o.owned == 1)
    {
      o.transfer_site = stmt;
      o.transfer_argno = argno;
    }
  if (o.owned > -COUNT_MAX)
    o.owned--;
  o.flags |= OF_SHARED;
}

/* The call CALL (to CALLEE) steals a reference to object OBJ, its
   argument ARGNO.  */
void
sm_steal (pr_ctx *, pstate *s, unsigned obj, gimple *call, const char *,
          unsigned argno)
{
  pobj &o = s->objs[obj];
  if (!(o.flags & OF_PYOBJ) || o.nullness == NN_NULL
      || (o.flags & OF_RELEASED))
    return;
  give_reference (o, call, argno, true);
}

/* CALL (to CALLEE) releases one reference to object OBJ (Py_DECREF).  */
void
sm_release (pr_ctx *ctx, pstate *s, unsigned obj, gimple *call,
            const char *callee)
{
  pobj &o = s->objs[obj];
  if (o.flags & OF_RELEASED)
    {
      if (!(o.flags & OF_REPORTED))
        sm_report (ctx, FE_DOUBLE_RELEASE, o, call,
                   diag_stmt_location (ctx, call), callee, 0);
      o.flags |= OF_REPORTED;
      return;
    }
  if (o.owned > 0)
    {
      o.owned--;
      /* A static object (a result found equal to Py_None) is never freed.  */
      if (o.owned == 0 && o.held == 0 && o.origin == ORIGIN_NEW
          && !(o.flags & OF_SHARED) && !(o.decl && VAR_P (o.decl)))
        {
          o.flags |= OF_RELEASED;
          o.event_site = call;
        }
      return;
    }
  /* Releasing the reference a field or global holds (Py_DECREF
     (self->x) before overwriting or freeing it).  */
  if (o.held > 0)
    {
      o.held--;
      return;
    }
  if (sm_unreportable_p (o))
    return;
  if (helper_parameter_p (ctx, o))
    {
      /* The helper takes over its caller's reference (its summary says
         so, for the callers).  */
      note_helper_parameter (ctx, FE_DECREF_BORROWED, o, call, callee, 0);
      o.flags |= OF_REPORTED;
      if (o.owned > -COUNT_MAX)
        o.owned--;
      return;
    }
  sm_report (ctx, FE_DECREF_BORROWED, o, call, diag_stmt_location (ctx, call),
             callee, 0);
  o.flags |= OF_REPORTED;
}

/* Return true if storing into LOC makes a reference visible to Python
   code: a global, or a field of a Python object.  */
static bool
python_visible_p (const pstate *s, const mem_loc &loc)
{
  if (loc.kind == LOC_GLOBAL)
    return true;
  return loc.kind == LOC_HEAP
         && (s->objs[loc.base].flags & (OF_PYOBJ | OF_STATE_MEMORY));
}

/* Memory at a location we track stops holding object OLD (it is
   overwritten): the reference it held is now this function's.  */
static void
take_back_from_memory (pobj &old)
{
  if (old.held == 0)
    return;
  old.held--;
  if (old.nullness != NN_NULL)
    sm_take_reference (old);
}

/* Store object VALUE at LOC (STMT).  A local just holds it; a global or
   a field takes one reference (a store transfers ownership).  */
void
sm_store_at (pr_ctx *ctx, pstate *s, const mem_loc &loc, unsigned value,
             gimple *stmt)
{
  int old = state_lookup_mem (s, loc);
  if (loc.kind == LOC_LOCAL)
    {
      state_bind_mem (s, loc, value);
      tree var = ctx->locals[loc.base];
      if (!AGGREGATE_TYPE_P (TREE_TYPE (var)))
        {
          if (loc.offset == 0)
            val_name_object (s, value, var);
        }
      else if (!s->objs[value].name && stmt && is_gimple_assign (stmt))
        {
          /* An element of an array or a field of a struct is named by
             the store's left-hand side, 'items[1]', not by the whole
             variable.  */
          tree lhs = gimple_assign_lhs (stmt);
          if ((TREE_CODE (lhs) == ARRAY_REF
               || TREE_CODE (lhs) == COMPONENT_REF)
              && get_base_address (lhs) == var)
            s->objs[value].name = lhs;
        }
      return;
    }
  if (old == (int)value)
    return;
  if (old >= 0)
    take_back_from_memory (s->objs[old]);
  pobj &o = s->objs[value];
  /* An object pointing to itself (cf->m_self = op) holds no reference:
     that would be a cycle.  Unless the function took one for it first
     (Py_INCREF (self); self->result = self, a cycle tp_clear breaks):
     beyond the reference a new object is born with.  */
  bool self = loc.kind == LOC_HEAP && loc.base == value
              && o.owned <= (o.origin == ORIGIN_NEW ? 1 : 0);
  /* Whether a C global holds a reference to a statically allocated
     object is the code's convention (Cython's "g = Py_None; Py_INCREF
     (Py_None);" says it does, "ptype = &PyFoo_Type;" says it does not),
     and so is a static object's ob_type (static types are built with
     "static_type = tmp;"): no reference moves, and what the function owns
     of the object afterwards proves nothing.  (A field of a static Python
     object, a descriptor's typeobj, owns its reference as any object's
     field does.)  */
  tree gtype = loc.kind == LOC_GLOBAL ? TREE_TYPE (ctx->globals[loc.base])
                                      : NULL_TREE;
  bool convention = loc.kind == LOC_GLOBAL && o.origin == ORIGIN_STATIC
                    && (!pyobject_struct_type_p (gtype)
                        || pyobject_ob_type_offset_p (gtype, loc.offset));
  /* A global the unit's objects pin (check_tables_pinned_global_p)
     holds no reference of its own.  */
  if (loc.kind == LOC_GLOBAL && loc.offset == 0
      && check_tables_pinned_global_p (ctx->globals[loc.base]))
    convention = true;
  if (convention)
    o.flags |= OF_ESCAPED;
  else if ((o.flags & OF_PYOBJ) && o.nullness != NN_NULL && !self)
    {
      if (o.held < COUNT_MAX)
        o.held++;
      give_reference (o, stmt, 0, python_visible_p (s, loc));
    }
  state_bind_mem (s, loc, value);
}

/* Store object VALUE into the memory reference LHS at STMT.  */
static void
store (pr_ctx *ctx, pstate *s, tree lhs, unsigned value, gimple *stmt)
{
  /* A type's tp_base, set before PyType_Ready, is a plain pointer: it
     holds no reference (PyType_Ready takes one only for a base it fills
     in itself).  */
  if (TREE_CODE (lhs) == COMPONENT_REF && DECL_NAME (TREE_OPERAND (lhs, 1))
      && id_equal (DECL_NAME (TREE_OPERAND (lhs, 1)), "tp_base"))
    return;
  mem_loc loc;
  if (val_get_location (ctx, s, lhs, &loc))
    {
      sm_store_at (ctx, s, loc, value, stmt);
      return;
    }
  /* Memory we cannot name (an array at a variable index, a pointer we
     lost track of): it takes a reference, whose contract we do not know.  */
  pobj &o = s->objs[value];
  if ((o.flags & OF_PYOBJ) && o.nullness != NN_NULL)
    give_reference (o, stmt, 0, false);
}

/* Code we cannot see may write to LOC (its address was passed to it):
   forget what it held; if ESCAPED, what it held escaped too.  */
void
sm_escape_location (pstate *s, const mem_loc &loc, bool escaped)
{
  for (unsigned i = 0; i < s->mem.length (); i++)
    if (s->mem[i].loc.kind == loc.kind && s->mem[i].loc.base == loc.base
        && escaped)
      s->objs[s->mem[i].obj].flags |= OF_ESCAPED | OF_SHARED;
  state_unbind_mem_under (s, loc, true);
}

/* Return the object for P + OFFSET (the POINTER_PLUS_EXPR STMT): P itself
   for a zero offset, else a pointer into memory we cannot name.  */
static unsigned
derived_pointer (pr_ctx *ctx, pstate *s, gassign *stmt, bool pyobj)
{
  tree base = gimple_assign_rhs1 (stmt), off = gimple_assign_rhs2 (stmt);
  unsigned obj = val_eval_ptr (ctx, s, base, stmt);
  if (integer_zerop (off))
    return obj;
  unsigned d = val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE,
                               NN_UNKNOWN, pyobj, stmt);
  s->objs[d].flags |= OF_DERIVED;
  return d;
}

/* Return the object the pointer-valued assignment STMT computes.  */
static unsigned
eval_rhs_ptr (pr_ctx *ctx, pstate *s, gassign *stmt)
{
  enum tree_code code = gimple_assign_rhs_code (stmt);
  tree rhs1 = gimple_assign_rhs1 (stmt);
  tree type = TREE_TYPE (gimple_assign_lhs (stmt));
  bool pyobj = pyobject_pointer_type_p (type);
  switch (get_gimple_rhs_class (code))
    {
    case GIMPLE_SINGLE_RHS:
      return val_eval_ptr (ctx, s, rhs1, stmt);
    case GIMPLE_UNARY_RHS:
      if (CONVERT_EXPR_CODE_P (code) || code == VIEW_CONVERT_EXPR)
        {
          if (POINTER_TYPE_P (TREE_TYPE (rhs1)))
            return val_eval_ptr (ctx, s, rhs1, stmt);
          if (integer_zerop (rhs1))
            return val_new_object (s, ORIGIN_NULL, NN_NULL, false, NULL);
        }
      break;
    case GIMPLE_BINARY_RHS:
      if (code == POINTER_PLUS_EXPR)
        return derived_pointer (ctx, s, stmt, pyobj);
      break;
    default:
      break;
    }
  return val_new_object (s, pyobj ? ORIGIN_UNKNOWN : ORIGIN_OPAQUE, NN_UNKNOWN,
                         pyobj, stmt);
}

/* If the assignment STMT copies a pointer as a pointer-sized integer (an
   8-byte memcpy folded by gcc: _1 = MEM <unsigned long> [&src]; MEM
   <unsigned long> [dst] = _1), return the object the bits point to, else
   -1.  */
static int
pointer_bits (pr_ctx *ctx, pstate *s, gassign *stmt)
{
  tree lhs = gimple_assign_lhs (stmt), rhs = gimple_assign_rhs1 (stmt);
  tree type = TREE_TYPE (lhs);
  if (!INTEGRAL_TYPE_P (type) || TYPE_PRECISION (type) != POINTER_SIZE)
    return -1;
  /* (uintptr_t) p, VIEW_CONVERT_EXPR <unsigned long> (p).  */
  if (TREE_CODE (rhs) == VIEW_CONVERT_EXPR)
    rhs = TREE_OPERAND (rhs, 0);
  if (TREE_CODE (rhs) == SSA_NAME && POINTER_TYPE_P (TREE_TYPE (rhs))
      && (gimple_assign_single_p (stmt)
          || CONVERT_EXPR_CODE_P (gimple_assign_rhs_code (stmt))))
    return state_lookup_ssa (s, SSA_NAME_VERSION (rhs));
  if (!gimple_assign_single_p (stmt))
    return -1;
  if (TREE_CODE (rhs) == SSA_NAME)
    return TREE_CODE (lhs) == SSA_NAME
               ? -1
               : state_lookup_ssa (s, SSA_NAME_VERSION (rhs));
  mem_loc loc;
  if (TREE_CODE (lhs) != SSA_NAME || !val_get_location (ctx, s, rhs, &loc))
    return -1;
  int found = state_lookup_mem (s, loc);
  if (found >= 0 && s->objs[found].origin == ORIGIN_INT)
    return -1;
  return found;
}

/* Return the range memory at LOC is known to hold for a load of TYPE,
   or TYPE's range.  */
static pr_range
memory_int_range (pstate *s, const mem_loc &loc, tree type)
{
  pr_range r = val_type_range (type);
  int found = state_lookup_mem (s, loc);
  if (found < 0 || s->objs[found].origin != ORIGIN_INT)
    return r;
  const pobj &o = s->objs[found];
  if (!o.decl || TYPE_PRECISION (o.decl) != TYPE_PRECISION (type)
      || TYPE_UNSIGNED (o.decl) != TYPE_UNSIGNED (type))
    return r;
  r.lo = MAX (r.lo, (pr_int)o.int_lo);
  r.hi = MIN (r.hi, (pr_int)o.int_hi);
  return r;
}

/* Store the integer RHS of type TYPE at LOC: remember its range, when
   it says something, until code we do not see may change it.  */
static void
store_int (pr_ctx *ctx, pstate *s, const mem_loc &loc, tree type, tree rhs)
{
  int old = state_lookup_mem (s, loc);
  pr_range r = val_eval_int (ctx, s, rhs);
  bool fits = r.lo >= HOST_WIDE_INT_MIN && r.hi <= HOST_WIDE_INT_MAX;
  if ((old >= 0 && (s->objs[old].flags & OF_PYOBJ)) || !fits
      || val_range_full_p (r, type) || r.lo > r.hi)
    {
      state_unbind_mem_under (s, loc, false);
      return;
    }
  unsigned obj = val_new_object (s, ORIGIN_INT, NN_UNKNOWN, false, NULL);
  s->objs[obj].decl = TYPE_MAIN_VARIANT (type);
  s->objs[obj].int_lo = (HOST_WIDE_INT)r.lo;
  s->objs[obj].int_hi = (HOST_WIDE_INT)r.hi;
  state_bind_mem (s, loc, obj);
}

/* Before the call CALL (or a store through a pointer we cannot follow,
   when CALL is NULL): forget the integers stored in memory it may
   change, through Python code it runs (fields, globals) or a pointer it
   was given (locals whose address was taken), or its result.  */
void
sm_forget_memory_ints (pr_ctx *ctx, pstate *s, gcall *call)
{
  tree lhs = call ? gimple_call_lhs (call) : NULL_TREE;
  mem_loc loc;
  if (lhs && TREE_CODE (lhs) != SSA_NAME
      && val_get_location (ctx, s, lhs, &loc))
    {
      int old = state_lookup_mem (s, loc);
      if (old >= 0 && s->objs[old].origin == ORIGIN_INT)
        state_unbind_mem_under (s, loc, false);
    }
  unsigned j = 0;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      const mem_binding &b = s->mem[i];
      if (s->objs[b.obj].origin == ORIGIN_INT
          && (b.loc.kind != LOC_LOCAL
              || bitmap_bit_p (ctx->addr_exposed, b.loc.base)))
        continue;
      s->mem[j++] = b;
    }
  s->mem.truncate (j);
}

/* Run the assignment STMT.  */
static enum step
run_assign (pr_ctx *ctx, pstate *s, gassign *stmt)
{
  tree lhs = gimple_assign_lhs (stmt);
  tree type = TREE_TYPE (lhs);
  mem_loc loc;

  if (gimple_clobber_p (stmt))
    {
      /* The variable goes out of scope.  */
      if (val_get_location (ctx, s, lhs, &loc) && loc.kind == LOC_LOCAL)
        state_unbind_mem_under (s, loc, true);
      return STEP_CONTINUE;
    }
  if (!val_check_derefs (ctx, s, lhs, stmt)
      || (gimple_assign_single_p (stmt)
          && !val_check_derefs (ctx, s, gimple_assign_rhs1 (stmt), stmt)))
    return STEP_END;
  if (TREE_CODE (lhs) == SSA_NAME)
    {
      if (POINTER_TYPE_P (type))
        {
          unsigned obj = eval_rhs_ptr (ctx, s, stmt);
          state_bind_ssa (s, SSA_NAME_VERSION (lhs), obj);
          val_name_object (s, obj, lhs);
        }
      else if (INTEGRAL_TYPE_P (type))
        {
          val_unbind_int (ctx, s, lhs);
          state_unbind_ssa (s, SSA_NAME_VERSION (lhs));
          /* Remember the value now, while what it is computed from is
             still known (a flag set from a pointer test, for one, or an
             integer stored in memory).  */
          pr_range r = val_eval_int (ctx, s, lhs);
          tree rhs = gimple_assign_rhs1 (stmt);
          if (gimple_assign_single_p (stmt) && TREE_CODE (rhs) != SSA_NAME
              && !CONSTANT_CLASS_P (rhs)
              && val_get_location (ctx, s, rhs, &loc))
            {
              pr_range m = memory_int_range (s, loc, type);
              r.lo = MAX (r.lo, m.lo);
              r.hi = MIN (r.hi, m.hi);
            }
          val_bind_int (ctx, s, lhs, r);
          int obj = pointer_bits (ctx, s, stmt);
          if (obj >= 0)
            state_bind_ssa (s, SSA_NAME_VERSION (lhs), obj);
        }
      return STEP_CONTINUE;
    }
  int bits = pointer_bits (ctx, s, stmt);
  if (POINTER_TYPE_P (type))
    store (ctx, s, lhs, eval_rhs_ptr (ctx, s, stmt), stmt);
  else if (bits >= 0)
    store (ctx, s, lhs, bits, stmt);
  else if (!val_get_location (ctx, s, lhs, &loc))
    sm_forget_memory_ints (ctx, s, NULL);
  else if (INTEGRAL_TYPE_P (type) && gimple_assign_single_p (stmt))
    store_int (ctx, s, loc, type, gimple_assign_rhs1 (stmt));
  else
    /* An aggregate copy or a scalar over a pointer: forget it.  */
    state_unbind_mem_under (s, loc, AGGREGATE_TYPE_P (type));
  return STEP_CONTINUE;
}

/* Return true if memory the caller can see (through a pointer that is
   not a Python object: an output parameter, a C struct) points to object
   I in S.  */
static bool
in_caller_memory_p (const pstate *s, unsigned i)
{
  for (unsigned j = 0; j < s->mem.length (); j++)
    if (s->mem[j].obj == i && s->mem[j].loc.kind == LOC_HEAP
        && !(s->objs[s->mem[j].loc.base].flags & OF_PYOBJ))
      return true;
  return false;
}

/* Return true if object I of S is what a global the unit's objects pin
   points to (check_tables_pinned_global_p): a reference the function
   took to it belongs to the object it built ("Py_XINCREF
   (Swig_Capsule_global);" in SWIG's SwigPyObject_New).  */
static bool
pinned_object_p (pr_ctx *ctx, const pstate *s, unsigned i)
{
  for (unsigned j = 0; j < s->mem.length (); j++)
    if (s->mem[j].obj == i && s->mem[j].loc.kind == LOC_GLOBAL
        && s->mem[j].loc.offset == 0
        && check_tables_pinned_global_p (ctx->globals[s->mem[j].loc.base]))
      return true;
  return false;
}

/* Check object O at the end of a path or when nothing can reach it any
   more (LOC, STMT): a reference still owned leaks; a reference given
   away without being owned is reported where it was given.
   CALLER_MEMORY: memory the caller sees still points to it, so a
   reference it owns may be the caller's by contract.  */
static void
check_final (pr_ctx *ctx, const pobj &o, location_t loc, gimple *stmt,
             bool caller_memory)
{
  if (!(o.flags & OF_PYOBJ) || o.nullness == NN_NULL)
    return;
  summary_note_param (ctx, o);
  if (o.owned > 0)
    {
      finding_info f;
      memset (&f, 0, sizeof f);
      f.what = FE_LEAK;
      f.loc = loc;
      f.obj = o;
      f.stmt = stmt;
      if (o.origin == ORIGIN_UNKNOWN || (o.flags & OF_ESCAPED))
        diag_note_unproven (ctx, f,
                            "it was passed to a function whose "
                            "ownership rules are unknown");
      else if (caller_memory)
        diag_note_unproven (ctx, f,
                            "memory the caller sees (an output "
                            "parameter?) still points to it");
      else if (!(o.flags & OF_REPORTED))
        diag_report (ctx, f);
      return;
    }
  if (o.owned < 0 && o.debt_site && !sm_unreportable_p (o))
    {
      enum final_event what
          = o.debt_argno ? FE_STEAL_BORROWED : FE_STORE_BORROWED;
      const char *callee = o.debt_argno ? sm_callee_name (o.debt_site) : NULL;
      if (helper_parameter_p (ctx, o))
        note_helper_parameter (ctx, what, o, o.debt_site, callee,
                               o.debt_argno);
      else
        sm_report (ctx, what, o, o.debt_site,
                   diag_stmt_location (ctx, o.debt_site), callee,
                   o.debt_argno);
    }
}

/* Check the objects in DEAD, which nothing reaches any more at LOC.  */
void
sm_check_dead (pr_ctx *ctx, vec<dead_object> &dead, location_t loc)
{
  for (unsigned i = 0; i < dead.length (); i++)
    check_final (ctx, dead[i].obj, loc, NULL, false);
}

/* Return the location of the return statement RET.  */
static location_t
return_location (pr_ctx *ctx, greturn *ret)
{
  location_t loc = gimple_location (ret);
  if (LOCATION_LOCUS (loc) != UNKNOWN_LOCATION)
    return user_location (loc);
  /* At -O0 the return of a merged exit has no location: use the last
     statement before it on this path (Py_RETURN_NONE's call).  */
  vec<gimple *> &stmts = ctx->bb_stmts[ctx->cur_node->bb->index];
  for (unsigned i = ctx->cur_idx; i-- > ctx->cur_node->stmt_idx;)
    {
      loc = gimple_location (stmts[i]);
      if (LOCATION_LOCUS (loc) != UNKNOWN_LOCATION)
        return user_location (loc);
    }
  return engine_entry_location (ctx, ctx->cur_node);
}

/* Return true if a call on this path may have failed and set an
   exception without the path having tested it yet (if (!a || !b) tests
   two results at once).  */
static bool
pending_failure_p (const pstate *s)
{
  for (unsigned i = 0; i < s->objs.length (); i++)
    if ((s->objs[i].flags & (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
        == (OF_MAYBE_FAILED | OF_FAIL_SETS_EXC))
      return true;
  return false;
}

/* Check returning the object OBJ (at LOC): the caller gets one of the
   references this function owns.  */
static void
return_object (pr_ctx *ctx, pstate *s, unsigned obj, location_t loc,
               greturn *ret)
{
  pobj &o = s->objs[obj];
  if (o.nullness == NN_NULL)
    {
      if (ctx->returns_pyobj && exc_clear_p (s->exc)
          && (ctx->role == ROLE_METHOD || ctx->role == ROLE_INIT
              || contract_sets_exception_p (ctx))
          && !pending_failure_p (s))
        {
          finding_info f;
          memset (&f, 0, sizeof f);
          f.what = FE_NULL_WITHOUT_EXCEPTION;
          f.loc = loc;
          f.obj = o;
          f.stmt = ret;
          f.cause = s->exc_site;
          diag_report (ctx, f);
        }
      return;
    }
  if (!ctx->returns_pyobj || !(o.flags & OF_PYOBJ))
    return;
  if (o.flags & OF_RELEASED)
    {
      val_check_use (ctx, s, obj, ret);
      return;
    }
  /* A function declared to return a borrowed reference keeps its own:
     if it owns one, the check at the end of the path reports the leak.  */
  if (ctx->contract && ctx->contract->ret == ODB_RET_BORROWED)
    return;
  if (o.owned > 0)
    {
      o.owned--;
      ctx->returns_owned_seen = true;
      return;
    }
  if (sm_unreportable_p (o))
    return;
  if (helper_parameter_p (ctx, o))
    {
      ctx->returns_param_seen = true;
      return;
    }
  if (o.debt_site)
    /* It was given away (stored, stolen) without a reference before:
       that is where the reference went missing.  */
    sm_report (ctx, o.debt_argno ? FE_STEAL_BORROWED : FE_STORE_BORROWED, o,
               o.debt_site, diag_stmt_location (ctx, o.debt_site),
               o.debt_argno ? sm_callee_name (o.debt_site) : NULL,
               o.debt_argno);
  else
    sm_report (ctx, FE_RETURN_BORROWED, o, ret, loc, NULL, 0);
  o.flags |= OF_REPORTED;
}

/* Whether a return reports failure, by the function's contract.  */
enum return_status
{
  RS_SUCCESS,
  RS_FAILURE,
  RS_UNKNOWN
};

/* Return whether returning RV (on S) reports failure, by the function's
   contract: NULL, or a negative number.  */
static enum return_status
return_status (pr_ctx *ctx, pstate *s, tree rv, greturn *ret)
{
  if (!ctx->contract)
    return RS_SUCCESS;
  if (ctx->contract->err == ODB_ERR_ALWAYS_EXC)
    return RS_FAILURE;
  if (!rv)
    return RS_SUCCESS;
  switch (ctx->contract->err)
    {
    case ODB_ERR_NULL_EXC:
      if (!POINTER_TYPE_P (TREE_TYPE (rv)))
        return RS_SUCCESS;
      switch (s->objs[val_eval_ptr (ctx, s, rv, ret)].nullness)
        {
        case NN_NULL:
          return RS_FAILURE;
        case NN_NONNULL:
          return RS_SUCCESS;
        default:
          return RS_UNKNOWN;
        }
    case ODB_ERR_NEG1_EXC:
    case ODB_ERR_STATUS_EXC:
      {
        if (!INTEGRAL_TYPE_P (TREE_TYPE (rv)))
          return RS_SUCCESS;
        pr_range r = val_eval_int (ctx, s, rv);
        if (r.hi < 0)
          return RS_FAILURE;
        if (r.lo >= 0)
          return RS_SUCCESS;
        return RS_UNKNOWN;
      }
    default:
      return RS_SUCCESS;
    }
}

/* Check what the function's contract says about returning at RET (LOC)
   with the status STATUS: a failure must have set an exception; a
   parameter stolen only on success goes back to the caller on failure.  */
static void
check_contract_return (pr_ctx *ctx, pstate *s, greturn *ret, location_t loc,
                       tree rv, enum return_status status)
{
  if (status == RS_FAILURE && contract_sets_exception_p (ctx)
      && exc_clear_p (s->exc) && !pending_failure_p (s)
      && !(rv && POINTER_TYPE_P (TREE_TYPE (rv)) && ctx->returns_pyobj))
    {
      /* (A NULL object pointer was checked by return_object.)  */
      finding_info f;
      memset (&f, 0, sizeof f);
      f.what = FE_NULL_WITHOUT_EXCEPTION;
      f.loc = loc;
      f.stmt = ret;
      f.cause = s->exc_site;
      f.returned = rv && POINTER_TYPE_P (TREE_TYPE (rv))      ? RV_NULL
                   : ctx->contract->err == ODB_ERR_ALWAYS_EXC ? RV_ANYTHING
                                                              : RV_NEGATIVE;
      diag_report (ctx, f);
    }
  if (status == RS_SUCCESS)
    return;
  for (unsigned i = 0; i < s->objs.length (); i++)
    {
      pobj &o = s->objs[i];
      if (o.origin != ORIGIN_PARAM || !o.decl
          || contract_parameter_kind (ctx, o.decl)
                 != ODB_ARG_STEALS_ON_SUCCESS)
        continue;
      if (o.owned > 0)
        /* The caller keeps its reference.  */
        o.owned--;
      else if (status == RS_FAILURE && !sm_unreportable_p (o)
               && o.nullness != NN_NULL)
        {
          finding_info f;
          memset (&f, 0, sizeof f);
          f.what = FE_STEAL_ON_FAILURE;
          f.loc = loc;
          f.obj = o;
          f.stmt = ret;
          diag_report (ctx, f);
          o.flags |= OF_REPORTED;
        }
    }
}

/* Run the return statement RET: the path ends.  */
static enum step
run_return (pr_ctx *ctx, pstate *s, greturn *ret)
{
  tree rv = gimple_return_retval (ret);
  location_t loc = return_location (ctx, ret);
  enum return_status status = return_status (ctx, s, rv, ret);
  summary_note_return (ctx, s, rv, ret, pending_failure_p (s));
  if (rv && POINTER_TYPE_P (TREE_TYPE (rv)))
    return_object (ctx, s, val_eval_ptr (ctx, s, rv, ret), loc, ret);
  if (ctx->contract)
    check_contract_return (ctx, s, ret, loc, rv, status);
  for (unsigned i = 0; i < s->objs.length (); i++)
    if (s->objs[i].owned <= 0 || !pinned_object_p (ctx, s, i))
      check_final (ctx, s->objs[i], loc, ret, in_caller_memory_p (s, i));
  return STEP_END;
}

/* Run STMT on S.  */
enum step
sm_run_stmt (pr_ctx *ctx, pstate *s, gimple *stmt)
{
  switch (gimple_code (stmt))
    {
    case GIMPLE_ASSIGN:
      return run_assign (ctx, s, as_a<gassign *> (stmt));
    case GIMPLE_CALL:
      return sm_run_call (ctx, s, as_a<gcall *> (stmt));
    case GIMPLE_RETURN:
      return run_return (ctx, s, as_a<greturn *> (stmt));
    case GIMPLE_ASM:
      ctx->give_up_reason = "it uses inline assembly";
      ctx->give_up_loc = gimple_location (stmt);
      return STEP_GIVE_UP;
    case GIMPLE_GOTO:
      if (TREE_CODE (gimple_goto_dest (stmt)) != LABEL_DECL)
        {
          ctx->give_up_reason = "it uses a computed goto";
          ctx->give_up_loc = gimple_location (stmt);
          return STEP_GIVE_UP;
        }
      return STEP_CONTINUE;
    case GIMPLE_RESX:
    case GIMPLE_EH_DISPATCH:
    case GIMPLE_EH_MUST_NOT_THROW:
    case GIMPLE_TRY:
      ctx->give_up_reason = "it uses exception handling";
      ctx->give_up_loc = gimple_location (stmt);
      return STEP_GIVE_UP;
    default:
      return STEP_CONTINUE;
    }
}

/* Return true if the function compares its parameter PARM with NULL
   (directly, not a copy of it).  */
static bool
null_tested_p (pr_ctx *ctx, tree parm)
{
  tree ddef = ssa_default_def (ctx->fun, parm);
  if (!ddef)
    return false;
  imm_use_iterator it;
  gimple *use;
  FOR_EACH_IMM_USE_STMT (use, it, ddef)
  {
    tree rhs2 = NULL_TREE;
    if (gcond *c = dyn_cast<gcond *> (use))
      rhs2 = gimple_cond_rhs (c);
    else if (is_gimple_assign (use)
             && TREE_CODE_CLASS (gimple_assign_rhs_code (use))
                    == tcc_comparison)
      rhs2 = gimple_assign_rhs2 (use);
    if (rhs2 && integer_zerop (rhs2))
      return true;
  }
  return false;
}

/* Bind the parameters in the entry state S.  */
void
sm_init_entry_state (pr_ctx *ctx, pstate *s)
{
  /* A Python callback starts with no exception set; a helper with its
     caller's error indicator, whatever it is, and so do the callbacks
     that return nothing (tp_dealloc, tp_finalize), which may run while
     an exception propagates.  */
  bool callback = ctx->role != ROLE_NONE
                  && !VOID_TYPE_P (TREE_TYPE (TREE_TYPE (ctx->fndecl)));
  s->exc = callback || contract_sets_exception_p (ctx) ? EXC_CLEAR : EXC_ENTRY;
  int nonnull = function_nonnull_params (ctx->fndecl);
  int position = -1;
  for (tree parm = DECL_ARGUMENTS (ctx->fndecl); parm;
       parm = DECL_CHAIN (parm))
    {
      position++;
      if (!POINTER_TYPE_P (TREE_TYPE (parm)))
        continue;
      bool pyobj = pyobject_pointer_type_p (TREE_TYPE (parm));
      /* Python passes a callback its self (the module, the type, the
         instance) first, never NULL, and some others (a METH_O
         argument, nb_add's other operand); not all (the keywords of a
         call, a setter's value).  */
      bool self = pyobj && ctx->role != ROLE_NONE
                  && (parm == DECL_ARGUMENTS (ctx->fndecl)
                      || (position < 31 && (nonnull & (1 << position))));
      unsigned obj
          = val_new_object (s, pyobj ? ORIGIN_PARAM : ORIGIN_OPAQUE,
                            self ? NN_NONNULL : NN_UNKNOWN, pyobj, NULL);
      s->objs[obj].decl = parm;
      s->objs[obj].name = parm;
      if (!pyobj)
        s->objs[obj].flags |= OF_PARAM;
      /* A parameter the function's attributes say it steals: it owns
         the reference.  */
      enum odb_arg kind = contract_parameter_kind (ctx, parm);
      if (pyobj
          && (kind == ODB_ARG_STEALS || kind == ODB_ARG_STEALS_ON_SUCCESS))
        s->objs[obj].owned = 1;
      /* A parameter tested for NULL lives until the function returns:
         what it returns may depend on it (summary.cc); one stolen only on
         success too (check_contract_return).  */
      if (pyobj
          && (kind == ODB_ARG_STEALS_ON_SUCCESS || null_tested_p (ctx, parm)))
        s->objs[obj].flags |= OF_KEEP;
      if (tree ddef = ssa_default_def (ctx->fun, parm))
        state_bind_ssa (s, SSA_NAME_VERSION (ddef), obj);
      unsigned index;
      if (engine_local_p (ctx, parm, &index))
        {
          mem_loc loc;
          loc.kind = LOC_LOCAL;
          loc.base = index;
          loc.offset = 0;
          state_bind_mem (s, loc, obj);
        }
    }
}

/* Return what is known of the result of PHI coming around the back edge
   E: nothing, but for an induction variable that starts at a constant
   and only grows (i = 0; ...; i++), that it is at least the start; or
   only shrinks, at most the start.  The same on every iteration, so the
   loop still reaches a fixed point.  */
static pr_range
induction_range (gphi *phi, edge e)
{
  tree res = gimple_phi_result (phi);
  pr_range full = val_type_range (TREE_TYPE (res));
  tree next = PHI_ARG_DEF_FROM_EDGE (phi, e);
  if (gimple_phi_num_args (phi) != 2 || TREE_CODE (next) != SSA_NAME)
    return full;
  tree start = gimple_phi_arg_edge (phi, 0) == e ? gimple_phi_arg_def (phi, 1)
                                                 : gimple_phi_arg_def (phi, 0);
  /* (Before constant propagation the start is a copy: i_1 = 0.)  */
  if (TREE_CODE (start) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF (start))
    if (gassign *init = dyn_cast<gassign *> (SSA_NAME_DEF_STMT (start)))
      if (gimple_assign_single_p (init))
        start = gimple_assign_rhs1 (init);
  gassign *step = dyn_cast<gassign *> (SSA_NAME_DEF_STMT (next));
  if (TREE_CODE (start) != INTEGER_CST || !tree_fits_shwi_p (start) || !step
      || gimple_assign_rhs1 (step) != res
      || (gimple_assign_rhs_code (step) != PLUS_EXPR
          && gimple_assign_rhs_code (step) != MINUS_EXPR)
      || TREE_CODE (gimple_assign_rhs2 (step)) != INTEGER_CST
      || !tree_fits_shwi_p (gimple_assign_rhs2 (step))
      || !TYPE_OVERFLOW_UNDEFINED (TREE_TYPE (res)))
    return full;
  HOST_WIDE_INT by = tree_to_shwi (gimple_assign_rhs2 (step));
  if (gimple_assign_rhs_code (step) == MINUS_EXPR)
    by = -by;
  pr_int s0 = tree_to_shwi (start);
  if (by > 0 && s0 >= full.lo)
    full.lo = s0;
  else if (by < 0 && s0 <= full.hi)
    full.hi = s0;
  return full;
}

/* Return the one back edge into BB, or NULL if none or several.  */
static edge
back_edge_into (basic_block bb)
{
  edge found = NULL, e;
  edge_iterator ei;
  FOR_EACH_EDGE (e, ei, bb->preds)
  if (e->flags & EDGE_DFS_BACK)
    {
      if (found)
        return NULL;
      found = e;
    }
  return found;
}

/* Bind the PHI results of E->dest for the path coming along E.  Integer
   values do not flow around a loop's back edge: a counter would make
   every iteration a new state (induction_range keeps what stays).  */
void
sm_apply_phis (pr_ctx *ctx, pstate *s, edge e)
{
  bool back = (e->flags & EDGE_DFS_BACK) != 0;
  /* Entering a loop, a counter is already what it is on every trip
     (i >= 0), not only on the first (i == 0): otherwise the first trip's
     state and the others' differ, and nested loops make one state per
     combination of them.  */
  edge loop_back = back ? NULL : back_edge_into (e->dest);
  auto_vec<std::pair<tree, unsigned> > ptrs;
  auto_vec<std::pair<tree, pr_range> > ints;
  for (gphi_iterator gsi = gsi_start_phis (e->dest); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      gphi *phi = gsi.phi ();
      tree res = gimple_phi_result (phi);
      if (virtual_operand_p (res))
        continue;
      tree arg = PHI_ARG_DEF_FROM_EDGE (phi, e);
      if (POINTER_TYPE_P (TREE_TYPE (res)))
        ptrs.safe_push (
            std::make_pair (res, val_eval_ptr (ctx, s, arg, NULL)));
      else if (INTEGRAL_TYPE_P (TREE_TYPE (res)) && back)
        ints.safe_push (std::make_pair (res, induction_range (phi, e)));
      else if (INTEGRAL_TYPE_P (TREE_TYPE (res)))
        {
          pr_range r = val_eval_int (ctx, s, arg);
          if (loop_back)
            {
              pr_range any = induction_range (phi, loop_back);
              if (!val_range_full_p (any, TREE_TYPE (res)))
                {
                  r.lo = MIN (r.lo, any.lo);
                  r.hi = MAX (r.hi, any.hi);
                }
            }
          ints.safe_push (std::make_pair (res, r));
        }
    }
  for (unsigned i = 0; i < ptrs.length (); i++)
    {
      state_bind_ssa (s, SSA_NAME_VERSION (ptrs[i].first), ptrs[i].second);
      val_name_object (s, ptrs[i].second, ptrs[i].first);
    }
  for (unsigned i = 0; i < ints.length (); i++)
    val_bind_int (ctx, s, ints[i].first, ints[i].second);
}

/* Return true if the switch SW can take the edge E in S.  */
static bool
switch_edge_feasible_p (pr_ctx *ctx, pstate *s, gswitch *sw, edge e)
{
  pr_range r = val_eval_int (ctx, s, gimple_switch_index (sw));
  bool matched_elsewhere = false, feasible = false;
  for (unsigned i = 1; i < gimple_switch_num_labels (sw); i++)
    {
      tree label = gimple_switch_label (sw, i);
      tree low = CASE_LOW (label);
      tree high = CASE_HIGH (label) ? CASE_HIGH (label) : low;
      if (TREE_CODE (low) != INTEGER_CST || TREE_CODE (high) != INTEGER_CST)
        return true;
      if (!tree_fits_shwi_p (low) || !tree_fits_shwi_p (high))
        return true;
      pr_int lo = tree_to_shwi (low), hi = tree_to_shwi (high);
      bool overlaps = !(r.hi < lo || r.lo > hi);
      bool covers = r.lo >= lo && r.hi <= hi;
      if (label_to_block (ctx->fun, CASE_LABEL (label)) == e->dest)
        feasible |= overlaps;
      else if (covers)
        matched_elsewhere = true;
    }
  tree def = gimple_switch_default_label (sw);
  if (label_to_block (ctx->fun, CASE_LABEL (def)) == e->dest)
    feasible |= !matched_elsewhere;
  return feasible;
}

/* Learn what taking edge E out of a block ending with LAST means for S.
   Return false if the path cannot take E.  */
bool
sm_assume_edge (pr_ctx *ctx, pstate *s, gimple *last, edge e)
{
  if (gcond *cond = dyn_cast<gcond *> (last))
    {
      enum tree_code code = gimple_cond_code (cond);
      tree lhs = gimple_cond_lhs (cond);
      if (!(e->flags & EDGE_TRUE_VALUE))
        {
          code = invert_tree_comparison (code, HONOR_NANS (lhs));
          if (code == ERROR_MARK)
            return true;
        }
      return val_assume (ctx, s, code, lhs, gimple_cond_rhs (cond));
    }
  if (gswitch *sw = dyn_cast<gswitch *> (last))
    return switch_edge_feasible_p (ctx, s, sw, e);
  return true;
}
