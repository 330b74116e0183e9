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

#include "reasons.h"

#include <stdio.h>
#include <string.h>

/* Names of the codes, indexed by enum triage_reason.  */
static const char *const reason_names[TRIAGE_REASON_COUNT]
    = { "real-bug",
        "cannot-tell",
        "stolen-by-call",
        "released-by-callee",
        "stored-elsewhere",
        "infeasible-path",
        "exception-set-by-callee",
        "new-reference-from-callee",
        "not-a-bug-by-contract" };

const char *
triage_reason_name (enum triage_reason code)
{
  if (code < 0 || code >= TRIAGE_REASON_COUNT)
    return NULL;
  return reason_names[code];
}

enum triage_reason
triage_reason_lookup (const char *name)
{
  int i;
  if (!name)
    return TRIAGE_REASON_NONE;
  for (i = 0; i < TRIAGE_REASON_COUNT; i++)
    if (strcmp (name, reason_names[i]) == 0)
      return (enum triage_reason)i;
  return TRIAGE_REASON_NONE;
}

int
triage_reason_dismisses_p (enum triage_reason code)
{
  return code >= TRIAGE_REASON_STOLEN_BY_CALL && code < TRIAGE_REASON_COUNT;
}

const char *
triage_reason_verdict (enum triage_reason code)
{
  if (code == TRIAGE_REASON_REAL_BUG)
    return "confirmed";
  if (code == TRIAGE_REASON_CANNOT_TELL)
    return "uncertain";
  return triage_reason_dismisses_p (code) ? "dismissed" : NULL;
}

/* Return true if KIND is the finding kind NAME.  */
static int
kind_is_p (const char *kind, const char *name)
{
  return kind && strcmp (kind, name) == 0;
}

/* Return true if CODE may dismiss a finding of kind KIND at all.  */
static int
applies_to_kind_p (enum triage_reason code, const char *kind)
{
  switch (code)
    {
    case TRIAGE_REASON_STOLEN_BY_CALL:
    case TRIAGE_REASON_RELEASED_BY_CALLEE:
    case TRIAGE_REASON_STORED_ELSEWHERE:
      return kind_is_p (kind, "leak");
    case TRIAGE_REASON_EXCEPTION_SET_BY_CALLEE:
      return kind_is_p (kind, "null-without-exception");
    case TRIAGE_REASON_NEW_REFERENCE_FROM_CALLEE:
      return kind_is_p (kind, "refcount-too-low")
             || kind_is_p (kind, "use-after-release");
    case TRIAGE_REASON_INFEASIBLE_PATH:
    case TRIAGE_REASON_NOT_A_BUG_BY_CONTRACT:
      return 1;
    default:
      return 0;
    }
}

/* Return true if a call of FACTS at LINE supports CODE: it may steal,
   release or set an exception as CODE says, or its callee is unknown
   (so the plugin could not rule that out).  */
static int
call_supports_p (const struct triage_facts *facts, enum triage_reason code,
                 long line)
{
  size_t i;
  for (i = 0; i < facts->n_calls; i++)
    {
      const struct triage_call_fact *c = &facts->calls[i];
      if (c->line != line)
        continue;
      if (!c->known)
        return 1;
      if (code == TRIAGE_REASON_STOLEN_BY_CALL && c->n_steals)
        return 1;
      if (code == TRIAGE_REASON_RELEASED_BY_CALLEE && c->n_releases)
        return 1;
      if (code == TRIAGE_REASON_EXCEPTION_SET_BY_CALLEE && c->sets_exception)
        return 1;
    }
  return 0;
}

/* Return true if LINE is among the N LINES.  */
static int
line_in_p (const long *lines, size_t n, long line)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (lines[i] == line)
      return 1;
  return 0;
}

/* Return NULL if FACTS hold the evidence CODE needs at LINE, else what is
   missing.  */
static const char *
missing_evidence (const struct triage_facts *facts, enum triage_reason code,
                  long line)
{
  switch (code)
    {
    case TRIAGE_REASON_STOLEN_BY_CALL:
      return call_supports_p (facts, code, line)
                 ? NULL
                 : "no call on the path at that line can steal a reference";
    case TRIAGE_REASON_RELEASED_BY_CALLEE:
      return call_supports_p (facts, code, line)
                 ? NULL
                 : "no call on the path at that line can release a "
                   "reference";
    case TRIAGE_REASON_STORED_ELSEWHERE:
      if (line_in_p (facts->store_lines, facts->n_stores, line))
        return NULL;
      return call_supports_p (facts, TRIAGE_REASON_NONE, line)
                 ? NULL
                 : "no store and no unknown call on the path at that line";
    case TRIAGE_REASON_INFEASIBLE_PATH:
      return line_in_p (facts->condition_lines, facts->n_conditions, line)
                 ? NULL
                 : "no condition on the path at that line";
    case TRIAGE_REASON_EXCEPTION_SET_BY_CALLEE:
      return call_supports_p (facts, code, line)
                 ? NULL
                 : "no call on the path at that line can set an exception";
    case TRIAGE_REASON_NEW_REFERENCE_FROM_CALLEE:
      return call_supports_p (facts, code, line)
                 ? NULL
                 : "no call of an unknown function on the path at that line";
    case TRIAGE_REASON_NOT_A_BUG_BY_CONTRACT:
      return facts->has_contract ? NULL
                                 : "the function declares no ownership "
                                   "contract";
    default:
      return "not a dismissal reason";
    }
}

int
triage_check_dismissal (const struct triage_facts *facts,
                        const char *code_name, long line, char *why,
                        size_t len)
{
  enum triage_reason code = triage_reason_lookup (code_name);
  const char *missing = NULL;
  char buf[160];

  if (code == TRIAGE_REASON_NONE)
    missing = "the reason code is not in the list";
  else if (!triage_reason_dismisses_p (code))
    missing = "the reason code does not dismiss";
  else if (facts->definite && !facts->allow_dismiss_definite)
    missing = "the finding is definite (every step was modeled)";
  else if (!applies_to_kind_p (code, facts->kind))
    missing = "the reason does not apply to this kind of finding";
  else
    missing = missing_evidence (facts, code, line);
  if (!missing)
    return 1;
  if (why && len)
    {
      snprintf (buf, sizeof buf, "%s (%.40s, line %ld)", missing,
                code_name ? code_name : "no code", line);
      snprintf (why, len, "%s", buf);
    }
  return 0;
}
