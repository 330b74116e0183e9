/* pyrefcheck-triaged: the LLM triage daemon.
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

/* Options and configuration, the socket and its private directory, the
   single-instance lock, detaching (--daemon), then the server loop.  */

#include "config.h"
#include "triaged.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char usage[]
    = "Usage: pyrefcheck-triaged [OPTION]...\n"
      "Triage pyrefcheck's unproven findings with a language model; serve "
      "the\nGCC plugin on a Unix socket (protocol: doc/protocol.md).\n\n"
      "  --socket PATH          listen on PATH (default: "
      "$XDG_RUNTIME_DIR/pyrefcheck/\n"
      "                         triaged.sock, else "
      "/tmp/pyrefcheck-$UID/triaged.sock)\n"
      "  --daemon               detach once the socket is ready\n"
      "  --idle-timeout SECONDS exit after SECONDS without work (default "
      "600; 0: never)\n"
      "  --cache DIR            verdict cache (default: "
      "$XDG_CACHE_HOME/pyrefcheck/triage)\n"
      "  --no-cache             keep no verdict cache\n"
      "  --baseline FILE        serve the reviewed verdicts of FILE first "
      "(read-only)\n"
      "  --export-baseline FILE write the cache's verdicts to FILE and "
      "exit\n"
      "  --config FILE          read settings from FILE (default: "
      "$XDG_CONFIG_HOME/\n"
      "                         pyrefcheck/triaged.conf)\n"
      "  --log FILE             append messages to FILE (with --daemon, "
      "default:\n"
      "                         triaged.log beside the socket)\n"
      "  --jobs N               at most N model calls at once (default 4)\n"
      "  --queue N              at most N distinct triages in flight; more "
      "are\n"
      "                         answered \"untriaged\" (busy) (default 64)\n"
      "  --attempt-timeout MS   give up one HTTP attempt after MS "
      "(default 60000)\n"
      "  --help, --version\n\n"
      "Environment (or KEY=VALUE lines of the config file):\n"
      "  PYREFCHECK_LLM_API     offline (default: no network), openai or "
      "anthropic\n"
      "  PYREFCHECK_LLM_URL     base URL (https://api.openai.com/v1, "
      "https://api.anthropic.com)\n"
      "  PYREFCHECK_LLM_MODEL   model name\n"
      "  PYREFCHECK_LLM_API_KEY API key (or OPENAI_API_KEY, "
      "ANTHROPIC_API_KEY)\n";

enum
{
  OPT_SOCKET = 256,
  OPT_DAEMON,
  OPT_IDLE,
  OPT_CACHE,
  OPT_NO_CACHE,
  OPT_BASELINE,
  OPT_EXPORT,
  OPT_CONFIG,
  OPT_LOG,
  OPT_JOBS,
  OPT_QUEUE,
  OPT_ATTEMPT,
  OPT_HELP,
  OPT_VERSION
};

static const struct option options[]
    = { { "socket", required_argument, NULL, OPT_SOCKET },
        { "daemon", no_argument, NULL, OPT_DAEMON },
        { "idle-timeout", required_argument, NULL, OPT_IDLE },
        { "cache", required_argument, NULL, OPT_CACHE },
        { "no-cache", no_argument, NULL, OPT_NO_CACHE },
        { "baseline", required_argument, NULL, OPT_BASELINE },
        { "export-baseline", required_argument, NULL, OPT_EXPORT },
        { "config", required_argument, NULL, OPT_CONFIG },
        { "log", required_argument, NULL, OPT_LOG },
        { "jobs", required_argument, NULL, OPT_JOBS },
        { "queue", required_argument, NULL, OPT_QUEUE },
        { "attempt-timeout", required_argument, NULL, OPT_ATTEMPT },
        { "help", no_argument, NULL, OPT_HELP },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 } };

/* What the command line asked for besides the configuration.  */
struct cmdline
{
  const char *m_export;
  int m_no_cache;
};

/* Return ARG as a non-negative integer, or exit with a message on
   OPTION.  */
static int
number (const char *arg, const char *option)
{
  char *end;
  long n = strtol (arg, &end, 10);
  if (*arg == '\0' || *end != '\0' || n < 0 || n > 100000000)
    {
      fprintf (stderr, "pyrefcheck-triaged: %s: not a number: %s\n", option,
               arg);
      exit (2);
    }
  return (int)n;
}

/* Replace *SLOT by a copy of VALUE.  */
static void
set (char **slot, const char *value)
{
  free (*slot);
  *slot = strdup (value);
}

/* Apply option OPT (ARG) to CFG and CMD.  */
static void
apply_option (int opt, const char *arg, struct triage_config *cfg,
              struct cmdline *cmd)
{
  switch (opt)
    {
    case OPT_SOCKET:
      set (&cfg->m_socket_path, arg);
      break;
    case OPT_DAEMON:
      cfg->m_daemon = 1;
      break;
    case OPT_IDLE:
      cfg->m_idle_timeout = number (arg, "--idle-timeout");
      break;
    case OPT_CACHE:
      set (&cfg->m_cache_dir, arg);
      break;
    case OPT_NO_CACHE:
      cmd->m_no_cache = 1;
      break;
    case OPT_BASELINE:
      set (&cfg->m_baseline, arg);
      break;
    case OPT_EXPORT:
      cmd->m_export = arg;
      break;
    case OPT_CONFIG:
      set (&cfg->m_config_file, arg);
      break;
    case OPT_LOG:
      set (&cfg->m_log_file, arg);
      break;
    case OPT_JOBS:
      cfg->m_jobs = number (arg, "--jobs");
      break;
    case OPT_QUEUE:
      cfg->m_queue_max = number (arg, "--queue");
      break;
    case OPT_ATTEMPT:
      cfg->m_attempt_timeout_ms = number (arg, "--attempt-timeout");
      break;
    case OPT_HELP:
      fputs (usage, stdout);
      exit (0);
    case OPT_VERSION:
      printf ("pyrefcheck-triaged (%s) %s\nprotocol %d\n", PACKAGE_NAME,
              PACKAGE_VERSION, TRIAGE_PROTOCOL);
      exit (0);
    default:
      fputs ("Try 'pyrefcheck-triaged --help'.\n", stderr);
      exit (2);
    }
}

/* Return $VAR/SUFFIX or $HOME/FALLBACK/SUFFIX (malloc'ed).  */
static char *
xdg_path (const char *var, const char *fallback, const char *suffix)
{
  const char *base = getenv (var), *home = getenv ("HOME");
  char *path;
  int n;
  if (base && *base == '/')
    n = asprintf (&path, "%s/%s", base, suffix);
  else
    n = asprintf (&path, "%s/%s/%s", home ? home : "/", fallback, suffix);
  return n < 0 ? NULL : path;
}

/* Read the configuration: the file, the environment, then the command
   line ARGV over them.  Exit on an error.  */
static void
configure (int argc, char **argv, struct triage_config *cfg,
           struct cmdline *cmd)
{
  char err[5000];
  int opt;
  while ((opt = getopt_long (argc, argv, "", options, NULL)) != -1)
    apply_option (opt, optarg, cfg, cmd);
  if (optind < argc)
    apply_option ('?', NULL, cfg, cmd);
  if (!cfg->m_config_file
          ? !config_load_file (
              cfg,
              (cfg->m_config_file = xdg_path ("XDG_CONFIG_HOME", ".config",
                                              "pyrefcheck/triaged.conf")),
              0, err, sizeof err)
          : !config_load_file (cfg, cfg->m_config_file, 1, err, sizeof err))
    goto out_fail;
  if (!config_load_env (cfg, err, sizeof err)
      || !config_finish (cfg, err, sizeof err))
    goto out_fail;
  if (!cfg->m_socket_path)
    cfg->m_socket_path = config_default_socket ();
  if (!cfg->m_cache_dir && !cmd->m_no_cache)
    cfg->m_cache_dir
        = xdg_path ("XDG_CACHE_HOME", ".cache", "pyrefcheck/triage");
  return;
out_fail:
  fprintf (stderr, "pyrefcheck-triaged: %s\n", err);
  exit (2);
}

/* Make sure DIR exists, is ours, and only we can enter it.  */
static int
private_dir (const char *dir, char *err, size_t len)
{
  struct stat st;
  if (!mkdir_p (dir, 0700, err, len))
    return 0;
  if (lstat (dir, &st) != 0)
    return snprintf (err, len, "%s: %s", dir, strerror (errno)), 0;
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    return snprintf (err, len, "%s: not a directory of this user", dir), 0;
  if (st.st_mode & 077)
    return snprintf (err, len,
                     "refusing %s: other users can enter it (chmod 700 %s)",
                     dir, dir),
           0;
  return 1;
}

/* Take the lock of the daemon of SOCKET_PATH.  Return the lock's fd, -1
   if another daemon holds it (*OTHER set), or -2 on error.  */
static int
take_lock (const char *socket_path, int *other, char *err, size_t len)
{
  char path[4200];
  int fd;
  snprintf (path, sizeof path, "%s.lock", socket_path);
  fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return snprintf (err, len, "%s: %s", path, strerror (errno)), -2;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;
  close (fd);
  if (errno != EWOULDBLOCK)
    return snprintf (err, len, "%s: %s", path, strerror (errno)), -2;
  *other = 1;
  return -1;
}

/* Listen on PATH (the stale socket of a dead daemon is replaced).  */
static int
listen_on (const char *path, char *err, size_t len)
{
  struct sockaddr_un addr;
  int fd;
  memset (&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen (path) >= sizeof addr.sun_path)
    return snprintf (err, len, "socket path too long: %s", path), -1;
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  unlink (path);
  if (fd < 0 || bind (fd, (struct sockaddr *)&addr, sizeof addr) != 0
      || chmod (path, 0600) != 0 || listen (fd, 128) != 0)
    {
      snprintf (err, len, "cannot listen on %s: %s", path, strerror (errno));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

/* Write into PATH (LEN bytes) the log file of CFG with --daemon.  */
static void
log_path (const struct triage_config *cfg, char *path, size_t len)
{
  char dir[4096];
  if (cfg->m_log_file)
    snprintf (path, len, "%s", cfg->m_log_file);
  else
    {
      snprintf (dir, sizeof dir, "%s", cfg->m_socket_path);
      snprintf (path, len, "%s/triaged.log", dirname (dir));
    }
}

/* With --daemon: fork; the parent waits until the child says on a pipe
   that it is ready ('R'), that another daemon runs ('A'), or fails (EOF),
   and exits accordingly, pointing at the log of CFG on failure.  Return in
   the child the pipe's write end.  */
static int
detach (const struct triage_config *cfg)
{
  char path[4200];
  int fds[2];
  char c = 0;
  pid_t pid;
  if (pipe (fds) != 0 || (pid = fork ()) < 0)
    {
      perror ("pyrefcheck-triaged: cannot detach");
      exit (1);
    }
  if (pid == 0)
    {
      close (fds[0]);
      setsid ();
      return fds[1];
    }
  close (fds[1]);
  while (read (fds[0], &c, 1) < 0 && errno == EINTR)
    ;
  if (c == 'R' || c == 'A')
    exit (0);
  log_path (cfg, path, sizeof path);
  fprintf (stderr, "pyrefcheck-triaged: the daemon did not start; see %s\n",
           path);
  exit (1);
}

/* Tell the parent of a --daemon child (READY_FD) the outcome C.  */
static void
tell_parent (int *ready_fd, char c)
{
  if (*ready_fd < 0)
    return;
  if (write (*ready_fd, &c, 1) < 0)
    {
      /* The parent is gone: nothing to tell.  */
    }
  close (*ready_fd);
  *ready_fd = -1;
}

/* Send stdin and stdout to /dev/null and messages to the log of CFG.  */
static void
redirect_output (const struct triage_config *cfg)
{
  char path[4200];
  int null = open ("/dev/null", O_RDWR);
  if (null >= 0)
    {
      dup2 (null, 0);
      dup2 (null, 1);
      close (null);
    }
  log_path (cfg, path, sizeof path);
  if (!log_to_file (path))
    dup2 (0, 2);
}

/* The signal handler of SIGTERM and SIGINT.  */
static void
on_signal (int sig)
{
  server_request_stop ();
}

/* Install the signal handlers: stop on SIGTERM and SIGINT; a closed peer
   or a file-size limit is an error return, not a death.  */
static void
setup_signals (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  signal (SIGXFSZ, SIG_IGN);
}

/* Export the baseline of CFG's cache to PATH; return the exit status.  */
static int
export_baseline (const struct triage_config *cfg, const char *path)
{
  char err[5000];
  struct cache *cache;
  if (!cfg->m_cache_dir)
    return fprintf (stderr, "pyrefcheck-triaged: no cache to export\n"), 2;
  cache = cache_open (cfg->m_cache_dir, err, sizeof err);
  if (!cache || !baseline_export (cache, path, err, sizeof err))
    {
      fprintf (stderr, "pyrefcheck-triaged: %s\n", err);
      cache_close (cache);
      return 1;
    }
  printf ("pyrefcheck-triaged: %zu verdicts of %s written to %s\n",
          cache_count (cache), cfg->m_cache_dir, path);
  cache_close (cache);
  return 0;
}

/* Open the cache and the baseline of CFG; exit if the baseline is bad.
   A cache that cannot be used is reported; the daemon runs without.  */
static void
open_stores (const struct triage_config *cfg, struct cache **cache,
             json_t **baseline)
{
  char err[5000];
  *cache = NULL;
  *baseline = NULL;
  if (cfg->m_baseline
      && !(*baseline = baseline_load (cfg->m_baseline, err, sizeof err)))
    {
      tlog ("%s", err);
      exit (2);
    }
  if (cfg->m_cache_dir
      && !(*cache = cache_open (cfg->m_cache_dir, err, sizeof err)))
    tlog ("%s; running without a cache", err);
}

/* Set up the socket of CFG and serve until stopped; return the exit
   status.  */
static int
serve (const struct triage_config *cfg)
{
  char dir[4200], err[5000];
  int ready_fd = cfg->m_daemon ? detach (cfg) : -1, other = 0, lock, fd;
  struct cache *cache;
  json_t *baseline;
  snprintf (dir, sizeof dir, "%s", cfg->m_socket_path);
  if (!private_dir (dirname (dir), err, sizeof err)
      || (lock = take_lock (cfg->m_socket_path, &other, err, sizeof err))
             == -2)
    return tlog ("%s", err), 1;
  if (lock == -1)
    {
      tlog ("another pyrefcheck-triaged serves %s", cfg->m_socket_path);
      tell_parent (&ready_fd, 'A');
      return 0;
    }
  /* From here on a detached daemon's messages (a torn cache...) go to its
     log.  */
  if (cfg->m_daemon)
    redirect_output (cfg);
  open_stores (cfg, &cache, &baseline);
  if ((fd = listen_on (cfg->m_socket_path, err, sizeof err)) < 0)
    return tlog ("%s", err), 1;
  tlog ("serving %s (protocol %d, backend %s, model %s, cache %s)",
        cfg->m_socket_path, TRIAGE_PROTOCOL,
        config_backend_name (cfg->m_backend), cfg->m_model,
        cache ? cfg->m_cache_dir : "none");
  tell_parent (&ready_fd, 'R');
  server_run (cfg, fd, cache, baseline);
  close (fd);
  unlink (cfg->m_socket_path);
  cache_close (cache);
  json_decref (baseline);
  close (lock);
  return 0;
}

int
main (int argc, char **argv)
{
  struct triage_config cfg;
  struct cmdline cmd = { NULL, 0 };
  int status;
  config_init (&cfg);
  configure (argc, argv, &cfg, &cmd);
  if (cmd.m_export)
    status = export_baseline (&cfg, cmd.m_export);
  else
    {
      setup_signals ();
      curl_global_init (CURL_GLOBAL_DEFAULT);
      status = serve (&cfg);
      curl_global_cleanup ();
    }
  config_free (&cfg);
  return status;
}
