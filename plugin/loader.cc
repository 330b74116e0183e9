/* pyrefcheck: the plugin gcc loads, which checks gcc's version and then
   loads the checker itself (pyrefcheck-engine.so).
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

/* A plugin built against one gcc cannot run in another: its references to
   cc1's internals do not resolve, and dlopen fails with "undefined symbol:
   _Z19mark_dfs_back_edgesP8function" before any of the plugin's code
   runs.  This loader uses none of cc1's symbols (only the plugin API's C
   structures and the C library), so any gcc loads it; it compares gcc's
   version with the one it was built for, says so clearly on a mismatch,
   and otherwise loads the engine, which does use cc1's internals.  */

#include "gcc-plugin.h"
#include "plugin-version.h"
#include <dlfcn.h>

int plugin_is_GPL_compatible;

/* The engine's entry point (plugin.cc).  */
typedef int (*engine_init_fn) (struct plugin_name_args *,
                               struct plugin_gcc_version *);

#define ENGINE_FILE "pyrefcheck-engine.so"

/* Return true if gcc's VERSION is the one the plugin was built for, as
   plugin_default_version_check decides (which is cc1's, so not usable
   here).  */
static bool
same_gcc_p (const struct plugin_gcc_version *version)
{
  return strcmp (version->basever, gcc_version.basever) == 0
         && strcmp (version->datestamp, gcc_version.datestamp) == 0
         && strcmp (version->devphase, gcc_version.devphase) == 0
         && strcmp (version->revision, gcc_version.revision) == 0
         && strcmp (version->configuration_arguments,
                    gcc_version.configuration_arguments)
                == 0;
}

int
plugin_init (struct plugin_name_args *info, struct plugin_gcc_version *version)
{
  if (!same_gcc_p (version))
    {
      /* Debian names gcc 11.3.0 gcc-11.  */
      int major = (int)strcspn (version->basever, ".");
      fprintf (stderr,
               "cc1: error: pyrefcheck was built for GCC %s (%s) and cannot "
               "run in GCC %s (%s); rebuild it for this compiler: "
               "./configure PLUGIN_CC=gcc-%.*s CXX=g++-%.*s && make && make "
               "install\n",
               gcc_version.basever, gcc_version.datestamp, version->basever,
               version->datestamp, major, version->basever, major,
               version->basever);
      return 1;
    }
  /* The engine lives next to this file.  (No malloc: gcc's headers
     poison it.)  */
  const char *slash = strrchr (info->full_name, '/');
  int dir = slash ? (int)(slash - info->full_name + 1) : 0;
  char path[4096];
  if (snprintf (path, sizeof path, "%.*s%s", dir, info->full_name, ENGINE_FILE)
      >= (int)sizeof path)
    {
      fprintf (stderr, "cc1: error: pyrefcheck: plugin path too long\n");
      return 1;
    }
  void *engine = dlopen (path, RTLD_NOW | RTLD_GLOBAL);
  if (!engine)
    {
      fprintf (stderr,
               "cc1: error: pyrefcheck: cannot load %s: %s (is pyrefcheck "
               "fully installed?)\n",
               path, dlerror ());
      return 1;
    }
  engine_init_fn init
      = (engine_init_fn)dlsym (engine, "pyrefcheck_engine_init");
  if (!init)
    {
      fprintf (stderr, "cc1: error: pyrefcheck: %s has no entry point\n",
               ENGINE_FILE);
      return 1;
    }
  return init (info, version);
}
