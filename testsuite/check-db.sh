#!/bin/sh
# The ownership table parses, is sorted, has no duplicates, agrees with
# CPython's refcounts.dat (up to reviewed exceptions), covers the stable
# ABI, and covers at least 99% of the object-taking functions of the
# Python headers the build uses.
: "${top_srcdir:=.}" "${top_builddir:=.}"
db=$top_srcdir/ownership-db
tool=$top_builddir/ownership-db/pyrefcheck-db
status=0
"$tool" check "$db/cpython.tbl" "$db/overlays/numpy.tbl" || status=1
if command -v python3 >/dev/null 2>&1; then
  python3 "$db/check-refcounts.py" || status=1
else
  echo "python3 not found: skipping the refcounts.dat comparison"
fi
incdir=
for flag in $PYTHON_CPPFLAGS; do
  case $flag in -I*) incdir=${flag#-I}; break ;; esac
done
if [ -n "$incdir" ] && [ -f "$incdir/Python.h" ]; then
  "$db/check-coverage.sh" "$tool" "$incdir" || status=1
else
  echo "no Python include directory in PYTHON_CPPFLAGS: skipping coverage"
fi
exit $status
