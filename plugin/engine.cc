/* pyrefcheck: the path engine.
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

/* The engine explores the paths of one function's CFG with one abstract
   state per path (an "exploded graph", as in GCC's analyzer).  At each
   block entry it drops what is dead (SSA names and locals no later
   statement reads), reports the references that die with them, puts the
   state in a canonical form, and merges it with an identical state that
   already reached the block.  Loops therefore reach a fixed point:
   counters saturate and objects are named by where they came from, not
   by when.  Blocks that see too many distinct states first forget
   integer facts (a sound widening), then make the engine give up on the
   function, quietly.  The work is bounded by max-states per block and
   max-nodes per function.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "ssa.h"
#include "cfganal.h"
#include "sbitmap.h"
#include "gimple-iterator.h"
#include "gimple-walk.h"
#include "tree-cfg.h"
#include "timevar.h"
#include "diagnostic-core.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "values.h"

/* Unit-wide statistics for the stats argument.  */
static struct
{
  unsigned functions;
  unsigned gave_up;
  unsigned long nodes;
  unsigned max_nodes_in_function;
  double seconds;
} stats;

extern unsigned diag_counts[FK_MAX];

/* Return true if DECL is a local variable or parameter of the function
   being analysed, and set *INDEX to its index in CTX->locals.  */
bool
engine_local_p (pr_ctx *ctx, tree decl, unsigned *index)
{
  if (!(VAR_P (decl) || TREE_CODE (decl) == PARM_DECL
        || TREE_CODE (decl) == RESULT_DECL)
      || is_global_var (decl))
    return false;
  bool existed;
  unsigned &slot = ctx->local_index->get_or_insert (decl, &existed);
  if (!existed)
    {
      slot = ctx->locals.length ();
      ctx->locals.safe_push (decl);
    }
  *index = slot;
  return true;
}

/* Return the index of the global variable DECL in CTX->globals.  */
unsigned
engine_global_index (pr_ctx *ctx, tree decl)
{
  bool existed;
  unsigned &slot = ctx->global_index->get_or_insert (decl, &existed);
  if (!existed)
    {
      slot = ctx->globals.length ();
      ctx->globals.safe_push (decl);
    }
  return slot;
}

/* Liveness: bit V for SSA version V, bit num_ssa_names + I for local I.  */

struct live_walk
{
  pr_ctx *ctx;
  bitmap use, def;
};

/* walk_stmt_load_store_addr_ops callback: a load of a local is a use.  */
static bool
note_load (gimple *, tree base, tree, void *data)
{
  live_walk *w = (live_walk *)data;
  unsigned index;
  if (DECL_P (base) && engine_local_p (w->ctx, base, &index))
    {
      unsigned bit = num_ssa_names + index;
      if (!bitmap_bit_p (w->def, bit))
        bitmap_set_bit (w->use, bit);
    }
  return false;
}

/* A store to a local: a definition when it stores the whole variable.  */
static bool
note_store (gimple *stmt, tree base, tree op, void *data)
{
  live_walk *w = (live_walk *)data;
  unsigned index;
  if (DECL_P (base) && op == base && engine_local_p (w->ctx, base, &index)
      && is_gimple_assign (stmt) && !gimple_clobber_p (stmt))
    bitmap_set_bit (w->def, num_ssa_names + index);
  return false;
}

/* Taking the address of a local makes it live everywhere.  */
static bool
note_address (gimple *, tree base, tree, void *data)
{
  live_walk *w = (live_walk *)data;
  unsigned index;
  if (DECL_P (base) && engine_local_p (w->ctx, base, &index))
    bitmap_set_bit (w->ctx->addr_exposed, index);
  return false;
}

/* Compute the uses and definitions of block BB.  */
static void
block_uses_defs (pr_ctx *ctx, basic_block bb, bitmap use, bitmap def)
{
  live_walk w = { ctx, use, def };
  for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      gimple *stmt = gsi_stmt (gsi);
      if (is_gimple_debug (stmt))
        continue;
      ssa_op_iter iter;
      tree op;
      FOR_EACH_SSA_TREE_OPERAND (op, stmt, iter, SSA_OP_USE)
      {
        /* A use of a name is a use of the facts kept for it.  */
        unsigned v = SSA_NAME_VERSION (op);
        unsigned fv = ctx->value_numbers[v];
        if (!bitmap_bit_p (def, v))
          bitmap_set_bit (use, v);
        if (fv != v && !bitmap_bit_p (def, fv))
          bitmap_set_bit (use, fv);
      }
      walk_stmt_load_store_addr_ops (stmt, &w, note_load, NULL, note_address);
      FOR_EACH_SSA_TREE_OPERAND (op, stmt, iter, SSA_OP_DEF)
      bitmap_set_bit (def, SSA_NAME_VERSION (op));
      walk_stmt_load_store_addr_ops (stmt, &w, NULL, note_store, NULL);
    }
  for (gphi_iterator gsi = gsi_start_phis (bb); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      /* PHI arguments that are addresses of locals.  */
      gphi *phi = gsi.phi ();
      for (unsigned i = 0; i < gimple_phi_num_args (phi); i++)
        {
          tree arg = gimple_phi_arg_def (phi, i);
          if (TREE_CODE (arg) == ADDR_EXPR)
            {
              tree base = get_base_address (TREE_OPERAND (arg, 0));
              if (base)
                note_address (phi, base, arg, &w);
            }
        }
    }
}

/* Add to LIVE the variables used by the PHIs of E->dest along E.  */
static void
add_phi_uses (edge e, bitmap live)
{
  for (gphi_iterator gsi = gsi_start_phis (e->dest); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      /* Memory versions (.MEM) are never defined by statements we
         record: counting their uses would keep every one live in every
         block, and make the analysis of long functions quadratic.  */
      if (virtual_operand_p (gimple_phi_result (gsi.phi ())))
        continue;
      tree arg = PHI_ARG_DEF_FROM_EDGE (gsi.phi (), e);
      if (TREE_CODE (arg) == SSA_NAME)
        bitmap_set_bit (live, SSA_NAME_VERSION (arg));
    }
}

/* Remove from LIVE the results of the PHIs of BB.  */
static void
remove_phi_defs (basic_block bb, bitmap live)
{
  for (gphi_iterator gsi = gsi_start_phis (bb); !gsi_end_p (gsi);
       gsi_next (&gsi))
    bitmap_clear_bit (live, SSA_NAME_VERSION (gimple_phi_result (gsi.phi ())));
}

/* Compute CTX->live_in: the variables live at the start of each block,
   after its PHIs.  */
static void
compute_liveness (pr_ctx *ctx)
{
  function *fun = ctx->fun;
  unsigned n = last_basic_block_for_fn (fun);
  auto_vec<bitmap> use, def;
  use.safe_grow_cleared (n);
  def.safe_grow_cleared (n);
  ctx->live_in = XCNEWVEC (bitmap, n);
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
  {
    use[bb->index] = BITMAP_ALLOC (NULL);
    def[bb->index] = BITMAP_ALLOC (NULL);
    ctx->live_in[bb->index] = BITMAP_ALLOC (NULL);
    block_uses_defs (ctx, bb, use[bb->index], def[bb->index]);
  }
  auto_bitmap out, tmp;
  bool changed = true;
  while (changed)
    {
      changed = false;
      FOR_EACH_BB_REVERSE_FN (bb, fun)
      {
        bitmap_clear (out);
        edge e;
        edge_iterator ei;
        FOR_EACH_EDGE (e, ei, bb->succs)
        {
          if (e->dest == EXIT_BLOCK_PTR_FOR_FN (fun))
            continue;
          bitmap_copy (tmp, ctx->live_in[e->dest->index]);
          remove_phi_defs (e->dest, tmp);
          bitmap_ior_into (out, tmp);
          add_phi_uses (e, out);
        }
        bitmap_and_compl_into (out, def[bb->index]);
        bitmap_ior_into (out, use[bb->index]);
        if (!bitmap_equal_p (out, ctx->live_in[bb->index]))
          {
            bitmap_copy (ctx->live_in[bb->index], out);
            changed = true;
          }
      }
    }
  FOR_EACH_BB_FN (bb, fun)
  {
    BITMAP_FREE (use[bb->index]);
    BITMAP_FREE (def[bb->index]);
  }
}

/* Drop from S what is dead on entry to BB: SSA names, integer facts and
   locals no later statement reads.  */
static void
purge_dead (pr_ctx *ctx, pstate *s, basic_block bb)
{
  bitmap live = ctx->live_in[bb->index];
  unsigned j = 0;
  for (unsigned i = 0; i < s->ssa.length (); i++)
    if (bitmap_bit_p (live, s->ssa[i].version))
      s->ssa[j++] = s->ssa[i];
  s->ssa.truncate (j);
  j = 0;
  for (unsigned i = 0; i < s->ints.length (); i++)
    if (bitmap_bit_p (live, s->ints[i].version))
      s->ints[j++] = s->ints[i];
  s->ints.truncate (j);
  j = 0;
  for (unsigned i = 0; i < s->rels.length (); i++)
    /* (A relation to a dead value still bounds a live one: i < n, with
       n's size call behind, keeps an index in range.)  */
    if (bitmap_bit_p (live, s->rels[i].a)
        || (s->rels[i].b != REL_CONSTANT && bitmap_bit_p (live, s->rels[i].b)))
      s->rels[j++] = s->rels[i];
  s->rels.truncate (j);
  j = 0;
  for (unsigned i = 0; i < s->mem.length (); i++)
    {
      const mem_loc &loc = s->mem[i].loc;
      if (loc.kind == LOC_LOCAL
          && !bitmap_bit_p (live, num_ssa_names + loc.base)
          && !bitmap_bit_p (ctx->addr_exposed, loc.base))
        continue;
      s->mem[j++] = s->mem[i];
    }
  s->mem.truncate (j);
}

/* Return the user location of the first statement of BB that has one,
   or UNKNOWN_LOCATION.  */
static location_t
first_location (pr_ctx *ctx, basic_block bb)
{
  vec<gimple *> &stmts = ctx->bb_stmts[bb->index];
  for (unsigned i = 0; i < stmts.length (); i++)
    {
      location_t loc = gimple_location (stmts[i]);
      if (LOCATION_LOCUS (loc) != UNKNOWN_LOCATION)
        return user_location (loc);
    }
  return UNKNOWN_LOCATION;
}

/* Return where the path of NODE is when it enters NODE's block: the
   block's first statement, else (a bare return block) the PHI argument
   the path brings, else the end of the previous block.  */
location_t
engine_entry_location (pr_ctx *ctx, enode *node)
{
  if (!node)
    return DECL_SOURCE_LOCATION (ctx->fndecl);
  vec<gimple *> &stmts = ctx->bb_stmts[node->bb->index];
  if (node->stmt_idx < stmts.length ())
    {
      location_t loc = gimple_location (stmts[node->stmt_idx]);
      if (LOCATION_LOCUS (loc) != UNKNOWN_LOCATION
          && gimple_code (stmts[node->stmt_idx]) != GIMPLE_RETURN)
        return user_location (loc);
    }
  if (edge e = node->in_edge)
    {
      for (gphi_iterator gsi = gsi_start_phis (e->dest); !gsi_end_p (gsi);
           gsi_next (&gsi))
        {
          location_t loc = gimple_phi_arg_location_from_edge (gsi.phi (), e);
          if (LOCATION_LOCUS (loc) != UNKNOWN_LOCATION)
            return user_location (loc);
        }
      if (LOCATION_LOCUS (e->goto_locus) != UNKNOWN_LOCATION)
        return user_location (e->goto_locus);
    }
  location_t loc = first_location (ctx, node->bb);
  if (loc != UNKNOWN_LOCATION)
    return loc;
  /* The last located statement of the block the path came from.  */
  for (enode *n = node; n && n->in_edge; n = n->pred)
    {
      vec<gimple *> &prev = ctx->bb_stmts[n->in_edge->src->index];
      for (unsigned i = prev.length (); i-- > 0;)
        if (LOCATION_LOCUS (gimple_location (prev[i])) != UNKNOWN_LOCATION)
          return user_location (gimple_location (prev[i]));
    }
  return DECL_SOURCE_LOCATION (ctx->fndecl);
}

/* Return where references dying on entry to NODE's block are reported:
   the next statement the path runs.  Blocks with no statement (the goto
   of a break at -O0) are skipped, so that -O0 and -O2 agree.  */
static location_t
death_location (pr_ctx *ctx, enode *node)
{
  basic_block bb = node->bb;
  for (int i = 0;
       i < 8 && ctx->bb_stmts[bb->index].is_empty () && single_succ_p (bb)
       && single_succ (bb) != EXIT_BLOCK_PTR_FOR_FN (ctx->fun);
       i++)
    {
      bb = single_succ (bb);
      location_t loc = first_location (ctx, bb);
      gimple *first = ctx->bb_stmts[bb->index].is_empty ()
                          ? NULL
                          : ctx->bb_stmts[bb->index][0];
      if (loc != UNKNOWN_LOCATION && first
          && gimple_code (first) != GIMPLE_RETURN)
        return loc;
    }
  return engine_entry_location (ctx, node);
}

/* The worklist: nodes by reverse post-order of their block, so that a
   join sees the states of all its predecessors before it runs.  */

struct worklist
{
  vec<enode *> heap;
  const int *rpo;
};

static bool
node_before_p (const worklist &w, const enode *a, const enode *b)
{
  int ra = w.rpo[a->bb->index], rb = w.rpo[b->bb->index];
  if (ra != rb)
    return ra < rb;
  if (a->stmt_idx != b->stmt_idx)
    return a->stmt_idx < b->stmt_idx;
  return a->id < b->id;
}

static void
worklist_push (worklist &w, enode *n)
{
  w.heap.safe_push (n);
  unsigned i = w.heap.length () - 1;
  while (i > 0)
    {
      unsigned parent = (i - 1) / 2;
      if (!node_before_p (w, w.heap[i], w.heap[parent]))
        break;
      std::swap (w.heap[i], w.heap[parent]);
      i = parent;
    }
}

static enode *
worklist_pop (worklist &w)
{
  enode *top = w.heap[0];
  enode *last = w.heap.pop ();
  if (w.heap.is_empty ())
    return top;
  w.heap[0] = last;
  unsigned i = 0, n = w.heap.length ();
  for (;;)
    {
      unsigned l = 2 * i + 1, r = l + 1, best = i;
      if (l < n && node_before_p (w, w.heap[l], w.heap[best]))
        best = l;
      if (r < n && node_before_p (w, w.heap[r], w.heap[best]))
        best = r;
      if (best == i)
        break;
      std::swap (w.heap[i], w.heap[best]);
      i = best;
    }
  return top;
}

/* The states found at one program point, and how many.  */
struct point_chain
{
  enode *head;
  unsigned count;
};

/* Program points in the middle of a block, after a call that split the
   path: (block index << 32 | statement index) + 1.  */
struct point_hash : int_hash<uint64_t, 0, UINT64_MAX>
{
  /* Mix the block index in: int_hash keeps only the low 32 bits, the
     statement index, and piles the points of all blocks into a few
     buckets.  */
  static inline hashval_t
  hash (uint64_t v)
  {
    return (hashval_t)v ^ ((hashval_t)(v >> 32) * 0x9e3779b9u);
  }
};

/* The exploration of one function.  */
struct explorer
{
  pr_ctx *ctx;
  worklist work;
  vec<enode *> all;
  /* Per block: the nodes that entered it, and how many.  */
  point_chain *entries;
  /* The same for the points after calls that split the path.  */
  hash_map<point_hash, point_chain> *mid_points;
  /* Per mid-block point: the SSA names (and value numbers) used from
     there on, or live out of the block.  */
  hash_map<point_hash, bitmap> *mid_live;
  /* The blocks a back edge enters: where states are widened.  */
  auto_sbitmap *loop_headers;
};

static enode *
new_node (explorer &x, basic_block bb, unsigned stmt_idx, enode *pred)
{
  enode *n = XCNEW (enode);
  n->bb = bb;
  n->stmt_idx = stmt_idx;
  n->pred = pred;
  n->id = x.all.length ();
  x.all.safe_push (n);
  x.ctx->n_nodes++;
  return n;
}

/* Return the node of CHAIN with a state equal to S (or, when SIMILAR,
   equal but for provenance), or NULL.  */
static enode *
find_equal (const point_chain &chain, const pstate *s, bool similar)
{
  for (enode *n = chain.head; n; n = n->next_same_bb)
    if (similar ? state_similar_p (n->state, s) : state_equal_p (n->state, s))
      return n;
  return NULL;
}

/* NODE, with the canonical state S (consumed), reaches the program point
   of CHAIN: merge it with an equal state there, or record it and queue
   it.  KEEP says S keeps unreachable objects (in the middle of a block).
   Return true if NODE is new and must be explored.  */
static bool
register_state (explorer &x, point_chain &chain, enode *node, pstate *s,
                bool keep)
{
  pr_ctx *ctx = x.ctx;
  if (find_equal (chain, s, false))
    return false;
  /* At a loop header, a state that differs from one already there only
     in integer facts is widened into one that stands for both: the loop
     counters would otherwise make each iteration a state of its own, and
     nested loops one per combination of first and later trips.  */
  if (!keep && bitmap_bit_p (*x.loop_headers, node->bb->index))
    for (enode *n = chain.head; n; n = n->next_same_bb)
      if (state_equal_but_ints_p (n->state, s))
        {
          if (val_widen_ints (ctx, s, n->state))
            return false;
          state_canonicalize (s);
          if (find_equal (chain, s, false))
            return false;
          break;
        }
  if (chain.count >= pyrefcheck_opts.max_states_per_block / 2)
    {
      /* Many states here: let one state stand for those that differ only
         in where their objects came from, then forget integer facts,
         which multiply states the most (a sound widening).  */
      if (find_equal (chain, s, true))
        return false;
      if (state_drop_int_facts (s))
        {
          state_canonicalize_keeping (s, keep);
          if (find_equal (chain, s, true))
            return false;
        }
    }
  if (chain.count >= pyrefcheck_opts.max_states_per_block)
    {
      ctx->give_up_reason = "too many distinct states on its paths";
      ctx->give_up_loc = first_location (ctx, node->bb);
      return false;
    }
  node->state = s;
  node->next_same_bb = chain.head;
  chain.head = node;
  chain.count++;
  worklist_push (x.work, node);
  return true;
}

/* Add to LIVE the variables live at the end of BB.  */
static void
add_live_out (pr_ctx *ctx, basic_block bb, bitmap live)
{
  auto_bitmap tmp;
  edge e;
  edge_iterator ei;
  FOR_EACH_EDGE (e, ei, bb->succs)
  {
    if (e->dest == EXIT_BLOCK_PTR_FOR_FN (ctx->fun))
      continue;
    bitmap_copy (tmp, ctx->live_in[e->dest->index]);
    remove_phi_defs (e->dest, tmp);
    bitmap_ior_into (live, tmp);
    add_phi_uses (e, live);
  }
}

/* Return the SSA names live at statement IDX of BB (before it runs): used
   there or later in the block, or live at its end.  Only integer facts
   are dropped by it, so only SSA names count.  */
static bitmap
live_at_point (explorer &x, basic_block bb, unsigned idx, uint64_t key)
{
  bool existed;
  bitmap &live = x.mid_live->get_or_insert (key, &existed);
  if (existed)
    return live;
  pr_ctx *ctx = x.ctx;
  live = BITMAP_ALLOC (NULL);
  add_live_out (ctx, bb, live);
  vec<gimple *> &stmts = ctx->bb_stmts[bb->index];
  for (unsigned i = idx; i < stmts.length (); i++)
    {
      ssa_op_iter iter;
      tree op;
      FOR_EACH_SSA_TREE_OPERAND (op, stmts[i], iter, SSA_OP_USE)
      {
        unsigned v = SSA_NAME_VERSION (op);
        bitmap_set_bit (live, v);
        bitmap_set_bit (live, ctx->value_numbers[v]);
      }
    }
  return live;
}

/* NODE, an outcome of the call just before its statement in its block,
   with state S (consumed): drop the integer facts of names nothing uses
   any more and merge S with an equal state at the same point, so that a
   run of calls whose failures nobody tests does not double the paths at
   each call.  Objects stay, even unreachable: their leaks are reported
   at the next block's entry, as for any other statement.  Return true if
   NODE is new.  */
static bool
enter_mid_point (explorer &x, enode *node, pstate *s)
{
  uint64_t key = (((uint64_t)node->bb->index << 32) | node->stmt_idx) + 1;
  bitmap live = live_at_point (x, node->bb, node->stmt_idx, key);
  unsigned j = 0;
  for (unsigned i = 0; i < s->ints.length (); i++)
    if (bitmap_bit_p (live, s->ints[i].version))
      s->ints[j++] = s->ints[i];
  s->ints.truncate (j);
  j = 0;
  for (unsigned i = 0; i < s->rels.length (); i++)
    /* (A relation to a dead value still bounds a live one: i < n, with
       n's size call behind, keeps an index in range.)  */
    if (bitmap_bit_p (live, s->rels[i].a)
        || (s->rels[i].b != REL_CONSTANT && bitmap_bit_p (live, s->rels[i].b)))
      s->rels[j++] = s->rels[i];
  s->rels.truncate (j);
  state_canonicalize_keeping (s, true);
  point_chain &chain = x.mid_points->get_or_insert (key);
  return register_state (x, chain, node, s, true);
}

/* Make S the state at the entry of NODE's block: drop what is dead,
   report what leaks with it, merge with an equal state.  Return true if
   NODE is new and must be explored.  */
static bool
enter_block (explorer &x, enode *node, pstate *s)
{
  pr_ctx *ctx = x.ctx;
  basic_block bb = node->bb;
  ctx->cur_node = node;
  ctx->cur_idx = 0;
  purge_dead (ctx, s, bb);
  auto_vec<dead_object> dead;
  state_collect_garbage (s, &dead);
  if (!dead.is_empty () && !bitmap_bit_p (ctx->doomed, bb->index))
    sm_check_dead (ctx, dead, death_location (ctx, node));
  /* A call that may have failed, never tested: it may have set an
     exception.  */
  for (unsigned i = 0; i < dead.length (); i++)
    if ((dead[i].obj.flags & OF_MAYBE_FAILED)
        && (dead[i].obj.flags & OF_FAIL_SETS_EXC)
        && (exc_clear_p (s->exc) || s->exc == EXC_ENTRY))
      s->exc = EXC_UNKNOWN;
  state_canonicalize (s);
  return register_state (x, x.entries[bb->index], node, s, false);
}

/* Follow edge E from PRED with state S (consumed).  */
static void
follow_edge (explorer &x, enode *pred, edge e, pstate *s)
{
  if (e->dest == EXIT_BLOCK_PTR_FOR_FN (x.ctx->fun))
    {
      state_free (s);
      return;
    }
  enode *node = new_node (x, e->dest, 0, pred);
  node->in_edge = e;
  x.ctx->cur_node = node;
  x.ctx->cur_idx = 0;
  sm_apply_phis (x.ctx, s, e);
  if (!enter_block (x, node, s))
    state_free (s);
}

/* Run the statements of NODE's block from its statement index, then
   follow the block's feasible out-edges.  */
static void
run_node (explorer &x, enode *node)
{
  pr_ctx *ctx = x.ctx;
  vec<gimple *> &stmts = ctx->bb_stmts[node->bb->index];
  pstate *s = state_copy (node->state);
  ctx->cur_node = node;
  for (unsigned i = node->stmt_idx; i < stmts.length (); i++)
    {
      ctx->cur_idx = i;
      ctx->cur_node = node;
      switch (sm_run_stmt (ctx, s, stmts[i]))
        {
        case STEP_CONTINUE:
          continue;
        case STEP_SPLIT:
          for (unsigned k = 0; k < ctx->outcomes.length (); k++)
            {
              enode *child = new_node (x, node->bb, i + 1, node);
              child->split_stmt = stmts[i];
              child->outcome = k;
              child->failed = ctx->outcomes[k].failed;
              if (!enter_mid_point (x, child, ctx->outcomes[k].state))
                state_free (ctx->outcomes[k].state);
            }
          ctx->outcomes.truncate (0);
          state_free (s);
          return;
        case STEP_END:
        case STEP_GIVE_UP:
          state_free (s);
          return;
        }
    }
  ctx->cur_idx = stmts.length ();
  gimple *last = last_stmt (node->bb);
  edge e;
  edge_iterator ei;
  FOR_EACH_EDGE (e, ei, node->bb->succs)
  {
    if (e->flags & EDGE_EH)
      continue;
    if (e->flags & EDGE_ABNORMAL)
      {
        ctx->give_up_reason = "it has abnormal control flow";
        ctx->give_up_loc = last ? gimple_location (last) : UNKNOWN_LOCATION;
        break;
      }
    pstate *copy = state_copy (s);
    ctx->cur_node = node;
    ctx->cur_idx = stmts.length ();
    if (last && EDGE_COUNT (node->bb->succs) > 1
        && !sm_assume_edge (ctx, copy, last, e))
      {
        state_free (copy);
        continue;
      }
    follow_edge (x, node, e, copy);
    if (ctx->give_up_reason)
      break;
  }
  state_free (s);
}

/* Return a reason not to analyse FUN at all, or NULL.  */
static const char *
unsupported_reason (function *fun)
{
  if (fun->calls_setjmp)
    return "it calls setjmp";
  if (fun->has_nonlocal_label)
    return "it has a non-local label";
  if (fun->static_chain_decl)
    return "it is a nested function";
  if (fun->has_forced_label_in_static)
    return "it uses label addresses";
  return NULL;
}

/* Fill CTX->bb_stmts and CTX->rpo_index.  */
static void
index_blocks (pr_ctx *ctx)
{
  function *fun = ctx->fun;
  unsigned n = last_basic_block_for_fn (fun);
  ctx->bb_stmts = XCNEWVEC (vec<gimple *>, n);
  ctx->rpo_index = XCNEWVEC (int, n);
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
  for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      gimple *stmt = gsi_stmt (gsi);
      switch (gimple_code (stmt))
        {
        case GIMPLE_DEBUG:
        case GIMPLE_LABEL:
        case GIMPLE_NOP:
        case GIMPLE_PREDICT:
          break;
        default:
          ctx->bb_stmts[bb->index].safe_push (stmt);
        }
    }
  mark_dfs_back_edges (fun);
  int *rpo = XNEWVEC (int, n_basic_blocks_for_fn (fun));
  int count = pre_and_rev_post_order_compute_fn (fun, NULL, rpo, false);
  for (int i = 0; i < count; i++)
    ctx->rpo_index[rpo[i]] = i;
  free (rpo);
}

/* Return true if A computes an integer from SSA names and constants
   only, with no side effect and no memory read.  */
static bool
pure_integer_expression_p (gassign *a)
{
  tree lhs = gimple_assign_lhs (a);
  if (TREE_CODE (lhs) != SSA_NAME || !INTEGRAL_TYPE_P (TREE_TYPE (lhs))
      || gimple_assign_single_p (a))
    return false;
  for (unsigned i = 1; i < gimple_num_ops (a); i++)
    {
      tree op = gimple_op (a, i);
      if (TREE_CODE (op) != SSA_NAME && TREE_CODE (op) != INTEGER_CST)
        return false;
    }
  return true;
}

/* Return true if the operands X and Y have the same value: equal
   constants, or SSA names with the same value number in VN.  */
static bool
same_operand_p (const unsigned *vn, tree x, tree y)
{
  if (TREE_CODE (x) == SSA_NAME && TREE_CODE (y) == SSA_NAME)
    return vn[SSA_NAME_VERSION (x)] == vn[SSA_NAME_VERSION (y)];
  return operand_equal_p (x, y, 0);
}

/* Return true if A and B compute the same expression.  */
static bool
same_expression_p (const unsigned *vn, gassign *a, gassign *b)
{
  if (gimple_assign_rhs_code (a) != gimple_assign_rhs_code (b)
      || gimple_num_ops (a) != gimple_num_ops (b)
      || !types_compatible_p (TREE_TYPE (gimple_assign_lhs (a)),
                              TREE_TYPE (gimple_assign_lhs (b))))
    return false;
  for (unsigned i = 1; i < gimple_num_ops (a); i++)
    if (!same_operand_p (vn, gimple_op (a, i), gimple_op (b, i)))
      return false;
  return true;
}

/* Fill CTX->value_numbers: integer SSA names defined by the same pure
   expression of the same operands share the first one's number, so
   that testing "n % 4" twice tests one value.  */
static void
number_values (pr_ctx *ctx)
{
  unsigned n = num_ssa_names;
  ctx->value_numbers = XNEWVEC (unsigned, n);
  for (unsigned i = 0; i < n; i++)
    ctx->value_numbers[i] = i;
  hash_map<int_hash<hashval_t, 0, 1>, unsigned> first;
  basic_block bb;
  FOR_EACH_BB_FN (bb, ctx->fun)
  for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
       gsi_next (&gsi))
    {
      gassign *a = dyn_cast<gassign *> (gsi_stmt (gsi));
      if (!a || !pure_integer_expression_p (a))
        continue;
      tree lhs = gimple_assign_lhs (a);
      inchash::hash h;
      h.add_int (gimple_assign_rhs_code (a));
      h.add_ptr (TREE_TYPE (lhs));
      for (unsigned i = 1; i < gimple_num_ops (a); i++)
        {
          tree op = gimple_op (a, i);
          if (TREE_CODE (op) == SSA_NAME)
            h.add_int (ctx->value_numbers[SSA_NAME_VERSION (op)]);
          else
            inchash::add_expr (op, h);
        }
      hashval_t key = MAX (h.end (), 2u);
      bool existed;
      unsigned &v = first.get_or_insert (key, &existed);
      if (!existed)
        v = SSA_NAME_VERSION (lhs);
      else if (same_expression_p (
                   ctx->value_numbers,
                   as_a<gassign *> (SSA_NAME_DEF_STMT (ssa_name (v))), a))
        ctx->value_numbers[SSA_NAME_VERSION (lhs)] = v;
    }
}

/* Fill CTX->doomed: the blocks from which no path reaches a return.  */
static void
find_doomed_blocks (pr_ctx *ctx)
{
  function *fun = ctx->fun;
  ctx->doomed = sbitmap_alloc (last_basic_block_for_fn (fun));
  bitmap_ones (ctx->doomed);
  auto_vec<basic_block> work;
  basic_block bb;
  FOR_EACH_BB_FN (bb, fun)
  {
    gimple *last = last_stmt (bb);
    if (last && gimple_code (last) == GIMPLE_RETURN)
      {
        bitmap_clear_bit (ctx->doomed, bb->index);
        work.safe_push (bb);
      }
  }
  while (!work.is_empty ())
    {
      bb = work.pop ();
      edge e;
      edge_iterator ei;
      FOR_EACH_EDGE (e, ei, bb->preds)
      if (e->src != ENTRY_BLOCK_PTR_FOR_FN (fun)
          && bitmap_bit_p (ctx->doomed, e->src->index))
        {
          bitmap_clear_bit (ctx->doomed, e->src->index);
          work.safe_push (e->src);
        }
    }
}

/* Explore the paths of CTX->fun.  */
static void
explore (pr_ctx *ctx)
{
  explorer x;
  unsigned n = last_basic_block_for_fn (ctx->fun);
  x.ctx = ctx;
  x.work.heap = vNULL;
  x.work.rpo = ctx->rpo_index;
  x.all = vNULL;
  x.entries = XCNEWVEC (point_chain, n);
  x.mid_points = new hash_map<point_hash, point_chain>;
  x.mid_live = new hash_map<point_hash, bitmap>;
  auto_sbitmap loop_headers (n);
  bitmap_clear (loop_headers);
  basic_block bb;
  FOR_EACH_BB_FN (bb, ctx->fun)
  {
    edge e;
    edge_iterator ei;
    FOR_EACH_EDGE (e, ei, bb->preds)
    if (e->flags & EDGE_DFS_BACK)
      bitmap_set_bit (loop_headers, bb->index);
  }
  x.loop_headers = &loop_headers;

  edge entry = single_succ_edge (ENTRY_BLOCK_PTR_FOR_FN (ctx->fun));
  pstate *s = state_new ();
  sm_init_entry_state (ctx, s);
  follow_edge (x, NULL, entry, s);
  while (!x.work.heap.is_empty () && !ctx->give_up_reason)
    {
      enode *node = worklist_pop (x.work);
      if (pyrefcheck_opts.dump)
        {
          fprintf (stderr, "  node %u: bb %d stmt %u%s (from node %d",
                   node->id, node->bb->index, node->stmt_idx,
                   node->failed ? " (failure outcome)" : "",
                   node->pred ? (int)node->pred->id : -1);
          if (node->in_edge)
            fprintf (stderr, ", edge %d->%d", node->in_edge->src->index,
                     node->in_edge->dest->index);
          fprintf (stderr, ")\n");
          state_dump (stderr, node->state);
        }
      run_node (x, node);
      if (ctx->n_nodes > pyrefcheck_opts.max_nodes && !ctx->give_up_reason)
        {
          ctx->give_up_reason = "its paths need more than max-nodes states";
          ctx->give_up_loc = DECL_SOURCE_LOCATION (ctx->fndecl);
        }
    }
  diag_flush (ctx);
  stats.nodes += x.all.length ();
  stats.max_nodes_in_function
      = MAX (stats.max_nodes_in_function, x.all.length ());
  for (unsigned i = 0; i < x.all.length (); i++)
    {
      state_free (x.all[i]->state);
      free (x.all[i]);
    }
  x.all.release ();
  x.work.heap.release ();
  free (x.entries);
  delete x.mid_points;
  for (hash_map<point_hash, bitmap>::iterator it = x.mid_live->begin ();
       it != x.mid_live->end (); ++it)
    BITMAP_FREE ((*it).second);
  delete x.mid_live;
}

/* Release what CTX holds.  */
static void
free_ctx (pr_ctx *ctx)
{
  unsigned n = last_basic_block_for_fn (ctx->fun);
  for (unsigned i = 0; i < n; i++)
    {
      ctx->bb_stmts[i].release ();
      if (ctx->live_in && ctx->live_in[i])
        BITMAP_FREE (ctx->live_in[i]);
    }
  free (ctx->bb_stmts);
  free (ctx->live_in);
  free (ctx->rpo_index);
  sbitmap_free (ctx->doomed);
  free (ctx->value_numbers);
  BITMAP_FREE (ctx->addr_exposed);
  ctx->locals.release ();
  ctx->globals.release ();
  delete ctx->local_index;
  delete ctx->global_index;
  ctx->outcomes.release ();
}

/* Analyse FUN, a function of the main file, and report its findings.  */
void
analyze_function (function *fun)
{
  pr_ctx ctx;
  memset (&ctx, 0, sizeof ctx);
  ctx.fun = fun;
  ctx.fndecl = fun->decl;
  ctx.role = function_role (fun->decl);
  ctx.contract = attribs_row (fun->decl, NULL);
  sm_calls_start_function ();
  summary_start (&ctx);
  ctx.returns_pyobj
      = pyobject_pointer_type_p (TREE_TYPE (TREE_TYPE (fun->decl)));
  ctx.pyver = ownership_python_version ();
  stats.functions++;
  if (const char *why = unsupported_reason (fun))
    {
      stats.gave_up++;
      if (pyrefcheck_opts.verbose)
        inform (DECL_SOURCE_LOCATION (fun->decl),
                "pyrefcheck: not analysing %qD: %s", fun->decl, why);
      return;
    }
  clock_t start = clock ();
  ctx.local_index = new hash_map<tree, unsigned>;
  ctx.global_index = new hash_map<tree, unsigned>;
  ctx.addr_exposed = BITMAP_ALLOC (NULL);
  if (pyrefcheck_opts.dump)
    fprintf (stderr, "pyrefcheck: function %s\n", function_name (fun));
  index_blocks (&ctx);
  number_values (&ctx);
  find_doomed_blocks (&ctx);
  compute_liveness (&ctx);
  explore (&ctx);
  summary_finish (&ctx);
  if (ctx.give_up_reason)
    {
      stats.gave_up++;
      if (pyrefcheck_opts.verbose)
        inform (ctx.give_up_loc != UNKNOWN_LOCATION
                    ? user_location (ctx.give_up_loc)
                    : DECL_SOURCE_LOCATION (fun->decl),
                "pyrefcheck: not analysing %qD: %s", fun->decl,
                ctx.give_up_reason);
    }
  free_ctx (&ctx);
  stats.seconds += (double)(clock () - start) / CLOCKS_PER_SEC;
}

/* Print the unit's statistics to stderr.  */
void
engine_print_stats ()
{
  fprintf (stderr,
           "pyrefcheck: %s: %u functions analysed (%u given up), %lu "
           "nodes (at most %u in one function), %.3f s; findings: leak %u, "
           "refcount-too-low %u, use-after-release %u, null-deref %u, "
           "null-without-exception %u",
           main_input_filename, stats.functions, stats.gave_up, stats.nodes,
           stats.max_nodes_in_function, stats.seconds, diag_counts[FK_LEAK],
           diag_counts[FK_REFCOUNT_TOO_LOW], diag_counts[FK_USE_AFTER_RELEASE],
           diag_counts[FK_NULL_DEREF], diag_counts[FK_NULL_WITHOUT_EXCEPTION]);
  for (int k = FK_FORMAT; k < FK_MAX; k++)
    fprintf (stderr, ", %s %u", finding_tags[k] + strlen ("pyrefcheck-"),
             diag_counts[k]);
  fputc ('\n', stderr);
}
