#!/usr/bin/env python3
"""Ignore comments ("pyrefcheck: ignore[TAG,...] REASON"): one on a
finding's line or the line before silences that finding in gcc's output
and annotations, and the SARIF log reports it as suppressed in source
with the reason; a comment without a reason, with an unknown tag, or that
silences nothing is warned about; sources that are missing, have huge
lines or binary junk are read safely."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "sarif"))
import common as c  # noqa: E402
from common import check  # noqa: E402

SRC = r"""#include <Python.h>
PyObject *same_line (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* pyrefcheck: ignore[pyrefcheck-leak] kept alive by the cache */
}

PyObject *line_before (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  // pyrefcheck: ignore[leak, null-deref] "interned", see \issue 12 */
  Py_RETURN_NONE;
}

PyObject *other_tag (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* pyrefcheck: ignore[null-deref] wrong tag */
}

PyObject *no_reason (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* pyrefcheck: ignore[leak] */
}

PyObject *unknown_tag (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE; /* pyrefcheck: ignore[leaks] typo */
}

PyObject *two_lines_before (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  /* pyrefcheck: ignore[leak] too far away */

  Py_RETURN_NONE;
}

const char *in_a_string (long n)
{
  PyObject *item = PyLong_FromLong (n);
  return "/ pyrefcheck: ignore[leak] not a comment";
}
"""


def warnings(out):
    return re.findall(r"^[^:\n]*:(\d+):\d+: warning: (.*)$", out, re.M)


def main():
    c.require_plugin()
    tmp = c.tmpdir("suppress")
    validator = c.schema_validator(tmp)
    src = c.write(os.path.join(tmp, "ign.c"), SRC)
    log = os.path.join(tmp, "ign.sarif")
    rc, out = c.compile_unit(src, "sarif=" + log, "annotations=github")
    w = warnings(out)
    leaks = sorted(int(l) for l, m in w if "[pyrefcheck-leak]" in m)
    check(rc == 0 and leaks == [24, 32, 40, 50, 56],
          "comments on the line or the line before silence the leak; a "
          "wrong tag, no reason, an unknown tag, two lines before or a "
          "string do not", (leaks, out))
    check("::warning file=" in out and not re.search(
        r"::warning file=[^,]*,line=(7|16),", out),
        "silenced findings are not annotated", out)
    ign = {int(l): m for l, m in w if "[pyrefcheck-ignore]" in m}
    check(set(ign) == {24, 32, 40, 48}
          and "silences no finding" in ign[24]
          and "without a reason" in ign[32]
          and "unknown tag 'leaks'" in ign[40]
          and "silences no finding" in ign[48],
          "warnings: a comment silencing nothing, without a reason, with an "
          "unknown tag", (ign, out))
    data = c.load_log(log)
    sup = {r["locations"][0]["physicalLocation"]["region"]["startLine"]:
           r.get("suppressions") for r in c.results(data)}
    check(sup.get(7) == [{"kind": "inSource",
                          "justification": "kept alive by the cache"}]
          and sup.get(16) == [{"kind": "inSource", "justification":
                               '"interned", see \\issue 12 */'}]
          and sup.get(24) is None and c.schema_errors(validator, data) == "",
          "the SARIF log keeps the silenced findings, suppressed in source "
          "with their reasons", sup)

    # Hostile sources: a NUL byte and binary junk on the lines of the
    # comments, a 2 MB line, a finding in a file that does not exist.
    junk = SRC.replace("ignore[pyrefcheck-leak] kept alive",
                       "ignore[pyrefcheck-leak] \x00\xff\xfe\x1b[31m alive")
    junk = junk.replace("ignore[null-deref] wrong tag",
                        "ignore[leak] " + "y" * 2000000)
    junk += "/* \x00\xff" + "z" * 2000000 + " pyrefcheck: x */\n"
    junky = os.path.join(tmp, "junk.c")
    with open(junky, "wb") as f:
        f.write(junk.encode("latin-1"))
    rc, out = c.compile_unit(junky, "sarif=" + log)
    leaks = sorted(int(l) for l, m in warnings(out)
                   if "[pyrefcheck-leak]" in m)
    data = c.load_log(log)
    why = {r["locations"][0]["physicalLocation"]["region"]["startLine"]:
           r["suppressions"][0]["justification"]
           for r in c.results(data) if r.get("suppressions")}
    check(c.no_ice(out) and rc == 0 and leaks == [32, 40, 50, 56]
          and why.get(7) == "?\ufffd\ufffd\x1b[31m alive by the cache"
          and why.get(24) == "y" * 1000
          and c.schema_errors(validator, data) == "",
          "NUL bytes (made '?'), non-UTF-8 bytes, an escape sequence and 2 MB lines: "
          "read safely, the comments work, the reasons are valid JSON, a "
          "long one cut at 1000 bytes", (leaks, why.get(7), out[-2000:]))
    missing = c.write(os.path.join(tmp, "missing.c"),
                      '#include <Python.h>\n#line 1 "/nonexistent/gone.c"\n'
                      + SRC.split("\n", 1)[1])
    rc, out = c.compile_unit(missing, "sarif=" + log)
    check(c.no_ice(out) and rc == 0 and out.count("[pyrefcheck-leak]") == 7,
          "findings in a file that cannot be read: nothing silenced, no "
          "crash", out)
    return c.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
