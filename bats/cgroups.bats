#!/usr/bin/env bats
# cgroups.bats: linux.resources hold for real, on whatever layout the host has
# (hybrid here; pure v2 and pure v1 in the VM lanes, tests/vm-lanes.sh).
# Every test uses its own cgroupsPath prefix and removes it in teardown.
# Kept small: the VM lanes fork ~10x slower.

load helpers

# Like setup_bundle, with only the applets used here: one ln per applet is
# ~15 ms in the VM lanes, and busybox has ~400.
setup_small_bundle() {
	local a
	BUNDLE=$TEST_TMP/bundle
	mkdir -p "$BUNDLE/rootfs"/{bin,dev,proc,sys,tmp,etc,root}
	cp /bin/busybox "$BUNDLE/rootfs/bin/busybox"
	for a in sh sleep tail head wc mknod cat echo; do
		ln -s busybox "$BUNDLE/rootfs/bin/$a"
	done
	cp "$BATS_TEST_DIRNAME/default-config.json" "$BUNDLE/config.json"
}

setup() {
	setup_common
	setup_small_bundle
	CG=/berth-test-$$-$RANDOM
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		LAYOUT=v2
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		LAYOUT=hybrid
	else
		LAYOUT=v1
	fi
	# Long enough for the slow VM lanes.
	WAIT=${BERTH_TEST_WAIT:-60}
}

teardown() {
	teardown_common
	# Only our own prefix, deepest first; never anything else.
	local d
	for d in /sys/fs/cgroup$CG /sys/fs/cgroup/*$CG /sys/fs/cgroup/unified$CG; do
		[ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	true
}

# cg_dir CONTROLLER ID: the container's directory for CONTROLLER.
cg_dir() {
	if [ "$LAYOUT" = v2 ]; then
		echo "/sys/fs/cgroup$CG/$2"
	else
		echo "/sys/fs/cgroup/$1$CG/$2"
	fi
}

# cg_value V1_CTRL V1_FILE V2_FILE ID
cg_value() {
	if [ "$LAYOUT" = v2 ]; then
		cat "$(cg_dir "" "$4")/$3"
	else
		cat "$(cg_dir "$1" "$4")/$2"
	fi
}

# CPU time used by the container, in microseconds.
cpu_usage_us() {
	if [ "$LAYOUT" = v2 ]; then
		awk '$1 == "usage_usec" { print $2 }' "$(cg_dir "" "$1")/cpu.stat"
	else
		echo $(($(cat "$(cg_dir cpuacct "$1")/cpuacct.usage") / 1000))
	fi
}

# with_resources ID JQ: set cgroupsPath under our prefix plus JQ.
with_resources() {
	update_config ".linux.cgroupsPath = \"$CG/$1\" | $2"
}

# start_detached ID: create + start with the container's stdio in a file.
start_detached() {
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" "$1" >"$TEST_TMP/$1.out" 2>&1 </dev/null
	"$BERTH" --root "$BERTH_ROOT" start "$1"
}

# wait_for CMD...: retry CMD until it succeeds or $WAIT seconds passed.
wait_for() {
	local i
	for i in $(seq 1 $((WAIT * 5))); do
		"$@" && return 0
		sleep 0.2
	done
	return 1
}

is_stopped() {
	berth state "$1" | jq -e '.status == "stopped"' >/dev/null
}

@test "memory limit: in the cgroup file, the hog is OOM-killed under it and events reports the OOM" {
	with_resources oom '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}
		| .process.args = ["sh", "-c", "tail /dev/zero; echo hog-exit=$?"]'
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" oom >"$TEST_TMP/oom.out" 2>&1 </dev/null
	[ "$(cg_value memory memory.limit_in_bytes memory.max oom)" = 33554432 ]
	if [ "$LAYOUT" = v2 ]; then
		# swap is memory+swap in the spec: swap.max = swap - limit
		[ "$(cg_value "" "" memory.swap.max oom)" = 0 ]
	fi
	"$BERTH" --root "$BERTH_ROOT" events --interval 1s oom >"$TEST_TMP/events" 2>&1 &
	local events_pid=$!
	sleep 0.5
	berth start oom
	wait_for is_stopped oom
	# events ends by itself once the cgroup is empty
	wait_for sh -c "! kill -0 $events_pid 2>/dev/null"
	wait $events_pid || true
	cat "$TEST_TMP/oom.out" "$TEST_TMP/events" >&2
	# 137 = killed by SIGKILL (the OOM killer), seen from inside
	grep -q "hog-exit=137" "$TEST_TMP/oom.out"
	grep -q '^{"type":"oom","id":"oom"}$' "$TEST_TMP/events"
	grep '"type":"stats"' "$TEST_TMP/events" | head -1 | jq -e '.data.memory.usage.limit == 33554432' >/dev/null
}

@test "pids.limit: a fork bomb stops at the limit" {
	# The inner shell forks until the kernel refuses (ash then gives up with
	# "can't fork"); the init shell outlives it without forking again.
	with_resources pids '.linux.resources.pids = {"limit": 8}
		| .process.args = ["sh", "-c", "sh -c \"for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 60 & done; echo all-spawned\"; echo inner-exit=$?; exec sleep 60"]'
	start_detached pids
	wait_for grep -q inner-exit "$TEST_TMP/pids.out"
	cat "$TEST_TMP/pids.out" >&2
	[ "$(cg_value pids pids.max pids.max pids)" = 8 ]
	grep -q "can't fork" "$TEST_TMP/pids.out"
	! grep -q all-spawned "$TEST_TMP/pids.out"
	local current
	current=$(cg_value pids pids.current pids.current pids)
	[ "$current" -le 8 ]
	[ "$current" -ge 6 ]
	run berth ps --format json pids
	assert_success
	[ "$(echo "$output" | jq length)" -eq "$current" ]
}

@test "cpu quota caps a busy loop, update changes limits live" {
	with_resources cpu '.linux.resources.cpu = {"quota": 20000, "period": 100000, "shares": 512}
		| .linux.resources.memory = {"limit": 67108864}
		| .process.args = ["sh", "-c", "while :; do :; done"]'
	start_detached cpu
	if [ "$LAYOUT" = v2 ]; then
		[ "$(cg_value "" "" cpu.max cpu)" = "20000 100000" ]
		[ "$(cg_value "" "" cpu.weight cpu)" = 20 ] # shares 512 -> weight 1+(510*9999)/262142
	else
		[ "$(cg_value cpu cpu.cfs_quota_us "" cpu)" = 20000 ]
		[ "$(cg_value cpu cpu.shares "" cpu)" = 512 ]
	fi
	local u0 u1 t0 t1
	t0=$(date +%s%N)
	u0=$(cpu_usage_us cpu)
	sleep 2
	u1=$(cpu_usage_us cpu)
	t1=$(date +%s%N)
	local pct=$(((u1 - u0) * 100000 / (t1 - t0)))
	echo "used $((u1 - u0)) us of cpu in $(((t1 - t0) / 1000)) us: $pct% at a 20% quota" >&2
	# a free busy loop takes ~100%; the quota holds it near 20%
	[ "$pct" -lt 40 ]
	[ "$pct" -gt 5 ]
	# and the kernel says it throttled the group
	local stat
	if [ "$LAYOUT" = v2 ]; then stat=$(cg_dir "" cpu)/cpu.stat; else stat=$(cg_dir cpu cpu)/cpu.stat; fi
	[ "$(awk '$1 == "nr_throttled" { print $2 }' "$stat")" -gt 0 ]

	berth update --cpu-quota 50000 --memory 128m --pids-limit 50 cpu
	if [ "$LAYOUT" = v2 ]; then
		[ "$(cg_value "" "" cpu.max cpu)" = "50000 100000" ]
	else
		[ "$(cg_value cpu cpu.cfs_quota_us "" cpu)" = 50000 ]
	fi
	[ "$(cg_value memory memory.limit_in_bytes memory.max cpu)" = 134217728 ]
	[ "$(cg_value pids pids.max pids.max cpu)" = 50 ]
	echo '{"memory": {"limit": 100663296}, "cpu": {"quota": -1}}' | berth update -r - cpu
	[ "$(cg_value memory memory.limit_in_bytes memory.max cpu)" = 100663296 ]
	if [ "$LAYOUT" = v2 ]; then
		[ "$(cg_value "" "" cpu.max cpu)" = "max 100000" ]
	else
		[ "$(cg_value cpu cpu.cfs_quota_us "" cpu)" = -1 ]
	fi
	# no quota now: the kernel stops throttling the loop
	local th0 th1
	th0=$(awk '$1 == "nr_throttled" { print $2 }' "$stat")
	sleep 1
	th1=$(awk '$1 == "nr_throttled" { print $2 }' "$stat")
	[ "$th0" -eq "$th1" ]
}

@test "pause freezes the processes (no CPU time advances), resume thaws them" {
	with_resources pause '.process.args = ["sh", "-c", "while :; do :; done"]'
	start_detached pause
	berth pause pause
	berth state pause | jq -e '.status == "paused"'
	if [ "$LAYOUT" = v2 ]; then
		[ "$(cg_value "" "" cgroup.freeze pause)" = 1 ]
		grep -qx "frozen 1" "$(cg_dir "" pause)/cgroup.events"
	else
		[ "$(cat "$(cg_dir freezer pause)/freezer.state")" = FROZEN ]
	fi
	local u0 u1 pid
	pid=$(berth state pause | jq .pid)
	u0=$(cpu_usage_us pause)
	sleep 1
	u1=$(cpu_usage_us pause)
	[ "$u0" -eq "$u1" ]
	run berth pause pause
	assert_failure
	assert_output --partial "paused"

	berth resume pause
	berth state pause | jq -e '.status == "running"'
	u0=$(cpu_usage_us pause)
	sleep 1
	u1=$(cpu_usage_us pause)
	[ "$u1" -gt "$u0" ]
	run berth ps --format json pause
	assert_success
	echo "$output" | jq -e --argjson p "$pid" 'index($p) != null'
}

@test "devices: a device not allowed cannot be opened, allowed ones can" {
	with_resources dev '.process.capabilities.bounding += ["CAP_MKNOD"]
		| .process.capabilities.effective += ["CAP_MKNOD"]
		| .process.capabilities.permitted += ["CAP_MKNOD"]
		| .linux.resources.devices = [{"allow": false, "access": "rwm"},
			{"allow": true, "type": "c", "major": 1, "minor": 7, "access": "r"}]
		| .process.args = ["sh", "-c", "mknod /dev/berth-mem c 1 1; mknod /dev/berth-zero c 1 5; mknod /dev/berth-full c 1 7; head -c 1 /dev/berth-mem >/dev/null && echo mem-open; head -c 1 /dev/berth-zero | wc -c; head -c 1 /dev/berth-full | wc -c; echo x > /dev/berth-full || echo full-write-denied"]'
	run berth run --bundle "$BUNDLE" dev
	echo "$output" >&2
	assert_success
	assert_output --partial "Operation not permitted"
	refute_output --partial "mem-open"
	# /dev/zero (standard set) and the rule's read of 1:7 work
	[ "$(echo "$output" | grep -cx 1)" -eq 2 ]
	assert_output --partial "full-write-denied"
}

@test "cgroups are created per hierarchy and none is left after delete" {
	with_resources gone '.process.args = ["sleep", "600"]'
	start_detached gone
	local d dirs=()
	if [ "$LAYOUT" = v2 ]; then
		dirs=("/sys/fs/cgroup$CG/gone")
	else
		for d in memory pids freezer devices cpu; do
			dirs+=("/sys/fs/cgroup/$d$CG/gone")
		done
		[ "$LAYOUT" = hybrid ] && dirs+=("/sys/fs/cgroup/unified$CG/gone")
	fi
	local pid
	pid=$(berth state gone | jq .pid)
	for d in "${dirs[@]}"; do
		[ -d "$d" ]
		grep -qx "$pid" "$d/cgroup.procs"
	done
	berth delete --force gone
	for d in "${dirs[@]}"; do
		[ ! -e "$d" ]
		[ ! -e "$(dirname "$d")" ] # the prefix berth created goes too
	done
	# gone, or a zombie waiting for its reaper
	[ ! -e "/proc/$pid" ] || grep -q '^State:.*Z' "/proc/$pid/status"
}

# issue #8: a new v1 cpuset leaf gets its parent's cpus/mems written without
# reading the leaf first; a parent berth did not make stays after delete.
@test "cpuset: a new container gets its parent's cpus and mems; a parent berth did not create stays" {
	[ "$LAYOUT" != v2 ] || skip "v1 cpuset only (v2 cpusets are inherited)"
	local parent=/sys/fs/cgroup/cpuset$CG mems
	mkdir "$parent"
	mems=$(cat /sys/fs/cgroup/cpuset/cpuset.mems)
	echo 0 >"$parent/cpuset.cpus"
	echo "$mems" >"$parent/cpuset.mems"
	with_resources cs '.process.args = ["sh", "-c", "grep -E \"^(Cpus|Mems)_allowed_list\" /proc/self/status"]'
	run berth run --bundle "$BUNDLE" cs
	assert_success
	assert_line --regexp "^Cpus_allowed_list:[[:space:]]+0$"
	assert_line --regexp "^Mems_allowed_list:[[:space:]]+$mems$"
	[ ! -e "$parent/cs" ]
	[ -d "$parent" ] # not berth's: left in place
}

# issue #8: delete at the end of a foreground run skips the kill path (the
# init of its own pid namespace is reaped, so nothing is left in it).
@test "run: the cgroups are gone after a foreground run whose init left children behind" {
	with_resources fg '.process.args = ["sh", "-c", "sleep 600 & sleep 600 & exit 3"]'
	run berth run --bundle "$BUNDLE" fg
	assert_failure 3
	local d
	for d in /sys/fs/cgroup$CG /sys/fs/cgroup/*$CG; do
		[ ! -e "$d" ]
	done
	[ ! -e "$BERTH_ROOT/fg" ] # (a process left in the cgroup would have kept it)
}
