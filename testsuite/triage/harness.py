"""Shared pieces of the triage tests: a fake model server, the real daemon
on a real Unix socket, requests sent through the client library
(triage-request), and PASS/FAIL reporting.  Everything runs on this
machine: the daemon talks only to the fake server on 127.0.0.1."""

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

TOP_SRCDIR = os.environ.get("top_srcdir", os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")))
TOP_BUILDDIR = os.environ.get("top_builddir", TOP_SRCDIR)
DAEMON = os.path.join(TOP_BUILDDIR, "triage", "pyrefcheck-triaged")
DRIVER = os.path.join(TOP_BUILDDIR, "triage", "triage-request")
HERE = os.path.dirname(os.path.abspath(__file__))
API_KEY = "sk-test-SECRET-5f2d9c81e7a4b3"

failures = []
passes = []


def check(cond, name, detail=""):
    """Report one assertion."""
    if cond:
        passes.append(name)
        print("PASS: " + name)
    else:
        failures.append(name)
        print("FAIL: " + name + (" -- " + str(detail) if detail else ""))
    sys.stdout.flush()
    return cond


def finish():
    print("%d passed, %d failed" % (len(passes), len(failures)))
    return 1 if failures else 0


def require_programs():
    for prog in (DAEMON, DRIVER):
        if not os.access(prog, os.X_OK):
            print("SKIP: %s is not built" % prog)
            sys.exit(77)


SOURCE = """static PyObject *
bad_append (PyObject *self, PyObject *args)
{
  PyObject *item = PyLong_FromLong (1);
  helper_store (item);
  if (n < 0)
    return NULL;
  Py_RETURN_NONE;
}"""


def make_request(n=0, first_line=10, source=SOURCE, definite=False, **kw):
    """A triage request for the leak of 'item' in SOURCE; N varies it."""
    f = first_line
    req = {
        "protocol": 1, "type": "triage", "id": "req-%d" % n,
        "mode": "sync", "deadline_ms": 10000,
        "finding": {"kind": "leak", "tag": "pyrefcheck-leak",
                    "message": "leak of 'item'" + (" #%d" % n if n else ""),
                    "file": "spam.c", "function": "bad_append",
                    "line": f + 7, "definite": definite,
                    "why_unproven": "'helper_store' has no ownership row"},
        "source": {"first_line": f, "text": source},
        "events": [
            {"n": 1, "line": f + 3, "kind": "acquire",
             "text": "new reference returned by 'PyLong_FromLong' is "
                     "stored in 'item'"},
            {"n": 2, "line": f + 4, "kind": "call",
             "text": "'helper_store' is called with 'item'"},
            {"n": 3, "line": f + 5, "kind": "branch",
             "text": "following 'false' branch..."},
            {"n": 4, "line": f + 7, "kind": "end",
             "text": "'item' leaks here; acquired at (1)"}],
        "calls": [
            {"line": f + 3, "callee": "PyLong_FromLong", "known": True,
             "row": "PyLong_FromLong new null-exc nonobj all c-api/long "
                    "curated",
             "steals": [], "releases": [], "sets_exception": True},
            {"line": f + 4, "callee": "helper_store", "known": False,
             "row": None, "steals": [], "releases": [],
             "sets_exception": False}],
        "conditions": [{"line": f + 5, "text": "if (n < 0)"}],
    }
    req.update(kw)
    return req


class Env:
    """A temporary directory with a fake model server and daemons."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix="pyrefcheck-%s-" % name)
        os.chmod(self.dir, 0o700)
        self.sock_dir = os.path.join(self.dir, "run")
        self.socket = os.path.join(self.sock_dir, "triaged.sock")
        self.cache = os.path.join(self.dir, "cache")
        self.mode_file = os.path.join(self.dir, "mode")
        self.http_log = os.path.join(self.dir, "http.log")
        self.procs = []
        self.port = None
        self.daemon = None
        self.daemon_log = None
        self.nreq = 0

    def env(self, **extra):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith("PYREFCHECK_") and
             k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")}
        e["XDG_CONFIG_HOME"] = os.path.join(self.dir, "config")
        e["XDG_CACHE_HOME"] = os.path.join(self.dir, "xdgcache")
        e["XDG_RUNTIME_DIR"] = os.path.join(self.dir, "xdgrun")
        e.update(extra)
        return e

    def start_server(self, mode="good"):
        self.set_mode(mode)
        port_file = os.path.join(self.dir, "port")
        p = subprocess.Popen([sys.executable, os.path.join(HERE,
                                                           "fake-llm.py"),
                              "--port-file", port_file, "--log",
                              self.http_log, "--mode-file", self.mode_file,
                              "--lifetime", "300"])
        self.procs.append(p)
        for _ in range(500):
            if os.path.exists(port_file):
                break
            time.sleep(0.01)
        with open(port_file) as f:
            self.port = int(f.read())
        open(self.http_log, "a").close()

    def set_mode(self, mode):
        with open(self.mode_file, "w") as f:
            f.write(mode)

    def http_requests(self):
        with open(self.http_log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def llm_env(self, api="openai", model="fake-model", key=API_KEY):
        base = "http://127.0.0.1:%d" % self.port
        return {"PYREFCHECK_LLM_API": api,
                "PYREFCHECK_LLM_URL": base + ("/v1" if api == "openai"
                                              else ""),
                "PYREFCHECK_LLM_MODEL": model,
                "PYREFCHECK_LLM_API_KEY": key}

    def start_daemon(self, args=(), api="openai", wait=True, preexec=None,
                     **envkw):
        """Start the daemon in the foreground (a child of this test)."""
        extra = self.llm_env(api) if api != "offline" else {}
        extra.update(envkw)
        self.daemon_log = os.path.join(self.dir, "daemon-%d.log"
                                       % len(self.procs))
        logf = open(self.daemon_log, "w")
        cmd = [DAEMON, "--socket", self.socket, "--cache", self.cache,
               "--idle-timeout", "120"] + list(args)
        p = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT,
                             env=self.env(**extra), preexec_fn=preexec)
        logf.close()
        self.procs.append(p)
        self.daemon = p
        if wait:
            self.wait_socket()
        return p

    def wait_socket(self, timeout=5.0):
        end = time.time() + timeout
        while time.time() < end:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(self.socket)
                s.close()
                return True
            except OSError:
                time.sleep(0.02)
        return False

    def stop_daemon(self):
        p = self.daemon
        if p and p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.daemon = None

    def daemon_output(self):
        with open(self.daemon_log, errors="replace") as f:
            return f.read()

    def send(self, request, timeout_ms=15000, extra_args=()):
        """Send REQUEST through the client library; return (reply or None,
        stderr, seconds)."""
        self.nreq += 1
        path = os.path.join(self.dir, "request-%d.json" % self.nreq)
        with open(path, "w") as f:
            json.dump(request, f)
        t0 = time.time()
        r = subprocess.run([DRIVER, "--socket", self.socket, "--timeout",
                            str(timeout_ms)] + list(extra_args) + [path],
                           capture_output=True, text=True, env=self.env())
        dt = time.time() - t0
        reply = json.loads(r.stdout) if r.returncode == 0 and r.stdout \
            else None
        return reply, r.stderr.strip(), dt

    def stats(self):
        reply, err, _ = self.send({"protocol": 1, "type": "stats"})
        return reply or {}

    def raw(self, data, timeout=5.0):
        """Send raw bytes on a socket; return what comes back until EOF or
        a reply line."""
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(timeout)
        s.connect(self.socket)
        s.sendall(data)
        out = b""
        try:
            while not out.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        finally:
            s.close()
        return out.decode()

    def cleanup(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if not (failures and os.environ.get("PYREFCHECK_KEEP_TMP")):
            shutil.rmtree(self.dir, ignore_errors=True)


def variant(req, **changes):
    r = copy.deepcopy(req)
    r.update(changes)
    return r
