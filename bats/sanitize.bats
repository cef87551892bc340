#!/usr/bin/env bats
# sanitize.bats: the CI step for memory safety.  tests/sanitize.sh builds
# berth with ASan+UBSan (clang, build-asan/) and runs every unit test and a
# representative set of bats suites (SANITIZE_BATS) against it, failing on
# any sanitizer report of any berth process, detached ones included;
# tests/valgrind-unit.sh runs the unit tests under valgrind.  The whole bats
# suite under ASan: `tests/sanitize.sh` without arguments (see README).

load helpers

setup() {
	load_libs
}

@test "ASan+UBSan: unit tests and bats suites, no sanitizer report" {
	command -v clang >/dev/null || skip "clang not installed"
	local suites=() t b
	for t in "$BATS_TEST_DIRNAME"/../tests/test-*.c; do
		t=${t##*/}
		t=tests/${t%.c}
		case $t in tests/test-parser-valgrind | tests/test-seccomp) continue ;; esac
		suites+=("$t")
	done
	for b in ${SANITIZE_BATS:-cli spec lifecycle badinput reliability concurrency exec hooks security}; do
		[ -f "$BATS_TEST_DIRNAME/$b.bats" ] && suites+=("bats/$b.bats")
	done
	run "$BATS_TEST_DIRNAME/../tests/sanitize.sh" "${suites[@]}"
	echo "$output"
	[ "$status" -eq 0 ]
	assert_output --partial "ok 1 - ASan+UBSan build"
	assert_output --partial "no sanitizer report from any berth process"
	refute_output --partial "not ok"
}

@test "valgrind: unit tests have no memory error and no leak" {
	run "$BATS_TEST_DIRNAME/../tests/valgrind-unit.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	refute_output --partial "not ok"
	assert_output --regexp "ok [0-9]+ - valgrind test-parser:"
}
