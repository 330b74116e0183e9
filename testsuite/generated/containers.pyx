# cython: language_level=3
# Containers, strings, unpacking, exceptions and context managers: the
# Python-level code Cython turns into most of its generated C.
import os
from collections import OrderedDict


def merge(a, b, *, prefer_left=True):
    out = dict(b)
    for k, v in a.items():
        if prefer_left or k not in out:
            out[k] = v
    return out


def pairs(seq):
    return [(i, x) for i, x in enumerate(seq) if x is not None]


def unpack(t):
    a, b, *rest = t
    return b, a, tuple(rest)


def slices(s, n):
    return s[:n], s[n:], s[::-1], s[1:-1:2]


def fmt(name, value, width=8):
    return f"{name:>{width}} = {value!r} ({len(str(value))})"


def setops(a, b):
    x, y = set(a), frozenset(b)
    return sorted(x | y), sorted(x & y), sorted(x - y), x ^ y


def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return None
    finally:
        pass


def read_first(path):
    with open(path) as f:
        return f.readline()


def nested(data):
    total = 0
    for row in data:
        for cell in row:
            if isinstance(cell, (int, float)):
                total += cell
            elif isinstance(cell, str) and cell.isdigit():
                total += int(cell)
    return total


def ordered(keys):
    d = OrderedDict()
    for k in keys:
        d.setdefault(k, []).append(len(d))
    return list(d.items())


def env(name, default=None):
    return os.environ.get(name, default)


def raises(kind):
    if kind == 1:
        raise ValueError("one")
    elif kind == 2:
        raise KeyError(kind)
    raise RuntimeError(f"kind {kind}")


def catch_all(f, *args, **kwargs):
    try:
        return f(*args, **kwargs), None
    except Exception as e:
        return None, e


def joined(items, sep=", "):
    return sep.join(str(i) for i in items)


def counter(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return max(counts, key=counts.get) if counts else None
