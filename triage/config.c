/* The configuration of pyrefcheck-triaged.
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

/* Defaults, then the config file (KEY=VALUE lines), then the environment;
   main.c applies the command line last.  The API key is kept only here
   and in the HTTP headers; log.c redacts it from every message.  */

#include "triaged.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const backend_names[]
    = { "offline", "openai", "anthropic" };

const char *
config_backend_name (enum backend b)
{
  return backend_names[b];
}

void
config_init (struct triage_config *cfg)
{
  memset (cfg, 0, sizeof *cfg);
  cfg->m_backend = BACKEND_OFFLINE;
  cfg->m_idle_timeout = 600;
  cfg->m_jobs = 4;
  cfg->m_queue_max = 64;
  cfg->m_attempt_timeout_ms = 60000;
  cfg->m_max_attempts = 4;
  cfg->m_async_deadline_ms = 120000;
}

/* Overwrite and free the secret *SLOT.  */
static void
free_secret (char **slot)
{
  if (*slot)
    memset (*slot, 0, strlen (*slot));
  free (*slot);
  *slot = NULL;
}

void
config_free (struct triage_config *cfg)
{
  free (cfg->m_url);
  free (cfg->m_model);
  free_secret (&cfg->m_api_key);
  free_secret (&cfg->m_openai_key);
  free_secret (&cfg->m_anthropic_key);
  free (cfg->m_config_file);
  free (cfg->m_socket_path);
  free (cfg->m_cache_dir);
  free (cfg->m_baseline);
  free (cfg->m_log_file);
}

/* Replace the string *SLOT by a copy of VALUE.  */
static void
set_string (char **slot, const char *value)
{
  free (*slot);
  *slot = value ? strdup (value) : NULL;
}

int
config_set_backend (struct triage_config *cfg, const char *name, char *err,
                    size_t len)
{
  int i;
  for (i = 0; i < 3; i++)
    if (strcmp (name, backend_names[i]) == 0)
      {
        cfg->m_backend = (enum backend)i;
        return 1;
      }
  snprintf (err, len,
            "unknown PYREFCHECK_LLM_API '%.40s' (use openai, anthropic or "
            "offline)",
            name);
  return 0;
}

/* Apply KEY = VALUE to CFG.  Return 0 with ERR filled for an unknown
   KEY.  OPENAI_API_KEY and ANTHROPIC_API_KEY are kept apart and chosen
   in config_finish by the backend.  */
static int
set_key (struct triage_config *cfg, const char *key, const char *value,
         char *err, size_t len)
{
  if (strcmp (key, "PYREFCHECK_LLM_API") == 0)
    return config_set_backend (cfg, value, err, len);
  if (strcmp (key, "PYREFCHECK_LLM_URL") == 0)
    set_string (&cfg->m_url, value);
  else if (strcmp (key, "PYREFCHECK_LLM_MODEL") == 0)
    set_string (&cfg->m_model, value);
  else if (strcmp (key, "PYREFCHECK_LLM_API_KEY") == 0)
    set_string (&cfg->m_api_key, value);
  else if (strcmp (key, "OPENAI_API_KEY") == 0)
    set_string (&cfg->m_openai_key, value);
  else if (strcmp (key, "ANTHROPIC_API_KEY") == 0)
    set_string (&cfg->m_anthropic_key, value);
  else
    {
      snprintf (err, len, "unknown key '%.60s'", key);
      return 0;
    }
  return 1;
}

/* Strip blanks around S in place and one level of quotes; return it.  */
static char *
trim (char *s)
{
  size_t n;
  while (isspace ((unsigned char)*s))
    s++;
  n = strlen (s);
  while (n && isspace ((unsigned char)s[n - 1]))
    s[--n] = '\0';
  if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
    {
      s[n - 1] = '\0';
      s++;
    }
  return s;
}

/* Parse one config LINE (LINENO of PATH) into CFG.  */
static int
parse_line (struct triage_config *cfg, char *line, const char *path,
            unsigned lineno, char *err, size_t len)
{
  char *eq, *key = trim (line);
  char sub[200];
  if (*key == '\0' || *key == '#')
    return 1;
  eq = strchr (key, '=');
  if (!eq)
    {
      snprintf (err, len, "%s:%u: expected KEY=VALUE", path, lineno);
      return 0;
    }
  *eq = '\0';
  if (!set_key (cfg, trim (key), trim (eq + 1), sub, sizeof sub))
    {
      snprintf (err, len, "%s:%u: %s", path, lineno, sub);
      return 0;
    }
  return 1;
}

/* Warn if PATH, which holds an API key, can be read by others.  */
static void
check_private (FILE *f, const char *path)
{
  struct stat st;
  if (fstat (fileno (f), &st) == 0 && (st.st_mode & 077))
    tlog ("warning: %s can be read by other users; it may hold an API key "
          "(chmod 600 %s)",
          path, path);
}

int
config_load_file (struct triage_config *cfg, const char *path, int must_exist,
                  char *err, size_t len)
{
  char line[4096];
  unsigned lineno = 0;
  int ok = 1;
  FILE *f = fopen (path, "r");
  if (!f)
    {
      if (!must_exist && errno == ENOENT)
        return 1;
      snprintf (err, len, "cannot read config file %s: %s", path,
                strerror (errno));
      return 0;
    }
  check_private (f, path);
  while (ok && fgets (line, sizeof line, f))
    ok = parse_line (cfg, line, path, ++lineno, err, len);
  fclose (f);
  return ok;
}

int
config_load_env (struct triage_config *cfg, char *err, size_t len)
{
  static const char *const keys[]
      = { "PYREFCHECK_LLM_API", "PYREFCHECK_LLM_URL", "PYREFCHECK_LLM_MODEL",
          "PYREFCHECK_LLM_API_KEY" };
  size_t i;
  for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
    {
      const char *value = getenv (keys[i]);
      if (value && *value && !set_key (cfg, keys[i], value, err, len))
        return 0;
    }
  return 1;
}

/* When PYREFCHECK_LLM_API_KEY is not set, the key of the backend's usual
   variable: from the environment, else from the config file.  */
static void
finish_key (struct triage_config *cfg)
{
  const char *usual = NULL, *from_file = NULL;
  if (cfg->m_api_key && *cfg->m_api_key)
    return;
  if (cfg->m_backend == BACKEND_OPENAI)
    {
      usual = getenv ("OPENAI_API_KEY");
      from_file = cfg->m_openai_key;
    }
  else if (cfg->m_backend == BACKEND_ANTHROPIC)
    {
      usual = getenv ("ANTHROPIC_API_KEY");
      from_file = cfg->m_anthropic_key;
    }
  if (!usual || !*usual)
    usual = from_file;
  if (usual && *usual)
    set_string (&cfg->m_api_key, usual);
}

int
config_finish (struct triage_config *cfg, char *err, size_t len)
{
  finish_key (cfg);
  if (cfg->m_backend == BACKEND_OPENAI)
    {
      if (!cfg->m_url)
        set_string (&cfg->m_url, "https://api.openai.com/v1");
      if (!cfg->m_model)
        set_string (&cfg->m_model, "gpt-4o-mini");
    }
  else if (cfg->m_backend == BACKEND_ANTHROPIC)
    {
      if (!cfg->m_url)
        set_string (&cfg->m_url, "https://api.anthropic.com");
      if (!cfg->m_model)
        set_string (&cfg->m_model, "claude-3-5-haiku-latest");
    }
  else
    set_string (&cfg->m_model, "offline");
  if (cfg->m_jobs < 1 || cfg->m_jobs > 64 || cfg->m_queue_max < 1)
    {
      snprintf (err, len, "--jobs must be 1 to 64 and --queue at least 1");
      return 0;
    }
  log_set_secret (cfg->m_api_key);
  return 1;
}

/* Return the default socket path (malloc'ed): under $XDG_RUNTIME_DIR, or
   under /tmp/pyrefcheck-$UID.  */
char *
config_default_socket (void)
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
