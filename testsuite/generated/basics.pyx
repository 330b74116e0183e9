# cython: language_level=3
import math

cdef class Vec:
    cdef public double x, y
    cdef object tag
    def __init__(self, x=0.0, y=0.0, tag=None):
        self.x = x; self.y = y; self.tag = tag
    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def norm(self):
        return math.sqrt(self.x * self.x + self.y * self.y)
    def __repr__(self):
        return f"Vec({self.x}, {self.y}, {self.tag!r})"

def squares(n):
    return [i * i for i in range(n)]

def wordcount(text):
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])

def gen(n):
    for i in range(n):
        yield i, str(i)

class Plain:
    def __init__(self, **kw):
        self.__dict__.update(kw)
    def get(self, name, default=None):
        try:
            return getattr(self, name)
        except AttributeError:
            return default
