"""m2crypto 0.46.2, M2Crypto's own C code in its .i files
(_m2crypto_wrap.c), results used unchecked when one allocation fails
(_testcapi.set_nomemory); each crash is in the function itself (gcc
inlined the Py_DECREF), at one of the first allocations it makes (the
allocations before it is reached are counted with gdb reading
_testcapi's counter):

- bn_gencb_callback (:5257): argv = Py_BuildValue ("(ii)", p, n) unchecked,
  PyObject_CallObject (cbfunc, NULL) calls the callback without
  arguments, then Py_DECREF (argv) of NULL.  Reached through the callback
  of m2.rsa_generate_key.
- passphrase_callback (:5274): argv = Py_BuildValue ("(i)", v), the same;
  reached through the passphrase callback of m2.rsa_read_key on an
  encrypted key.
- rsa_set_ex_data (:7933): data_buf = PyMem_Malloc (sizeof (long))
  unchecked, *data_buf = data writes through NULL.

Py_BuildValue's tuple comes from the interpreter's free list of tuples of
that size when it is not empty, without an allocation: the statement
first keeps 2100 tuples of that size alive, as a program holding many
small tuples does, so that the callback's tuple is allocated.  Measured:
the fault number and the backtrace of each crash."""
from _probe import require

require("M2Crypto")

import _faults

results = []


def case(what, setup, statement, function):
    start = _faults.allocations_before(setup, statement, function)
    if start is None:
        print("%s: %s is not reached" % (what, function))
        results.append((what, False))
        return
    n, how = _faults.crash_under_nomemory(setup, statement, function,
                                          start=start, limit=start + 3, via=())
    print(how)
    print("%s: %s" % (what, "crashes when allocation %d fails (%d are made "
                      "before %s is reached)" % (n, start, function)
                      if n is not None else "not reproduced"))
    results.append((what, n is not None))


case("bn_gencb_callback (rsa_generate_key)",
     "from M2Crypto import m2\n"
     "def cb(p, n):\n    pass\n"
     "pairs = [[i, i] for i in range(2100)]\n",
     "keep = [tuple(x) for x in pairs]\n"
     "m2.rsa_generate_key(512, 65537, cb)",
     "bn_gencb_callback")

case("passphrase_callback (rsa_read_key)",
     "from M2Crypto import BIO, RSA, m2\n"
     "def cb(*args):\n    return b'secret'\n"
     "key = RSA.gen_key(1024, 65537, lambda *args: None)\n"
     "out = BIO.MemoryBuffer()\n"
     "key.save_key_bio(out, cipher='aes_128_cbc', callback=cb)\n"
     "bio = BIO.MemoryBuffer(out.read())\n"
     "ones = [[i] for i in range(2100)]\n",
     "keep = [tuple(x) for x in ones]\n"
     "m2.rsa_read_key(bio._ptr(), cb)",
     "passphrase_callback")

case("rsa_set_ex_data",
     "from M2Crypto import m2\nrsa = m2.rsa_new()\n",
     "m2.rsa_set_ex_data(rsa, 0, 42)",
     "rsa_set_ex_data")

failed = [w for w, ok in results if not ok]
print("M2Crypto's callbacks and rsa_set_ex_data under one failed allocation: "
      "%d of %d crash as claimed%s" % (
          len(results) - len(failed), len(results),
          "" if not failed else " (not: %s)" % "; ".join(failed)))
raise SystemExit(1 if failed else 0)
