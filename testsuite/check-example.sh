#!/bin/sh
# The bundled example (examples/spam) shows one finding of each kind, each
# with numbered path events, and nothing on its correct functions.
: "${top_srcdir:=.}" "${top_builddir:=.}" "${PLUGIN_CC:=gcc}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
LC_ALL=C $PLUGIN_CC -O2 -c -o /dev/null -fdiagnostics-plain-output \
  $PYTHON_CPPFLAGS -fplugin="$top_builddir/plugin/pyrefcheck.so" \
  -fplugin-arg-pyrefcheck-db-dir="$top_srcdir/ownership-db" \
  "$top_srcdir/examples/spam/spammodule.c" >"$out" 2>&1
status=0
check () {
  if grep -q -e "$2" "$out"; then
    echo "PASS: $1"
  else
    echo "FAIL: $1 (no line matching: $2)"
    status=1
  fi
}
check "leak in spam_describe" ":45:12: warning: leak of 'name' \[pyrefcheck-leak\]"
check "refcount too low in spam_first" ":60:10: warning: returning borrowed reference 'first' .*\[pyrefcheck-refcount-too-low\]"
check "use after release in spam_shout" ":75:20: warning: use of 'text' after its last reference was released \[pyrefcheck-use-after-release\]"
check "NULL dereference in spam_touch" ":89:3: warning: 'Py_DECREF' of 'value', which is NULL when 'PyObject_GetItem' fails \[pyrefcheck-null-deref\]"
check "NULL without exception in spam_lookup" ":106:12: warning: returning NULL without setting an exception \[pyrefcheck-null-without-exception\]"
check "path events of the leak" ":40:20: note: (1) new reference returned by 'PyObject_GetAttrString' is stored in 'name'"
check "the leak's last event" ":45:12: note: (4) 'name' leaks here; acquired at (1)"
n=$(grep -c 'warning: ' "$out")
if [ "$n" -eq 5 ]; then
  echo "PASS: exactly 5 warnings (the correct functions stay silent)"
else
  echo "FAIL: $n warnings, expected 5"
  status=1
fi
[ $status -eq 0 ] || cat "$out"
exit $status
