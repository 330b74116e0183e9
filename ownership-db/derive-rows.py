#!/usr/bin/env python3
"""Derive candidate rows of cpython.tbl mechanically, and keep the table
sorted and aligned.

    derive-rows.py [--table cpython.tbl] [--headers DIR] [--docs DIR]
                   [--write | --format-only | --todo]

Without --write, print to stdout the rows that would be added: one row for
each function that is

  * in upstream/refcounts.dat,
  * a [function.*] of upstream/stable_abi.toml,
  * declared with PyAPI_FUNC, or defined static inline, in the header tree
    (default /usr/include/python3.11; internal/ skipped; names starting
    with '_' skipped) with an object pointer type in its return type or
    parameters (the rule of odbtools.py / `pyrefcheck-db coverage`),

and has no row in the table yet.  Rows already in the table are never
changed: curated rows are kept as they are.

--write        add the derived rows to the table, then sort and align it.
--format-only  only sort and align the table.
--todo         list the functions that cannot be derived mechanically
               (steals, PyObject ** parameters, variadic arguments, no known
               signature): they must be curated by hand first.

How a derived row is made (its SOURCE names the origin, and never says
"curated"):

  RETURNS  refcounts.dat: +1 -> new, 0 -> borrowed, "null" -> new (with
           ERROR always-exc), no refcount -> nonobj or void.  Header-only
           functions returning an object: new (the C API convention for an
           undocumented function that returns PyObject *).  An unchecked
           Py_ssize_t size accessor (*_GET_SIZE, *_GET_LENGTH) whose ERROR
           is never -> count.
  ERROR    from the text of the function's documentation when --docs is
           given (Doc/c-api/*.rst: "without setting an exception",
           "always succeeds", "-1 ... PyErr_Occurred", "Return 0 on
           success" -> status-exc, ...), else by type:
           object -> null-exc, int/Py_ssize_t -> neg1-exc, *_Check and
           *_CheckExact -> never, unchecked upper-case macros -> never,
           void -> never, a conversion to a C number -> neg1-ambiguous,
           anything else -> unknown.  The SOURCE then ends with "auto".
  ARGS     object pointer -> borrowed (with "?" when the documentation says
           the parameter may be NULL), PyObject *const * arrays -> nonobj,
           anything else -> nonobj.  A row that needs steals, steals-on-
           success, out-new or out-borrowed is never derived: --todo lists
           them.
  PYTHON   the documentation's "versionadded" when given, else
           stable_abi.toml's "added" for a function missing from the 3.11
           headers, else "all"; an upper bound from REMOVED below.
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import odbtools as odb  # noqa: E402

# Functions removed from the C API (the last version that has them).
# Source: Doc/whatsnew/3.12.rst and 3.13.rst, "Removed" C API sections.
REMOVED = {
    # 3.12: PEP 623 (legacy Unicode) and gh-85858.
    "PyUnicode_AS_UNICODE": "3.11", "PyUnicode_AsUnicode": "3.11",
    "PyUnicode_AsUnicodeAndSize": "3.11", "PyUnicode_AS_DATA": "3.11",
    "PyUnicode_FromUnicode": "3.11", "PyUnicode_GET_SIZE": "3.11",
    "PyUnicode_GetSize": "3.11", "PyUnicode_GET_DATA_SIZE": "3.11",
    "PyUnicode_WSTR_LENGTH": "3.11", "PyUnicode_InternImmortal": "3.11",
    # 3.13: gh-85275, gh-105107, gh-105145, gh-105182, gh-115781.
    "PyObject_CheckReadBuffer": "3.12", "PyObject_AsCharBuffer": "3.12",
    "PyObject_AsReadBuffer": "3.12", "PyObject_AsWriteBuffer": "3.12",
    "PyEval_CallObject": "3.12", "PyEval_CallObjectWithKeywords": "3.12",
    "PyEval_CallFunction": "3.12", "PyEval_CallMethod": "3.12",
    "PyCFunction_Call": "3.12", "PySys_AddWarnOptionUnicode": "3.12",
    "PySys_AddWarnOption": "3.12", "PySys_AddXOption": "3.12",
    "PySys_HasWarnOptions": "3.12", "PySys_SetPath": "3.12",
    "Py_SetPath": "3.12", "Py_SetStandardStreamEncoding": "3.12",
    "PyEval_AcquireLock": "3.12", "PyEval_ReleaseLock": "3.12",
    "PyEval_ThreadsInitialized": "3.12", "PyCode_GetFirstFree": "3.12",
}

# Variadic functions: what their variable arguments are.
VARARGS_BUILD = {"Py_BuildValue", "_Py_BuildValue_SizeT",
                 "PyObject_CallFunction", "PyObject_CallMethod",
                 "_PyObject_CallFunction_SizeT", "_PyObject_CallMethod_SizeT",
                 "PyEval_CallFunction", "PyEval_CallMethod"}

DEFAULT_HEADERS = "/usr/include/python3.11"
DEFAULT_DOCS = "/usr/share/doc/python3.11/html/_sources/c-api"

NUMERIC = {"long", "unsigned long", "long long", "unsigned long long",
           "double", "size_t", "Py_hash_t", "Py_UCS4", "Py_complex",
           "int32_t", "uint32_t", "int64_t", "uint64_t", "unsigned int",
           "float", "unsigned", "unsignedlong"}


def norm_type(t):
    t = re.sub(r"\s+", " ", t or "").strip()
    t = re.sub(r"\s*\*", "*", t)
    return t


def ret_kind_from_type(t):
    t = norm_type(t)
    if t in ("TYPE*", "TYPE"):
        return "object"     # refcounts.dat's PyObject_New(TYPE, type)
    if odb.object_depth(t.replace("*", " *")) == 1:
        return "object"
    if t == "void":
        return "void"
    return "nonobj"


def is_obj(t):
    return odb.object_depth(t) > 0 if "*" in (t or "") else False


def text_says_maybe_null(body, pname):
    if not body or not pname:
        return False
    p = re.escape(pname)
    # "*name* and *path*, both of which can be NULL": the parameter and
    # "may/can be NULL" in one sentence.
    for sentence in re.split(r"(?<=\.)\s+", body):
        if re.search(r"\*%s\*" % p, sentence) and \
                re.search(r"\b(may|can)\s+(also\s+)?be\s+``NULL``", sentence):
            return True
    pats = [r"\*%s\*\s+(?:may|can)\s+(?:also\s+)?be\s+``NULL``" % p,
            r"\*%s\*\s+(?:may|can)\s+(?:also\s+)?be\s+:c:expr:`NULL`" % p,
            r"[Ii]f\s+\*%s\*\s+is\s+``NULL``" % p,
            r"\*%s\*\s+is\s+optional" % p]
    return any(re.search(x, body) for x in pats)


NEVER_RE = re.compile(r"(always succeeds|never fails|cannot fail|does not fail|"
                      r"can't fail|will not fail|never raises?)", re.I)
NOEXC_RE = re.compile(r"(\*?without\*? (setting|raising) an exception|"
                      r"without an exception( being)? set|"
                      r"(does not|doesn't|not) set an exception|"
                      r"without setting the error indicator|"
                      r"no exception is (set|raised))", re.I)
WITHEXC_RE = re.compile(r"(NULL``? (with|and) an exception|"
                        r"with an exception set|sets? an exception|"
                        r"sets? an? :exc:|raises? (an? )?:exc:|"
                        r"on (failure|error)|if an (error|exception) occur)",
                        re.I)
# "Return 0 on success" and its variants: the success value is exactly 0.
STATUS_RE = re.compile(r"([Rr]eturns? (``)?0(``)? (on|if|when|for) success|"
                       r"(``)?0(``)? (is|will be) returned on success|"
                       r"[Oo]n success,? (return|returns) (``)?0(``)?|"
                       r"[Oo]n success,? (``)?0(``)? (is|will be) returned|"
                       r"[Rr]eturns? (``)?0(``)? if successful|"
                       r"(``)?-1(``)? on (error|failure),? (``)?0(``)? on "
                       r"success|return (``)?0(``)? on success)")
# ... unless another success value or an error without an exception is
# mentioned too.
STATUS_BUT_RE = re.compile(r"(-2|[Rr]eturns? (``)?1(``)?|without (setting|"
                           r"raising)|no exception|error indicator is never|"
                           r"no way to get the exception)")
PREDICATE_RE = re.compile(r"^\s*(Return|Returns) (true|``1``|1|non-?zero|"
                          r"``True``)\b", re.I)


def doc_text(doc, docs, depth=0):
    """The body of DOC, plus the body of the function it says it is
    "similar to" / "same as" (one level)."""
    if not doc:
        return ""
    b = doc.body
    m = re.match(r"\s*(Similar to|Same as|Equivalent to|Like)\s+"
                 r":c:(?:func|macro):`!?~?(\w+)", b)
    if m and depth == 0 and m.group(2) in docs:
        b += " " + doc_text(docs[m.group(2)], docs, 1)
    return b


def suggest_error(name, ret_type, ret_kind, rc_ret, b, has_obj_args):
    """Return the ERROR word.  B is the documentation text ("" if none).

    Conservative: "never" only for *_Check/*_CheckExact, unchecked
    upper-case macros, void functions, predicates ("Return true if ...")
    that mention no error, and text that says the function always
    succeeds; otherwise the usual failure convention of the result type."""
    if rc_ret == "null":
        return "always-exc"
    # Unchecked accessor macros / inline functions: PyTuple_GET_ITEM,
    # PySequence_Fast_GET_SIZE, PyUnicode_IS_ASCII, ...
    upper_macro = re.search(r"_[A-Z][A-Z0-9]+(_[A-Z0-9]+)*$", name) \
        is not None and not re.search(r"_[A-Z]+[a-z]", name.split("_", 1)[1]
                                      if name.count("_") > 1 else "")
    if re.search(r"_Check(Exact)?$", name):
        return "never"
    says_never = NEVER_RE.search(b)
    no_exc = NOEXC_RE.search(b)
    with_exc = WITHEXC_RE.search(b)
    mentions_error = re.search(r"(error|exception|fail|raise|-1)", b, re.I)
    t = norm_type(ret_type)
    if ret_kind in ("new", "borrowed"):
        if re.search(r"always returns? ``NULL``", b):
            return "always-exc"
        if upper_macro and not with_exc and "NULL" not in b:
            return "never"      # unchecked accessor macro
        if says_never and not with_exc:
            return "never"
        if no_exc and with_exc:
            return "null-maybe-exc"
        if no_exc:
            return "null-noexc"
        return "null-exc"
    if ret_kind == "void":
        if re.match(r"PyErr_(Set(None|Object|String)|BadInternalCall|"
                    r"BadArgument)", name):
            return "always-exc"
        return "never"
    if t in ("int", "Py_ssize_t") or t.startswith("enum"):
        if says_never and not with_exc:
            return "never"
        if upper_macro and not re.search(r"-1", b):
            return "never"
        if re.search(r"PyErr_Occurred", b) and re.search(r"-1", b):
            return "neg1-ambiguous"
        if STATUS_RE.search(b) and not STATUS_BUT_RE.search(b):
            return "status-exc"
        if re.search(r"(``-1``|-1|negative value|negative number)", b):
            return "neg1-exc"
        if re.search(r"(return|returns) (``)?(0|false)(``)? (on|if) "
                     r"(failure|error)|on failure,? (it )?returns? "
                     r"(``)?(0|false)", b, re.I):
            return "zero-exc"
        if PREDICATE_RE.search(b) and not mentions_error:
            return "never"
        if re.match(r"\s*(Return|Returns|Test|Get|Query)\b", b) and \
                not mentions_error and "NULL" not in b:
            return "never"      # a documented getter that cannot fail
        return "neg1-exc"
    if t in NUMERIC:
        if upper_macro:
            return "never"
        if "As" in name or re.search(r"PyErr_Occurred", b):
            return "neg1-ambiguous"
        if t == "Py_hash_t" and re.search(r"-1", b):
            return "neg1-exc"
        if re.search(r"-1", b):
            return "neg1-ambiguous"
        if says_never or (b and not mentions_error):
            return "never"
        return "unknown"
    if t.endswith("*"):
        if upper_macro:
            return "never"
        if says_never and not with_exc:
            return "never"
        if no_exc and with_exc:
            return "null-maybe-exc"
        if no_exc:
            return "null-noexc"
        if has_obj_args:
            return "null-exc"
        return "unknown"
    if says_never:
        return "never"
    return "unknown"


def version_added(doc):
    if not doc:
        return None
    m = re.search(r"\.\. versionadded:: (\d+\.\d+)", doc.body)
    return m.group(1) if m else None


class Candidate:
    def __init__(self, name):
        self.name = name
        self.ret_type = None
        self.ret_rc = None
        self.params = None          # list of (type, name, rc)
        self.variadic = False
        self.origins = []
        self.todo = []


def collect(rc, stable, hfuncs, include_private=False):
    """Merge what refcounts.dat, stable_abi.toml and the headers say."""
    cands = {}

    def get(n):
        if n not in cands:
            cands[n] = Candidate(n)
        return cands[n]
    hmap = {}
    for h in hfuncs:
        # Public headers first (scan_headers walks internal/ last).
        if h.name not in hmap or hmap[h.name].path.startswith("internal"):
            hmap[h.name] = h
    for n, f in rc.items():
        c = get(n)
        c.origins.append("refcounts.dat")
        c.ret_type, c.ret_rc = f.ret_type, f.ret_rc
        c.params = [(t, p, r) for t, p, r, _ in f.params]
        c.variadic = f.variadic
    for n, h in hmap.items():
        if h.path.startswith("internal") and n not in rc and n not in stable:
            continue        # internal headers: only to find signatures
        if not h.involves_objects():
            if n not in cands and n not in stable:
                continue
        elif n.startswith("_") and not include_private and n not in cands \
                and n not in stable:
            continue
        c = get(n)
        c.origins.append("python3.11 internal headers"
                         if h.path.startswith("internal")
                         else "python3.11 headers")
        hparams = [(t, p, None) for t, p in h.params]
        if c.params is None or len(c.params) != len(hparams):
            if c.params is not None:
                c.todo.append("refcounts.dat has %d parameters, the header "
                              "%d" % (len(c.params), len(hparams)))
            c.params = hparams
            c.ret_type = h.ret_type if c.ret_type is None else c.ret_type
        elif c.params is not None:
            c.params = [(t or ht, p, r) for (t, p, r), (ht, _, _)
                        in zip(c.params, hparams)]
        c.variadic = c.variadic or h.variadic
        c.header = h
    for n in stable:
        c = get(n)
        c.origins.append("stable_abi.toml")
    return cands, hmap


def derive_row(c, stable, docs, hmap):
    """Return (Row or None, list of reasons it needs curation)."""
    todo = list(c.todo)
    doc = docs.get(c.name)
    if c.params is None:
        todo.append("no signature in refcounts.dat or the headers")
        return None, todo
    if c.ret_type in ("TYPE*", "TYPE") or any(t == "TYPE*" for t, _, _ in
                                              c.params):
        todo.append("macro with a TYPE parameter")
    # RETURNS
    rk = ret_kind_from_type(c.ret_type)
    if rk == "object":
        if c.ret_rc == "+1":
            ret = "new"
        elif c.ret_rc == "0":
            ret = "borrowed"
        elif c.ret_rc == "null":
            ret = "new"
        elif c.ret_rc in (None, ""):
            ret = "new"
            if "refcounts.dat" in c.origins:
                todo.append("refcounts.dat gives no refcount for the result")
        else:
            ret = "new"
            todo.append("odd result refcount %r" % c.ret_rc)
    elif rk == "void":
        ret = "void"
    else:
        ret = "nonobj"
    has_obj = any(odb.object_depth((t or "").replace("*", " *")) for t, _, _
                  in c.params)
    err = suggest_error(c.name, c.ret_type or "", ret, c.ret_rc,
                        doc_text(doc, docs), has_obj)
    if ret == "nonobj" and err == "never" and \
            norm_type(c.ret_type) == "Py_ssize_t" and \
            re.search(r"_GET_(SIZE|LENGTH)$", c.name):
        ret = "count"           # unchecked size accessor
    # ARGS
    args = []
    for t, p, r in c.params:
        d = odb.object_depth(t.replace("*", " *") if t else "")
        if d == 0 and t in ("PyObject*", "PyObject *"):
            d = 1
        if d == 0:
            args.append("nonobj")
            continue
        if d == 2 and "const" in t.split("*", 1)[1]:
            args.append("nonobj")       # PyObject *const * array
            continue
        if d == 2:
            todo.append("PyObject ** parameter %s" % p)
            args.append("out-new")
            continue
        if r == "-1":
            todo.append("refcounts.dat -1 on %s (steals?)" % p)
        if doc and re.search(r"(steal|stolen)", doc.body):
            todo.append("documentation mentions stealing")
        a = "borrowed"
        if text_says_maybe_null(doc.body if doc else "", p):
            a += "?"
        args.append(a)
    if c.variadic:
        if c.name in VARARGS_BUILD:
            todo.append("variadic Py_BuildValue arguments")
            args.append("...build")
        elif c.name.endswith("ObjArgs"):
            todo.append("variadic object arguments")
            args.append("...objs")
        elif c.name.startswith(("PyArg_", "_PyArg_")):
            todo.append("variadic PyArg outputs")
            args.append("...parse")
        else:
            args.append("...")
    argstr = ",".join(args) if args else "-"
    # PYTHON
    lo = version_added(doc)
    in_public = c.name in hmap and not hmap[c.name].path.startswith(
        "internal")
    if lo is None and c.name in stable and not in_public:
        lo = stable[c.name]["added"]
    if lo is not None and odb.parse_version(lo) <= (3, 2):
        lo = None
    hi = REMOVED.get(c.name)
    python = "all"
    if lo or hi:
        python = "%s-%s" % (lo or "", hi or "")
    # SOURCE
    origin = "refcounts.dat" if "refcounts.dat" in c.origins else \
        "python3.11 headers" if "python3.11 headers" in c.origins else \
        "stable_abi.toml"
    if origin == "stable_abi.toml" and c.name not in stable:
        origin = "python3.11 internal headers"
    source = origin
    if doc:
        source += " " + doc.page
    if "refcounts.dat" in c.origins and c.ret_type in ("TYPE*", "TYPE"):
        source += " (macro)"
    source += " auto"
    return odb.Row(c.name, ret, err, argstr, python, source), todo


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", default=os.path.join(HERE, "cpython.tbl"))
    ap.add_argument("--refcounts",
                    default=os.path.join(HERE, "upstream", "refcounts.dat"))
    ap.add_argument("--stable-abi",
                    default=os.path.join(HERE, "upstream", "stable_abi.toml"))
    ap.add_argument("--headers", default=DEFAULT_HEADERS)
    ap.add_argument("--docs", default=DEFAULT_DOCS)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true")
    g.add_argument("--format-only", action="store_true")
    g.add_argument("--todo", action="store_true")
    a = ap.parse_args()

    preamble, rows, trailer = odb.read_table(a.table)
    if a.format_only:
        with open(a.table, "w", encoding="utf-8") as f:
            f.write(odb.format_table(preamble, rows, trailer))
        return 0
    have = {r.name for r in rows}
    rc = odb.read_refcounts(a.refcounts)
    stable = odb.read_stable_abi(a.stable_abi)
    hfuncs = odb.scan_headers(a.headers, include_internal=True) \
        if os.path.isdir(a.headers) else []
    docs = odb.read_docs(a.docs)
    cands, hmap = collect(rc, stable, hfuncs)
    new_rows, todos = [], []
    for name in sorted(cands, key=lambda s: s.encode()):
        if name in have:
            continue
        row, todo = derive_row(cands[name], stable, docs, hmap)
        if todo:
            todos.append((name, todo, row))
            continue
        new_rows.append(row)
    if a.todo:
        for name, todo, row in todos:
            print("%s: %s" % (name, "; ".join(todo)))
            if row:
                print("    " + "  ".join(row.columns()))
        print("%d functions need curation" % len(todos), file=sys.stderr)
        return 0
    if a.write:
        if todos:
            print("note: %d functions need curation first (see --todo); "
                  "they were not added" % len(todos), file=sys.stderr)
        with open(a.table, "w", encoding="utf-8") as f:
            f.write(odb.format_table(preamble, rows + new_rows, trailer))
        print("%d rows added" % len(new_rows), file=sys.stderr)
        return 0
    for r in new_rows:
        print("  ".join(r.columns()))
    print("%d rows derived, %d need curation (--todo)"
          % (len(new_rows), len(todos)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
