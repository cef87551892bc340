#!/usr/bin/env bats
# fixtures.bats: the config.json podman and containerd really hand a runtime
# (../shared/fixtures), run against a busybox rootfs.  Their cgroup and
# seccomp parts belong to the cgroups and security work.

load helpers

setup() {
	setup_common
	setup_bundle
}

teardown() {
	teardown_common
}

# use_fixture NAME: the fixture as config.json, rootfs and host-side bind
# sources moved into this test's temp dir
use_fixture() {
	local src=$FIXTURES_DIR/$1-config.json
	[ -f "$src" ] || src=/work/shared/fixtures/$1-config.json
	mkdir -p "$TEST_TMP/userdata/shm"
	echo fixture-host >"$TEST_TMP/userdata/hostname"
	echo "127.0.0.1 localhost" >"$TEST_TMP/userdata/hosts"
	: >"$TEST_TMP/userdata/.containerenv"
	jq --arg rootfs "$BUNDLE/rootfs" --arg ud "$TEST_TMP/userdata" '
		.root.path = $rootfs
		| .mounts |= map(if .type == "bind" and (.source | test("/userdata/")) then .source = ($ud + "/" + (.source | sub(".*/userdata/"; ""))) else . end)
		| del(.linux.cgroupsPath, .linux.resources, .linux.seccomp)
		| .process.args = ["sh", "-c", "hostname; cat /etc/hostname; grep -c . /proc/self/mountinfo; ulimit -n; echo ok"]
	' "$src" >"$BUNDLE/config.json"
}

@test "fixture: podman's config.json runs" {
	use_fixture podman
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line fixture-host
	assert_line 20000
	assert_line ok
}

@test "fixture: containerd's config.json runs" {
	use_fixture containerd
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line 1024
	assert_line ok
}

@test "fixture: podman's call sequence (create --pid-file, start, kill 15, kill 9, delete --force)" {
	use_fixture podman
	update_config '.process.args = ["sleep", "100"]'
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" --pid-file "$TEST_TMP/pid" c1 </dev/null >/dev/null 2>&1 3>&-
	[ -s "$TEST_TMP/pid" ]
	berth start c1
	[ "$(berth state c1 | jq -r .status)" = running ]
	berth kill c1 15
	berth kill c1 9 || true
	berth delete --force c1
	[ ! -e "$BERTH_ROOT/c1" ]
}
