#!/bin/sh
# Generated code: Cython (basics.pyx, containers.pyx, types.pyx) and SWIG
# (example.i over example.c) translated by the Debian cython3 and swig,
# compiled at -O2 with the plugin.  Every finding must be one of
# generated/expected.tsv (the findings reviewed by hand: real bugs of the
# generators' runtimes, contracts the engine cannot see, and the known
# false positives, each with its reason), and every real bug listed there
# must still be found.  Findings are matched by file, function and
# message, not line, which changes with the generator's version; a
# generator whose version differs from the one reviewed is named in the
# output, as the list may then need review.
#
# Every real bug listed must have a reproducer (the list's evidence
# column, generated/repro/NAME.py): the generated modules are built as
# Python extensions (at -O0, without the plugin) in the work directory, and
# each reproducer runs there with the python3 they were built for and
# bench/repro (_faults.py, _probe.py) on PYTHONPATH; it must exit 0.
: "${top_srcdir:=.}" "${top_builddir:=.}" "${PLUGIN_CC:=gcc}"
top_srcdir=$(cd "$top_srcdir" && pwd)
gen="$top_srcdir/testsuite/generated"
for tool in cython3 swig; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "FAIL: $tool not found (scripts/install-deps installs it)"
    exit 1
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$gen"/*.pyx "$gen"/example.i "$gen"/example.h "$gen"/example.c "$work"/
status=0
echo "INFO: $(cython3 --version 2>&1), $(swig -version | grep Version)"
(
  cd "$work" || exit 1
  for m in basics containers types; do
    cython3 -3 $m.pyx -o $m.c || exit 1
  done
  swig -python -o example_wrap.c example.i || exit 1
) >"$work/gen.log" 2>&1 || {
  echo "FAIL: generating the C sources"
  cat "$work/gen.log"
  exit 1
}
found="$work/found.tsv"
: >"$found"
for c in basics.c containers.c types.c example_wrap.c example.c; do
  log="$work/$c.log"
  if ! LC_ALL=C $PLUGIN_CC -O2 -c -o /dev/null -fdiagnostics-plain-output \
    $PYTHON_CPPFLAGS -I"$work" -fplugin="$top_builddir/plugin/pyrefcheck.so" \
    -fplugin-arg-pyrefcheck-db-dir="$top_srcdir/ownership-db" \
    -fplugin-arg-pyrefcheck-stats "$work/$c" >"$log" 2>&1; then
    echo "FAIL: compiling $c with the plugin"
    cat "$log"
    status=1
    continue
  fi
  if grep -q "internal compiler error" "$log"; then
    echo "FAIL: internal compiler error on $c"
    status=1
  fi
  echo "PASS: $c compiles with the plugin"
  grep "^pyrefcheck: " "$log" | sed "s|$work/||; s/^/INFO: /"
  # "In function 'f':" then "file:line:col: warning: message [tag]".
  sed -n "s/^.*: In function '\(.*\)':$/F\t\1/p; s/^[^ ]*:[0-9]*:[0-9]*: warning: \(.*\)$/W\t\1/p" \
    "$log" | awk -F '\t' -v file="$c" '
      $1 == "F" { fn = $2 }
      $1 == "W" { print file "\t" fn "\t" $2 }' >>"$found"
done
sort -u "$found" -o "$found"
expected="$work/expected.tsv"
grep -v '^#' "$gen/expected.tsv" | grep -v '^$' >"$expected"
# Each finding must be listed.
while IFS="$(printf '\t')" read -r file fn msg; do
  class=$(awk -F '\t' -v f="$file" -v g="$fn" -v m="$msg" \
    '$1 == f && $2 == g && $3 == m { print $4; exit }' "$expected")
  if [ -z "$class" ]; then
    echo "FAIL: unexpected finding in $file, $fn: $msg"
    status=1
  else
    echo "PASS: $class finding in $file, $fn: $msg"
  fi
done <"$found"
# Each listed real bug must be found and have a reproducer; a listed false
# positive that is no longer reported is a fix to record by removing it
# from the list.
while IFS="$(printf '\t')" read -r file fn msg class why evidence; do
  if [ "$class" = real ] && { [ -z "$evidence" ] || [ "$evidence" = - ]; }; then
    echo "FAIL: real bug without a reproducer (evidence column) in $file, $fn: $msg"
    status=1
  fi
  if awk -F '\t' -v f="$file" -v g="$fn" -v m="$msg" \
    '$1 == f && $2 == g && $3 == m { ok = 1 } END { exit !ok }' "$found"; then
    continue
  fi
  if [ "$class" = real ]; then
    echo "FAIL: real bug no longer found in $file, $fn: $msg"
    status=1
  else
    echo "FAIL: listed $class finding no longer reported (update expected.tsv): $file, $fn: $msg"
    status=1
  fi
done <"$expected"
# The reproducers, against the generated modules built without the plugin.
py=$(command -v /usr/bin/python3 || command -v python3)
suffix=$($py -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
pyinc=$($py -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
built=yes
: >"$work/so.log"
for m in basics containers types; do
  $PLUGIN_CC -O0 -shared -fPIC -I"$pyinc" -w "$work/$m.c" \
    -o "$work/$m$suffix" >>"$work/so.log" 2>&1 || built=no
done
$PLUGIN_CC -O0 -shared -fPIC -I"$pyinc" -w "$work/example_wrap.c" \
  "$work/example.c" -lm -o "$work/_example$suffix" >>"$work/so.log" 2>&1 || built=no
if [ $built = no ]; then
  echo "FAIL: building the generated modules for $py (no reproducer is run)"
  cat "$work/so.log"
  status=1
else
  awk -F '\t' '$6 != "" && $6 != "-" { print $6 }' "$expected" | sort -u >"$work/repro.list"
  while read -r repro; do
    rows=$(awk -F '\t' -v r="$repro" '$6 == r' "$expected" | wc -l)
    if [ ! -f "$gen/$repro" ]; then
      echo "FAIL: reproducer $repro (the evidence of $rows finding(s) in expected.tsv) is missing"
      status=1
      continue
    fi
    rc=0
    out=$(cd "$work" && PYTHONDONTWRITEBYTECODE=1 \
      PYTHONPATH="$top_srcdir/bench/repro${PYTHONPATH:+:$PYTHONPATH}" \
      $py "$gen/$repro" 2>&1 </dev/null) || rc=$?
    if [ $rc -eq 0 ]; then
      echo "PASS: reproducer $repro ($rows finding(s)): $(echo "$out" | tail -1)"
    else
      echo "FAIL: reproducer $repro ($rows finding(s)) exits $rc: $(echo "$out" | tail -1)"
      echo "$out" | tail -20 | sed 's/^/  | /'
      status=1
    fi
  done <"$work/repro.list"
fi
total=$(wc -l <"$found")
for class in real contract "false positive"; do
  n=$(awk -F '\t' -v c="$class" '$4 == c' "$expected" | wc -l)
  echo "INFO: $n $class finding(s) listed"
done
echo "INFO: $total finding(s) on $(cat "$work"/*.c | wc -l) generated and handwritten lines"
exit $status
