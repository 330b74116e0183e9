/* Baselines: reviewed verdicts checked into a project.
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

/* A baseline is a JSON file of verdicts keyed by fingerprint alone (not
   by model), so that CI can serve the verdicts a team reviewed with no
   model at all.  --export-baseline writes one from the cache, sorted by
   fingerprint so that it diffs well; --baseline reads one, read-only, and
   it is consulted before the cache and the model.  Reviewers may edit
   verdicts in it; each entry is checked on loading, and a dismissal it
   holds is still checked against each request's facts.  */

#include "triaged.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_VERSION 1

/* Return true if the stored ENTRY is worth exporting: the model's
   confirmation or dismissal, or its own "uncertain".  */
static int
exportable_p (json_t *entry)
{
  const char *v = json_string_value (json_object_get (entry, "verdict"));
  return v
         && (!strcmp (v, "confirmed") || !strcmp (v, "dismissed")
             || !strcmp (v, "uncertain"));
}

/* Return the baseline entries of CACHE: fingerprint -> entry, a decided
   verdict winning over "uncertain" for the same fingerprint.  */
static json_t *
collect (struct cache *cache)
{
  json_t *by_fp = json_object (), *entry, *old, *copy;
  const char *key, *fp;
  json_object_foreach (cache_entries (cache), key, entry)
  {
    fp = json_string_value (json_object_get (entry, "fingerprint"));
    if (!fp || !exportable_p (entry))
      continue;
    old = json_object_get (by_fp, fp);
    if (old
        && strcmp (json_string_value (json_object_get (old, "verdict")),
                   "uncertain")
               != 0)
      continue;
    copy = json_deep_copy (entry);
    json_object_del (copy, "key");
    json_object_set_new (by_fp, fp, copy); /* steals */
  }
  return by_fp;
}

/* Write the baseline of CACHE's verdicts to PATH.  */
int
baseline_export (struct cache *cache, const char *path, char *err, size_t len)
{
  json_t *by_fp = collect (cache), *doc;
  char *text;
  int ok;
  /* json_pack's "o" steals BY_FP.  */
  doc = json_pack ("{s:i, s:o}", "pyrefcheck_baseline", BASELINE_VERSION,
                   "verdicts", by_fp);
  text = json_dumps (doc, JSON_INDENT (1) | JSON_SORT_KEYS);
  json_decref (doc);
  if (!text)
    return snprintf (err, len, "out of memory"), 0;
  ok = write_file_atomic (path, text, strlen (text), err, len);
  free (text);
  return ok;
}

/* Check the baseline ENTRY of fingerprint FP; fill ERR if bad.  */
static int
check_entry (const char *fp, json_t *entry, char *err, size_t len)
{
  const char *v = json_string_value (json_object_get (entry, "verdict"));
  const char *code
      = json_string_value (json_object_get (entry, "reason_code"));
  json_t *offset = json_object_get (entry, "line_offset");
  enum triage_reason r = triage_reason_lookup (code);
  if (!exportable_p (entry) || r == TRIAGE_REASON_NONE
      || strcmp (triage_reason_verdict (r), v) != 0)
    snprintf (err, len, "%.16s...: verdict and reason_code do not match", fp);
  else if (!json_is_string (json_object_get (entry, "explanation")))
    snprintf (err, len, "%.16s...: explanation missing", fp);
  else if (offset && !json_is_integer (offset))
    snprintf (err, len, "%.16s...: line_offset not an integer", fp);
  else
    return 1;
  return 0;
}

/* Load the baseline PATH: return fingerprint -> entry (a new object), or
   NULL with ERR filled.  */
json_t *
baseline_load (const char *path, char *err, size_t len)
{
  json_error_t jerr;
  json_t *doc = json_load_file (path, 0, &jerr), *verdicts, *entry;
  const char *fp;
  char sub[200];
  if (!doc)
    return snprintf (err, len, "baseline %s:%d: %s", path, jerr.line,
                     jerr.text),
           NULL;
  verdicts = json_object_get (doc, "verdicts");
  if (json_integer_value (json_object_get (doc, "pyrefcheck_baseline"))
          != BASELINE_VERSION
      || !json_is_object (verdicts))
    {
      snprintf (err, len, "baseline %s: not a pyrefcheck baseline, version %d",
                path, BASELINE_VERSION);
      return json_decref (doc), NULL;
    }
  json_object_foreach (verdicts, fp,
                       entry) if (!check_entry (fp, entry, sub, sizeof sub))
  {
    snprintf (err, len, "baseline %s: %s", path, sub);
    return json_decref (doc), NULL;
  }
  json_incref (verdicts);
  json_decref (doc);
  return verdicts;
}

/* Return the baseline's verdict for FINGERPRINT (a new object), or
   NULL.  */
json_t *
baseline_lookup (json_t *baseline, const char *fingerprint, long first_line)
{
  json_t *entry = json_object_get (baseline, fingerprint);
  return entry ? entry_verdict (entry, first_line) : NULL;
}
