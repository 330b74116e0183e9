#!/usr/bin/env python3
"""Baselines (-fplugin-arg-pyrefcheck-baseline=FILE, made by
pyrefcheck-sarif baseline): findings whose fingerprint the baseline lists
are not reported, and the SARIF log says "unchanged" for them and "new"
for the others; fail-on fails the build on new findings only.
Fingerprints survive lines added above the function, an unrelated edit
elsewhere, and an unrelated edit on the path."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "sarif"))
import common as c  # noqa: E402
from common import check  # noqa: E402

OLD = r"""#include <Python.h>
PyObject *leaks (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE;
}

Py_ssize_t derefs_null (PyObject *o)
{
  PyObject *s = PyObject_Str (o);
  Py_ssize_t n = Py_SIZE (s);
  Py_DECREF (s);
  return n;
}

int unrelated (int x)
{
  return x + 1;
}
"""

# Lines added above the functions, an unrelated function changed, a new
# statement and a new branch on the leak's path, and a new leak.
NEW = r"""#include <Python.h>
/* A comment
   of several lines
   added above.  */
static int counter;

PyObject *leaks (long n)
{
  PyObject *item = PyLong_FromLong (n);
  counter++;
  if (item == NULL)
    return NULL;
  if (n > 100)
    counter--;
  Py_RETURN_NONE;
}

Py_ssize_t derefs_null (PyObject *o)
{
  PyObject *s = PyObject_Str (o);
  Py_ssize_t n = Py_SIZE (s);
  Py_DECREF (s);
  return n;
}

int unrelated (int x)
{
  return x * 2 + counter;
}

PyObject *new_leak (long n)
{
  PyObject *fresh = PyLong_FromLong (n);
  if (fresh == NULL)
    return NULL;
  Py_RETURN_NONE;
}
"""


def findings(out):
    return re.findall(r":(\d+):\d+: (?:warning|error): (.*) \[pyrefcheck-",
                      out)


def by_function(log):
    return {r["locations"][0]["logicalLocations"][0]["name"]:
            (r.get("baselineState"),
             r["partialFingerprints"]["pyrefcheck/v1"])
            for r in c.results(c.load_log(log))}


def main():
    c.require_plugin()
    tmp = c.tmpdir("baseline")
    validator = c.schema_validator(tmp)
    src = os.path.join(tmp, "mod.c")
    c.write(src, OLD)
    log = os.path.join(tmp, "old.sarif")
    rc, out = c.compile_unit(src, "sarif=" + log)
    check(rc == 0 and len(findings(out)) == 2, "two findings at first", out)
    base = os.path.join(tmp, "baseline.txt")
    rc, out = c.sarif_tool("baseline", base, log)
    with open(base) as f:
        lines = [l for l in f.read().splitlines() if not l.startswith("#")]
    check(rc == 0 and len(lines) == 2
          and all(re.match(r"[0-9a-f]{64}  pyrefcheck-", l) for l in lines),
          "pyrefcheck-sarif baseline: one fingerprint a line", (out, lines))
    rc, out = c.compile_unit(src, "baseline=" + base, "sarif=" + log,
                             "fail-on=all")
    states = by_function(log)
    check(rc == 0 and findings(out) == []
          and states["leaks"][0] == states["derefs_null"][0] == "unchanged",
          "the same code with its baseline: nothing reported, fail-on=all "
          "passes, the log says unchanged", (out, states))
    old = by_function(log)

    c.write(src, NEW)
    rc, out = c.compile_unit(src, "baseline=" + base, "sarif=" + log,
                             "fail-on=all", "annotations=github")
    states = by_function(log)
    data = c.load_log(log)
    check(states["leaks"] == old["leaks"]
          and states["derefs_null"] == old["derefs_null"],
          "fingerprints survive lines added above, an unrelated edit "
          "elsewhere, a new statement and branch on the path",
          (old, states))
    check(rc != 0 and findings(out) == [("36", "leak of 'fresh'")]
          and states["new_leak"][0] == "new"
          and out.count("::error file=") == 1
          and c.schema_errors(validator, data) == "",
          "only the new finding is reported, fails the build, is annotated "
          "and is 'new' in the log", (out, states))
    rc, out = c.compile_unit(src, "sarif=" + log)
    check(len(findings(out)) == 3, "without the baseline: all three", out)

    rc, out = c.compile_unit(src, "baseline=" + os.path.join(tmp, "none"))
    check(rc != 0 and "cannot read the baseline" in out and c.no_ice(out),
          "a missing baseline: a clear error", out)
    bad = c.write(os.path.join(tmp, "bad.txt"), "# comment\n\nnot-hex\n")
    rc, out = c.compile_unit(src, "baseline=" + bad)
    check(rc != 0 and "bad.txt:3: not a fingerprint" in out,
          "a broken baseline: an error naming the line", out)
    long_line = c.write(os.path.join(tmp, "long.txt"),
                        lines[0] + " " + "x" * 5000 + "\n" + lines[1] + "\n")
    rc, out = c.compile_unit(src, "baseline=" + long_line)
    check(rc == 0 and len(findings(out)) == 1,
          "a baseline with a long line: read correctly", out)

    # Two findings that would have one fingerprint (two leaks of an 'x'
    # in one function): a baseline of the first does not hide the second.
    twice = os.path.join(tmp, "twice.c")
    one_leak = TWICE.replace("@SECOND@", "")
    c.write(twice, one_leak)
    log2 = os.path.join(tmp, "twice.sarif")
    rc, out = c.compile_unit(twice, "sarif=" + log2)
    base2 = os.path.join(tmp, "twice.txt")
    c.sarif_tool("baseline", base2, log2)
    c.write(twice, TWICE.replace("@SECOND@", SECOND))
    rc, out = c.compile_unit(twice, "baseline=" + base2, "sarif=" + log2)
    fps = [r["partialFingerprints"]["pyrefcheck/v1"]
           for r in c.results(c.load_log(log2))]
    check(len(findings(out)) == 1 and len(fps) == 2
          and len(set(fps)) == 2,
          "two leaks of 'x' in one function: two fingerprints; the "
          "baseline of the first does not hide the second", (out, fps))
    return c.finish(tmp)


TWICE = r"""#include <Python.h>
PyObject *
twice (long n)
{
  {
    PyObject *x = PyLong_FromLong (n);
    if (x == NULL)
      return NULL;
  }
@SECOND@  Py_RETURN_NONE;
}
"""
SECOND = r"""  {
    PyObject *x = PyLong_FromLong (n + 1);
    if (x == NULL)
      return NULL;
  }
"""


if __name__ == "__main__":
    sys.exit(main())
