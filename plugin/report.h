/* pyrefcheck: where findings go besides gcc's diagnostics.
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

#ifndef PYREFCHECK_REPORT_H
#define PYREFCHECK_REPORT_H

#include "../triage/strbuf.h"

/* Include after engine.h.  */

/* How a finding is shown.  */
enum report_state
{
  REPORT_SHOWN,      /* a warning or an error */
  REPORT_SUPPRESSED, /* silenced by a comment in the source */
  REPORT_BASELINED   /* its fingerprint is in the baseline */
};

/* A finding about to be reported (diag.cc fills it).  */
struct report_finding
{
  const char *tag;      /* "pyrefcheck-leak" */
  const char *message;  /* without the tag */
  location_t loc;       /* the user's location */
  const char *function; /* the function it is in */
  /* Every numbered event of the path, the last one included.  */
  const vec<triage_event> *events;
  /* The triage verdict, or NULL when triage did not run.  */
  const triage_verdict *verdict;
  /* fail-on makes it an error.  */
  bool error;

  /* Set by report_classify.  */
  enum report_state state;
  char fingerprint[65];
  /* REPORT_SUPPRESSED: the comment's reason.  */
  const char *justification;
};

/* report.cc (and, in pyrefcheck.h, what plugin.cc calls).  */
enum report_state report_classify (report_finding *r);
void report_done (report_finding *r, bool shown);

/* sarif.cc: a log of the unit's findings.  */
void sarif_add_result (const report_finding &r);
bool sarif_write (const char *dest);
char *sarif_file_uri (const char *file);

/* suppress.cc: ignore comments in the source.  */
const char *suppress_lookup (const char *file, int line, const char *tag);
void suppress_finish ();
bool regular_file_p (const char *file);

/* JSON strings into a strbuf (sarif.cc).  */
void strbuf_json_string (struct strbuf *b, const char *s, size_t n);
void strbuf_json_cstring (struct strbuf *b, const char *s);

#endif /* PYREFCHECK_REPORT_H */
