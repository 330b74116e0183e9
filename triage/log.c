/* Messages of pyrefcheck-triaged, with secrets redacted.
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

#include "triaged.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The API key, never to be printed.  */
static char *secret;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void
log_set_secret (const char *s)
{
  free (secret);
  secret = s && strlen (s) >= 4 ? strdup (s) : NULL;
}

/* Replace every occurrence of the secret in TEXT by "[redacted]" (or
   '*' when that does not fit).  */
void
redact (char *text)
{
  char *p;
  size_t n;
  if (!secret)
    return;
  n = strlen (secret);
  while ((p = strstr (text, secret)) != NULL)
    {
      if (n >= 10)
        {
          memcpy (p, "[redacted]", 10);
          memmove (p + 10, p + n, strlen (p + n) + 1);
        }
      else
        memset (p, '*', n);
    }
}

/* Send the messages to PATH (appended) instead of stderr.  */
int
log_to_file (const char *path)
{
  return freopen (path, "a", stderr) != NULL;
}

/* Print a message: "pyrefcheck-triaged: TIME: TEXT".  */
void
tlog (const char *fmt, ...)
{
  char text[2048], stamp[32];
  time_t t = time (NULL);
  struct tm tm;
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (text, sizeof text, fmt, ap);
  va_end (ap);
  redact (text);
  localtime_r (&t, &tm);
  strftime (stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
  pthread_mutex_lock (&log_lock);
  fprintf (stderr, "pyrefcheck-triaged: %s: %s\n", stamp, text);
  fflush (stderr);
  pthread_mutex_unlock (&log_lock);
}
