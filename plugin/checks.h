/* pyrefcheck: the checks beyond reference counts (format strings,
   variable arguments, method and type tables, the GIL).
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

#ifndef PYREFCHECK_CHECKS_H
#define PYREFCHECK_CHECKS_H

/* diag.cc: report a finding of KIND at LOC: a warning, or an error under
   fail-on=KIND, with the kind's tag after the message.  GMSGID is a gcc
   diagnostic format (%qs, %qT, %qD...).  */
bool check_report (enum finding_kind kind, location_t loc, const char *gmsgid,
                   ...);

/* check-format.cc: the calls of FNDECL's body (GENERIC, before
   gimplification), in source order; their format strings and variable
   arguments.  */
void checks_collect_calls (tree fndecl, vec<tree> *calls);
void check_format_calls (const vec<tree> &calls);

/* check-tables.cc: method, member and type tables.  */
void check_tables_note_decl (tree decl);
void check_tables_note_body (tree fndecl, const vec<tree> &calls);
void check_tables_note_type (tree type);
void check_tables_finish ();
bool check_tables_switches_gil_p (tree fndecl);
bool check_tables_calls_gil_p (tree fndecl);
bool check_tables_capsule_destructor_p (tree fndecl, tree name);
bool check_tables_pinned_global_p (tree decl);

/* check-gil.cc: calls into Python while the function released the GIL.  */
void check_gil (function *fun);

#endif /* PYREFCHECK_CHECKS_H */
