#!/bin/bash
# run-long.sh: the long fuzzing campaign (the CI step, bats/fuzz.bats, runs
# each harness for 40 s only).  Builds the harnesses, then runs each for
# SECONDS (default 3600) with JOBS parallel fuzzing processes (default: the
# number of CPUs), keeping the grown corpus in WORKDIR (default
# build-fuzz/long) between campaigns.  Crashes are kept as
# WORKDIR/crash-HARNESS-*: turn each into tests/data/regress/HARNESS-what.
# With --merge, the new inputs that add coverage are minimised into the
# seed corpus contrib/fuzz/corpus/HARNESS (commit them).
# Usage: contrib/fuzz/run-long.sh [--merge] [SECONDS [HARNESS...]]
#   e.g. contrib/fuzz/run-long.sh 600 config cli
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
merge=0
if [ "${1:-}" = --merge ]; then
	merge=1
	shift
fi
seconds=${1:-3600}
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(config process resources state cli)
build=${FUZZ_BUILD:-$repo/build-fuzz}
work=${WORKDIR:-$build/long}
jobs=${JOBS:-$(nproc)}

"$here/build.sh" "$build" >/dev/null || exit 1
mkdir -p "$work"
failed=0
for h in "${harnesses[@]}"; do
	echo "== fuzz-$h: ${seconds}s, $jobs jobs, corpus $work/corpus-$h"
	# -fork: crash-resilient parallel fuzzing; -ignore_crashes=1 keeps going
	# after a crash so one bug does not end the whole campaign.
	if ! "$here/run.sh" -d "$build" -w "$work" "$h" "$seconds" \
		-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		>"$work/$h.log" 2>&1; then
		failed=1
	fi
	if ls "$work"/crash-"$h"-* "$work"/timeout-"$h"-* "$work"/oom-"$h"-* >/dev/null 2>&1; then
		echo "   findings: $(ls "$work"/*-"$h"-* 2>/dev/null | grep -c .) (see $work)"
		failed=1
	fi
	grep -h 'stat::number_of_executed_units\|cov:' "$work/$h.log" | tail -n 2 | sed 's/^/   /'
	if [ "$merge" = 1 ]; then
		"$build/fuzz-$h" -merge=1 "$here/corpus/$h" "$work/corpus-$h" >>"$work/$h.log" 2>&1
		echo "   merged into contrib/fuzz/corpus/$h: $(ls "$here/corpus/$h" | wc -l) inputs"
	fi
done
exit $failed
