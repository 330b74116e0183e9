"""Cython 0.29.32's __Pyx_PyCode_New (the Python 3.11 version, in
basics.c, containers.c and types.c): it builds the code object with
code.replace (**kwds), creating each keyword's value, and releases them
all at 'end:' but 'flags' (PyLong_FromLong (f) for co_flags): one
reference to an int leaked per code object, that is per def function of
the module, at import.

The function is static and runs only during the module's initialisation,
so this calls each built module's own copy directly, through ctypes, at
the address its ELF symbol table gives (the modules are built with
symbols), with the arguments Cython's module init passes for 'def
squares (n)' (co_flags CO_OPTIMIZED|CO_NEWLOCALS = 3): 1000 calls make
sys.getrefcount (3) grow by 1000, one leaked reference per call (0 once
'flags' is released like the other values).  Small ints are not immortal
before Python 3.12; from 3.12 on, the leak is measured with a flags value
that is no small int, as memory that tracemalloc sees kept.

Run as 'python3 pycode_new_flags.py' in the directory where the modules
were built; exit 0 when the leak is shown, 1 when not."""
import ctypes
import gc
import os
import struct
import sys
import sysconfig
import tracemalloc

MODULES = ("basics", "containers", "types")
CALLS = 1000


def elf_symbols(path):
    """The values of the symbols in the ELF64 little-endian file PATH's
    .symtab (static functions included), by name."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return {}
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    symbols = {}
    for sh in sections:
        if sh[1] != 2:   # SHT_SYMTAB
            continue
        stroff = sections[sh[6]][4]
        for off in range(sh[4], sh[4] + sh[5], 24):
            st_name, _, _, _, st_value, _ = struct.unpack_from("<IBBHQQ", data, off)
            end = data.index(b"\0", stroff + st_name)
            symbols[data[stroff + st_name:end].decode()] = st_value
    return symbols


PROTO = ctypes.PYFUNCTYPE(
    ctypes.py_object,
    ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
    ctypes.py_object, ctypes.py_object, ctypes.py_object, ctypes.py_object,
    ctypes.py_object, ctypes.py_object, ctypes.py_object, ctypes.py_object,
    ctypes.c_int, ctypes.py_object)


def pycode_new(module):
    """The module's __Pyx_PyCode_New, callable; None if it has no symbol."""
    path = os.path.abspath(module + sysconfig.get_config_var("EXT_SUFFIX"))
    if not os.path.exists(path):
        return None
    symbols = elf_symbols(path)
    if "__Pyx_PyCode_New" not in symbols or "PyInit_" + module not in symbols:
        return None
    lib = ctypes.CDLL(path)
    init = ctypes.cast(getattr(lib, "PyInit_" + module), ctypes.c_void_p).value
    bias = init - symbols["PyInit_" + module]
    return PROTO(bias + symbols["__Pyx_PyCode_New"])


def call(func, flags):
    # As basics.c's module init does for 'def squares (n)'.
    return func(1, 0, 2, 0, flags, b"", (), (), ("n", "i"), (), (),
                "basics.pyx", "squares", 16, b"")


def leaked(func):
    """How many ints CALLS calls of FUNC leave behind."""
    if sys.version_info < (3, 12):
        gc.collect()
        gc.disable()
        before = sys.getrefcount(3)
        for _ in range(CALLS):
            code = call(func, 3)
        del code
        grown = sys.getrefcount(3) - before
        gc.enable()
        return grown, "sys.getrefcount(3)"
    big = 3 | 0x100000   # no small int: a new int object at each call
    call(func, big)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(CALLS):
        code = call(func, big)
    del code
    gc.collect()
    grown = (tracemalloc.get_traced_memory()[0] - before) // sys.getsizeof(big)
    tracemalloc.stop()
    return grown, "ints' worth of memory kept"


results = []
for module in MODULES:
    func = pycode_new(module)
    if func is None:
        print("%s: not built here, or no __Pyx_PyCode_New in its symbol table"
              % module)
        raise SystemExit(1)
    code = call(func, 3)
    if type(code).__name__ != "code" or code.co_flags != 3:
        print("%s: __Pyx_PyCode_New returned %r" % (module, code))
        raise SystemExit(1)
    grown, unit = leaked(func)
    results.append("%s %+d" % (module, grown))
    if grown < CALLS:
        print("__Pyx_PyCode_New, %d calls: %s (%s): not one leaked int per call"
              % (CALLS, ", ".join(results), unit))
        raise SystemExit(1)
print("__Pyx_PyCode_New, %d calls: %s (%s): one leaked int ('flags') per code object"
      % (CALLS, ", ".join(results), unit))
