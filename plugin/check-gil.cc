/* pyrefcheck: Python touched while the GIL is released.
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

/* Between Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS (that is,
   PyEval_SaveThread and PyEval_RestoreThread), and outside a
   PyGILState_Ensure / PyGILState_Release pair taken there, a thread may
   not call the C API nor touch an object's reference count or type.
   A forward "must" analysis over the CFG: a block is known to run with
   the GIL released only when every path into it released it, so a
   release under a condition, undone under the same condition later,
   leaves the block unknown and silent.  Functions Python calls (methods,
   slots) start with the GIL held and must return holding it.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "gimple-iterator.h"
#include "cfganal.h"
#include "tree-cfg.h"
#include "diagnostic-core.h"
#include "hash-set.h"
#include "pyrefcheck.h"
#include "checks.h"

enum gil_level
{
  GIL_UNKNOWN,
  GIL_HELD,
  GIL_RELEASED
};

/* The GIL at one point.  PyGILState_Ensure saves the level before it in
   SAVED (2 bits per pending Ensure, DEPTH of them).  */
struct gil_state
{
  bool reached;
  unsigned char level;
  unsigned char depth;
  unsigned short saved;
  location_t released_at; /* where it was released, for the note */
};

static const unsigned max_depth = 8;

/* Return the meet of A and B at a join.  */
static gil_state
gil_meet (const gil_state &a, const gil_state &b)
{
  if (!a.reached)
    return b;
  if (!b.reached)
    return a;
  if (a.level == b.level && a.depth == b.depth && a.saved == b.saved)
    return a;
  gil_state u = { true, GIL_UNKNOWN, 0, 0, UNKNOWN_LOCATION };
  return u;
}

static bool
gil_equal (const gil_state &a, const gil_state &b)
{
  return a.reached == b.reached && a.level == b.level && a.depth == b.depth
         && a.saved == b.saved;
}

/* Functions that may be called without the GIL (the C API documentation
   says so): thread state, raw memory, PyThread_*, locale decoding.  */
static bool
gil_free_function_p (const char *name)
{
  static const char *const prefixes[]
      = { "PyThread_",     "PyMem_Raw",       "PyGILState_",
          "PyMutex_",      "Py_DecodeLocale", "Py_EncodeLocale",
          "PyOS_snprintf", "PyOS_vsnprintf",  "PyOS_strto",
          "PyOS_mystr" };
  static const char *const names[]
      = { "PyEval_RestoreThread", "PyEval_AcquireThread",
          "PyEval_AcquireLock",   "PyEval_ThreadsInitialized",
          "Py_IsInitialized",     "Py_FatalError",
          "_Py_FatalErrorFunc",   "Py_AddPendingCall",
          "PyErr_SetInterrupt",   "PyErr_SetInterruptEx",
          "PyTime_MonotonicRaw",  "PyTime_PerfCounterRaw",
          "PyTime_TimeRaw",       "Py_IsFinalizing",
          "_Py_IsFinalizing" };
  for (size_t i = 0; i < ARRAY_SIZE (prefixes); i++)
    if (strncmp (name, prefixes[i], strlen (prefixes[i])) == 0)
      return true;
  for (size_t i = 0; i < ARRAY_SIZE (names); i++)
    if (strcmp (name, names[i]) == 0)
      return true;
  return false;
}

/* Return true if FILE is one of Python's headers: Python.h is in its
   directory or the one above (cpython/, internal/).  */
static bool
python_header_p (const char *file)
{
  static char *last_dir;
  static bool last_answer;
  const char *base = lbasename (file);
  char *dir = xstrndup (file, base - file);
  if (last_dir && strcmp (dir, last_dir) == 0)
    {
      free (dir);
      return last_answer;
    }
  struct stat st;
  char *here = concat (dir, "Python.h", NULL);
  char *above = concat (dir, "../Python.h", NULL);
  last_answer = stat (here, &st) == 0 || stat (above, &st) == 0;
  free (here);
  free (above);
  free (last_dir);
  last_dir = dir;
  return last_answer;
}

/* Return true if calling FNDECL (named NAME) needs the GIL: the C API's
   functions, and the reference-count macros; not the headers' inline
   accessors (PyBytes_AS_STRING, PyTuple_GET_SIZE, Py_TYPE), which read a
   field of an object the thread keeps alive.  */
static bool
needs_gil_p (tree fndecl, const char *name)
{
  static const char *const refcount[]
      = { "Py_INCREF",   "Py_DECREF",  "Py_XINCREF",  "Py_XDECREF",
          "_Py_INCREF",  "_Py_DECREF", "_Py_XINCREF", "_Py_XDECREF",
          "Py_NewRef",   "Py_XNewRef", "_Py_NewRef",  "_Py_XNewRef",
          "_Py_Dealloc", "Py_IncRef",  "Py_DecRef" };
  for (size_t i = 0; i < ARRAY_SIZE (refcount); i++)
    if (strcmp (name, refcount[i]) == 0)
      return true;
  if (strncmp (name, "Py", 2) != 0 && strncmp (name, "_Py", 3) != 0)
    return false;
  const char *rest = name + (name[0] == '_' ? 3 : 2);
  if (!ISUPPER (*rest) && *rest != '_')
    return false;
  if (DECL_DECLARED_INLINE_P (fndecl) || main_file_function_p (fndecl)
      || gil_free_function_p (name))
    return false;
  /* The C API: a function of the ownership table, or one declared in
     Python's headers; not a project's own PyFoo_compute helper.  */
  if (ownership_lookup_name (name))
    return true;
  expanded_location x = expand_location (DECL_SOURCE_LOCATION (fndecl));
  return x.file && python_header_p (x.file);
}

/* Return the object-header field (ob_refcnt, ob_type) T accesses, or
   NULL.  */
static tree
header_access (tree t)
{
  for (; t && handled_component_p (t); t = TREE_OPERAND (t, 0))
    if (TREE_CODE (t) == COMPONENT_REF)
      {
        tree f = TREE_OPERAND (t, 1);
        if (DECL_NAME (f)
            && (id_equal (DECL_NAME (f), "ob_refcnt")
                || id_equal (DECL_NAME (f), "ob_type")))
          return f;
      }
  return NULL_TREE;
}

/* The analysis of one function.  */
struct gil_ctx
{
  function *fun;
  bool report;          /* the reporting walk */
  bool python_callback; /* must return holding the GIL */
  hash_set<location_t, false, location_hash> *reported;
};

/* Report at LOC (once per place) that WHAT happens with the GIL released
   at S.released_at.  */
static void
gil_report_at (gil_ctx *ctx, location_t loc, const gil_state &s,
               const char *what, const char *name)
{
  loc = user_location (loc);
  if (loc == UNKNOWN_LOCATION || ctx->reported->add (loc))
    return;
  bool shown;
  if (what)
    shown = check_report (FK_GIL, loc, what, name);
  else
    shown = check_report (FK_GIL, loc,
                          "%qs is called with the GIL released; the C API "
                          "needs it (call it after Py_END_ALLOW_THREADS, "
                          "or take the GIL with PyGILState_Ensure)",
                          name);
  if (shown && s.released_at != UNKNOWN_LOCATION)
    inform (s.released_at, "the GIL is released here");
}

/* The same at STMT.  */
static void
gil_report (gil_ctx *ctx, gimple *stmt, const gil_state &s, const char *what,
            const char *name)
{
  gil_report_at (ctx, gimple_location (stmt), s, what, name);
}

static void gil_stmt (gil_ctx *ctx, gimple *stmt, gil_state *s);

/* Return true if the path from BB (whose end state is S), followed
   through blocks of one successor, returns with the GIL still released:
   the return statement became an edge into the shared return block, and
   what that block runs first (Py_END_ALLOW_THREADS on another path,
   merged there at -O1) counts.  */
static bool
returns_released_p (gil_ctx *ctx, basic_block bb, gil_state s)
{
  bool report = ctx->report;
  ctx->report = false;
  bool released = false;
  for (int hops = 0; hops < 8 && single_succ_p (bb); hops++)
    {
      bb = single_succ (bb);
      if (bb == EXIT_BLOCK_PTR_FOR_FN (ctx->fun))
        break;
      gimple *last = NULL;
      for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
           gsi_next (&gsi))
        {
          last = gsi_stmt (gsi);
          if (gimple_code (last) == GIMPLE_RETURN)
            break;
          gil_stmt (ctx, last, &s);
        }
      if (last && gimple_code (last) == GIMPLE_RETURN)
        {
          released = s.level == GIL_RELEASED;
          break;
        }
    }
  ctx->report = report;
  return released;
}

/* A return reached from the block BB with the GIL released (state S):
   report it at the return statement, whose location the edge keeps.  */
static void
gil_check_exit_edge (gil_ctx *ctx, basic_block bb, const gil_state &s)
{
  if (s.level != GIL_RELEASED || !ctx->python_callback || !single_succ_p (bb)
      || !returns_released_p (ctx, bb, s))
    return;
  edge e = single_succ_edge (bb);
  location_t loc = e->goto_locus;
  if (loc == UNKNOWN_LOCATION)
    {
      gimple *last = last_stmt (bb);
      if (last)
        loc = gimple_location (last);
    }
  if (loc == UNKNOWN_LOCATION)
    return;
  gil_report_at (ctx, loc, s,
                 "%qs returns with the GIL released (a return between "
                 "Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS)",
                 IDENTIFIER_POINTER (DECL_NAME (ctx->fun->decl)));
}

/* Apply STMT to S (and report, in the reporting walk).  */
static void
gil_stmt (gil_ctx *ctx, gimple *stmt, gil_state *s)
{
  if (greturn *ret = dyn_cast<greturn *> (stmt))
    {
      (void)ret;
      if (ctx->report && s->level == GIL_RELEASED && ctx->python_callback)
        gil_report (ctx, stmt, *s,
                    "%qs returns with the GIL released (a return between "
                    "Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS)",
                    IDENTIFIER_POINTER (DECL_NAME (ctx->fun->decl)));
      return;
    }
  if (is_gimple_call (stmt))
    {
      tree fn = gimple_call_fndecl (stmt);
      if (!fn || !DECL_NAME (fn))
        return;
      const char *name = IDENTIFIER_POINTER (DECL_NAME (fn));
      if (strcmp (name, "PyEval_SaveThread") == 0
          || strcmp (name, "PyEval_ReleaseThread") == 0)
        {
          if (ctx->report && s->level == GIL_RELEASED)
            gil_report (ctx, stmt, *s,
                        "%qs releases the GIL a second time "
                        "(Py_BEGIN_ALLOW_THREADS nested in another)",
                        name);
          s->level = GIL_RELEASED;
          s->released_at = user_location (gimple_location (stmt));
        }
      else if (strcmp (name, "PyEval_RestoreThread") == 0
               || strcmp (name, "PyEval_AcquireThread") == 0)
        s->level = GIL_HELD;
      else if (strcmp (name, "PyGILState_Ensure") == 0)
        {
          if (s->depth >= max_depth)
            {
              s->level = GIL_UNKNOWN;
              s->depth = s->saved = 0;
              return;
            }
          s->saved |= s->level << (2 * s->depth);
          s->depth++;
          s->level = GIL_HELD;
        }
      else if (strcmp (name, "PyGILState_Release") == 0)
        {
          if (s->depth == 0)
            s->level = GIL_UNKNOWN;
          else
            {
              s->depth--;
              s->level = (s->saved >> (2 * s->depth)) & 3;
              s->saved &= ~(3u << (2 * s->depth));
            }
        }
      else if (check_tables_switches_gil_p (fn))
        {
          /* A helper of the unit that takes or releases the GIL (a
             reacquire (ts) that calls PyEval_RestoreThread).  */
          s->level = GIL_UNKNOWN;
          s->depth = s->saved = 0;
        }
      else if (ctx->report && s->level == GIL_RELEASED
               && needs_gil_p (fn, name))
        gil_report (ctx, stmt, *s, NULL, name);
      return;
    }
  if (ctx->report && s->level == GIL_RELEASED && is_gimple_assign (stmt))
    for (unsigned i = 0; i < gimple_num_ops (stmt); i++)
      if (tree f = header_access (gimple_op (stmt, i)))
        {
          gil_report (ctx, stmt, *s,
                      "an object's %qs is used with the GIL released",
                      IDENTIFIER_POINTER (DECL_NAME (f)));
          break;
        }
}

/* Check FUN.  */
void
check_gil (function *fun)
{
  /* Nothing to do unless the function itself takes or releases the GIL
     (as its body showed when it was parsed).  */
  if (!check_tables_calls_gil_p (fun->decl))
    return;
  gil_ctx ctx;
  ctx.fun = fun;
  hash_set<location_t, false, location_hash> reported;
  ctx.reported = &reported;
  ctx.python_callback = function_role (fun->decl) != ROLE_NONE;
  gil_state none = { false, GIL_UNKNOWN, 0, 0, UNKNOWN_LOCATION };
  gil_state entry = { true, ctx.python_callback ? GIL_HELD : GIL_UNKNOWN, 0, 0,
                      UNKNOWN_LOCATION };
  auto_vec<gil_state> out;
  out.safe_grow (last_basic_block_for_fn (fun));
  for (unsigned i = 0; i < out.length (); i++)
    out[i] = none;
  int *rpo = XNEWVEC (int, n_basic_blocks_for_fn (fun));
  int nrpo = pre_and_rev_post_order_compute_fn (fun, NULL, rpo, false);
  /* Iterate to a fixed point (states only fall towards unknown), then
     walk once more to report.  */
  ctx.report = false;
  for (int pass = 0;; pass++)
    {
      bool changed = false;
      for (int r = 0; r < nrpo; r++)
        {
          basic_block bb = BASIC_BLOCK_FOR_FN (fun, rpo[r]);
          gil_state s = none;
          edge e;
          edge_iterator ei;
          FOR_EACH_EDGE (e, ei, bb->preds)
          s = gil_meet (s, e->src == ENTRY_BLOCK_PTR_FOR_FN (fun)
                               ? entry
                               : out[e->src->index]);
          if (!s.reached)
            continue;
          for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
               gsi_next (&gsi))
            gil_stmt (&ctx, gsi_stmt (gsi), &s);
          if (ctx.report)
            gil_check_exit_edge (&ctx, bb, s);
          else if (!gil_equal (s, out[bb->index]))
            {
              out[bb->index] = s;
              changed = true;
            }
        }
      if (ctx.report)
        break;
      ctx.report = !changed || pass == 64;
    }
  XDELETEVEC (rpo);
}
