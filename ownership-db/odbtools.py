"""Helpers shared by the ownership-db scripts (standard library only).

Parsers for the ownership table (README.md), CPython's Doc/data/refcounts.dat,
Misc/stable_abi.toml (only the [function.NAME] items and their "added" and
"abi_only" keys) and for the function prototypes of a CPython header tree.

The header scanner follows the same rule as `pyrefcheck-db coverage`
(pyrefcheck-db.c): an *object pointer type* is `T *` or `T **` (const
qualifiers allowed) where T is PyObject, PyVarObject, PyWeakReference, a
Py*Object / _Py*Object type name other than PyDictKeysObject, or
`struct _object` / `struct _typeobject`.  A function "involves objects" when
its return type or one of its parameter types (not counting the parameters of
a function-pointer parameter) is an object pointer type.
"""

import os
import re

# ----------------------------------------------------------------------------
# The ownership table.

RETURNS = ("new", "borrowed", "nonobj", "void", "count")
ERRORS = ("never", "null-exc", "null-noexc", "null-maybe-exc", "neg1-exc",
          "neg1-ambiguous", "zero-exc", "zero-noexc", "lookup", "always-exc",
          "clears-exc", "checks-exc", "unknown", "status-exc")
ARG_KINDS = ("nonobj", "borrowed", "steals", "steals-on-success", "out-new",
             "out-borrowed", "inout-new")
VARARGS = ("...", "...parse", "...build", "...objs")


class Row:
    """One row of the table, with the comment lines written above it."""

    def __init__(self, name, ret, err, args, python, source, comments=(),
                 line=0):
        self.name = name
        self.ret = ret
        self.err = err
        self.args = args
        self.python = python
        self.source = source
        self.comments = list(comments)
        self.line = line

    @property
    def curated(self):
        # Same rule as odb.c (contains_word_p): the word "curated".
        return re.search(r"(?<![A-Za-z0-9])curated(?![A-Za-z0-9-])",
                         self.source) is not None

    def arg_list(self):
        return [] if self.args == "-" else self.args.split(",")

    def fixed_args(self):
        """The argument kinds without a variadic marker."""
        return [a for a in self.arg_list() if not a.startswith("...")]

    def varargs(self):
        a = self.arg_list()
        return a[-1] if a and a[-1].startswith("...") else None

    def version_range(self):
        """(min, max) as (major, minor) tuples or None."""
        return parse_python(self.python)

    def columns(self):
        return [self.name, self.ret, self.err, self.args, self.python,
                self.source]


def parse_version(text):
    m = re.fullmatch(r"(\d+)\.(\d+)", text)
    if not m:
        raise ValueError("bad version %r" % text)
    return (int(m.group(1)), int(m.group(2)))


def parse_python(word):
    if word == "all":
        return (None, None)
    lo, sep, hi = word.partition("-")
    if not sep:
        raise ValueError("bad PYTHON %r" % word)
    return (parse_version(lo) if lo else None,
            parse_version(hi) if hi else None)


def read_table(path):
    """Return (preamble comment lines, rows, trailing comment lines)."""
    preamble, rows, pending = [], [], []
    seen_row = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            stripped = line.strip()
            if not stripped:
                if not seen_row:
                    preamble.extend(pending)
                    preamble.append("")
                    pending = []
                else:
                    pending.append("")
                continue
            if stripped.startswith("#"):
                pending.append(stripped)
                continue
            words = stripped.split(None, 5)
            if len(words) < 6:
                raise ValueError("%s:%d: expected 6 columns" % (path, lineno))
            if not seen_row:
                # Comments directly above the first row that look like the
                # column header belong to the preamble.
                while pending and pending[0].startswith("#"):
                    if pending[0].startswith("# NAME"):
                        pending.pop(0)
                        break
                    preamble.append(pending.pop(0))
            seen_row = True
            # Blank lines inside the body are not kept.
            comments = [c for c in pending if c]
            pending = []
            rows.append(Row(*words, comments=comments, line=lineno))
    return preamble, rows, [c for c in pending if c]


def format_table(preamble, rows, trailer=()):
    """Format a table: rows sorted by name (byte order, then PYTHON lower
    bound) and aligned in columns."""
    def key(r):
        lo, _ = r.version_range()
        return (r.name.encode(), lo or (0, 0))
    rows = sorted(rows, key=key)
    head = ["# NAME", "RETURNS", "ERROR", "ARGS", "PYTHON", "SOURCE"]
    # Column widths: the widest cell, but capped so that a few very long
    # names or argument lists do not push every row to the right (a cell
    # wider than the cap just shifts the rest of its own row).
    caps = [40, 9, 15, 52, 9]
    widths = [min(caps[i], max([len(head[i])] +
                               [len(r.columns()[i]) for r in rows]))
              for i in range(5)]

    def fmt(cols):
        return "  ".join(c.ljust(w) for c, w in zip(cols[:5], widths)) \
            + "  " + cols[5]
    out = [l for l in preamble]
    while out and out[-1] == "":
        out.pop()
    out.append(fmt(head))
    for r in rows:
        out.extend(r.comments)
        out.append(fmt(r.columns()).rstrip())
    out.extend(trailer)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------
# refcounts.dat

class RcFunc:
    def __init__(self, name):
        self.name = name
        self.ret_type = None
        self.ret_rc = None
        self.params = []       # (type, name, rc, comment)
        self.variadic = False


def read_refcounts(path):
    """Return an ordered dict name -> RcFunc."""
    funcs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(":", 4)
            while len(parts) < 5:
                parts.append("")
            name, typ, pname, rc, comment = [p.strip() for p in parts]
            fn = funcs.get(name)
            if fn is None:
                fn = funcs[name] = RcFunc(name)
                fn.ret_type, fn.ret_rc = typ, rc
                continue
            if pname == "..." or typ == "...":
                fn.variadic = True
                continue
            if typ == "" and pname == "void" or (typ == "void" and not pname):
                continue    # "no parameters"
            fn.params.append((typ, pname, rc, comment))
    return funcs


# ----------------------------------------------------------------------------
# stable_abi.toml (only what we need; no TOML library required)

def read_stable_abi(path):
    """Return dict name -> {"added": "3.2", "abi_only": bool, "ifdef": s}
    for the [function.NAME] items."""
    funcs, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            m = re.match(r"\[(\w+)\.(\w+)\]$", s)
            if m:
                cur = None
                if m.group(1) == "function":
                    cur = funcs[m.group(2)] = {"added": None,
                                                "abi_only": False,
                                                "ifdef": None}
                continue
            if cur is None:
                continue
            m = re.match(r"(\w+)\s*=\s*(.*)$", s)
            if not m:
                continue
            key, val = m.group(1), m.group(2).strip()
            if key == "added":
                cur["added"] = val.strip("'\"")
            elif key == "abi_only":
                cur["abi_only"] = val == "true"
            elif key == "ifdef":
                cur["ifdef"] = val.strip("'\"")
    return funcs


# ----------------------------------------------------------------------------
# C headers

OBJ_TYPE_RE = re.compile(r"^_?Py\w*Object$")
OBJ_TYPE_EXCLUDE = {"PyDictKeysObject"}
OBJ_TYPE_EXTRA = {"PyObject", "PyVarObject", "PyWeakReference",
                  "_PyWeakReference"}
OBJ_STRUCTS = {"_object", "_typeobject"}


def strip_comments_and_directives(text):
    """Remove comments, string contents and preprocessor lines."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j) or " ")
            i = j
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        if c == "#" and at_line_start:
            # Skip the directive and its continuation lines.
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    j = n
                    break
                if text[k - 1] == "\\":
                    j = k + 1
                    continue
                j = k
                break
            i = j
            continue
        if c == "\n":
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        out.append(c)
        i += 1
    return "".join(out)


def is_object_type(typ):
    """Is the C type text TYP an object pointer type (see module doc)?"""
    t = re.sub(r"\b(const|volatile|restrict|struct)\b", lambda m:
               "struct" if m.group(1) == "struct" else "", typ)
    t = t.strip()
    m = re.match(r"^(struct\s+)?(\w+)\s*((?:\*\s*)+)$", t)
    if not m:
        return False
    stars = m.group(3).count("*")
    if stars > 2:
        return False
    name = m.group(2)
    if m.group(1):
        return name in OBJ_STRUCTS
    return (name in OBJ_TYPE_EXTRA
            or (OBJ_TYPE_RE.match(name) is not None
                and name not in OBJ_TYPE_EXCLUDE))


def object_depth(typ):
    """0 (not an object pointer), 1 (T *) or 2 (T ** / T *const *)."""
    if not is_object_type(typ):
        return 0
    return typ.count("*")


def split_params(text):
    """Split a parameter list at top-level commas."""
    parts, depth, cur = [], 0, []
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
    last = "".join(cur).strip()
    if last:
        parts.append(last)
    return parts


C_KEYWORDS = {"const", "volatile", "unsigned", "signed", "struct", "int",
              "long", "short", "char", "double", "float", "void", "enum",
              "union", "restrict", "_Bool"}


def param_type(p):
    """Return (type text, name or '') for one parameter declaration."""
    p = re.sub(r"\s+", " ", p).strip()
    p = re.sub(r"\bPy_UNUSED\((\w+)\)", r"\1", p)
    if "(" in p:
        # Function pointer: keep as is.
        m = re.search(r"\(\s*\*\s*(\w*)\s*\)", p)
        return p, (m.group(1) if m else "")
    p = re.sub(r"\[[^\]]*\]$", "*", p)
    m = re.match(r"^(.*?[\s*])(\w+)$", p)
    if m and m.group(2) not in C_KEYWORDS and not m.group(1).strip() in (
            "struct", "enum", "union", "unsigned", "signed", ""):
        return m.group(1).strip(), m.group(2)
    return p, ""


class HFunc:
    def __init__(self, name, ret_type, params, variadic, path, line, kind):
        self.name = name
        self.ret_type = ret_type
        self.params = params        # list of (type, name)
        self.variadic = variadic
        self.path = path
        self.line = line
        self.kind = kind            # "PyAPI_FUNC" or "static inline"

    def involves_objects(self):
        return (is_object_type(self.ret_type)
                or any(is_object_type(t) for t, _ in self.params))


def _balanced(text, i):
    """TEXT[i] is '('; return the index after the matching ')'."""
    depth = 0
    n = len(text)
    while i < n:
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


ATTR_RE = re.compile(r"\s*(?:Py_GCC_ATTRIBUTE|__attribute__|Py_DEPRECATED|"
                     r"_Py_NO_RETURN|Py_ALWAYS_INLINE|_Py_NO_SANITIZE_\w+|"
                     r"Py_NO_INLINE)\b")


def _parse_params(text):
    inner = text.strip()[1:-1].strip()
    if inner in ("", "void"):
        return [], False
    parts = split_params(inner)
    variadic = bool(parts) and parts[-1] == "..."
    if variadic:
        parts = parts[:-1]
    return [param_type(p) for p in parts], variadic


def scan_header_text(text, path):
    """Yield HFunc for the PyAPI_FUNC declarations and the static inline
    function definitions in TEXT (one header)."""
    clean = strip_comments_and_directives(text)
    for m in re.finditer(r"\bPyAPI_FUNC\s*\(", clean):
        start = m.end() - 1
        end = _balanced(clean, start)
        ret = re.sub(r"\s+", " ", clean[start + 1:end - 1]).strip()
        rest = clean[end:]
        mm = re.match(r"\s*(?:(?:_Py_NO_RETURN|Py_DEPRECATED\s*\([^)]*\)|"
                      r"Py_GCC_ATTRIBUTE\s*\(\([^)]*\)\))\s*)*"
                      r"\(?\s*(\w+)\s*\)?\s*\(", rest)
        if not mm:
            continue
        name = mm.group(1)
        pstart = end + mm.end() - 1
        pend = _balanced(clean, pstart)
        params, variadic = _parse_params(clean[pstart:pend])
        line = clean.count("\n", 0, m.start()) + 1
        yield HFunc(name, ret, params, variadic, path, line, "PyAPI_FUNC")
    for m in re.finditer(r"\bstatic\s+inline\b", clean):
        # static inline RET NAME(PARAMS) {
        i = m.end()
        mm = re.match(r"([\w\s\*]*?)\b(\w+)\s*\(", clean[i:])
        if not mm:
            continue
        ret = re.sub(r"\s+", " ", ATTR_RE.sub(" ", mm.group(1))).strip()
        name = mm.group(2)
        pstart = i + mm.end() - 1
        pend = _balanced(clean, pstart)
        after = clean[pend:pend + 200]
        if not re.match(r"\s*\{", after):
            continue
        params, variadic = _parse_params(clean[pstart:pend])
        line = clean.count("\n", 0, m.start()) + 1
        yield HFunc(name, ret, params, variadic, path, line, "static inline")


def scan_headers(root, include_internal=False):
    """Return a list of HFunc for the headers under ROOT (sorted walk)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if not include_internal and "internal" in dirnames:
            dirnames.remove("internal")
        for fn in sorted(filenames):
            if not fn.endswith(".h"):
                continue
            path = os.path.join(dirpath, fn)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            out.extend(scan_header_text(text, os.path.relpath(path, root)))
    return out


# ----------------------------------------------------------------------------
# Doc/c-api/*.rst (optional: only used to suggest the ERROR column)

class DocEntry:
    def __init__(self, name, page, signature, body):
        self.name = name
        self.page = page
        self.signature = signature
        self.body = body


def read_docs(root):
    """Return dict name -> DocEntry for the c:function:: and c:macro::
    directives of the .rst (or .rst.txt) files under ROOT."""
    entries = {}
    if not root or not os.path.isdir(root):
        return entries
    for fn in sorted(os.listdir(root)):
        if not (fn.endswith(".rst") or fn.endswith(".rst.txt")):
            continue
        page = "c-api/" + fn.split(".")[0]
        with open(os.path.join(root, fn), encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^(\s*)\.\. c:(function|macro)::\s*(.*)$", lines[i])
            if not m:
                i += 1
                continue
            indent = len(m.group(1))
            sigs = [m.group(3)]
            i += 1
            while sigs[-1].rstrip().endswith("\\") and i < len(lines):
                sigs[-1] = sigs[-1].rstrip()[:-1] + " " + lines[i].strip()
                i += 1
            # Continuation signatures are aligned under the first one.
            while i < len(lines) and lines[i].strip() and \
                    len(lines[i]) - len(lines[i].lstrip()) > indent and \
                    not lines[i].strip().startswith(":") and \
                    re.search(r"\w+\s*\(", lines[i]) and \
                    not lines[i].rstrip().endswith("."):
                sigs.append(lines[i].strip())
                i += 1
            body = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip())
                                      > indent):
                body.append(lines[i].strip())
                i += 1
            text = re.sub(r"\s+", " ", " ".join(body))
            for sig in sigs:
                mm = re.search(r"(\w+)\s*\(", sig)
                name = mm.group(1) if mm else sig.split()[-1] if sig else ""
                if name and name not in entries:
                    entries[name] = DocEntry(name, page, sig, text)
    return entries
