// The client library and reasons.h, used from C++ as the GCC plugin does
// (-fno-rtti -fno-exceptions): an absent daemon is a clear error within the
// timeout, and a dismissal without evidence is refused.
#include "client.h"
#include "reasons.h"
#include <cstdio>
int
main ()
{
  struct triage_client_options opts;
  triage_client_options_init (&opts);
  opts.socket_path = "/nonexistent/sock";
  opts.timeout_ms = 200;
  json_t *req = json_pack ("{s:s}", "type", "ping");
  char err[256];
  json_t *reply = triage_client_request (&opts, req, err, sizeof err);
  struct triage_facts facts = {};
  facts.kind = "leak";
  int ok
      = triage_check_dismissal (&facts, "stolen-by-call", 3, err + 128, 128);
  std::printf ("%s|%d|%s\n", reply ? "reply" : err, ok, err + 128);
  json_decref (req);
  return reply == NULL && !ok ? 0 : 1;
}
