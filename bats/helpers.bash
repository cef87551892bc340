# helpers.bash: shared set-up for berth's integration tests (run as root).
# Every test gets its own --root state dir and bundle under a temp dir, and
# teardown removes whatever the test made, even when it failed.

BERTH=${BERTH:-$BATS_TEST_DIRNAME/../berth}
SCHEMA_DIR=${SCHEMA_DIR:-$BATS_TEST_DIRNAME/../../shared/runtime-spec/schema}
FIXTURES_DIR=${FIXTURES_DIR:-$BATS_TEST_DIRNAME/../../shared/fixtures}

load_libs() {
	bats_load_library bats-support
	bats_load_library bats-assert
}

# berth with the test's own state root
berth() {
	"$BERTH" --root "$BERTH_ROOT" "$@"
}

setup_common() {
	load_libs
	TEST_TMP=$(mktemp -d /tmp/berth-test.XXXXXX)
	BERTH_ROOT=$TEST_TMP/state
	mkdir -p "$BERTH_ROOT"
}

teardown_common() {
	local id
	if [ -d "$BERTH_ROOT" ]; then
		for id in $(ls "$BERTH_ROOT" 2>/dev/null); do
			[ -d "$BERTH_ROOT/$id" ] && "$BERTH" --root "$BERTH_ROOT" delete --force "$id" >/dev/null 2>&1
		done
	fi
	[ -n "$TEST_TMP" ] && rm -rf "$TEST_TMP"
}
