/* pyrefcheck: plugin entry point, arguments and pass registration.
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

#include "gcc-plugin.h"
#include "plugin-version.h"
#include "system.h"
#include "coretypes.h"
#include "tree.h"
#include "tree-pass.h"
#include "context.h"
#include "function.h"
#include "diagnostic-core.h"
#include "langhooks.h"
#include "pyrefcheck.h"
#include "checks.h"

/* The engine is loaded by the loader (loader.cc), which also holds the
   plugin_is_GPL_compatible symbol gcc checks.  */

struct pyrefcheck_options pyrefcheck_opts;

const char *const finding_tags[FK_MAX] = { "pyrefcheck-leak",
                                           "pyrefcheck-refcount-too-low",
                                           "pyrefcheck-use-after-release",
                                           "pyrefcheck-null-deref",
                                           "pyrefcheck-null-without-exception",
                                           "pyrefcheck-format",
                                           "pyrefcheck-varargs",
                                           "pyrefcheck-method-table",
                                           "pyrefcheck-member-table",
                                           "pyrefcheck-gc-untrack",
                                           "pyrefcheck-gil" };

/* The plugin's arguments, for help and for error messages.  */
static const struct
{
  const char *key;
  const char *value;
  const char *help;
} plugin_args[] = {
  { "fail-on", "KIND[,KIND...]",
    "report findings of these kinds as errors, so the compile fails; "
    "KIND is leak, refcount-too-low, use-after-release, null-deref, "
    "null-without-exception, format, varargs, method-table, "
    "member-table, gc-untrack, gil, all, none, or confirmed (the "
    "findings triage confirmed)" },
  { "db", "FILE",
    "also load the ownership table FILE (repeatable; later files win); "
    "a bare name loads a shipped overlay (db=numpy)" },
  { "db-dir", "DIR", "read cpython.tbl from DIR instead of the default" },
  { "verbose", NULL,
    "explain functions the analysis gives up on, and unproven paths" },
  { "stats", NULL, "print analysis statistics for the unit to stderr" },
  { "cpychecker-macros", NULL,
    "define cpychecker's WITH_CPYCHECKER_*_ATTRIBUTE macros, so that "
    "annotations guarded by them take effect (not with NumPy's headers, "
    "which then declare their API as functions that do not link)" },
  { "triage", "off|async|sync",
    "send findings to pyrefcheck-triaged (started when absent): sync "
    "waits for each verdict, async uses cached verdicts and queues the "
    "rest; off (the default) sends nothing" },
  { "triage-timeout", "SECONDS",
    "wait at most SECONDS for a verdict (default 20); past it the finding "
    "is untriaged" },
  { "triage-socket", "PATH",
    "the daemon's socket (default under "
    "$XDG_RUNTIME_DIR, else /tmp/pyrefcheck-$UID)" },
  { "triage-daemon", "PROGRAM",
    "the daemon to start when none answers (default: the installed "
    "pyrefcheck-triaged)" },
  { "show-dismissed", NULL,
    "show findings triage dismissed, as notes, instead of hiding them" },
  { "triage-allow-dismiss-definite", NULL,
    "let triage dismiss findings whose every step the plugin modeled" },
  { "sarif", "FILE|DIR",
    "also write the findings as a SARIF 2.1.0 log to FILE, or to a file "
    "of its own in the directory DIR (one per unit; merge them with "
    "pyrefcheck-sarif merge)" },
  { "annotations", "github|none",
    "also print each finding as a GitHub Actions workflow command "
    "(::warning file=...::message) to stderr" },
  { "baseline", "FILE",
    "do not report findings whose fingerprint FILE lists (made by "
    "pyrefcheck-sarif baseline); the SARIF log marks them unchanged" },
  { "max-states", "N",
    "keep at most N distinct states per basic block (default 64)" },
  { "max-nodes", "N",
    "give up on a function after N exploded nodes (default 200000)" },
  { "dump", NULL, "debug: trace the analysis to stderr" },
  { "help", NULL, "print this list" },
};

static struct plugin_info pyrefcheck_info
    = { PYREFCHECK_VERSION,
        "CPython reference-count checker; "
        "-fplugin-arg-pyrefcheck-help lists the arguments" };

/* Print the list of arguments to stderr.  */
static void
print_help (const char *base_name)
{
  fprintf (stderr,
           "pyrefcheck %s: arguments "
           "(-fplugin-arg-%s-KEY[=VALUE]):\n",
           pyrefcheck_info.version, base_name);
  for (size_t i = 0; i < ARRAY_SIZE (plugin_args); i++)
    {
      char left[64];
      snprintf (left, sizeof left, "%s%s%s", plugin_args[i].key,
                plugin_args[i].value ? "=" : "",
                plugin_args[i].value ? plugin_args[i].value : "");
      fprintf (stderr, "  %-26s %s\n", left, plugin_args[i].help);
    }
}

/* Return the list of valid keys, for an error message.  */
static char *
valid_keys ()
{
  static char buf[512];
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < ARRAY_SIZE (plugin_args); i++)
    used += snprintf (buf + used, sizeof buf - used, "%s%s", i ? ", " : "",
                      plugin_args[i].key);
  return buf;
}

/* Parse the fail-on VALUE into pyrefcheck_opts.fail_on.  */
static bool
parse_fail_on (const char *value)
{
  char *copy = xstrdup (value);
  bool ok = true;
  pyrefcheck_opts.fail_on = 0;
  pyrefcheck_opts.fail_on_confirmed = false;
  for (char *tok = strtok (copy, ","); tok; tok = strtok (NULL, ","))
    {
      int k;
      if (strcmp (tok, "all") == 0)
        {
          pyrefcheck_opts.fail_on = (1u << FK_MAX) - 1;
          continue;
        }
      if (strcmp (tok, "none") == 0)
        continue;
      if (strcmp (tok, "confirmed") == 0)
        {
          pyrefcheck_opts.fail_on_confirmed = true;
          continue;
        }
      for (k = 0; k < FK_MAX; k++)
        if (strcmp (tok, finding_tags[k] + strlen ("pyrefcheck-")) == 0)
          break;
      if (k == FK_MAX)
        {
          error ("pyrefcheck: unknown kind %qs in %<fail-on%>; valid kinds "
                 "are leak, refcount-too-low, use-after-release, "
                 "null-deref, null-without-exception, format, varargs, "
                 "method-table, member-table, gc-untrack, gil, all, none "
                 "and confirmed",
                 tok);
          ok = false;
          continue;
        }
      pyrefcheck_opts.fail_on |= 1u << k;
    }
  free (copy);
  return ok;
}

/* Parse a positive integer argument KEY=VALUE into *OUT.  */
static bool
parse_count (const char *key, const char *value, unsigned *out)
{
  char *end;
  unsigned long n = value ? strtoul (value, &end, 10) : 0;
  if (!value || *end || n == 0 || n > 100000000)
    {
      error ("pyrefcheck: %<%s%> needs a positive number, not %qs", key,
             value ? value : "");
      return false;
    }
  *out = (unsigned)n;
  return true;
}

/* Parse the triage VALUE.  */
static bool
parse_triage_mode (const char *value)
{
  if (strcmp (value, "off") == 0)
    pyrefcheck_opts.triage_mode = TRIAGE_OFF;
  else if (strcmp (value, "async") == 0)
    pyrefcheck_opts.triage_mode = TRIAGE_ASYNC;
  else if (strcmp (value, "sync") == 0)
    pyrefcheck_opts.triage_mode = TRIAGE_SYNC;
  else
    {
      error ("pyrefcheck: %<triage%> is off, async or sync, not %qs", value);
      return false;
    }
  return true;
}

/* Apply one plugin argument.  Return false after reporting an error.  */
static bool
handle_argument (const char *base_name, const plugin_argument *arg)
{
  const char *key = arg->key, *value = arg->value;
  bool needs_value = false;
  size_t i;
  for (i = 0; i < ARRAY_SIZE (plugin_args); i++)
    if (strcmp (key, plugin_args[i].key) == 0)
      {
        needs_value = plugin_args[i].value != NULL;
        break;
      }
  if (i == ARRAY_SIZE (plugin_args))
    {
      error ("pyrefcheck: unknown argument %<-fplugin-arg-%s-%s%>; valid "
             "arguments are: %s",
             base_name, key, valid_keys ());
      return false;
    }
  if (needs_value && (!value || !*value))
    {
      error ("pyrefcheck: argument %<-fplugin-arg-%s-%s%> needs a value "
             "(%<%s=%s%>)",
             base_name, key, key, plugin_args[i].value);
      return false;
    }
  if (!needs_value && value)
    {
      error ("pyrefcheck: argument %<-fplugin-arg-%s-%s%> takes no value",
             base_name, key);
      return false;
    }
  if (strcmp (key, "fail-on") == 0)
    return parse_fail_on (value);
  if (strcmp (key, "db") == 0)
    pyrefcheck_opts.overlays.safe_push (value);
  else if (strcmp (key, "db-dir") == 0)
    pyrefcheck_opts.db_dir = value;
  else if (strcmp (key, "verbose") == 0)
    pyrefcheck_opts.verbose = true;
  else if (strcmp (key, "stats") == 0)
    pyrefcheck_opts.stats = true;
  else if (strcmp (key, "dump") == 0)
    pyrefcheck_opts.dump = true;
  else if (strcmp (key, "cpychecker-macros") == 0)
    pyrefcheck_opts.cpychecker_macros = true;
  else if (strcmp (key, "max-states") == 0)
    return parse_count (key, value, &pyrefcheck_opts.max_states_per_block);
  else if (strcmp (key, "max-nodes") == 0)
    return parse_count (key, value, &pyrefcheck_opts.max_nodes);
  else if (strcmp (key, "triage") == 0)
    return parse_triage_mode (value);
  else if (strcmp (key, "triage-timeout") == 0)
    return parse_count (key, value, &pyrefcheck_opts.triage_timeout);
  else if (strcmp (key, "triage-socket") == 0)
    pyrefcheck_opts.triage_socket = value;
  else if (strcmp (key, "triage-daemon") == 0)
    pyrefcheck_opts.triage_daemon = value;
  else if (strcmp (key, "show-dismissed") == 0)
    pyrefcheck_opts.show_dismissed = true;
  else if (strcmp (key, "triage-allow-dismiss-definite") == 0)
    pyrefcheck_opts.triage_allow_definite = true;
  else if (strcmp (key, "sarif") == 0)
    pyrefcheck_opts.sarif = value;
  else if (strcmp (key, "annotations") == 0)
    return report_parse_annotations (value);
  else if (strcmp (key, "baseline") == 0)
    pyrefcheck_opts.baseline = value;
  else if (strcmp (key, "help") == 0)
    print_help (base_name);
  return true;
}

/* The GIMPLE pass: runs on each function right after "ssa", before
   early inlining, so that Py_INCREF and friends are still calls.  */

static const pass_data pyrefcheck_pass_data = {
  GIMPLE_PASS,         /* type */
  "pyrefcheck",        /* name */
  OPTGROUP_NONE,       /* optinfo_flags */
  TV_PLUGIN_RUN,       /* tv_id */
  PROP_cfg | PROP_ssa, /* properties_required */
  0,                   /* properties_provided */
  0,                   /* properties_destroyed */
  0,                   /* todo_flags_start */
  0                    /* todo_flags_finish */
};

class pyrefcheck_pass : public gimple_opt_pass
{
public:
  pyrefcheck_pass (gcc::context *ctxt)
      : gimple_opt_pass (pyrefcheck_pass_data, ctxt)
  {
  }

  unsigned int
  execute (function *fun) final override
  {
    report_pass_ran = true;
    if (main_file_function_p (fun->decl))
      {
        check_gil (fun);
        analyze_function (fun);
      }
    return 0;
  }
};

/* PLUGIN_FINISH_PARSE_FUNCTION: keep unused static functions of the main
   file alive, so that the pass sees (and checks) them.  */
static void
finish_parse_function_cb (void *gcc_data, void *)
{
  tree fndecl = (tree)gcc_data;
  if (fndecl && TREE_CODE (fndecl) == FUNCTION_DECL && !TREE_PUBLIC (fndecl)
      && main_file_function_p (fndecl))
    DECL_PRESERVE_P (fndecl) = 1;
}

/* PLUGIN_FINISH_DECL: note the functions that method tables and type
   slots point to.  */
static void
finish_decl_cb (void *gcc_data, void *)
{
  scan_decl_for_roles ((tree)gcc_data);
  check_tables_note_decl ((tree)gcc_data);
}

/* PLUGIN_FINISH_TYPE: note the unit's object structs.  */
static void
finish_type_cb (void *gcc_data, void *)
{
  check_tables_note_type ((tree)gcc_data);
}

/* PLUGIN_PRE_GENERICIZE: the checks that read a function's body as
   written (format strings), and what it calls.  */
static void
pre_genericize_cb (void *gcc_data, void *)
{
  tree fndecl = (tree)gcc_data;
  if (!fndecl || TREE_CODE (fndecl) != FUNCTION_DECL
      || !main_file_function_p (fndecl))
    return;
  auto_vec<tree> calls;
  checks_collect_calls (fndecl, &calls);
  check_format_calls (calls);
  check_tables_note_body (fndecl, calls);
}

/* PLUGIN_ALL_IPA_PASSES_START: the unit is parsed; check its tables.  */
static void
all_ipa_passes_start_cb (void *, void *)
{
  check_tables_finish ();
}

/* PLUGIN_FINISH_UNIT: print statistics.  */
static void
finish_unit_cb (void *, void *)
{
  if (pyrefcheck_opts.stats)
    engine_print_stats ();
}

/* PLUGIN_FINISH: write the SARIF log, check ignore comments.  */
static void
finish_cb (void *, void *)
{
  report_finish ();
}

/* Return true if the compiler loading us is the one we were built for;
   otherwise explain the mismatch.  */
static bool
check_gcc_version (plugin_gcc_version *version)
{
  if (plugin_default_version_check (version, &gcc_version))
    return true;
  error ("pyrefcheck: this plugin was built for GCC %s (%s), but it is "
         "loaded into GCC %s (%s); rebuild pyrefcheck with this compiler "
         "(%<./configure CC=... && make && make install%>)",
         gcc_version.basever, gcc_version.datestamp, version->basever,
         version->datestamp);
  return false;
}

/* The engine's entry point, called by the loader's plugin_init once it
   checked gcc's version.  */
extern "C" int
pyrefcheck_engine_init (struct plugin_name_args *info,
                        struct plugin_gcc_version *version)
{
  bool ok = true;
  if (!check_gcc_version (version))
    return 1;
  pyrefcheck_opts.max_states_per_block = 64;
  pyrefcheck_opts.max_nodes = 200000;
  pyrefcheck_opts.triage_timeout = 20;
  triage_init (info->full_name);
  for (int i = 0; i < info->argc; i++)
    ok &= handle_argument (info->base_name, &info->argv[i]);
  if (!ok)
    return 1;
  register_callback (info->base_name, PLUGIN_INFO, NULL, &pyrefcheck_info);

  /* lto1 and other front ends: nothing to do.  The C front end calls
     itself "GNU C17", "GNU C89"...  */
  const char *lang = lang_hooks.name;
  if (strncmp (lang, "GNU C", 5) != 0 || (lang[5] && !ISDIGIT (lang[5])))
    {
      if (strncmp (lang, "GNU C++", 7) == 0)
        inform (UNKNOWN_LOCATION, "pyrefcheck: C++ translation units are "
                                  "not analysed yet; only C is supported");
      return 0;
    }
  if (!ownership_init (info->full_name))
    return 1;
  if (pyrefcheck_opts.baseline
      && !report_load_baseline (pyrefcheck_opts.baseline))
    return 1;

  attribs_register (info->base_name);
  register_callback (info->base_name, PLUGIN_FINISH_PARSE_FUNCTION,
                     finish_parse_function_cb, NULL);
  register_callback (info->base_name, PLUGIN_FINISH_DECL, finish_decl_cb,
                     NULL);
  register_callback (info->base_name, PLUGIN_FINISH_UNIT, finish_unit_cb,
                     NULL);
  register_callback (info->base_name, PLUGIN_FINISH_TYPE, finish_type_cb,
                     NULL);
  register_callback (info->base_name, PLUGIN_PRE_GENERICIZE, pre_genericize_cb,
                     NULL);
  register_callback (info->base_name, PLUGIN_ALL_IPA_PASSES_START,
                     all_ipa_passes_start_cb, NULL);
  register_callback (info->base_name, PLUGIN_FINISH, finish_cb, NULL);
  struct register_pass_info pass_info;
  pass_info.pass = new pyrefcheck_pass (g);
  pass_info.reference_pass_name = "ssa";
  pass_info.ref_pass_instance_number = 1;
  pass_info.pos_op = PASS_POS_INSERT_AFTER;
  register_callback (info->base_name, PLUGIN_PASS_MANAGER_SETUP, NULL,
                     &pass_info);
  return 0;
}
