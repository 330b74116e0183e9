/* pyrefcheck: findings and their diagnostic paths.
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

/* The engine reports a finding with the node and statement where it
   happens; diag_flush later turns the path back to the function's entry
   into numbered events that state ownership, and emits one diagnostic
   per finding, in source order.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "intl.h"
#include "diagnostic.h"
#include "diagnostic-path.h"
#include "gcc-rich-location.h"
#include "tree-cfg.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "checks.h"
#include "report.h"

/* A finding and where its path ends.  */
struct finding
{
  finding_info info;
  enode *node;
  unsigned idx;
  /* Where the path ends (the return, or the point where the object
     became unreachable).  */
  location_t end_loc;
  /* Not proven: shown as a note under the verbose argument only.  */
  const char *unproven_why;
};

/* The findings of the function being analysed.  */
static vec<finding> findings;

/* Strings to free after emitting.  */
static vec<char *> strings;

/* Counters for the stats argument.  */
unsigned diag_counts[FK_MAX];

static char *
keep (char *s)
{
  strings.safe_push (s);
  return s;
}

/* Return NAME between quotes.  */
static const char *
quote (const char *name)
{
  return keep (xasprintf ("%s%s%s", open_quote, name, close_quote));
}

/* Return the name users write for the function NAME: the macros of
   Python's headers call _PyArg_ParseTuple_SizeT for PyArg_ParseTuple
   (under PY_SSIZE_T_CLEAN), _Py_NewRef for Py_NewRef, _PyObject_New for
   PyObject_New...  */
static const char *
display_name (const char *name)
{
  static const char *const plain[]
      = { "_Py_NewRef",       "_Py_XNewRef",      "_PyObject_New",
          "_PyObject_NewVar", "_PyObject_GC_New", "_PyObject_GC_NewVar" };
  size_t len = strlen (name);
  if (len > 7 && strcmp (name + len - 6, "_SizeT") == 0)
    {
      const char *start = name[0] == '_' ? name + 1 : name;
      return keep (xstrndup (start, name + len - 6 - start));
    }
  for (size_t i = 0; i < ARRAY_SIZE (plain); i++)
    if (strcmp (name, plain[i]) == 0)
      return name + 1;
  return name;
}

/* Return the function NAME between quotes, as users write it.  */
static const char *
quote_fn (const char *name)
{
  return quote (display_name (name));
}

/* Return the kind of finding WHAT is.  */
static enum finding_kind
kind_of (enum final_event what)
{
  switch (what)
    {
    case FE_LEAK:
    case FE_LEAK_DISCARDED:
      return FK_LEAK;
    case FE_USE_AFTER_RELEASE:
      return FK_USE_AFTER_RELEASE;
    case FE_NULL_DEREF:
      return FK_NULL_DEREF;
    case FE_NULL_WITHOUT_EXCEPTION:
      return FK_NULL_WITHOUT_EXCEPTION;
    default:
      return FK_REFCOUNT_TOO_LOW;
    }
}

/* Return the name a user writes for the static object DECL.  */
static const char *
static_object_name (tree decl)
{
  static const char *const map[][2]
      = { { "_Py_NoneStruct", "Py_None" },
          { "_Py_TrueStruct", "Py_True" },
          { "_Py_FalseStruct", "Py_False" },
          { "_Py_NotImplementedStruct", "Py_NotImplemented" },
          { "_Py_EllipsisObject", "Py_Ellipsis" } };
  const char *name = IDENTIFIER_POINTER (DECL_NAME (decl));
  for (size_t i = 0; i < ARRAY_SIZE (map); i++)
    if (strcmp (name, map[i][0]) == 0)
      return map[i][1];
  return name;
}

/* Return the source spelling of the memory reference or variable T, as
   far as it can be printed (self->x, st->cache, items[2]), or NULL.  */
static char *
expr_string (tree t, int depth)
{
  if (!t || depth > 6)
    return NULL;
  switch (TREE_CODE (t))
    {
    case SSA_NAME:
      return expr_string (SSA_NAME_VAR (t), depth + 1);
    case VAR_DECL:
    case PARM_DECL:
      if (!DECL_NAME (t) || DECL_ARTIFICIAL (t))
        return NULL;
      return xstrdup (IDENTIFIER_POINTER (DECL_NAME (t)));
    case COMPONENT_REF:
      {
        tree base = TREE_OPERAND (t, 0), field = TREE_OPERAND (t, 1);
        if (!DECL_NAME (field))
          return expr_string (base, depth + 1);
        const char *fname = IDENTIFIER_POINTER (DECL_NAME (field));
        bool arrow = TREE_CODE (base) == MEM_REF
                     && integer_zerop (TREE_OPERAND (base, 1));
        char *b
            = expr_string (arrow ? TREE_OPERAND (base, 0) : base, depth + 1);
        if (!b)
          return NULL;
        char *r = xasprintf ("%s%s%s", b, arrow ? "->" : ".", fname);
        free (b);
        return r;
      }
    case MEM_REF:
      {
        if (!integer_zerop (TREE_OPERAND (t, 1)))
          return NULL;
        char *b = expr_string (TREE_OPERAND (t, 0), depth + 1);
        if (!b)
          return NULL;
        char *r = xasprintf ("*%s", b);
        free (b);
        return r;
      }
    case ARRAY_REF:
      {
        tree index = TREE_OPERAND (t, 1);
        char *b = expr_string (TREE_OPERAND (t, 0), depth + 1);
        if (!b || !tree_fits_shwi_p (index))
          {
            free (b);
            return NULL;
          }
        char *r = xasprintf ("%s[%ld]", b, (long)tree_to_shwi (index));
        free (b);
        return r;
      }
    default:
      return NULL;
    }
}

/* Return the spelling of the memory object O was loaded from, or NULL.  */
static char *
load_expression (const pobj &o)
{
  if (o.origin == ORIGIN_FIELD && o.site && gimple_assign_single_p (o.site))
    return expr_string (gimple_assign_rhs1 (o.site), 0);
  return NULL;
}

/* Return the quoted load expression of O, or NAME.  */
static const char *
memory_name (const pobj &o, const char *name)
{
  char *s = load_expression (o);
  if (!s)
    return name;
  const char *q = quote (s);
  free (s);
  return q;
}

/* Return the quoted name of object O, or NULL if it has none.  */
static const char *
object_name (const pobj &o)
{
  char *s = NULL;
  /* A variable the user named holds it; else what was loaded from memory
     is named by the memory (self->x, not a macro's _py_tmp).  */
  if (o.name && DECL_P (o.name) && DECL_NAME (o.name)
      && IDENTIFIER_POINTER (DECL_NAME (o.name))[0] != '_')
    s = expr_string (o.name, 0);
  if (!s)
    s = load_expression (o);
  if (!s && o.name)
    s = expr_string (o.name, 0);
  if (!s && o.origin == ORIGIN_STATIC && o.decl && DECL_NAME (o.decl))
    s = xstrdup (static_object_name (o.decl));
  if (!s)
    return NULL;
  const char *q = quote (s);
  free (s);
  return q;
}

/* Return the callee of the call that produced O, or NULL.  */
static const char *
site_callee (const pobj &o)
{
  return o.site && is_gimple_call (o.site) ? sm_callee_name (o.site) : NULL;
}

/* Return a phrase for object O: its name, or where it came from.  */
const char *
diag_object_name (const pobj &o)
{
  if (const char *name = object_name (o))
    return name;
  const char *callee = site_callee (o);
  if (callee && o.origin == ORIGIN_NEW)
    return keep (
        xasprintf ("the new reference returned by %s", quote_fn (callee)));
  if (callee && o.origin == ORIGIN_BORROWED)
    return keep (xasprintf ("the borrowed reference returned by %s",
                            quote_fn (callee)));
  if (callee)
    return keep (xasprintf ("the result of %s", quote_fn (callee)));
  if (o.origin == ORIGIN_FIELD)
    return "a reference loaded from memory";
  return "a reference";
}

/* Return the location of STMT in the user's code, or of the path's
   current point when STMT has none.  */
location_t
diag_stmt_location (pr_ctx *ctx, gimple *stmt)
{
  location_t loc = stmt ? gimple_location (stmt) : UNKNOWN_LOCATION;
  if (LOCATION_LOCUS (loc) == UNKNOWN_LOCATION)
    return engine_entry_location (ctx, ctx->cur_node);
  return user_location (loc);
}

/* Return the user location of STMT, or UNKNOWN_LOCATION.  */
static location_t
site_location (gimple *stmt)
{
  return stmt ? user_location (gimple_location (stmt)) : UNKNOWN_LOCATION;
}

/* Return true if F duplicates a finding already recorded.  */
static bool
duplicate_p (const finding_info &f)
{
  for (unsigned i = 0; i < findings.length (); i++)
    {
      const finding_info &g = findings[i].info;
      if (g.what != f.what || g.loc != f.loc || g.argno != f.argno)
        continue;
      /* The same finding on the same line about an object from the same
         place (two branches of one macro, PySequence_Fast_GET_ITEM, count
         as one place).  */
      if (g.obj.name == f.obj.name && g.obj.decl == f.obj.decl
          && site_location (g.obj.site) == site_location (f.obj.site)
          && site_location (g.obj.debt_site)
                 == site_location (f.obj.debt_site))
        return true;
    }
  return false;
}

/* Record F, whose path ends at the engine's current point; WHY says
   why it is unproven, or is NULL.  */
static void
record (pr_ctx *ctx, const finding_info &f, const char *why)
{
  finding r;
  r.info = f;
  r.node = ctx->cur_node;
  r.idx = ctx->cur_idx;
  vec<gimple *> &stmts = ctx->bb_stmts[r.node->bb->index];
  r.end_loc = r.idx < stmts.length () ? diag_stmt_location (ctx, stmts[r.idx])
                                      : engine_entry_location (ctx, r.node);
  r.unproven_why = why;
  findings.safe_push (r);
}

/* Record the finding F, whose path ends at the engine's current point.  */
void
diag_report (pr_ctx *ctx, const finding_info &f)
{
  if (!duplicate_p (f))
    record (ctx, f, NULL);
}

/* Record F as a path we could not prove either way (WHY).  */
void
diag_note_unproven (pr_ctx *ctx, const finding_info &f, const char *why)
{
  if ((pyrefcheck_opts.verbose || pyrefcheck_opts.triage_mode != TRIAGE_OFF)
      && !duplicate_p (f))
    record (ctx, f, why);
}

/* One event of a path.  */
typedef triage_event path_event;

/* Add the event TEXT of kind KIND (see triage_event) at LOC.  */
static void
push_event (vec<path_event> *events, location_t loc, const char *text,
            const char *kind)
{
  path_event e;
  e.loc = user_location (loc);
  e.text = text;
  e.kind = kind;
  events->safe_push (e);
}

/* Return the text of the event where object O was acquired at its site,
   for a finding of kind WHAT.  */
static const char *
acquire_text (const pobj &o, enum final_event what)
{
  const char *callee = site_callee (o);
  const char *name = object_name (o);
  tree lhs = o.site && is_gimple_call (o.site) ? gimple_call_lhs (o.site)
                                               : NULL_TREE;
  if ((o.nullness == NN_NULL || what == FE_NULL_DEREF) && callee)
    {
      bool sets = (o.flags & OF_FAIL_SETS_EXC) || !(o.flags & OF_API_NULL)
                  || what == FE_NULL_DEREF;
      return keep (xasprintf ("%s %s NULL%s%s%s", quote_fn (callee),
                              sets ? "fails and returns" : "returns",
                              name ? " into " : "", name ? name : "",
                              sets ? "" : " without setting an exception"));
    }
  if (o.origin == ORIGIN_FIELD)
    return keep (xasprintf ("borrowed reference loaded from %s",
                            memory_name (o, name ? name : "memory")));
  const char *kind = o.origin == ORIGIN_NEW ? "new" : "borrowed";
  if (!callee)
    return keep (xasprintf ("%s reference acquired", kind));
  if ((!lhs || (o.flags & OF_OUTPUT)) && name)
    return keep (xasprintf ("%s reference stored in %s by %s", kind, name,
                            quote_fn (callee)));
  if (name)
    return keep (xasprintf ("%s reference returned by %s is stored in %s",
                            kind, quote_fn (callee), name));
  return keep (
      xasprintf ("%s reference returned by %s", kind, quote_fn (callee)));
}

/* Return the text of the event at CAUSE, the call that left the error
   indicator clear.  */
static const char *
cause_text (gimple *cause)
{
  const char *callee = sm_callee_name (cause);
  tree fndecl = is_gimple_call (cause) ? gimple_call_fndecl (cause) : NULL;
  const odb_row *row = fndecl ? ownership_lookup (fndecl) : NULL;
  if (!callee)
    return "the error indicator is clear after this call";
  if (row && row->err == ODB_ERR_CLEARS_EXC)
    return keep (
        xasprintf ("%s clears the error indicator", quote_fn (callee)));
  return keep (xasprintf ("%s returns NULL without setting an exception",
                          quote_fn (callee)));
}

/* Describe the branch along EDGE out of the block ending with LAST.  */
static const char *
branch_text (gimple *last, edge e)
{
  if (gcond *cond = dyn_cast<gcond *> (last))
    {
      bool taken = (e->flags & EDGE_TRUE_VALUE) != 0;
      tree lhs = gimple_cond_lhs (cond);
      enum tree_code code = gimple_cond_code (cond);
      char *var = expr_string (lhs, 0);
      if (var && POINTER_TYPE_P (TREE_TYPE (lhs))
          && integer_zerop (gimple_cond_rhs (cond))
          && (code == EQ_EXPR || code == NE_EXPR))
        {
          bool is_null = (code == EQ_EXPR) == taken;
          const char *r
              = keep (xasprintf ("following %s branch (when %s is %s)...",
                                 quote (taken ? "true" : "false"), quote (var),
                                 is_null ? "NULL" : "non-NULL"));
          free (var);
          return r;
        }
      free (var);
      return keep (xasprintf ("following %s branch...",
                              quote (taken ? "true" : "false")));
    }
  return "following this case of the switch...";
}

/* Return the text of the event where CALL failed (outcome of a split).  */
static const char *
failure_text (gimple *call)
{
  const char *callee = sm_callee_name (call);
  return keep (
      xasprintf ("%s fails", callee ? quote_fn (callee) : "the call"));
}

/* Build the events of the path of finding F, up to (not including) the
   final event.  Set *ACQUIRED to the index of the acquisition event and
   *RELEASED to that of the release or debt event, or -1.  When CALLS
   and CONDITIONS are not NULL, push to them the calls and the conditions
   on the path (for triage).  */
static void
build_events (pr_ctx *ctx, const finding &f, vec<path_event> *events,
              int *acquired, int *released, vec<gimple *> *calls = NULL,
              vec<gimple *> *conditions = NULL)
{
  auto_vec<enode *> chain;
  const pobj &o = f.info.obj;
  for (enode *n = f.node; n; n = n->pred)
    chain.safe_push (n);
  chain.reverse ();
  *acquired = *released = -1;
  for (unsigned j = 0; j < chain.length (); j++)
    {
      enode *n = chain[j];
      enode *next = j + 1 < chain.length () ? chain[j + 1] : NULL;
      vec<gimple *> &stmts = ctx->bb_stmts[n->bb->index];
      unsigned end = !next              ? f.idx
                     : next->split_stmt ? next->stmt_idx
                                        : stmts.length ();
      for (unsigned i = n->stmt_idx; i < end && i < stmts.length (); i++)
        {
          gimple *st = stmts[i];
          if (st == f.info.stmt && f.info.what != FE_STEAL_BORROWED
              && f.info.what != FE_STORE_BORROWED)
            continue;
          if (st == o.site)
            {
              /* A loop may produce the object again: the last time
                 counts.  */
              events->truncate (0);
              *released = -1;
              *acquired = 0;
              push_event (events, gimple_location (st),
                          acquire_text (o, f.info.what), "acquire");
            }
          else if (st == f.info.cause)
            {
              *released = events->length ();
              push_event (events, gimple_location (st), cause_text (st),
                          "call");
            }
          else if (st == o.transfer_site && f.info.what == FE_DECREF_BORROWED)
            {
              *released = events->length ();
              const char *callee = sm_callee_name (st);
              push_event (
                  events, gimple_location (st),
                  o.transfer_argno
                      ? keep (xasprintf ("%s takes over the reference to %s "
                                         "(argument %d)",
                                         quote_fn (callee ? callee : "?"),
                                         diag_object_name (o),
                                         o.transfer_argno))
                      : keep (xasprintf ("stored in memory, which takes over "
                                         "the reference to %s",
                                         diag_object_name (o))),
                  o.transfer_argno ? "steal" : "store");
            }
          else if (st == o.event_site && f.info.what != FE_DOUBLE_RELEASE
                   && f.info.what != FE_USE_AFTER_RELEASE)
            continue;
          else if (st == o.event_site || st == o.debt_site)
            {
              *released = events->length ();
              const char *callee = sm_callee_name (st);
              const char *text
                  = st == o.event_site ? keep (
                        xasprintf ("last reference released by %s",
                                   callee ? quote_fn (callee) : "a call"))
                    : o.debt_argno
                        ? keep (xasprintf ("%s steals a reference (argument "
                                           "%d) this function does not own",
                                           quote_fn (callee ? callee : "?"),
                                           o.debt_argno))
                        : "stored in memory, which takes a reference this "
                          "function does not own";
              push_event (events, gimple_location (st), text,
                          st == o.event_site ? "release"
                          : o.debt_argno     ? "steal"
                                             : "store");
            }
          if (calls && is_gimple_call (st) && !gimple_call_internal_p (st))
            calls->safe_push (st);
        }
      if (next && next->split_stmt && next->failed
          && next->split_stmt != o.site && next->split_stmt != f.info.cause)
        push_event (events, gimple_location (next->split_stmt),
                    failure_text (next->split_stmt), "call");
      if (next && next->in_edge)
        {
          gimple *last = last_stmt (n->bb);
          if (last
              && (gimple_code (last) == GIMPLE_COND
                  || gimple_code (last) == GIMPLE_SWITCH)
              && EDGE_COUNT (n->bb->succs) > 1)
            {
              push_event (events, gimple_location (last),
                          branch_text (last, next->in_edge), "branch");
              if (conditions)
                conditions->safe_push (last);
            }
        }
    }
}

/* Return "(N)" for event index I (0-based), or "" if I < 0.  */
static const char *
event_ref (const char *prefix, int i)
{
  if (i < 0)
    return "";
  return keep (xasprintf ("%s(%d)", prefix, i + 1));
}

/* Return the main message and the final event of F.  */
static void
describe (pr_ctx *ctx, const finding &f, int acquired, int released,
          const char **message, const char **final)
{
  const pobj &o = f.info.obj;
  enum odb_arg contract = o.origin == ORIGIN_PARAM && o.decl
                              ? contract_parameter_kind (ctx, o.decl)
                              : ODB_ARG_BORROWED;
  bool stolen
      = contract == ODB_ARG_STEALS || contract == ODB_ARG_STEALS_ON_SUCCESS;
  const char *what = diag_object_name (o);
  bool named = object_name (o) != NULL;
  const char *callee = f.info.callee ? quote_fn (f.info.callee) : "the call";
  const char *at_acq = event_ref ("; acquired at ", acquired);
  switch (f.info.what)
    {
    case FE_LEAK:
      *message = keep (xasprintf ("leak of %s", what));
      *final = o.origin == ORIGIN_FIELD
                   ? keep (xasprintf ("the old value of %s leaks here: this "
                                      "function took over the reference the "
                                      "memory held when it overwrote it",
                                      memory_name (o, what)))
               : o.origin == ORIGIN_PARAM && stolen
                   ? keep (xasprintf ("%s leaks here; the function's "
                                      "attributes say it steals this "
                                      "parameter, so it owns a reference",
                                      what))
               : o.origin == ORIGIN_PARAM
                   ? keep (xasprintf ("%s leaks here: this function took a "
                                      "reference to the parameter and did "
                                      "not release or store it",
                                      what))
                   : keep (xasprintf ("%s leaks here%s", what, at_acq));
      break;
    case FE_LEAK_DISCARDED:
      *message = keep (xasprintf ("leak of %s", what));
      *final = keep (xasprintf ("%s is discarded", what));
      break;
    case FE_DECREF_BORROWED:
      *message = keep (xasprintf ("%s releases %s, which this function does "
                                  "not own",
                                  callee, what));
      *final = o.origin == ORIGIN_NEW && released >= 0
                   ? keep (xasprintf ("%s releases %s, which this function no "
                                      "longer owns since %s",
                                      callee, what, event_ref ("", released)))
               : o.origin == ORIGIN_NEW
                   ? keep (xasprintf ("%s releases %s, which this function no "
                                      "longer owns%s",
                                      callee, what, at_acq))
                   : keep (xasprintf ("%s releases %s, a borrowed reference%s",
                                      callee, what, at_acq));
      break;
    case FE_DOUBLE_RELEASE:
      *message = keep (xasprintf ("double release of %s", what));
      *final = keep (xasprintf ("%s releases %s again; its last reference was "
                                "released at %s",
                                callee, what, event_ref ("", released)));
      break;
    case FE_RETURN_BORROWED:
      *message = keep (xasprintf ("returning %s%s without taking a new "
                                  "reference",
                                  named ? "borrowed reference " : "",
                                  named ? what : "a borrowed reference"));
      *final = keep (xasprintf ("returning %s, which this function does not "
                                "own; the caller expects a new reference%s",
                                what, at_acq));
      break;
    case FE_STEAL_BORROWED:
      *message = keep (xasprintf ("%s steals a reference to %s (argument %d), "
                                  "which this function does not own",
                                  callee, what, f.info.argno));
      *final = keep (xasprintf ("the path ends without this function "
                                "acquiring the reference given away at %s",
                                event_ref ("", released)));
      break;
    case FE_STORE_BORROWED:
      *message = keep (xasprintf ("storing %s%s without taking a new "
                                  "reference",
                                  named ? "borrowed reference " : "",
                                  named ? what : "a borrowed reference"));
      *final = keep (xasprintf ("the path ends without this function "
                                "acquiring the reference given away at %s",
                                event_ref ("", released)));
      break;
    case FE_USE_AFTER_RELEASE:
      *message = keep (xasprintf ("use of %s after its last reference was "
                                  "released",
                                  what));
      *final = keep (xasprintf ("%s is used here after its last reference "
                                "was released at %s",
                                what, event_ref ("", released)));
      break;
    case FE_NULL_DEREF:
      {
        const char *producer = site_callee (o);
        producer = producer ? quote_fn (producer) : "the call";
        *message = f.info.callee
                       ? keep (xasprintf ("%s of %s, which is NULL when %s "
                                          "fails",
                                          callee, what, producer))
                       : keep (xasprintf ("dereference of %s, which is NULL "
                                          "when %s fails",
                                          what, producer));
        *final = keep (xasprintf ("%s is NULL here%s", what,
                                  event_ref ("; see ", acquired)));
        break;
      }
    case FE_NULL_WITHOUT_EXCEPTION:
      {
        const char *value = f.info.returned == RV_NULL       ? "NULL "
                            : f.info.returned == RV_NEGATIVE ? "a negative "
                                                               "value "
                                                             : "";
        *message = keep (xasprintf ("returning %swithout setting an "
                                    "exception",
                                    value));
        *final = released >= 0
                     ? keep (xasprintf ("returning %swithout an exception "
                                        "set; see %s",
                                        value, event_ref ("", released)))
                     : keep (xasprintf ("returning %s, but nothing set an "
                                        "exception",
                                        f.info.returned == RV_NULL ? "NULL"
                                        : f.info.returned == RV_NEGATIVE
                                            ? "a negative value"
                                            : "from a function that always "
                                              "sets one"));
        break;
      }
    case FE_STEAL_ON_FAILURE:
      *message = keep (xasprintf ("%s is given up on a failure path, but "
                                  "the caller keeps its reference when "
                                  "this function fails",
                                  what));
      *final = keep (xasprintf ("returning failure after giving up %s%s; "
                                "the function's attributes say it steals it "
                                "only on success",
                                what, event_ref (" at ", released)));
      break;
    }
}

/* Return the name of the kind of finding KIND ("leak").  */
static const char *
kind_name (enum finding_kind kind)
{
  return finding_tags[kind] + strlen ("pyrefcheck-");
}

/* Return the function's ownership contract (its attributes), in words,
   for triage; NULL when it has none.  */
static const char *
contract_text (pr_ctx *ctx)
{
  if (!ctx->contract)
    return NULL;
  char args[512];
  odb_format_args (ctx->contract, args, sizeof args);
  return keep (xasprintf ("declared by its attributes: returns %s, errors "
                          "%s, arguments %s",
                          odb_ret_name (ctx->contract->ret),
                          odb_err_name (ctx->contract->err), args));
}

/* Ask triage about the finding F (MESSAGE, with EVENTS, the last one
   included), when triage is on.  Return true and fill *V when a verdict
   came.  */
static bool
ask_triage (pr_ctx *ctx, const finding &f, const char *message,
            vec<path_event> &events, vec<gimple *> &calls,
            vec<gimple *> &conditions, triage_verdict *v)
{
  if (pyrefcheck_opts.triage_mode == TRIAGE_OFF)
    return false;
  enum finding_kind kind = kind_of (f.info.what);
  triage_request_info in;
  in.kind = kind_name (kind);
  in.tag = finding_tags[kind];
  in.message = message;
  in.loc = f.info.loc;
  in.why_unproven = f.unproven_why;
  in.definite = !f.unproven_why;
  for (unsigned i = 0; in.definite && i < calls.length (); i++)
    if (!sm_call_row (calls[i])
        && !(gimple_call_fndecl (calls[i])
             && (DECL_IN_SYSTEM_HEADER (gimple_call_fndecl (calls[i]))
                 || fndecl_built_in_p (gimple_call_fndecl (calls[i])))))
      in.definite = false;
  in.contract = contract_text (ctx);
  in.events = events;
  in.calls = calls;
  in.conditions = conditions;
  return triage_ask (ctx, in, v);
}

/* Put the verdict V under the diagnostic at LOC.  */
static void
note_verdict (location_t loc, const triage_verdict &v)
{
  /* The note says why a verdict is untriaged or uncertain (a refused
     dismissal, a model that did not answer).  */
  bool both = *v.explanation && *v.note;
  inform (loc, "triage (%s): %s: %s%s%s%s%s%s", v.model, v.verdict,
          *v.explanation ? v.explanation : v.note,
          *v.fix ? "; suggested fix: " : "", v.fix, both ? " (" : "",
          both ? v.note : "", both ? ")" : "");
}

/* Emit the finding F of function FNDECL; ALSO lists the other places
   where the same object leaks (or is dereferenced unchecked), reported
   as notes of this one diagnostic.  With triage on, the verdict decides:
   a confirmed unproven finding is reported, a dismissed one is not, and
   the verdict follows the warning as a note.  */
static void
emit (pr_ctx *ctx, const finding &f, const vec<location_t> &also)
{
  auto_vec<path_event> events;
  auto_vec<gimple *> calls, conditions;
  int acquired, released;
  build_events (ctx, f, &events, &acquired, &released, &calls, &conditions);
  const char *message = "", *final = "";
  describe (ctx, f, acquired, released, &message, &final);
  location_t loc = f.info.loc;
  location_t final_loc = loc;
  if (f.info.what == FE_STEAL_BORROWED || f.info.what == FE_STORE_BORROWED)
    final_loc = f.end_loc;
  push_event (&events, final_loc, final, "end");
  triage_verdict v;
  bool triaged = ask_triage (ctx, f, message, events, calls, conditions, &v);
  bool confirmed = triaged && strcmp (v.verdict, "confirmed") == 0;
  enum finding_kind kind = kind_of (f.info.what);
  if ((f.unproven_why && !confirmed)
      || (triaged && strcmp (v.verdict, "dismissed") == 0))
    {
      bool dismissed = triaged && strcmp (v.verdict, "dismissed") == 0;
      if (pyrefcheck_opts.verbose
          || (dismissed && pyrefcheck_opts.show_dismissed))
        {
          if (dismissed)
            inform (loc, "pyrefcheck: dismissed by triage: %s [%s]", message,
                    finding_tags[kind]);
          else
            inform (loc, "pyrefcheck: unproven %s: %s", message,
                    f.unproven_why);
          if (triaged)
            note_verdict (loc, v);
        }
      if (triaged)
        triage_verdict_free (&v);
      return;
    }
  report_finding r;
  r.tag = finding_tags[kind];
  r.message = message;
  r.loc = user_location (loc);
  r.function = IDENTIFIER_POINTER (DECL_NAME (ctx->fndecl));
  r.events = &events;
  r.verdict = triaged ? &v : NULL;
  r.error = (pyrefcheck_opts.fail_on & (1u << kind))
            || (confirmed && pyrefcheck_opts.fail_on_confirmed);
  if (report_classify (&r) != REPORT_SHOWN)
    {
      /* Silenced by a comment or the baseline: only the SARIF log has
         it.  */
      report_done (&r, false);
      if (triaged)
        triage_verdict_free (&v);
      return;
    }
  /* A printer of its own: the global one carries the prefix of the
     previous diagnostic.  The texts are already formatted.  */
  pretty_printer pp;
  simple_diagnostic_path path (&pp);
  for (unsigned i = 0; i < events.length (); i++)
    path.add_event (events[i].loc, ctx->fndecl, 0, "%s", events[i].text);
  gcc_rich_location richloc (loc);
  richloc.set_path (&path);
  auto_diagnostic_group d;
  bool shown;
  if ((pyrefcheck_opts.fail_on & (1u << kind))
      || (confirmed && pyrefcheck_opts.fail_on_confirmed))
    {
      error_at (&richloc, "%s [%s]", message, finding_tags[kind]);
      shown = true;
    }
  else
    shown = warning_at (&richloc, 0, "%s [%s]", message, finding_tags[kind]);
  const char *what = diag_object_name (f.info.obj);
  for (unsigned i = 0; shown && i < also.length (); i++)
    inform (also[i],
            f.info.what == FE_LEAK ? "%s also leaks here, on another path"
                                   : "%s is also dereferenced here, "
                                     "unchecked",
            what);
  if (shown && triaged)
    note_verdict (loc, v);
  report_done (&r, shown);
  if (triaged)
    triage_verdict_free (&v);
  diag_counts[kind]++;
}

/* Return true if findings F and G are the same bug at two places: the
   same object leaking, or dereferenced unchecked.  */
static bool
same_bug_p (const finding &f, const finding &g)
{
  if (f.info.what != g.info.what || f.unproven_why || g.unproven_why
      || (f.info.what != FE_LEAK && f.info.what != FE_NULL_DEREF))
    return false;
  return f.info.obj.name == g.info.obj.name
         && f.info.obj.decl == g.info.obj.decl
         && site_location (f.info.obj.site) == site_location (g.info.obj.site);
}

static int
compare_findings (const void *a, const void *b)
{
  const finding *x = (const finding *)a, *y = (const finding *)b;
  expanded_location ex = expand_location (x->info.loc);
  expanded_location ey = expand_location (y->info.loc);
  if (ex.line != ey.line)
    return ex.line < ey.line ? -1 : 1;
  if (ex.column != ey.column)
    return ex.column < ey.column ? -1 : 1;
  return (int)x->info.what - (int)y->info.what;
}

/* Emit the findings of the function CTX analysed, in source order, and
   forget them.  */
void
diag_flush (pr_ctx *ctx)
{
  if (!ctx->give_up_reason)
    {
      findings.qsort (compare_findings);
      auto_vec<bool> done;
      done.safe_grow_cleared (findings.length ());
      for (unsigned i = 0; i < findings.length (); i++)
        {
          const finding &f = findings[i];
          /* A helper that returns borrowed references is fine, unless it
             returns new ones on other paths or is a Python callback.  One
             that also returns its argument itself on a path has a
             convention its callers choose with their arguments (SWIG's
             SWIG_Python_NewPointerObj: in tp_init mode, self or the object
             chained into self; else a new object): only they know.  */
          if (done[i]
              || (f.info.what == FE_RETURN_BORROWED && ctx->role == ROLE_NONE
                  && (!ctx->returns_owned_seen || ctx->returns_param_seen)
                  && !(ctx->contract && ctx->contract->ret == ODB_RET_NEW)))
            continue;
          /* One report per bug: the other places become notes.  */
          auto_vec<location_t> also;
          for (unsigned j = i + 1; j < findings.length (); j++)
            if (!done[j] && same_bug_p (f, findings[j]))
              {
                done[j] = true;
                also.safe_push (findings[j].info.loc);
              }
          emit (ctx, f, also);
        }
    }
  findings.truncate (0);
  for (unsigned i = 0; i < strings.length (); i++)
    free (strings[i]);
  strings.truncate (0);
}

/* Report a finding of KIND at LOC (see checks.h).  Like the
   reference-count findings, it goes through ignore comments, the
   baseline, the SARIF log and annotations (report.cc).  */
bool
check_report (enum finding_kind kind, location_t loc, const char *gmsgid, ...)
{
  /* Format the message with the front end's printer (%qD, %qT), then
     report the text.  */
  va_list ap;
  va_start (ap, gmsgid);
  rich_location richloc (line_table, loc);
  text_info ti;
  memset (&ti, 0, sizeof ti);
  ti.format_spec = gmsgid;
  ti.args_ptr = &ap;
  ti.m_richloc = &richloc;
  /* A copy of the front end's printer: its decoder takes the printer to
     be a c_pretty_printer.  */
  pretty_printer *pp = global_dc->printer->clone ();
  pp_clear_output_area (pp);
  pp_set_prefix (pp, NULL);
  pp_line_cutoff (pp) = 0;
  pp_show_color (pp) = false;
  pp_format (pp, &ti);
  pp_output_formatted_text (pp);
  va_end (ap);
  char *message = xstrdup (pp_formatted_text (pp));
  delete pp;

  auto_vec<triage_event> no_events;
  report_finding r;
  r.tag = finding_tags[kind];
  r.message = message;
  r.loc = user_location (loc);
  r.function = current_function_decl && DECL_NAME (current_function_decl)
                   ? IDENTIFIER_POINTER (DECL_NAME (current_function_decl))
                   : "";
  r.events = &no_events;
  r.verdict = NULL;
  r.error = pyrefcheck_opts.fail_on & (1u << kind);
  bool shown = false;
  if (report_classify (&r) == REPORT_SHOWN)
    {
      if (r.error)
        {
          error_at (loc, "%s [%s]", message, finding_tags[kind]);
          shown = true;
        }
      else
        shown = warning_at (loc, 0, "%s [%s]", message, finding_tags[kind]);
    }
  report_done (&r, shown);
  free (message);
  if (shown)
    diag_counts[kind]++;
  return shown;
}
