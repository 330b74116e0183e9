"""m2crypto 0.46.2, SwigPyBuiltin_InitBases (_m2crypto_wrap.c:3385, SWIG 4
-builtin runtime), called by PyInit__m2crypto for each builtin type
(bignum_st, BIO_PYFD_CTX): tuple = PyTuple_New (base_count) is used
unchecked, PyTuple_SET_ITEM (NULL, 0, ...) crashes.  PyTuple_New (1)
fails only on MemoryError with the interpreter's free list of 1-tuples
empty; at that point of the import the list is never empty (the import
of swig_runtime_data4 before it frees 1-tuples), so
_testcapi.set_nomemory cannot reach it (the fault after the counted
allocations lands in PyType_Ready instead).  The failure is made under
gdb instead: PyTuple_New, the first time InitBases calls it, returns NULL
as it does when its allocation fails.  Measured: the crash, in
SwigPyBuiltin_InitBases itself (gcc's clone .constprop.0), of
_imp.create_dynamic (the loader of M2Crypto._m2crypto); and, as a
control, the same import under gdb without the forced failure does not
crash."""
from _probe import M2CRYPTO_EXTENSION_SPEC, require

require("M2Crypto")

import _faults

SETUP = M2CRYPTO_EXTENSION_SPEC
STATEMENT = "_imp.create_dynamic(spec)"
BREAK = ["break 'SwigPyBuiltin_InitBases.constprop.0'"]

sig, how = _faults.crash_under_gdb(SETUP, STATEMENT, "SwigPyBuiltin_InitBases",
                                   BREAK, ["delete", "continue"])
if sig is not None:
    print("control: the import crashes without a forced failure (%s)" % how)
    raise SystemExit(1)
sig, how = _faults.crash_under_gdb(
    SETUP, STATEMENT, "SwigPyBuiltin_InitBases", BREAK,
    ["break PyTuple_New", "continue", "return (void *) 0", "continue"], via=())
print(how)
if sig is None:
    print("SwigPyBuiltin_InitBases with PyTuple_New failing: not reproduced")
    raise SystemExit(1)
print("SwigPyBuiltin_InitBases: %s when its PyTuple_New returns NULL "
      "(control: no crash without it)" % sig)
