# cython: language_level=3
# Extension types: cdef classes with C fields, properties, special
# methods, inheritance, cpdef methods, iteration and pickling.

cdef class Point:
    cdef public double x, y
    cdef readonly object label

    def __init__(self, double x=0, double y=0, label=None):
        self.x = x
        self.y = y
        self.label = label

    property norm2:
        def __get__(self):
            return self.x * self.x + self.y * self.y

    def __richcmp__(self, other, int op):
        if not isinstance(other, Point):
            return NotImplemented
        if op == 2:
            return self.x == (<Point>other).x and self.y == (<Point>other).y
        if op == 3:
            return not (self.x == (<Point>other).x and self.y == (<Point>other).y)
        return NotImplemented

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return "Point(%r, %r, %r)" % (self.x, self.y, self.label)

    cpdef Point scaled(self, double k):
        return Point(self.x * k, self.y * k, self.label)

    cdef int check(self) except -1:
        if self.x != self.x:
            raise ValueError("nan")
        return 0


cdef class Point3(Point):
    cdef public double z

    def __init__(self, double x=0, double y=0, double z=0, label=None):
        Point.__init__(self, x, y, label)
        self.z = z

    cpdef Point scaled(self, double k):
        p = Point3(self.x * k, self.y * k, self.z * k, self.label)
        return p


cdef class Polyline:
    cdef list points

    def __cinit__(self):
        self.points = []

    def add(self, Point p not None):
        p.check()
        self.points.append(p)
        return self

    def __len__(self):
        return len(self.points)

    def __getitem__(self, i):
        return self.points[i]

    def __iter__(self):
        return iter(self.points)

    def length(self):
        cdef double total = 0
        cdef Point a, b
        for i in range(1, len(self.points)):
            a = self.points[i - 1]
            b = self.points[i]
            total += ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
        return total


cdef class Countdown:
    cdef long n

    def __init__(self, long n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n


def fib(int n):
    cdef long a = 0, b = 1, i
    for i in range(n):
        a, b = b, a + b
    return a


def apply_all(funcs, value):
    return [f(value) for f in funcs]


async def twice(x):
    return x * 2


async def chain(x):
    y = await twice(x)
    return await twice(y)
