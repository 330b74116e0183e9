#!/usr/bin/env python3
"""The editor setups of doc/editors.md on real plugin output: the
plugin's findings and path events on examples/spam/spammodule.c (plain,
with fail-on=all, and indented as pip wheel -v shows them) loaded into Vim's quickfix list with the errorformat
the document gives (vim -es), into Emacs's compilation mode (emacs
--batch), and matched by the document's VS Code problem matcher.  Every
warning, error and path-event note must be one valid entry with its
file, line, column and kind, and nothing else an entry.  Without vim or
emacs that part is skipped, except under CI=true, where it fails."""

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
failures = skipped = 0
tmp = tempfile.mkdtemp()


def check(name, ok, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + name)
    if not ok:
        failures += 1
        if detail:
            print("  | " + str(detail).replace("\n", "\n  | ")[:4000])


def unavailable(what):
    global skipped
    if os.environ.get("CI") == "true":
        check(what + " (required under CI=true)", False)
    else:
        print("SKIP: " + what)
        skipped += 1


def plugin_output(extra):
    cmd = [os.environ.get("PLUGIN_CC", "gcc"), "-O2", "-c", "-o", os.devnull,
           "-fdiagnostics-plain-output"]
    cmd += os.environ.get("PYTHON_CPPFLAGS", "").split()
    cmd += ["-fplugin=" + plugin, "-fplugin-arg-pyrefcheck-db-dir="
            + os.path.join(top_srcdir, "ownership-db")]
    cmd += extra + [os.path.abspath(
        os.path.join(top_srcdir, "examples/spam/spammodule.c"))]
    r = subprocess.run(cmd, capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C"))
    return r.stdout + r.stderr


GCC_LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning|error|note): (.*)$")


def expected(out):
    """The entries OUT should give: (file, line, col, kind, text)."""
    want = []
    for line in out.splitlines():
        g = GCC_LINE.match(line)
        if g:
            want.append((g.group(1), int(g.group(2)), int(g.group(3)),
                         g.group(4), g.group(5)))
    return want


doc = open(os.path.join(top_srcdir, "doc/editors.md"), encoding="utf-8").read()
efm = re.search(r"^set errorformat=(.*)$", doc, re.M)
check("doc/editors.md sets an errorformat", efm is not None)
efm = efm.group(1) if efm else ""
check("it is gcc's standard errorformat",
      efm == r"%f:%l:%c:\ %t%*[^:]:\ %m", efm)
tasks = re.search(r"```json\n(.*?)```", doc, re.S)
tasks = json.loads(tasks.group(1)) if tasks else {}
check("doc/editors.md has a tasks.json", "tasks" in tasks)

runs = []
for label, extra in (("warnings", []),
                     ("fail-on=all", ["-fplugin-arg-pyrefcheck-fail-on=all"])):
    out = plugin_output(extra)
    path = os.path.join(tmp, label.replace("=", "-") + ".log")
    with open(path, "w", encoding="utf-8") as f:
        f.write(out)
    want = expected(out)
    kinds = [w[3] for w in want]
    n_find = sum(1 for w in want if "[pyrefcheck-" in w[4])
    n_events = sum(1 for w in want if w[3] == "note"
                   and re.match(r"\(\d+\) ", w[4]))
    check("%s: 5 findings and 18 path events, nothing else" % label,
          n_find == 5 and n_events == 18 and len(want) == 23, want)
    check("%s: the findings are %ss" % (label, "error" if extra else "warning"),
          kinds.count("error" if extra else "warning") == 5, kinds)
    runs.append((label, path, want))
    if not extra:
        # As pip wheel -v shows it: indented by two spaces (Vim and VS
        # Code read it; Emacs wants the file at the start of the line).
        ipath = os.path.join(tmp, "indented.log")
        with open(ipath, "w", encoding="utf-8") as f:
            f.write("".join("  " + line for line in out.splitlines(True)))
        runs.append(("indented", ipath, want))

# Vim: load the log into the quickfix list and write out every entry.
vim = shutil.which("vim")
if vim and "+quickfix" in subprocess.run(
        [vim, "--version"], capture_output=True, text=True).stdout:
    for label, path, want in runs:
        dump = os.path.join(tmp, "vim.txt")
        script = os.path.join(tmp, "qf.vim")
        with open(script, "w") as f:
            f.write("set nocompatible\n"
                    "set errorformat=" + efm + "\n"
                    "cfile " + path + "\n"
                    "let s:l = []\n"
                    "for s:e in getqflist()\n"
                    "  call add(s:l, printf('%d|%s|%d|%d|%s|%s', s:e.valid,"
                    " bufname(s:e.bufnr), s:e.lnum, s:e.col, s:e.type,"
                    " s:e.text))\n"
                    "endfor\n"
                    "call writefile(s:l, '" + dump + "')\n"
                    "qall!\n")
        r = subprocess.run([vim, "-es", "-N", "-u", "NONE", "-i", "NONE",
                            "-S", script], capture_output=True, text=True,
                           timeout=60)
        got = []
        if os.path.exists(dump):
            for line in open(dump, encoding="utf-8").read().splitlines():
                valid, name, lnum, col, typ, text = line.split("|", 5)
                if valid == "1":
                    got.append((name, int(lnum), int(col), typ, text))
            os.unlink(dump)
        wantv = [(w[0], w[1], w[2], w[3][0], w[4]) for w in want]
        check("vim: %s: every warning and path event is a valid quickfix "
              "entry, and nothing else" % label, got == wantv,
              "exit %d %s\ngot %s\nwant %s" % (r.returncode, r.stderr,
                                               got, wantv))
else:
    unavailable("vim with +quickfix")

# Emacs: compilation mode's own patterns on the log.
emacs = shutil.which("emacs")
if emacs:
    el = os.path.join(tmp, "compile.el")
    with open(el, "w") as f:
        f.write("""(require 'compile)
(with-current-buffer (find-file-noselect (car command-line-args-left))
  (compilation-mode)
  (compilation--ensure-parse (point-max))
  (goto-char (point-min))
  (while (not (eobp))
    (let ((msg (get-text-property (point) 'compilation-message)))
      (when msg
        (let ((loc (compilation--message->loc msg)))
          (princ (format "%s|%s|%s|%s\\n"
                         (caar (compilation--loc->file-struct loc))
                         (compilation--loc->line loc)
                         (compilation--loc->col loc)
                         (compilation--message->type msg))))))
    (forward-line 1)))
""")
    for label, path, want in runs:
        if label == "indented":
            continue
        r = subprocess.run([emacs, "--batch", "-Q", "-l", el, path],
                           capture_output=True, text=True, timeout=120)
        got = []
        for line in r.stdout.splitlines():
            name, lnum, col, typ = line.split("|")
            got.append((name, int(lnum), int(col), int(typ)))
        kind = {"error": 2, "warning": 1, "note": 0}
        wante = [(w[0], w[1], w[2], kind[w[3]]) for w in want]
        check("emacs: %s: every warning and path event is a compilation "
              "message of its kind, and nothing else" % label, got == wante,
              "exit %d %s\ngot %s\nwant %s" % (r.returncode, r.stderr[-2000:],
                                               got, wante))
else:
    unavailable("emacs")

# VS Code: the task's problem matcher (a JavaScript regexp kept to what
# Python's re reads alike).
for task in tasks.get("tasks", []):
    pm = task.get("problemMatcher", {})
    pat = pm.get("pattern", {})
    rx = re.compile(pat.get("regexp", "$^"))
    check("vscode: the task's command uses the plugin and plain output",
          "-fplugin=pyrefcheck" in task.get("command", "")
          and "-fdiagnostics-plain-output" in task.get("command", ""))
    for label, path, want in runs:
        got = []
        for line in open(path, encoding="utf-8").read().splitlines():
            m = rx.search(line)
            if m:
                got.append((m.group(pat["file"]), int(m.group(pat["line"])),
                            int(m.group(pat["column"])),
                            m.group(pat["severity"]),
                            m.group(pat["message"])))
        check("vscode: %s: the problem matcher reads every warning and path "
              "event, and nothing else" % label, got == want,
              "got %s\nwant %s" % (got, want))

shutil.rmtree(tmp, ignore_errors=True)
if failures:
    print("%d case(s) failed" % failures)
    sys.exit(1)
sys.exit(77 if skipped else 0)
