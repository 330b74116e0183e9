/* Growing strings: shared by the daemon and the plugin.
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

#ifndef PYREFCHECK_STRBUF_H
#define PYREFCHECK_STRBUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C"
{
#endif

  /* A growing string.  On allocation failure it keeps what it had and sets
     M_FAILED.  */
  struct strbuf
  {
    char *m_text;
    size_t m_len, m_cap;
    int m_failed;
  };

  void strbuf_init (struct strbuf *sb);
  void strbuf_add (struct strbuf *sb, const char *text, size_t len);
  void strbuf_puts (struct strbuf *sb, const char *text);
  void strbuf_printf (struct strbuf *sb, const char *fmt, ...)
      __attribute__ ((format (printf, 2, 3)));
  char *strbuf_finish (struct strbuf *sb);

#ifdef __cplusplus
}
#endif

#endif /* PYREFCHECK_STRBUF_H */
