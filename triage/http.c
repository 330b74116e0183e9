/* HTTP POST of a JSON body with libcurl.
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

/* One easy handle per call, so that worker threads share nothing;
   curl_global_init is called once, in main.  The body grows with realloc
   (curl's getinmemory.c) up to a limit.  */

#include "triaged.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Largest answer read, in bytes.  */
#define MAX_BODY (16 * 1024 * 1024)

/* curl's write callback: append to the reply's body.  */
static size_t
write_body (char *data, size_t size, size_t n, void *arg)
{
  struct http_reply *reply = (struct http_reply *)arg;
  size_t len = size * n;
  char *body;
  if (reply->m_len + len > MAX_BODY)
    return 0;
  body = realloc (reply->m_body, reply->m_len + len + 1);
  if (!body)
    return 0;
  memcpy (body + reply->m_len, data, len);
  reply->m_body = body;
  reply->m_len += len;
  body[reply->m_len] = '\0';
  return len;
}

/* curl's header callback: note Retry-After (in seconds).  */
static size_t
read_header (char *data, size_t size, size_t n, void *arg)
{
  struct http_reply *reply = (struct http_reply *)arg;
  size_t len = size * n;
  char buf[64];
  if (len > 12 && len < sizeof buf
      && strncasecmp (data, "retry-after:", 12) == 0)
    {
      memcpy (buf, data + 12, len - 12);
      buf[len - 12] = '\0';
      reply->m_retry_after_ms = atol (buf) * 1000;
    }
  return len;
}

/* Set by http_abort: every transfer stops.  */
static int aborting;

/* Stop every transfer in progress and to come (the daemon is stopping).  */
void
http_abort (void)
{
  __atomic_store_n (&aborting, 1, __ATOMIC_RELAXED);
}

/* curl's progress callback: non-zero aborts the transfer.  */
static int
check_abort (void *arg, curl_off_t dltotal, curl_off_t dlnow,
             curl_off_t ultotal, curl_off_t ulnow)
{
  return __atomic_load_n (&aborting, __ATOMIC_RELAXED);
}

/* Return the header list of HEADERS (NULL-terminated).  */
static struct curl_slist *
make_headers (const char *const *headers)
{
  struct curl_slist *list = NULL, *more;
  for (; *headers; headers++)
    {
      more = curl_slist_append (list, *headers);
      if (!more)
        {
          curl_slist_free_all (list);
          return NULL;
        }
      list = more;
    }
  return list;
}

/* POST BODY to URL with HEADERS, giving up after TIMEOUT_MS.  Return 1
   when an HTTP status was received (REPLY->m_status, m_body), else 0 with
   REPLY->m_error (and m_timed_out) set.  Free REPLY with
   http_reply_free.  */
int
http_post_json (const char *url, const char *const *headers, const char *body,
                long timeout_ms, struct http_reply *reply)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *list = make_headers (headers);
  CURLcode rc;
  memset (reply, 0, sizeof *reply);
  if (!curl || !list)
    {
      snprintf (reply->m_error, sizeof reply->m_error, "out of memory");
      goto out_free_curl;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, timeout_ms > 1 ? timeout_ms : 1);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS,
                    timeout_ms < 10000 ? (timeout_ms > 1 ? timeout_ms : 1)
                                       : 10000L);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, reply);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, check_abort);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  rc = curl_easy_perform (curl);
  if (rc == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &reply->m_status);
  else
    {
      reply->m_timed_out = rc == CURLE_OPERATION_TIMEDOUT;
      snprintf (reply->m_error, sizeof reply->m_error, "%s",
                curl_easy_strerror (rc));
    }
out_free_curl:
  curl_slist_free_all (list);
  curl_easy_cleanup (curl);
  redact (reply->m_error);
  return reply->m_status != 0;
}

void
http_reply_free (struct http_reply *reply)
{
  free (reply->m_body);
  reply->m_body = NULL;
}
