/* Requests and replies of the triage protocol.
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

/* Checking requests and building replies (doc/protocol.md).  Every reply
   is a new object that the caller owns.  */

#include "triaged.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct triage_stats stats;

/* The monotonic clock, in milliseconds.  */
long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Return the first line number of REQUEST's source (1 by default).  */
long
proto_first_line (json_t *request)
{
  json_t *first
      = json_object_get (json_object_get (request, "source"), "first_line");
  return json_is_integer (first) ? (long)json_integer_value (first) : 1;
}

/* Check that OBJ.NAME is a string (or, if OPTIONAL, absent).  */
static int
check_string (json_t *obj, const char *where, const char *name, int optional,
              char *err, size_t len)
{
  json_t *v = json_object_get (obj, name);
  if (json_is_string (v) || (optional && (!v || json_is_null (v))))
    return 1;
  snprintf (err, len, "%s%s: missing or not a string", where, name);
  return 0;
}

/* Check the array OBJ.NAME (absent is fine if OPTIONAL) of objects.  */
static int
check_array (json_t *obj, const char *name, int optional, char *err,
             size_t len)
{
  json_t *v = json_object_get (obj, name), *e;
  size_t i;
  if (!v && optional)
    return 1;
  if (!json_is_array (v))
    {
      snprintf (err, len, "%s: missing or not an array", name);
      return 0;
    }
  json_array_foreach (v, i, e) if (!json_is_object (e))
  {
    snprintf (err, len, "%s[%zu]: not an object", name, i);
    return 0;
  }
  return 1;
}

/* Check the fields of a triage REQUEST.  */
static int
check_triage (json_t *request, char *err, size_t len)
{
  json_t *finding = json_object_get (request, "finding");
  json_t *source = json_object_get (request, "source");
  json_t *mode = json_object_get (request, "mode");
  json_t *deadline = json_object_get (request, "deadline_ms");
  if (!json_is_object (finding) || !json_is_object (source))
    {
      snprintf (err, len, "finding and source must be objects");
      return 0;
    }
  if (mode
      && (!json_is_string (mode)
          || (strcmp (json_string_value (mode), "sync") != 0
              && strcmp (json_string_value (mode), "async") != 0)))
    {
      snprintf (err, len, "mode: must be \"sync\" or \"async\"");
      return 0;
    }
  if (deadline && !json_is_integer (deadline))
    {
      snprintf (err, len, "deadline_ms: not an integer");
      return 0;
    }
  return check_string (finding, "finding.", "kind", 0, err, len)
         && check_string (finding, "finding.", "message", 0, err, len)
         && check_string (source, "source.", "text", 0, err, len)
         && check_array (request, "events", 0, err, len)
         && check_array (request, "calls", 1, err, len)
         && check_array (request, "conditions", 1, err, len);
}

/* Check REQUEST; return 1 if it can be served, else fill ERR.  */
int
proto_check_request (json_t *request, char *err, size_t len)
{
  json_t *version = json_object_get (request, "protocol");
  const char *type = json_string_value (json_object_get (request, "type"));
  if (!json_is_object (request))
    return snprintf (err, len, "a request must be a JSON object"), 0;
  if (!json_is_integer (version))
    return snprintf (err, len, "protocol: missing (this daemon speaks %d)",
                     TRIAGE_PROTOCOL),
           0;
  if (json_integer_value (version) != TRIAGE_PROTOCOL)
    return snprintf (err, len,
                     "unsupported protocol version %lld (this daemon "
                     "speaks %d)",
                     json_integer_value (version), TRIAGE_PROTOCOL),
           0;
  if (!type)
    return snprintf (err, len, "type: missing or not a string"), 0;
  if (strcmp (type, "triage") == 0)
    return check_triage (request, err, len);
  if (strcmp (type, "ping") == 0 || strcmp (type, "stats") == 0
      || strcmp (type, "shutdown") == 0)
    return 1;
  snprintf (err, len, "unknown request type '%.40s'", type);
  return 0;
}

/* Return a new reply object of TYPE for the request id ID.  */
static json_t *
new_reply (const char *type, json_t *id)
{
  json_t *reply = json_object ();
  /* set_new steals the new values.  */
  json_object_set_new (reply, "protocol", json_integer (TRIAGE_PROTOCOL));
  json_object_set_new (reply, "type", json_string (type));
  if (id)
    json_object_set (reply, "id", id); /* not a steal: ID stays the
                                           request's */
  return reply;
}

json_t *
proto_error_reply (json_t *id, const char *error)
{
  json_t *reply = new_reply ("error", id);
  json_object_set_new (reply, "error", json_string (error)); /* steals */
  return reply;
}

/* Return a new verdict object "untriaged" with NOTE.  */
json_t *
proto_untriaged (const char *note)
{
  return json_pack ("{s:s, s:s, s:s, s:s, s:s}", "verdict", "untriaged",
                    "reason_code", "", "explanation", "", "fix", "", "note",
                    note);
}

/* Copy the string FIELD of FROM into TO (or "" when missing).  */
static void
copy_string (json_t *to, json_t *from, const char *field)
{
  const char *s = json_string_value (json_object_get (from, field));
  json_object_set_new (to, field, json_string (s ? s : "")); /* steals */
}

/* Return the reply to REQUEST carrying VERDICT (borrowed), served FROM
   "baseline", "cache", "llm", "offline" or "none".  NOTE overrides the
   verdict's note when not NULL.  */
json_t *
proto_verdict_reply (json_t *request, json_t *verdict, const char *from,
                     const char *fingerprint, const char *model,
                     const char *note)
{
  json_t *reply = new_reply ("verdict", json_object_get (request, "id"));
  json_t *line = json_object_get (verdict, "line");
  copy_string (reply, verdict, "verdict");
  copy_string (reply, verdict, "reason_code");
  if (json_is_integer (line))
    json_object_set (reply, "line", line); /* not a steal */
  copy_string (reply, verdict, "explanation");
  copy_string (reply, verdict, "fix");
  json_object_set_new (reply, "model", json_string (model)); /* steals */
  json_object_set_new (reply, "from", json_string (from));   /* steals */
  json_object_set_new (reply, "fingerprint",
                       json_string (fingerprint)); /* steals */
  if (note)
    json_object_set_new (reply, "note", json_string (note)); /* steals */
  else
    copy_string (reply, verdict, "note");
  return reply;
}

/* Return VERDICT as the daemon may serve it for REQUEST: a new object,
   with a dismissal that the request's facts do not support turned into
   "uncertain" and the refusal in its note.  */
json_t *
proto_apply_policy (json_t *request, json_t *verdict)
{
  json_t *out = json_deep_copy (verdict);
  const char *word = json_string_value (json_object_get (verdict, "verdict"));
  const char *code
      = json_string_value (json_object_get (verdict, "reason_code"));
  json_t *line = json_object_get (verdict, "line");
  struct triage_facts facts;
  char why[200], note[300];
  if (!out || !word || strcmp (word, "dismissed") != 0)
    return out;
  if (!verdict_facts (request, &facts))
    snprintf (why, sizeof why, "out of memory");
  else if (triage_check_dismissal (
               &facts, code,
               json_is_integer (line) ? json_integer_value (line) : 0, why,
               sizeof why))
    {
      verdict_free_facts (&facts);
      return out;
    }
  else
    verdict_free_facts (&facts);
  STAT_ADD (m_refused, 1);
  snprintf (note, sizeof note, "dismissal refused: %s", why);
  json_object_set_new (out, "verdict", json_string ("uncertain")); /* steals */
  json_object_set_new (out, "note", json_string (note));           /* steals */
  return out;
}

/* Return a copy of TEXT (malloc'ed) of at most MAX bytes, cut at a UTF-8
   character boundary, with control characters (terminal escapes among
   them) replaced by spaces: the text ends up in a compiler's output.  */
char *
proto_sanitize (const char *text, size_t max)
{
  size_t n = strlen (text), i;
  char *out;
  if (n > max)
    {
      n = max;
      while (n && ((unsigned char)text[n] & 0xc0) == 0x80)
        n--;
    }
  out = malloc (n + 1);
  if (!out)
    return NULL;
  for (i = 0; i < n; i++)
    {
      unsigned char c = (unsigned char)text[i];
      out[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
  out[n] = '\0';
  return out;
}
