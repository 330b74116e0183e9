"""cytoolz 1.2.0 cytoolz/itertoolz.pyx:1485 and :1541, _outer_join.__next__
and _left_outer_join.__next__: once the right sequence is exhausted, they
iterate the keys of the left sequence's groups (self.keys = iter(self.d))
and look each one up again with PyDict_GetItem (self.d, key), whose NULL
result is used unchecked ('self.matches = <object>obj': Py_INCREF (NULL)).
The lookup fails for a key whose hash has changed since it was grouped (a
mutable key), and the interpreter crashes with SIGSEGV instead of raising.
Shown with join(..., left_default=None, right_default=None) (and with
right_default only) over one key object whose __hash__ changes after the
join is built; gdb's backtrace names the __next__ function.  A fixed
cytoolz raises an exception or skips the key, and the child exits."""
from _probe import require

require("cytoolz")

from _cython import BARE_PACKAGE
from _faults import crash_without_fault

SETUP = BARE_PACKAGE + r'''
_bare("cytoolz")
from cytoolz.itertoolz import join
class Key:
    h = 1
    def __hash__(self):
        return self.h
key = Key()
ident = lambda x: x
'''
CASES = [
    ("join(ident, [key], ident, [], left_default=None, right_default=None)",
     "__pyx_pf_7cytoolz_9itertoolz_11_outer_join___next__", "_outer_join.__next__"),
    ("join(ident, [key], ident, [], right_default=None)",
     "__pyx_pf_7cytoolz_9itertoolz_16_left_outer_join___next__",
     "_left_outer_join.__next__"),
]
crashed = []
for call, function, name in CASES:
    statement = "j = %s\nkey.h = 2\nnext(j)" % call
    sig, how = crash_without_fault(SETUP, statement, function)
    if sig is None:
        print("next(%s) after the key's hash changed: %s" % (call, how))
        raise SystemExit(1)
    print(how)
    crashed.append("%s (signal %d)" % (name, sig))
print("next(join(...)) over a key whose hash changed after grouping: "
      "the interpreter crashes in %s" % ", ".join(crashed))
