/* pyrefcheck: the path engine's structures, shared with the state
   machine (sm-refcount.cc) and the diagnostics (diag.cc).
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

#ifndef PYREFCHECK_ENGINE_H
#define PYREFCHECK_ENGINE_H

#include "state.h"

/* A node of the exploded graph: a program point (a statement of a
   basic block) with one abstract state, and how the path got there.  */
struct enode
{
  basic_block bb;
  /* Index (in the block's statement list) of the next statement.  */
  unsigned stmt_idx;
  pstate *state;
  /* The node this one was reached from, or NULL for the entry.  */
  enode *pred;
  /* How: along the CFG edge IN_EDGE, or by outcome OUTCOME of the call
     SPLIT_STMT that ends PRED's segment.  */
  edge in_edge;
  gimple *split_stmt;
  unsigned char outcome;
  /* The outcome was a failure of the call (for path events).  */
  bool failed;
  unsigned id;
  /* Next node with the same block entry (dedup chain).  */
  enode *next_same_bb;
};

/* The result of running one statement.  */
enum step
{
  STEP_CONTINUE, /* go on with the next statement */
  STEP_SPLIT,    /* the state was split into outcomes (see ctx->outcomes) */
  STEP_END,      /* the path ends here (return, noreturn call, crash) */
  STEP_GIVE_UP   /* the function uses something we do not model */
};

/* One outcome of a call that can succeed or fail.  */
struct outcome_state
{
  pstate *state;
  bool failed;
};

/* What the analysis of one function needs.  */
struct pr_ctx
{
  function *fun;
  tree fndecl;
  enum fn_role role;
  /* What the function's attributes promise (attribs.cc), or NULL.  */
  const odb_row *contract;
  /* The function returns a Python object.  */
  bool returns_pyobj;
  /* Python version of the unit (0xMMmm).  */
  unsigned pyver;

  /* Locals and parameters (index -> decl), and globals seen.  */
  vec<tree> locals;
  hash_map<tree, unsigned> *local_index;
  vec<tree> globals;
  hash_map<tree, unsigned> *global_index;
  /* Locals whose address escapes (never purged).  */
  bitmap addr_exposed;

  /* Per basic block index: its statements (without debug statements,
     labels and nops) and the variables live on entry (SSA versions, then
     num_ssa_names + local index).  */
  vec<gimple *> *bb_stmts;
  bitmap *live_in;
  /* Reverse post-order number of each block (worklist priority).  */
  int *rpo_index;
  /* Blocks from which no path reaches a return statement (they end in
     abort, exit, Py_FatalError, longjmp...): what dies there is not a
     leak anyone can observe.  */
  sbitmap doomed;
  /* Per SSA version: the version facts about it are kept under (see
     fact_version in values.cc).  */
  unsigned *value_numbers;

  /* Where the engine is: the node being run and its statement index.  */
  enode *cur_node;
  unsigned cur_idx;
  /* Outcomes produced by a call that split the state.  */
  vec<outcome_state> outcomes;

  /* A borrowed reference was returned on some path and the function
     returns new references on others: remember the places.  */
  bool returns_owned_seen;
  /* A path returned one of the function's parameters.  */
  bool returns_param_seen;

  /* Set when the function cannot be analysed.  */
  const char *give_up_reason;
  location_t give_up_loc;

  unsigned n_nodes;
};

/* How a call leaves the error indicator.  */
enum exc_effect
{
  EXC_KEEP,
  EXC_TO_SET,
  EXC_TO_CLEAR,
  EXC_TO_UNKNOWN
};

/* summary.cc: summaries of the unit's functions, for their callers.  */
void summary_start (pr_ctx *ctx);
void summary_note_return (pr_ctx *ctx, pstate *s, tree rv, greturn *ret,
                          bool pending);
void summary_note_param (pr_ctx *ctx, const pobj &o);
void summary_finish (pr_ctx *ctx);
bool summary_adjust_outcome (const odb_row *row, bool failed,
                             enum exc_effect *exc, pr_range *values);
bool summary_guard (const odb_row *row, unsigned *argno,
                    bool *fails_when_null);
bool summary_returned_argument (const odb_row *row, unsigned *argno);
tree summary_static_result (const odb_row *row);
tree summary_global_result (const odb_row *row);
bool summary_adjust_outcome_p (const odb_row *row);

/* sm-refcount.cc: the transfer functions.  */
enum odb_arg contract_parameter_kind (pr_ctx *ctx, tree parm);
void sm_forget_memory_ints (pr_ctx *ctx, pstate *s, gcall *call);
void sm_init_entry_state (pr_ctx *ctx, pstate *s);
enum step sm_run_stmt (pr_ctx *ctx, pstate *s, gimple *stmt);
bool sm_assume_edge (pr_ctx *ctx, pstate *s, gimple *last, edge e);
void sm_apply_phis (pr_ctx *ctx, pstate *s, edge e);
void sm_check_dead (pr_ctx *ctx, vec<dead_object> &dead, location_t loc);
const char *sm_callee_name (const gimple *call);
void sm_calls_start_function ();
const odb_row *sm_call_row (const gimple *call);

/* diag.cc: findings.  The path is CTX->cur_node / CTX->cur_idx.  */
enum final_event
{
  FE_LEAK,            /* an owned reference is lost */
  FE_LEAK_DISCARDED,  /* a new reference returned by a call is discarded */
  FE_DECREF_BORROWED, /* releasing a reference not owned */
  FE_DOUBLE_RELEASE,  /* releasing an already-released reference */
  FE_RETURN_BORROWED, /* returning a borrowed reference */
  FE_STEAL_BORROWED,  /* a stealing call gets a borrowed reference */
  FE_STORE_BORROWED,  /* storing a borrowed reference in memory */
  FE_USE_AFTER_RELEASE,
  FE_NULL_DEREF,
  FE_NULL_WITHOUT_EXCEPTION,
  FE_STEAL_ON_FAILURE /* a parameter stolen only on success is given up on a
                         failure path */
};

/* What a function returned without setting an exception.  */
enum returned_value
{
  RV_NULL,
  RV_NEGATIVE,
  RV_ANYTHING /* a function that always sets one */
};

struct finding_info
{
  enum final_event what;
  location_t loc;
  /* The object concerned (a copy).  */
  pobj obj;
  /* The callee involved (Py_DECREF, PyList_SetItem...), or NULL.  */
  const char *callee;
  /* Argument number (1-based) for steals.  */
  int argno;
  /* The statement where it happens (for the path), or NULL.  */
  gimple *stmt;
  /* A statement that explains it (for NULL without exception: the call
     that returned NULL without setting one), or NULL.  */
  gimple *cause;
  /* FE_NULL_WITHOUT_EXCEPTION: what was returned.  */
  enum returned_value returned;
};

void diag_report (pr_ctx *ctx, const finding_info &f);
void diag_note_unproven (pr_ctx *ctx, const finding_info &f, const char *why);
void diag_flush (pr_ctx *ctx);
const char *diag_object_name (const pobj &o);
location_t diag_stmt_location (pr_ctx *ctx, gimple *stmt);

/* triage.cc */
struct triage_event
{
  location_t loc;
  const char *text;
  /* "acquire", "release", "steal", "store", "call", "branch", "return",
     "end" or "other".  */
  const char *kind;
};

/* A finding, as the triage request describes it.  */
struct triage_request_info
{
  const char *kind; /* "leak" */
  const char *tag;  /* "pyrefcheck-leak" */
  const char *message;
  location_t loc;
  /* Every step of the path was modeled (no unknown call on it).  */
  bool definite;
  const char *why_unproven;
  /* The function's declared ownership contract, in words, or NULL.  */
  const char *contract;
  vec<triage_event> events;
  vec<gimple *> calls;
  vec<gimple *> conditions;
};

struct triage_verdict
{
  char *verdict, *reason, *explanation, *fix, *model, *note;
};

bool triage_ask (pr_ctx *ctx, const triage_request_info &in,
                 triage_verdict *out);
void triage_verdict_free (triage_verdict *v);

/* engine.cc */
location_t engine_entry_location (pr_ctx *ctx, enode *node);
bool engine_local_p (pr_ctx *ctx, tree decl, unsigned *index);
unsigned engine_global_index (pr_ctx *ctx, tree decl);
bool engine_live_p (pr_ctx *ctx, basic_block bb, tree ssa_or_local);

#endif /* PYREFCHECK_ENGINE_H */
