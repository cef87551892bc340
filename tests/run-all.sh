#!/bin/bash
# run-all.sh: the whole berth test suite, as CI runs it (.ci/run).
#   1. installs missing Debian packages (contrib/install-deps.sh),
#   2. builds: ./autogen.sh && ./configure --enable-werror && make -j2,
#   3. runs every unit test program tests/test-* and every bats/*.bats file
#      (bats --tap, as root), then tests/vm-lanes.sh when it and ../shared/vm
#      exist,
#   4. checks that nothing was left behind (temp dirs, mounts, cgroups, links),
#   5. sums the TAP results of every suite and ends with the line
#      "N passed, N failed, N skipped"; exits non-zero on any failure.
# Usage: tests/run-all.sh [SUITE...]   (SUITE: tests/test-x or bats/x.bats;
#        default: all).  SKIP_DEPS=1 / SKIP_BUILD=1 skip steps 1 / 2.
#        SUITE_TIMEOUT=SECONDS bounds each suite (default 1200), and
#        TOTAL_TIMEOUT=SECONDS the whole run (default 4800, CI allows 90 min):
#        a suite that no longer fits counts as failed, not silently dropped.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
suite_timeout=${SUITE_TIMEOUT:-1200}
deadline=$((SECONDS + ${TOTAL_TIMEOUT:-4800}))
total_pass=0
total_fail=0
total_skip=0
failed_suites=()

summary() {
	echo
	if [ ${#failed_suites[@]} -gt 0 ]; then
		echo "failed suites: ${failed_suites[*]}"
	fi
	echo "run-all: $((SECONDS / 60)) min $((SECONDS % 60)) s"
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
	[ "$total_fail" -eq 0 ]
	exit $?
}

# A step that is not a TAP suite (deps, build) counts as one failure.
step_failed() {
	echo "run-all: $1 FAILED" >&2
	total_fail=$((total_fail + 1))
	failed_suites+=("$1")
}

# The shared directory beside the repository (CI: ../shared; a git worktree
# under wt/ sits one level deeper).
find_shared() {
	local d
	for d in "$repo/../shared" "$repo/../../shared"; do
		if [ -d "$d/runtime-spec" ] || [ -d "$d/vm" ]; then
			(cd "$d" && pwd)
			return 0
		fi
	done
	return 1
}

# count_tap NAME LOG STATUS: add one suite's TAP lines to the totals.
count_tap() {
	local name=$1 log=$2 status=$3 pass fail skip plan
	read -r pass fail skip plan < <(awk '
		/^ok / { if (tolower($0) ~ /# *(skip|todo)/) s++; else p++; next }
		/^not ok / { if (tolower($0) ~ /# *todo/) s++; else f++; next }
		/^1\.\.[0-9]+/ { split($1, a, /\.\./); n = a[2] + 0 }
		END { printf "%d %d %d %d\n", p, f, s, n }' "$log")
	if [ "$plan" -gt $((pass + fail + skip)) ]; then
		echo "run-all: $name: planned $plan tests, saw $((pass + fail + skip))" >&2
		fail=$((fail + plan - pass - fail - skip))
	fi
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
		echo "run-all: $name exited with status $status without a failing test" >&2
		fail=1
	fi
	if [ "$status" -eq 0 ] && [ $((pass + fail + skip)) -eq 0 ]; then
		echo "run-all: $name printed no TAP results" >&2
		fail=1
	fi
	echo "== $name: $pass passed, $fail failed, $skip skipped (${suite_seconds:-0}s)"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
	[ "$fail" -eq 0 ] || failed_suites+=("$name")
}

# What the tests may leave on the host: their temp dirs, mounts under them,
# cgroups and links named berth*.  One line per item.
host_leftovers() {
	ls -d /tmp/berth-test.* 2>/dev/null | sed 's/^/tempdir /'
	awk '$5 ~ /^\/tmp\/berth-test\./ { print "mount " $5 }' /proc/self/mountinfo
	find /sys/fs/cgroup -maxdepth 3 -type d -name 'berth*' 2>/dev/null | sed 's/^/cgroup /'
	ip -o link show 2>/dev/null | awk -F': ' '$2 ~ /^berth/ { print "link " $2 }'
}

# check_leftovers: a TAP suite of its own: nothing new left behind since the
# start.  Another test run on the same host can make noise here, so outside
# CI new items are reported but not counted as failures.
check_leftovers() {
	local log=$repo/tests/run-all-leftovers.log new
	new=$(comm -13 <(sort <<<"$leftovers_before") <(host_leftovers | sort))
	{
		echo "1..1"
		if [ -z "$new" ]; then
			echo "ok 1 - no temp dirs, mounts, cgroups or links left behind"
		elif [ "${CI:-}" = true ]; then
			echo "not ok 1 - the tests left these behind:"
			sed 's/^/#   /' <<<"$new"
		else
			echo "ok 1 - # skip left behind (maybe by another run on this host):"
			sed 's/^/#   /' <<<"$new"
		fi
	} | tee "$log"
	suite_seconds=0 count_tap "leftovers" "$log" 0
}

# run_suite NAME COMMAND...: run one TAP suite with a time limit.
run_suite() {
	local name=$1 log status limit=$suite_timeout left=$((deadline - SECONDS))
	shift
	log=$repo/tests/run-all-$(echo "$name" | tr '/ ' '__').log
	echo "== $name"
	if [ "$left" -lt 30 ]; then
		step_failed "$name (not run: TOTAL_TIMEOUT reached)"
		return
	fi
	[ "$left" -lt "$limit" ] && limit=$left
	suite_seconds=$SECONDS
	timeout -k 30 "$limit" "$@" </dev/null 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	suite_seconds=$((SECONDS - suite_seconds))
	[ "$status" -eq 124 ] && echo "run-all: $name timed out after ${limit}s" >&2
	count_tap "$name" "$log" "$status"
}

if [ "${SKIP_DEPS:-0}" != 1 ]; then
	contrib/install-deps.sh || { step_failed "install-deps"; summary; }
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	echo "== build"
	{ ./autogen.sh && ./configure --enable-werror && make -j2 && make -j2 check TESTS=; } \
		>tests/run-all-build.log 2>&1
	status=$?
	tail -n 5 tests/run-all-build.log
	if [ "$status" -ne 0 ]; then
		tail -n 60 tests/run-all-build.log >&2
		step_failed "build"
		summary
	fi
fi

shared=$(find_shared) || shared=
export BERTH=$repo/berth
if [ -n "$shared" ]; then
	export SCHEMA_DIR=${SCHEMA_DIR:-$shared/runtime-spec/schema}
	export FIXTURES_DIR=${FIXTURES_DIR:-$shared/fixtures}
	export BERTH_SHARED_DIR=$shared
else
	echo "run-all: no shared/ directory beside the repository (schemas, fixtures, vm)" >&2
fi

if [ $# -gt 0 ]; then
	suites=("$@")
else
	suites=()
	for t in tests/test-*; do
		[ -f "$t" ] && [ -x "$t" ] && [[ "$t" != *.* ]] && suites+=("$t")
	done
	for b in bats/*.bats; do
		[ -f "$b" ] && suites+=("$b")
	done
fi

[ "$(id -u)" -eq 0 ] || echo "run-all: not root: the bats suites need root" >&2
leftovers_before=$(host_leftovers | sort)
for s in "${suites[@]}"; do
	case $s in
	*.bats) run_suite "$s" bats --tap "$s" ;;
	*) run_suite "$s" "./$s" ;;
	esac
done

if [ $# -eq 0 ]; then
	if [ -x tests/vm-lanes.sh ] && [ -n "$shared" ] && [ -d "$shared/vm" ]; then
		run_suite "tests/vm-lanes.sh" tests/vm-lanes.sh
	else
		echo "== vm lanes: skipped (needs tests/vm-lanes.sh and ../shared/vm)"
	fi
fi
echo "== leftovers"
check_leftovers

summary
