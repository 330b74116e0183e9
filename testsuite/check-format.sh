#!/bin/sh
# The plugin's, the table tool's and the triage daemon's C and C++ sources
# follow the project's clang-format style (.clang-format, GNU).  Skipped
# (77) without clang-format.
: "${top_srcdir:=.}"
fmt=${CLANG_FORMAT:-clang-format}
command -v "$fmt" >/dev/null 2>&1 || { echo "clang-format not found"; exit 77; }
status=0
for f in "$top_srcdir"/plugin/*.cc "$top_srcdir"/plugin/*.h \
         "$top_srcdir"/ownership-db/*.c "$top_srcdir"/ownership-db/*.h \
         "$top_srcdir"/triage/*.c "$top_srcdir"/triage/*.h; do
  if ! "$fmt" --style=file "$f" | cmp -s - "$f"; then
    echo "FAIL: $f is not formatted (clang-format -i --style=file $f)"
    status=1
  fi
done
exit $status
