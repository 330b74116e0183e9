#!/usr/bin/env python3
"""examples/pyrefcheck-problem-matcher.json against real plugin output:
its structure as GitHub's runner validates it, every warning, error and
path event of examples/spam/spammodule.c matched with the right file,
line, column, severity and tag, and nothing else matched.  The regexps are
run with Python's re after checking they keep to the subset it shares
with JavaScript, and with node too when it is installed.  Also
examples/github-workflow.yml: it parses, registers that matcher, and its
build step, run here on examples/pkg-setuptools, fails on the leak with
the matcher annotating it, and passes once the leak is fixed."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

top_srcdir = os.environ.get("top_srcdir", ".")
top_builddir = os.environ.get("top_builddir", ".")
plugin = os.path.join(top_builddir, "plugin", "pyrefcheck.so")
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + name)
    if not ok:
        failures += 1
        if detail:
            print("  | " + str(detail).replace("\n", "\n  | "))


def plugin_output(extra):
    """Compile the spam example with the plugin and EXTRA arguments."""
    cmd = [os.environ.get("PLUGIN_CC", "gcc"), "-O2", "-c", "-o", os.devnull,
           "-fdiagnostics-plain-output"]
    cmd += os.environ.get("PYTHON_CPPFLAGS", "").split()
    cmd += ["-fplugin=" + plugin,
            "-fplugin-arg-pyrefcheck-db-dir="
            + os.path.join(top_srcdir, "ownership-db")]
    cmd += extra + [os.path.join(top_srcdir, "examples/spam/spammodule.c")]
    env = dict(os.environ, LC_ALL="C")
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return r.stdout + r.stderr


# The subset of JavaScript regexps that Python's re reads alike: no
# lookbehind, named groups, flags, Unicode classes or \d-like escapes
# outside \d \s \w \[ \] \( \) \. \\.
UNSAFE = re.compile(r"\(\?[<P!=]|\\[pPkuxcbB0-9]|\(\?[a-z]")

with open(os.path.join(top_srcdir, "examples/pyrefcheck-problem-matcher.json"),
          encoding="utf-8") as f:
    config = json.load(f)
matchers = {}
for m in config.get("problemMatcher", []):
    owner = m.get("owner", "")
    check("matcher '%s' has an owner" % owner, bool(owner))
    check("matcher '%s' severity is error or warning" % owner,
          m.get("severity", "").lower() in ("", "error", "warning"))
    pats = m.get("pattern", [])
    check("matcher '%s' has one pattern" % owner, len(pats) == 1)
    pat = pats[0]
    check("matcher '%s' regexp keeps to the JS/Python subset" % owner,
          not UNSAFE.search(pat["regexp"]), pat["regexp"])
    rx = re.compile(pat["regexp"])
    for key in ("file", "line", "column", "severity", "message", "code"):
        if key in pat:
            check("matcher '%s' group %s in range" % (owner, key),
                  1 <= pat[key] <= rx.groups)
    check("matcher '%s' sets message" % owner, "message" in pat)
    matchers[owner] = (rx, pat, m.get("severity", "error"))
check("two matchers: findings and path events",
      sorted(matchers) == ["pyrefcheck", "pyrefcheck-path"], sorted(matchers))


def match(line):
    """Return (owner, fields) for the matcher LINE matches, or None."""
    found = []
    for owner, (rx, pat, default) in matchers.items():
        mo = rx.search(line)
        if mo:
            fields = {k: mo.group(v) for k, v in pat.items() if k != "regexp"}
            fields.setdefault("severity", default)
            found.append((owner, fields))
    assert len(found) <= 1, (line, found)
    return found[0] if found else None


GCC_LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning|error|note): (.*)$")


def check_output(label, out, want_severity, want_findings, want_events):
    findings = events = 0
    for line in out.splitlines():
        g = GCC_LINE.match(line)
        got = match(line)
        if g and g.group(4) != "note" and "[pyrefcheck-" in line:
            findings += 1
            tag = re.search(r"\[(pyrefcheck-[a-z-]+)\]$", line).group(1)
            want = ("pyrefcheck", {"file": g.group(1), "line": g.group(2),
                                   "column": g.group(3),
                                   "severity": want_severity,
                                   "message": g.group(5), "code": tag})
            check("%s: %s" % (label, line), got == want, got)
        elif g and re.match(r"\(\d+\) ", g.group(5)):
            events += 1
            want = ("pyrefcheck-path", {"file": g.group(1),
                                        "line": g.group(2),
                                        "column": g.group(3),
                                        "severity": "warning",
                                        "message": g.group(5)})
            check("%s: %s" % (label, line), got == want, got)
        else:
            check("%s: not matched: %s" % (label, line), got is None, got)
            continue
        # pip wheel -v indents the compiler's output by two spaces.
        check("%s: the same indented: %s" % (label, line),
              match("  " + line) == got, match("  " + line))
    check("%s: %d findings" % (label, want_findings),
          findings == want_findings, findings)
    check("%s: %d path events" % (label, want_events),
          events == want_events, events)


plain = plugin_output([])
check_output("warnings", plain, "warning", 5, 18)
errors = plugin_output(["-fplugin-arg-pyrefcheck-fail-on=all"])
check_output("fail-on=all", errors, "error", 5, 18)
# A line of gcc's own and a triage note are not path events.
for line in ["spam.c:3:1: warning: unused variable 'x' [-Wunused-variable]",
             "spam.c:45:12: note: triage (offline): unverified: 'name' ..."]:
    check("not matched: " + line, match(line) is None)

# The same regexps in JavaScript, when node is here.
node = shutil.which("node")
if node:
    js = r"""
const cfg = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  let hit = null;
  for (const m of cfg.problemMatcher) {
    const p = m.pattern[0], r = new RegExp(p.regexp).exec(line);
    if (r) hit = [m.owner, r[p.file], r[p.line], r[p.column], r[p.message]];
  }
  out.push(hit);
}
console.log(JSON.stringify(out));
"""
    text = plain + errors
    r = subprocess.run(
        [node, "-e", js, os.path.join(
            top_srcdir, "examples/pyrefcheck-problem-matcher.json")],
        input=text, capture_output=True, text=True)
    got = json.loads(r.stdout) if r.returncode == 0 else r.stderr
    want = []
    for line in text.split("\n"):
        m = match(line)
        want.append(None if m is None else
                    [m[0], m[1]["file"], m[1]["line"], m[1]["column"],
                     m[1]["message"]])
    check("node's RegExp matches as Python's re does", got == want,
          "" if got == want else str(got)[:2000])
else:
    print("node not found: the regexps ran in Python only")


def load_yaml(path):
    try:
        import yaml
    except ImportError:
        py = "/usr/bin/python3"
        r = subprocess.run([py, "-c", "import json, sys, yaml; json.dump("
                            "yaml.safe_load(open(sys.argv[1])), sys.stdout)",
                            path], capture_output=True, text=True)
        if r.returncode != 0:
            return None
        return json.loads(r.stdout)
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


wf = load_yaml(os.path.join(top_srcdir, "examples/github-workflow.yml"))
if wf is None:
    if os.environ.get("CI") == "true":
        check("YAML parser (python3-yaml) available", False)
    else:
        print("SKIP: no YAML parser for examples/github-workflow.yml")
else:
    check("workflow: a mapping with jobs", isinstance(wf, dict)
          and isinstance(wf.get("jobs"), dict))
    # YAML 1.1 reads the key "on" as true.
    check("workflow: runs on push and pull_request",
          set(wf.get("on", wf.get(True)) or {}) >= {"push", "pull_request"})
    steps = [s for j in wf["jobs"].values() for s in j.get("steps", [])]
    runs = "\n".join(s.get("run", "") for s in steps)
    check("workflow: every step runs or uses something",
          all("run" in s or "uses" in s for s in steps))
    check("workflow: installs the dependencies and builds the plugin",
          "scripts/install-deps" in runs and "scripts/build" in runs
          and "make install" in runs)
    check("workflow: registers the problem matcher",
          "::add-matcher::" in runs
          and "examples/pyrefcheck-problem-matcher.json" in runs)
    check("workflow: builds with the plugin and fails on leaks",
          "-fplugin=pyrefcheck" in runs and "pip wheel" in runs
          and re.search(r"fail-on=\S*leak", runs) is not None)



def run_workflow_step(wf):
    """Run the workflow's build step here, as the runner would (bash -e),
    on examples/pkg-setuptools with and without its leak: the installed
    plugin and /opt/venv stand for this build's plugin and a venv with
    the pinned setuptools."""
    step = [s for j in wf["jobs"].values() for s in j.get("steps", [])
            if "pip wheel" in s.get("run", "")]
    check("workflow: one step builds the extension", len(step) == 1)
    if len(step) != 1:
        return
    tmp = tempfile.mkdtemp()
    try:
        venv = os.path.join(tmp, "venv")
        pins = [line.split()[0] for line in open(os.path.join(
            top_srcdir, "testsuite/build-backends.txt"))
                if line.startswith("setuptools==")]
        r = subprocess.run([sys.executable, "-m", "venv", venv],
                           capture_output=True, text=True)
        if r.returncode == 0:
            r = subprocess.run([os.path.join(venv, "bin", "python"), "-m",
                                "pip", "install", "-q", "--no-deps",
                                "--disable-pip-version-check"] + pins,
                               capture_output=True, text=True)
        if r.returncode != 0:
            if os.environ.get("CI") == "true":
                check("a venv with setuptools from PyPI", False, r.stderr)
            else:
                print("SKIP: the workflow's build step (no venv with "
                      "setuptools: %s)" % r.stderr.strip()[-200:])
            return
        workspace = os.path.join(tmp, "ws")
        os.mkdir(workspace)
        os.symlink(os.path.abspath(top_srcdir),
                   os.path.join(workspace, ".pyrefcheck"))
        script = step[0]["run"].replace("/opt/venv", venv).replace(
            "-fplugin=pyrefcheck",
            "-fplugin=%s -fplugin-arg-pyrefcheck-db-dir=%s" % (
                os.path.abspath(plugin),
                os.path.abspath(os.path.join(top_srcdir, "ownership-db"))))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("CFLAGS", "PYREFCHECK_LLM"))}
        env.update(LC_ALL="C", GITHUB_WORKSPACE=workspace)
        for label, fixed in (("with the leak", False), ("fixed", True)):
            src = os.path.join(tmp, "src-" + str(fixed))
            shutil.copytree(os.path.join(top_srcdir,
                                         "examples/pkg-setuptools"), src)
            if fixed:
                path = os.path.join(src, "eggs.c")
                text = open(path).read()
                bad = "  if (rb == NULL)\n    return NULL;\n"
                check("eggs.c has the leak to fix", bad in text)
                text = text.replace(bad, "  if (rb == NULL)\n    {\n"
                                    "      Py_DECREF (ra);\n"
                                    "      return NULL;\n    }\n")
                open(path, "w").write(text)
            r = subprocess.run(["bash", "-e", "-c", script], cwd=src,
                               env=env, capture_output=True, text=True,
                               timeout=300)
            out = r.stdout + r.stderr
            add = re.search(r"^::add-matcher::(.*)$", out, re.M)
            check("workflow step %s: registers a matcher file that exists"
                  % label, add is not None and os.path.isfile(add.group(1)),
                  out[-3000:])
            errors = [match(line) for line in out.splitlines()
                      if match(line) and match(line)[0] == "pyrefcheck"]
            wheels = glob.glob(os.path.join(src, "dist", "*.whl"))
            if fixed:
                check("workflow step %s: passes and builds the wheel" % label,
                      r.returncode == 0 and len(wheels) == 1 and not errors,
                      out[-3000:])
            else:
                want = [("pyrefcheck", {
                    "file": "eggs.c", "line": "52", "column": "12",
                    "severity": "error",
                    "message": "leak of 'ra' [pyrefcheck-leak]",
                    "code": "pyrefcheck-leak"})]
                check("workflow step %s: fails, the matcher annotating "
                      "eggs.c:52:12 as an error" % label,
                      r.returncode != 0 and not wheels and errors == want,
                      "exit %d %s\n%s" % (r.returncode, errors,
                                          out[-3000:]))
                # The next step merges the step's SARIF logs: the leak is
                # in them, as an error.
                merge = [s for j in wf["jobs"].values()
                         for s in j.get("steps", [])
                         if "pyrefcheck-sarif merge" in s.get("run", "")]
                check("workflow: a step merges the SARIF logs, always",
                      len(merge) == 1 and merge[0].get("if") == "always()")
                tool = os.path.join(top_srcdir, "plugin", "pyrefcheck-sarif")
                m = subprocess.run(
                    ["bash", "-e", "-c", merge[0]["run"].replace(
                        "pyrefcheck-sarif", sys.executable + " " + tool)]
                    if merge else ["false"], cwd=src, env=env,
                    capture_output=True, text=True, timeout=60)
                results = []
                try:
                    results = json.load(open(os.path.join(
                        src, "pyrefcheck.sarif")))["runs"][0]["results"]
                except (OSError, ValueError, KeyError, IndexError):
                    pass
                check("workflow: the merged SARIF log has the leak as an "
                      "error", m.returncode == 0
                      and [(x["ruleId"], x["level"]) for x in results]
                      == [("pyrefcheck-leak", "error")],
                      m.stdout + m.stderr + str(results)[:2000])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if wf is not None:
    run_workflow_step(wf)
sys.exit(1 if failures else 0)
