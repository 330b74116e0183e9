/* pyrefcheck: ignore comments in the source.
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

/* A comment on a finding's line, or on the line before, silences it:

     Py_RETURN_NONE;  // pyrefcheck: ignore[pyrefcheck-leak] kept in a cache

   "pyrefcheck: ignore[TAG,...] REASON", right after the comment's opening
   ("//", "/ *" without the blank), where a TAG is a finding's tag, with or
   without its "pyrefcheck-" prefix, and REASON (required) is the rest of the
   comment. Lines are read through gcc's own source cache (what caret
   diagnostics use), which copes with a missing file, long lines and NUL bytes;
   a comment that is malformed or silences nothing is reported at the end of
   the unit.  */

#include "gcc-plugin.h"
#include "system.h"
#include "coretypes.h"
#include "backend.h"
#include "tree.h"
#include "gimple.h"
#include "input.h"
#include "options.h"
#include "diagnostic-core.h"
#include "pyrefcheck.h"
#include "engine.h"
#include "report.h"

#define MARKER "pyrefcheck:"
#define MAX_REASON 1000

/* One ignore comment.  */
struct ignore_comment
{
  int line, column;
  /* Bit (1 << kind) for each tag it names.  */
  unsigned long long kinds;
  char *reason;
  /* Why it is malformed (it silences nothing), and the unknown tag.  */
  enum
  {
    WELL_FORMED,
    NO_TAGS,
    UNKNOWN_TAG,
    NO_REASON
  } problem;
  char *problem_arg;
};

/* Where a comment silenced a finding (FILE is gcc's string).  */
struct use
{
  const char *file;
  int line, column;
};
static vec<use> uses;

/* Files findings were looked up in; the main file is scanned too.  */
static vec<const char *> files;

/* Justifications handed out (freed never: they live as long as the
   unit's SARIF results).  */
static vec<char *> reasons;

/* Return the kind whose tag is TAG (N bytes, with or without the
   "pyrefcheck-" prefix), or -1.  */
static int
kind_of_tag (const char *tag, size_t n)
{
  size_t plen = strlen ("pyrefcheck-");
  for (int k = 0; k < FK_MAX; k++)
    {
      const char *full = finding_tags[k];
      if ((strlen (full) == n && memcmp (full, tag, n) == 0)
          || (strlen (full) - plen == n && memcmp (full + plen, tag, n) == 0))
        return k;
    }
  return -1;
}

/* Return true if the bytes before P (from START) are a comment's
   opening ("//", "///", a slash and stars) and blanks; set
   *BLOCK for a block comment.  */
static bool
after_comment_opening_p (const char *start, const char *p, bool *block)
{
  while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  const char *end = p;
  while (p > start && (p[-1] == '*' || p[-1] == '/'))
    p--;
  if (end - p < 2 || p[0] != '/')
    return false;
  *block = p[1] == '*';
  return true;
}

/* Parse the tags and the reason of a comment at P (just past "ignore"),
   up to END, into C.  */
static void
parse_tags_and_reason (const char *p, const char *end, bool block,
                       ignore_comment *c)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  const char *close
      = p < end && *p == '[' ? (const char *)memchr (p, ']', end - p) : NULL;
  if (!close)
    {
      c->problem = ignore_comment::NO_TAGS;
      return;
    }
  for (const char *t = p + 1; t < close;)
    {
      const char *comma = (const char *)memchr (t, ',', close - t);
      const char *stop = comma ? comma : close, *e = stop;
      while (t < e && (*t == ' ' || *t == '\t'))
        t++;
      while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
      int k = kind_of_tag (t, e - t);
      if (k < 0)
        {
          c->problem = ignore_comment::UNKNOWN_TAG;
          c->problem_arg = xstrndup (t, MIN (e - t, 100));
          for (char *a = c->problem_arg; *a; a++)
            if (!ISPRINT (*a))
              *a = '?';
          return;
        }
      c->kinds |= 1ull << k;
      t = stop + 1;
    }
  const char *r = close + 1, *rend = end;
  if (block)
    for (const char *q = r; q + 1 < end; q++)
      if (q[0] == '*' && q[1] == '/')
        {
          rend = q;
          break;
        }
  while (r < rend && ISSPACE (*r))
    r++;
  while (rend > r && ISSPACE (rend[-1]))
    rend--;
  if (!c->kinds)
    c->problem = ignore_comment::NO_TAGS;
  else if (r == rend)
    c->problem = ignore_comment::NO_REASON;
  else
    {
      /* NUL bytes would cut the reason short.  */
      size_t n = MIN (rend - r, MAX_REASON);
      c->reason = XNEWVEC (char, n + 1);
      for (size_t i = 0; i < n; i++)
        c->reason[i] = r[i] ? r[i] : '?';
      c->reason[n] = '\0';
    }
}

/* Return the length of the text at P (LEFT bytes) if it starts with
   WORD, else 0.  */
static size_t
starts_with (const char *p, size_t left, const char *word)
{
  size_t n = strlen (word);
  return left >= n && memcmp (p, word, n) == 0 ? n : 0;
}

/* Parse the ignore comments of LINE (number LINENO) into OUT.  */
static void
parse_line (char_span line, int lineno, vec<ignore_comment> *out)
{
  const char *start = line.get_buffer (), *end = start + line.length ();
  for (const char *p = start; p < end; p++)
    {
      size_t n = starts_with (p, end - p, MARKER);
      bool block;
      if (!n || !after_comment_opening_p (start, p, &block))
        continue;
      const char *q = p + n;
      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      size_t w = starts_with (q, end - q, "ignore");
      if (!w)
        continue;
      ignore_comment c;
      memset (&c, 0, sizeof c);
      c.line = lineno;
      c.column = (int)(p - start) + 1;
      parse_tags_and_reason (q + w, end, block, &c);
      out->safe_push (c);
      p = q + w - 1;
    }
}

/* Return true if FILE is a regular file: the source cache reads a file
   whole, so /dev/zero or a FIFO named by a #line directive would exhaust
   memory or hang the compile.  */
bool
regular_file_p (const char *file)
{
  static char *last;
  static bool last_ok;
  if (last && strcmp (last, file) == 0)
    return last_ok;
  struct stat st;
  free (last);
  last = xstrdup (file);
  last_ok = stat (file, &st) == 0 && S_ISREG (st.st_mode);
  return last_ok;
}

/* Add the ignore comments of SPAN, line LINE, to OUT.  */
static void
comments_in (char_span span, int line, vec<ignore_comment> *out)
{
  /* Most lines: no marker at all.  */
  size_t n = span.length (), m = strlen (MARKER);
  const char *s = span.get_buffer ();
  for (size_t i = 0; i + m <= n; i++)
    if (s[i] == 'p' && memcmp (s + i, MARKER, m) == 0)
      {
        parse_line (span, line, out);
        return;
      }
}

/* Return the ignore comments of line LINE of FILE (none when it cannot
   be read).  */
static void
comments_at (const char *file, int line, vec<ignore_comment> *out)
{
  if (line < 1 || !regular_file_p (file))
    return;
  char_span span = location_get_source_line (file, line);
  if (span)
    comments_in (span, line, out);
}

static void
free_comments (vec<ignore_comment> *v)
{
  for (unsigned i = 0; i < v->length (); i++)
    {
      free ((*v)[i].reason);
      free ((*v)[i].problem_arg);
    }
  v->truncate (0);
}

/* Return the reason of a well-formed ignore comment on LINE of FILE, or
   the line before, that names TAG, or NULL.  Remember the use.  */
const char *
suppress_lookup (const char *file, int line, const char *tag)
{
  unsigned i;
  for (i = 0; i < files.length (); i++)
    if (strcmp (files[i], file) == 0)
      break;
  if (i == files.length ())
    files.safe_push (file);
  int k = kind_of_tag (tag, strlen (tag));
  const char *found = NULL;
  auto_vec<ignore_comment> cs;
  comments_at (file, line, &cs);
  comments_at (file, line - 1, &cs);
  for (unsigned j = 0; k >= 0 && j < cs.length (); j++)
    if (cs[j].reason && (cs[j].kinds & (1ull << k)))
      {
        use u = { file, cs[j].line, cs[j].column };
        uses.safe_push (u);
        reasons.safe_push (xstrdup (cs[j].reason));
        found = reasons.last ();
        break;
      }
  free_comments (&cs);
  return found;
}

/* Return the location of LINE:COLUMN of FILE, found from the line maps
   of FILE and checked; UNKNOWN_LOCATION when there is none.  */
static location_t
file_location (const char *file, int line, int column)
{
  const line_map_ordinary *best = NULL;
  for (unsigned i = 0; i < LINEMAPS_ORDINARY_USED (line_table); i++)
    {
      const line_map_ordinary *map = LINEMAPS_ORDINARY_MAP_AT (line_table, i);
      if (map->reason == LC_RENAME_VERBATIM || !LINEMAP_FILE (map)
          || strcmp (LINEMAP_FILE (map), file) != 0
          || ORDINARY_MAP_STARTING_LINE_NUMBER (map) > (linenum_type)line)
        continue;
      if (!best
          || ORDINARY_MAP_STARTING_LINE_NUMBER (map)
                 >= ORDINARY_MAP_STARTING_LINE_NUMBER (best))
        best = map;
    }
  if (!best)
    return UNKNOWN_LOCATION;
  location_t loc
      = linemap_position_for_line_and_column (line_table, best, line, column);
  expanded_location x = expand_location (loc);
  if (!x.file || strcmp (x.file, file) != 0 || x.line != line)
    return UNKNOWN_LOCATION;
  return loc;
}

/* Warn about C, an ignore comment of FILE: malformed, or silencing
   nothing (USED is false).  */
static void
warn_comment (const char *file, const ignore_comment &c, bool used)
{
  location_t loc = file_location (file, c.line, c.column);
  char *where = loc == UNKNOWN_LOCATION
                    ? xasprintf ("%s:%d:%d: ", file, c.line, c.column)
                    : xstrdup ("");
  if (c.problem == ignore_comment::NO_TAGS)
    warning_at (loc, 0,
                "%s%<pyrefcheck: ignore%> comment without the tags it "
                "silences, in brackets (%<pyrefcheck: ignore[TAG,...] "
                "REASON%>); it silences nothing [pyrefcheck-ignore]",
                where);
  else if (c.problem == ignore_comment::UNKNOWN_TAG)
    warning_at (loc, 0,
                "%s%<pyrefcheck: ignore%> comment names the unknown tag %qs; "
                "it silences nothing [pyrefcheck-ignore]",
                where, c.problem_arg);
  else if (c.problem == ignore_comment::NO_REASON)
    warning_at (loc, 0,
                "%s%<pyrefcheck: ignore%> comment without a reason after the "
                "tags (%<pyrefcheck: ignore[TAG,...] REASON%>); it silences "
                "nothing [pyrefcheck-ignore]",
                where);
  else if (!used)
    warning_at (loc, 0,
                "%s%<pyrefcheck: ignore%> comment silences no finding "
                "[pyrefcheck-ignore]",
                where);
  free (where);
}

/* Report the ignore comments of FILE that are malformed or silenced no
   finding.  */
static void
check_file (const char *file)
{
  auto_vec<ignore_comment> cs;
  if (!regular_file_p (file))
    return;
  for (int line = 1;; line++)
    {
      /* Each line read once: the cache finds a line by scanning from
         the nearest one it remembers, so going back is costly.  */
      char_span span = location_get_source_line (file, line);
      if (!span)
        break;
      comments_in (span, line, &cs);
      for (unsigned i = 0; i < cs.length (); i++)
        {
          bool used = false;
          for (unsigned j = 0; j < uses.length () && !used; j++)
            used = strcmp (uses[j].file, file) == 0
                   && uses[j].line == cs[i].line
                   && uses[j].column == cs[i].column;
          warn_comment (file, cs[i], used);
        }
      free_comments (&cs);
    }
}

/* Report the ignore comments of the main file, and of the other files
   findings were in, that are malformed or silenced nothing.  */
void
suppress_finish ()
{
  if (main_input_filename && strcmp (main_input_filename, "-") != 0)
    {
      unsigned i;
      for (i = 0; i < files.length (); i++)
        if (strcmp (files[i], main_input_filename) == 0)
          break;
      if (i == files.length ())
        files.safe_push (main_input_filename);
    }
  for (unsigned i = 0; i < files.length (); i++)
    check_file (files[i]);
}
