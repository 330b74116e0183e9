/* The offline backend: an explanation of the path, no judgement.
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

/* The default backend sends nothing anywhere.  It explains the path from
   the request alone (the events and the ownership rows of its calls) and
   suggests the usual fix for the finding's kind; its verdict is
   "unverified".  The text depends on nothing but the request, so the
   same request always gets the same answer.  */

#include "triaged.h"

#include <stdlib.h>
#include <string.h>

/* The usual fix for each kind of finding.  */
static const struct
{
  const char *m_kind;
  const char *m_fix;
} fixes[] = {
  { "leak", "release the reference with Py_DECREF on this path (or return "
            "it, or pass it to a call that steals it)" },
  { "refcount-too-low", "take a reference (Py_INCREF or Py_NewRef) before "
                        "releasing or giving away one this function does "
                        "not own" },
  { "use-after-release", "use the object before releasing its last "
                         "reference, or keep a reference until the last "
                         "use" },
  { "null-deref", "check the result for NULL before using it (Py_XDECREF "
                  "releases a reference that may be NULL)" },
  { "null-without-exception", "set an exception (PyErr_SetString, "
                              "PyErr_NoMemory) before returning NULL or "
                              "-1" },
};

/* Return the usual fix for KIND.  */
static const char *
fix_for (const char *kind)
{
  size_t i;
  for (i = 0; i < sizeof fixes / sizeof fixes[0]; i++)
    if (kind && strcmp (kind, fixes[i].m_kind) == 0)
      return fixes[i].m_fix;
  return "review the path";
}

/* Append REQUEST's events to SB as one sentence.  */
static void
add_events (struct strbuf *sb, json_t *request)
{
  size_t i;
  json_t *e;
  strbuf_puts (sb, " The path:");
  json_array_foreach (json_object_get (request, "events"), i, e)
      strbuf_printf (sb, "%s (%lld) line %lld: %s", i ? ";" : "",
                     json_integer_value (json_object_get (e, "n")),
                     json_integer_value (json_object_get (e, "line")),
                     json_string_value (json_object_get (e, "text")));
  strbuf_puts (sb, ".");
}

/* Append the ownership rules of REQUEST's calls to SB; return how many
   callees have no row.  */
static int
add_rules (struct strbuf *sb, json_t *request)
{
  size_t i;
  json_t *c;
  int unknown = 0;
  char words[1024];
  json_array_foreach (json_object_get (request, "calls"), i, c)
  {
    const char *callee = json_string_value (json_object_get (c, "callee"));
    const char *row = json_string_value (json_object_get (c, "row"));
    if (row && *row)
      prompt_describe_row (row, words, sizeof words);
    else
      {
        unknown++;
        strcpy (words, "has no ownership row, so what it does with "
                       "references is unknown");
      }
    strbuf_printf (sb, " '%s' (line %lld) %s.", callee ? callee : "?",
                   json_integer_value (json_object_get (c, "line")), words);
  }
  return unknown;
}

/* Return the offline verdict for the triage REQUEST (a new object).  */
json_t *
offline_triage (json_t *request)
{
  json_t *finding = json_object_get (request, "finding"), *out;
  const char *kind = json_string_value (json_object_get (finding, "kind"));
  const char *why
      = json_string_value (json_object_get (finding, "why_unproven"));
  struct strbuf sb;
  char *text, *expl, fix[512];
  int unknown;
  strbuf_init (&sb);
  strbuf_puts (&sb, "not verified (offline triage: no model was asked).");
  if (why && *why)
    strbuf_printf (&sb, " The checker could not decide because %s.", why);
  add_events (&sb, request);
  unknown = add_rules (&sb, request);
  text = strbuf_finish (&sb);
  expl = proto_sanitize (text ? text : "", TRIAGE_MAX_TEXT);
  snprintf (fix, sizeof fix, "%s%s", fix_for (kind),
            unknown ? "; if a function without an ownership row takes "
                      "over the reference, declare it with pyrefcheck's "
                      "ownership attributes or an overlay row"
                    : "");
  out = json_pack ("{s:s, s:s, s:s, s:s, s:O}", "verdict", "unverified",
                   "reason_code", "cannot-tell", "explanation",
                   expl ? expl : "", "fix", fix, "line",
                   json_object_get (finding, "line")
                       ? json_object_get (finding, "line")
                       : json_null ()); /* "O" does not steal */
  free (text);
  free (expl);
  return out;
}
