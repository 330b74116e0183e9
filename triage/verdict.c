/* The model's verdict: its schema, and the facts it is checked against.
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

/* What a model answers is checked twice: against the schema (verdict_parse:
   is it a verdict at all?) and, for dismissals, against the request's
   facts (proto_apply_policy with reasons.c).  */

#include "triaged.h"

#include <stdlib.h>
#include <string.h>

/* Return the JSON schema of a verdict (a new object), for the model's
   structured output.  */
json_t *
verdict_schema (void)
{
  json_t *codes = json_array ();
  int i;
  /* append_new steals each string.  */
  for (i = 0; i < TRIAGE_REASON_COUNT; i++)
    json_array_append_new (
        codes, json_string (triage_reason_name ((enum triage_reason)i)));
  /* json_pack's "o" steals CODES.  */
  return json_pack (
      "{s:s, s:b, s:[s,s,s,s,s], s:{s:{s:s, s:[s,s,s]}, s:{s:s, s:o},"
      " s:{s:[s,s]}, s:{s:s}, s:{s:s}}}",
      "type", "object", "additionalProperties", 0, "required", "verdict",
      "reason_code", "line", "explanation", "fix", "properties", "verdict",
      "type", "string", "enum", "confirmed", "dismissed", "uncertain",
      "reason_code", "type", "string", "enum", codes, "line", "type",
      "integer", "null", "explanation", "type", "string", "fix", "type",
      "string");
}

/* Return the JSON object in TEXT: TEXT itself, or the span from its first
   '{' to its last '}' (models wrap JSON in prose or code fences).  */
static json_t *
find_object (const char *text)
{
  const char *open = strchr (text, '{'), *close = strrchr (text, '}');
  json_t *obj = json_loads (text, 0, NULL);
  if (obj || !open || !close || close < open)
    return obj;
  return json_loadb (open, (size_t)(close - open + 1), 0, NULL);
}

/* Put the sanitized string FIELD of FROM into TO; return 0 if it is not a
   string (or empty, when REQUIRED).  */
static int
take_text (json_t *to, json_t *from, const char *field, int required)
{
  json_t *v = json_object_get (from, field);
  char *clean;
  if (!v || json_is_null (v))
    return !required;
  if (!json_is_string (v) || (required && !*json_string_value (v)))
    return 0;
  clean = proto_sanitize (json_string_value (v), TRIAGE_MAX_TEXT);
  if (!clean)
    return 0;
  json_object_set_new (to, field, json_string (clean)); /* steals */
  free (clean);
  return 1;
}

/* Parse the model's answer TEXT into a new verdict object, keeping only
   the schema's fields.  Return NULL, with ERR filled, if it does not fit
   the schema.  */
json_t *
verdict_parse (const char *text, char *err, size_t len)
{
  json_t *obj = find_object (text), *out;
  const char *word = json_string_value (json_object_get (obj, "verdict"));
  const char *code = json_string_value (json_object_get (obj, "reason_code"));
  json_t *line = json_object_get (obj, "line");
  if (!json_is_object (obj))
    return json_decref (obj),
           snprintf (err, len,
                     "the answer is not a "
                     "JSON object"),
           NULL;
  out = json_object ();
  if (!word
      || (strcmp (word, "confirmed") && strcmp (word, "dismissed")
          && strcmp (word, "uncertain")))
    snprintf (err, len, "verdict: missing or not one of the three");
  else if (triage_reason_lookup (code) == TRIAGE_REASON_NONE)
    snprintf (err, len, "reason_code: missing or not in the list");
  else if (line && !json_is_null (line) && !json_is_integer (line))
    snprintf (err, len, "line: not an integer");
  else if (!take_text (out, obj, "explanation", 1)
           || !take_text (out, obj, "fix", 0))
    snprintf (err, len, "explanation or fix: missing or not a string");
  else
    {
      json_object_set_new (out, "verdict", json_string (word)); /* steals */
      json_object_set_new (out, "reason_code",
                           json_string (code)); /* steals */
      if (json_is_integer (line))
        json_object_set (out, "line", line); /* not a steal */
      json_decref (obj);
      return out;
    }
  json_decref (obj);
  json_decref (out);
  return NULL;
}

/* Return the number of elements of the array OBJ.NAME.  */
static size_t
count (json_t *obj, const char *name)
{
  return json_array_size (json_object_get (obj, name));
}

/* Fill the calls of FACTS from REQUEST (FACTS->calls is allocated).  */
static void
fill_calls (json_t *request, struct triage_call_fact *calls)
{
  size_t i;
  json_t *c;
  json_array_foreach (json_object_get (request, "calls"), i, c)
  {
    calls[i].line = (long)json_integer_value (json_object_get (c, "line"));
    calls[i].callee = json_string_value (json_object_get (c, "callee"));
    calls[i].known = json_is_true (json_object_get (c, "known"));
    calls[i].n_steals = count (c, "steals");
    calls[i].n_releases = count (c, "releases");
    calls[i].sets_exception
        = json_is_true (json_object_get (c, "sets_exception"));
  }
}

/* Fill LINES with the lines of the elements of ARRAY that pass: all of
   them, or those whose "kind" is KIND.  Return how many.  */
static size_t
fill_lines (json_t *array, const char *kind, long *lines)
{
  size_t i, n = 0;
  json_t *e;
  json_array_foreach (array, i, e)
  {
    const char *k = json_string_value (json_object_get (e, "kind"));
    if (kind && (!k || strcmp (k, kind) != 0))
      continue;
    lines[n++] = (long)json_integer_value (json_object_get (e, "line"));
  }
  return n;
}

/* Fill FACTS from the triage REQUEST; the strings stay REQUEST's.  Return
   0 when out of memory.  Free with verdict_free_facts.  */
int
verdict_facts (json_t *request, struct triage_facts *facts)
{
  json_t *finding = json_object_get (request, "finding");
  const char *contract
      = json_string_value (json_object_get (finding, "contract"));
  size_t nc = count (request, "calls"), nd = count (request, "conditions");
  size_t ne = count (request, "events");
  struct triage_call_fact *calls = calloc (nc + 1, sizeof *calls);
  long *conds = calloc (nd + 1, sizeof *conds);
  long *stores = calloc (ne + 1, sizeof *stores);
  memset (facts, 0, sizeof *facts);
  if (!calls || !conds || !stores)
    return free (calls), free (conds), free (stores), 0;
  facts->kind = json_string_value (json_object_get (finding, "kind"));
  facts->definite = json_is_true (json_object_get (finding, "definite"));
  facts->allow_dismiss_definite
      = json_is_true (json_object_get (request, "allow_dismiss_definite"));
  facts->has_contract = contract && *contract;
  fill_calls (request, calls);
  facts->calls = calls;
  facts->n_calls = nc;
  facts->n_conditions
      = fill_lines (json_object_get (request, "conditions"), NULL, conds);
  facts->condition_lines = conds;
  facts->n_stores
      = fill_lines (json_object_get (request, "events"), "store", stores);
  facts->store_lines = stores;
  return 1;
}

void
verdict_free_facts (struct triage_facts *facts)
{
  free ((void *)facts->calls);
  free ((void *)facts->condition_lines);
  free ((void *)facts->store_lines);
}
