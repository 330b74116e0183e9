/* Triage reason codes and the check of a dismissal's evidence.
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

/* The fixed list of reason codes a triage verdict may carry (see
   doc/protocol.md, "Reason codes"), and the check that a dismissal's
   evidence matches facts the plugin established itself.  Plain C with
   no dependency, so that the GCC plugin (C++) and the daemon share it.
   The model's text is never evidence: only the facts below are.  */

#ifndef PYREFCHECK_TRIAGE_REASONS_H
#define PYREFCHECK_TRIAGE_REASONS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C"
{
#endif

  /* The reason codes.  Keep in the order of reason_names in reasons.c.  */
  enum triage_reason
  {
    TRIAGE_REASON_NONE = -1,
    TRIAGE_REASON_REAL_BUG,       /* confirmed */
    TRIAGE_REASON_CANNOT_TELL,    /* uncertain */
    TRIAGE_REASON_STOLEN_BY_CALL, /* first dismissal code */
    TRIAGE_REASON_RELEASED_BY_CALLEE,
    TRIAGE_REASON_STORED_ELSEWHERE,
    TRIAGE_REASON_INFEASIBLE_PATH,
    TRIAGE_REASON_EXCEPTION_SET_BY_CALLEE,
    TRIAGE_REASON_NEW_REFERENCE_FROM_CALLEE,
    TRIAGE_REASON_NOT_A_BUG_BY_CONTRACT,
    TRIAGE_REASON_COUNT
  };

  /* One call on the path, as the plugin knows it.  */
  struct triage_call_fact
  {
    long line;
    const char *callee;
    /* The callee has an ownership row or ownership attributes.  */
    int known;
    /* Number of argument positions the call may steal, and may release
       (from its row).  Only whether they are zero matters here.  */
    size_t n_steals, n_releases;
    /* The row's error convention sets an exception on some outcome.  */
    int sets_exception;
  };

  /* The facts of one finding that a dismissal is checked against.  */
  struct triage_facts
  {
    /* "leak", "refcount-too-low", "use-after-release", "null-deref",
       "null-without-exception", or another kind.  */
    const char *kind;
    /* Every step of the path was modeled.  */
    int definite;
    /* The user allows dismissing definite findings.  */
    int allow_dismiss_definite;
    /* The function's declared ownership contract is known.  */
    int has_contract;
    const struct triage_call_fact *calls;
    size_t n_calls;
    /* Lines of the conditions on the path.  */
    const long *condition_lines;
    size_t n_conditions;
    /* Lines of the path's "store" events.  */
    const long *store_lines;
    size_t n_stores;
  };

  /* The code's name ("stolen-by-call"), or NULL for an invalid code.  */
  const char *triage_reason_name (enum triage_reason code);

  /* The code named NAME, or TRIAGE_REASON_NONE.  */
  enum triage_reason triage_reason_lookup (const char *name);

  /* Whether CODE dismisses a finding.  */
  int triage_reason_dismisses_p (enum triage_reason code);

  /* The verdict word CODE goes with: "confirmed", "uncertain" or
     "dismissed".  */
  const char *triage_reason_verdict (enum triage_reason code);

  /* Return 1 if a dismissal of the finding FACTS with reason CODE_NAME
     citing LINE (0 when none) is acceptable.  Otherwise return 0 and, if
     WHY is not NULL, write the reason for refusing it into WHY (LEN
     bytes).  */
  int triage_check_dismissal (const struct triage_facts *facts,
                              const char *code_name, long line, char *why,
                              size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PYREFCHECK_TRIAGE_REASONS_H */
