/* Asking a model for a verdict: OpenAI-compatible and Anthropic APIs.
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

/* One triage is a loop of attempts within the request's deadline: a
   transient failure (HTTP 429, 5xx, a timeout, no connection) is retried
   with exponential backoff; an answer that does not fit the verdict
   schema is asked for once more, then the verdict is "uncertain"; any
   other HTTP error gives up at once.  No answer in time is "untriaged".
   The API key goes only into the request's headers.  */

#include "triaged.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How one attempt ended.  */
enum outcome
{
  OUTCOME_ANSWER,    /* the model answered: M_TEXT */
  OUTCOME_TRANSIENT, /* worth retrying */
  OUTCOME_FATAL      /* not worth retrying */
};

struct attempt
{
  enum outcome m_outcome;
  char *m_text;
  long m_retry_after_ms;
  char m_note[256];
};

/* Set when an OpenAI-compatible server rejected response_format: later
   requests go without it.  */
static int openai_no_schema;

/* The body of an OpenAI chat completion request (a new string).  */
static char *
openai_body (const struct triage_config *cfg, const char *sys,
             const char *user, int with_schema)
{
  json_t *body
      = json_pack ("{s:s, s:i, s:[{s:s, s:s}, {s:s, s:s}]}", "model",
                   cfg->m_model, "temperature", 0, "messages", "role",
                   "system", "content", sys, "role", "user", "content", user);
  char *text;
  if (with_schema)
    /* json_pack's "o" steals the schema; set_new steals the result.  */
    json_object_set_new (body, "response_format",
                         json_pack ("{s:s, s:{s:s, s:b, s:o}}", "type",
                                    "json_schema", "json_schema", "name",
                                    "triage_verdict", "strict", 1, "schema",
                                    verdict_schema ()));
  text = json_dumps (body, JSON_COMPACT);
  json_decref (body);
  return text;
}

/* The body of an Anthropic Messages request (a new string).  */
static char *
anthropic_body (const struct triage_config *cfg, const char *sys,
                const char *user)
{
  json_t *body
      = json_pack ("{s:s, s:i, s:i, s:s, s:[{s:s, s:s}]}", "model",
                   cfg->m_model, "max_tokens", 1024, "temperature", 0,
                   "system", sys, "messages", "role", "user", "content", user);
  char *text = json_dumps (body, JSON_COMPACT);
  json_decref (body);
  return text;
}

/* Return the model's text in the OpenAI or Anthropic answer BODY (a new
   string), or NULL.  */
static char *
answer_text (enum backend backend, const char *body)
{
  json_t *root = json_loads (body, 0, NULL), *block;
  struct strbuf sb;
  size_t i;
  const char *text;
  strbuf_init (&sb);
  if (backend == BACKEND_OPENAI)
    {
      json_t *msg = json_object_get (
          json_array_get (json_object_get (root, "choices"), 0), "message");
      text = json_string_value (json_object_get (msg, "content"));
      if (text)
        strbuf_puts (&sb, text);
    }
  else
    json_array_foreach (json_object_get (root, "content"), i, block)
    {
      text = json_string_value (json_object_get (block, "text"));
      if (text)
        strbuf_puts (&sb, text);
    }
  json_decref (root);
  if (sb.m_len == 0)
    return free (strbuf_finish (&sb)), NULL;
  return strbuf_finish (&sb);
}

/* Classify the HTTP exchange REPLY (OK is http_post_json's result) into
   A.  */
static void
classify (enum backend backend, int ok, struct http_reply *reply,
          struct attempt *a)
{
  a->m_retry_after_ms = reply->m_retry_after_ms;
  if (!ok)
    {
      a->m_outcome = OUTCOME_TRANSIENT;
      snprintf (a->m_note, sizeof a->m_note, "%s", reply->m_error);
    }
  else if (reply->m_status >= 200 && reply->m_status < 300)
    {
      a->m_text = answer_text (backend, reply->m_body ? reply->m_body : "");
      a->m_outcome = OUTCOME_ANSWER;
      snprintf (a->m_note, sizeof a->m_note, "no text in the answer");
    }
  else
    {
      long s = reply->m_status;
      a->m_outcome = (s == 429 || s == 408 || s >= 500) ? OUTCOME_TRANSIENT
                                                        : OUTCOME_FATAL;
      snprintf (a->m_note, sizeof a->m_note, "HTTP %ld%s", s,
                (s == 401 || s == 403) ? " (check the API key)" : "");
    }
}

/* Write the endpoint of CFG into URL (LEN bytes).  */
static void
endpoint (const struct triage_config *cfg, char *url, size_t len)
{
  size_t n = strlen (cfg->m_url);
  while (n && cfg->m_url[n - 1] == '/')
    n--;
  snprintf (url, len, "%.*s%s", (int)n, cfg->m_url,
            cfg->m_backend == BACKEND_OPENAI ? "/chat/completions"
                                             : "/v1/messages");
}

/* Make one request to the model of CFG with the prompts SYS and USER,
   giving up after TIMEOUT_MS; fill A.  */
static void
attempt (const struct triage_config *cfg, const char *sys, const char *user,
         long timeout_ms, struct attempt *a)
{
  char url[2048], auth[1024];
  const char *headers[5] = { "Content-Type: application/json", NULL };
  int schema = !__atomic_load_n (&openai_no_schema, __ATOMIC_RELAXED);
  struct http_reply reply;
  char *body;
  int ok;
  endpoint (cfg, url, sizeof url);
  if (cfg->m_backend == BACKEND_OPENAI)
    {
      body = openai_body (cfg, sys, user, schema);
      snprintf (auth, sizeof auth, "Authorization: Bearer %s",
                cfg->m_api_key ? cfg->m_api_key : "");
      headers[1] = cfg->m_api_key && *cfg->m_api_key ? auth : NULL;
    }
  else
    {
      body = anthropic_body (cfg, sys, user);
      snprintf (auth, sizeof auth, "x-api-key: %s",
                cfg->m_api_key ? cfg->m_api_key : "");
      headers[1] = "anthropic-version: 2023-06-01";
      headers[2] = auth;
    }
  STAT_ADD (m_llm_attempts, 1);
  ok = http_post_json (url, headers, body ? body : "{}", timeout_ms, &reply);
  memset (auth, 0, sizeof auth);
  free (body);
  if (cfg->m_backend == BACKEND_OPENAI && schema && ok
      && (reply.m_status == 400 || reply.m_status == 422))
    {
      /* The server does not take response_format: ask again without.  */
      __atomic_store_n (&openai_no_schema, 1, __ATOMIC_RELAXED);
      tlog ("the LLM server rejected response_format (HTTP %ld); asking "
            "without a JSON schema from now on",
            reply.m_status);
      http_reply_free (&reply);
      attempt (cfg, sys, user, timeout_ms, a);
      return;
    }
  classify (cfg->m_backend, ok, &reply, a);
  http_reply_free (&reply);
}

/* Sleep MS milliseconds.  */
static void
sleep_ms (long ms)
{
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while (nanosleep (&ts, &ts) != 0)
    ;
}

/* Return the verdict "untriaged" for the model of CFG, with NOTE.  */
static json_t *
give_up (const char *what, const char *note, int attempts)
{
  char buf[400];
  snprintf (buf, sizeof buf, "%s: %s after %d attempt%s", what, note, attempts,
            attempts == 1 ? "" : "s");
  STAT_ADD (m_untriaged, 1);
  return proto_untriaged (buf);
}

/* Return the verdict "uncertain" after two bad answers, the last ERR.  */
static json_t *
bad_answers (const char *err)
{
  char note[300];
  snprintf (note, sizeof note, "no usable answer from the model twice (%s)",
            err);
  return json_pack ("{s:s, s:s, s:s, s:s, s:s}", "verdict", "uncertain",
                    "reason_code", "cannot-tell", "explanation",
                    "the model gave no usable verdict", "fix", "", "note",
                    note);
}

/* Return the backoff before retry N (from 0), in ms: 250 ms doubling up to
   4 s, or what the server asked for.  */
static long
backoff_ms (int n, long retry_after_ms)
{
  long ms = 250L << (n < 4 ? n : 4);
  if (retry_after_ms > ms)
    ms = retry_after_ms;
  return ms + (long)(now_ms () % 50);
}

/* After the TRANSIENT-th transient failure (attempt A), sleep before the
   next attempt.  Return 0, with *WHY set, when there is no room for one:
   too many attempts, or the deadline (from DEADLINE and ARG) too near.  */
static int
wait_to_retry (const struct triage_config *cfg, int transient,
               const struct attempt *a, deadline_fn deadline, void *arg,
               const char **why)
{
  long wait = backoff_ms (transient - 1, a->m_retry_after_ms);
  long left = (long)(deadline (arg) - now_ms ());
  if (transient >= cfg->m_max_attempts)
    *why = "LLM unavailable";
  else if (wait + 100 >= left)
    *why = "LLM unavailable by the deadline";
  else
    {
      sleep_ms (wait);
      return 1;
    }
  return 0;
}

/* Interpret the answer of attempt A; return the verdict, or NULL (with
   ERR filled) if the answer does not fit the schema.  */
static json_t *
take_answer (struct attempt *a, char *err, size_t len)
{
  json_t *v;
  if (!a->m_text)
    {
      snprintf (err, len, "%s", a->m_note);
      return NULL;
    }
  v = verdict_parse (a->m_text, err, len);
  if (v)
    json_object_set_new (v, "cacheable", json_true ()); /* steals */
  return v;
}

/* Ask the model of CFG for a verdict on REQUEST within DEADLINE (ARG);
   return a new verdict object.  */
static json_t *
ask_model (const struct triage_config *cfg, const char *sys, const char *user,
           deadline_fn deadline, void *arg)
{
  int transient = 0, bad = 0, n = 0;
  char err[256] = "";
  const char *why;
  struct attempt a;
  for (;;)
    {
      long left = (long)(deadline (arg) - now_ms ());
      json_t *v;
      if (left < 100)
        return give_up ("no verdict by the deadline", err[0] ? err : "waiting",
                        n);
      memset (&a, 0, sizeof a);
      n++;
      attempt (cfg, sys, user,
               left < cfg->m_attempt_timeout_ms ? left
                                                : cfg->m_attempt_timeout_ms,
               &a);
      if (a.m_outcome == OUTCOME_FATAL)
        return give_up ("the LLM server refused", a.m_note, n);
      if (a.m_outcome == OUTCOME_ANSWER)
        {
          v = take_answer (&a, err, sizeof err);
          free (a.m_text);
          if (v)
            return v;
          if (++bad == 2)
            return bad_answers (err);
          continue;
        }
      snprintf (err, sizeof err, "%s", a.m_note);
      if (!wait_to_retry (cfg, ++transient, &a, deadline, arg, &why))
        return give_up (why, err, n);
    }
}

/* Return the verdict on the triage REQUEST from the backend of CFG, which
   must answer before DEADLINE (ARG) tells.  A new object; its field
   "cacheable" is true when it is the model's own verdict.  */
json_t *
llm_triage (const struct triage_config *cfg, json_t *request,
            deadline_fn deadline, void *arg)
{
  char *sys, *user;
  json_t *v;
  if (cfg->m_backend == BACKEND_OFFLINE)
    return offline_triage (request);
  sys = prompt_system ();
  user = prompt_user (request);
  if (!sys || !user)
    v = proto_untriaged ("out of memory");
  else
    {
      STAT_ADD (m_llm_calls, 1);
      v = ask_model (cfg, sys, user, deadline, arg);
    }
  free (sys);
  free (user);
  return v;
}
