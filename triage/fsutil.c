/* Durable file operations.
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

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Create the directory PATH and its parents with MODE (existing ones are
   left alone).  */
int
mkdir_p (const char *path, unsigned mode, char *err, size_t len)
{
  char buf[4096];
  char *p;
  if (snprintf (buf, sizeof buf, "%s", path) >= (int)sizeof buf)
    return snprintf (err, len, "%.100s...: name too long", path), 0;
  for (p = buf + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (buf, mode) != 0 && errno != EEXIST)
          return snprintf (err, len, "cannot create %s: %s", buf,
                           strerror (errno)),
                 0;
        *p = '/';
      }
  if (mkdir (buf, mode) != 0 && errno != EEXIST)
    return snprintf (err, len, "cannot create %s: %s", buf, strerror (errno)),
           0;
  return 1;
}

/* Write all SIZE bytes of DATA to FD; on failure errno says why.  */
int
write_all (int fd, const char *data, size_t size)
{
  while (size)
    {
      ssize_t n = write (fd, data, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return 0;
        }
      data += n;
      size -= (size_t)n;
    }
  return 1;
}

/* fsync the directory that holds PATH, so that a rename in it is
   durable.  */
static void
sync_dir_of (const char *path)
{
  char buf[4096];
  int fd;
  snprintf (buf, sizeof buf, "%s", path);
  fd = open (dirname (buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* Replace PATH by DATA (SIZE bytes) so that a crash leaves either the old
   file or the new one: write a temporary file, fsync it, rename it.  */
int
write_file_atomic (const char *path, const char *data, size_t size, char *err,
                   size_t len)
{
  char tmp[4200];
  int fd;
  snprintf (tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid ());
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return snprintf (err, len, "cannot create %s: %s", tmp, strerror (errno)),
           0;
  if (!write_all (fd, data, size) || fsync (fd) != 0)
    goto out_unlink;
  if (close (fd) != 0)
    {
      fd = -1;
      goto out_unlink;
    }
  if (rename (tmp, path) != 0)
    {
      fd = -1;
      goto out_unlink;
    }
  sync_dir_of (path);
  return 1;
out_unlink:
  snprintf (err, len, "cannot write %s: %s", path, strerror (errno));
  if (fd >= 0)
    close (fd);
  unlink (tmp);
  return 0;
}

/* Read what is left of FD into a NUL-terminated buffer (malloc'ed); set
 *SIZE.  Return NULL on failure, with errno set.  */
char *
read_fd (int fd, size_t *size)
{
  size_t cap = 65536, used = 0;
  char *buf = malloc (cap + 1), *more;
  ssize_t n;
  while (buf)
    {
      if (used == cap)
        {
          more = realloc (buf, 2 * cap + 1);
          if (!more)
            break;
          buf = more;
          cap *= 2;
        }
      n = read (fd, buf + used, cap - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      if (n == 0)
        {
          buf[used] = '\0';
          *size = used;
          return buf;
        }
      used += (size_t)n;
    }
  free (buf);
  return NULL;
}
