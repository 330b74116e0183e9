/* pyrefcheck: declarations shared by the plugin's files.
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

#ifndef PYREFCHECK_H
#define PYREFCHECK_H

/* Include after the GCC headers.  */

#include "../ownership-db/odb.h"

#define PYREFCHECK_NAME "pyrefcheck"
#define PYREFCHECK_VERSION "0.1"

/* The kinds of finding; each has a stable tag users and tests match.  */
enum finding_kind
{
  FK_LEAK,
  FK_REFCOUNT_TOO_LOW,
  FK_USE_AFTER_RELEASE,
  FK_NULL_DEREF,
  FK_NULL_WITHOUT_EXCEPTION,
  /* The checks of checks.h: not about reference counts.  */
  FK_FORMAT,       /* a format string and its arguments disagree */
  FK_VARARGS,      /* a missing NULL sentinel, a wrong count */
  FK_METHOD_TABLE, /* a PyMethodDef entry and its function disagree */
  FK_MEMBER_TABLE, /* a PyMemberDef type and its field disagree */
  FK_GC_UNTRACK,   /* a GC type's tp_dealloc does not untrack */
  FK_GIL,          /* Python touched with the GIL released */
  FK_MAX
};

/* "pyrefcheck-leak" and so on, indexed by finding_kind.  */
extern const char *const finding_tags[FK_MAX];

/* When findings go to the triage daemon.  */
enum triage_mode
{
  TRIAGE_OFF,
  TRIAGE_ASYNC, /* a cached verdict if there is one; queue the rest */
  TRIAGE_SYNC   /* wait for the verdict (up to triage-timeout) */
};

/* Settings from -fplugin-arg-pyrefcheck-KEY[=VALUE].  */
struct pyrefcheck_options
{
  /* Bit (1 << kind) set: findings of that kind are errors.  */
  unsigned fail_on;
  /* Explain functions the engine gives up on, and unproven paths.  */
  bool verbose;
  /* Print per-unit statistics to stderr at the end.  */
  bool stats;
  /* Limits that keep the analysis of one function bounded.  */
  unsigned max_states_per_block;
  unsigned max_nodes;
  /* Ownership tables given with db=FILE, in order.  */
  vec<const char *> overlays;
  /* Directory of cpython.tbl (db-dir=DIR), or NULL for the default.  */
  const char *db_dir;
  /* Debug: dump the exploded graph of each function to stderr.  */
  bool dump;
  /* Define cpychecker's WITH_CPYCHECKER_*_ATTRIBUTE macros.  */
  bool cpychecker_macros;
  /* fail-on=confirmed: findings triage confirmed are errors.  */
  bool fail_on_confirmed;
  /* Triage (triage.cc): mode, seconds per request, socket and daemon
     (NULL for the defaults), dismissed findings shown as notes, and
     dismissals of definite findings allowed.  */
  enum triage_mode triage_mode;
  unsigned triage_timeout;
  const char *triage_socket;
  const char *triage_daemon;
  bool show_dismissed;
  bool triage_allow_definite;
  /* Reports (report.cc): the SARIF log's file or directory, GitHub
     annotations, and the baseline file (NULL when none).  */
  const char *sarif;
  bool annotations_github;
  const char *baseline;
};

extern struct pyrefcheck_options pyrefcheck_opts;

/* ownership.cc */
bool ownership_init (const char *plugin_path);
unsigned ownership_python_version ();
const odb_row *ownership_lookup (tree fndecl);
const odb_row *ownership_lookup_name (const char *name);

/* report.cc */
bool report_parse_annotations (const char *value);
bool report_load_baseline (const char *file);
void report_finish ();
extern bool report_pass_ran;

/* triage.cc */
void triage_init (const char *plugin_path);

/* summary.cc */
const odb_row *summary_lookup (tree fndecl);

/* attribs.cc */
void attribs_register (const char *plugin_name);
const odb_row *attribs_row (tree fndecl, const odb_row *base);

/* pyapi.cc: recognising CPython things in GIMPLE.  */

/* What a function defined in the unit is used for, found by scanning
   method tables and type slots.  */
enum fn_role
{
  ROLE_NONE,     /* a helper, or not known */
  ROLE_METHOD,   /* PyMethodDef ml_meth, getter, or a slot returning a
                    new reference (NULL means error) */
  ROLE_ITERNEXT, /* tp_iternext: may return NULL without an exception */
  ROLE_INIT      /* PyInit_*: returns a new module or NULL on error */
};

/* CPython's constants (methodobject.h, object.h, typeslots.h).  */
#define PY_METH_VARARGS 0x0001
#define PY_METH_KEYWORDS 0x0002
#define PY_METH_NOARGS 0x0004
#define PY_METH_O 0x0008
#define PY_METH_CLASS 0x0010
#define PY_METH_STATIC 0x0020
#define PY_METH_FASTCALL 0x0080
#define PY_METH_METHOD 0x0200
#define PY_TPFLAGS_HAVE_GC (1UL << 14)
#define PY_TPFLAGS_LIST_SUBCLASS (1UL << 25)
#define PY_TPFLAGS_TUPLE_SUBCLASS (1UL << 26)
#define PY_TPFLAGS_BYTES_SUBCLASS (1UL << 27)
#define PY_TPFLAGS_UNICODE_SUBCLASS (1UL << 28)
#define PY_TPFLAGS_DICT_SUBCLASS (1UL << 29)
#define PY_TP_DEALLOC_SLOT 52
#define PY_TP_ITERNEXT_SLOT 63
#define PY_TP_METHODS_SLOT 64
#define PY_TP_MEMBERS_SLOT 72

/* What a refcount primitive (Py_INCREF, Py_XDECREF, Py_NewRef...) does
   to its object, the last argument.  */
enum prim_kind
{
  PRIM_NONE,
  PRIM_INCREF,
  PRIM_DECREF,
  PRIM_NEWREF
};

enum prim_kind refcount_primitive (const char *name, bool *null_ok);
bool object_free_p (const char *name);
const char *type_tag_name (const_tree type);
tree constructor_field (tree init, const char *name);
tree function_address (tree value);
bool pyobject_pointer_type_p (const_tree type);
bool pyobject_struct_type_p (const_tree type);
bool pyobject_ob_type_offset_p (const_tree type, HOST_WIDE_INT offset);
bool immortal_object_decl_p (const_tree decl);
enum fn_role function_role (tree fndecl);
int function_nonnull_params (tree fndecl);
void scan_decl_for_roles (tree decl);
location_t user_location (location_t loc);
bool main_file_function_p (tree fndecl);

/* engine.cc */
void analyze_function (function *fun);
void engine_print_stats ();

#endif /* PYREFCHECK_H */
