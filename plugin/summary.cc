/* pyrefcheck: summaries of the unit's own functions.
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

/* gcc runs the early passes, and so this pass, over the call graph
   bottom-up: a function's callees in the unit are analysed before it
   (except around recursion).  While the engine explores a function, the
   paths that return tell what the function does for its callers: what it
   returns (a new reference, a borrowed one, NULL with or without an
   exception, a negative number), what happens to each object parameter
   (kept by the caller, taken over: released, stolen or stored), and how
   it leaves the error indicator.  That becomes a row like the ownership
   table's (summary_lookup), so that a call to the function is modelled
   instead of treated as unknown.  Anything the paths disagree on, or
   cannot tell, stays unknown: such a summary never claims more than
   every path showed.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "hash-map.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "values.h"

/* What the returns of a function showed, accumulated over its paths.  */
enum
{
  SEEN_NEW = 1,         /* a new reference is returned */
  SEEN_BORROWED = 2,    /* a borrowed reference is returned */
  SEEN_UNKNOWN_OBJ = 4, /* an object of unknown ownership is returned */
  SEEN_FAIL = 8,        /* NULL, or a negative number, is returned */
  SEEN_ZERO = 16,       /* 0 is returned (an int function) */
  SEEN_POSITIVE = 32,   /* a positive number is returned */
  SEEN_UNDECIDED = 64   /* success or failure cannot be told */
};

/* What happened to one object parameter, over the paths.  */
enum
{
  PARAM_KEPT = 1,  /* the caller's reference is untouched */
  PARAM_TAKEN = 2, /* the function took it over (released, stole it) */
  PARAM_OTHER = 4  /* anything else: escaped, taken twice */
};

/* A summary: the row callers use, and how the function leaves the error
   indicator on success and on failure.  ROW is first, so that a row
   pointer is a summary pointer (summary_exc_effects).  */
struct fn_summary
{
  odb_row row;
  enum exc_effect on_success, on_failure;
  /* An integer function: the values it returns on success, on failure,
     and on any path.  */
  pr_range success_values, failure_values, all_values;
  /* The parameter whose nullness decides failure (a check such as
     "return value ? 0 : -1"), or -1; and whether NULL means failure.  */
  int guard;
  bool fails_when_null;
  /* The parameter every path returns, itself (an initializer that
     returns the object it was given), or -1.  */
  int returns_arg;
  /* The statically allocated object every successful path returns (a
     type built once: SWIG's SwigPyPacked_TypeOnce), or NULL.  */
  tree static_decl;
  /* The global pointer variable whose object every successful path
     returns (a cache created on first use: SWIG's SWIG_This), or NULL.  */
  tree global_decl;
};

/* What the paths of the function being analysed showed.  */
struct summary_acc
{
  unsigned seen;
  /* The static object the paths return, and whether any returned
     something else.  */
  tree static_decl;
  bool other_returned;
  /* The global variable whose object the paths return, and whether any
     returned an object no global held.  */
  tree global_decl;
  bool other_global;
  /* Per exit kind (success, failure): a bit per exc_effect seen.  */
  unsigned success_exc, failure_exc;
  /* Per parameter position: PARAM_* bits.  */
  unsigned char params[ODB_MAX_ARGS];
  /* The integers returned, as in fn_summary; EMPTY when none.  */
  pr_range success_values, failure_values, all_values;
  /* Per parameter position: the nullness it had (1 << NN_*) when the
     function succeeded, and when it failed.  */
  unsigned char success_null[ODB_MAX_ARGS], failure_null[ODB_MAX_ARGS];
  /* The parameter returned itself: -1 none yet, -2 two different ones.  */
  int returned_param;
};

/* The empty range, which unite_range grows.  */
static const pr_range empty_range = { 1, 0 };

static summary_acc acc;

/* Marks the rows that are summaries.  */
static const char summary_source[] = "summary of its definition";

/* FNDECL -> its summary.  */
static hash_map<tree, fn_summary *> *summaries;

/* Start accumulating the summary of the function CTX analyses.  */
void
summary_start (pr_ctx *ctx)
{
  memset (&acc, 0, sizeof acc);
  acc.success_values = acc.failure_values = acc.all_values = empty_range;
  acc.returned_param = -1;
}

/* Grow *R to hold X.  */
static void
unite_range (pr_range *r, const pr_range &x)
{
  if (r->lo > r->hi)
    *r = x;
  else
    {
      r->lo = MIN (r->lo, x.lo);
      r->hi = MAX (r->hi, x.hi);
    }
}

/* Return how a path leaves the error indicator S->exc, relative to the
   caller's.  */
static enum exc_effect
exc_effect_of (const pstate *s, bool pending)
{
  switch (s->exc)
    {
    case EXC_ENTRY:
    case EXC_ENTRY_CLEAR:
      return pending ? EXC_TO_UNKNOWN : EXC_KEEP;
    case EXC_SET:
      return EXC_TO_SET;
    case EXC_CLEAR:
      return pending ? EXC_TO_UNKNOWN : EXC_TO_CLEAR;
    default:
      return EXC_TO_UNKNOWN;
    }
}

static int parameter_position (pr_ctx *ctx, tree parm);

/* Record which global pointer variable, if any, holds the object OBJ the
   path S returns.  */
static void
note_returned_global (pr_ctx *ctx, pstate *s, unsigned obj)
{
  tree decl = NULL_TREE;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      const mem_binding &b = s->mem[i];
      if (b.obj == obj && b.loc.kind == LOC_GLOBAL && b.loc.offset == 0
          && pyobject_pointer_type_p (TREE_TYPE (ctx->globals[b.loc.base])))
        {
          decl = ctx->globals[b.loc.base];
          break;
        }
    }
  if (decl && (!acc.global_decl || acc.global_decl == decl))
    acc.global_decl = decl;
  else
    acc.other_global = true;
}

/* Record the pointer RV the path S returns.  */
static void
note_returned_pointer (pr_ctx *ctx, pstate *s, tree rv, greturn *ret,
                       bool pending)
{
  unsigned obj = val_eval_ptr (ctx, s, rv, ret);
  const pobj &o = s->objs[obj];
  if (o.nullness == NN_NULL)
    {
      acc.seen |= SEEN_FAIL;
      acc.failure_exc |= 1u << exc_effect_of (s, pending);
      return;
    }
  acc.success_exc |= 1u << exc_effect_of (s, pending);
  if (o.flags & OF_MAYBE_FAILED)
    {
      /* An unchecked result handed on: NULL when its call failed.  */
      acc.seen |= SEEN_FAIL;
      acc.failure_exc
          |= 1u << ((o.flags & OF_FAIL_SETS_EXC) ? EXC_TO_SET
                                                 : exc_effect_of (s, pending));
    }
  else if (o.nullness != NN_NONNULL)
    acc.seen |= SEEN_UNDECIDED;
  if (!ctx->returns_pyobj)
    return;
  if (o.origin == ORIGIN_PARAM && o.decl)
    {
      /* The object the caller gave (whatever became of it: that is the
         parameter's summary).  */
      int n = parameter_position (ctx, o.decl);
      if (acc.returned_param == -1 && n >= 0)
        acc.returned_param = n;
      else if (acc.returned_param != n)
        acc.returned_param = -2;
      if (o.owned > 0)
        acc.seen |= SEEN_UNKNOWN_OBJ;
      return;
    }
  note_returned_global (ctx, s, obj);
  if (o.origin == ORIGIN_STATIC && o.decl
      && (!acc.static_decl || acc.static_decl == o.decl))
    acc.static_decl = o.decl;
  else
    acc.other_returned = true;
  if (!(o.flags & OF_PYOBJ) || (o.flags & OF_ESCAPED)
      || o.origin == ORIGIN_UNKNOWN || o.origin == ORIGIN_OPAQUE)
    acc.seen |= SEEN_UNKNOWN_OBJ;
  else if (o.owned > 0)
    acc.seen |= SEEN_NEW;
  else
    acc.seen |= SEEN_BORROWED;
}

/* Record the integer RV the path S returns: negative is failure.  */
static void
note_returned_int (pr_ctx *ctx, pstate *s, tree rv, bool pending)
{
  pr_range r = val_eval_int (ctx, s, rv);
  enum exc_effect effect = exc_effect_of (s, pending);
  unite_range (&acc.all_values, r);
  if (r.hi < 0)
    {
      acc.seen |= SEEN_FAIL;
      acc.failure_exc |= 1u << effect;
      unite_range (&acc.failure_values, r);
      return;
    }
  if (r.lo < 0)
    {
      acc.seen |= SEEN_UNDECIDED;
      return;
    }
  acc.success_exc |= 1u << effect;
  unite_range (&acc.success_values, r);
  acc.seen |= r.hi == 0   ? SEEN_ZERO
              : r.lo == 0 ? SEEN_ZERO | SEEN_POSITIVE
                          : SEEN_POSITIVE;
}

/* Record the nullness of the parameters on the path S, which succeeds
   or (FAILED) fails.  */
static void
note_param_nullness (pr_ctx *ctx, const pstate *s, bool failed)
{
  unsigned char *seen = failed ? acc.failure_null : acc.success_null;
  unsigned char found[ODB_MAX_ARGS] = { 0 };
  for (unsigned i = 0; i < s->objs.length (); i++)
    {
      const pobj &o = s->objs[i];
      if (o.origin != ORIGIN_PARAM || !o.decl)
        continue;
      int n = parameter_position (ctx, o.decl);
      if (n >= 0 && n < ODB_MAX_ARGS)
        found[n] |= 1u << o.nullness;
    }
  for (int n = 0; n < ODB_MAX_ARGS; n++)
    seen[n] |= found[n] ? found[n] : 1u << NN_UNKNOWN;
}

/* Record what the path S returning RV at RET shows (before the returned
   reference goes to the caller).  PENDING: a call may have failed and set
   an exception, untested.  */
void
summary_note_return (pr_ctx *ctx, pstate *s, tree rv, greturn *ret,
                     bool pending)
{
  unsigned before = acc.seen;
  if (rv && POINTER_TYPE_P (TREE_TYPE (rv)))
    note_returned_pointer (ctx, s, rv, ret, pending);
  else if (rv && INTEGRAL_TYPE_P (TREE_TYPE (rv)))
    note_returned_int (ctx, s, rv, pending);
  else
    acc.success_exc |= 1u << exc_effect_of (s, pending);
  /* (A path that may fail or not, undecided, counts as both.)  */
  bool failed = (acc.seen & ~before & SEEN_FAIL) != 0;
  bool undecided = (acc.seen & ~before & SEEN_UNDECIDED) != 0;
  note_param_nullness (ctx, s, failed || undecided);
  if (undecided)
    note_param_nullness (ctx, s, false);
}

/* Return the position of the parameter PARM of CTX's function, or -1.  */
static int
parameter_position (pr_ctx *ctx, tree parm)
{
  int i = 0;
  for (tree p = DECL_ARGUMENTS (ctx->fndecl); p; p = DECL_CHAIN (p), i++)
    if (p == parm)
      return i;
  return -1;
}

/* Record the fate of the parameter object O at the end of a path (when
   the path returns, or when nothing reaches O any more).  */
void
summary_note_param (pr_ctx *ctx, const pobj &o)
{
  if (o.origin != ORIGIN_PARAM || !o.decl || TREE_CODE (o.decl) != PARM_DECL)
    return;
  int i = parameter_position (ctx, o.decl);
  if (i < 0 || i >= ODB_MAX_ARGS)
    return;
  if (o.flags & OF_ESCAPED)
    acc.params[i] |= PARAM_OTHER;
  else if (o.owned >= 0)
    acc.params[i] |= PARAM_KEPT;
  else if (o.owned == -1)
    acc.params[i] |= PARAM_TAKEN;
  else
    acc.params[i] |= PARAM_OTHER;
}

/* Return the one effect in the bit set BITS, or EXC_TO_UNKNOWN.  */
static enum exc_effect
single_effect (unsigned bits)
{
  for (int e = EXC_KEEP; e <= EXC_TO_UNKNOWN; e++)
    if (bits == 1u << e)
      return (enum exc_effect)e;
  return EXC_TO_UNKNOWN;
}

/* Fill the RETURNS and ERROR columns of S for CTX's function.  */
static void
summarize_result (pr_ctx *ctx, fn_summary *s)
{
  tree type = TREE_TYPE (TREE_TYPE (ctx->fndecl));
  odb_row &row = s->row;
  bool fails = acc.seen & SEEN_FAIL;
  s->static_decl = s->global_decl = NULL_TREE;
  s->returns_arg = -1;
  s->on_success = single_effect (acc.success_exc);
  s->on_failure = single_effect (acc.failure_exc);
  if (VOID_TYPE_P (type))
    {
      row.ret = ODB_RET_VOID;
      row.err = ODB_ERR_NEVER;
      return;
    }
  s->returns_arg = -1;
  if (ctx->returns_pyobj && acc.returned_param != -1)
    {
      /* It returns what it was given: the caller's object, whose fate is
         the parameter's.  Unless other paths return something else.  */
      row.ret = ODB_RET_UNKNOWN;
      if (acc.returned_param >= 0
          && !(acc.seen & (SEEN_UNKNOWN_OBJ | SEEN_NEW | SEEN_BORROWED)))
        s->returns_arg = acc.returned_param;
    }
  else if (ctx->returns_pyobj)
    row.ret = (acc.seen & SEEN_UNKNOWN_OBJ)
                      || (acc.seen & (SEEN_NEW | SEEN_BORROWED))
                             == (SEEN_NEW | SEEN_BORROWED)
                  ? ODB_RET_UNKNOWN
              : (acc.seen & SEEN_NEW)      ? ODB_RET_NEW
              : (acc.seen & SEEN_BORROWED) ? ODB_RET_BORROWED
                                           : ODB_RET_UNKNOWN;
  else
    row.ret = ODB_RET_NONOBJ;
  s->static_decl = row.ret == ODB_RET_BORROWED && !acc.other_returned
                       ? acc.static_decl
                       : NULL_TREE;
  s->global_decl = row.ret == ODB_RET_BORROWED && !acc.other_global
                       ? acc.global_decl
                       : NULL_TREE;
  if (acc.seen & SEEN_UNDECIDED)
    row.err = ODB_ERR_UNKNOWN;
  else if (!fails)
    row.err = ODB_ERR_NEVER;
  else if (POINTER_TYPE_P (type))
    /* NULL is the failure; how it leaves the error indicator is
       ON_FAILURE.  Unknown there, NULL may come with or without an
       exception.  */
    row.err = s->on_failure == EXC_TO_SET ? ODB_ERR_NULL_EXC
              : s->on_failure == EXC_KEEP ? ODB_ERR_NULL_NOEXC
                                          : ODB_ERR_UNKNOWN;
  else if (INTEGRAL_TYPE_P (type))
    row.err = s->on_failure == EXC_TO_UNKNOWN ? ODB_ERR_UNKNOWN
              : (acc.seen & SEEN_POSITIVE)    ? ODB_ERR_NEG1_EXC
                                              : ODB_ERR_STATUS_EXC;
  else
    row.err = ODB_ERR_UNKNOWN;
}

/* Fill the ARGS column of S for CTX's function.  */
static void
summarize_params (pr_ctx *ctx, fn_summary *s)
{
  odb_row &row = s->row;
  int n = 0;
  for (tree p = DECL_ARGUMENTS (ctx->fndecl); p && n < ODB_MAX_ARGS;
       p = DECL_CHAIN (p), n++)
    {
      unsigned char &kind = row.args[n];
      if (!pyobject_pointer_type_p (TREE_TYPE (p)))
        kind = POINTER_TYPE_P (TREE_TYPE (p)) ? ODB_ARG_UNKNOWN
                                              : ODB_ARG_NONOBJ;
      else if (acc.params[n] == PARAM_TAKEN)
        kind = ODB_ARG_STEALS | ODB_ARG_MAYBE_NULL;
      else if (acc.params[n] == PARAM_KEPT || acc.params[n] == 0)
        kind = ODB_ARG_BORROWED | ODB_ARG_MAYBE_NULL;
      else
        kind = ODB_ARG_UNKNOWN;
    }
  row.nargs = n;
  row.varargs = stdarg_p (TREE_TYPE (ctx->fndecl)) ? ODB_VARARGS_UNKNOWN
                                                   : ODB_VARARGS_NONE;
}

/* Set S->guard to the parameter whose nullness decides failure: NULL on
   every path that fails and non-NULL on every path that succeeds, or the
   other way round.  */
static void
find_guard (fn_summary *s)
{
  const unsigned char null = 1u << NN_NULL, nonnull = 1u << NN_NONNULL;
  s->guard = -1;
  if (s->row.err == ODB_ERR_NEVER || s->row.err == ODB_ERR_UNKNOWN)
    return;
  for (int n = 0; n < s->row.nargs; n++)
    if ((acc.failure_null[n] == null && acc.success_null[n] == nonnull)
        || (acc.failure_null[n] == nonnull && acc.success_null[n] == null))
      {
        s->guard = n;
        s->fails_when_null = acc.failure_null[n] == null;
        return;
      }
}

/* The analysis of CTX's function ended: keep its summary, unless the
   engine gave up on it or no path returned.  */
void
summary_finish (pr_ctx *ctx)
{
  if (ctx->give_up_reason || !DECL_NAME (ctx->fndecl)
      || (!acc.seen && !acc.success_exc))
    return;
  fn_summary *s = XCNEW (fn_summary);
  s->row.name
      = CONST_CAST (char *, IDENTIFIER_POINTER (DECL_NAME (ctx->fndecl)));
  s->row.source = CONST_CAST (char *, summary_source);
  s->row.file = "summary";
  s->row.line = LOCATION_LINE (DECL_SOURCE_LOCATION (ctx->fndecl));
  summarize_result (ctx, s);
  summarize_params (ctx, s);
  find_guard (s);
  s->success_values = acc.success_values;
  s->failure_values = acc.failure_values;
  s->all_values = acc.all_values;
  if (!summaries)
    summaries = new hash_map<tree, fn_summary *>;
  if (fn_summary **old = summaries->get (ctx->fndecl))
    free (*old);
  summaries->put (ctx->fndecl, s);
  if (pyrefcheck_opts.dump)
    {
      char args[256];
      odb_format_args (&s->row, args, sizeof args);
      fprintf (stderr, "  summary: %s %s %s %s", s->row.name,
               odb_ret_name (s->row.ret), odb_err_name (s->row.err), args);
      if (s->guard >= 0)
        fprintf (stderr, " (fails iff argument %d is %s)", s->guard + 1,
                 s->fails_when_null ? "NULL" : "non-NULL");
      if (s->returns_arg >= 0)
        fprintf (stderr, " (returns argument %d)", s->returns_arg + 1);
      if (s->static_decl)
        fprintf (stderr, " (returns static %s)",
                 IDENTIFIER_POINTER (DECL_NAME (s->static_decl)));
      if (s->global_decl)
        fprintf (stderr, " (returns what global %s holds)",
                 IDENTIFIER_POINTER (DECL_NAME (s->global_decl)));
      fputc ('\n', stderr);
    }
}

/* Return the summary row of the unit's function FNDECL, or NULL.  */
const odb_row *
summary_lookup (tree fndecl)
{
  if (!summaries || !fndecl)
    return NULL;
  fn_summary **s = summaries->get (fndecl);
  return s ? &(*s)->row : NULL;
}

/* If ROW is a summary whose failure depends on the nullness of an
   argument, set *ARGNO (0-based) and *FAILS_WHEN_NULL and return true.  */
bool
summary_guard (const odb_row *row, unsigned *argno, bool *fails_when_null)
{
  if (row->source != summary_source)
    return false;
  const fn_summary *s = (const fn_summary *)row;
  if (s->guard < 0)
    return false;
  *argno = s->guard;
  *fails_when_null = s->fails_when_null;
  return true;
}

/* Return true if ROW is a summary.  */
bool
summary_adjust_outcome_p (const odb_row *row)
{
  return row->source == summary_source;
}

/* If ROW is a summary of a function that returns a statically
   allocated object (on success), return that object's declaration.  */
tree
summary_static_result (const odb_row *row)
{
  if (row->source != summary_source)
    return NULL_TREE;
  return ((const fn_summary *)row)->static_decl;
}

/* If ROW is a summary of a function that returns (on success) the object
   a global pointer variable holds, return that variable.  */
tree
summary_global_result (const odb_row *row)
{
  if (row->source != summary_source)
    return NULL_TREE;
  return ((const fn_summary *)row)->global_decl;
}

/* If ROW is a summary of a function that returns its argument ARGNO
   (0-based) itself, set *ARGNO and return true.  */
bool
summary_returned_argument (const odb_row *row, unsigned *argno)
{
  if (row->source != summary_source)
    return false;
  const fn_summary *s = (const fn_summary *)row;
  if (s->returns_arg < 0)
    return false;
  *argno = s->returns_arg;
  return true;
}

/* Narrow *R to what it shares with the non-empty range X.  */
static void
narrow_range (pr_range *r, const pr_range &x)
{
  if (x.lo > x.hi)
    return;
  r->lo = MAX (r->lo, x.lo);
  r->hi = MIN (r->hi, x.hi);
  if (r->lo > r->hi)
    *r = x;
}

/* If ROW is a summary, make OUTCOME (the call failed or not) what the
   function's paths showed: how it leaves the error indicator, and for an
   integer function the values it returns.  Return true if it is one.  */
bool
summary_adjust_outcome (const odb_row *row, bool failed, enum exc_effect *exc,
                        pr_range *values)
{
  if (row->source != summary_source)
    return false;
  const fn_summary *s = (const fn_summary *)row;
  if (row->err == ODB_ERR_UNKNOWN)
    narrow_range (values, s->all_values);
  else
    {
      *exc = failed ? s->on_failure : s->on_success;
      narrow_range (values, failed ? s->failure_values : s->success_values);
    }
  return true;
}
