"""m2crypto 0.46.2, two closures of SWIG 4.1's -builtin runtime in
_m2crypto_wrap.c that use a new reference unchecked (MemoryError only):

- SwigPyBuiltin_destructor_closure (:3441): when the destructor wrapper
  fails, 'deallocname = PyString_FromString (wrappername)' is passed to
  PyErr_WriteUnraisable and Py_DECREF'd unchecked;
- SwigPyBuiltin_ssizeargfunc_closure (:3609): 'arg = PyLong_FromSsize_t
  (b)' is passed to the wrapper and Py_DECREF'd unchecked.

M2Crypto 0.46.2 reaches neither: its destructor wrappers never fail on the
object being freed, and no type of it has an sq_item slot, so gcc drops
the second from the wheel.  The code is SWIG's, copied into every
-builtin wrapper: the reproducer generates, with the same swig, a small
-builtin module (the interface below) that reaches both, checks that
both functions are there exactly as in the _m2crypto_wrap.c bench/corpus
built, and makes the allocation fail (_testcapi.set_nomemory).
Measured: the fault number and the backtrace of each crash, which must
be Py_DECREF (NULL) in the closure."""
import os
import re
import subprocess

import _faults
from _probe import built_source, build_extension, c_function, workdir

# A -builtin type whose destructor can be made to fail (as a C++
# destructor that throws, or an %exception that checks a status, would)
# and whose get method is its sq_item slot, through the closure.
INTERFACE = r'''%module swigbuiltin
%{
#include <stdlib.h>
typedef struct vec { long n; double *v; } vec;
static int fail_delete = 0;
%}
%feature("python:slot", "sq_item", functype="ssizeargfunc") vec::get;
%exception vec::~vec {
  $action
  if (fail_delete) {
    PyErr_SetString(PyExc_RuntimeError, "delete_vec failed");
    SWIG_fail;
  }
}
typedef struct vec { } vec;
%extend vec {
  vec(long n) {
    vec *p = calloc(1, sizeof *p);
    p->n = n;
    p->v = calloc(n, sizeof (double));
    return p;
  }
  ~vec() { free($self->v); free($self); }
  double get(long i) { return i >= 0 && i < $self->n ? $self->v[i] : -1.0; }
}
%inline %{
void set_fail_delete(int on) { fail_delete = on; }
%}
'''
CLOSURES = ("SwigPyBuiltin_destructor_closure",
            "SwigPyBuiltin_ssizeargfunc_closure")

m2 = built_source("m2crypto-0.46.2", "src/SWIG/_m2crypto_wrap.c")
work = workdir("m2crypto-swig-builtin-")
with open(os.path.join(work, "swigbuiltin.i"), "w") as f:
    f.write(INTERFACE)
wrap = os.path.join(work, "swigbuiltin_wrap.c")
try:
    subprocess.run(["swig", "-python", "-builtin", "-o", wrap,
                    os.path.join(work, "swigbuiltin.i")], check=True)
except (OSError, subprocess.CalledProcessError) as e:
    print("swig failed: %s" % e)
    raise SystemExit(2)
with open(wrap) as f:
    ours = f.read()


def version(text):
    m = re.search(r"^#define SWIG_VERSION (0x[0-9a-f]+)", text, re.M)
    return m and m.group(1)


if version(ours) != version(m2):
    print("swig %s, but _m2crypto_wrap.c was made by swig %s"
          % (version(ours), version(m2)))
    raise SystemExit(2)
for name in CLOSURES:
    if c_function(ours, name) is None or \
            c_function(ours, name) != c_function(m2, name):
        print("%s is not the same in _m2crypto_wrap.c" % name)
        raise SystemExit(2)
build_extension("_swigbuiltin", wrap, work)

SETUP = "import sys\nsys.path.insert(0, %r)\n" % work \
    + "import _swigbuiltin as m\nv = m.vec(10)\n"
results = []
for name, setup, statement in (
        (CLOSURES[0], SETUP + "m.set_fail_delete(1)\n", "del v"),
        # 1000: not one of the small ints CPython keeps allocated.
        (CLOSURES[1], SETUP, "v[1000]")):
    n, how = _faults.crash_under_nomemory(setup, statement, name, limit=30,
                                          via=("Py_DECREF",))
    print(how)
    print("%s (%s): %s" % (name, statement, "Py_DECREF (NULL) when "
                           "allocation %d fails" % n if n is not None
                           else "not reproduced"))
    results.append(n is not None)
print("SWIG 4.1 -builtin closures (the code of _m2crypto_wrap.c:3441 and "
      ":3609): %d of %d crash as claimed" % (sum(results), len(results)))
raise SystemExit(0 if all(results) else 1)
