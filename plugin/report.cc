/* pyrefcheck: fingerprints, baselines, suppressions, and where findings
   go besides gcc's diagnostics (SARIF, GitHub annotations).
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

/* diag.cc hands each finding it is about to report to report_classify,
   which computes its fingerprint and decides whether an ignore comment
   (suppress.cc) or the baseline silences it, then to report_done, which
   records it for the SARIF log (sarif.cc) and prints its GitHub
   annotation.  report_finish, at the end of the compilation, writes the
   log and reports ignore comments that suppressed nothing.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "input.h"
#include "intl.h"
#include "diagnostic.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "report.h"
#include "../triage/sha256.h"

/* The baseline's fingerprints, sorted.  */
static vec<char *> baseline;

/* Set when the pass ran on a function of the unit.  */
bool report_pass_ran;

/* Errors this plugin reported for findings (fail-on).  */
static int finding_errors;

/* Append to B the N bytes at S with OPEN_QUOTE and CLOSE_QUOTE (the
   locale's quotes) turned into "'", so that fingerprints do not depend on
   the locale.  */
static void
add_unquoted (struct strbuf *b, const char *s)
{
  size_t lo = strlen (open_quote), lc = strlen (close_quote);
  while (*s)
    if (lo && strncmp (s, open_quote, lo) == 0)
      strbuf_add (b, "'", 1), s += lo;
    else if (lc && strncmp (s, close_quote, lc) == 0)
      strbuf_add (b, "'", 1), s += lc;
    else
      strbuf_add (b, s++, 1);
}

/* Write the fingerprint of R into R->fingerprint: the SHA-256 of its
   file's base name, function, tag, message (which names the object and
   the calls, never a line) and the kinds of its path events other than
   branches.  No line or column enters it, so a finding keeps it when
   lines are added above it or elsewhere, and when the path's branches
   change (an unrelated 'if' on the way).  */
static void
fingerprint (report_finding *r)
{
  expanded_location x = expand_location (r->loc);
  struct strbuf b;
  strbuf_init (&b);
  strbuf_puts (&b, "pyrefcheck-fingerprint 1\nfile ");
  strbuf_puts (&b, lbasename (x.file ? x.file : ""));
  strbuf_puts (&b, "\nfunction ");
  strbuf_puts (&b, r->function);
  strbuf_puts (&b, "\ntag ");
  strbuf_puts (&b, r->tag);
  strbuf_puts (&b, "\nmessage ");
  add_unquoted (&b, r->message);
  strbuf_puts (&b, "\nevents");
  for (unsigned i = 0; i < r->events->length (); i++)
    if (strcmp ((*r->events)[i].kind, "branch") != 0)
      strbuf_printf (&b, " %s", (*r->events)[i].kind);
  strbuf_puts (&b, "\n");
  sha256_hex (b.m_text, b.m_len, r->fingerprint);
  free (b.m_text);
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* Return true if LINE (LEN bytes) starts with a fingerprint: 64
   lowercase hex digits, then the end or a blank.  */
static bool
fingerprint_line_p (const char *line, size_t len)
{
  if (len < 64 || (len > 64 && !ISSPACE (line[64])))
    return false;
  for (int i = 0; i < 64; i++)
    if (!ISXDIGIT (line[i]) || ISUPPER (line[i]))
      return false;
  return true;
}

/* Load the baseline FILE: one fingerprint a line, first on the line;
   blank lines and lines starting with '#' are skipped.  Return false
   after reporting an error.  */
bool
report_load_baseline (const char *file)
{
  FILE *f = fopen (file, "r");
  if (!f)
    {
      error ("pyrefcheck: cannot read the baseline %qs: %s", file,
             xstrerror (errno));
      return false;
    }
  char buf[512];
  int lineno = 0;
  bool ok = true, continued = false;
  while (fgets (buf, sizeof buf, f))
    {
      size_t len = strlen (buf);
      bool whole = len && buf[len - 1] == '\n';
      /* The rest of a long line: skip it.  */
      bool skip = continued;
      continued = !whole && !feof (f);
      if (skip)
        continue;
      lineno++;
      while (len && ISSPACE (buf[len - 1]))
        buf[--len] = '\0';
      if (len == 0 || buf[0] == '#')
        continue;
      if (!fingerprint_line_p (buf, len))
        {
          error ("pyrefcheck: %s:%d: not a fingerprint (64 lowercase hex "
                 "digits, as %<pyrefcheck-sarif baseline%> writes)",
                 file, lineno);
          ok = false;
          break;
        }
      baseline.safe_push (xstrndup (buf, 64));
    }
  if (ferror (f))
    {
      error ("pyrefcheck: cannot read the baseline %qs: %s", file,
             xstrerror (errno));
      ok = false;
    }
  fclose (f);
  baseline.qsort (compare_strings);
  return ok;
}

/* Parse the annotations VALUE.  */
bool
report_parse_annotations (const char *value)
{
  if (strcmp (value, "github") == 0)
    pyrefcheck_opts.annotations_github = true;
  else if (strcmp (value, "none") == 0)
    pyrefcheck_opts.annotations_github = false;
  else
    {
      error ("pyrefcheck: %<annotations%> is github or none, not %qs", value);
      return false;
    }
  return true;
}

/* Classify the finding R (which would be shown): set its fingerprint and
   state.  */
/* The fingerprints given in the unit, to tell apart two findings that
   would have the same one (two leaks of an 'x' in one function).  */
static vec<char *> given;

enum report_state
report_classify (report_finding *r)
{
  fingerprint (r);
  /* The Nth finding with a fingerprint already given gets the SHA-256
     of it and N: the first keeps its own, so baselines stay valid.  */
  unsigned seen = 0;
  for (unsigned i = 0; i < given.length (); i++)
    seen += strcmp (given[i], r->fingerprint) == 0;
  given.safe_push (xstrdup (r->fingerprint));
  if (seen)
    {
      char *again = xasprintf ("%s occurrence %u", r->fingerprint, seen + 1);
      sha256_hex (again, strlen (again), r->fingerprint);
      free (again);
    }
  /* -Werror: the warning is an error.  */
  if (global_dc->warning_as_error_requested)
    r->error = true;
  expanded_location x = expand_location (r->loc);
  r->justification = x.file ? suppress_lookup (x.file, x.line, r->tag) : NULL;
  const char *key = r->fingerprint;
  if (r->justification)
    r->state = REPORT_SUPPRESSED;
  else if (baseline.length ()
           && bsearch (&key, baseline.address (), baseline.length (),
                       sizeof (char *), compare_strings))
    r->state = REPORT_BASELINED;
  else
    r->state = REPORT_SHOWN;
  return r->state;
}

/* Append S to B escaped for a GitHub workflow command: '%', CR and LF,
   and also ':' and ',' in a PROPERTY.  */
static void
add_escaped (struct strbuf *b, const char *s, bool property)
{
  for (; *s; s++)
    switch (*s)
      {
      case '%':
        strbuf_puts (b, "%25");
        break;
      case '\r':
        strbuf_puts (b, "%0D");
        break;
      case '\n':
        strbuf_puts (b, "%0A");
        break;
      case ':':
        strbuf_puts (b, property ? "%3A" : ":");
        break;
      case ',':
        strbuf_puts (b, property ? "%2C" : ",");
        break;
      default:
        strbuf_add (b, s, 1);
      }
}

/* Print the GitHub Actions annotation of R: the message, then each event
   on a line of its own.  One write, so that the lines of compilers run in
   parallel (make -j) do not interleave.  */
static void
print_annotation (const report_finding &r)
{
  expanded_location x = expand_location (r.loc);
  struct strbuf b;
  strbuf_init (&b);
  strbuf_printf (&b, "::%s file=", r.error ? "error" : "warning");
  add_escaped (&b, x.file ? x.file : "", true);
  strbuf_printf (&b, ",line=%d,col=%d,title=", x.line, x.column);
  add_escaped (&b, r.tag, true);
  strbuf_puts (&b, "::");
  add_escaped (&b, r.message, false);
  for (unsigned i = 0; i < r.events->length (); i++)
    {
      const triage_event &e = (*r.events)[i];
      char *line = xasprintf ("\n(%u) line %d: %s", i + 1,
                              LOCATION_LINE (e.loc), e.text);
      add_escaped (&b, line, false);
      free (line);
    }
  strbuf_puts (&b, "\n");
  fflush (stderr);
  if (write (STDERR_FILENO, b.m_text, b.m_len) < 0)
    {
      /* Nothing to do: stderr is gone.  */
    }
  free (b.m_text);
}

/* The finding R was classified, and shown if SHOWN (a warning may be
   silenced by -w): record it for the SARIF log and annotate it.  */
void
report_done (report_finding *r, bool shown)
{
  if (pyrefcheck_opts.sarif)
    sarif_add_result (*r);
  if (shown && r->state == REPORT_SHOWN && r->error)
    finding_errors++;
  if (shown && r->state == REPORT_SHOWN && pyrefcheck_opts.annotations_github)
    print_annotation (*r);
}

/* The end of the compilation (PLUGIN_FINISH, which runs even after
   errors, unlike PLUGIN_FINISH_UNIT): report unused ignore comments
   unless the unit had errors of its own (its functions were perhaps not
   analysed), and write the SARIF log.  */
void
report_finish ()
{
  /* -E, -M: no compilation, no log (an earlier one stays).  */
  if (flag_preprocess_only)
    return;
  /* -fsyntax-only, or a unit whose functions never reached the pass:
     an ignore comment cannot have been used.  */
  if (errorcount + werrorcount <= finding_errors && report_pass_ran)
    suppress_finish ();
  if (pyrefcheck_opts.sarif)
    sarif_write (pyrefcheck_opts.sarif);
}
