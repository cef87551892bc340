#!/usr/bin/env bats
# fuzz.bats: the bounded CI run of the libFuzzer harnesses (contrib/fuzz):
# each harness for FUZZ_SECONDS (default 40; 5 harnesses stay under 4 min)
# from the seed corpus, under ASan + UBSan + LSan and the parser contract
# checks, plus every regression input of tests/data/regress/.  Long runs:
# contrib/fuzz/run-long.sh.  Needs clang with libFuzzer (Debian: clang).

load helpers

setup_file() {
	export FUZZ_BUILD=${FUZZ_BUILD:-$BATS_TEST_DIRNAME/../build-fuzz}
	command -v clang >/dev/null || return 0
	"$BATS_TEST_DIRNAME/../contrib/fuzz/build.sh" "$FUZZ_BUILD" >/dev/null
}

setup() {
	load_libs
	command -v clang >/dev/null || skip "clang (libFuzzer) not installed"
}

fuzz() {
	run "$BATS_TEST_DIRNAME/../contrib/fuzz/run.sh" -d "$FUZZ_BUILD" "$1" "${FUZZ_SECONDS:-40}"
	if [ "$status" -ne 0 ]; then
		# The report: sanitizer summary, contract message, kept crash file.
		echo "$output" | grep -v '^#[0-9]' | tail -n 40
	fi
	[ "$status" -eq 0 ]
	# It really fuzzed: libFuzzer's final stats count executed inputs.
	[[ "$output" =~ stat::number_of_executed_units:\ +([0-9]+) ]]
	[ "${BASH_REMATCH[1]}" -gt 1000 ]
}

@test "fuzz: config.json parser" {
	fuzz config
}

@test "fuzz: process.json parser" {
	fuzz process
}

@test "fuzz: LinuxResources parser (update --resources)" {
	fuzz resources
}

@test "fuzz: state parser and state round trip" {
	fuzz state
}

@test "fuzz: command line (global options, commands, command flags)" {
	fuzz cli
}

@test "fuzz: every regression input in tests/data/regress runs clean" {
	local f h n=0
	for f in "$BATS_TEST_DIRNAME"/../tests/data/regress/*; do
		h=${f##*/}
		h=${h%%-*}
		[ -x "$FUZZ_BUILD/fuzz-$h" ] || continue
		run "$FUZZ_BUILD/fuzz-$h" -runs=1 "$f"
		[ "$status" -eq 0 ] || { echo "$f: $output" | tail -n 20; false; }
		n=$((n + 1))
	done
	[ "$n" -ge 4 ]
}
