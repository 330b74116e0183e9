/* triage-request: send triage requests through the client library.
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

/* A test driver, and a tool for the plugin's developers: sends JSON
   request files to pyrefcheck-triaged through client.c and prints each
   reply on one line; also prints fingerprints and checks dismissals
   against a request's facts with reasons.h, as the plugin will.  */

#include "client.h"
#include "reasons.h"
#include "sha256.h"
#include "triaged.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[]
    = "Usage: triage-request [OPTION]... FILE...\n"
      "Send each JSON request FILE ('-': stdin) to pyrefcheck-triaged; "
      "print the replies.\n\n"
      "  --socket PATH      the daemon's socket (default: the default "
      "socket)\n"
      "  --timeout MS       hard limit per request (default 20000)\n"
      "  --autostart        start the daemon when absent\n"
      "  --daemon PROGRAM   the daemon to start\n"
      "  --daemon-arg ARG   an argument for the daemon (repeatable)\n"
      "  --repeat N         send each file N times (default 1)\n"
      "  --id PREFIX        set each request's id to PREFIX-FILE#-REPEAT#\n"
      "  --fingerprint      print each file's fingerprint instead\n"
      "  --sha256           print each file's SHA-256 instead\n"
      "  --check-dismissal  FILE... is REQUEST VERDICT: print 'accepted' "
      "or\n"
      "                     'refused: WHY' (exit 0 or 1)\n";

struct driver
{
  struct triage_client_options m_opts;
  const char *m_daemon_args[32];
  int m_n_args;
  int m_repeat;
  const char *m_id;
  int m_action;
};

enum
{
  ACT_SEND,
  ACT_FINGERPRINT,
  ACT_SHA256,
  ACT_CHECK
};

/* Load the JSON file PATH ("-": stdin), or exit.  */
static json_t *
load (const char *path)
{
  json_error_t jerr;
  json_t *j = strcmp (path, "-") == 0 ? json_loadf (stdin, 0, &jerr)
                                      : json_load_file (path, 0, &jerr);
  if (!j)
    {
      fprintf (stderr, "triage-request: %s:%d: %s\n", path, jerr.line,
               jerr.text);
      exit (2);
    }
  return j;
}

/* Send REQUEST (file number FILENO) as D says; return 0 on error.  */
static int
send_one (struct driver *d, json_t *request, int fileno, int rep)
{
  char err[512], id[256];
  json_t *reply;
  char *text;
  if (d->m_id)
    {
      snprintf (id, sizeof id, "%s-%d-%d", d->m_id, fileno, rep);
      json_object_set_new (request, "id", json_string (id)); /* steals */
    }
  reply = triage_client_request (&d->m_opts, request, err, sizeof err);
  if (!reply)
    {
      fprintf (stderr, "triage-request: %s\n", err);
      return 0;
    }
  text = json_dumps (reply, JSON_COMPACT | JSON_SORT_KEYS);
  printf ("%s\n", text ? text : "null");
  fflush (stdout);
  free (text);
  json_decref (reply);
  return 1;
}

/* Print the SHA-256 of the bytes of PATH.  */
static void
print_sha256 (const char *path)
{
  FILE *f = fopen (path, "rb");
  struct sha256_ctx ctx;
  unsigned char buf[65536], digest[32];
  char hex[65];
  size_t n;
  if (!f)
    {
      perror (path);
      exit (2);
    }
  sha256_init (&ctx);
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    sha256_update (&ctx, buf, n);
  fclose (f);
  sha256_final (&ctx, digest);
  sha256_to_hex (digest, hex);
  printf ("%s\n", hex);
}

/* Check the dismissal VERDICT_PATH against REQUEST_PATH; exit status.  */
static int
check (const char *request_path, const char *verdict_path)
{
  json_t *request = load (request_path), *verdict = load (verdict_path);
  json_t *line = json_object_get (verdict, "line");
  struct triage_facts facts;
  char why[200];
  int ok;
  if (!verdict_facts (request, &facts))
    return 2;
  ok = triage_check_dismissal (
      &facts, json_string_value (json_object_get (verdict, "reason_code")),
      json_is_integer (line) ? (long)json_integer_value (line) : 0, why,
      sizeof why);
  printf (ok ? "accepted\n" : "refused: %s\n", why);
  verdict_free_facts (&facts);
  json_decref (request);
  json_decref (verdict);
  return ok ? 0 : 1;
}

/* Parse the options into D; return the index of the first file.  */
static int
parse_options (int argc, char **argv, struct driver *d)
{
  static const struct option opts[]
      = { { "socket", 1, NULL, 's' },     { "timeout", 1, NULL, 't' },
          { "autostart", 0, NULL, 'a' },  { "daemon", 1, NULL, 'd' },
          { "daemon-arg", 1, NULL, 'A' }, { "repeat", 1, NULL, 'r' },
          { "id", 1, NULL, 'i' },         { "fingerprint", 0, NULL, 'f' },
          { "sha256", 0, NULL, 'h' },     { "check-dismissal", 0, NULL, 'c' },
          { "help", 0, NULL, 'H' },       { NULL, 0, NULL, 0 } };
  int o;
  while ((o = getopt_long (argc, argv, "", opts, NULL)) != -1)
    switch (o)
      {
      case 's':
        d->m_opts.socket_path = optarg;
        break;
      case 't':
        d->m_opts.timeout_ms = atoi (optarg);
        break;
      case 'a':
        d->m_opts.autostart = 1;
        break;
      case 'd':
        d->m_opts.daemon_program = optarg;
        break;
      case 'A':
        if (d->m_n_args < 30)
          d->m_daemon_args[d->m_n_args++] = optarg;
        break;
      case 'r':
        d->m_repeat = atoi (optarg);
        break;
      case 'i':
        d->m_id = optarg;
        break;
      case 'f':
        d->m_action = ACT_FINGERPRINT;
        break;
      case 'h':
        d->m_action = ACT_SHA256;
        break;
      case 'c':
        d->m_action = ACT_CHECK;
        break;
      case 'H':
        fputs (usage, stdout);
        exit (0);
      default:
        fputs (usage, stderr);
        exit (2);
      }
  return optind;
}

int
main (int argc, char **argv)
{
  struct driver d;
  int first, i, rep, errors = 0;
  char hex[65];
  memset (&d, 0, sizeof d);
  triage_client_options_init (&d.m_opts);
  d.m_repeat = 1;
  d.m_opts.daemon_args = d.m_daemon_args;
  first = parse_options (argc, argv, &d);
  if (d.m_action == ACT_CHECK)
    return argc - first == 2 ? check (argv[first], argv[first + 1])
                             : (fputs (usage, stderr), 2);
  for (i = first; i < argc; i++)
    {
      json_t *request = d.m_action == ACT_SHA256 ? NULL : load (argv[i]);
      if (d.m_action == ACT_SHA256)
        print_sha256 (argv[i]);
      else if (d.m_action == ACT_FINGERPRINT)
        fingerprint_request (request, hex), printf ("%s\n", hex);
      else
        for (rep = 0; rep < d.m_repeat; rep++)
          errors += !send_one (&d, request, i - first, rep);
      json_decref (request);
    }
  return errors ? 1 : 0;
}
