#!/usr/bin/env python3
"""SARIF logs (-fplugin-arg-pyrefcheck-sarif=FILE|DIR): valid against the
SARIF 2.1.0 schema, one result per finding with its level, location,
every path event and a fingerprint; one file per unit in a directory,
also under make -j; hostile file names; a log that cannot be written is
a clear error, never an ICE; pyrefcheck-sarif merge combines a build's
logs, a finding of a file two units include once."""

import json
import os
import re
import resource
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "sarif"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "triage"))
import common as c  # noqa: E402
from common import check  # noqa: E402

KINDS = r"""#include <Python.h>
PyObject *leaks (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE;
}

PyObject *releases_borrowed (PyObject *list)
{
  PyObject *x = PyList_GetItem (list, 0);
  Py_DECREF (x);
  Py_RETURN_NONE;
}

Py_ssize_t derefs_null (PyObject *o)
{
  PyObject *s = PyObject_Str (o);
  Py_ssize_t n = Py_SIZE (s);
  Py_DECREF (s);
  return n;
}

static PyObject *
no_exception (PyObject *self, PyObject *args)
{
  return NULL;
}

static PyMethodDef methods[] = {
  { "no_exception", no_exception, METH_VARARGS, NULL },
  { NULL, NULL, 0, NULL }
};

PyObject *
use_after_release (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_DECREF (item);
  return PyObject_Repr (item);
}
"""

TAGS = ["pyrefcheck-leak", "pyrefcheck-refcount-too-low",
        "pyrefcheck-use-after-release", "pyrefcheck-null-deref",
        "pyrefcheck-null-without-exception"]
# Every rule: the reference-count tags, then the checks beyond them.
ALL_TAGS = TAGS + ["pyrefcheck-format", "pyrefcheck-varargs",
                   "pyrefcheck-method-table", "pyrefcheck-member-table",
                   "pyrefcheck-gc-untrack", "pyrefcheck-gil"]

LEAK = r"""#include <Python.h>
PyObject *leaks (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE;
}
"""


def diag_lines(out):
    """The warnings and errors of OUT as (file, line, col, level, text),
    and the number of numbered path notes."""
    found = re.findall(r"^(.*?):(\d+):(\d+): (warning|error): (.*) \[(pyrefcheck-[a-z-]+)\]$",
                       out, re.M)
    notes = len(re.findall(r"^.*?:\d+:\d+: note: \(\d+\) ", out, re.M))
    return found, notes


def test_kinds(tmp, validator):
    src = c.write(os.path.join(tmp, "kinds.c"), KINDS)
    log = os.path.join(tmp, "kinds.sarif")
    rc, out = c.compile_unit(src, "sarif=" + log)
    check(rc == 0 and os.path.exists(log), "a unit with findings writes its "
          "log", out)
    data = c.load_log(log)
    check(c.schema_errors(validator, data) == "",
          "the log is valid against the SARIF 2.1.0 schema",
          c.schema_errors(validator, data))
    broken = json.loads(json.dumps(data))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    check(validator is not None and c.schema_errors(validator, broken) != "",
          "(the schema check is not vacuous: a level 'fatal' is refused)")
    driver = data["runs"][0]["tool"]["driver"]
    check(driver["name"] == "pyrefcheck" and driver["version"]
          and [r["id"] for r in driver["rules"]] == ALL_TAGS,
          "tool.driver: name, version, one rule per tag", driver)
    res = c.results(data)
    diags, notes = diag_lines(out)
    check(sorted(r["ruleId"] for r in res) == sorted(d[5] for d in diags)
          and set(TAGS) <= set(r["ruleId"] for r in res),
          "one result per finding, every kind present", (res, out))
    ok = True
    nevents = 0
    for r, d in zip(res, diags):
        loc = r["locations"][0]["physicalLocation"]
        ok &= (loc["artifactLocation"]["uri"] == "file://" + src
               and loc["region"]["startLine"] == int(d[1])
               and loc["region"]["startColumn"] == int(d[2])
               and r["level"] == d[3] == "warning"
               and r["message"]["text"] == d[4]
               and re.fullmatch("[0-9a-f]{64}",
                                r["partialFingerprints"]["pyrefcheck/v1"])
               is not None)
        evs = r["codeFlows"][0]["threadFlows"][0]["locations"]
        nevents += len(evs)
        ok &= all(e["location"]["message"]["text"].startswith("(%d) " % (i + 1))
                  and e["executionOrder"] == i + 1 for i, e in enumerate(evs))
    check(ok, "each result: rule, level, message, file URI, line and "
          "column as gcc reports them, a fingerprint", (res, out))
    check(nevents == notes and notes > 0,
          "codeFlows hold every numbered path event (%d)" % notes, out)
    leak = [r for r in res if r["ruleId"] == "pyrefcheck-leak"][0]
    texts = [e["location"]["message"]["text"] for e in
             leak["codeFlows"][0]["threadFlows"][0]["locations"]]
    check(texts == ["(1) new reference returned by 'PyLong_FromLong' is "
                    "stored in 'item'",
                    "(2) following 'false' branch (when 'item' is "
                    "non-NULL)...",
                    "(3) 'item' leaks here; acquired at (1)"],
          "the events' messages are gcc's notes", texts)
    check("baselineState" not in leak and "suppressions" not in leak,
          "no baseline state without a baseline, no suppression", leak)

    rc, out = c.compile_unit(src, "sarif=" + log, "fail-on=leak")
    data = c.load_log(log)
    levels = {r["ruleId"]: r["level"] for r in c.results(data)}
    check(rc != 0 and levels["pyrefcheck-leak"] == "error"
          and levels["pyrefcheck-null-deref"] == "warning",
          "fail-on=leak: the compile fails, the log is still written, leaks "
          "are errors in it and the rest warnings", (rc, levels))
    rc, out = c.compile_unit(src, "sarif=" + log, cflags=["-Werror"])
    levels = set(r["level"] for r in c.results(c.load_log(log)))
    check(rc != 0 and levels == {"error"}, "-Werror: every result is an "
          "error, as emitted", levels)

    clean = c.write(os.path.join(tmp, "clean.c"),
                    "#include <Python.h>\nint f (void) { return 0; }\n")
    rc, out = c.compile_unit(clean, "sarif=" + log)
    data = c.load_log(log)
    check(rc == 0 and c.results(data) == []
          and c.schema_errors(validator, data) == "",
          "a unit without findings: a valid log with no results", out)


def test_triage(tmp, validator):
    import harness as h
    if not os.access(h.DAEMON, os.X_OK):
        check(False, "the triage daemon is built")
        return
    env = h.Env("sarif")
    try:
        env.start_daemon(api="offline")
        src = c.write(os.path.join(tmp, "tri.c"), LEAK)
        log = os.path.join(tmp, "tri.sarif")
        rc, out = c.compile_unit(src, "sarif=" + log, "triage=sync",
                                 "triage-socket=" + env.socket,
                                 "triage-timeout=20")
        data = c.load_log(log)
        tri = c.results(data)[0].get("properties", {}).get("triage", {})
        check(rc == 0 and tri.get("verdict") == "unverified"
              and tri.get("explanation") and tri.get("model")
              and c.schema_errors(validator, data) == "",
              "triage ran: the verdict and explanation are the result's "
              "properties", (tri, out))
    finally:
        env.stop_daemon()
        env.cleanup()


def test_directory(tmp, validator):
    d = os.path.join(tmp, "logs")
    os.mkdir(d)
    for sub in ("a", "b"):
        os.mkdir(os.path.join(tmp, sub))
        c.write(os.path.join(tmp, sub, "mod.c"), LEAK)
    # Four compilers at once, as under make -j: two files of the same name,
    # and one file compiled twice to two objects.
    procs = []
    for sub, obj in (("a", "x.o"), ("a", "y.o"), ("b", "x.o"), ("b", "z.o")):
        cmd = [c.CC, "-c", "-o", os.path.join(tmp, sub, obj)] + c.PYINC + [
            "-fplugin=" + c.PLUGIN, "-fplugin-arg-pyrefcheck-db-dir=" +
            c.DBDIR, "-fplugin-arg-pyrefcheck-sarif=" + d,
            os.path.join(tmp, sub, "mod.c")]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT))
    outs = [p.communicate()[0].decode() for p in procs]
    names = sorted(os.listdir(d))
    check(all(p.returncode == 0 for p in procs) and len(names) == 4
          and all(re.fullmatch(r"mod\.c\.[0-9a-f]{16}\.sarif", n)
                  for n in names),
          "sarif=DIR under make -j: one log per unit, named after its "
          "source, none overwritten, no temporary file left", (names, outs))
    check(all(len(c.results(c.load_log(os.path.join(d, n)))) == 1
              for n in names), "each log holds its unit's finding")
    subprocess.run(procs[0].args, capture_output=True)
    check(sorted(os.listdir(d)) == names,
          "a rebuild replaces its own log", os.listdir(d))
    rc, out = c.compile_unit(os.path.join(tmp, "a", "mod.c"),
                             "sarif=" + os.path.join(tmp, "new") + "/")
    check(rc != 0 and "cannot write the SARIF log" in out and c.no_ice(out),
          "sarif=DIR/ that does not exist: a clear error", out)


def test_hostile_name(tmp, validator):
    name = 'q"b\\s\x01 %\xff\u00e9.c'
    d = os.path.join(tmp, "hostile")
    os.mkdir(d)
    path = os.path.join(d.encode(), name.encode("utf-8", "surrogateescape")
                        .replace(b"\xc3\xbf", b"\xff"))
    with open(path, "w") as f:
        f.write(LEAK)
    log = os.path.join(tmp, "hostile.sarif")
    rc, out = c.compile_unit(path, "sarif=" + log)
    try:
        data = c.load_log(log)
    except (OSError, ValueError) as e:
        check(False, "a hostile file name: the log is still UTF-8 JSON", e)
        return
    uri = c.results(data)[0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]
    check(uri.endswith("/q%22b%5Cs%01%20%25%FF%C3%A9.c")
          and c.schema_errors(validator, data) == "",
          "a file name with quotes, backslash, control and non-UTF-8 bytes: "
          "a valid log, the URI percent-encoded", uri)
    check(re.fullmatch(r"[0-9a-f]{64}", c.results(data)[0][
        "partialFingerprints"]["pyrefcheck/v1"]) is not None,
        "... and a fingerprint")
    # Hostile text inside the log: a function name is an identifier, but
    # a #line file name is anything.
    src = c.write(os.path.join(tmp, "linefile.c"),
                  '#include <Python.h>\n#line 1 "a\\"\\\\\\n\\t\\001.c"\n'
                  + LEAK.split("\n", 1)[1])
    rc, out = c.compile_unit(src, "sarif=" + log)
    data = c.load_log(log)
    check(rc == 0 and c.schema_errors(validator, data) == ""
          and len(c.results(data)) == 1 and c.no_ice(out),
          "a #line name with a quote, backslash, newline, tab, control "
          "byte: valid JSON and schema", out)


def test_write_failures(tmp):
    src = c.write(os.path.join(tmp, "wf.c"), LEAK)
    blocker = c.write(os.path.join(tmp, "regular"), "")
    rc, out = c.compile_unit(src, "sarif=" + blocker + "/x.sarif")
    check(rc != 0 and "error: pyrefcheck: cannot write the SARIF log" in out
          and "Not a directory" in out and c.no_ice(out),
          "an unwritable destination: a clear error, no ICE", out)
    rc, out = c.compile_unit(src, "sarif=" + os.path.join(tmp, "no", "x"))
    check(rc != 0 and "No such file or directory" in out and c.no_ice(out),
          "a missing directory: a clear error", out)

    # A full disk, as a file size limit (SIGXFSZ ignored: EFBIG).
    log = os.path.join(tmp, "full", "big.sarif")
    os.mkdir(os.path.dirname(log))

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    cmd = [c.CC, "-S", "-o", "/dev/null"] + c.PYINC + [
        "-fplugin=" + c.PLUGIN, "-fplugin-arg-pyrefcheck-db-dir=" + c.DBDIR,
        "-fplugin-arg-pyrefcheck-sarif=" + log, src]
    r = subprocess.run(cmd, capture_output=True, preexec_fn=limit,
                       timeout=120)
    out = (r.stdout + r.stderr).decode()
    check(r.returncode != 0 and "cannot write the SARIF log" in out
          and "File too large" in out and c.no_ice(out)
          and os.listdir(os.path.dirname(log)) == [],
          "a full disk: a clear error, no half-written log or temporary "
          "file left", (out, os.listdir(os.path.dirname(log))))


SHARED = r"""static PyObject *
shared_leak (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE;
}
"""


def test_merge(tmp, validator):
    d = os.path.join(tmp, "merge")
    logs = os.path.join(d, "logs")
    os.makedirs(logs)
    c.write(os.path.join(d, "shared.c"), SHARED)
    for unit in ("one", "two"):
        c.write(os.path.join(d, unit + ".c"),
                '#include <Python.h>\n#include "shared.c"\n'
                'PyObject *%s_leak (long n)\n{\n'
                '  PyObject *x = PyLong_FromLong (n);\n'
                '  if (x == NULL)\n    return NULL;\n'
                '  Py_RETURN_NONE;\n}\n' % unit)
        rc, out = c.compile_unit(os.path.join(d, unit + ".c"),
                                 "sarif=" + logs)
    parts = [c.load_log(os.path.join(logs, n)) for n in os.listdir(logs)]
    check(len(parts) == 2 and all(len(c.results(p)) == 2 for p in parts),
          "two units including the same .c file: two findings each", out)
    merged = os.path.join(d, "all.sarif")
    rc, out = c.sarif_tool("merge", merged, logs)
    data = c.load_log(merged)
    fns = sorted(r["locations"][0]["logicalLocations"][0]["name"]
                 for r in c.results(data))
    check(rc == 0 and len(data["runs"]) == 1
          and fns == ["one_leak", "shared_leak", "two_leak"]
          and c.schema_errors(validator, data) == "",
          "merge: one run, the shared finding once, valid", (out, fns))
    check([r["id"] for r in data["runs"][0]["tool"]["driver"]["rules"]]
          == sorted(ALL_TAGS), "merge: the rules once each")
    bad = c.write(os.path.join(d, "bad.sarif"), "{not json")
    rc, out = c.sarif_tool("merge", merged, bad)
    check(rc == 1 and "cannot read" in out and c.load_log(merged) == data,
          "merge of a broken log: an error, the output left as it was", out)


CHECKS = r"""#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *
builds (PyObject *self, PyObject *args)
{
  return Py_BuildValue ("l", 1);
}
static PyMethodDef methods[] = {
  { "builds", builds, METH_VARARGS, NULL },
};
static struct PyModuleDef def = {
  PyModuleDef_HEAD_INIT, "checks", NULL, -1, methods,
};
void *keep = &def;
"""


def test_checks(tmp, validator):
    """The checks beyond reference counts: results without a path; a
    table entry has no function."""
    src = c.write(os.path.join(tmp, "checks.c"), CHECKS)
    log = os.path.join(tmp, "checks.sarif")
    rc, out = c.compile_unit(src, "sarif=" + log)
    data = c.load_log(log)
    res = c.results(data)
    diags, _ = diag_lines(out)
    check(rc == 0 and c.schema_errors(validator, data) == ""
          and sorted(r["ruleId"] for r in res)
          == ["pyrefcheck-format", "pyrefcheck-method-table"]
          and sorted(r["ruleId"] for r in res) == sorted(d[5] for d in diags),
          "format and method-table findings are valid results", (res, out))
    by_rule = {r["ruleId"]: r for r in res}
    fmt, table = by_rule.get("pyrefcheck-format"), \
        by_rule.get("pyrefcheck-method-table")
    check(fmt is not None and table is not None
          and "codeFlows" not in fmt and "codeFlows" not in table
          and fmt["locations"][0]["logicalLocations"][0]["name"] == "builds"
          and "logicalLocations" not in table["locations"][0]
          and fmt["locations"][0]["physicalLocation"]["region"]["startLine"]
          == 6,
          "no codeFlows without a path; the function, or none for a table",
          res)


def test_modes(tmp, validator):
    """Preprocessed input, -save-temps, -E and -fsyntax-only."""
    src = c.write(os.path.join(tmp, "modes.c"), LEAK.replace(
        "  Py_RETURN_NONE;",
        "  /* pyrefcheck: ignore[leak] kept for the modes test */\n"
        "  Py_RETURN_NONE;"))
    log = os.path.join(tmp, "modes.sarif")
    rc, out = c.compile_unit(src, "sarif=" + log)
    check(rc == 0 and len(c.results(c.load_log(log))) == 1
          and "silences no finding" not in out,
          "a unit with a suppressed finding: one result, no warning", out)
    rc, out = c.compile_unit(src, "sarif=" + log, cflags=("-E",))
    check(rc == 0 and len(c.results(c.load_log(log))) == 1
          and "pyrefcheck" not in out.split("# 1")[0],
          "-E leaves the log of the real compile alone", out[-2000:])
    rc, out = c.compile_unit(src, "sarif=" + log,
                             cflags=("-fsyntax-only",))
    check(rc == 0 and "silences no finding" not in out,
          "-fsyntax-only: no 'silences no finding' for comments the "
          "analysis never had a chance to use", out)
    pre = os.path.join(tmp, "modes.i")
    r = subprocess.run([c.CC, "-E", "-o", pre] + c.PYINC + [src],
                       capture_output=True)
    rc, out = c.compile_unit(pre, "sarif=" + log)
    check(r.returncode == 0 and rc == 0 and c.no_ice(out)
          and "invalid flag" not in out
          and len(c.results(c.load_log(log))) == 1,
          "preprocessed input (.i): compiles and is analysed", out)
    rc, out = c.compile_unit(src, cflags=("-save-temps",), cwd=tmp)
    check(rc == 0 and "invalid flag" not in out,
          "-save-temps: compiles", out)
    longname = c.write(os.path.join(tmp, "y" * 228 + ".c"), LEAK)
    longdir = os.path.join(tmp, "longdir")
    os.mkdir(longdir)
    rc, out = c.compile_unit(longname, "sarif=" + longdir + "/")
    logs = os.listdir(longdir)
    check(rc == 0 and len(logs) == 1 and len(logs[0]) < 200,
          "a 230-byte source name: the log's name is cut, the log written",
          (out, logs))
    # (A #line naming /dev/zero is not tested: gcc itself reads such a
    # "source" for its own diagnostics, plugin or not.)


def main():
    c.require_plugin()
    tmp = c.tmpdir("sarif")
    validator = c.schema_validator(tmp)
    test_kinds(tmp, validator)
    test_checks(tmp, validator)
    test_modes(tmp, validator)
    test_triage(tmp, validator)
    test_directory(tmp, validator)
    test_hostile_name(tmp, validator)
    test_write_failures(tmp)
    test_merge(tmp, validator)
    return c.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
