/* The daemon's poll loop: connections, requests, replies.
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

/* One thread runs this loop: it accepts connections, reads request lines,
   answers from the baseline, the cache or the offline backend at once,
   and otherwise hands the triage to the workers (queue.c).  Identical
   requests in flight share one job (coalescing); at most M_QUEUE_MAX
   distinct jobs are in flight, past which a request is answered
   "untriaged" (busy) rather than queued.  Each waiting request has its
   own deadline, past which it is answered "untriaged" while the job goes
   on, so that its verdict is cached for the next build.  */

#include "config.h"
#include "triaged.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Most connections at once, and most output queued on one.  */
#define MAX_CONNS 512
#define MAX_OUTPUT (64 * 1024 * 1024)

/* A connection that waits for nothing and sends nothing for this long is
   closed, so that a stuck client keeps no daemon from its idle exit.  */
#define CONN_IDLE_MS 60000

/* Default and largest deadline_ms of a request.  */
#define DEFAULT_DEADLINE_MS 20000
#define MAX_DEADLINE_MS 600000

struct conn
{
  int m_fd;
  char *m_in;
  size_t m_in_len, m_in_cap;
  char *m_out;
  size_t m_out_len, m_out_cap;
  /* The peer sent EOF; the fd was closed (the struct waits for its
     waiters).  */
  int m_eof, m_dead;
  /* Requests of this connection waiting for a job.  */
  unsigned m_pending;
  /* When it last sent something (monotonic ms).  */
  long long m_last;
  struct conn *m_next;
};

/* A request waiting for a job.  */
struct waiter
{
  struct conn *m_conn;
  json_t *m_request;
  long long m_deadline;
  struct waiter *m_next;
};

/* A job in flight, as the server sees it.  */
struct flight
{
  struct job *m_job;
  char m_key[65], m_fp[65];
  long m_first_line;
  struct waiter *m_waiters;
  struct flight *m_next;
};

static const struct triage_config *cfg;
static struct cache *cache;
static json_t *baseline;
static struct conn *conns;
static size_t n_conns;
static struct flight *flights;
static size_t n_flights;
static int wake_pipe[2] = { -1, -1 };
static volatile int stop_requested;
static long long last_activity;

/* Ask the loop to stop (async-signal-safe).  */
void
server_request_stop (void)
{
  int saved = errno;
  stop_requested = 1;
  if (wake_pipe[1] >= 0 && write (wake_pipe[1], "s", 1) < 0)
    {
      /* The loop wakes up on its own within a second.  */
    }
  errno = saved;
}

/* Queue TEXT and a newline for CONN.  */
static void
send_text (struct conn *conn, const char *text)
{
  size_t len = strlen (text), need = conn->m_out_len + len + 1;
  char *out;
  if (conn->m_dead)
    return;
  if (need > MAX_OUTPUT)
    {
      tlog ("a client reads no replies; closing its connection");
      conn->m_eof = 1;
      return;
    }
  if (need > conn->m_out_cap)
    {
      out = realloc (conn->m_out, need * 2);
      if (!out)
        return;
      conn->m_out = out;
      conn->m_out_cap = need * 2;
    }
  memcpy (conn->m_out + conn->m_out_len, text, len);
  conn->m_out[conn->m_out_len + len] = '\n';
  conn->m_out_len = need;
}

/* Send REPLY (stolen) to CONN.  */
static void
send_reply (struct conn *conn, json_t *reply)
{
  char *text = json_dumps (reply, JSON_COMPACT);
  if (text)
    send_text (conn, text);
  free (text);
  json_decref (reply);
}

/* Close CONN's socket; the struct is freed once nothing waits on it.  */
static void
kill_conn (struct conn *conn)
{
  if (conn->m_dead)
    return;
  close (conn->m_fd);
  conn->m_fd = -1;
  conn->m_dead = 1;
  conn->m_out_len = 0;
}

/* The model name replies carry.  */
static const char *
model_name (void)
{
  return cfg->m_model ? cfg->m_model : "offline";
}

/* Answer REQUEST on CONN with VERDICT (stolen), after the policy check,
   served FROM.  */
static void
answer (struct conn *conn, json_t *request, json_t *verdict, const char *from,
        const char *fp, const char *model)
{
  json_t *served = proto_apply_policy (request, verdict);
  json_decref (verdict);
  if (!served)
    served = proto_untriaged ("out of memory");
  send_reply (conn,
              proto_verdict_reply (request, served, from, fp, model, NULL));
  json_decref (served);
}

/* Answer the ping or stats REQUEST of TYPE on CONN.  */
static void
answer_info (struct conn *conn, json_t *request, const char *type)
{
  json_t *id = json_object_get (request, "id");
  json_t *r;
  if (strcmp (type, "ping") == 0)
    r = json_pack ("{s:i, s:s, s:s, s:s, s:s}", "protocol", TRIAGE_PROTOCOL,
                   "type", "pong", "version", PACKAGE_VERSION, "backend",
                   config_backend_name (cfg->m_backend), "model",
                   model_name ());
  else
    r = json_pack (
        "{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
        " s:I, s:I}",
        "protocol", TRIAGE_PROTOCOL, "type", "stats", "requests",
        (json_int_t)stats.m_requests, "llm_calls",
        (json_int_t)stats.m_llm_calls, "llm_attempts",
        (json_int_t)stats.m_llm_attempts, "cache_hits",
        (json_int_t)stats.m_cache_hits, "baseline_hits",
        (json_int_t)stats.m_baseline_hits, "coalesced",
        (json_int_t)stats.m_coalesced, "busy", (json_int_t)stats.m_busy,
        "untriaged", (json_int_t)stats.m_untriaged, "refused",
        (json_int_t)stats.m_refused, "queued_now",
        (json_int_t)queue_pending (), "in_flight", (json_int_t)n_flights,
        "cache_entries", (json_int_t)(cache ? cache_count (cache) : 0),
        "cache_torn", (json_int_t)(cache ? cache_torn (cache) : 0));
  if (id)
    json_object_set (r, "id", id); /* not a steal */
  send_reply (conn, r);
}

/* Return the flight of KEY, or NULL.  */
static struct flight *
find_flight (const char *key)
{
  struct flight *f;
  for (f = flights; f; f = f->m_next)
    if (strcmp (f->m_key, key) == 0)
      return f;
  return NULL;
}

/* Return the absolute deadline of REQUEST.  */
static long long
request_deadline (json_t *request)
{
  json_t *d = json_object_get (request, "deadline_ms");
  long long ms
      = json_is_integer (d) ? json_integer_value (d) : DEFAULT_DEADLINE_MS;
  if (ms < 0)
    ms = 0;
  if (ms > MAX_DEADLINE_MS)
    ms = MAX_DEADLINE_MS;
  return now_ms () + ms;
}

/* Make REQUEST on CONN wait for the flight F.  */
static void
add_waiter (struct flight *f, struct conn *conn, json_t *request)
{
  struct waiter *w = calloc (1, sizeof *w);
  if (!w)
    {
      answer (conn, request, proto_untriaged ("out of memory"), "none",
              f->m_fp, model_name ());
      return;
    }
  w->m_conn = conn;
  w->m_request = json_incref (request);
  w->m_deadline = request_deadline (request);
  w->m_next = f->m_waiters;
  f->m_waiters = w;
  conn->m_pending++;
  queue_extend (f->m_job, w->m_deadline);
}

/* Start a flight for REQUEST (KEY, FP); NULL when out of memory.  */
static struct flight *
start_flight (json_t *request, const char *key, const char *fp, int async)
{
  struct flight *f = calloc (1, sizeof *f);
  long long deadline = async ? now_ms () + cfg->m_async_deadline_ms
                             : request_deadline (request);
  if (!f)
    return NULL;
  f->m_job = queue_submit (key, request, deadline);
  if (!f->m_job)
    return free (f), NULL;
  memcpy (f->m_key, key, 65);
  memcpy (f->m_fp, fp, 65);
  f->m_first_line = fingerprint_first_line (request);
  f->m_next = flights;
  flights = f;
  n_flights++;
  return f;
}

/* Answer REQUEST that neither baseline nor cache could: join or start a
   flight, or answer busy.  */
static void
triage_later (struct conn *conn, json_t *request, const char *key,
              const char *fp)
{
  const char *mode = json_string_value (json_object_get (request, "mode"));
  int async = mode && strcmp (mode, "async") == 0;
  struct flight *f = find_flight (key);
  char note[100];
  if (f)
    STAT_ADD (m_coalesced, 1);
  else if (n_flights >= (size_t)cfg->m_queue_max
           || !(f = start_flight (request, key, fp, async)))
    {
      STAT_ADD (m_busy, 1);
      STAT_ADD (m_untriaged, 1);
      snprintf (note, sizeof note, "busy: %zu triages in flight", n_flights);
      answer (conn, request, proto_untriaged (note), "none", fp,
              model_name ());
      return;
    }
  if (!async)
    add_waiter (f, conn, request);
  else
    answer (conn, request,
            json_pack ("{s:s, s:s, s:s}", "verdict", "queued", "note",
                       "queued; the next build will find the verdict cached",
                       "reason_code", ""),
            "none", fp, model_name ());
}

/* Answer the triage REQUEST on CONN.  */
static void
triage (struct conn *conn, json_t *request)
{
  char fp[65], key[65];
  long first = fingerprint_first_line (request);
  json_t *v;
  STAT_ADD (m_requests, 1);
  fingerprint_request (request, fp);
  fingerprint_cache_key (fp, config_backend_name (cfg->m_backend),
                         model_name (), key);
  if (baseline && (v = baseline_lookup (baseline, fp, first)) != NULL)
    {
      STAT_ADD (m_baseline_hits, 1);
      answer (conn, request, v, "baseline", fp, "baseline");
    }
  else if (cfg->m_backend == BACKEND_OFFLINE)
    answer (conn, request, offline_triage (request), "offline", fp, "offline");
  else if (cache && (v = cache_lookup (cache, key, first)) != NULL)
    {
      STAT_ADD (m_cache_hits, 1);
      answer (conn, request, v, "cache", fp, model_name ());
    }
  else
    triage_later (conn, request, key, fp);
}

/* Handle one request LINE (LEN bytes) of CONN.  */
static void
handle_line (struct conn *conn, const char *line, size_t len)
{
  json_error_t jerr;
  json_t *request = json_loadb (line, len, 0, &jerr);
  char err[300];
  const char *type;
  last_activity = now_ms ();
  if (!request)
    {
      snprintf (err, sizeof err, "not JSON: %s (column %d)", jerr.text,
                jerr.column);
      send_reply (conn, proto_error_reply (NULL, err));
      conn->m_eof = 1;
      return;
    }
  type = json_string_value (json_object_get (request, "type"));
  if (!proto_check_request (request, err, sizeof err))
    send_reply (conn,
                proto_error_reply (json_object_get (request, "id"), err));
  else if (strcmp (type, "triage") == 0)
    triage (conn, request);
  else if (strcmp (type, "shutdown") == 0)
    {
      send_reply (conn, json_pack ("{s:i, s:s}", "protocol", TRIAGE_PROTOCOL,
                                   "type", "bye"));
      stop_requested = 1;
    }
  else
    answer_info (conn, request, type);
  json_decref (request);
}

/* Handle the complete lines in CONN's input.  */
static void
handle_input (struct conn *conn)
{
  size_t start = 0;
  char *nl;
  while (!conn->m_eof
         && (nl = memchr (conn->m_in + start, '\n', conn->m_in_len - start)))
    {
      size_t len = (size_t)(nl - (conn->m_in + start));
      if (len)
        handle_line (conn, conn->m_in + start, len);
      start += len + 1;
    }
  memmove (conn->m_in, conn->m_in + start, conn->m_in_len - start);
  conn->m_in_len -= start;
  if (conn->m_in_len >= TRIAGE_MAX_LINE)
    {
      send_reply (conn, proto_error_reply (NULL, "request line too long"));
      conn->m_eof = 1;
    }
}

/* Read what CONN has sent.  */
static void
read_conn (struct conn *conn)
{
  char *in;
  ssize_t n;
  if (conn->m_in_cap - conn->m_in_len < 65536)
    {
      in = realloc (conn->m_in, conn->m_in_cap + 65536);
      if (!in)
        return kill_conn (conn);
      conn->m_in = in;
      conn->m_in_cap += 65536;
    }
  n = read (conn->m_fd, conn->m_in + conn->m_in_len,
            conn->m_in_cap - conn->m_in_len);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n < 0)
    return kill_conn (conn);
  if (n == 0)
    conn->m_eof = 1;
  conn->m_last = now_ms ();
  conn->m_in_len += (size_t)n;
  handle_input (conn);
}

/* Write what is queued for CONN.  */
static void
write_conn (struct conn *conn)
{
  ssize_t n;
  if (conn->m_dead || conn->m_out_len == 0)
    return;
  n = send (conn->m_fd, conn->m_out, conn->m_out_len, MSG_NOSIGNAL);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n < 0)
    return kill_conn (conn);
  memmove (conn->m_out, conn->m_out + n, conn->m_out_len - (size_t)n);
  conn->m_out_len -= (size_t)n;
}

/* Accept the waiting connections of LISTEN_FD.  */
static void
accept_conns (int listen_fd)
{
  int fd;
  while ((fd = accept4 (listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC))
         >= 0)
    {
      struct conn *conn
          = n_conns < MAX_CONNS ? calloc (1, sizeof *conn) : NULL;
      if (!conn)
        {
          static const char busy[] = "{\"protocol\":1,\"type\":\"error\","
                                     "\"error\":\"busy: too many "
                                     "connections\"}\n";
          if (send (fd, busy, sizeof busy - 1, MSG_NOSIGNAL) < 0)
            {
              /* The client sees the connection closed.  */
            }
          close (fd);
          continue;
        }
      conn->m_fd = fd;
      conn->m_last = now_ms ();
      conn->m_next = conns;
      conns = conn;
      n_conns++;
      last_activity = now_ms ();
    }
}

/* Give the waiter W of flight F the job's RESULT (NULL: untriaged with
   NOTE) and free it.  */
static void
serve_waiter (struct flight *f, struct waiter *w, json_t *result,
              const char *note)
{
  json_t *v = result ? json_deep_copy (result) : proto_untriaged (note);
  json_t *line = json_object_get (v, "line");
  /* The line is relative to this waiter's function; set_new steals.  */
  if (json_is_integer (line))
    json_object_set_new (
        v, "line",
        json_integer (json_integer_value (line) - f->m_first_line
                      + fingerprint_first_line (w->m_request)));
  if (!result)
    STAT_ADD (m_untriaged, 1);
  if (!w->m_conn->m_dead)
    answer (w->m_conn, w->m_request, v, result ? "llm" : "none", f->m_fp,
            model_name ());
  else
    json_decref (v);
  w->m_conn->m_pending--;
  json_decref (w->m_request);
  free (w);
}

/* Unlink and free flight F (its job must be finished or stopped).  */
static void
free_flight (struct flight *f)
{
  struct flight **p;
  for (p = &flights; *p; p = &(*p)->m_next)
    if (*p == f)
      {
        *p = f->m_next;
        break;
      }
  n_flights--;
  queue_job_free (f->m_job);
  free (f);
}

/* Serve the waiters of the finished JOB and cache its verdict.  */
static void
finish_job (struct job *job)
{
  struct flight *f = find_flight (queue_job_key (job));
  json_t *result = queue_job_result (job);
  struct waiter *w, *next;
  if (!f)
    return queue_job_free (job);
  json_object_set_new (result, "model",
                       json_string (model_name ())); /* steals */
  if (cache && json_is_true (json_object_get (result, "cacheable")))
    cache_store (cache, f->m_key, f->m_fp, result, f->m_first_line);
  for (w = f->m_waiters; w; w = next)
    {
      next = w->m_next;
      serve_waiter (f, w, result, NULL);
    }
  f->m_waiters = NULL;
  free_flight (f);
  last_activity = now_ms ();
}

/* Answer the waiters whose deadline passed by NOW; return the nearest
   deadline still to come (or NOW + 1 hour).  */
static long long
expire_waiters (long long now)
{
  long long nearest = now + 3600000;
  struct flight *f;
  struct waiter **p, *w;
  for (f = flights; f; f = f->m_next)
    for (p = &f->m_waiters; (w = *p) != NULL;)
      if (w->m_deadline <= now)
        {
          *p = w->m_next;
          serve_waiter (f, w, NULL,
                        "no verdict by the deadline; the triage goes on and "
                        "its verdict will be cached");
        }
      else
        {
          if (w->m_deadline < nearest)
            nearest = w->m_deadline;
          p = &w->m_next;
        }
  return nearest;
}

/* Free the connections that are finished.  */
static void
reap_conns (void)
{
  struct conn **p = &conns, *c;
  while ((c = *p) != NULL)
    {
      if (!c->m_dead && c->m_pending == 0 && c->m_out_len == 0
          && (c->m_eof || now_ms () - c->m_last > CONN_IDLE_MS))
        kill_conn (c);
      if (c->m_dead && c->m_pending == 0)
        {
          *p = c->m_next;
          free (c->m_in);
          free (c->m_out);
          free (c);
          n_conns--;
        }
      else
        p = &c->m_next;
    }
}

/* Fill FDS for poll: the wake pipe, LISTEN_FD, then the connections.
   Return how many.  */
static nfds_t
fill_pollfds (struct pollfd *fds, int listen_fd)
{
  nfds_t n = 0;
  struct conn *c;
  fds[n].fd = wake_pipe[0];
  fds[n++].events = POLLIN;
  fds[n].fd = listen_fd;
  fds[n++].events = POLLIN;
  for (c = conns; c; c = c->m_next)
    {
      fds[n].fd = c->m_dead ? -1 : c->m_fd;
      fds[n].events
          = (short)((c->m_eof ? 0 : POLLIN) | (c->m_out_len ? POLLOUT : 0));
      fds[n++].revents = 0;
    }
  return n;
}

/* Handle the events poll reported in FDS.  */
static void
handle_events (struct pollfd *fds, int listen_fd)
{
  struct conn *c;
  struct job *job;
  char drain[256];
  nfds_t i = 2;
  if (fds[0].revents & POLLIN)
    while (read (wake_pipe[0], drain, sizeof drain) > 0)
      ;
  while ((job = queue_take_done ()) != NULL)
    finish_job (job);
  for (c = conns; c; c = c->m_next, i++)
    {
      if (fds[i].fd < 0 || fds[i].fd != c->m_fd)
        continue;
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
        read_conn (c);
      if (!c->m_dead && c->m_out_len)
        write_conn (c);
    }
  if (fds[1].revents & POLLIN)
    accept_conns (listen_fd);
}

/* Return the poll timeout (ms) until NEAREST or the idle timeout.  */
static int
poll_timeout (long long nearest)
{
  long long now = now_ms (), t = nearest - now;
  if (cfg->m_idle_timeout > 0 && !conns && !flights)
    {
      long long idle = last_activity + cfg->m_idle_timeout * 1000LL - now;
      if (idle < t)
        t = idle;
    }
  if (t > 1000)
    t = 1000;
  return t < 0 ? 0 : (int)t;
}

/* Return true if the daemon has been idle for its idle timeout.  */
static int
idle_p (void)
{
  return cfg->m_idle_timeout > 0 && !conns && !flights
         && now_ms () - last_activity >= cfg->m_idle_timeout * 1000LL;
}

/* Answer every waiter "untriaged" (the daemon stops), flush what can be
   flushed, and free everything.  */
static void
shut_down (void)
{
  struct flight *f;
  struct waiter *w;
  struct conn *c;
  queue_stop ();
  while ((f = flights) != NULL)
    {
      while ((w = f->m_waiters) != NULL)
        {
          f->m_waiters = w->m_next;
          serve_waiter (f, w, NULL, "the triage daemon is stopping");
        }
      free_flight (f);
    }
  for (c = conns; c; c = c->m_next)
    {
      write_conn (c);
      c->m_eof = 1;
    }
  reap_conns ();
}

/* Run the daemon's loop on LISTEN_FD until asked to stop or idle.  */
int
server_run (const struct triage_config *config, int listen_fd,
            struct cache *the_cache, json_t *the_baseline)
{
  struct pollfd *fds = calloc (MAX_CONNS + 2, sizeof *fds);
  cfg = config;
  cache = the_cache;
  baseline = the_baseline;
  last_activity = now_ms ();
  if (!fds || pipe2 (wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0
      || !queue_start (cfg, wake_pipe[1]))
    return tlog ("cannot start: %s", strerror (errno)), free (fds), 0;
  while (!stop_requested && !idle_p ())
    {
      long long nearest = expire_waiters (now_ms ());
      nfds_t n = fill_pollfds (fds, listen_fd);
      if (poll (fds, n, poll_timeout (nearest)) < 0 && errno != EINTR)
        {
          tlog ("poll: %s", strerror (errno));
          break;
        }
      handle_events (fds, listen_fd);
      reap_conns ();
    }
  if (!stop_requested)
    tlog ("idle for %d s: exiting", cfg->m_idle_timeout);
  shut_down ();
  free (fds);
  return 1;
}
