#!/bin/sh
# valgrind-parser.sh: run every parser unit test under valgrind and report
# one TAP line per program: no leak ("definitely/indirectly lost"), no invalid
# read/write, and the test itself passing.  Usage: tests/valgrind-parser.sh
# [BUILDDIR] (default: the directory above this script).  Skips (exit 0, TAP
# SKIP) when valgrind is not installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
builddir=${1:-$(dirname "$here")}
tests="test-parser test-parser-errors test-parser-state test-parser-tables"

n=0
failed=0
if ! command -v valgrind >/dev/null 2>&1; then
    for t in $tests; do
        n=$((n + 1))
        echo "ok $n - valgrind $t # SKIP valgrind not installed"
    done
    echo "1..$n"
    exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
for t in $tests; do
    n=$((n + 1))
    prog="$builddir/tests/$t"
    if [ ! -x "$prog" ]; then
        echo "not ok $n - valgrind $t: $prog not built (make check builds it)"
        failed=$((failed + 1))
        continue
    fi
    if valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        "$prog" >"$log" 2>&1; then
        echo "ok $n - valgrind $t: no leaks, no memory errors"
    else
        echo "not ok $n - valgrind $t"
        sed 's/^/#   /' "$log" | grep -v '^#   ok ' | head -40
        failed=$((failed + 1))
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
