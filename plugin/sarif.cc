/* pyrefcheck: SARIF 2.1.0 logs of a unit's findings.
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

/* With -fplugin-arg-pyrefcheck-sarif=FILE|DIR each finding becomes a
   SARIF result as it is reported; at the end of the unit the log is
   written to a temporary file beside its destination and renamed over
   it, so that a reader never sees half a log.  The JSON is written by
   hand: every string goes through strbuf_json_string, which also replaces
   bytes that are not UTF-8 (a hostile file name) by U+FFFD.  */

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
#include "../triage/sha256.h"

/* What each rule is about, by tag.  A tag missing here (a kind added
   without its line) still gets a rule, with a generic text.  */
static const struct
{
  const char *tag;
  const char *text;
} rule_texts[] = {
  { "pyrefcheck-leak",
    "An owned reference is not released or given away on some path" },
  { "pyrefcheck-refcount-too-low",
    "A reference this function does not own is released, returned, "
    "given to a call that steals it, or stored" },
  { "pyrefcheck-use-after-release",
    "An object is used after the function released its last reference" },
  { "pyrefcheck-null-deref",
    "The NULL an API call returns on failure is dereferenced" },
  { "pyrefcheck-null-without-exception",
    "NULL (or an error value) is returned with no exception set" },
  { "pyrefcheck-format",
    "A PyArg_Parse*, Py_BuildValue or PyObject_CallFunction format and "
    "its arguments disagree" },
  { "pyrefcheck-varargs",
    "Variable arguments without their NULL sentinel, or not as many as "
    "the count says" },
  { "pyrefcheck-method-table",
    "A PyMethodDef entry's flags do not match its function, or the table "
    "has no sentinel" },
  { "pyrefcheck-member-table",
    "A PyMemberDef type code does not match the struct field at its "
    "offset" },
  { "pyrefcheck-gc-untrack",
    "The tp_dealloc of a GC type does not call PyObject_GC_UnTrack" },
  { "pyrefcheck-gil",
    "The C API is called, or an object touched, with the GIL released" },
};

/* The results of the unit, as JSON objects.  */
static vec<char *> results;

/* Return the length of the valid UTF-8 sequence at S (N bytes left), or
   0 if the bytes there are not one (overlong forms and surrogates
   included).  */
static size_t
utf8_sequence_length (const unsigned char *s, size_t n)
{
  unsigned char c = s[0];
  size_t len;
  unsigned char lo = 0x80, hi = 0xbf;
  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf)
    len = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      len = 3;
      lo = c == 0xe0 ? 0xa0 : 0x80;
      hi = c == 0xed ? 0x9f : 0xbf;
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      len = 4;
      lo = c == 0xf0 ? 0x90 : 0x80;
      hi = c == 0xf4 ? 0x8f : 0xbf;
    }
  else
    return 0;
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xbf)
      return 0;
  return len;
}

/* Append the N bytes at S to B as a JSON string: quotes, backslashes and
   control characters escaped, bytes that are not UTF-8 replaced by
   U+FFFD.  */
void
strbuf_json_string (struct strbuf *b, const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  strbuf_add (b, "\"", 1);
  size_t i = 0;
  while (i < n)
    {
      unsigned char c = p[i];
      size_t len = utf8_sequence_length (p + i, n - i);
      if (len == 0)
        {
          strbuf_add (b, "\xef\xbf\xbd", 3);
          i++;
        }
      else if (c == '"' || c == '\\')
        {
          char esc[2] = { '\\', (char)c };
          strbuf_add (b, esc, 2);
          i++;
        }
      else if (c < 0x20 || c == 0x7f)
        {
          const char *named = c == '\n'   ? "\\n"
                              : c == '\t' ? "\\t"
                              : c == '\r' ? "\\r"
                                          : NULL;
          if (named)
            strbuf_puts (b, named);
          else
            strbuf_printf (b, "\\u%04x", c);
          i++;
        }
      else
        {
          strbuf_add (b, s + i, len);
          i += len;
        }
    }
  strbuf_add (b, "\"", 1);
}

void
strbuf_json_cstring (struct strbuf *b, const char *s)
{
  strbuf_json_string (b, s ? s : "", s ? strlen (s) : 0);
}

/* Return the absolute file: URI of FILE (malloc'ed), every byte outside
   RFC 3986's unreserved set and '/' percent-encoded.  */
char *
sarif_file_uri (const char *file)
{
  char *abs = lrealpath (file);
  if (!abs || *abs != '/')
    {
      free (abs);
      abs = *file == '/' ? xstrdup (file)
                         : concat (getpwd (), "/", file, NULL);
    }
  struct strbuf b;
  strbuf_init (&b);
  strbuf_puts (&b, "file://");
  for (const unsigned char *p = (const unsigned char *)abs; *p; p++)
    if (ISALNUM (*p) || strchr ("-._~/", *p))
      strbuf_add (&b, (const char *)p, 1);
    else
      strbuf_printf (&b, "%%%02X", *p);
  free (abs);
  return b.m_text;
}

/* Return the column of byte column COLUMN of LINE of FILE in Unicode
   code points (SARIF has no byte columns); COLUMN when the line cannot
   be read.  */
static int
code_point_column (const char *file, int line, int column)
{
  char_span span = file && line > 0 && regular_file_p (file)
                       ? location_get_source_line (file, line)
                       : char_span (NULL, 0);
  if (!span || column < 1 || (size_t)column - 1 > span.length ())
    return column;
  int cp = 1;
  for (int i = 0; i < column - 1; i++)
    if (((unsigned char)span[i] & 0xc0) != 0x80)
      cp++;
  return cp;
}

/* Append a physicalLocation object for LOC to B.  */
static void
add_physical_location (struct strbuf *b, location_t loc)
{
  expanded_location x = expand_location (loc);
  char *uri = sarif_file_uri (x.file ? x.file : "<unknown>");
  strbuf_puts (b, "{\"artifactLocation\":{\"uri\":");
  strbuf_json_cstring (b, uri);
  strbuf_printf (b, "},\"region\":{\"startLine\":%d", MAX (x.line, 1));
  if (x.column > 0)
    strbuf_printf (b, ",\"startColumn\":%d",
                   code_point_column (x.file, x.line, x.column));
  strbuf_puts (b, "}}");
  free (uri);
}

/* Append the codeFlows of R (every numbered event) to B.  */
static void
add_code_flows (struct strbuf *b, const report_finding &r)
{
  /* The checks beyond reference counts have no path.  */
  if (r.events->is_empty ())
    return;
  strbuf_puts (b, ",\"codeFlows\":[{\"threadFlows\":[{\"locations\":[");
  for (unsigned i = 0; i < r.events->length (); i++)
    {
      const triage_event &e = (*r.events)[i];
      strbuf_puts (b, i ? ",{" : "{");
      strbuf_puts (b, "\"location\":{\"physicalLocation\":");
      add_physical_location (b, e.loc);
      char *text = xasprintf ("(%u) %s", i + 1, e.text);
      strbuf_puts (b, ",\"message\":{\"text\":");
      strbuf_json_cstring (b, text);
      free (text);
      strbuf_puts (b, "}},\"kinds\":[");
      strbuf_json_cstring (b, e.kind);
      strbuf_printf (b, "],\"nestingLevel\":0,\"executionOrder\":%u}", i + 1);
    }
  strbuf_puts (b, "]}]}]");
}

/* Append the triage verdict of R as properties to B.  */
static void
add_verdict (struct strbuf *b, const triage_verdict &v)
{
  static const char *const keys[]
      = { "verdict", "explanation", "fix", "reason_code", "model", "note" };
  const char *values[]
      = { v.verdict, v.explanation, v.fix, v.reason, v.model, v.note };
  strbuf_puts (b, ",\"properties\":{\"triage\":{");
  bool first = true;
  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    if (values[i] && (*values[i] || i == 0))
      {
        strbuf_printf (b, "%s\"%s\":", first ? "" : ",", keys[i]);
        strbuf_json_cstring (b, values[i]);
        first = false;
      }
  strbuf_puts (b, "}}");
}

/* Record the finding R as a result of the unit's log.  */
void
sarif_add_result (const report_finding &r)
{
  struct strbuf b;
  strbuf_init (&b);
  strbuf_puts (&b, "{\"ruleId\":");
  strbuf_json_cstring (&b, r.tag);
  strbuf_printf (&b, ",\"level\":\"%s\",\"message\":{\"text\":",
                 r.error ? "error" : "warning");
  strbuf_json_cstring (&b, r.message);
  strbuf_puts (&b, "},\"locations\":[{\"physicalLocation\":");
  add_physical_location (&b, r.loc);
  /* A table entry is in no function.  */
  if (*r.function)
    {
      strbuf_puts (&b, ",\"logicalLocations\":[{\"name\":");
      strbuf_json_cstring (&b, r.function);
      strbuf_puts (&b, ",\"kind\":\"function\"}]");
    }
  strbuf_puts (&b, "}]");
  strbuf_printf (&b, ",\"partialFingerprints\":{\"pyrefcheck/v1\":\"%s\"}",
                 r.fingerprint);
  add_code_flows (&b, r);
  if (r.state == REPORT_SUPPRESSED)
    {
      strbuf_puts (&b, ",\"suppressions\":[{\"kind\":\"inSource\","
                       "\"justification\":");
      strbuf_json_cstring (&b, r.justification);
      strbuf_puts (&b, "}]");
    }
  if (pyrefcheck_opts.baseline)
    strbuf_printf (&b, ",\"baselineState\":\"%s\"",
                   r.state == REPORT_BASELINED ? "unchanged" : "new");
  if (r.verdict)
    add_verdict (&b, *r.verdict);
  strbuf_puts (&b, "}");
  results.safe_push (b.m_text);
}

/* Return the text of the rule of TAG.  */
static const char *
rule_text (const char *tag)
{
  for (size_t i = 0; i < ARRAY_SIZE (rule_texts); i++)
    if (strcmp (rule_texts[i].tag, tag) == 0)
      return rule_texts[i].text;
  return "A finding of pyrefcheck";
}

/* Append the log (one run) to B.  */
static void
make_log (struct strbuf *b)
{
  strbuf_puts (b, "{\"$schema\":\"https://docs.oasis-open.org/sarif/sarif/"
                  "v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\","
                  "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
                  "\"name\":\"pyrefcheck\",\"version\":\"" PYREFCHECK_VERSION
                  "\",\"rules\":[");
  for (int k = 0; k < FK_MAX; k++)
    {
      strbuf_puts (b, k ? ",\n{\"id\":" : "\n{\"id\":");
      strbuf_json_cstring (b, finding_tags[k]);
      strbuf_puts (b, ",\"name\":");
      strbuf_json_cstring (b, finding_tags[k]);
      strbuf_puts (b, ",\"shortDescription\":{\"text\":");
      strbuf_json_cstring (b, rule_text (finding_tags[k]));
      strbuf_puts (b, "},\"defaultConfiguration\":{\"level\":\"warning\"}}");
    }
  strbuf_puts (b, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
  for (unsigned i = 0; i < results.length (); i++)
    {
      strbuf_puts (b, i ? ",\n" : "\n");
      strbuf_puts (b, results[i]);
    }
  strbuf_puts (b, "]}]}\n");
}

/* Return the file name, in directory DIR, of the log of this unit: the
   main input's base name (bytes other than letters, digits, '.', '-' and
   '_' made '_') and a hash of its absolute name and of the output's dump
   base, so that units compiled at once (make -j), even of files with the
   same name, never write the same file, and a rebuild replaces its own
   log.  */
static char *
unit_log_name (const char *dir)
{
  const char *input = main_input_filename ? main_input_filename : "stdin";
  char *abs = sarif_file_uri (input);
  char *key = concat (abs, "\n", dump_dir_name ? dump_dir_name : "", "\n",
                      dump_base_name ? dump_base_name : "", NULL);
  char hex[65];
  sha256_hex (key, strlen (key), hex);
  hex[16] = '\0';
  free (abs);
  free (key);
  /* At most 100 bytes of the name (the hash keeps names apart), so that
     NAME.HASH.sarif.tmpPID fits a file system's 255.  */
  char *base = xstrndup (lbasename (input), 100);
  for (char *p = base; *p; p++)
    if (!ISALNUM (*p) && !strchr (".-_", *p))
      *p = '_';
  size_t dlen = strlen (dir);
  char *name = concat (dir, dlen && dir[dlen - 1] == '/' ? "" : "/", base, ".",
                       hex, ".sarif", NULL);
  free (base);
  return name;
}

/* Write the LEN bytes of TEXT to the new file TMP.  Return 0, or an
   errno value.  */
static int
write_file (const char *tmp, const char *text, size_t len)
{
  int fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return errno;
  int err = 0;
  while (len && !err)
    {
      ssize_t n = write (fd, text, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        err = n < 0 ? errno : ENOSPC;
      else
        text += n, len -= n;
    }
  if (close (fd) != 0 && !err)
    err = errno;
  return err;
}

/* Write the unit's log to DEST: a file, or a directory (an existing one,
   or a name ending in '/').  Return false after reporting an error.  */
bool
sarif_write (const char *dest)
{
  struct stat st;
  size_t dlen = strlen (dest);
  bool dir = (dlen && dest[dlen - 1] == '/')
             || (stat (dest, &st) == 0 && S_ISDIR (st.st_mode));
  char *path = dir ? unit_log_name (dest) : xstrdup (dest);
  struct strbuf b;
  strbuf_init (&b);
  make_log (&b);
  char *tmp = xasprintf ("%s.tmp%ld", path, (long)getpid ());
  int err = b.m_failed ? ENOMEM : write_file (tmp, b.m_text, b.m_len);
  if (err == EEXIST)
    {
      /* Left by a process that died, with our pid.  */
      unlink (tmp);
      err = write_file (tmp, b.m_text, b.m_len);
    }
  if (!err && rename (tmp, path) != 0)
    err = errno;
  if (err)
    {
      unlink (tmp);
      error ("pyrefcheck: cannot write the SARIF log %qs: %s", path,
             xstrerror (err));
    }
  free (tmp);
  free (path);
  free (b.m_text);
  for (unsigned i = 0; i < results.length (); i++)
    free (results[i]);
  results.truncate (0);
  return !err;
}
