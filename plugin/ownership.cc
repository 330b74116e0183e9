/* pyrefcheck: loading the ownership table and looking up callees.
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
#include "system.h"
#include "coretypes.h"
#include "c-family/c-common.h"
#include "c-family/c-pragma.h"
#include "cpplib.h"
#include "tree.h"
#include "diagnostic-core.h"
#include "hash-map.h"
#include "pyrefcheck.h"

#ifndef PYREFCHECK_DBDIR
#define PYREFCHECK_DBDIR "/usr/local/share/pyrefcheck"
#endif

/* The loaded table: cpython.tbl followed by the overlays.  */
static struct odb the_db;

/* Callee -> row (NULL when the callee is not in the table).  */
static hash_map<tree, const odb_row *> *lookup_cache;

/* The Python version of the headers (0xMMmm), 0 if not known yet, and
   whether we looked.  */
static unsigned python_version;
static bool python_version_known;

/* Return true if PATH names a readable file.  */
static bool
readable_p (const char *path)
{
  return access (path, R_OK) == 0;
}

/* Return the path of cpython.tbl: from db-dir=, else next to the plugin
   in a build tree (PLUGIN_PATH/../ownership-db/), else the installed
   copy.  The result is malloc'ed.  */
static char *
find_base_table (const char *plugin_path)
{
  if (pyrefcheck_opts.db_dir)
    return concat (pyrefcheck_opts.db_dir, "/cpython.tbl", NULL);
  if (plugin_path && strchr (plugin_path, '/'))
    {
      char *dir = xstrdup (plugin_path);
      *strrchr (dir, '/') = '\0';
      char *path = concat (dir, "/../ownership-db/cpython.tbl", NULL);
      free (dir);
      if (readable_p (path))
        return path;
      free (path);
    }
  return xstrdup (PYREFCHECK_DBDIR "/cpython.tbl");
}

/* Load FILE into the table; report a failure as an error.  */
static bool
load_table (const char *file)
{
  struct odb_error err;
  memset (&err, 0, sizeof err);
  if (odb_load_file (&the_db, file, &err))
    return true;
  if (err.line)
    error ("pyrefcheck: %s:%u: %s", err.file, err.line, err.text);
  else
    error ("pyrefcheck: cannot read ownership table %qs: %s", err.file,
           err.text);
  return false;
}

/* Return the file of the overlay given as db=NAME: NAME itself, or for
   a bare name such as "numpy" (no '/', no such file) the overlay shipped
   next to BASE (cpython.tbl), overlays/NAME.tbl.  The result is
   malloc'ed.  */
static char *
overlay_file (const char *base, const char *name)
{
  if (strchr (name, '/') || readable_p (name))
    return xstrdup (name);
  char *dir = xstrdup (base);
  char *slash = strrchr (dir, '/');
  if (slash)
    slash[1] = '\0';
  else
    dir[0] = '\0';
  char *path = concat (dir, "overlays/", name, ".tbl", NULL);
  free (dir);
  if (readable_p (path))
    return path;
  free (path);
  return xstrdup (name);
}

/* Load cpython.tbl and the overlays.  PLUGIN_PATH is the plugin's own
   file name.  Return false after reporting an error.  */
bool
ownership_init (const char *plugin_path)
{
  char *base = find_base_table (plugin_path);
  bool ok;
  odb_init (&the_db);
  ok = load_table (base);
  if (!ok)
    inform (UNKNOWN_LOCATION,
            "pyrefcheck: install pyrefcheck "
            "(%<make install%>) or point %<-fplugin-arg-pyrefcheck-db-dir%> "
            "at the directory that holds %<cpython.tbl%>");
  for (unsigned i = 0; ok && i < pyrefcheck_opts.overlays.length (); i++)
    {
      char *file = overlay_file (base, pyrefcheck_opts.overlays[i]);
      ok = load_table (file);
      free (file);
    }
  free (base);
  odb_finish (&the_db);
  return ok;
}

/* Return the value of the object-like macro NAME if it is a plain
   number (decimal, or hexadecimal with 0x), else -1.  */
static long
numeric_macro_value (const char *name)
{
  if (!parse_in)
    return -1;
  cpp_hashnode *node
      = cpp_lookup (parse_in, (const unsigned char *)name, strlen (name));
  if (!node || !cpp_macro_p (node) || node->type != NT_USER_MACRO)
    return -1;
  const char *def = (const char *)cpp_macro_definition (parse_in, node);
  /* DEF is "NAME VALUE".  */
  const char *p = def + strlen (name);
  while (*p == ' ')
    p++;
  char *end;
  long v = strtol (p, &end, 0);
  /* Python writes hexadecimal numbers with a 'U' or 'L' suffix at
     times.  */
  while (*end == 'U' || *end == 'u' || *end == 'L' || *end == 'l')
    end++;
  return end != p && *end == '\0' ? v : -1;
}

/* Return the Python version (0xMMmm) of the headers the unit includes,
   or 0 when the unit includes none.  Python's patchlevel.h defines
   PY_MAJOR_VERSION and PY_MINOR_VERSION, and PY_VERSION_HEX from them;
   a header that stands in for Python's may define only PY_VERSION_HEX
   as a number.  */
unsigned
ownership_python_version ()
{
  if (!python_version_known)
    {
      long major = numeric_macro_value ("PY_MAJOR_VERSION");
      long minor = numeric_macro_value ("PY_MINOR_VERSION");
      long hex = numeric_macro_value ("PY_VERSION_HEX");
      if (major > 0 && major < 256 && minor >= 0 && minor < 256)
        python_version = (unsigned)(major << 8 | minor);
      else if (hex > 0xFFFFFF)
        python_version = (unsigned)((hex >> 16) & 0xFFFF);
      python_version_known = true;
    }
  return python_version;
}

/* Return the table row that describes calls to FNDECL, or NULL.  */
const odb_row *
ownership_lookup (tree fndecl)
{
  if (!fndecl || !DECL_NAME (fndecl))
    return NULL;
  if (!lookup_cache)
    lookup_cache = new hash_map<tree, const odb_row *>;
  if (const odb_row **cached = lookup_cache->get (fndecl))
    return *cached ? *cached : summary_lookup (fndecl);
  const odb_row *row
      = odb_lookup (&the_db, IDENTIFIER_POINTER (DECL_NAME (fndecl)),
                    ownership_python_version ());
  /* Attributes on the declaration say more than the table.  */
  if (const odb_row *attributed = attribs_row (fndecl, row))
    row = attributed;
  lookup_cache->put (fndecl, row);
  /* The unit's own functions: what their definitions showed (not cached:
     a summary appears once the function is analysed).  */
  return row ? row : summary_lookup (fndecl);
}

/* Return the table row for the function or macro called NAME, or
   NULL.  */
const odb_row *
ownership_lookup_name (const char *name)
{
  return odb_lookup (&the_db, name, ownership_python_version ());
}
