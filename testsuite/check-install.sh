#!/bin/sh
# "make install" (into a staging DESTDIR) puts pyrefcheck.so and its engine
# into GCC's plugin directory, so that the short form -fplugin=pyrefcheck
# works, and the ownership table, pyrefcheck-db, pyrefcheck-triaged and its
# manual page under the prefix.
: "${top_srcdir:=.}" "${top_builddir:=.}" "${PLUGIN_CC:=gcc}" "${MAKE:=make}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C; export LC_ALL
failures=0
pass () { echo "PASS: $1"; }
fail () {
  echo "FAIL: $1"
  [ -f "$tmp/out" ] && sed 's/^/  | /' "$tmp/out"
  failures=$((failures + 1))
}

stage=$tmp/stage
if ! $MAKE -C "$top_builddir" install DESTDIR="$stage" >"$tmp/out" 2>&1; then
  fail "make install DESTDIR=..."
  exit 1
fi
pass "make install DESTDIR=..."

for f in "$gccplugindir/pyrefcheck.so" "$gccplugindir/pyrefcheck-engine.so" \
         "$pkgdatadir/cpython.tbl" "$pkgdatadir/overlays/numpy.tbl" \
         "$bindir/pyrefcheck-db" "$bindir/pyrefcheck-triaged" \
         "$bindir/pyrefcheck-sarif"; do
  if [ -f "$stage$f" ]; then pass "installed $f"; else fail "installed $f"; fi
done
if [ -n "$(find "$stage" -path '*/man8/pyrefcheck-triaged.8')" ]; then
  pass "installed the manual page pyrefcheck-triaged.8"
else
  fail "installed the manual page pyrefcheck-triaged.8"
fi

cat >"$tmp/leak.c" <<'SRC'
#include <Python.h>
PyObject *leaks (long n)
{
  PyObject *item = PyLong_FromLong (n);
  if (item == NULL)
    return NULL;
  Py_RETURN_NONE;
}
SRC
# -iplugindir stands for the staging directory: installed for real, plain
# -fplugin=pyrefcheck finds the plugin.
if $PLUGIN_CC -c -o /dev/null $PYTHON_CPPFLAGS -iplugindir="$stage$gccplugindir" \
     -fplugin=pyrefcheck -fplugin-arg-pyrefcheck-db-dir="$stage$pkgdatadir" \
     -fplugin-arg-pyrefcheck-db="$stage$pkgdatadir/overlays/numpy.tbl" \
     "$tmp/leak.c" >"$tmp/out" 2>&1 \
   && grep -q "warning: leak of 'item' \[pyrefcheck-leak\]" "$tmp/out"; then
  pass "-fplugin=pyrefcheck finds the installed plugin and table"
else
  fail "-fplugin=pyrefcheck finds the installed plugin and table"
fi
if "$stage$bindir/pyrefcheck-db" check "$stage$pkgdatadir/cpython.tbl" \
     >"$tmp/out" 2>&1; then
  pass "installed pyrefcheck-db checks the installed table"
else
  fail "installed pyrefcheck-db checks the installed table"
fi

if [ $failures -ne 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
