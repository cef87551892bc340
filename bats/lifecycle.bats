#!/usr/bin/env bats
# lifecycle.bats: create/start/state/kill/delete/run/list as runc does them,
# asserted on what the container and the kernel show.

load helpers

setup() {
	setup_common
	setup_bundle
}

teardown() {
	teardown_common
}

# set_args ARG...: process.args of the bundle
set_args() {
	local json
	json=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	update_config ".process.args = $json"
}

# berth_detached ARGS: create / run -d; the container init keeps the stdio it
# gets, so it must not get the pipes bats reads the output from.
berth_detached() {
	"$BERTH" --root "$BERTH_ROOT" "$@" </dev/null >"$TEST_TMP/detached.log" 2>&1 3>&-
}

# process_gone PID: no such process, or only its zombie (the reaper may be slow)
process_gone() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ]
}

wait_status() {
	local id=$1 want=$2 i
	for i in $(seq 50); do
		[ "$(berth state "$id" | jq -r .status)" = "$want" ] && return 0
		sleep 0.1
	done
	berth state "$id"
	return 1
}

@test "run: the container sees its hostname, its own namespaces and its command as pid 1" {
	set_args sh -c 'hostname; for n in pid net ipc uts mnt cgroup user; do readlink /proc/self/ns/$n; done; tr "\0" " " </proc/1/cmdline; echo; echo pid=$$'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --index 0 berth
	assert_line --regexp '^sh -c hostname; for n in pid .*echo pid=[$][$] $'
	assert_line pid=1
	local ns
	for ns in pid net ipc uts mnt cgroup; do
		local line
		line=$(printf '%s\n' "${lines[@]}" | grep "^$ns:")
		[ -n "$line" ]
		[ "$line" != "$(readlink /proc/self/ns/$ns)" ]
	done
	# no user namespace in the default config: the host's
	assert_line "$(readlink /proc/self/ns/user)"
	# run (without --keep) deletes the container
	[ -z "$(ls "$BERTH_ROOT")" ]
}

@test "run: the container's root is its rootfs (pivot_root and --no-pivot), /proc is its own" {
	set_args sh -c 'awk "\$5 == \"/\" || \$5 == \"/proc\"" /proc/self/mountinfo; ls /proc | grep -c "^[0-9]"; ls /'
	local mode
	for mode in "" --no-pivot; do
		run berth run $mode --bundle "$BUNDLE" c1
		assert_success
		# mount root: the bundle's rootfs directory of the host filesystem
		assert_line --regexp "^[0-9]+ [0-9]+ [0-9]+:[0-9]+ $BUNDLE/rootfs / "
		assert_line --regexp "^[0-9]+ [0-9]+ [0-9]+:[0-9]+ / /proc .* - proc proc "
		# only our own processes: sh and its pipeline
		[ "${lines[2]}" -le 4 ]
		assert_line bin
		refute_line work
	done
}

@test "run: exit code and signal propagate (128+N)" {
	set_args sh -c 'exit 42'
	run berth run --bundle "$BUNDLE" c1
	[ "$status" -eq 42 ]
	# pid 1 of a pid namespace cannot SIGKILL itself: kill it from outside
	set_args sleep 100
	"$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" c2 </dev/null >/dev/null 2>&1 3>&- &
	local bpid=$!
	wait_status c2 running
	berth kill c2 KILL
	local rc=0
	wait "$bpid" || rc=$?
	[ "$rc" -eq 137 ]
}

@test "run: uid, gid, additionalGids, umask, cwd and env reach the process" {
	update_config '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [2000, 2001], "umask": 63} | .process.cwd = "/tmp/work" | .process.env += ["FOO=bar baz"]'
	set_args sh -c 'id; umask; pwd; echo "$FOO"; echo "$HOME"; grep -E "^(Uid|Gid|Groups):" /proc/self/status'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line "uid=1000 gid=1001 groups=2000,2001"
	assert_line 0077
	assert_line /tmp/work
	assert_line "bar baz"
	assert_line /
	assert_line --regexp "^Uid:[[:space:]]+1000[[:space:]]+1000[[:space:]]+1000[[:space:]]+1000$"
	assert_line --regexp "^Groups:[[:space:]]+2000 2001 ?$"
}

@test "run: rlimits under the current hard limit" {
	local hard
	hard=$(ulimit -Hn)
	update_config ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 123, \"hard\": $((hard - 1))}]"
	set_args sh -c 'ulimit -n; ulimit -Hn'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --index 0 123
	assert_line --index 1 $((hard - 1))
}

@test "run: noNewPrivileges, oomScoreAdj and personality are applied" {
	update_config '.process.noNewPrivileges = true | .process.oomScoreAdj = 123 | .linux.personality = {"domain": "LINUX32"}'
	set_args sh -c 'grep NoNewPrivs /proc/self/status; cat /proc/self/oom_score_adj; uname -m'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --regexp "^NoNewPrivs:[[:space:]]+1$"
	assert_line 123
	assert_line i686
}

@test "run: lo is up in a new network namespace" {
	set_args sh -c 'cat /sys/class/net/lo/operstate; ip -o link show lo'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_output --partial "LOOPBACK,UP"
}

@test "run: only stdio and preserved fds reach the process" {
	set_args sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "'
	exec 7</dev/null 8</dev/null
	run berth run --bundle "$BUNDLE" --preserve-fds 5 c1
	assert_success
	# 0 1 2, 3..7 preserved (3-6 may be closed in this shell), 8 not; ls's own fd 3 may be open
	[[ "$output" != *" 8 "* ]]
	[[ "$output" == *"7 "* ]]
	run berth run --bundle "$BUNDLE" c2
	assert_success
	[[ "$output" != *"7 "* ]]
	exec 7<&- 8<&-
}

@test "create/start/state/kill/delete: every transition, status from reality" {
	set_args sleep 100
	berth_detached create --bundle "$BUNDLE" --pid-file "$TEST_TMP/pid" c1
	local pid
	pid=$(cat "$TEST_TMP/pid")
	[ "$(berth state c1 | jq -r .status)" = created ]
	[ "$(berth state c1 | jq -r .pid)" = "$pid" ]
	# the init waits before exec: still berth, not sleep
	[ "$(readlink /proc/$pid/exe)" != /bin/busybox ] || [ "$(tr '\0' ' ' </proc/$pid/cmdline)" != "sleep 100 " ]

	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial 'container "c1" already exists'

	run berth start c1
	assert_success
	wait_status c1 running
	[ "$(tr '\0' ' ' </proc/$pid/cmdline)" = "sleep 100 " ]

	run berth start c1
	assert_failure
	assert_output --partial "cannot start an already running container"
	run berth delete c1
	assert_failure
	assert_output --partial "cannot delete container c1 that is not stopped: running"

	run berth kill c1 KILL
	assert_success
	wait_status c1 stopped
	[ "$(berth state c1 | jq -r .pid)" = 0 ]
	run berth kill c1
	assert_failure
	assert_output --partial "container not running"
	run berth start c1
	assert_failure
	assert_output --partial "cannot start a container that has stopped"

	run berth delete c1
	assert_success
	[ ! -e "$BERTH_ROOT/c1" ]
	for cmd in state start delete kill; do
		run berth $cmd c1
		assert_failure
		assert_output --partial 'container "c1" does not exist'
	done
}

@test "kill: names and numbers, default SIGTERM, delivered to the process" {
	set_args sh -c 'trap "echo got-usr1 >/tmp/sig" USR1; trap "echo got-term >/tmp/sig; exit 0" TERM; while :; do sleep 0.1; done'
	berth_detached run -d --bundle "$BUNDLE" c1
	sleep 0.3
	run berth kill c1 SIGUSR1
	assert_success
	sleep 0.5
	[ "$(cat "$BUNDLE/rootfs/tmp/sig")" = got-usr1 ]
	run berth kill c1 BOGUS
	assert_failure
	assert_output --partial 'invalid signal "BOGUS"'
	run berth kill c1
	assert_success
	wait_status c1 stopped
	[ "$(cat "$BUNDLE/rootfs/tmp/sig")" = got-term ]
	run berth kill c2 9
	assert_failure
}

@test "kill --all: every process of the container's pid namespace" {
	set_args sh -c 'sleep 100 & sleep 100 & wait'
	berth_detached run -d --bundle "$BUNDLE" c1
	local pid
	pid=$(berth state c1 | jq .pid)
	sleep 0.3
	[ "$(pgrep -c -P "$pid")" -eq 2 ]
	run berth kill --all c1 KILL
	assert_success
	wait_status c1 stopped
}

@test "delete --force: kills a running container and removes its state" {
	set_args sleep 100
	berth_detached run -d --bundle "$BUNDLE" c1
	local pid
	pid=$(berth state c1 | jq .pid)
	run berth delete --force c1
	assert_success
	[ ! -e "$BERTH_ROOT/c1" ]
	process_gone "$pid"
}

@test "delete: a created container is deleted without --force" {
	set_args sleep 100
	berth_detached create --bundle "$BUNDLE" --pid-file "$TEST_TMP/pid" c1
	run berth delete c1
	assert_success
	process_gone "$(cat "$TEST_TMP/pid")"
}

@test "delete --force of a missing container succeeds (runc; podman calls it after a failed create)" {
	run berth delete --force nosuch
	assert_success
	run berth delete nosuch
	assert_failure
	assert_output --partial 'container "nosuch" does not exist'
}

@test "state: validates against the runtime-spec state schema; list table, json and quiet" {
	set_args sleep 100
	update_config '.annotations = {"org.example.key": "value \"quoted\""}'
	berth_detached create --bundle "$BUNDLE" c1
	berth state c1 >"$TEST_TMP/state.json"
	local schema d
	for d in "$SCHEMA_DIR" /work/shared/runtime-spec/schema "$BATS_TEST_DIRNAME/../tests/data/schema"; do
		[ -f "$d/state-schema.json" ] && schema=$d/state-schema.json && break
	done
	run "$BATS_TEST_DIRNAME/../tests/validate-schema" "$schema" "$TEST_TMP/state.json"
	assert_success
	# the validator can fail: a status outside the spec's enum
	jq '.status = "bogus"' "$TEST_TMP/state.json" >"$TEST_TMP/bad.json"
	run "$BATS_TEST_DIRNAME/../tests/validate-schema" "$schema" "$TEST_TMP/bad.json"
	assert_failure
	run jq -r '.annotations["org.example.key"], .bundle, .rootfs, .owner' "$TEST_TMP/state.json"
	assert_line --index 0 'value "quoted"'
	assert_line --index 1 "$BUNDLE"
	assert_line --index 2 "$BUNDLE/rootfs"
	assert_line --index 3 root
	run jq -r .created "$TEST_TMP/state.json"
	[[ "$output" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+Z$ ]]

	berth_detached create --bundle "$BUNDLE" c2
	run berth list --quiet
	assert_success
	[ "$(echo "$output" | sort | tr '\n' ' ')" = "c1 c2 " ]
	run berth list --format json
	assert_success
	[ "$(echo "$output" | jq -r '[.[].id] | sort | join(",")')" = "c1,c2" ]
	[ "$(echo "$output" | jq -r '.[0].status')" = created ]
	run berth list
	assert_success
	assert_line --index 0 --regexp "^ID +PID +STATUS +BUNDLE +CREATED +OWNER$"
	assert_line --regexp "^c2 +[0-9]+ +created +$BUNDLE +[0-9T:.-]+Z +root$"
}

@test "bad id: rejected with nothing left behind" {
	for id in "a/b" ".." "" "a b" "$(printf 'x%.0s' $(seq 300))"; do
		run berth create --bundle "$BUNDLE" "$id"
		assert_failure
		assert_output --partial "invalid container id"
	done
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "id: runc's characters, ',' included, are accepted" {
	set_args /bin/sh -c 'echo ran'
	run berth run --bundle "$BUNDLE" "web_1.a+b,c-2"
	assert_success
	assert_output ran
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "run: born by vfork when berth has nothing to do before the exec, else step by step; both run" {
	# LeakSanitizer cannot run under ptrace, and sanitizer builds never vfork
	if grep -qa __asan_init "$BERTH"; then skip "sanitizer build"; fi
	set_args /bin/sh -c 'echo ran; exit 5'
	run strace -f -qq -e trace=clone,clone3 -o "$TEST_TMP/plain.log" "$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" v1
	assert_equal "$status" 5
	assert_output ran
	grep -q 'CLONE_VM|CLONE_VFORK|CLONE_NEWNS' "$TEST_TMP/plain.log"
	# a poststart hook needs berth between the init's set-up and its exec
	update_config '.hooks.poststart = [{"path": "/bin/true"}]'
	run strace -f -qq -e trace=clone,clone3 -o "$TEST_TMP/hooked.log" "$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" v2
	assert_equal "$status" 5
	assert_output ran
	grep -q CLONE_NEWNS "$TEST_TMP/hooked.log"
	! grep -q 'CLONE_VFORK' "$TEST_TMP/hooked.log"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "run -d: a vfork-born container is running, with its pid, once run returns" {
	set_args /bin/sleep 100
	berth_detached run -d --bundle "$BUNDLE" d1
	run berth state d1
	assert_success
	[ "$(echo "$output" | jq -r .status)" = running ]
	pid=$(echo "$output" | jq -r .pid)
	[ "$(cat /proc/$pid/comm)" = sleep ]
	[ ! -e "$BERTH_ROOT/d1/exec.fifo" ]
	run berth delete --force d1
	assert_success
}

# no_leftovers ID: no state dir, no process running the bundle's busybox
no_leftovers() {
	[ ! -e "$BERTH_ROOT/$1" ]
	[ -z "$(ls -A "$BERTH_ROOT" 2>/dev/null)" ]
	! grep -q "$BUNDLE" /proc/self/mountinfo
	! pgrep -f "berth --root $BERTH_ROOT" >/dev/null
}

@test "bad bundle: missing config.json" {
	rm "$BUNDLE/config.json"
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "$BUNDLE/config.json: No such file or directory"
	no_leftovers c1
}

@test "bad bundle: broken JSON" {
	echo '{"ociVersion": "1.3.0", "process": {' >"$BUNDLE/config.json"
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "config.json"
	no_leftovers c1
}

@test "bad bundle: missing rootfs" {
	rm -rf "$BUNDLE/rootfs"
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "root.path: rootfs $BUNDLE/rootfs: No such file or directory"
	no_leftovers c1
}

@test "bad bundle: missing bundle directory" {
	run berth create --bundle "$TEST_TMP/nope" c1
	assert_failure
	assert_output --partial "bundle $TEST_TMP/nope: No such file or directory"
	no_leftovers c1
}

@test "bad bundle: program not found or not executable (runc's texts, podman maps them to 127/126)" {
	set_args nosuchprogram
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial 'exec: "nosuchprogram": executable file not found in $PATH'
	no_leftovers c1

	set_args /etc/passwd
	run berth run --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial 'exec: "/etc/passwd": permission denied'
	no_leftovers c1

	set_args /nope
	run berth run --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial 'exec: "/nope": stat /nope: No such file or directory'
	no_leftovers c1
}

@test "bad bundle: a failing step in the child reports its error and cleans up" {
	update_config '.process.cwd = "relative"'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial 'process.cwd: "relative" is not an absolute path'
	no_leftovers c1
}

@test "create: terminal without --console-socket fails clearly" {
	update_config '.process.terminal = true'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "process.terminal is true: --console-socket is required"
	no_leftovers c1
}

@test "create: kill -9 of berth mid-create, then delete --force cleans up" {
	set_args sleep 100
	update_config '.hooks.createRuntime = [{"path": "/bin/sleep", "args": ["sleep", "101"]}]'
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" c1 </dev/null >/dev/null 2>&1 3>&- &
	local bpid=$! i
	for i in $(seq 50); do
		[ -s "$BERTH_ROOT/c1/state" ] && break
		sleep 0.1
	done
	sleep 0.2
	local pid
	pid=$(berth state c1 | jq .pid)
	kill -9 "$bpid"
	wait "$bpid" || true
	pkill -9 -f "^sleep 101$" || true
	run berth delete --force c1
	assert_success
	[ ! -e "$BERTH_ROOT/c1" ]
	process_gone "$pid"
}

@test "run --keep keeps a stopped container; --detach returns at once" {
	set_args true
	run berth run --keep --bundle "$BUNDLE" c1
	assert_success
	[ "$(berth state c1 | jq -r .status)" = stopped ]
	set_args sleep 100
	timeout 5 "$BERTH" --root "$BERTH_ROOT" run -d --bundle "$BUNDLE" c2 </dev/null >/dev/null 2>&1 3>&-
	[ "$(berth state c2 | jq -r .status)" = running ]
}

@test "run: foreground forwards signals to the container" {
	set_args sh -c 'trap "echo forwarded; exit 7" USR1; echo ready; while :; do sleep 0.1; done'
	"$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" c1 </dev/null >"$TEST_TMP/out" 2>&1 3>&- &
	local bpid=$! i
	for i in $(seq 50); do grep -q ready "$TEST_TMP/out" && break; sleep 0.1; done
	kill -USR1 "$bpid"
	local rc=0
	wait "$bpid" || rc=$?
	[ "$rc" -eq 7 ]
	grep -q forwarded "$TEST_TMP/out"
}

@test "run: ioPriority, scheduler (nice) and execCPUAffinity are applied" {
	update_config '.process.ioPriority = {"class": "IOPRIO_CLASS_BE", "priority": 6} | .process.scheduler = {"policy": "SCHED_BATCH", "nice": 7} | .process.execCPUAffinity = {"initial": "0-1", "final": "1"}'
	set_args sh -c 'ionice -p $$; grep Cpus_allowed_list /proc/self/status; cut -d" " -f19 /proc/self/stat; grep -E "^policy" /proc/self/sched || true'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --partial "best-effort: prio 6"
	assert_line --regexp "^Cpus_allowed_list:[[:space:]]+1$"
	assert_line --index 2 7
}

@test "run: LISTEN_FDS socket-activation fds are passed on with LISTEN_FDS/LISTEN_PID" {
	set_args sh -c 'echo "$LISTEN_FDS $LISTEN_PID"; cat <&3'
	echo from-fd-3 >"$TEST_TMP/fd3"
	LISTEN_FDS=1 run berth run --bundle "$BUNDLE" c1 3<"$TEST_TMP/fd3"
	assert_success
	assert_line --index 0 "1 1"
	assert_line --index 1 from-fd-3
}

@test "create: the pid file is written before create returns; a bad pid file path undoes the create" {
	set_args sleep 100
	run berth create --bundle "$BUNDLE" --pid-file "$TEST_TMP/nodir/c1.pid" c1
	assert_failure
	assert_output --partial "--pid-file"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
	! pgrep -f "berth --root $BERTH_ROOT" >/dev/null
	# relative to the caller's directory, as runc
	cd "$TEST_TMP"
	berth_detached create --bundle "$BUNDLE" --pid-file c2.pid c2
	[ "$(berth state c2 | jq .pid)" = "$(cat "$TEST_TMP/c2.pid")" ]
	[ -z "$(ls "$TEST_TMP" | grep -F '.tmp.')" ]
}
