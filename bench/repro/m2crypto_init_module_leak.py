"""m2crypto 0.46.2, PyInit__m2crypto (_m2crypto_wrap.c, SWIG 4 -builtin):
after PyModule_Create, its error returns ("Could not create type
'bignum_st'." when PyType_Ready fails, "Failure to create SWIG globals.")
return NULL without releasing the module m, nor this_descr and
thisown_descr, the two getset descriptors it creates for every builtin
type's dict; those two are not released on success either.  Measured:
(1) loading M2Crypto._m2crypto (_imp.create_dynamic) with one allocation
failing (_testcapi.set_nomemory), from the first allocation after
SwigPyBuiltin_InitBases is first reached (counted with gdb reading
_testcapi's counter): the first fault that makes it raise one of those
TypeErrors and after which a module named M2Crypto._m2crypto is still
alive after a garbage collection (fixed: Py_DECREF (m) frees it; a
module returned with an exception set instead would be CPython's own
leak, hence the TypeError); (2) in a normal import, the reference count
of bignum_st's 'this' and 'thisown' descriptors against the objects
that refer to them: one reference more, the one PyInit__m2crypto never
released."""
import gc
import sys

from _probe import M2CRYPTO_EXTENSION_SPEC, require

require("M2Crypto")

import _faults

SETUP = M2CRYPTO_EXTENSION_SPEC + '''import gc
Module = type(sys)
'''
STATEMENT = "_imp.create_dynamic(spec)"
CHECK = ('error in ("TypeError: Could not create type \'bignum_st\'.", '
         '"TypeError: Could not create type \'BIO_PYFD_CTX\'.", '
         '"TypeError: Failure to create SWIG globals.") and '
         '(error, [sys.getrefcount(o) - 1 for o in gc.get_objects() '
         'if type(o) is Module and o.__name__ == "M2Crypto._m2crypto"])')

ok = True
start = _faults.allocations_before(SETUP, STATEMENT,
                                   "'SwigPyBuiltin_InitBases.constprop.0'")
if start is None:
    print("PyInit__m2crypto: the allocations before SwigPyBuiltin_InitBases "
          "could not be counted")
    ok = False
else:
    n, value = _faults.first_fault(SETUP, STATEMENT, CHECK, start=start,
                                   limit=start + 200)
    if n is None or "[]" in value:
        print("PyInit__m2crypto: no fault in %d..%d made it fail with the "
              "module leaked (%s)" % (start, start + 199, value))
        ok = False
    else:
        print("PyInit__m2crypto: allocation %d failing: %s" % (n, value))

from M2Crypto import m2

extra = []
for name in ("this", "thisown"):
    d = m2.bignum_st.__dict__[name]
    gc.collect()
    refs, holders = sys.getrefcount(d) - 1, len(gc.get_referrers(d))
    extra.append("%s: %d references, %d holders" % (name, refs, holders))
    ok = ok and refs > holders
print("descriptors: " + "; ".join(extra))
print("PyInit__m2crypto: %s" % (
    "leaks the module on an error return (fault %d) and a reference to each "
    "descriptor" % n if ok else "not reproduced"))
raise SystemExit(0 if ok else 1)
