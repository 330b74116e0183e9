/* The client of pyrefcheck-triaged, for the GCC plugin.
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

/* Send one request to the triage daemon and wait for its reply, never
   longer than a hard timeout; optionally start the daemon when none
   answers.  C, callable from C++; link triage/client.c (compiled with
   -fPIC for the plugin) and jansson.  See doc/protocol.md.  */

#ifndef PYREFCHECK_TRIAGE_CLIENT_H
#define PYREFCHECK_TRIAGE_CLIENT_H

#include <jansson.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C"
{
#endif

  struct triage_client_options
  {
    /* The daemon's socket; NULL for the default
       (triage_client_default_socket).  */
    const char *socket_path;
    /* The hard limit, in ms, for connecting (and starting the daemon),
       sending and receiving the reply.  */
    int timeout_ms;
    /* Start the daemon (PROGRAM --daemon --socket PATH [ARGS]) when no
       daemon listens.  */
    int autostart;
    /* The daemon to start; NULL: $PYREFCHECK_TRIAGED, else
       pyrefcheck-triaged next to the library that holds this code (the
       plugin), else on PATH.  */
    const char *daemon_program;
    /* More arguments for the daemon (NULL-terminated), or NULL.  */
    const char *const *daemon_args;
  };

  /* Fill OPTS with the defaults: default socket, 20 s, no autostart.  */
  void triage_client_options_init (struct triage_client_options *opts);

  /* Return the default socket path (malloc'ed; the caller frees it):
     $XDG_RUNTIME_DIR/pyrefcheck/triaged.sock, else
     /tmp/pyrefcheck-$UID/triaged.sock.  */
  char *triage_client_default_socket (void);

  /* Send REQUEST (borrowed; "protocol" is added when missing) to the
     daemon of OPTS and return its reply, a new object the caller owns.
     Return NULL, with a message in ERR (LEN bytes), when there is no
     reply within OPTS->timeout_ms, the daemon is absent (and could not
     be started), it closed the connection, the reply is not JSON, or it
     is an error reply.  Never raises SIGPIPE.  */
  json_t *triage_client_request (const struct triage_client_options *opts,
                                 json_t *request, char *err, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PYREFCHECK_TRIAGE_CLIENT_H */
