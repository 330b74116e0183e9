#!/bin/sh
# "make install" (into a staging DESTDIR) puts pyrefcheck.so and its engine
# into GCC's plugin directory, so that the short form -fplugin=pyrefcheck
# works, and the ownership table, pyrefcheck-db, pyrefcheck-triaged and the
# manual pages pyrefcheck.7 and pyrefcheck-triaged.8 under the prefix.
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
# The manual pages, installed and free of warnings for mandoc's linter
# and groff (both from install-deps; without them the test is skipped,
# except under CI=true).
for page in man7/pyrefcheck.7 man8/pyrefcheck-triaged.8; do
  f=$(find "$stage" -path "*/$page")
  if [ -n "$f" ]; then
    pass "installed the manual page $page"
  else
    fail "installed the manual page $page"
    continue
  fi
  if command -v mandoc >/dev/null 2>&1; then
    if mandoc -Tlint -Wstyle "$f" >"$tmp/out" 2>&1; then
      pass "mandoc -Tlint: $page"
    else
      fail "mandoc -Tlint: $page"
    fi
  else
    missing_tools="$missing_tools mandoc"
  fi
  if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww -z "$f" >"$tmp/out" 2>&1
    if [ $? -eq 0 ] && [ ! -s "$tmp/out" ]; then
      pass "groff -man -ww renders $page without warnings"
    else
      fail "groff -man -ww renders $page without warnings"
    fi
  else
    missing_tools="$missing_tools groff"
  fi
done
# man(1) shows the installed page.
if ! command -v man >/dev/null 2>&1; then
  missing_tools="$missing_tools man"
elif MANWIDTH=80 man -l "$(find "$stage" -path '*/man7/pyrefcheck.7')" \
       >"$tmp/out" 2>&1 && grep -q "fail-on=KIND" "$tmp/out"; then
  pass "man -l shows the installed pyrefcheck.7"
else
  fail "man -l shows the installed pyrefcheck.7"
fi
if [ -n "${missing_tools:-}" ]; then
  if [ "${CI:-}" = true ]; then
    fail "tools to check the manual pages:$missing_tools (scripts/install-deps)"
  else
    echo "SKIP: no$missing_tools to check the manual pages"
  fi
fi
if [ $failures -ne 0 ]; then
  echo "$failures case(s) failed"
  exit 1
fi
[ -z "${missing_tools:-}" ] || exit 77
