#!/bin/bash
# valgrind-unit.sh: every unit test program under valgrind (memcheck): no
# invalid read/write, no use of uninitialised memory, no definite or indirect
# leak, and the test itself passing.  One TAP line per program.  Skipped:
# test-seccomp and test-security (their children load seccomp filters, which
# valgrind cannot emulate, so they fail or hang under it; tests/sanitize.sh
# covers them under ASan instead) and test-parser-valgrind (it runs valgrind
# itself).  Usage: tests/valgrind-unit.sh [BUILDDIR] (default: the tree).
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$repo}
skip=" test-seccomp test-security test-parser-valgrind "
n=0
failed=0

if ! command -v valgrind >/dev/null; then
	echo "ok 1 - valgrind on the unit tests # SKIP valgrind not installed"
	echo "1..1"
	exit 0
fi
log=$(mktemp /tmp/berth-valgrind.XXXXXX)
trap 'rm -f "$log"' EXIT
for prog in "$builddir"/tests/test-*; do
	t=${prog##*/}
	[ -x "$prog" ] && [[ "$t" != *.* ]] || continue
	[[ "$skip" == *" $t "* ]] && continue
	n=$((n + 1))
	(cd "$builddir" && timeout -k 10 600 valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
		--error-exitcode=99 "$prog") >"$log" 2>&1
	status=$?
	if [ $status -eq 0 ] && ! grep -q '^not ok' "$log"; then
		echo "ok $n - valgrind $t: no memory error, no leak"
	else
		failed=$((failed + 1))
		echo "not ok $n - valgrind $t (status $status)"
		grep -E '^not ok|==[0-9]+== ' "$log" | head -n 30 | sed 's/^/#   /'
	fi
done
echo "1..$n"
[ $failed -eq 0 ]
