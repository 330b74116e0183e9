/* The ownership table: parser and lookup.
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

#include "odb.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The words of each column, indexed by the enum value.  */
static const char *const ret_words[]
    = { "new", "borrowed", "nonobj", "void", "count", "unknown" };

static const char *const err_words[]
    = { "never",    "null-exc",       "null-noexc", "null-maybe-exc",
        "neg1-exc", "neg1-ambiguous", "zero-exc",   "zero-noexc",
        "lookup",   "always-exc",     "clears-exc", "checks-exc",
        "unknown",  "status-exc" };

static const char *const arg_words[]
    = { "nonobj",  "borrowed",     "steals",    "steals-on-success",
        "out-new", "out-borrowed", "inout-new", "unknown" };

static const char *const varargs_words[]
    = { "", "...", "...parse", "...build", "...objs" };

static const char *const err_descriptions[]
    = { "never fails",
        "returns NULL with an exception set on failure",
        "may return NULL without setting an exception",
        "returns NULL on failure, with or without an exception set",
        "returns -1 with an exception set on failure",
        "returns -1 on failure, but -1 can also be a valid result: check "
        "PyErr_Occurred ()",
        "returns 0 with an exception set on failure",
        "returns 0 without an exception when there is nothing more",
        "returns -1 with an exception on error, 0 when not found (output set "
        "to NULL), 1 when found",
        "always sets an exception",
        "clears the error indicator",
        "returns non-zero if and only if an exception is set",
        "error convention not recorded",
        "returns 0 on success and -1 with an exception set on failure" };

static const char *const arg_descriptions[]
    = { "not an object",
        "borrowed: the caller keeps its reference",
        "steals a reference, even when the call fails",
        "steals a reference only when the call succeeds",
        "receives a new reference the caller must release",
        "receives a borrowed reference",
        "holds the caller's reference, which the call may replace by "
        "another (or by NULL on failure)",
        "not recorded: the call may keep, release or steal it" };

#define N_ELEMENTS(A) (sizeof (A) / sizeof ((A)[0]))

/* Record a formatted error in ERR, unless an earlier one is there.  */
static void
set_error (struct odb_error *err, const char *file, unsigned line,
           const char *fmt, ...)
{
  va_list ap;
  if (!err || err->text[0])
    return;
  snprintf (err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  va_start (ap, fmt);
  vsnprintf (err->text, sizeof err->text, fmt, ap);
  va_end (ap);
}

static char *
xstrdup_or_null (const char *s, size_t n)
{
  char *r = (char *)malloc (n + 1);
  if (!r)
    return NULL;
  memcpy (r, s, n);
  r[n] = '\0';
  return r;
}

void
odb_init (struct odb *db)
{
  memset (db, 0, sizeof *db);
}

void
odb_free (struct odb *db)
{
  size_t i;
  for (i = 0; i < db->n_rows; i++)
    {
      free (db->rows[i].name);
      free (db->rows[i].source);
    }
  for (i = 0; i < db->n_files; i++)
    free (db->files[i]);
  free (db->rows);
  free (db->files);
  odb_init (db);
}

/* Return the index of WORD (LEN bytes) in WORDS, or -1.  */
static int
find_word (const char *const *words, size_t n, const char *word, size_t len)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strlen (words[i]) == len && memcmp (words[i], word, len) == 0)
      return (int)i;
  return -1;
}

/* List the valid WORDS into BUF, for error messages.  */
static void
list_words (const char *const *words, size_t n, char *buf, size_t len)
{
  size_t i, used = 0;
  buf[0] = '\0';
  for (i = 0; i < n && used < len; i++)
    if (words[i][0])
      used += snprintf (buf + used, len - used, "%s%s", used ? ", " : "",
                        words[i]);
}

/* Parse "3.13" at S into 0x030D; return the end or NULL.  */
static const char *
parse_version (const char *s, unsigned *out)
{
  char *end;
  unsigned long major, minor;
  if (!isdigit ((unsigned char)*s))
    return NULL;
  major = strtoul (s, &end, 10);
  if (*end != '.' || !isdigit ((unsigned char)end[1]))
    return NULL;
  minor = strtoul (end + 1, &end, 10);
  if (major > 255 || minor > 255)
    return NULL;
  *out = (unsigned)((major << 8) | minor);
  return end;
}

/* Parse the PYTHON column WORD ("all", "3.13-", "-3.12", "3.10-3.12").  */
static int
parse_versions (const char *word, unsigned *min, unsigned *max)
{
  const char *p = word;
  *min = *max = 0;
  if (strcmp (word, "all") == 0)
    return 1;
  if (*p != '-')
    {
      p = parse_version (p, min);
      if (!p || *p != '-')
        return 0;
    }
  p++;
  if (*p == '\0')
    return *min != 0;
  p = parse_version (p, max);
  return p && *p == '\0' && (*min == 0 || *min <= *max);
}

/* Parse the ARGS column WORD into ROW.  */
static int
parse_args (const char *word, struct odb_row *row, const char *file,
            unsigned line, struct odb_error *err)
{
  const char *p = word;
  char valid[256];
  row->nargs = 0;
  row->varargs = ODB_VARARGS_NONE;
  if (strcmp (word, "-") == 0)
    return 1;
  while (*p)
    {
      const char *end = strchr (p, ',');
      size_t len = end ? (size_t)(end - p) : strlen (p);
      int maybe_null = 0, k;
      if (len >= 3 && memcmp (p, "...", 3) == 0)
        {
          k = find_word (varargs_words, N_ELEMENTS (varargs_words), p, len);
          if (k < 1 || end)
            {
              list_words (varargs_words, N_ELEMENTS (varargs_words), valid,
                          sizeof valid);
              set_error (err, file, line,
                         "bad variadic marker '%.*s': expected one of %s, "
                         "last in ARGS",
                         (int)len, p, valid);
              return 0;
            }
          row->varargs = (enum odb_varargs)k;
          return 1;
        }
      if (len > 1 && p[len - 1] == '?')
        {
          maybe_null = 1;
          len--;
        }
      k = find_word (arg_words, N_ELEMENTS (arg_words), p, len);
      if (k < 0)
        {
          list_words (arg_words, N_ELEMENTS (arg_words), valid, sizeof valid);
          set_error (err, file, line,
                     "unknown argument kind '%.*s': expected %s (with an "
                     "optional '?' suffix), or '...'",
                     (int)len, p, valid);
          return 0;
        }
      if (row->nargs == ODB_MAX_ARGS)
        {
          set_error (err, file, line, "more than %d arguments", ODB_MAX_ARGS);
          return 0;
        }
      row->args[row->nargs++]
          = (unsigned char)(k | (maybe_null ? ODB_ARG_MAYBE_NULL : 0));
      if (!end)
        break;
      p = end + 1;
      if (*p == '\0')
        {
          set_error (err, file, line, "trailing ',' in ARGS");
          return 0;
        }
    }
  return 1;
}

/* Split LINE into at most MAX whitespace-separated words; the last word
   takes the rest of the line.  Return the number of words.  */
static int
split_words (char *line, char **words, int max)
{
  int n = 0;
  char *p = line;
  while (*p && n < max)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (!*p)
        break;
      words[n++] = p;
      if (n == max)
        break;
      while (*p && *p != ' ' && *p != '\t')
        p++;
      if (*p)
        *p++ = '\0';
    }
  if (n == max)
    {
      /* Trim trailing blanks of the last word.  */
      char *e = words[n - 1] + strlen (words[n - 1]);
      while (e > words[n - 1] && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    }
  return n;
}

static int
valid_identifier_p (const char *s)
{
  if (!(isalpha ((unsigned char)*s) || *s == '_'))
    return 0;
  for (s++; *s; s++)
    if (!(isalnum ((unsigned char)*s) || *s == '_'))
      return 0;
  return 1;
}

/* Return true if the last word of TEXT is WORD.  */
static int
ends_with_word_p (const char *text, const char *word)
{
  size_t n = strlen (word), len = strlen (text);
  if (len < n || strcmp (text + len - n, word) != 0)
    return 0;
  return len == n || text[len - n - 1] == ' ' || text[len - n - 1] == '\t';
}

/* Append a row parsed from LINE (NUL-terminated, modified) to DB.  */
static int
parse_row (struct odb *db, char *line, const char *file, unsigned lineno,
           struct odb_error *err)
{
  char *w[6];
  char valid[256];
  struct odb_row row;
  int k, n = split_words (line, w, 6);

  if (n == 0)
    return 1;
  if (n < 6)
    {
      set_error (err, file, lineno,
                 "expected 6 columns (NAME RETURNS ERROR ARGS PYTHON "
                 "SOURCE), found %d",
                 n);
      return 0;
    }
  memset (&row, 0, sizeof row);
  if (!valid_identifier_p (w[0]))
    {
      set_error (err, file, lineno, "'%s' is not a C identifier", w[0]);
      return 0;
    }
  k = find_word (ret_words, N_ELEMENTS (ret_words), w[1], strlen (w[1]));
  if (k < 0)
    {
      list_words (ret_words, N_ELEMENTS (ret_words), valid, sizeof valid);
      set_error (err, file, lineno, "unknown RETURNS '%s': expected %s", w[1],
                 valid);
      return 0;
    }
  row.ret = (enum odb_ret)k;
  k = find_word (err_words, N_ELEMENTS (err_words), w[2], strlen (w[2]));
  if (k < 0)
    {
      list_words (err_words, N_ELEMENTS (err_words), valid, sizeof valid);
      set_error (err, file, lineno, "unknown ERROR '%s': expected %s", w[2],
                 valid);
      return 0;
    }
  row.err = (enum odb_err)k;
  if (!parse_args (w[3], &row, file, lineno, err))
    return 0;
  if (!parse_versions (w[4], &row.py_min, &row.py_max))
    {
      set_error (err, file, lineno,
                 "bad PYTHON '%s': expected 'all', '3.N-', '-3.N' or "
                 "'3.N-3.M'",
                 w[4]);
      return 0;
    }
  if (db->n_rows == db->alloc)
    {
      size_t alloc = db->alloc ? 2 * db->alloc : 256;
      struct odb_row *rows
          = (struct odb_row *)realloc (db->rows, alloc * sizeof *rows);
      if (!rows)
        {
          set_error (err, file, lineno, "out of memory");
          return 0;
        }
      db->rows = rows;
      db->alloc = alloc;
    }
  row.name = xstrdup_or_null (w[0], strlen (w[0]));
  row.source = xstrdup_or_null (w[5], strlen (w[5]));
  if (!row.name || !row.source)
    {
      free (row.name);
      free (row.source);
      set_error (err, file, lineno, "out of memory");
      return 0;
    }
  row.curated = ends_with_word_p (w[5], "curated");
  row.file = file;
  row.line = lineno;
  row.seq = (unsigned)db->n_rows;
  db->rows[db->n_rows++] = row;
  return 1;
}

/* Remember NAME in DB (rows point at it); return the stored copy.  */
static const char *
intern_file (struct odb *db, const char *name)
{
  char **files;
  char *copy = xstrdup_or_null (name, strlen (name));
  if (!copy)
    return NULL;
  files = (char **)realloc (db->files, (db->n_files + 1) * sizeof *files);
  if (!files)
    {
      free (copy);
      return NULL;
    }
  db->files = files;
  db->files[db->n_files++] = copy;
  return copy;
}

/* Parse TEXT, read from NAME, and append its rows to DB.  Return 1 on
   success; on failure, fill ERR and leave DB with the rows read before
   the bad line.  */
int
odb_load_string (struct odb *db, const char *text, const char *name,
                 struct odb_error *err)
{
  const char *file = intern_file (db, name);
  const char *p = text;
  unsigned lineno = 0;
  char buf[1024];

  if (!file)
    {
      set_error (err, name, 0, "out of memory");
      return 0;
    }
  while (*p)
    {
      const char *eol = strchr (p, '\n');
      size_t len = eol ? (size_t)(eol - p) : strlen (p);
      lineno++;
      if (len >= sizeof buf)
        {
          set_error (err, file, lineno, "line longer than %d bytes",
                     (int)sizeof buf - 1);
          return 0;
        }
      memcpy (buf, p, len);
      buf[len] = '\0';
      if (len && buf[len - 1] == '\r')
        buf[len - 1] = '\0';
      if (buf[strspn (buf, " \t")] != '#'
          && !parse_row (db, buf, file, lineno, err))
        return 0;
      p += len;
      if (*p == '\n')
        p++;
    }
  return 1;
}

/* Read the whole file PATH into a NUL-terminated buffer.  */
static char *
read_file (const char *path, struct odb_error *err)
{
  FILE *f = fopen (path, "rb");
  char *buf = NULL;
  size_t len = 0, alloc = 0, got;
  if (!f)
    {
      set_error (err, path, 0, "cannot open: %s", strerror (errno));
      return NULL;
    }
  do
    {
      if (alloc - len < 4096)
        {
          char *nbuf;
          alloc = alloc ? 2 * alloc : 65536;
          nbuf = (char *)realloc (buf, alloc + 1);
          if (!nbuf)
            {
              free (buf);
              fclose (f);
              set_error (err, path, 0, "out of memory");
              return NULL;
            }
          buf = nbuf;
        }
      got = fread (buf + len, 1, alloc - len, f);
      len += got;
    }
  while (got > 0);
  if (ferror (f))
    {
      set_error (err, path, 0, "read error: %s", strerror (errno));
      free (buf);
      fclose (f);
      return NULL;
    }
  fclose (f);
  buf[len] = '\0';
  if (strlen (buf) != len)
    {
      set_error (err, path, 0, "file contains a NUL byte; not a table");
      free (buf);
      return NULL;
    }
  return buf;
}

int
odb_load_file (struct odb *db, const char *path, struct odb_error *err)
{
  char *text = read_file (path, err);
  int ok;
  if (!text)
    return 0;
  ok = odb_load_string (db, text, path, err);
  free (text);
  return ok;
}

static int
compare_rows (const void *a, const void *b)
{
  const struct odb_row *x = (const struct odb_row *)a;
  const struct odb_row *y = (const struct odb_row *)b;
  int c = strcmp (x->name, y->name);
  if (c)
    return c;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort DB for lookup.  */
void
odb_finish (struct odb *db)
{
  if (db->n_rows)
    qsort (db->rows, db->n_rows, sizeof db->rows[0], compare_rows);
}

static int
version_matches_p (const struct odb_row *row, unsigned pyver)
{
  if (pyver == 0)
    return 1;
  if (row->py_min && pyver < row->py_min)
    return 0;
  if (row->py_max && pyver > row->py_max)
    return 0;
  return 1;
}

/* Return the row for NAME valid for Python version PYVER (0xMMmm, or 0
   for any), preferring the one loaded last (overlays win), or NULL.  */
const struct odb_row *
odb_lookup (const struct odb *db, const char *name, unsigned pyver)
{
  size_t lo = 0, hi = db->n_rows;
  const struct odb_row *best = NULL;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp (db->rows[mid].name, name) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (; lo < db->n_rows && strcmp (db->rows[lo].name, name) == 0; lo++)
    if (version_matches_p (&db->rows[lo], pyver))
      best = &db->rows[lo];
  return best;
}

/* Return true if rows A and B hold for a common Python version.  */
static int
versions_overlap_p (const struct odb_row *a, const struct odb_row *b)
{
  unsigned a_lo = a->py_min, a_hi = a->py_max ? a->py_max : 0xffff;
  unsigned b_lo = b->py_min, b_hi = b->py_max ? b->py_max : 0xffff;
  return a_lo <= b_hi && b_lo <= a_hi;
}

/* Check that the rows of the file PATH are sorted by name (C locale) and
   that no name appears twice with overlapping versions.  */
int
odb_check_sorted (const char *path, struct odb_error *err)
{
  struct odb db;
  size_t i;
  int ok;
  odb_init (&db);
  ok = odb_load_file (&db, path, err);
  for (i = 1; ok && i < db.n_rows; i++)
    {
      const struct odb_row *a = &db.rows[i - 1], *b = &db.rows[i];
      size_t j;
      if (strcmp (a->name, b->name) > 0)
        {
          set_error (err, path, b->line,
                     "'%s' is out of order: it sorts "
                     "before '%s' on line %u",
                     b->name, a->name, a->line);
          ok = 0;
        }
      /* Every earlier row of the same name must cover other versions.  */
      for (j = i; ok && j-- > 0 && strcmp (db.rows[j].name, b->name) == 0;)
        if (versions_overlap_p (&db.rows[j], b))
          {
            set_error (err, path, b->line,
                       "duplicate row for '%s' (also on "
                       "line %u) with overlapping PYTHON versions",
                       b->name, db.rows[j].line);
            ok = 0;
          }
    }
  odb_free (&db);
  return ok;
}

const char *
odb_ret_name (enum odb_ret r)
{
  return ret_words[r];
}

const char *
odb_err_name (enum odb_err e)
{
  return err_words[e];
}

const char *
odb_arg_name (enum odb_arg a)
{
  return arg_words[a];
}

const char *
odb_varargs_name (enum odb_varargs v)
{
  return varargs_words[v];
}

const char *
odb_describe_err (enum odb_err e)
{
  return err_descriptions[e];
}

const char *
odb_describe_arg (enum odb_arg a)
{
  return arg_descriptions[a];
}

/* Write ROW's ARGS column into BUF (LEN bytes).  */
void
odb_format_args (const struct odb_row *row, char *buf, size_t len)
{
  size_t used = 0;
  unsigned i;
  buf[0] = '\0';
  if (row->nargs == 0 && row->varargs == ODB_VARARGS_NONE)
    {
      snprintf (buf, len, "-");
      return;
    }
  for (i = 0; i < row->nargs && used < len; i++)
    used += snprintf (buf + used, len - used, "%s%s%s", i ? "," : "",
                      arg_words[ODB_ARG_KIND (row->args[i])],
                      (row->args[i] & ODB_ARG_MAYBE_NULL) ? "?" : "");
  if (row->varargs != ODB_VARARGS_NONE && used < len)
    snprintf (buf + used, len - used, "%s%s", row->nargs ? "," : "",
              varargs_words[row->varargs]);
}

/* Write ROW's PYTHON column into BUF (LEN bytes).  */
void
odb_format_versions (const struct odb_row *row, char *buf, size_t len)
{
  char lo[16] = "", hi[16] = "";
  if (!row->py_min && !row->py_max)
    {
      snprintf (buf, len, "all");
      return;
    }
  if (row->py_min)
    snprintf (lo, sizeof lo, "%u.%u", row->py_min >> 8, row->py_min & 0xff);
  if (row->py_max)
    snprintf (hi, sizeof hi, "%u.%u", row->py_max >> 8, row->py_max & 0xff);
  snprintf (buf, len, "%s-%s", lo, hi);
}
