#!/bin/sh
# The plugin's arguments: help, unknown arguments, bad values, fail-on,
# a missing or broken ownership table, C++ units.  Each case checks the
# exit status and the message.
: "${top_srcdir:=.}" "${top_builddir:=.}" "${PLUGIN_CC:=gcc}"
plugin=$top_builddir/plugin/pyrefcheck.so
dbdir=$top_srcdir/ownership-db
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C; export LC_ALL
failures=0

# expect NAME WANT_STATUS PATTERN -- command...: run the command, check its
# exit status (0 or nonzero) and that its output matches PATTERN.
expect () {
  name=$1 want=$2 pattern=$3; shift 4
  "$@" >"$tmp/out" 2>&1
  got=$?
  if [ "$want" = 0 ] && [ $got -ne 0 ]; then ok=no
  elif [ "$want" != 0 ] && [ $got -eq 0 ]; then ok=no
  elif ! grep -q -e "$pattern" "$tmp/out"; then ok=no
  else ok=yes
  fi
  if [ $ok = yes ]; then
    echo "PASS: $name"
  else
    echo "FAIL: $name (exit $got, wanted ${want}; pattern: $pattern)"
    sed 's/^/  | /' "$tmp/out"
    failures=$((failures + 1))
  fi
}

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
cc="$PLUGIN_CC -c -o /dev/null $PYTHON_CPPFLAGS -fplugin=$plugin"
db="-fplugin-arg-pyrefcheck-db-dir=$dbdir"

expect "warning by default" 0 "warning: leak of 'item' \[pyrefcheck-leak\]" -- \
  $cc $db "$tmp/leak.c"
expect "fail-on=leak makes it an error" 1 "error: leak of 'item' \[pyrefcheck-leak\]" -- \
  $cc $db -fplugin-arg-pyrefcheck-fail-on=leak "$tmp/leak.c"
expect "fail-on=all" 1 "error: leak of 'item'" -- \
  $cc $db -fplugin-arg-pyrefcheck-fail-on=all "$tmp/leak.c"
expect "fail-on of another kind stays a warning" 0 "warning: leak of 'item'" -- \
  $cc $db -fplugin-arg-pyrefcheck-fail-on=null-deref,refcount-too-low "$tmp/leak.c"
expect "fail-on with an unknown kind" 1 "unknown kind 'leaks' in 'fail-on'" -- \
  $cc $db -fplugin-arg-pyrefcheck-fail-on=leaks "$tmp/leak.c"
expect "unknown argument lists the valid ones" 1 \
  "unknown argument '-fplugin-arg-pyrefcheck-bogus'; valid arguments are: fail-on, db, db-dir" -- \
  $cc $db -fplugin-arg-pyrefcheck-bogus "$tmp/leak.c"
expect "argument without its value" 1 "needs a value ('fail-on=KIND" -- \
  $cc $db -fplugin-arg-pyrefcheck-fail-on "$tmp/leak.c"
expect "flag given a value" 1 "takes no value" -- \
  $cc $db -fplugin-arg-pyrefcheck-verbose=1 "$tmp/leak.c"
expect "bad number" 1 "'max-states' needs a positive number" -- \
  $cc $db -fplugin-arg-pyrefcheck-max-states=0 "$tmp/leak.c"
expect "help lists the arguments" 0 "fail-on=KIND\[,KIND...\]" -- \
  $cc $db -fplugin-arg-pyrefcheck-help "$tmp/leak.c"
expect "help lists the report arguments" 0 "sarif=FILE|DIR .*annotations=github|none .*baseline=FILE" -- \
  sh -c "$cc $db -fplugin-arg-pyrefcheck-help $tmp/leak.c 2>&1 | tr '\n' ' '"
expect "missing table" 1 "cannot read ownership table '$tmp/nowhere/cpython.tbl'" -- \
  $cc -fplugin-arg-pyrefcheck-db-dir="$tmp/nowhere" "$tmp/leak.c"
printf 'PyFoo_New  new  null-exc  bogus  all  mine\n' >"$tmp/bad.tbl"
expect "broken overlay names file, line and the valid words" 1 \
  "bad.tbl:1: unknown argument kind 'bogus'" -- \
  $cc $db -fplugin-arg-pyrefcheck-db="$tmp/bad.tbl" "$tmp/leak.c"
printf 'int main (void) { return 0; }\n' >"$tmp/a.cc"
expect "C++ units are refused cleanly" 0 "C++ translation units are not analysed" -- \
  $PLUGIN_CC -x c++ -c -o /dev/null -fplugin=$plugin $db "$tmp/a.cc"
expect "the plugin reports its version with gcc -v" 0 "pyrefcheck: 0.1" -- \
  $cc $db -v "$tmp/leak.c"

# A gcc other than the one the plugin was built for (install-deps installs
# one): a clear message, not dlopen's "undefined symbol".
mine=$($PLUGIN_CC -dumpfullversion)
other=
for v in 11 12 13 14 15; do
  if command -v gcc-$v >/dev/null 2>&1 \
     && [ "$(gcc-$v -dumpfullversion)" != "$mine" ]; then
    other=gcc-$v
    break
  fi
done
if [ -n "$other" ]; then
  expect "another gcc ($other) hears why the plugin cannot run" 1 \
    "pyrefcheck was built for GCC $mine .* and cannot run in GCC $($other -dumpfullversion) .*rebuild it for this compiler: ./configure PLUGIN_CC=gcc-[0-9]* CXX=g++-[0-9]*" -- \
    $other -c -o /dev/null $PYTHON_CPPFLAGS -fplugin=$plugin $db "$tmp/leak.c"
else
  echo "FAIL: no gcc other than $PLUGIN_CC ($mine) to test the version check; run scripts/install-deps"
  failures=$((failures + 1))
fi

# The loader without its engine: a clear message.
mkdir "$tmp/lonely"
cp "$plugin" "$tmp/lonely/"
expect "loader without its engine" 1 \
  "cannot load $tmp/lonely/pyrefcheck-engine.so: .*is pyrefcheck fully installed" -- \
  $PLUGIN_CC -c -o /dev/null $PYTHON_CPPFLAGS -fplugin="$tmp/lonely/pyrefcheck.so" $db "$tmp/leak.c"

if [ $failures -ne 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
