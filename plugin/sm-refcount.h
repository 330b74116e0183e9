/* pyrefcheck: the reference-count state machine, internal interface
   between sm-refcount.cc (ownership transitions) and calls.cc (what
   calls do).
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

#ifndef PYREFCHECK_SM_REFCOUNT_H
#define PYREFCHECK_SM_REFCOUNT_H

void sm_report (pr_ctx *ctx, enum final_event what, const pobj &o,
                gimple *stmt, location_t loc, const char *callee, int argno);
bool sm_unreportable_p (const pobj &o);
void sm_take_reference (pobj &o);
void sm_steal (pr_ctx *ctx, pstate *s, unsigned obj, gimple *call,
               const char *callee, unsigned argno);
void sm_release (pr_ctx *ctx, pstate *s, unsigned obj, gimple *call,
                 const char *callee);
void sm_store_at (pr_ctx *ctx, pstate *s, const mem_loc &loc, unsigned value,
                  gimple *stmt);
void sm_escape_location (pstate *s, const mem_loc &loc, bool escaped);

/* calls.cc */
enum step sm_run_call (pr_ctx *ctx, pstate *s, gcall *call);

#endif /* PYREFCHECK_SM_REFCOUNT_H */
