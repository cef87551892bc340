#!/usr/bin/env bats
# reliability.bats: berth killed with SIGKILL at each named stage of create,
# start, exec and delete (BERTH_TEST_STOP_AT, src/libberth/faultpoint.c),
# then `delete --force` must leave nothing: no state dir, cgroup, mount or
# process.  And failures injected at each stage (a mount target that cannot
# be made, a cgroup write the kernel refuses, a failing or hanging hook, a
# full tmpfs under the state root) give one clear error and leave nothing.

load helpers
load reliability-helpers

setup() {
	setup_common
	setup_bundle
	ID=rel-$$-$BATS_TEST_NUMBER
	# the test's own cgroup prefix, so leftovers are ours to find (and remove)
	CG_PREFIX=berth-rel-$$-$BATS_TEST_NUMBER
	update_config ".linux.cgroupsPath = \"/$CG_PREFIX/$ID\" | .process.args = [\"sleep\", \"100\"]"
}

teardown() {
	teardown_common
	# a failed test may leave our cgroups: remove them, deepest first
	find /sys/fs/cgroup -depth -type d -path "*/$CG_PREFIX*" -exec rmdir {} \; 2>/dev/null || true
	[ -z "${TMPFS_ROOT:-}" ] || umount "$TMPFS_ROOT" 2>/dev/null || true
	[ -z "${NETNS:-}" ] || ip netns del "$NETNS" 2>/dev/null || true
}

# berth_bg ARGS: berth with stdio on files (a container init keeps them).
berth_bg() {
	status=0
	"$BERTH" --root "$BERTH_ROOT" "$@" </dev/null >"$TEST_TMP/out" 2>&1 3>&- || status=$?
	output=$(cat "$TEST_TMP/out")
}

# stop_at POINT ARGS: run `berth ARGS` so that it kills itself at POINT; it
# must die of SIGKILL there (status 137), which proves the point is reached.
stop_at() {
	local point=$1
	shift
	status=0
	BERTH_TEST_STOP_AT=$point "$BERTH" --root "$BERTH_ROOT" "$@" </dev/null >"$TEST_TMP/out" 2>&1 3>&- ||
		status=$?
	output=$(cat "$TEST_TMP/out")
	echo "berth $* (stopped at $point): status $status: $output"
	[ "$status" -eq 137 ]
}

# nothing_left: no state dir, cgroup, mount or process of the container.
nothing_left() {
	local p left
	[ ! -e "$BERTH_ROOT/$ID" ] || { echo "state dir left: $(ls -la "$BERTH_ROOT/$ID")"; return 1; }
	[ -z "$("$BERTH" --root "$BERTH_ROOT" list -q 2>&1)" ] || { echo "list not empty"; return 1; }
	left=$(find /sys/fs/cgroup -type d -path "*/$CG_PREFIX*" 2>/dev/null)
	[ -z "$left" ] || { echo "cgroups left: $left"; return 1; }
	! grep -F " $TEST_TMP" /proc/self/mountinfo || { echo "mounts left"; return 1; }
	no_test_processes
}

# force_delete_clean: `delete --force` after a crash: succeeds (or finds no
# container at all) and leaves nothing.
force_delete_clean() {
	berth_bg delete --force "$ID"
	echo "delete --force: status $status: $output"
	[ "$status" -eq 0 ] || [[ "$output" == *"does not exist"* ]]
	nothing_left
}

wait_running() {
	local i
	for i in $(seq 50); do
		[ "$(berth state "$ID" 2>/dev/null | jq -r .status)" = running ] && return 0
		sleep 0.1
	done
	return 1
}

# ---- kill -9 at each stage ---------------------------------------------------

@test "kill -9: create after the state dir is made" {
	stop_at create-after-state-dir create --bundle "$BUNDLE" "$ID"
	force_delete_clean
}

@test "kill -9: create after the init is cloned (no state written yet)" {
	stop_at create-after-clone create --bundle "$BUNDLE" "$ID"
	force_delete_clean
}

@test "kill -9: create after the state is written" {
	stop_at create-after-state-write create --bundle "$BUNDLE" "$ID"
	force_delete_clean
}

@test "kill -9: create after the cgroup is made" {
	stop_at create-after-cgroup create --bundle "$BUNDLE" "$ID"
	# the cgroup really was made before the kill
	[ -n "$(find /sys/fs/cgroup -type d -path "*/$CG_PREFIX/$ID" 2>/dev/null)" ]
	force_delete_clean
}

@test "kill -9: create with the init waiting, before --pid-file" {
	stop_at create-after-init create --bundle "$BUNDLE" --pid-file "$TEST_TMP/pid" "$ID"
	force_delete_clean
}

@test "kill -9: run (create stage) leaves nothing after delete --force" {
	stop_at create-after-cgroup run -d --bundle "$BUNDLE" "$ID"
	force_delete_clean
}

@test "kill -9: start before the exec fifo is written: still created, then deletable" {
	berth_bg create --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ]
	stop_at start-before-fifo start "$ID"
	[ "$(berth state "$ID" | jq -r .status)" = created ]
	force_delete_clean
}

@test "kill -9: start after the exec fifo is written: running, then deletable" {
	# Regression (issue #9): `start` unlinked the fifo only after the write,
	# so killed in between the container ran but showed "created" forever
	# and a second `start` failed "container not running".
	berth_bg create --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ]
	stop_at start-after-fifo start "$ID"
	local pid
	pid=$(berth state "$ID" | jq -r .pid)
	# the user program runs: the init got the go and exec'd it
	wait_running
	[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "sleep 100 " ]
	[ ! -e "$BERTH_ROOT/$ID/exec.fifo" ]
	berth_bg start "$ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot start an already running container"* ]]
	force_delete_clean
}

@test "kill -9: start after the fifo unlink, before the write: stopped, then deletable" {
	berth_bg create --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ]
	local pid i
	pid=$(berth state "$ID" | jq -r .pid)
	stop_at start-after-fifo-unlink start "$ID"
	# our write end closed unwritten: the init exits instead of running
	for i in $(seq 50); do
		[ "$(berth state "$ID" | jq -r .status)" = stopped ] && break
		sleep 0.1
	done
	[ "$(berth state "$ID" | jq -r .status)" = stopped ]
	[ -z "$(container_cmdlines | grep -x 'sleep 100')" ]
	berth_bg start "$ID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"cannot start a container that has stopped"* ]]
	force_delete_clean
}

@test "kill -9: exec at each stage; the container survives; delete --force kills all" {
	local point
	berth_bg run -d --bundle "$BUNDLE" "$ID"
	[ "$status" -eq 0 ]
	wait_running
	for point in exec-after-fork exec-after-cgroup exec-after-spawn; do
		stop_at "$point" exec "$ID" sleep 200
		wait_running
	done
	# the exec'd `sleep 200` of the last stage runs in the container
	container_cmdlines | grep -qx 'sleep 200'
	force_delete_clean
}

@test "kill -9: delete after the init is killed, and after the undo" {
	local point
	for point in delete-after-kill delete-after-undo; do
		berth_bg run -d --bundle "$BUNDLE" "$ID"
		[ "$status" -eq 0 ]
		wait_running
		stop_at "$point" delete --force "$ID"
		force_delete_clean
	done
}

@test "kill -9: create after the network is set up (veth, bridge, lease), in a test netns" {
	# berth runs inside a network namespace this test makes: the "host" it
	# wires is that namespace, never the machine's
	NETNS=berth-rel-$$-$BATS_TEST_NUMBER
	ip netns add "$NETNS"
	update_config '.annotations = {"berth.network.bridge": "brel0", "berth.network.subnet": "10.47.0.0/24"}'
	status=0
	BERTH_TEST_STOP_AT=create-after-cgroup nsenter --net=/run/netns/"$NETNS" \
		"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_TMP/out" 2>&1 3>&- || status=$?
	cat "$TEST_TMP/out"
	[ "$status" -eq 137 ]
	# the network really was made before the kill: a veth and a lease
	ip -n "$NETNS" -o link show | grep -q brel0
	[ -n "$(ls "$BERTH_ROOT/network~/brel0" 2>/dev/null | grep '^10\.47\.')" ]
	nsenter --net=/run/netns/"$NETNS" "$BERTH" --root "$BERTH_ROOT" delete --force "$ID"
	nothing_left
	# no veth, no bridge, no lease, no nft table left in the namespace
	run ip -n "$NETNS" -o link show
	refute_output --partial brel0
	refute_output --partial veth
	refute_output --partial vb
	run sh -c "ls -A '$BERTH_ROOT/network~' 2>/dev/null | grep -v '^nat.lock$'"
	assert_output ""
	if command -v nft >/dev/null; then
		run ip netns exec "$NETNS" nft list tables
		refute_output --partial "table ip berth"
	fi
}

# ---- injected failures ------------------------------------------------------

# failed_clean PATTERN: the last berth_bg failed with one error matching
# PATTERN and left nothing.
failed_clean() {
	echo "status $status: $output"
	[ "$status" -ne 0 ]
	[[ "$output" =~ $1 ]]
	[ "$(grep -c '^berth: ' <<<"$output")" -eq 1 ] || [ "$(grep -vc '^berth: warning' <<<"$output")" -eq 1 ]
	nothing_left
}

@test "failure: a mount target that cannot be made" {
	# /etc/passwd is a file: a directory cannot be made under it
	update_config '.mounts += [{"destination": "/etc/passwd/sub", "type": "tmpfs", "source": "tmpfs"}]'
	berth_bg create --bundle "$BUNDLE" "$ID"
	failed_clean '/etc/passwd'
	berth_bg run --bundle "$BUNDLE" "$ID"
	failed_clean '/etc/passwd'
}

@test "failure: a cgroup write the kernel refuses" {
	# CPU 4095 does not exist: cpuset.cpus refuses the write (EINVAL)
	update_config '.linux.resources.cpu = {"cpus": "4095"}'
	berth_bg create --bundle "$BUNDLE" "$ID"
	failed_clean 'cpus|cpuset'
}

@test "failure: a failing createRuntime hook, a failing prestart hook" {
	update_config '.hooks = {"createRuntime": [{"path": "/bin/false"}]}'
	berth_bg create --bundle "$BUNDLE" "$ID"
	failed_clean 'createRuntime|hook'
	update_config '.hooks = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", "exit 3"]}]}'
	berth_bg run -d --bundle "$BUNDLE" "$ID"
	failed_clean 'prestart|hook'
}

@test "failure: a hook that times out" {
	# the hook's command line names the test dir: nothing_left sees it if
	# it survives its timeout
	printf '#!/bin/sh\nexec sleep 100\n' >"$TEST_TMP/hang.sh"
	chmod +x "$TEST_TMP/hang.sh"
	update_config ".hooks = {\"createRuntime\": [{\"path\": \"$TEST_TMP/hang.sh\", \"timeout\": 1}]}"
	local start=$SECONDS
	berth_bg create --bundle "$BUNDLE" "$ID"
	failed_clean 'createRuntime|hook|time'
	[ $((SECONDS - start)) -lt 30 ]
}

@test "failure: the state root is a full tmpfs" {
	TMPFS_ROOT=$TEST_TMP/full
	mkdir -p "$TMPFS_ROOT"
	mount -t tmpfs -o size=64k,nr_inodes=64 tmpfs "$TMPFS_ROOT"
	dd if=/dev/zero of="$TMPFS_ROOT/fill" bs=4k count=1000 2>/dev/null || true
	local fill=0
	while touch "$TMPFS_ROOT/i$fill" 2>/dev/null; do fill=$((fill + 1)); done
	BERTH_ROOT=$TMPFS_ROOT
	berth_bg create --bundle "$BUNDLE" "$ID"
	echo "status $status: $output"
	[ "$status" -ne 0 ]
	[[ "$output" =~ (No space left|space|inode) ]]
	[ ! -e "$TMPFS_ROOT/$ID" ]
	BERTH_ROOT=$TEST_TMP/state
	[ -z "$(find /sys/fs/cgroup -type d -path "*/$CG_PREFIX*" 2>/dev/null)" ]
	umount "$TMPFS_ROOT"
	TMPFS_ROOT=
	nothing_left
}
