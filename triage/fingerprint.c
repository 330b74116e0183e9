/* Fingerprints of findings: the cache and baseline keys.
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

/* doc/protocol.md, "Fingerprints, cache and baseline": the SHA-256 of a
   canonical text of what decides a verdict, with lines relative to the
   function's first line so that a function that moves keeps its
   fingerprint.  */

#include "triaged.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

/* Return SOURCE normalized (malloc'ed): CR LF as LF, trailing blanks of
   each line dropped, leading and trailing blank lines dropped.  Set
   *DROPPED to the number of leading lines dropped.  */
char *
normalize_source (const char *source, long *dropped)
{
  struct strbuf sb;
  const char *p = source ? source : "";
  size_t pending_blank = 0, kept = 0;
  strbuf_init (&sb);
  *dropped = 0;
  while (*p)
    {
      size_t len = strcspn (p, "\n");
      size_t end = len;
      while (end && strchr (" \t\r\f\v", p[end - 1]))
        end--;
      if (end == 0 && !kept)
        ++*dropped;
      else if (end == 0)
        pending_blank++;
      else
        {
          for (; kept && pending_blank; pending_blank--)
            strbuf_add (&sb, "\n", 1);
          pending_blank = 0;
          if (kept++)
            strbuf_add (&sb, "\n", 1);
          strbuf_add (&sb, p, end);
        }
      p += len + (p[len] == '\n');
    }
  return strbuf_finish (&sb);
}

/* Append FIELD = VALUE (a string, or "" when missing) to SB, with its
   length so that no two different inputs give the same text.  */
static void
add_field (struct strbuf *sb, const char *field, json_t *value)
{
  const char *text = json_is_string (value) ? json_string_value (value) : "";
  strbuf_printf (sb, "%s %zu:", field, strlen (text));
  strbuf_puts (sb, text);
  strbuf_add (sb, "\n", 1);
}

/* Append FIELD = the line LINE relative to FIRST to SB.  */
static void
add_line (struct strbuf *sb, const char *field, json_t *line, long first)
{
  strbuf_printf (sb, "%s %lld\n", field,
                 json_is_integer (line) ? json_integer_value (line) - first
                                        : -1LL);
}

/* Append the integer array ARRAY (positions) to SB as FIELD.  */
static void
add_positions (struct strbuf *sb, const char *field, json_t *array)
{
  size_t i;
  json_t *v;
  strbuf_puts (sb, field);
  json_array_foreach (array, i, v) strbuf_printf (
      sb, " %lld", json_is_integer (v) ? json_integer_value (v) : -1LL);
  strbuf_add (sb, "\n", 1);
}

/* Append the path of REQUEST (events, calls, conditions) to SB.  */
static void
add_path (struct strbuf *sb, json_t *request, long first)
{
  size_t i;
  json_t *e;
  json_array_foreach (json_object_get (request, "events"), i, e)
  {
    strbuf_printf (sb, "event %lld\n",
                   json_integer_value (json_object_get (e, "n")));
    add_field (sb, "kind", json_object_get (e, "kind"));
    add_field (sb, "text", json_object_get (e, "text"));
    add_line (sb, "line", json_object_get (e, "line"), first);
  }
  json_array_foreach (json_object_get (request, "calls"), i, e)
  {
    add_field (sb, "call", json_object_get (e, "callee"));
    strbuf_printf (sb, "known %d\n",
                   json_is_true (json_object_get (e, "known")));
    add_field (sb, "row", json_object_get (e, "row"));
    add_positions (sb, "steals", json_object_get (e, "steals"));
    add_positions (sb, "releases", json_object_get (e, "releases"));
    add_line (sb, "line", json_object_get (e, "line"), first);
  }
  json_array_foreach (json_object_get (request, "conditions"), i, e)
  {
    add_field (sb, "condition", json_object_get (e, "text"));
    add_line (sb, "line", json_object_get (e, "line"), first);
  }
}

/* Return the line of REQUEST's source that lines are counted from: its
   first line that is not blank.  Cached lines are relative to it.  */
long
fingerprint_first_line (json_t *request)
{
  json_t *source = json_object_get (request, "source");
  long dropped;
  free (normalize_source (json_string_value (json_object_get (source, "text")),
                          &dropped));
  return proto_first_line (request) + dropped;
}

/* Write the fingerprint of the triage REQUEST (hex) into HEX.  */
void
fingerprint_request (json_t *request, char hex[65])
{
  json_t *finding = json_object_get (request, "finding");
  json_t *source = json_object_get (request, "source");
  long first = proto_first_line (request), dropped;
  char *normal;
  struct strbuf sb;
  normal = normalize_source (
      json_string_value (json_object_get (source, "text")), &dropped);
  /* Lines count from the first line that is not blank.  */
  first += dropped;
  strbuf_init (&sb);
  strbuf_printf (&sb, "pyrefcheck-triage %d\n", TRIAGE_PROTOCOL);
  add_field (&sb, "kind", json_object_get (finding, "kind"));
  add_field (&sb, "message", json_object_get (finding, "message"));
  add_field (&sb, "why", json_object_get (finding, "why_unproven"));
  add_field (&sb, "contract", json_object_get (finding, "contract"));
  strbuf_printf (&sb, "source %zu:", normal ? strlen (normal) : 0);
  strbuf_puts (&sb, normal ? normal : "");
  free (normal);
  add_path (&sb, request, first);
  sha256_hex (sb.m_text ? sb.m_text : "", sb.m_len, hex);
  free (strbuf_finish (&sb));
}

/* Write the cache key of FINGERPRINT for BACKEND and MODEL into HEX.  */
void
fingerprint_cache_key (const char *fingerprint, const char *backend,
                       const char *model, char hex[65])
{
  struct strbuf sb;
  strbuf_init (&sb);
  strbuf_printf (&sb, "%s\n%s\n%s\n", fingerprint, backend, model);
  sha256_hex (sb.m_text ? sb.m_text : "", sb.m_len, hex);
  free (strbuf_finish (&sb));
}
