/* The ownership table: CPython C API reference-ownership semantics.
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

/* The table is plain text, one row per function (see README.md in this
   directory for the format).  This parser is shared by the GCC plugin
   (compiled as C++) and by the triage daemon and pyrefcheck-db (C), so
   it is written in the common subset of both languages.  */

#ifndef PYREFCHECK_ODB_H
#define PYREFCHECK_ODB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C"
{
#endif

  /* What a function returns.  */
  enum odb_ret
  {
    ODB_RET_NEW,      /* a new (strong) reference the caller must release */
    ODB_RET_BORROWED, /* a borrowed reference */
    ODB_RET_NONOBJ,   /* something that is not an object (int, char *...) */
    ODB_RET_VOID,     /* nothing */
    ODB_RET_COUNT,    /* a size or count: an integer never negative */
    ODB_RET_UNKNOWN   /* an object whose ownership is not recorded */
  };

  /* How a function reports failure.  */
  enum odb_err
  {
    ODB_ERR_NEVER,          /* cannot fail */
    ODB_ERR_NULL_EXC,       /* NULL with an exception set */
    ODB_ERR_NULL_NOEXC,     /* NULL without an exception (not an error) */
    ODB_ERR_NULL_MAYBE_EXC, /* NULL with or without an exception */
    ODB_ERR_NEG1_EXC,       /* -1 (negative) with an exception set */
    ODB_ERR_NEG1_AMBIGUOUS, /* -1 with an exception, or -1 as a value */
    ODB_ERR_ZERO_EXC,       /* 0 with an exception set */
    ODB_ERR_ZERO_NOEXC,     /* 0 without an exception (exhausted) */
    ODB_ERR_LOOKUP,         /* -1 + exception, 0 = not found, 1 = found */
    ODB_ERR_ALWAYS_EXC,     /* always sets an exception */
    ODB_ERR_CLEARS_EXC,     /* never fails; clears the error indicator */
    ODB_ERR_CHECKS_EXC,     /* result is non-zero iff an exception is set */
    ODB_ERR_UNKNOWN,        /* convention not recorded */
    ODB_ERR_STATUS_EXC      /* 0 on success, -1 with an exception set */
  };

  /* What a function does with one argument.  */
  enum odb_arg
  {
    ODB_ARG_NONOBJ,   /* not an object */
    ODB_ARG_BORROWED, /* borrowed: caller keeps its reference */
    ODB_ARG_STEALS,   /* takes the caller's reference, even on failure */
    ODB_ARG_STEALS_ON_SUCCESS, /* takes it only when the call succeeds */
    ODB_ARG_OUT_NEW,           /* PyObject ** that receives a new reference */
    ODB_ARG_OUT_BORROWED,      /* PyObject ** that receives a borrowed one */
    ODB_ARG_INOUT_NEW,         /* PyObject ** whose object may be replaced: the
                                  caller owns the new one iff it owned the
                                  old one (NULL on failure) */
    ODB_ARG_UNKNOWN            /* not recorded: the function may keep,
                                  release or steal it */
  };

/* Flag or-ed into an argument kind: the argument may be NULL.  */
#define ODB_ARG_MAYBE_NULL 0x80
#define ODB_ARG_KIND(A) ((enum odb_arg) ((A)&0x7f))

  /* What the variable arguments of a variadic function are.  */
  enum odb_varargs
  {
    ODB_VARARGS_NONE,    /* not variadic */
    ODB_VARARGS_UNKNOWN, /* variadic, meaning not recorded */
    ODB_VARARGS_PARSE,   /* PyArg_Parse* outputs: borrowed references */
    ODB_VARARGS_BUILD,   /* Py_BuildValue: "O" borrows, "N" steals */
    ODB_VARARGS_OBJS     /* NULL-terminated borrowed objects */
  };

/* Maximum number of fixed parameters a row can describe.  */
#define ODB_MAX_ARGS 24

  /* One row of the table.  */
  struct odb_row
  {
    char *name;
    enum odb_ret ret;
    enum odb_err err;
    unsigned char nargs;
    unsigned char args[ODB_MAX_ARGS];
    enum odb_varargs varargs;
    /* Versions as 0xMMmm (0x030D for 3.13); 0 when unbounded.  */
    unsigned py_min, py_max;
    int curated;
    char *source;
    /* Where the row was read, for messages.  */
    const char *file;
    unsigned line;
    /* Load order, so that later overlays win over earlier files.  */
    unsigned seq;
  };

  /* A loaded table: rows sorted by name (then load order) after
     odb_finish.  */
  struct odb
  {
    struct odb_row *rows;
    size_t n_rows, alloc;
    /* File names, owned by the table.  */
    char **files;
    size_t n_files;
  };

  /* Error report: the caller owns it; the first error wins.  */
  struct odb_error
  {
    char file[256];
    unsigned line;
    char text[256];
  };

  void odb_init (struct odb *db);
  void odb_free (struct odb *db);
  int odb_load_file (struct odb *db, const char *path, struct odb_error *err);
  int odb_load_string (struct odb *db, const char *text, const char *name,
                       struct odb_error *err);
  void odb_finish (struct odb *db);
  const struct odb_row *odb_lookup (const struct odb *db, const char *name,
                                    unsigned pyver);
  int odb_check_sorted (const char *path, struct odb_error *err);

  const char *odb_ret_name (enum odb_ret);
  const char *odb_err_name (enum odb_err);
  const char *odb_arg_name (enum odb_arg);
  const char *odb_varargs_name (enum odb_varargs);
  void odb_format_args (const struct odb_row *row, char *buf, size_t len);
  void odb_format_versions (const struct odb_row *row, char *buf, size_t len);
  const char *odb_describe_err (enum odb_err);
  const char *odb_describe_arg (enum odb_arg);

#ifdef __cplusplus
}
#endif

#endif /* PYREFCHECK_ODB_H */
