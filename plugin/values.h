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

#ifndef PYREFCHECK_VALUES_H
#define PYREFCHECK_VALUES_H

unsigned val_new_object (pstate *s, enum origin origin, enum nullness nullness,
                         bool pyobj, gimple *site);
unsigned val_eval_ptr (pr_ctx *ctx, pstate *s, tree t, gimple *stmt);
bool val_get_location (pr_ctx *ctx, pstate *s, tree ref, mem_loc *loc);
unsigned val_load_location (pr_ctx *ctx, pstate *s, const mem_loc &loc,
                            bool pyobj, gimple *stmt);
bool val_check_derefs (pr_ctx *ctx, pstate *s, tree t, gimple *stmt);
bool val_check_deref_of (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt,
                         const char *callee);
bool val_check_null_deref (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt,
                           const char *callee, bool use);
void val_check_use (pr_ctx *ctx, pstate *s, unsigned obj, gimple *stmt);
pr_range val_type_range (tree type);
pr_range val_eval_int (pr_ctx *ctx, pstate *s, tree t);
bool val_range_full_p (const pr_range &r, tree type);
void val_bind_int (pr_ctx *ctx, pstate *s, tree lhs, const pr_range &r);
void val_unbind_int (pr_ctx *ctx, pstate *s, tree lhs);
void val_upper_bounds (pr_ctx *ctx, const pstate *s, tree a, vec<tree> *out);
bool val_assume (pr_ctx *ctx, pstate *s, enum tree_code code, tree a, tree b);
void val_set_null (pstate *s, unsigned obj);
void val_set_nonnull (pstate *s, unsigned obj);
void val_name_object (pstate *s, unsigned obj, tree var);
bool val_widen_ints (pr_ctx *ctx, pstate *s, const pstate *old);
bool val_facts_feasible_p (pr_ctx *ctx, pstate *s);
unsigned val_static_object (pstate *s, tree decl);

#endif /* PYREFCHECK_VALUES_H */
