/* Growing strings.
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

#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
strbuf_init (struct strbuf *sb)
{
  memset (sb, 0, sizeof *sb);
}

/* Make room for N more bytes and the NUL in SB.  */
static int
reserve (struct strbuf *sb, size_t n)
{
  size_t cap = sb->m_cap ? sb->m_cap : 256;
  char *text;
  if (sb->m_failed)
    return 0;
  if (sb->m_len + n + 1 <= sb->m_cap)
    return 1;
  while (cap < sb->m_len + n + 1)
    cap *= 2;
  text = realloc (sb->m_text, cap);
  if (!text)
    {
      sb->m_failed = 1;
      return 0;
    }
  sb->m_text = text;
  sb->m_cap = cap;
  return 1;
}

void
strbuf_add (struct strbuf *sb, const char *text, size_t len)
{
  if (!reserve (sb, len))
    return;
  memcpy (sb->m_text + sb->m_len, text, len);
  sb->m_len += len;
  sb->m_text[sb->m_len] = '\0';
}

void
strbuf_puts (struct strbuf *sb, const char *text)
{
  strbuf_add (sb, text, strlen (text));
}

void
strbuf_printf (struct strbuf *sb, const char *fmt, ...)
{
  va_list ap;
  int n;
  va_start (ap, fmt);
  n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n < 0 || !reserve (sb, (size_t)n))
    return;
  va_start (ap, fmt);
  vsnprintf (sb->m_text + sb->m_len, (size_t)n + 1, fmt, ap);
  va_end (ap);
  sb->m_len += (size_t)n;
}

/* Return SB's text (malloc'ed; the caller frees it), or NULL if an
   allocation failed.  SB is left empty.  */
char *
strbuf_finish (struct strbuf *sb)
{
  char *text = sb->m_text;
  if (sb->m_failed)
    {
      free (text);
      text = NULL;
    }
  else if (!text)
    text = strdup ("");
  strbuf_init (sb);
  return text;
}
