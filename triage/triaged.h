/* Declarations shared by the files of pyrefcheck-triaged.
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

#ifndef PYREFCHECK_TRIAGED_H
#define PYREFCHECK_TRIAGED_H

#include <jansson.h>
#include <stddef.h>

#include "reasons.h"
#include "strbuf.h"

/* The protocol version this daemon speaks (doc/protocol.md).  */
#define TRIAGE_PROTOCOL 1

/* Longest request line, in bytes.  */
#define TRIAGE_MAX_LINE (8 * 1024 * 1024)

/* Longest explanation or fix served, in bytes.  */
#define TRIAGE_MAX_TEXT 2000

/* The model backends.  */
enum backend
{
  BACKEND_OFFLINE,
  BACKEND_OPENAI,
  BACKEND_ANTHROPIC
};

/* The daemon's configuration: defaults, then the config file, then the
   environment, then the command line.  Strings are malloc'ed.  */
struct triage_config
{
  enum backend m_backend;
  char *m_url;
  char *m_model;
  char *m_api_key;
  /* OPENAI_API_KEY and ANTHROPIC_API_KEY from the config file.  */
  char *m_openai_key;
  char *m_anthropic_key;
  char *m_config_file;
  char *m_socket_path;
  char *m_cache_dir;
  char *m_baseline;
  char *m_log_file;
  int m_daemon;
  int m_idle_timeout;
  int m_jobs;
  int m_queue_max;
  int m_attempt_timeout_ms;
  int m_max_attempts;
  int m_async_deadline_ms;
};

/* strbuf.c: see strbuf.h.  */

/* fsutil.c */
int mkdir_p (const char *path, unsigned mode, char *err, size_t len);
int write_file_atomic (const char *path, const char *data, size_t size,
                       char *err, size_t len);
char *read_fd (int fd, size_t *size);
int write_all (int fd, const char *data, size_t size);

/* config.c */
void config_init (struct triage_config *cfg);
void config_free (struct triage_config *cfg);
int config_load_file (struct triage_config *cfg, const char *path,
                      int must_exist, char *err, size_t len);
int config_load_env (struct triage_config *cfg, char *err, size_t len);
int config_finish (struct triage_config *cfg, char *err, size_t len);
const char *config_backend_name (enum backend b);
int config_set_backend (struct triage_config *cfg, const char *name, char *err,
                        size_t len);
char *config_default_socket (void);

/* log.c */
void log_set_secret (const char *secret);
int log_to_file (const char *path);
void tlog (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
void redact (char *text);

/* fingerprint.c */
void fingerprint_request (json_t *request, char hex[65]);
void fingerprint_cache_key (const char *fingerprint, const char *backend,
                            const char *model, char hex[65]);
char *normalize_source (const char *text, long *dropped);
long fingerprint_first_line (json_t *request);

/* proto.c */
long long now_ms (void);
int proto_check_request (json_t *request, char *err, size_t len);
json_t *proto_error_reply (json_t *id, const char *error);
json_t *proto_verdict_reply (json_t *request, json_t *verdict,
                             const char *from, const char *fingerprint,
                             const char *model, const char *note);
json_t *proto_untriaged (const char *note);
json_t *proto_apply_policy (json_t *request, json_t *verdict);
long proto_first_line (json_t *request);
char *proto_sanitize (const char *text, size_t max);

/* verdict.c */
json_t *verdict_parse (const char *text, char *err, size_t len);
json_t *verdict_schema (void);
int verdict_facts (json_t *request, struct triage_facts *facts);
void verdict_free_facts (struct triage_facts *facts);

/* prompt.c */
char *prompt_system (void);
char *prompt_user (json_t *request);
void prompt_describe_row (const char *row_text, char *buf, size_t len);

/* offline.c */
json_t *offline_triage (json_t *request);

/* http.c */
struct http_reply
{
  long m_status;
  char *m_body;
  size_t m_len;
  int m_timed_out;
  long m_retry_after_ms;
  char m_error[256];
};
int http_post_json (const char *url, const char *const *headers,
                    const char *body, long timeout_ms,
                    struct http_reply *reply);
void http_reply_free (struct http_reply *reply);
void http_abort (void);

/* llm.c */
/* Tells the model call how long it may go on (ms, monotonic).  */
typedef long long (*deadline_fn) (void *arg);
json_t *llm_triage (const struct triage_config *cfg, json_t *request,
                    deadline_fn deadline, void *arg);

/* cache.c */
struct cache;
struct cache *cache_open (const char *dir, char *err, size_t len);
void cache_close (struct cache *cache);
json_t *cache_lookup (struct cache *cache, const char *key, long first_line);
void cache_store (struct cache *cache, const char *key,
                  const char *fingerprint, json_t *verdict, long first_line);
size_t cache_count (struct cache *cache);
size_t cache_torn (struct cache *cache);
json_t *cache_entries (struct cache *cache);
json_t *entry_verdict (json_t *entry, long first_line);

/* baseline.c */
int baseline_export (struct cache *cache, const char *path, char *err,
                     size_t len);
json_t *baseline_load (const char *path, char *err, size_t len);
json_t *baseline_lookup (json_t *baseline, const char *fingerprint,
                         long first_line);

/* Counters, for the stats request.  Updated with __atomic builtins.  */
struct triage_stats
{
  long m_requests, m_llm_calls, m_llm_attempts, m_cache_hits;
  long m_baseline_hits, m_coalesced, m_busy, m_untriaged, m_refused;
};
extern struct triage_stats stats;
#define STAT_ADD(FIELD, N)                                                    \
  __atomic_add_fetch (&stats.FIELD, (N), __ATOMIC_RELAXED)

/* queue.c */
struct job;
int queue_start (const struct triage_config *cfg, int wake_fd);
void queue_stop (void);
struct job *queue_submit (const char *key, json_t *request,
                          long long deadline);
void queue_extend (struct job *job, long long deadline);
struct job *queue_take_done (void);
const char *queue_job_key (struct job *job);
json_t *queue_job_result (struct job *job);
void queue_job_free (struct job *job);
size_t queue_pending (void);
size_t queue_running (void);

/* server.c */
int server_run (const struct triage_config *cfg, int listen_fd,
                struct cache *cache, json_t *baseline);
void server_request_stop (void);

#endif /* PYREFCHECK_TRIAGED_H */
