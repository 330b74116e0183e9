#!/usr/bin/env python3
"""Check cpython.tbl against CPython's refcounts.dat and stable_abi.toml.

    check-refcounts.py [--table cpython.tbl] [--refcounts FILE]
                       [--stable-abi FILE] [--exceptions FILE]

Standard library only.  Checks that

  * every function of refcounts.dat has a row in the table;
  * the result agrees: refcounts.dat +1 -> new, 0 -> borrowed, "null" (always
    returns NULL) -> new or borrowed with ERROR always-exc, a non-object
    result -> nonobj (void -> void);
  * each argument agrees: refcounts.dat 0 or empty on an object -> borrowed,
    +1 on an object (the function takes a reference of its own) ->
    borrowed, -1 -> steals or steals-on-success; on a PyObject ** output, +1
    -> out-new and 0 -> out-borrowed; a non-object -> nonobj; the number of
    arguments and a variadic "..." agree too.  refcounts.dat cannot say
    "steals", so every steals row where it says 0 is a disagreement that
    must be listed;
  * every [function.*] of stable_abi.toml has a row.

The row compared is the one for the newest Python (refcounts.dat comes from
CPython's main branch): the row without an upper bound, else the last one.

Disagreements are reported unless listed in the reviewed exception file
(refcounts-exceptions.txt), one line each:

    NAME | WHERE | refcounts.dat: WHAT | table: WHAT | WHY (doc reference)

WHERE is "result", "arg N" (1-based) or "args" (count or variadic); the two
WHAT fields must match what the checker finds, so an exception that no
longer applies (stale) is an error too.  Exit status 0 only when everything
agrees or is listed; the last line then reads
"refcounts.dat: N functions, all present, M listed exceptions".
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import odbtools as odb  # noqa: E402


def rc_object_depth(typ):
    """0: not an object; 1: object pointer; 2: PyObject ** (output)."""
    t = (typ or "").strip()
    if t in ("TYPE*", "TYPE *"):
        return 1
    t = re.sub(r"\s*\*", " *", t)
    if "const" in t.split("*", 1)[-1]:
        return 0        # PyObject *const * arrays
    return odb.object_depth(t)


def newest_row(rows):
    unbounded = [r for r in rows if r.version_range()[1] is None]
    return (unbounded or rows)[-1]


def expected_result(fn):
    d = rc_object_depth(fn.ret_type)
    rc = fn.ret_rc
    if d == 1:
        if rc == "+1":
            return ("new",), "+1"
        if rc == "0":
            return ("borrowed",), "0"
        if rc == "null":
            return ("new", "borrowed"), "null"
        return ("new", "borrowed"), rc or "(no refcount)"
    if (fn.ret_type or "").strip() == "void":
        return ("void",), "void"
    return ("nonobj", "count"), "%s (not an object)" % (fn.ret_type or "?")


def expected_arg(typ, rc):
    d = rc_object_depth(typ)
    if d == 0:
        return ("nonobj",), "%s (not an object)" % (typ or "?")
    if d == 2:
        if rc == "+1":
            return ("out-new",), "+1 on PyObject **"
        return ("out-borrowed",), "%s on PyObject **" % (rc or "0")
    if rc == "-1":
        return ("steals", "steals-on-success"), "-1"
    if rc == "+1":
        return ("borrowed",), "+1"
    return ("borrowed",), rc or "0"


def compare(fn, row):
    """Yield (where, rc_says, table_says) for each disagreement."""
    want, says = expected_result(fn)
    if row.ret not in want:
        yield ("result", says, row.ret)
    elif says == "null" and row.err != "always-exc":
        yield ("result", "null (always NULL)", "%s %s" % (row.ret, row.err))
    args = row.fixed_args()
    # refcounts.dat writes macros' type-name parameters as "::TYPE::".
    params = []
    for t, p, rc, _ in fn.params:
        if t == "" and p == "TYPE":
            params.append(("TYPE-name", ""))
        elif t == "" and p == "macro":
            params.append(("macro-name", ""))
        else:
            params.append((t, rc))
    if len(params) != len(args):
        yield ("args", "%d parameters" % len(params),
               "%d arguments" % len(args))
    else:
        for i, ((t, rc), a) in enumerate(zip(params, args), 1):
            kind = a.rstrip("?")
            want, says = expected_arg(t, rc)
            if kind not in want:
                yield ("arg %d" % i, says, a)
    if fn.variadic and row.varargs() is None:
        yield ("args", "variadic (...)", "not variadic")
    if not fn.variadic and row.varargs() is not None:
        yield ("args", "not variadic", row.varargs())


def read_exceptions(path):
    """Return dict (name, where) -> (rc_says, table_says, why, lineno)."""
    ex = {}
    if not os.path.exists(path):
        return ex
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 5 or not parts[2].startswith("refcounts.dat: ") \
                    or not parts[3].startswith("table: ") or not parts[4]:
                raise SystemExit("%s:%d: expected 'NAME | WHERE | "
                                 "refcounts.dat: ... | table: ... | WHY'"
                                 % (path, lineno))
            key = (parts[0], parts[1])
            if key in ex:
                raise SystemExit("%s:%d: %s %s listed twice"
                                 % (path, lineno, parts[0], parts[1]))
            ex[key] = (parts[2][len("refcounts.dat: "):],
                       parts[3][len("table: "):], parts[4], lineno)
    return ex


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", default=os.path.join(HERE, "cpython.tbl"))
    ap.add_argument("--refcounts",
                    default=os.path.join(HERE, "upstream", "refcounts.dat"))
    ap.add_argument("--stable-abi",
                    default=os.path.join(HERE, "upstream", "stable_abi.toml"))
    ap.add_argument("--exceptions",
                    default=os.path.join(HERE, "refcounts-exceptions.txt"))
    a = ap.parse_args()

    _, rows, _ = odb.read_table(a.table)
    by_name = {}
    for r in rows:
        by_name.setdefault(r.name, []).append(r)
    rc = odb.read_refcounts(a.refcounts)
    stable = odb.read_stable_abi(a.stable_abi)
    exceptions = read_exceptions(a.exceptions)

    problems = []
    missing = [n for n in rc if n not in by_name]
    for n in missing:
        problems.append("%s: in refcounts.dat, not in the table" % n)
    used = set()
    for name, fn in rc.items():
        if name not in by_name:
            continue
        row = newest_row(by_name[name])
        for where, says, has in compare(fn, row):
            key = (name, where)
            e = exceptions.get(key)
            if e and e[0] == says and e[1] == has:
                used.add(key)
                continue
            if e:
                used.add(key)
                problems.append(
                    "%s:%d: %s %s: listed as refcounts.dat '%s' / table '%s'"
                    " but now refcounts.dat says '%s', the table '%s'"
                    % (a.exceptions, e[3], name, where, e[0], e[1], says,
                       has))
                continue
            problems.append(
                "%s:%d: %s %s: refcounts.dat says %s, the table says %s"
                % (a.table, row.line, name, where, says, has))
    for key, e in exceptions.items():
        if key not in used:
            problems.append("%s:%d: stale exception: %s %s (no such "
                            "disagreement)" % (a.exceptions, e[3], key[0],
                                               key[1]))
    smissing = [n for n in stable if n not in by_name]
    for n in smissing:
        problems.append("%s: in stable_abi.toml, not in the table" % n)

    for p in problems:
        print(p)
    if problems:
        print("refcounts.dat: %d functions, %d missing, %d problems"
              % (len(rc), len(missing), len(problems)))
        return 1
    print("stable_abi.toml: %d functions, all present" % len(stable))
    print("refcounts.dat: %d functions, all present, %d listed exceptions"
          % (len(rc), len(used)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
