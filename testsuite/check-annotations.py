#!/usr/bin/env python3
"""GitHub Actions annotations (-fplugin-arg-pyrefcheck-annotations=github):
one workflow command per finding on stderr, beside gcc's diagnostics,
::error when the finding fails the build, with GitHub's escaping."""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "sarif"))
import common as c  # noqa: E402
from common import check  # noqa: E402

TWO = r"""#include <Python.h>
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
"""


def annotations(out):
    return [l for l in out.splitlines() if l.startswith("::")]


def main():
    c.require_plugin()
    tmp = c.tmpdir("annotations")
    src = c.write(os.path.join(tmp, "two.c"), TWO)
    rc, out = c.compile_unit(src, "annotations=github", cwd=tmp)
    ann = annotations(out)
    check(rc == 0 and len(ann) == 2, "one annotation per finding", out)
    check(ann and ann[0] == (
        "::warning file=%s,line=7,col=3,title=pyrefcheck-leak::leak of "
        "'item'%%0A(1) line 4: new reference returned by 'PyLong_FromLong' "
        "is stored in 'item'%%0A(2) line 5: following 'false' branch (when "
        "'item' is non-NULL)...%%0A(3) line 7: 'item' leaks here; acquired "
        "at (1)" % src.replace(":", "%3A").replace(",", "%2C")),
        "the annotation: file, line, column, the tag as title, the message "
        "and its path events on lines of their own (%0A)", ann)
    check("two.c:7:3: warning: leak of 'item' [pyrefcheck-leak]" in out,
          "gcc's own diagnostics are still there", out)
    rc, out = c.compile_unit(src, "annotations=github", "fail-on=leak")
    ann = annotations(out)
    check(rc != 0 and ann[0].startswith("::error file=")
          and ann[1].startswith("::warning file="),
          "fail-on=leak: ::error for leaks, ::warning for the rest", ann)
    rc, out = c.compile_unit(src, "annotations=github", cflags=["-w"])
    check(rc == 0 and annotations(out) == [],
          "-w: nothing shown, nothing annotated", out)
    rc, out = c.compile_unit(src)
    check(annotations(out) == [], "no annotations unless asked for", out)

    odd = os.path.join(tmp, "a,b:c%d.c")
    c.write(odd, TWO)
    rc, out = c.compile_unit(odd, "annotations=github", cwd=tmp)
    ann = annotations(out)
    check(ann and re.match(r"::warning file=.*/a%2Cb%3Ac%25d\.c,line=7,", ann[0])
          and "%0A" in ann[0] and "\r" not in ann[0],
          "a file name with ',', ':' and '%': escaped as a property", ann)
    crlf = c.write(os.path.join(tmp, "crlf.c"),
                   '#include <Python.h>\n#line 1 "x\\r\\ny%.c"\n'
                   + TWO.split("\n", 1)[1])
    rc, out = c.compile_unit(crlf, "annotations=github", cwd=tmp)
    ann = annotations(out)
    check(ann and ann[0].startswith("::warning file=x%0D%0Ay%25.c,line=6,"),
          "a #line name with CR, LF and '%': %0D, %0A, %25", (ann, out))
    rc, out = c.compile_unit(src, "annotations=gitlab")
    check(rc != 0 and "'annotations' is github or none, not 'gitlab'" in out,
          "annotations=gitlab: a clear error", out)
    return c.finish(tmp)


if __name__ == "__main__":
    sys.exit(main())
