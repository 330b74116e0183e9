#!/bin/sh
# Check that the ownership table covers the functions of a CPython header
# tree that involve objects (see `pyrefcheck-db --help` for the rule).
#
#   check-coverage.sh PYREFCHECK_DB HEADER_DIR [MIN_PERCENT] [PYTHON_VERSION]
#
# PYREFCHECK_DB is a built pyrefcheck-db binary (this script builds nothing);
# it reads the table named by $PYREFCHECK_TABLE, by default cpython.tbl next
# to this script.  MIN_PERCENT defaults to 99.  PYTHON_VERSION (3.N) makes a
# function count as covered only by a row valid for that version; by default
# it is read from HEADER_DIR/patchlevel.h.  Exits 0 when the coverage is at
# least MIN_PERCENT, 1 when it is lower, 2 on a usage or run error.
set -u

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: $0 PYREFCHECK_DB HEADER_DIR [MIN_PERCENT] [PYTHON_VERSION]" >&2
    exit 2
fi
db=$1
headers=$2
min=${3:-99}
version=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
table=${PYREFCHECK_TABLE:-$here/cpython.tbl}

if [ ! -x "$db" ]; then
    echo "$0: $db is not an executable" >&2
    exit 2
fi
if [ ! -d "$headers" ]; then
    echo "$0: $headers is not a directory" >&2
    exit 2
fi
if [ -z "$version" ] && [ -f "$headers/patchlevel.h" ]; then
    version=$(sed -n 's/^#define PY_VERSION[ \t]*"\([0-9]*\.[0-9]*\).*/\1/p' \
        "$headers/patchlevel.h")
fi
set -- coverage --headers "$headers" --table "$table"
if [ -n "$version" ]; then
    set -- "$@" --python "$version"
fi

out=$("$db" "$@")
status=$?
if [ $status -ne 0 ]; then
    echo "$0: $db coverage failed (exit $status)" >&2
    exit 2
fi
first=$(printf '%s\n' "$out" | sed -n 1p)
covered=$(printf '%s\n' "$first" | sed -n 's/^covered \([0-9]*\) of \([0-9]*\)$/\1/p')
total=$(printf '%s\n' "$first" | sed -n 's/^covered \([0-9]*\) of \([0-9]*\)$/\2/p')
if [ -z "$covered" ] || [ -z "$total" ]; then
    echo "$0: unexpected output: $first" >&2
    exit 2
fi
printf '%s\n' "$out"
if [ "$total" -eq 0 ]; then
    echo "$0: no functions found under $headers" >&2
    exit 2
fi
# Integer arithmetic: covered/total >= min/100, with min allowed a decimal.
if awk -v c="$covered" -v t="$total" -v m="$min" \
       'BEGIN { exit !(c * 100 >= m * t) }'; then
    awk -v c="$covered" -v t="$total" -v v="${version:-any}" \
        'BEGIN { printf "coverage %.2f%% (Python %s): ok\n", 100 * c / t, v }'
    exit 0
fi
awk -v c="$covered" -v t="$total" -v m="$min" \
    'BEGIN { printf "coverage %.2f%% is below %s%%\n", 100 * c / t, m }' >&2
exit 1
