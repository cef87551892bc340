#!/bin/bash
# sanitize.sh: berth built with AddressSanitizer + UndefinedBehaviorSanitizer
# (clang) in its own build directory, then the unit tests and bats suites run
# against that build.  Any sanitizer report fails, including reports from
# forked or detached berth processes (the container's init before exec, a
# `create` left running): every process writes its reports to LOGDIR via
# log_path, and the logs are checked at the end.  Prints TAP.
# Usage: tests/sanitize.sh [-d BUILDDIR] [SUITE...]
#   BUILDDIR: default build-asan/ at the top of the tree (a copy of the tree
#   is configured there: automake will not configure a second build dir of
#   an in-place configured tree).  SUITE: unit tests (tests/test-x) and bats
#   files (bats/x.bats); default: every unit test and every bats file except
#   fuzz, bench (timings) and sanitize itself, and the unit tests that cannot
#   run under a sanitizer (test-seccomp, test-parser-valgrind).  bats needs
#   root.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=$repo/build-asan
if [ "${1:-}" = -d ]; then
	build=$2
	shift 2
fi
mkdir -p "$build"
build=$(cd "$build" && pwd)
tree=$build/tree
logdir=$build/reports
n=0
failed=0

tap() { # tap STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# shellcheck source=copy-tree.sh
. "$repo/tests/copy-tree.sh"
copy_tree "$repo" "$tree"
(
	set -e
	cd "$tree"
	if [ ! -f Makefile ] || [ configure.ac -nt Makefile ] || [ Makefile.am -nt Makefile ]; then
		./autogen.sh
		./configure CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
	fi
	make -j2
	make -j2 check TESTS=
) >"$build/build.log" 2>&1
status=$?
tap $status "ASan+UBSan build (clang) in $build"
if [ $status -ne 0 ]; then
	sed 's/^/#   /' "$build/build.log" | tail -n 30
	echo "1..$n"
	exit 1
fi

if [ $# -gt 0 ]; then
	suites=("$@")
else
	suites=()
	for t in "$tree"/tests/test-*; do
		t=tests/${t##*/}
		# test-parser-valgrind runs valgrind, which cannot run ASan binaries;
		# test-seccomp's children run under deny-all filters that also deny
		# the sanitizer runtime's own syscalls.
		case $t in tests/test-parser-valgrind | tests/test-seccomp) continue ;; esac
		[ -x "$tree/$t" ] && [[ "$t" != *.* ]] && suites+=("$t")
	done
	for b in "$repo"/bats/*.bats; do
		case ${b##*/} in fuzz.bats | bench.bats | sanitize.bats) continue ;; esac
		suites+=("bats/${b##*/}")
	done
fi

rm -rf "$logdir"
mkdir -p "$logdir"
# halt_on_error: the first report ends the process (a test then fails too);
# log_path: reports of every process, detached ones included, land in logdir.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:log_path=$logdir/asan:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$logdir/ubsan"
export LSAN_OPTIONS="log_path=$logdir/lsan"
export BERTH=$tree/berth
shared=
for d in "$repo/../shared" "$repo/../../shared"; do
	[ -d "$d/runtime-spec" ] && shared=$(cd "$d" && pwd) && break
done
export SCHEMA_DIR=${SCHEMA_DIR:-$shared/runtime-spec/schema}
export FIXTURES_DIR=${FIXTURES_DIR:-$shared/fixtures}

for s in "${suites[@]}"; do
	log=$build/$(echo "$s" | tr / _).log
	case $s in
	*.bats) (cd "$repo" && timeout -k 10 1200 bats --tap "$s") >"$log" 2>&1 </dev/null ;;
	*) (cd "$tree" && timeout -k 10 600 "./$s") >"$log" 2>&1 </dev/null ;;
	esac
	status=$?
	# The suite's own failures count too: a sanitizer abort shows up there.
	if [ $status -ne 0 ] || grep -q '^not ok' "$log"; then
		tap 1 "$s under ASan+UBSan"
		grep -E '^not ok|ERROR: |runtime error' "$log" | head -n 20 | sed 's/^/#   /'
	else
		tap 0 "$s under ASan+UBSan ($(grep -c '^ok' "$log") passed)"
	fi
done

reports=$(ls "$logdir" 2>/dev/null)
if [ -z "$reports" ]; then
	tap 0 "no sanitizer report from any berth process"
else
	tap 1 "sanitizer reports in $logdir: $(echo "$reports" | wc -l)"
	for r in $reports; do
		echo "#   == $r"
		grep -E 'ERROR|runtime error|SUMMARY|#[0-9] ' "$logdir/$r" | head -n 12 | sed 's/^/#   /'
	done
fi
echo "1..$n"
[ $failed -eq 0 ]
