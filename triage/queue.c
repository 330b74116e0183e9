/* The queue of triages and the workers that ask the model.
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

/* A fixed pool of worker threads takes jobs from a FIFO queue, asks the
   model (llm.c), and puts the finished jobs on a done list, then wakes
   the server's poll loop through WAKE_FD.  The server alone decides what
   enters the queue (it bounds it and coalesces identical requests); the
   workers touch a job only through this file, under its lock.  */

#include "triaged.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job
{
  char m_key[65];
  json_t *m_request;
  /* When the model must have answered (monotonic ms); may grow.  */
  long long m_deadline;
  json_t *m_result;
  struct job *m_next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wakeup = PTHREAD_COND_INITIALIZER;
static struct job *queue_head, *queue_tail, *done_head;
static size_t n_queued, n_running;
static int stopping;
static pthread_t *threads;
static int n_threads;
static int wake_fd = -1;
static const struct triage_config *config;

/* The deadline of the job ARG (a deadline_fn): now when stopping.  */
static long long
job_deadline (void *arg)
{
  struct job *job = (struct job *)arg;
  long long d;
  pthread_mutex_lock (&lock);
  d = stopping ? 0 : job->m_deadline;
  pthread_mutex_unlock (&lock);
  return d;
}

/* Wait for a job and take it; NULL when stopping.  */
static struct job *
take_job (void)
{
  struct job *job;
  pthread_mutex_lock (&lock);
  while (!queue_head && !stopping)
    pthread_cond_wait (&wakeup, &lock);
  job = stopping ? NULL : queue_head;
  if (job)
    {
      queue_head = job->m_next;
      if (!queue_head)
        queue_tail = NULL;
      n_queued--;
      n_running++;
    }
  pthread_mutex_unlock (&lock);
  return job;
}

/* Put the finished JOB on the done list with RESULT; wake the server.  */
static void
finish_job (struct job *job, json_t *result)
{
  ssize_t n;
  pthread_mutex_lock (&lock);
  job->m_result = result;
  job->m_next = done_head;
  done_head = job;
  n_running--;
  pthread_mutex_unlock (&lock);
  do
    n = write (wake_fd, "j", 1);
  while (n < 0 && errno == EINTR);
}

/* A worker thread: triage jobs until stopped.  */
static void *
worker (void *arg)
{
  struct job *job;
  while ((job = take_job ()) != NULL)
    {
      json_t *result;
      if (job_deadline (job) <= now_ms ())
        result = proto_untriaged ("the deadline passed while the triage "
                                  "waited in the queue");
      else
        result = llm_triage (config, job->m_request, job_deadline, job);
      if (!result)
        result = proto_untriaged ("out of memory");
      finish_job (job, result);
    }
  return NULL;
}

/* Start CFG->m_jobs workers that report finished jobs on WAKE.  */
int
queue_start (const struct triage_config *cfg, int wake)
{
  config = cfg;
  wake_fd = wake;
  threads = calloc ((size_t)cfg->m_jobs, sizeof *threads);
  if (!threads)
    return 0;
  for (n_threads = 0; n_threads < cfg->m_jobs; n_threads++)
    if (pthread_create (&threads[n_threads], NULL, worker, NULL) != 0)
      break;
  if (n_threads == 0)
    tlog ("cannot start a worker thread");
  return n_threads > 0;
}

/* Stop the workers: the calls in flight are cut short; wait for them.
   Queued jobs are not run; the server frees them.  */
void
queue_stop (void)
{
  int i;
  pthread_mutex_lock (&lock);
  stopping = 1;
  pthread_cond_broadcast (&wakeup);
  pthread_mutex_unlock (&lock);
  http_abort ();
  for (i = 0; i < n_threads; i++)
    pthread_join (threads[i], NULL);
  free (threads);
  threads = NULL;
  n_threads = 0;
}

/* Queue the triage of REQUEST (a reference is taken) under KEY, to be
   answered by DEADLINE.  Return the job, or NULL when out of memory.  */
struct job *
queue_submit (const char *key, json_t *request, long long deadline)
{
  struct job *job = calloc (1, sizeof *job);
  if (!job)
    return NULL;
  memcpy (job->m_key, key, 64);
  job->m_request = json_incref (request);
  job->m_deadline = deadline;
  pthread_mutex_lock (&lock);
  if (queue_tail)
    queue_tail->m_next = job;
  else
    queue_head = job;
  queue_tail = job;
  n_queued++;
  pthread_cond_signal (&wakeup);
  pthread_mutex_unlock (&lock);
  return job;
}

/* Let JOB run until DEADLINE if that is later than its own.  */
void
queue_extend (struct job *job, long long deadline)
{
  pthread_mutex_lock (&lock);
  if (deadline > job->m_deadline)
    job->m_deadline = deadline;
  pthread_mutex_unlock (&lock);
}

/* Take one finished job, or NULL.  */
struct job *
queue_take_done (void)
{
  struct job *job;
  pthread_mutex_lock (&lock);
  job = done_head;
  if (job)
    done_head = job->m_next;
  pthread_mutex_unlock (&lock);
  return job;
}

const char *
queue_job_key (struct job *job)
{
  return job->m_key;
}

/* The result of the finished JOB (borrowed).  */
json_t *
queue_job_result (struct job *job)
{
  return job->m_result;
}

/* Free JOB.  Only for a finished job, or after queue_stop.  */
void
queue_job_free (struct job *job)
{
  json_decref (job->m_request);
  json_decref (job->m_result);
  free (job);
}

size_t
queue_pending (void)
{
  size_t n;
  pthread_mutex_lock (&lock);
  n = n_queued;
  pthread_mutex_unlock (&lock);
  return n;
}

size_t
queue_running (void)
{
  size_t n;
  pthread_mutex_lock (&lock);
  n = n_running;
  pthread_mutex_unlock (&lock);
  return n;
}
