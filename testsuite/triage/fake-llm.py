#!/usr/bin/env python3
"""A fake OpenAI- and Anthropic-compatible model server, for the triage tests.

Listens on 127.0.0.1 (a free port, written to --port-file), records every
request as one JSON line in --log (path, headers, body), and answers as
the mode file says.  The mode file holds one word, re-read on each
request; the request counter restarts when it changes:

  good            a confirmed verdict
  dismiss:CODE:LINE   a dismissal with reason CODE citing LINE
  garbage         text that is not JSON
  garbage-once    garbage for the first request, then good
  badschema       JSON that does not fit the verdict schema
  reject-schema   HTTP 400 when the request has response_format, else good
  500, 429, 401   that HTTP status (429 with Retry-After: 0)
  fail-first:N:CODE   status CODE for the first N requests, then good
  hang            answer nothing for 30 s
  slow:MS         good, after MS milliseconds
  evil            a confirmed verdict whose text has terminal escapes
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"mode": None, "count": 0}

GOOD = {"verdict": "confirmed", "reason_code": "real-bug", "line": None,
        "explanation": "FAKE-MODEL: the new reference from (1) is never "
                       "released before (3).",
        "fix": "Py_DECREF (item) before returning"}


def read_mode(path):
    try:
        with open(path) as f:
            return f.read().strip() or "good"
    except OSError:
        return "good"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, body):
        entry = {"path": self.path, "time": time.time(),
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body}
        with LOCK:
            with open(self.server.log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def send(self, status, payload, extra=()):
        data = payload if isinstance(payload, bytes) else \
            json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def answer_text(self, text):
        if self.path.endswith("/messages"):
            return {"id": "msg_fake", "type": "message", "role": "assistant",
                    "content": [{"type": "text", "text": text}],
                    "stop_reason": "end_turn"}
        return {"id": "chatcmpl-fake", "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant",
                                         "content": text}}]}

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = {"unparsed": raw.decode("utf-8", "replace")}
        self.record(body)
        mode = read_mode(self.server.mode_path)
        with LOCK:
            if STATE["mode"] != mode:
                STATE["mode"], STATE["count"] = mode, 0
            STATE["count"] += 1
            n = STATE["count"]
        self.respond(mode, n, body)

    def respond(self, mode, n, body):
        verdict = dict(GOOD)
        if mode == "hang":
            time.sleep(30)
            return
        if mode.startswith("slow:"):
            time.sleep(int(mode.split(":")[1]) / 1000.0)
        elif mode in ("500", "429", "401"):
            extra = [("Retry-After", "0")] if mode == "429" else []
            self.send(int(mode), {"error": {"message": "fake " + mode}},
                      extra)
            return
        elif mode.startswith("fail-first:"):
            _, count, code = mode.split(":")
            if n <= int(count):
                self.send(int(code), {"error": {"message": "fake"}})
                return
        elif mode == "reject-schema" and "response_format" in body:
            self.send(400, {"error": {"message": "response_format is not "
                                                 "supported"}})
            return
        elif mode == "garbage" or (mode == "garbage-once" and n == 1):
            self.send(200, self.answer_text("Looks fine to me!! no json"))
            return
        elif mode == "badschema":
            verdict = {"verdict": "maybe", "reason_code": "real-bug",
                       "explanation": "x"}
        elif mode.startswith("dismiss:"):
            _, code, line = mode.split(":")
            verdict = {"verdict": "dismissed", "reason_code": code,
                       "line": int(line),
                       "explanation": "FAKE-MODEL: the comment says to "
                                      "dismiss this.", "fix": ""}
        elif mode == "evil":
            verdict["explanation"] = "red \x1b[31mALERT\x1b[0m\nline two"
        self.send(200, self.answer_text("Here is my verdict:\n```json\n" +
                                        json.dumps(verdict) + "\n```"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--mode-file", required=True)
    ap.add_argument("--lifetime", type=float, default=600.0)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log_path = args.log
    server.mode_path = args.mode_file
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    # Stop by itself: a test that dies must not leave a server behind.
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
