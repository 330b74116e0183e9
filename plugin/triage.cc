/* pyrefcheck: asking the triage daemon about a finding.
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

/* With -fplugin-arg-pyrefcheck-triage=sync (or async), each finding,
   proven or not, goes to pyrefcheck-triaged as a request of
   doc/protocol.md: the finding, the function's numbered source, the path
   events, every call on the path with its ownership row, the conditions.
   The verdict comes back as a note under the warning; a confirmed
   unproven path becomes a warning; a dismissal is checked again here
   against the plugin's own facts.  The daemon is started when none
   answers; no request waits longer than triage-timeout, and a daemon
   that is absent or broken leaves the findings untriaged, never fails
   the compile.  */

/* jansson before gcc's headers, which poison malloc.  */
#include <jansson.h>
#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "input.h"
#include "diagnostic-core.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "../triage/client.h"
#include "../triage/reasons.h"

#ifndef PYREFCHECK_BINDIR
#define PYREFCHECK_BINDIR "/usr/local/bin"
#endif

/* The plugin's own file name, to find the daemon next to a build.  */
static const char *plugin_path;

/* Set once the daemon failed: the rest of the unit goes untriaged.  */
static bool daemon_failed;

/* Remember the plugin's file name PATH (plugin_init).  */
void
triage_init (const char *path)
{
  plugin_path = path;
}

/* Return the daemon to start: pyrefcheck-triaged of the build tree the
   plugin is in, else the installed one.  The result is malloc'ed.  */
static char *
daemon_program ()
{
  if (pyrefcheck_opts.triage_daemon)
    return xstrdup (pyrefcheck_opts.triage_daemon);
  if (plugin_path && strchr (plugin_path, '/'))
    {
      char *dir = xstrdup (plugin_path);
      *strrchr (dir, '/') = '\0';
      char *path = concat (dir, "/../triage/pyrefcheck-triaged", NULL);
      free (dir);
      if (access (path, X_OK) == 0)
        return path;
      free (path);
    }
  return xstrdup (PYREFCHECK_BINDIR "/pyrefcheck-triaged");
}

/* Return the user line of LOC.  */
static int
line_of (location_t loc)
{
  return LOCATION_LINE (user_location (loc));
}

/* Copy the LEN bytes at S into a new string, replacing bytes that are
   not UTF-8 by '?' (the protocol carries UTF-8).  */
static char *
utf8_copy (const char *s, size_t len)
{
  char *out = XNEWVEC (char, len + 1);
  size_t i = 0;
  while (i < len)
    {
      unsigned char c = s[i];
      size_t n = c < 0x80         ? 1
                 : (c >> 5) == 6  ? 2
                 : (c >> 4) == 14 ? 3
                 : (c >> 3) == 30 ? 4
                                  : 0;
      bool ok = n > 0 && i + n <= len;
      for (size_t k = 1; ok && k < n; k++)
        ok = ((unsigned char)s[i + k] >> 6) == 2;
      if (!ok || c == 0)
        {
          out[i++] = '?';
          continue;
        }
      memcpy (out + i, s + i, n);
      i += n;
    }
  out[len] = '\0';
  return out;
}

/* Return the source of the function CTX analyses as a JSON object
   {"first_line", "text"} (new reference).  */
static json_t *
function_source (pr_ctx *ctx)
{
  expanded_location start
      = expand_location (user_location (DECL_SOURCE_LOCATION (ctx->fndecl)));
  int last = line_of (ctx->fun->function_end_locus);
  if (!start.file || last < start.line || last - start.line > 2000)
    last = start.line;
  size_t len = 0, alloc = 1024;
  char *text = XNEWVEC (char, alloc);
  for (int line = start.line; line <= last; line++)
    {
      char_span span = location_get_source_line (start.file, line);
      size_t n = span ? span.length () : 0;
      if (len + n + 2 > alloc)
        {
          alloc = 2 * (len + n + 2);
          text = XRESIZEVEC (char, text, alloc);
        }
      if (n)
        memcpy (text + len, span.get_buffer (), n);
      len += n;
      if (line < last)
        text[len++] = '\n';
    }
  char *clean = utf8_copy (text, len);
  free (text);
  json_t *src
      = json_pack ("{s:i, s:s}", "first_line", start.line, "text", clean);
  free (clean);
  return src;
}

/* Return the text of line LINE of the main file, trimmed (malloc'ed).  */
static char *
source_line_text (location_t loc)
{
  expanded_location x = expand_location (user_location (loc));
  char_span span = x.file ? location_get_source_line (x.file, x.line)
                          : char_span (NULL, 0);
  if (!span)
    return xstrdup ("");
  const char *p = span.get_buffer ();
  size_t n = span.length ();
  while (n && ISSPACE (*p))
    p++, n--;
  while (n && ISSPACE (p[n - 1]))
    n--;
  return utf8_copy (p, MIN (n, (size_t)400));
}

/* Return true if the row's error convention sets an exception on some
   outcome.  */
static bool
sets_exception_p (const odb_row *row)
{
  switch (row->err)
    {
    case ODB_ERR_NULL_EXC:
    case ODB_ERR_NULL_MAYBE_EXC:
    case ODB_ERR_NEG1_EXC:
    case ODB_ERR_NEG1_AMBIGUOUS:
    case ODB_ERR_ZERO_EXC:
    case ODB_ERR_LOOKUP:
    case ODB_ERR_ALWAYS_EXC:
    case ODB_ERR_STATUS_EXC:
      return true;
    default:
      return false;
    }
}

/* Return ROW as its table line (malloc'ed).  */
static char *
row_text (const odb_row *row)
{
  char args[512], versions[64];
  odb_format_args (row, args, sizeof args);
  odb_format_versions (row, versions, sizeof versions);
  return xasprintf ("%s %s %s %s %s %s", row->name, odb_ret_name (row->ret),
                    odb_err_name (row->err), args, versions,
                    row->source ? row->source : "");
}

/* Return the JSON description of CALL (new reference), and fill FACT
   (whose callee string lives as long as the JSON).  */
static json_t *
call_json (gimple *call, triage_call_fact *fact)
{
  const char *callee = sm_callee_name (call);
  const odb_row *row = sm_call_row (call);
  json_t *steals = json_array (), *releases = json_array ();
  if (row)
    for (unsigned i = 0; i < row->nargs; i++)
      {
        enum odb_arg kind = ODB_ARG_KIND (row->args[i]);
        if (kind == ODB_ARG_STEALS || kind == ODB_ARG_STEALS_ON_SUCCESS)
          json_array_append_new (steals, json_integer (i + 1));
        else if (kind == ODB_ARG_INOUT_NEW || kind == ODB_ARG_UNKNOWN)
          json_array_append_new (releases, json_integer (i + 1));
      }
  if (row && row->varargs == ODB_VARARGS_BUILD)
    json_array_append_new (steals, json_integer (0));
  char *text = row ? row_text (row) : NULL;
  fact->line = line_of (gimple_location (call));
  fact->callee = callee ? callee : "(indirect call)";
  fact->known = row != NULL;
  fact->n_steals = json_array_size (steals);
  fact->n_releases = json_array_size (releases);
  fact->sets_exception = row && sets_exception_p (row);
  /* json_pack's "o" steals the arrays.  */
  json_t *j = json_pack (
      "{s:I, s:s, s:b, s:s?, s:o, s:o, s:b}", "line", (json_int_t)fact->line,
      "callee", fact->callee, "known", fact->known, "row", text, "steals",
      steals, "releases", releases, "sets_exception", fact->sets_exception);
  free (text);
  return j;
}

/* The facts of a request, for checking a dismissal here too.  */
struct request_facts
{
  auto_vec<triage_call_fact> calls;
  auto_vec<long> conditions;
  auto_vec<long> stores;
};

/* Return the request for the finding IN (new reference); fill FACTS.  */
static json_t *
make_request (pr_ctx *ctx, const triage_request_info &in, request_facts *facts)
{
  json_t *events = json_array ();
  for (unsigned i = 0; i < in.events.length (); i++)
    {
      const triage_event &e = in.events[i];
      json_array_append_new (
          events, json_pack ("{s:i, s:i, s:s, s:s}", "n", i + 1, "line",
                             line_of (e.loc), "kind", e.kind, "text", e.text));
      if (strcmp (e.kind, "store") == 0)
        facts->stores.safe_push (line_of (e.loc));
    }
  json_t *calls = json_array ();
  facts->calls.safe_grow_cleared (in.calls.length ());
  for (unsigned i = 0; i < in.calls.length (); i++)
    json_array_append_new (calls, call_json (in.calls[i], &facts->calls[i]));
  json_t *conds = json_array ();
  for (unsigned i = 0; i < in.conditions.length (); i++)
    {
      char *text = source_line_text (gimple_location (in.conditions[i]));
      int line = line_of (gimple_location (in.conditions[i]));
      json_array_append_new (
          conds, json_pack ("{s:i, s:s}", "line", line, "text", text));
      facts->conditions.safe_push (line);
      free (text);
    }
  expanded_location x = expand_location (user_location (in.loc));
  json_t *finding = json_pack (
      "{s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:s, s:s}", "kind", in.kind, "tag",
      in.tag, "message", in.message, "file", x.file ? x.file : "", "function",
      IDENTIFIER_POINTER (DECL_NAME (ctx->fndecl)), "line", x.line, "definite",
      in.definite, "why_unproven", in.why_unproven ? in.why_unproven : "",
      "contract", in.contract ? in.contract : "");
  char *id = xasprintf ("%s:%d:%s", x.file ? x.file : "", x.line, in.kind);
  /* "o" steals each object.  */
  json_t *req = json_pack (
      "{s:i, s:s, s:s, s:s, s:I, s:b, s:o, s:o, s:o, s:o, s:o}", "protocol", 1,
      "type", "triage", "id", id, "mode",
      pyrefcheck_opts.triage_mode == TRIAGE_ASYNC ? "async" : "sync",
      "deadline_ms", (json_int_t)pyrefcheck_opts.triage_timeout * 1000 - 250,
      "allow_dismiss_definite", pyrefcheck_opts.triage_allow_definite,
      "finding", finding, "source", function_source (ctx), "events", events,
      "calls", calls, "conditions", conds);
  free (id);
  return req;
}

/* Return a copy of the string member KEY of OBJ, or of "".  */
static char *
string_member (json_t *obj, const char *key)
{
  const char *s = json_string_value (json_object_get (obj, key));
  return xstrdup (s ? s : "");
}

/* A dismissal the daemon served: check it against the plugin's own
   FACTS for IN, as the daemon did (a daemon is not trusted more than the
   model behind it).  Return true if it stands.  */
static bool
dismissal_stands_p (const triage_request_info &in, const request_facts &facts,
                    const char *reason, long line, char **why)
{
  triage_facts f;
  memset (&f, 0, sizeof f);
  f.kind = in.kind;
  f.definite = in.definite;
  f.allow_dismiss_definite = pyrefcheck_opts.triage_allow_definite;
  f.has_contract = in.contract && *in.contract;
  f.calls = facts.calls.address ();
  f.n_calls = facts.calls.length ();
  f.condition_lines = facts.conditions.address ();
  f.n_conditions = facts.conditions.length ();
  f.store_lines = facts.stores.address ();
  f.n_stores = facts.stores.length ();
  char buf[256];
  if (triage_check_dismissal (&f, reason, line, buf, sizeof buf))
    return true;
  *why = xstrdup (buf);
  return false;
}

/* Ask the daemon about the finding IN of CTX's function.  Fill *OUT and
   return true when a verdict came back (untriaged ones included);
   return false when the daemon could not be reached, after saying so
   once per unit.  */
bool
triage_ask (pr_ctx *ctx, const triage_request_info &in, triage_verdict *out)
{
  memset (out, 0, sizeof *out);
  if (pyrefcheck_opts.triage_mode == TRIAGE_OFF || daemon_failed)
    return false;
  request_facts facts;
  json_t *req = make_request (ctx, in, &facts);
  if (!req)
    {
      /* (json_pack fails on text that is not UTF-8: the file's name.)  */
      inform (in.loc, "pyrefcheck: this finding cannot be put into a triage "
                      "request; it is untriaged");
      return false;
    }
  triage_client_options opts;
  triage_client_options_init (&opts);
  opts.socket_path = pyrefcheck_opts.triage_socket;
  opts.timeout_ms = pyrefcheck_opts.triage_timeout * 1000;
  opts.autostart = 1;
  char *program = daemon_program ();
  opts.daemon_program = program;
  char err[512];
  json_t *reply = triage_client_request (&opts, req, err, sizeof err);
  free (program);
  json_decref (req);
  if (!reply)
    {
      daemon_failed = true;
      inform (UNKNOWN_LOCATION,
              "pyrefcheck: triage unavailable, findings of this unit are "
              "untriaged: %s",
              err);
      return false;
    }
  out->verdict = string_member (reply, "verdict");
  out->reason = string_member (reply, "reason_code");
  out->explanation = string_member (reply, "explanation");
  out->fix = string_member (reply, "fix");
  out->model = string_member (reply, "model");
  out->note = string_member (reply, "note");
  long line = (long)json_integer_value (json_object_get (reply, "line"));
  json_decref (reply);
  char *why = NULL;
  if (strcmp (out->verdict, "dismissed") == 0
      && !dismissal_stands_p (in, facts, out->reason, line, &why))
    {
      free (out->verdict);
      out->verdict = xstrdup ("uncertain");
      free (out->note);
      out->note = concat ("dismissal refused: ", why, NULL);
      free (why);
    }
  return true;
}

/* Release what V holds.  */
void
triage_verdict_free (triage_verdict *v)
{
  free (v->verdict);
  free (v->reason);
  free (v->explanation);
  free (v->fix);
  free (v->model);
  free (v->note);
  memset (v, 0, sizeof *v);
}
