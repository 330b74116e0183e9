#!/bin/sh
# The packaging examples (examples/pkg-setuptools, pkg-meson, pkg-cmake)
# built as wheels with "pip wheel --no-build-isolation" and the plugin in
# CFLAGS, as README.md and the examples' README.md say: the one leak is
# reported at its file:line with its path, the correct functions are
# silent, the wheel works, and with fail-on=leak the build fails.
#
# The build backends come from PyPI, pinned (build-backends.txt), into a
# virtual environment; cmake and ninja from Debian.  Without them (no
# network, a tool missing) the test is skipped, except under CI=true,
# where it fails.
: "${top_srcdir:=.}" "${top_builddir:=.}"
plugin=$(cd "$top_builddir/plugin" && pwd)/pyrefcheck.so
dbdir=$(cd "$top_srcdir/ownership-db" && pwd)
examples=$(cd "$top_srcdir/examples" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C; export LC_ALL
unset CFLAGS CPPFLAGS LDFLAGS
failures=0 skipped=0
pass () { echo "PASS: $1"; }
fail () {
  echo "FAIL: $1"
  [ -f "$tmp/out" ] && sed 's/^/  | /' "$tmp/out" | tail -40
  failures=$((failures + 1))
}
# unavailable WHAT: a tool or the network is missing.
unavailable () {
  if [ "${CI:-}" = true ]; then
    fail "$1 (required under CI=true)"
  else
    echo "SKIP: $1"
    skipped=$((skipped + 1))
  fi
}
finish () {
  if [ $failures -ne 0 ]; then echo "$failures case(s) failed"; exit 1; fi
  if [ $skipped -ne 0 ]; then exit 77; fi
  exit 0
}

# The three packages build the same module.
for d in pkg-meson pkg-cmake; do
  if cmp -s "$examples/pkg-setuptools/eggs.c" "$examples/$d/eggs.c"; then
    pass "$d/eggs.c is pkg-setuptools/eggs.c"
  else
    fail "$d/eggs.c is pkg-setuptools/eggs.c"
  fi
done

venv=$tmp/venv
if ! python3 -m venv "$venv" >"$tmp/out" 2>&1; then
  unavailable "python3 -m venv"
  finish
fi
if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check \
       --no-deps -r "$top_srcdir/testsuite/build-backends.txt" \
       >"$tmp/out" 2>&1; then
  unavailable "installing the pinned build backends from PyPI"
  finish
fi
PATH=$venv/bin:$PATH; export PATH

# build NAME EXTRA_CFLAGS -- PIP_ARGS...: build examples/NAME as a wheel
# with the plugin; output in $tmp/out, status in $built.
build () {
  name=$1 extra=$2; shift 3
  rm -rf "$tmp/src" "$tmp/wheels"
  cp -R "$examples/$name" "$tmp/src"
  (cd "$tmp/src" \
   && CFLAGS="-fplugin=$plugin -fplugin-arg-pyrefcheck-db-dir=$dbdir -fdiagnostics-plain-output $extra" \
      python -m pip wheel -v --disable-pip-version-check --no-build-isolation \
        --no-deps -w "$tmp/wheels" "$@" . ) >"$tmp/out" 2>&1
  built=$?
}

leak_warning="eggs.c:52:12: warning: leak of 'ra' \[pyrefcheck-leak\]"
leak_events="eggs.c:47:18: note: (1) new reference returned by 'PyObject_Repr' is stored in 'ra'"
leak_last="eggs.c:52:12: note: (4) 'ra' leaks here; acquired at (1)"
leak_error="eggs.c:52:12: error: leak of 'ra' \[pyrefcheck-leak\]"

# check_backend NAME PIP_ARGS...
check_backend () {
  name=$1; shift
  build "$name" "" -- "$@"
  if [ $built -eq 0 ]; then pass "$name: pip wheel"; else fail "$name: pip wheel"; return; fi
  if grep -q -e "$leak_warning" "$tmp/out"; then
    pass "$name: the leak at eggs.c:52:12"
  else
    fail "$name: the leak at eggs.c:52:12"
  fi
  if grep -q -e "$leak_events" "$tmp/out" && grep -q -e "$leak_last" "$tmp/out"; then
    pass "$name: the leak's path events"
  else
    fail "$name: the leak's path events"
  fi
  n=$(grep -c "\[pyrefcheck-" "$tmp/out")
  if [ "$n" -eq 1 ]; then
    pass "$name: one finding (count_words and pair are silent)"
  else
    fail "$name: $n findings, expected 1"
  fi
  whl=$(ls "$tmp/wheels"/eggs-0.1-*.whl 2>/dev/null)
  rm -rf "$tmp/unpacked"
  if [ -n "$whl" ] && python -m zipfile -e "$whl" "$tmp/unpacked" \
     && PYTHONPATH=$tmp/unpacked python -c 'import eggs, sys
assert eggs.count_words("a b c") == 3
assert eggs.pair(1, "x") == (1, "x")
assert eggs.join_repr(1, "x") == "1'"'"'x'"'"'"' >"$tmp/out" 2>&1; then
    pass "$name: the wheel's module works"
  else
    fail "$name: the wheel's module works"
  fi
  build "$name" "-fplugin-arg-pyrefcheck-fail-on=leak" -- "$@"
  if [ $built -ne 0 ] && grep -q -e "$leak_error" "$tmp/out" \
     && ! ls "$tmp/wheels"/*.whl >/dev/null 2>&1; then
    pass "$name: fail-on=leak fails the build"
  else
    fail "$name: fail-on=leak fails the build (exit $built)"
  fi
}

# direct NAME SETUP...: the build system alone, as examples/README.md
# shows it ("Outside pip"): configure with the plugin in the C flags given
# by SETUP (run in a copy of examples/NAME), then build.
direct () {
  name=$1; shift
  rm -rf "$tmp/src"
  cp -R "$examples/$name" "$tmp/src"
  if (cd "$tmp/src" && "$@" && case $1 in
        meson) meson compile -C build ;;
        *) cmake --build build ;;
      esac) >"$tmp/out" 2>&1 \
     && grep -q -e "$leak_warning" "$tmp/out"; then
    pass "$name: $1 alone reports the leak"
  else
    fail "$name: $1 alone reports the leak"
  fi
}
flags="-fplugin=$plugin -fplugin-arg-pyrefcheck-db-dir=$dbdir -fdiagnostics-plain-output"

check_backend pkg-setuptools
for tool in ninja cmake; do
  command -v $tool >/dev/null 2>&1 || unavailable "$tool"
done
if command -v ninja >/dev/null 2>&1; then
  check_backend pkg-meson -Csetup-args=-Db_colorout=never
  direct pkg-meson meson setup build -Dc_args="$flags"
fi
if command -v ninja >/dev/null 2>&1 && command -v cmake >/dev/null 2>&1; then
  check_backend pkg-cmake
  direct pkg-cmake cmake -B build -DCMAKE_C_FLAGS="$flags"
fi
finish
