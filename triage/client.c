/* The client of pyrefcheck-triaged, for the GCC plugin.
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

/* Everything here runs inside the compiler: it must never hang (every
   wait is a poll against the one deadline), never kill the compiler
   (MSG_NOSIGNAL), and say clearly what went wrong.  */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "client.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Largest reply read, in bytes.  */
#define MAX_REPLY (16 * 1024 * 1024)

/* The monotonic clock, in ms.  */
static long long
clock_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep MS milliseconds (less if a signal comes).  */
static void
nap (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

/* Return the ms left until DEADLINE (at least 0).  */
static int
left_ms (long long deadline)
{
  long long t = deadline - clock_ms ();
  return t < 0 ? 0 : (t > 3600000 ? 3600000 : (int)t);
}

void
triage_client_options_init (struct triage_client_options *opts)
{
  memset (opts, 0, sizeof *opts);
  opts->timeout_ms = 20000;
}

char *
triage_client_default_socket (void)
{
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  char buf[4096];
  if (xdg && *xdg == '/')
    snprintf (buf, sizeof buf, "%s/pyrefcheck/triaged.sock", xdg);
  else
    snprintf (buf, sizeof buf, "/tmp/pyrefcheck-%lu/triaged.sock",
              (unsigned long)getuid ());
  return strdup (buf);
}

/* Connect to PATH once.  Return the socket, or -1 with errno set.  */
static int
connect_once (const char *path)
{
  struct sockaddr_un addr;
  int fd, saved;
  memset (&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen (path) >= sizeof addr.sun_path)
    return errno = ENAMETOOLONG, -1;
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return -1;
  if (connect (fd, (struct sockaddr *)&addr, sizeof addr) == 0)
    return fd;
  saved = errno;
  close (fd);
  errno = saved;
  return -1;
}

/* Write into BUF (LEN bytes) the daemon program of OPTS to run.  */
static void
find_daemon (const struct triage_client_options *opts, char *buf, size_t len)
{
  const char *env = getenv ("PYREFCHECK_TRIAGED");
  Dl_info info;
  char self[4000], candidate[4096];
  if (opts->daemon_program && *opts->daemon_program)
    snprintf (buf, len, "%s", opts->daemon_program);
  else if (env && *env)
    snprintf (buf, len, "%s", env);
  else
    {
      snprintf (buf, len, "pyrefcheck-triaged");
      if (!dladdr ((void *)&triage_client_request, &info) || !info.dli_fname
          || !strchr (info.dli_fname, '/'))
        return;
      snprintf (self, sizeof self, "%s", info.dli_fname);
      snprintf (candidate, sizeof candidate, "%s/pyrefcheck-triaged",
                dirname (self));
      if (access (candidate, X_OK) == 0)
        snprintf (buf, len, "%s", candidate);
    }
}

/* In the child: run PROGRAM --daemon --socket PATH [ARGS], silently.  */
static void
exec_daemon (const char *program, const char *path, const char *const *args)
{
  const char *argv[64];
  int n = 0, null = open ("/dev/null", O_RDWR);
  if (null >= 0)
    {
      dup2 (null, 0);
      dup2 (null, 1);
      dup2 (null, 2);
    }
  argv[n++] = program;
  argv[n++] = "--daemon";
  argv[n++] = "--socket";
  argv[n++] = path;
  while (args && *args && n < 63)
    argv[n++] = *args++;
  argv[n] = NULL;
  execvp (program, (char *const *)argv);
  _exit (127);
}

/* Start the daemon of OPTS on PATH; wait (until DEADLINE) for its
   foreground process, which exits once the socket is ready.  */
static int
start_daemon (const struct triage_client_options *opts, const char *path,
              long long deadline, char *err, size_t len)
{
  char program[4096];
  int status = 0;
  pid_t pid, r;
  find_daemon (opts, program, sizeof program);
  pid = fork ();
  if (pid < 0)
    return snprintf (err, len, "cannot start %s: %s", program,
                     strerror (errno)),
           0;
  if (pid == 0)
    exec_daemon (program, path, opts->daemon_args);
  while ((r = waitpid (pid, &status, WNOHANG)) == 0 && left_ms (deadline))
    nap (5);
  if (r == pid && WIFEXITED (status) && WEXITSTATUS (status) != 0)
    return snprintf (err, len,
                     "cannot start the triage daemon %s (exit status %d; "
                     "run it by hand to see why)",
                     program, WEXITSTATUS (status)),
           0;
  return 1;
}

/* Connect to the daemon of OPTS on PATH by DEADLINE, starting it if it
   is absent and OPTS allow.  Return the socket or -1 with ERR filled.  */
static int
connect_daemon (const struct triage_client_options *opts, const char *path,
                long long deadline, char *err, size_t len)
{
  int started = 0, fd;
  for (;;)
    {
      fd = connect_once (path);
      if (fd >= 0)
        return fd;
      if (errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN)
        break;
      if (opts->autostart && !started && errno != EAGAIN)
        {
          started = 1;
          if (!start_daemon (opts, path, deadline, err, len))
            return -1;
          continue;
        }
      if ((errno != EAGAIN && !started) || !left_ms (deadline))
        break;
      nap (10);
    }
  snprintf (err, len, "cannot connect to the triage daemon at %s: %s%s", path,
            strerror (errno),
            opts->autostart ? "" : " (is pyrefcheck-triaged running?)");
  return -1;
}

/* Send TEXT and a newline on FD by DEADLINE.  */
static int
send_line (int fd, const char *text, long long deadline, char *err, size_t len)
{
  size_t n = strlen (text) + 1, done = 0;
  struct pollfd p = { fd, POLLOUT, 0 };
  while (done < n)
    {
      const char *from = done < n - 1 ? text + done : "\n";
      size_t chunk = done < n - 1 ? n - 1 - done : 1;
      ssize_t k = send (fd, from, chunk, MSG_NOSIGNAL);
      if (k > 0)
        done += (size_t)k;
      else if (k < 0 && errno != EAGAIN && errno != EINTR)
        return snprintf (err, len, "cannot send to the triage daemon: %s",
                         strerror (errno)),
               0;
      else if (poll (&p, 1, left_ms (deadline)) == 0)
        return snprintf (err, len,
                         "the triage daemon took no request "
                         "within the timeout"),
               0;
    }
  return 1;
}

/* Read one line from FD by DEADLINE into a new string.  */
static char *
read_line (int fd, long long deadline, char *err, size_t len)
{
  size_t used = 0, cap = 4096;
  char *buf = malloc (cap), *more;
  struct pollfd p = { fd, POLLIN, 0 };
  ssize_t k;
  while (buf)
    {
      if (used + 1 >= cap)
        {
          more = cap < MAX_REPLY ? realloc (buf, cap * 2) : NULL;
          if (!more)
            break;
          buf = more;
          cap *= 2;
        }
      k = recv (fd, buf + used, cap - used - 1, 0);
      if (k > 0
          && (used += (size_t)k, memchr (buf + used - k, '\n', (size_t)k)))
        return buf[used] = '\0', buf;
      if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
        {
          snprintf (err, len,
                    "the triage daemon closed the connection before "
                    "replying (it may have crashed or been stopped)%s%s",
                    k ? ": " : "", k ? strerror (errno) : "");
          return free (buf), NULL;
        }
      if (k < 0 && poll (&p, 1, left_ms (deadline)) == 0)
        {
          snprintf (err, len,
                    "no reply from the triage daemon within the "
                    "timeout");
          return free (buf), NULL;
        }
    }
  snprintf (err, len, "reply from the triage daemon too long");
  return free (buf), NULL;
}

/* Return REPLY_TEXT parsed, or NULL with ERR filled.  */
static json_t *
parse_reply (const char *text, char *err, size_t len)
{
  json_error_t jerr;
  json_t *reply = json_loads (text, 0, &jerr);
  const char *type = json_string_value (json_object_get (reply, "type"));
  if (!json_is_object (reply))
    snprintf (err, len, "the triage daemon's reply is not JSON: %s",
              jerr.text);
  else if (type && strcmp (type, "error") == 0)
    snprintf (err, len, "the triage daemon refused the request: %s",
              json_string_value (json_object_get (reply, "error")));
  else
    return reply;
  json_decref (reply);
  return NULL;
}

json_t *
triage_client_request (const struct triage_client_options *opts,
                       json_t *request, char *err, size_t len)
{
  long long deadline
      = clock_ms () + (opts->timeout_ms > 0 ? opts->timeout_ms : 0);
  char *path = opts->socket_path ? strdup (opts->socket_path)
                                 : triage_client_default_socket ();
  json_t *copy = json_copy (request), *reply = NULL;
  char *text = NULL, *line = NULL;
  int fd = -1;
  if (!path || !copy)
    {
      snprintf (err, len, "out of memory");
      goto out_free;
    }
  if (!json_object_get (copy, "protocol"))
    json_object_set_new (copy, "protocol", json_integer (1)); /* steals */
  text = json_dumps (copy, JSON_COMPACT);
  fd = text ? connect_daemon (opts, path, deadline, err, len) : -1;
  if (fd >= 0 && send_line (fd, text, deadline, err, len)
      && (line = read_line (fd, deadline, err, len)) != NULL)
    reply = parse_reply (line, err, len);
out_free:
  if (fd >= 0)
    close (fd);
  free (line);
  free (text);
  json_decref (copy);
  free (path);
  return reply;
}
