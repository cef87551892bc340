#!/usr/bin/env bats
# containerd.bats: containerd (1.6, containerd-shim-runc-v2) drives the
# runtime under test (ENGINE_RUNTIME, default ./berth; ENGINE_RUNTIME=
# /usr/sbin/runc for the reference run) through `ctr run --runc-binary`.
# Each scenario is checked from inside the container or in the kernel's view.
# containerd runs on its own socket, root, state and opt dirs under a temp
# dir, in its own namespace (hence its own cgroup /NS/ID); the runtime's
# state (--runc-root) and ctr's fifos are under that temp dir too.

load engines-helpers
bats_require_minimum_version 1.5.0

# ctrd_write_config DIR: containerd's config: every path under DIR, no CRI
# (no CNI, no streaming port), plus contrib/containerd/config.toml's table
# (checked by `config dump` below).
ctrd_write_config() {
	local dir=$1
	{
		# top-level keys first: TOML puts keys after a [table] into it
		cat <<-EOF
			version = 2
			root = "$dir/root"
			state = "$dir/state"
			temp = "$dir/tmp"
			disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs",
			  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs",
			  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.overlayfs",
			  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

			[grpc]
			  address = "$dir/containerd.sock"
			[ttrpc]
			  address = "$dir/containerd.sock.ttrpc"
			[debug]
			  address = ""
			[metrics]
			  address = ""
			[plugins."io.containerd.internal.v1.opt"]
			  path = "$dir/opt"
		EOF
		sed -e "s#BinaryName = \".*\"#BinaryName = \"$ENGINE_RUNTIME\"#" -e '/^version/d' \
			"$ENGINES_REPO/contrib/containerd/config.toml"
	} >"$dir/config.toml"
}

# ctrd_config_is_ours DIR: containerd read our paths (a config mistake would
# make it use /var/lib/containerd and /run/containerd: never start then).
ctrd_config_is_ours() {
	local dir=$1 dump
	dump=$(containerd --config "$dir/config.toml" config dump 2>/dev/null) || return 1
	grep -qx "root = \"$dir/root\"" <<<"$dump" &&
		grep -qx "state = \"$dir/state\"" <<<"$dump" &&
		grep -q "^ *path = \"$dir/opt\"" <<<"$dump"
}

# cr ARGS: ctr on our containerd, in our namespace.
cr() {
	ctr --address "$ENGINES_TMP/containerd.sock" --namespace "$CTRD_NS" "$@"
}

# cr_run ARGS: `ctr run` with the runtime under test (the runc shim's
# BinaryName) and its state dir under our temp dir.
cr_run() {
	cr run --runc-binary "$ENGINE_RUNTIME" --runc-root "$ENGINES_TMP/runc-root" \
		--fifo-dir "$ENGINES_TMP/fifo" "$@"
}

# cr_exec ARGS: `ctr task exec` with its fifos under our temp dir.
cr_exec() {
	cr task exec --fifo-dir "$ENGINES_TMP/fifo" "$@"
}

# in_pty CMD...: run CMD with a terminal on stdin (ctr -t wants one);
# its output without the terminal's \r and NULs (the pty may echo a NUL
# as "^@" before the output: match lines unanchored at the start).
in_pty() {
	set -o pipefail
	script -qefc "$(printf '%q ' "$@")" /dev/null </dev/null | tr -d '\r\000'
}

setup_file() {
	engines_require_tools containerd ctr containerd-shim-runc-v2 script
	ENGINES_TMP=$(mktemp -d /tmp/berth-test.containerd.XXXXXX)
	export ENGINES_TMP
	export CTRD_NS=berth-ctrd-$$
	export CONTAINERD_SNAPSHOTTER=native
	# the shim puts its socket under /run/containerd/s whatever the config
	remember_absent /run/containerd /run/containerd/s
	mkdir -p "$ENGINES_TMP/tmp" "$ENGINES_TMP/fifo"
	ctrd_write_config "$ENGINES_TMP"
	ctrd_config_is_ours "$ENGINES_TMP" || {
		echo "# containerd would not use the paths of $ENGINES_TMP/config.toml" >&3
		return 1
	}
	containerd --config "$ENGINES_TMP/config.toml" >"$ENGINES_TMP/containerd.log" 2>&1 3>&- </dev/null &
	echo $! >"$ENGINES_TMP/containerd.pid"
	wait_for 50 cr version >/dev/null 2>&1 || {
		cat "$ENGINES_TMP/containerd.log" >&3
		return 1
	}
	build_busybox_image "$ENGINES_TMP/busybox.tar"
	cr image import "$ENGINES_TMP/busybox.tar" >/dev/null
}

# ctrd_remove_all: every task and container of our namespace, forced.
ctrd_remove_all() {
	local id
	for id in $(cr container ls -q 2>/dev/null); do
		cr task kill --all -s SIGKILL "$id" >/dev/null 2>&1
		cr task delete --force "$id" >/dev/null 2>&1
		cr container delete "$id" >/dev/null 2>&1
	done
}

teardown_file() {
	local pid
	if [ -n "${ENGINES_TMP:-}" ] && [ -d "$ENGINES_TMP" ]; then
		ctrd_remove_all
		cr image rm "$ENGINES_IMAGE" >/dev/null 2>&1
		kill_pidfile "$ENGINES_TMP/containerd.pid" "$(command -v containerd)"
		# a shim whose task could not be deleted outlives containerd:
		# ours are the ones serving our namespace
		for pid in $(pgrep -f "containerd-shim-runc-v2 -namespace $CTRD_NS "); do
			kill -9 "$pid" 2>/dev/null
		done
		umount_under "$ENGINES_TMP"
	fi
	cgroup_tree_remove "${CTRD_NS:-}"
	[ -n "${ENGINES_TMP:-}" ] && forget_created
	[ -n "${ENGINES_TMP:-}" ] && rm -rf "$ENGINES_TMP"
}

setup() {
	load_engine_libs
	HOSTDIR=$(mktemp -d "$ENGINES_TMP/host.XXXXXX")
}

teardown() {
	ctrd_remove_all
	rm -rf "$HOSTDIR"
}

# task_pid ID: the host pid of the task's init.
task_pid() {
	cr task ls | awk -v id="$1" '$1 == id { print $2 }'
}

# task_status ID: RUNNING, PAUSED, STOPPED...
task_status() {
	cr task ls | awk -v id="$1" '$1 == id { print $3 }'
}

# cgroup_dir PID CONTROLLER: the cgroup directory of PID for CONTROLLER
# (v1), or its unified cgroup directory.
cgroup_dir() {
	local path
	path=$(awk -F: -v c="$2" '$2 == c { print $3 }' "/proc/$1/cgroup")
	if [ -n "$path" ] && [ -d "/sys/fs/cgroup/$2$path" ]; then
		echo "/sys/fs/cgroup/$2$path"
	else
		echo "/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup")"
	fi
}

CG_READ='f=/sys/fs/cgroup/$2; [ -f "$f" ] || f=/sys/fs/cgroup/$1; cat "$f"'

@test "containerd: contrib/containerd/config.toml sets the runc shim's BinaryName" {
	# containerd reads the snippet as the CRI runtime "berth" of the runc
	# shim (config dump only parses: it starts nothing)
	sed "s#/usr/local/bin/berth#$ENGINE_RUNTIME#" "$ENGINES_REPO/contrib/containerd/config.toml" \
		>"$HOSTDIR/config.toml"
	run containerd --config "$HOSTDIR/config.toml" config dump
	assert_success
	refute_output --partial "level=warning"
	assert_line --regexp '^ *\[plugins\."io\.containerd\.grpc\.v1\.cri"\.containerd\.runtimes\.berth\.options\]$'
	assert_line --regexp "^ *BinaryName = \"$ENGINE_RUNTIME\"\$"
	# the table names the runc shim
	local table
	table=$(echo "$output" | sed -n '/runtimes\.berth\]$/,/runtimes\.berth\.options\]$/p')
	[[ $table == *'runtime_type = "io.containerd.runc.v2"'* ]]
}

@test "ctr run --rm: output, exit code, the runtime used, container removed" {
	run cr_run --rm "$ENGINES_IMAGE" rm1 sh -c 'echo hello from $(cat /proc/1/comm); exit 3'
	assert_failure 3
	assert_output "hello from sh"
	run cr container ls -q
	refute_output --partial rm1
	# the container named the runtime under test as the shim's BinaryName
	run cr_run -d "$ENGINES_IMAGE" bin1 sleep 1000
	assert_success
	local opts
	opts=$(cr container info bin1 | jq -r '.Runtime.Options.value' | base64 -d | tr -c '[:print:]' ' ')
	[[ $opts == *"$ENGINE_RUNTIME"* ]]
	# and that runtime keeps its state where the shim told it:
	# --root ROOT/NAMESPACE
	[ -d "$ENGINES_TMP/runc-root/$CTRD_NS/bin1" ]
}

@test "ctr run -d: the task runs the image's program with --env" {
	run cr_run -d --env FOO=bar "$ENGINES_IMAGE" r1 sleep 1000
	assert_success
	[ "$(task_status r1)" = RUNNING ]
	local pid
	pid=$(task_pid r1)
	[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "sleep 1000 " ]
	tr '\0' '\n' <"/proc/$pid/environ" | grep -qx FOO=bar
	# its own pid namespace: the task is pid 1 there
	grep -qE '^NSpid:[[:space:]]+[0-9]+[[:space:]]+1$' "/proc/$pid/status"
}

@test "ctr task exec: joins the container, cwd, user, exit codes" {
	run cr_run -d --env FOO=bar "$ENGINES_IMAGE" d1 sleep 1000
	assert_success
	run cr_exec --exec-id e1 d1 sh -c 'tr "\0" " " </proc/1/cmdline; echo; echo $FOO'
	assert_success
	assert_line --index 0 "sleep 1000 "
	assert_line --index 1 "bar"
	run cr_exec --exec-id e2 --cwd /tmp --user 1000 d1 sh -c 'echo $(pwd) $(id -u)'
	assert_output "/tmp 1000"
	run cr_exec --exec-id e3 d1 sh -c 'exit 5'
	assert_failure 5
	# the container runs on
	[ "$(task_status d1)" = RUNNING ]
}

@test "ctr run -t: a terminal from the console socket" {
	run in_pty ctr --address "$ENGINES_TMP/containerd.sock" --namespace "$CTRD_NS" run -t --rm \
		--runc-binary "$ENGINE_RUNTIME" --runc-root "$ENGINES_TMP/runc-root" \
		--fifo-dir "$ENGINES_TMP/fifo" "$ENGINES_IMAGE" tty1 sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both-tty'
	assert_success
	assert_line --index 0 --regexp '/dev/pts/[0-9]+$'
	assert_line --index 1 --regexp 'both-tty$'
}

@test "ctr task exec -t: an exec process gets its own terminal" {
	run cr_run -d "$ENGINES_IMAGE" tty2 sleep 1000
	assert_success
	run in_pty ctr --address "$ENGINES_TMP/containerd.sock" --namespace "$CTRD_NS" task exec -t \
		--fifo-dir "$ENGINES_TMP/fifo" --exec-id et tty2 sh -c 'tty; [ -t 1 ] && echo is-tty'
	assert_success
	assert_line --index 0 --regexp '/dev/pts/[0-9]+$'
	assert_line --index 1 --regexp 'is-tty$'
}

@test "ctr run --read-only, read-only bind mount, --cwd" {
	echo from-host >"$HOSTDIR/in"
	run cr_run --rm --read-only --cwd /data \
		--mount "type=bind,src=$HOSTDIR,dst=/data,options=rbind:ro" "$ENGINES_IMAGE" ro1 sh -c \
		'pwd; cat in; touch /x 2>&1; touch /data/y 2>&1; true'
	assert_success
	assert_line --index 0 "/data"
	assert_line --index 1 "from-host"
	assert_line --index 2 --partial "Read-only file system"
	assert_line --index 3 --partial "Read-only file system"
	[ ! -e "$HOSTDIR/y" ]
}

@test "ctr task kill: a signal reaches the init process" {
	run cr_run -d --mount "type=bind,src=$HOSTDIR,dst=/out,options=rbind:rw" "$ENGINES_IMAGE" k1 \
		sh -c 'trap "echo got-usr1 >/out/sig; exit 12" USR1; echo ready >/out/ready; while :; do sleep 0.1; done'
	assert_success
	wait_for 50 test -e "$HOSTDIR/ready"
	run cr task kill -s SIGUSR1 k1
	assert_success
	wait_for 50 sh -c "[ \"\$(ctr --address $ENGINES_TMP/containerd.sock -n $CTRD_NS task ls | awk '\$1 == \"k1\" { print \$3 }')\" = STOPPED ]"
	[ "$(cat "$HOSTDIR/sig")" = got-usr1 ]
	# the task has stopped: killing it again is "not found", which the shim
	# derives from the runtime's "container not running"
	run cr task kill -s SIGKILL k1
	assert_failure
	assert_output --partial "not found"
	run cr task delete k1
	assert_output --partial "exit code 12"
}

# pids_in_pidns PID: every host pid in PID's pid namespace.
pids_in_pidns() {
	local ns p
	ns=$(readlink "/proc/$1/ns/pid")
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"
	done
	return 0
}

@test "ctr task kill --all: every process of the container dies" {
	run cr_run -d "$ENGINES_IMAGE" ka1 sh -c 'sleep 2001 & sleep 2002 & wait'
	assert_success
	local init pids
	init=$(task_pid ka1)
	wait_for 50 sh -c "[ \$(ls /proc/$init/task/$init/children >/dev/null && wc -w </proc/$init/task/$init/children) -eq 2 ]"
	pids=$(pids_in_pidns "$init")
	[ "$(echo "$pids" | wc -l)" -eq 3 ]
	run cr task kill --all -s SIGKILL ka1
	assert_success
	wait_for 50 sh -c "[ \"\$(ctr --address $ENGINES_TMP/containerd.sock -n $CTRD_NS task ls | awk '\$1 == \"ka1\" { print \$3 }')\" = STOPPED ]"
	local p
	for p in $pids; do
		wait_for 25 test ! -e "/proc/$p"
	done
}

@test "ctr task ps: the container's host pids (runtime ps --format json)" {
	run cr_run -d "$ENGINES_IMAGE" ps1 sh -c 'sleep 1001 & wait'
	assert_success
	wait_for 50 sh -c "[ \$(ctr --address $ENGINES_TMP/containerd.sock -n $CTRD_NS task ps ps1 | wc -l) -eq 3 ]"
	run cr task ps ps1
	assert_success
	local init p cmds=""
	init=$(task_pid ps1)
	assert_line --regexp "^$init[[:space:]]"
	for p in $(echo "$output" | awk 'NR > 1 { print $1 }'); do
		cmds+="$(tr '\0' ' ' <"/proc/$p/cmdline")|"
	done
	[[ $cmds == *"sh -c sleep 1001 & wait |"* ]]
	[[ $cmds == *"sleep 1001 |"* ]]
}

@test "ctr task pause, resume" {
	run cr_run -d "$ENGINES_IMAGE" p1 sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/tick; sleep 0.05; done'
	assert_success
	local pid t1 t2
	pid=$(task_pid p1)
	run cr task pause p1
	assert_success
	[ "$(task_status p1)" = PAUSED ]
	local dir
	dir=$(cgroup_dir "$pid" freezer)
	if [ -f "$dir/freezer.state" ]; then
		[ "$(cat "$dir/freezer.state")" = FROZEN ]
	else
		grep -qx 'frozen 1' "$dir/cgroup.events"
	fi
	t1=$(cat "/proc/$pid/root/tmp/tick")
	sleep 0.3
	t2=$(cat "/proc/$pid/root/tmp/tick")
	[ "$t1" = "$t2" ]
	run cr task resume p1
	assert_success
	[ "$(task_status p1)" = RUNNING ]
	run cr_exec --exec-id r1 p1 sh -c 'a=$(cat /tmp/tick); sleep 0.3; b=$(cat /tmp/tick); [ "$a" != "$b" ] && echo ticking'
	assert_success
	assert_output "ticking"
}

@test "ctr task delete: the runtime's state goes, --force for a running task" {
	run cr_run -d "$ENGINES_IMAGE" del1 sleep 1000
	assert_success
	local pid
	pid=$(task_pid del1)
	[ -d "$ENGINES_TMP/runc-root/$CTRD_NS/del1" ]
	# a running task is not deleted without --force
	run cr task delete del1
	assert_failure
	[ "$(task_status del1)" = RUNNING ]
	run cr task delete --force del1
	assert_success
	wait_for 25 test ! -e "/proc/$pid"
	[ ! -e "$ENGINES_TMP/runc-root/$CTRD_NS/del1" ]
	run cr container delete del1
	assert_success
	# the rootfs the shim mounted for the task is gone too
	! grep -q "/$CTRD_NS/del1/rootfs " /proc/self/mountinfo
}

@test "ctr task delete: the shim accepts the runtime's \"does not exist\"" {
	run cr_run -d "$ENGINES_IMAGE" gone1 sleep 1000
	assert_success
	run cr task kill -s SIGKILL gone1
	assert_success
	wait_for 50 sh -c "[ \"\$(ctr --address $ENGINES_TMP/containerd.sock -n $CTRD_NS task ls | awk '\$1 == \"gone1\" { print \$3 }')\" = STOPPED ]"
	# delete the container behind the shim's back: the shim's own delete
	# then gets "does not exist" from the runtime and must take it as done
	run "$ENGINE_RUNTIME" --root "$ENGINES_TMP/runc-root/$CTRD_NS" delete gone1
	assert_success
	run cr task delete gone1
	assert_success
}

@test "ctr: a failed exec reports the runtime's error from log.json" {
	run cr_run -d "$ENGINES_IMAGE" err1 sleep 1000
	assert_success
	run cr_exec --exec-id bad1 err1 /no/such/program
	assert_failure
	assert_output --partial "/no/such/program"
	# the shim read it from the JSON log the runtime wrote (--log-format json)
	local log=$ENGINES_TMP/state/io.containerd.runtime.v2.task/$CTRD_NS/err1/log.json
	[ -s "$log" ]
	run jq -r 'select(.level == "error") | .msg' "$log"
	assert_success
	assert_output --partial "/no/such/program"
	# the container runs on
	run cr_exec --exec-id ok1 err1 true
	assert_success
}

@test "ctr run --memory-limit and --cpus: the container's cgroup limits" {
	# ctr's spec mounts no /sys/fs/cgroup: read the kernel's view
	run cr_run -d --memory-limit 67108864 --cpus 0.5 "$ENGINES_IMAGE" lim1 sleep 1000
	assert_success
	local pid mem cpu
	pid=$(task_pid lim1)
	mem=$(cgroup_dir "$pid" memory)
	cpu=$(cgroup_dir "$pid" cpu)
	if [ -f "$mem/memory.limit_in_bytes" ]; then
		[ "$(cat "$mem/memory.limit_in_bytes")" = 67108864 ]
		[ "$(cat "$cpu/cpu.cfs_quota_us") $(cat "$cpu/cpu.cfs_period_us")" = "50000 100000" ]
	else
		[ "$(cat "$mem/memory.max")" = 67108864 ]
		[ "$(cat "$cpu/cpu.max")" = "50000 100000" ]
	fi
	# and the limit holds: a process that touches 100 MiB is OOM-killed
	run cr_exec --exec-id fill lim1 sh -c 'dd if=/dev/zero of=/dev/null bs=100M count=1 2>/dev/null && echo copied'
	refute_output --partial copied
	# while 32 MiB is fine
	run cr_exec --exec-id fill2 lim1 sh -c 'dd if=/dev/zero of=/dev/null bs=32M count=1 2>/dev/null && echo copied'
	assert_output copied
}

@test "ctr run: the cgroup is /NAMESPACE/ID, removed with the task" {
	run cr_run -d "$ENGINES_IMAGE" cg1 sleep 1000
	assert_success
	local pid dir
	pid=$(task_pid cg1)
	run cat "/proc/$pid/cgroup"
	assert_line --regexp "^[0-9]+:[^:]*:/$CTRD_NS/cg1\$"
	dir=$(cgroup_dir "$pid" memory)
	[ -d "$dir" ]
	run cr task delete --force cg1
	assert_success
	wait_for 25 test ! -d "$dir"
}

@test "ctr run: a missing program fails with the runtime's error naming it" {
	run cr_run --rm "$ENGINES_IMAGE" miss1 /no/such/program
	assert_failure
	assert_output --partial "/no/such/program"
	run cr container ls -q
	refute_output --partial miss1
}
