/* The verdict cache on disk, and baselines.
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

/* The cache is an append-only log, DIR/verdicts.log: a header line, then
   one record per line, "<SHA-256 of the payload in hex> <payload>\n",
   the payload a JSON object.  A record is appended with one write and
   fdatasync under an exclusive flock, so a daemon killed mid-write leaves
   at worst a torn last record: on loading, a record that is incomplete
   or whose checksum does not match is never served, is reported, and the
   log is rewritten without it (temporary file, fsync, rename).  Verdicts
   are indexed in memory (a jansson object: key -> payload).  A write
   that fails (disk full) is undone with ftruncate and reported; the
   verdict is still served from memory.  */

#include "triaged.h"
#include "sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_HEADER "pyrefcheck-triage-cache 1\n"

struct cache
{
  char *m_path;
  /* The log, open for appending; -1 when it cannot be written.  */
  int m_fd;
  json_t *m_index;
  size_t m_torn;
};

/* Return the payload of the record LINE (LEN bytes, no newline), or NULL
   if its checksum does not match or it is not a verdict.  */
static json_t *
parse_record (const char *line, size_t len)
{
  char hex[65];
  json_t *payload;
  if (len < 66 || line[64] != ' ')
    return NULL;
  sha256_hex (line + 65, len - 65, hex);
  if (memcmp (hex, line, 64) != 0)
    return NULL;
  payload = json_loadb (line + 65, len - 65, 0, NULL);
  if (!json_is_string (json_object_get (payload, "key"))
      || !json_is_string (json_object_get (payload, "verdict")))
    {
      json_decref (payload);
      return NULL;
    }
  return payload;
}

/* Index the records of TEXT (SIZE bytes, after the header) into CACHE;
   count the bad ones.  Return the offset just after the last good
   record.  */
static size_t
load_records (struct cache *cache, const char *text, size_t size, size_t start)
{
  size_t pos = start, good_end = start;
  while (pos < size)
    {
      const char *eol = memchr (text + pos, '\n', size - pos);
      size_t len = eol ? (size_t)(eol - (text + pos)) : size - pos;
      json_t *payload = eol ? parse_record (text + pos, len) : NULL;
      if (payload)
        {
          const char *key
              = json_string_value (json_object_get (payload, "key"));
          json_object_set_new (cache->m_index, key, payload); /* steals */
          good_end = pos + len + 1;
        }
      else
        cache->m_torn++;
      pos += len + 1;
    }
  return good_end;
}

/* Return the log text of CACHE's index (malloc'ed), header first.  */
static char *
serialize_index (struct cache *cache)
{
  struct strbuf sb;
  const char *key;
  json_t *payload;
  strbuf_init (&sb);
  strbuf_puts (&sb, CACHE_HEADER);
  json_object_foreach (cache->m_index, key, payload)
  {
    char *text = json_dumps (payload, JSON_COMPACT | JSON_SORT_KEYS);
    char hex[65];
    if (!text)
      continue;
    sha256_hex (text, strlen (text), hex);
    strbuf_printf (&sb, "%s %s\n", hex, text);
    free (text);
  }
  return strbuf_finish (&sb);
}

/* Rewrite CACHE's log from its index, dropping torn records; GOOD_END is
   where the last good record ends, to truncate to if rewriting fails.  */
static void
repair_log (struct cache *cache, size_t good_end)
{
  char *text = serialize_index (cache);
  char err[300];
  if (text
      && write_file_atomic (cache->m_path, text, strlen (text), err,
                            sizeof err))
    {
      close (cache->m_fd);
      cache->m_fd = open (cache->m_path, O_RDWR | O_APPEND | O_CLOEXEC);
      tlog ("cache %s: rewritten without the bad records", cache->m_path);
    }
  else if (ftruncate (cache->m_fd, (off_t)good_end) == 0)
    tlog ("cache %s: %s; truncated after the last good record instead",
          cache->m_path, text ? err : "out of memory");
  else
    {
      tlog ("cache %s: cannot repair it (%s); verdicts will not be saved",
            cache->m_path, strerror (errno));
      close (cache->m_fd);
      cache->m_fd = -1;
    }
  free (text);
}

/* Read and index CACHE's log, repairing it if needed.  */
static int
load_log (struct cache *cache, char *err, size_t len)
{
  size_t size, start = strlen (CACHE_HEADER), good_end;
  char *text;
  flock (cache->m_fd, LOCK_EX);
  text = read_fd (cache->m_fd, &size);
  if (!text)
    {
      flock (cache->m_fd, LOCK_UN);
      return snprintf (err, len, "cannot read %s: %s", cache->m_path,
                       strerror (errno)),
             0;
    }
  if (size == 0 && write (cache->m_fd, CACHE_HEADER, start) != (ssize_t)start)
    tlog ("cache %s: cannot write: %s", cache->m_path, strerror (errno));
  else if (size && (size < start || memcmp (text, CACHE_HEADER, start) != 0))
    {
      tlog ("cache %s: not a verdict cache of this version; starting afresh",
            cache->m_path);
      cache->m_torn++;
      repair_log (cache, 0);
    }
  else if (size)
    {
      good_end = load_records (cache, text, size, start);
      if (cache->m_torn)
        {
          tlog ("cache %s: %zu torn or corrupt record%s ignored; %zu "
                "verdicts kept",
                cache->m_path, cache->m_torn, cache->m_torn == 1 ? "" : "s",
                json_object_size (cache->m_index));
          repair_log (cache, good_end);
        }
    }
  if (cache->m_fd >= 0)
    flock (cache->m_fd, LOCK_UN);
  free (text);
  return 1;
}

/* Open (creating it) the cache in DIR.  Return NULL with ERR filled if it
   cannot be used at all.  */
struct cache *
cache_open (const char *dir, char *err, size_t len)
{
  struct cache *cache = calloc (1, sizeof *cache);
  struct stat st;
  if (!cache || !mkdir_p (dir, 0700, err, len))
    return free (cache), NULL;
  cache->m_index = json_object ();
  if (asprintf (&cache->m_path, "%s/verdicts.log", dir) < 0)
    cache->m_path = NULL;
  cache->m_fd = cache->m_path
                    ? open (cache->m_path,
                            O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600)
                    : -1;
  if (cache->m_fd < 0 || fstat (cache->m_fd, &st) != 0
      || !S_ISREG (st.st_mode))
    {
      snprintf (err, len, "cannot open the cache %s/verdicts.log: %s", dir,
                cache->m_fd < 0 ? strerror (errno) : "not a regular file");
      cache_close (cache);
      return NULL;
    }
  if (!load_log (cache, err, len))
    {
      cache_close (cache);
      return NULL;
    }
  return cache;
}

void
cache_close (struct cache *cache)
{
  if (!cache)
    return;
  if (cache->m_fd >= 0)
    close (cache->m_fd);
  json_decref (cache->m_index);
  free (cache->m_path);
  free (cache);
}

/* The index of CACHE: key -> stored entry (borrowed).  */
json_t *
cache_entries (struct cache *cache)
{
  return cache->m_index;
}

/* Return a new verdict object from the stored ENTRY (of the cache or a
   baseline), its line made absolute with FIRST_LINE.  */
json_t *
entry_verdict (json_t *entry, long first_line)
{
  json_t *v = json_pack ("{s:O, s:O, s:O, s:O}", "verdict",
                         json_object_get (entry, "verdict"), "reason_code",
                         json_object_get (entry, "reason_code"), "explanation",
                         json_object_get (entry, "explanation"), "fix",
                         json_object_get (entry, "fix"));
  json_t *offset = json_object_get (entry, "line_offset");
  if (v && json_is_integer (offset))
    json_object_set_new (
        v, "line",
        json_integer (first_line + json_integer_value (offset))); /* steals */
  return v;
}

size_t
cache_count (struct cache *cache)
{
  return json_object_size (cache->m_index);
}

size_t
cache_torn (struct cache *cache)
{
  return cache->m_torn;
}

/* Return the cached verdict of KEY (a new object), or NULL.  */
json_t *
cache_lookup (struct cache *cache, const char *key, long first_line)
{
  json_t *entry = json_object_get (cache->m_index, key);
  return entry ? entry_verdict (entry, first_line) : NULL;
}

/* Return the stored form of VERDICT (a new object).  */
static json_t *
make_entry (const char *key, const char *fingerprint, json_t *verdict,
            long first_line)
{
  json_t *line = json_object_get (verdict, "line");
  const char *fix = json_string_value (json_object_get (verdict, "fix"));
  const char *model = json_string_value (json_object_get (verdict, "model"));
  json_t *e = json_pack (
      "{s:s, s:s, s:O, s:O, s:O, s:s, s:s}", "key", key, "fingerprint",
      fingerprint, "verdict", json_object_get (verdict, "verdict"),
      "reason_code", json_object_get (verdict, "reason_code"), "explanation",
      json_object_get (verdict, "explanation"), "fix", fix ? fix : "", "model",
      model ? model : "");
  if (e && json_is_integer (line))
    json_object_set_new (
        e, "line_offset",
        json_integer (json_integer_value (line) - first_line)); /* steals */
  return e;
}

/* Append the record of ENTRY to CACHE's log; report a failure.  */
static void
append_record (struct cache *cache, json_t *entry)
{
  char *text = json_dumps (entry, JSON_COMPACT | JSON_SORT_KEYS), *line;
  char hex[65];
  struct stat st;
  if (!text || cache->m_fd < 0)
    return free (text);
  sha256_hex (text, strlen (text), hex);
  if (asprintf (&line, "%s %s\n", hex, text) < 0)
    return free (text);
  flock (cache->m_fd, LOCK_EX);
  if (fstat (cache->m_fd, &st) != 0)
    tlog ("cache %s: %s", cache->m_path, strerror (errno));
  else if (!write_all (cache->m_fd, line, strlen (line))
           || fdatasync (cache->m_fd) != 0)
    {
      tlog ("cache %s: cannot save a verdict (%s); it is served, not saved",
            cache->m_path, strerror (errno));
      /* Undo a partial record, so that the next one starts a line.  */
      if (ftruncate (cache->m_fd, st.st_size) != 0)
        tlog ("cache %s: cannot undo the partial write: %s", cache->m_path,
              strerror (errno));
    }
  flock (cache->m_fd, LOCK_UN);
  free (line);
  free (text);
}

/* Store VERDICT (borrowed; its "model" is recorded) under KEY in CACHE,
   in memory and on disk.  */
void
cache_store (struct cache *cache, const char *key, const char *fingerprint,
             json_t *verdict, long first_line)
{
  json_t *entry = make_entry (key, fingerprint, verdict, first_line);
  if (!entry)
    return;
  errno = 0;
  append_record (cache, entry);
  json_object_set_new (cache->m_index, key, entry); /* steals */
}
