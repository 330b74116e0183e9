/* pyrefcheck-db: check and query ownership tables.
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
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef PYREFCHECK_DBDIR
#define PYREFCHECK_DBDIR "."
#endif

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: pyrefcheck-db check FILE...\n"
           "       pyrefcheck-db show [--python 3.N] [--db FILE]... NAME...\n"
           "       pyrefcheck-db coverage --headers DIR [--python 3.N]"
           " [--db FILE]...\n"
           "                              [--table FILE] [--private]"
           " [--internal]"
           " [--min PERCENT] [--verbose]\n"
           "\n"
           "check     parse each table, and check that its rows are sorted"
           " and\n"
           "          not duplicated; print 'FILE: N rows' for each\n"
           "show      print the row that applies to each NAME\n"
           "coverage  scan the C headers under DIR (recursively) for the\n"
           "          functions that involve objects, print 'covered N of M'"
           "\n"
           "          and then the names that have no row (one a line)\n"
           "\n"
           "coverage counts each PyAPI_FUNC declaration and each static"
           " inline\n"
           "function definition whose return type or one of whose"
           " parameter\n"
           "types is an object pointer: T * or T ** (const allowed) where T"
           " is\n"
           "PyObject, PyVarObject, PyWeakReference, any other Py*Object or\n"
           "_Py*Object type name except PyDictKeysObject, or struct _object"
           " or\n"
           "struct _typeobject.  Types inside a function-pointer parameter"
           " do\n"
           "not count.  Comments and preprocessor lines are skipped, so"
           " every\n"
           "branch of an #if is scanned; a name counts once.  Names starting"
           "\n"
           "with '_' (private API) are left out unless --private is given,"
           " and\n"
           "a directory named 'internal' is skipped unless --internal is"
           " given.\n"
           "With --python, a name is covered only by a row whose PYTHON range"
           "\n"
           "includes that version.  --min PERCENT: exit 1 when the coverage"
           " is\n"
           "lower.  --verbose: print FILE:LINE after each missing name.\n"
           "--table FILE: use FILE instead of the default table (then\n"
           "--db adds overlays to it).\n"
           "\n"
           "The default table is %s/cpython.tbl.\n",
           PYREFCHECK_DBDIR);
}

static void
print_error (const struct odb_error *err)
{
  if (err->line)
    fprintf (stderr, "%s:%u: error: %s\n", err->file, err->line, err->text);
  else
    fprintf (stderr, "%s: error: %s\n", err->file, err->text);
}

/* Check each table named in ARGV.  */
static int
cmd_check (int argc, char **argv)
{
  int i, status = 0;
  if (argc == 0)
    {
      usage (stderr);
      return 2;
    }
  for (i = 0; i < argc; i++)
    {
      struct odb_error err;
      struct odb db;
      memset (&err, 0, sizeof err);
      if (!odb_check_sorted (argv[i], &err))
        {
          print_error (&err);
          status = 1;
          continue;
        }
      odb_init (&db);
      odb_load_file (&db, argv[i], &err);
      printf ("%s: %lu rows\n", argv[i], (unsigned long)db.n_rows);
      odb_free (&db);
    }
  return status;
}

/* Print ROW in table format.  */
static void
print_row (const struct odb_row *row)
{
  char args[256], vers[32];
  odb_format_args (row, args, sizeof args);
  odb_format_versions (row, vers, sizeof vers);
  printf ("%-32s %-9s %-15s %-40s %-8s %s\n", row->name,
          odb_ret_name (row->ret), odb_err_name (row->err), args, vers,
          row->source);
  printf ("  # %s:%u: %s\n", row->file, row->line,
          odb_describe_err (row->err));
}

static int
cmd_show (int argc, char **argv)
{
  struct odb db;
  struct odb_error err;
  unsigned pyver = 0;
  int i, loaded = 0, status = 0;
  odb_init (&db);
  memset (&err, 0, sizeof err);
  for (i = 0; i < argc && argv[i][0] == '-'; i += 2)
    {
      if (i + 1 >= argc)
        {
          usage (stderr);
          return 2;
        }
      if (strcmp (argv[i], "--python") == 0)
        {
          unsigned maj, min;
          if (sscanf (argv[i + 1], "%u.%u", &maj, &min) != 2)
            {
              fprintf (stderr, "pyrefcheck-db: bad version '%s'\n",
                       argv[i + 1]);
              return 2;
            }
          pyver = (maj << 8) | min;
        }
      else if (strcmp (argv[i], "--db") == 0)
        {
          if (!loaded
              && !odb_load_file (&db, PYREFCHECK_DBDIR "/cpython.tbl", &err))
            goto fail;
          loaded = 1;
          if (!odb_load_file (&db, argv[i + 1], &err))
            goto fail;
        }
      else
        {
          usage (stderr);
          return 2;
        }
    }
  if (!loaded && !odb_load_file (&db, PYREFCHECK_DBDIR "/cpython.tbl", &err))
    goto fail;
  odb_finish (&db);
  for (; i < argc; i++)
    {
      const struct odb_row *row = odb_lookup (&db, argv[i], pyver);
      if (row)
        print_row (row);
      else
        {
          printf ("%s: not in the table\n", argv[i]);
          status = 1;
        }
    }
  odb_free (&db);
  return status;
fail:
  print_error (&err);
  odb_free (&db);
  return 1;
}

/* ---- coverage ------------------------------------------------------ */

/* A token of a cleaned header: an identifier or number (TOK_WORD) or a
   single punctuation character.  */
enum tok_kind
{
  TOK_WORD,
  TOK_PUNCT
};

struct token
{
  enum tok_kind kind;
  const char *text; /* not NUL-terminated */
  size_t len;
  unsigned line;
};

struct tokens
{
  struct token *v;
  size_t n, alloc;
};

/* One function found in the headers.  */
struct hfunc
{
  char *name;
  char *file;
  unsigned line;
};

struct hfuncs
{
  struct hfunc *v;
  size_t n, alloc;
};

static void *
xrealloc (void *p, size_t n)
{
  void *r = realloc (p, n ? n : 1);
  if (!r)
    {
      fprintf (stderr, "pyrefcheck-db: out of memory\n");
      exit (2);
    }
  return r;
}

static char *
xstrndup (const char *s, size_t n)
{
  char *r = (char *)xrealloc (NULL, n + 1);
  memcpy (r, s, n);
  r[n] = '\0';
  return r;
}

/* Replace comments, string and character literals and preprocessor
   directives (with their continuation lines) in BUF by blanks, keeping
   the newlines so that line numbers stay right.  */
static void
clean_source (char *buf)
{
  char *p = buf;
  int line_start = 1;
  while (*p)
    {
      if (p[0] == '/' && p[1] == '*')
        {
          char *e = strstr (p + 2, "*/");
          char *end = e ? e + 2 : p + strlen (p);
          for (; p < end; p++)
            if (*p != '\n')
              *p = ' ';
          continue;
        }
      if (p[0] == '/' && p[1] == '/')
        {
          while (*p && *p != '\n')
            *p++ = ' ';
          continue;
        }
      if (*p == '"' || *p == '\'')
        {
          char q = *p;
          *p++ = ' ';
          while (*p && *p != q && *p != '\n')
            {
              if (*p == '\\' && p[1])
                *p++ = ' ';
              *p++ = ' ';
            }
          if (*p == q)
            *p++ = ' ';
          line_start = 0;
          continue;
        }
      if (*p == '#' && line_start)
        {
          /* A directive: blank it up to an unescaped newline.  */
          while (*p)
            {
              if (*p == '\\' && p[1] == '\n')
                {
                  *p = ' ';
                  p += 2;
                  continue;
                }
              if (*p == '\n')
                break;
              if (p[0] == '/' && p[1] == '*')
                break; /* the comment code above blanks it */
              *p++ = ' ';
            }
          continue;
        }
      if (*p == '\n')
        line_start = 1;
      else if (!isspace ((unsigned char)*p))
        line_start = 0;
      p++;
    }
}

static void
tokenize (const char *buf, struct tokens *toks)
{
  const char *p = buf;
  unsigned line = 1;
  toks->n = 0;
  while (*p)
    {
      struct token t;
      if (*p == '\n')
        {
          line++;
          p++;
          continue;
        }
      if (isspace ((unsigned char)*p))
        {
          p++;
          continue;
        }
      t.text = p;
      t.line = line;
      if (isalnum ((unsigned char)*p) || *p == '_')
        {
          while (isalnum ((unsigned char)*p) || *p == '_')
            p++;
          t.kind = TOK_WORD;
        }
      else
        {
          p++;
          t.kind = TOK_PUNCT;
        }
      t.len = (size_t)(p - t.text);
      if (toks->n == toks->alloc)
        {
          toks->alloc = toks->alloc ? 2 * toks->alloc : 4096;
          toks->v = (struct token *)xrealloc (toks->v,
                                              toks->alloc * sizeof *toks->v);
        }
      toks->v[toks->n++] = t;
    }
}

static int
tok_is (const struct token *t, const char *s)
{
  return t->len == strlen (s) && memcmp (t->text, s, t->len) == 0;
}

static int
tok_punct (const struct token *t, char c)
{
  return t->kind == TOK_PUNCT && t->text[0] == c;
}

/* Index after the parenthesis that matches the '(' at I (or N).  */
static size_t
skip_parens (const struct tokens *toks, size_t i)
{
  int depth = 0;
  for (; i < toks->n; i++)
    {
      if (tok_punct (&toks->v[i], '('))
        depth++;
      else if (tok_punct (&toks->v[i], ')') && --depth == 0)
        return i + 1;
    }
  return toks->n;
}

/* Is the word token T the name of an object struct type?  */
static int
object_type_name_p (const struct token *t)
{
  const char *s = t->text;
  size_t n = t->len;
  if (t->kind != TOK_WORD)
    return 0;
  if (tok_is (t, "PyObject") || tok_is (t, "PyVarObject")
      || tok_is (t, "PyWeakReference") || tok_is (t, "_PyWeakReference"))
    return 1;
  if (tok_is (t, "PyDictKeysObject"))
    return 0;
  if (s[0] == '_')
    {
      s++;
      n--;
    }
  return n > 8 && memcmp (s, "Py", 2) == 0
         && memcmp (s + n - 6, "Object", 6) == 0;
}

/* Does the type in tokens [B, E) (a return type or one parameter
   declaration) contain an object pointer type at parenthesis depth 0?  */
static int
object_pointer_in_p (const struct tokens *toks, size_t b, size_t e)
{
  size_t i;
  int depth = 0;
  for (i = b; i < e; i++)
    {
      const struct token *t = &toks->v[i];
      size_t j;
      int stars = 0, is_type = 0;
      if (tok_punct (t, '('))
        {
          depth++;
          continue;
        }
      if (tok_punct (t, ')'))
        {
          depth--;
          continue;
        }
      if (depth != 0 || t->kind != TOK_WORD)
        continue;
      if (tok_is (t, "struct") && i + 1 < e)
        {
          is_type = tok_is (&toks->v[i + 1], "_object")
                    || tok_is (&toks->v[i + 1], "_typeobject");
          i++;
        }
      else
        is_type = object_type_name_p (t);
      if (!is_type)
        continue;
      for (j = i + 1; j < e; j++)
        {
          if (tok_punct (&toks->v[j], '*'))
            stars++;
          else if (!(tok_is (&toks->v[j], "const")
                     || tok_is (&toks->v[j], "volatile")
                     || tok_is (&toks->v[j], "restrict")))
            break;
        }
      if (stars >= 1 && stars <= 2)
        return 1;
    }
  return 0;
}

/* Does the function whose return type is tokens [RB, RE) and whose
   parameter list is tokens [PB, PE) (without the parentheses) involve
   objects?  */
static int
involves_objects_p (const struct tokens *toks, size_t rb, size_t re, size_t pb,
                    size_t pe)
{
  size_t i, start = pb;
  int depth = 0, fnptr = 0;
  if (object_pointer_in_p (toks, rb, re))
    return 1;
  for (i = pb; i <= pe; i++)
    {
      if (i == pe || (depth == 0 && tok_punct (&toks->v[i], ',')))
        {
          if (!fnptr && object_pointer_in_p (toks, start, i))
            return 1;
          start = i + 1;
          fnptr = 0;
          continue;
        }
      if (tok_punct (&toks->v[i], '('))
        {
          /* A function-pointer parameter: its types do not count.  */
          fnptr = 1;
          depth++;
        }
      else if (tok_punct (&toks->v[i], ')'))
        depth--;
    }
  return 0;
}

static void
add_hfunc (struct hfuncs *out, const struct token *name, const char *file)
{
  struct hfunc f;
  f.name = xstrndup (name->text, name->len);
  f.file = xstrndup (file, strlen (file));
  f.line = name->line;
  if (out->n == out->alloc)
    {
      out->alloc = out->alloc ? 2 * out->alloc : 512;
      out->v = (struct hfunc *)xrealloc (out->v, out->alloc * sizeof *out->v);
    }
  out->v[out->n++] = f;
}

/* Attribute macros that may stand between a return type and a name.  */
static int
attribute_word_p (const struct token *t)
{
  return tok_is (t, "_Py_NO_RETURN") || tok_is (t, "Py_DEPRECATED")
         || tok_is (t, "Py_GCC_ATTRIBUTE") || tok_is (t, "__attribute__")
         || tok_is (t, "Py_ALWAYS_INLINE") || tok_is (t, "Py_NO_INLINE");
}

/* Scan the tokens of FILE for functions that involve objects.  */
static void
scan_tokens (const struct tokens *toks, const char *file, int private_too,
             struct hfuncs *out)
{
  size_t i;
  for (i = 0; i < toks->n; i++)
    {
      const struct token *t = &toks->v[i];
      size_t rb, re, j, pb, pe;
      const struct token *name = NULL;
      if (t->kind != TOK_WORD)
        continue;
      if (tok_is (t, "PyAPI_FUNC") && i + 1 < toks->n
          && tok_punct (&toks->v[i + 1], '('))
        {
          rb = i + 2;
          j = skip_parens (toks, i + 1);
          re = j - 1;
          /* Attributes, then NAME or (NAME), then '('.  */
          while (j < toks->n && attribute_word_p (&toks->v[j]))
            {
              j++;
              if (j < toks->n && tok_punct (&toks->v[j], '('))
                j = skip_parens (toks, j);
            }
          if (j < toks->n && tok_punct (&toks->v[j], '('))
            j++;
          if (j >= toks->n || toks->v[j].kind != TOK_WORD)
            continue;
          name = &toks->v[j++];
          if (j < toks->n && tok_punct (&toks->v[j], ')'))
            j++;
          if (j >= toks->n || !tok_punct (&toks->v[j], '('))
            continue;
          pb = j + 1;
          pe = skip_parens (toks, j) - 1;
          i = pe;
        }
      else if (tok_is (t, "static") && i + 1 < toks->n
               && (tok_is (&toks->v[i + 1], "inline")
                   || tok_is (&toks->v[i + 1], "__inline__")))
        {
          /* static inline RET NAME ( PARAMS ) {  */
          rb = i + 2;
          for (j = rb; j < toks->n; j++)
            {
              const struct token *u = &toks->v[j];
              if (attribute_word_p (u))
                {
                  if (j + 1 < toks->n && tok_punct (&toks->v[j + 1], '('))
                    j = skip_parens (toks, j + 1) - 1;
                  continue;
                }
              if (u->kind == TOK_WORD && j + 1 < toks->n
                  && tok_punct (&toks->v[j + 1], '('))
                break;
              if (!(u->kind == TOK_WORD || tok_punct (u, '*')))
                {
                  j = toks->n;
                  break;
                }
            }
          if (j >= toks->n)
            continue;
          name = &toks->v[j];
          re = j;
          pb = j + 2;
          pe = skip_parens (toks, j + 1) - 1;
          if (pe + 1 >= toks->n || !tok_punct (&toks->v[pe + 1], '{'))
            continue;
          i = pe;
        }
      else
        continue;
      if (!private_too && name->text[0] == '_')
        continue;
      if (involves_objects_p (toks, rb, re, pb, pe))
        add_hfunc (out, name, file);
    }
}

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char *const *)a, *(char *const *)b);
}

/* Scan DIR recursively (sorted, so that the output is stable).  */
static int
scan_dir (const char *dir, const char *rel, int private_too, int internal_too,
          struct tokens *toks, struct hfuncs *out)
{
  DIR *d = opendir (dir);
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, alloc = 0, k;
  if (!d)
    {
      fprintf (stderr, "pyrefcheck-db: cannot open %s: %s\n", dir,
               strerror (errno));
      return 0;
    }
  while ((de = readdir (d)) != NULL)
    {
      if (de->d_name[0] == '.')
        continue;
      if (n == alloc)
        {
          alloc = alloc ? 2 * alloc : 64;
          names = (char **)xrealloc (names, alloc * sizeof *names);
        }
      names[n++] = xstrndup (de->d_name, strlen (de->d_name));
    }
  closedir (d);
  qsort (names, n, sizeof *names, compare_strings);
  for (k = 0; k < n; k++)
    {
      size_t plen = strlen (dir) + strlen (names[k]) + 2;
      size_t rlen = strlen (rel) + strlen (names[k]) + 2;
      char *path = (char *)xrealloc (NULL, plen);
      char *relpath = (char *)xrealloc (NULL, rlen);
      struct stat st;
      snprintf (path, plen, "%s/%s", dir, names[k]);
      snprintf (relpath, rlen, "%s%s%s", rel, rel[0] ? "/" : "", names[k]);
      if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
        {
          if (internal_too || strcmp (names[k], "internal") != 0)
            scan_dir (path, relpath, private_too, internal_too, toks, out);
        }
      else if (strlen (names[k]) > 2
               && strcmp (names[k] + strlen (names[k]) - 2, ".h") == 0)
        {
          struct odb_error err;
          FILE *f = fopen (path, "rb");
          char *buf = NULL;
          size_t len = 0, got;
          memset (&err, 0, sizeof err);
          if (!f)
            fprintf (stderr, "pyrefcheck-db: cannot open %s: %s\n", path,
                     strerror (errno));
          else
            {
              char chunk[65536];
              while ((got = fread (chunk, 1, sizeof chunk, f)) > 0)
                {
                  buf = (char *)xrealloc (buf, len + got + 1);
                  memcpy (buf + len, chunk, got);
                  len += got;
                }
              fclose (f);
              buf = (char *)xrealloc (buf, len + 1);
              buf[len] = '\0';
              clean_source (buf);
              tokenize (buf, toks);
              scan_tokens (toks, relpath, private_too, out);
              free (buf);
            }
        }
      free (path);
      free (relpath);
      free (names[k]);
    }
  free (names);
  return 1;
}

static int
compare_hfuncs (const void *a, const void *b)
{
  const struct hfunc *x = (const struct hfunc *)a;
  const struct hfunc *y = (const struct hfunc *)b;
  return strcmp (x->name, y->name);
}

static int
cmd_coverage (int argc, char **argv)
{
  struct odb db;
  struct odb_error err;
  struct tokens toks;
  struct hfuncs funcs;
  const char *headers = NULL;
  unsigned pyver = 0;
  int i, loaded = 0, private_too = 0, internal_too = 0, verbose = 0;
  double min = -1;
  size_t k, m = 0, covered = 0;

  odb_init (&db);
  memset (&err, 0, sizeof err);
  memset (&toks, 0, sizeof toks);
  memset (&funcs, 0, sizeof funcs);
  for (i = 0; i < argc; i++)
    {
      const char *opt = argv[i];
      if (strcmp (opt, "--private") == 0)
        private_too = 1;
      else if (strcmp (opt, "--internal") == 0)
        internal_too = 1;
      else if (strcmp (opt, "--verbose") == 0)
        verbose = 1;
      else if (i + 1 < argc && strcmp (opt, "--headers") == 0)
        headers = argv[++i];
      else if (i + 1 < argc && strcmp (opt, "--min") == 0)
        {
          char *end;
          min = strtod (argv[++i], &end);
          if (*end || min < 0 || min > 100)
            {
              fprintf (stderr, "pyrefcheck-db: bad percentage '%s'\n",
                       argv[i]);
              return 2;
            }
        }
      else if (i + 1 < argc && strcmp (opt, "--python") == 0)
        {
          unsigned maj, min_v;
          char extra;
          if (sscanf (argv[++i], "%u.%u%c", &maj, &min_v, &extra) != 2)
            {
              fprintf (stderr, "pyrefcheck-db: bad version '%s'\n", argv[i]);
              return 2;
            }
          pyver = (maj << 8) | min_v;
        }
      else if (i + 1 < argc && strcmp (opt, "--db") == 0)
        {
          if (!loaded
              && !odb_load_file (&db, PYREFCHECK_DBDIR "/cpython.tbl", &err))
            goto fail;
          loaded = 1;
          if (!odb_load_file (&db, argv[++i], &err))
            goto fail;
        }
      else if (i + 1 < argc && strcmp (opt, "--table") == 0)
        {
          /* Instead of the default table (overlays may follow).  */
          if (!odb_load_file (&db, argv[++i], &err))
            goto fail;
          loaded = 1;
        }
      else
        {
          usage (stderr);
          return 2;
        }
    }
  if (!headers)
    {
      usage (stderr);
      return 2;
    }
  if (!loaded && !odb_load_file (&db, PYREFCHECK_DBDIR "/cpython.tbl", &err))
    goto fail;
  odb_finish (&db);
  if (!scan_dir (headers, "", private_too, internal_too, &toks, &funcs))
    {
      odb_free (&db);
      return 2;
    }
  qsort (funcs.v, funcs.n, sizeof *funcs.v, compare_hfuncs);
  /* Count unique names; remember which are missing.  */
  for (k = 0; k < funcs.n; k++)
    {
      if (k > 0 && strcmp (funcs.v[k].name, funcs.v[k - 1].name) == 0)
        continue;
      m++;
      if (odb_lookup (&db, funcs.v[k].name, pyver))
        covered++;
    }
  printf ("covered %lu of %lu\n", (unsigned long)covered, (unsigned long)m);
  for (k = 0; k < funcs.n; k++)
    {
      if (k > 0 && strcmp (funcs.v[k].name, funcs.v[k - 1].name) == 0)
        continue;
      if (odb_lookup (&db, funcs.v[k].name, pyver))
        continue;
      if (verbose)
        printf ("%s\t%s:%u\n", funcs.v[k].name, funcs.v[k].file,
                funcs.v[k].line);
      else
        printf ("%s\n", funcs.v[k].name);
    }
  for (k = 0; k < funcs.n; k++)
    {
      free (funcs.v[k].name);
      free (funcs.v[k].file);
    }
  free (funcs.v);
  free (toks.v);
  odb_free (&db);
  if (min >= 0 && m > 0 && 100.0 * (double)covered / (double)m < min)
    {
      fprintf (stderr,
               "pyrefcheck-db: coverage %.2f%% is below the minimum %.2f%%\n",
               100.0 * (double)covered / (double)m, min);
      return 1;
    }
  return 0;
fail:
  print_error (&err);
  odb_free (&db);
  return 1;
}

int
main (int argc, char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (strcmp (argv[1], "check") == 0)
    return cmd_check (argc - 2, argv + 2);
  if (strcmp (argv[1], "show") == 0)
    return cmd_show (argc - 2, argv + 2);
  if (strcmp (argv[1], "coverage") == 0)
    return cmd_coverage (argc - 2, argv + 2);
  fprintf (stderr, "pyrefcheck-db: unknown command '%s'\n", argv[1]);
  usage (stderr);
  return 2;
}
