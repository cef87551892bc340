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

# make_bundle DIR: a busybox-static rootfs (one binary + applet symlinks) and
# bats/default-config.json (runc's default spec, terminal off, args "sh -c true").
make_bundle() {
	local dir=$1 applet
	mkdir -p "$dir/rootfs"/{bin,dev,proc,sys,tmp,etc,root}
	cp /bin/busybox "$dir/rootfs/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ "$applet" = busybox ] || ln -sf busybox "$dir/rootfs/bin/$applet"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/rootfs/etc/passwd"
	echo 'root:x:0:' >"$dir/rootfs/etc/group"
	cp "$BATS_TEST_DIRNAME/default-config.json" "$dir/config.json"
}

# update_config JQ_FILTER [BUNDLE]: edit the bundle's config.json in place.
update_config() {
	local bundle=${2:-$BUNDLE}
	jq "$1" "$bundle/config.json" >"$bundle/config.json.new" && mv "$bundle/config.json.new" "$bundle/config.json"
}

# setup_bundle: a fresh bundle in $BUNDLE for this test.
setup_bundle() {
	BUNDLE=$TEST_TMP/bundle
	make_bundle "$BUNDLE"
}
