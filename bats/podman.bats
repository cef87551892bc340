#!/usr/bin/env bats
# podman.bats: podman (with conmon) drives the runtime under test
# (ENGINE_RUNTIME, default ./berth; ENGINE_RUNTIME=/usr/sbin/runc for the
# reference run).  Each scenario is checked from inside the container.
# podman runs on its own storage, tmp dir, locks, network config and cgroup
# parent under a temp dir (CONTAINERS_CONF / CONTAINERS_STORAGE_CONF), with
# no network (no bridge, no iptables), and never sees the host's podman state.

load engines-helpers
bats_require_minimum_version 1.5.0

# podman_write_config DIR: containers.conf = contrib/podman/containers.conf
# (berth registered by name, pointed at ENGINE_RUNTIME) plus what this host
# needs: no CAP_SYS_RESOURCE (default rlimits under the hard limits), no
# systemd (cgroupfs, file events), and every podman path under DIR.
podman_write_config() {
	local dir=$1
	sed -e "s#^berth = \[.*\]#berth = [\"$ENGINE_RUNTIME\"]#" \
		-e "s#^\[engine\]\$#[engine]\\
cgroup_manager = \"cgroupfs\"\\
events_logger = \"file\"\\
events_logfile_path = \"$dir/events.log\"\\
lock_type = \"file\"\\
tmp_dir = \"$dir/tmp\"\\
volume_path = \"$dir/volumes\"#" \
		"$ENGINES_REPO/contrib/podman/containers.conf" >"$dir/containers.conf"
	cat >>"$dir/containers.conf" <<-EOF

		[containers]
		default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
		netns = "none"

		[network]
		network_backend = "cni"
		network_config_dir = "$dir/net"
	EOF
	cat >"$dir/storage.conf" <<-EOF
		[storage]
		driver = "vfs"
		graphroot = "$dir/root"
		runroot = "$dir/runroot"
	EOF
}

setup_file() {
	engines_require_tools podman conmon
	ENGINES_TMP=$(mktemp -d /tmp/berth-test.podman.XXXXXX)
	export ENGINES_TMP
	# the cgroup parent of every container (and of conmon): ours alone
	export PODMAN_CGROUP=berth-podman-$$
	# containers/image keeps a blob cache there whatever the storage root
	remember_absent /var/lib/containers /var/lib/containers/cache \
		/var/lib/containers/cache/blob-info-cache-v1.boltdb
	# podman gives the runtime no --root: berth's default root (and its
	# seccomp compile cache) appear on the host if they were not there.
	remember_absent /run/berth /run/berth/seccomp-cache
	podman_write_config "$ENGINES_TMP"
	export CONTAINERS_CONF=$ENGINES_TMP/containers.conf
	export CONTAINERS_STORAGE_CONF=$ENGINES_TMP/storage.conf
	build_busybox_image "$ENGINES_TMP/busybox.tar"
	podman load -q -i "$ENGINES_TMP/busybox.tar" >/dev/null
}

teardown_file() {
	if [ -n "${ENGINES_TMP:-}" ] && [ -d "$ENGINES_TMP" ]; then
		podman rm -a -f -t 0 >/dev/null 2>&1
		podman rmi -a -f >/dev/null 2>&1
		umount_under "$ENGINES_TMP"
	fi
	cgroup_tree_remove "${PODMAN_CGROUP:-}"
	if grep -qx /run/berth/seccomp-cache "${ENGINES_TMP:-/nonexistent}/created-paths" 2>/dev/null; then
		rm -rf /run/berth/seccomp-cache
	fi
	forget_created
	[ -n "${ENGINES_TMP:-}" ] && rm -rf "$ENGINES_TMP"
}

setup() {
	load_engine_libs
	HOSTDIR=$(mktemp -d "$ENGINES_TMP/host.XXXXXX")
}

teardown() {
	podman rm -a -f -t 0 >/dev/null 2>&1
	rm -rf "$HOSTDIR"
}

# pm ARGS: podman with the runtime under test, by path (podman names it by
# its base name: "berth" or "runc", both in runtime_supports_json).
pm() {
	podman --runtime "$ENGINE_RUNTIME" "$@"
}

# pm_run ARGS: `podman run` never pulling, without network, in our cgroup.
pm_run() {
	pm run --pull=never --network=none --cgroup-parent="/$PODMAN_CGROUP" "$@"
}

# read_limit V1FILE V2FILE: a cgroup limit as the container sees it.
CG_READ='f=/sys/fs/cgroup/$2; [ -f "$f" ] || f=/sys/fs/cgroup/$1; cat "$f"'

@test "contrib/oci-image: a reproducible archive podman loads with its name and config" {
	build_busybox_image "$HOSTDIR/again.tar"
	cmp "$ENGINES_TMP/busybox.tar" "$HOSTDIR/again.tar"
	run podman image inspect --format '{{.Os}}/{{.Architecture}} {{.Config.Cmd}} {{index .RepoTags 0}}' "$ENGINES_IMAGE"
	assert_success
	assert_output "linux/$(podman info --format '{{.Host.Arch}}') [sh] $ENGINES_IMAGE"
}

@test "podman run --rm: output, exit 0, the runtime used, container removed" {
	run pm_run --rm --name rm1 "$ENGINES_IMAGE" sh -c 'echo hello from $(cat /proc/1/comm); ulimit -n; ulimit -u'
	assert_success
	assert_line --index 0 "hello from sh"
	# containers.conf default_ulimits reach the container
	assert_line --index 1 "20000"
	assert_line --index 2 "32768"
	run podman ps -a --format '{{.Names}}'
	assert_success
	refute_output --partial rm1
}

@test "podman runs the runtime given by path and by its containers.conf name" {
	run pm_run -d --name path1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	run podman inspect --format '{{.OCIRuntime}}' path1
	assert_output "$ENGINE_RUNTIME"
	# contrib/podman/containers.conf registers "berth" in [engine.runtimes]
	run podman --runtime berth info --format '{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}'
	assert_success
	assert_output "berth $ENGINE_RUNTIME"
	run podman --runtime berth run --rm --pull=never --cgroup-parent="/$PODMAN_CGROUP" \
		"$ENGINES_IMAGE" cat /proc/self/comm
	assert_success
	assert_output "cat"
}

@test "podman run -d, ps, stop, rm" {
	run pm_run -d --name d1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	run pm ps --format '{{.Names}} {{.Status}}'
	assert_output --regexp '^d1 Up'
	local pid
	pid=$(podman inspect --format '{{.State.Pid}}' d1)
	[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "sleep 1000 " ]
	# pid 1 ignores SIGTERM: stop -t 1 ends with SIGKILL (exit 137)
	run pm stop -t 1 d1
	assert_success
	run podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' d1
	assert_output "exited 137"
	[ ! -e "/proc/$pid" ]
	run pm rm d1
	assert_success
	run podman ps -a --format '{{.Names}}'
	refute_output --partial d1
}

@test "podman exec: joins the container, env, workdir, exit code" {
	run pm_run -d --name x1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	# same pid namespace: pid 1 is the sleep
	run pm exec x1 sh -c 'tr "\0" " " </proc/1/cmdline'
	assert_success
	assert_output "sleep 1000 "
	run pm exec -e EXECVAR=x1 -w /tmp x1 sh -c 'echo $EXECVAR $(pwd) $(cat /proc/$$/comm)'
	assert_output "x1 /tmp sh"
	run pm exec --user 1000:1001 x1 sh -c 'echo $(id -u) $(id -g)'
	assert_output "1000 1001"
	run pm exec x1 sh -c 'exit 7'
	assert_failure 7
	run podman inspect --format '{{.State.Status}}' x1
	assert_output "running"
}

@test "podman stop: SIGTERM reaches a container that handles it" {
	run pm_run -d --name t1 "$ENGINES_IMAGE" sh -c 'trap "exit 42" TERM; while :; do sleep 0.1; done'
	assert_success
	run pm stop -t 20 t1
	assert_success
	run podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' t1
	assert_output "exited 42"
}

@test "podman run -t: the container gets a terminal from the console socket" {
	run pm_run --rm -t "$ENGINES_IMAGE" sh -c 'tty; [ -t 0 ] && [ -t 1 ] && echo both-tty'
	assert_success
	assert_line --index 0 --regexp '^/dev/pts/[0-9]+'$'\r''?$'
	assert_line --index 1 --regexp '^both-tty'$'\r''?$'
}

@test "podman exec -t: an exec process gets its own terminal" {
	run pm_run -d --name et1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	run pm exec -t et1 sh -c 'tty; [ -t 1 ] && echo is-tty'
	assert_success
	assert_line --index 0 --regexp '^/dev/pts/[0-9]+'$'\r''?$'
	assert_line --index 1 --regexp '^is-tty'$'\r''?$'
}

@test "podman run --memory: the container's memory cgroup limit" {
	run pm_run --rm --memory 64m "$ENGINES_IMAGE" sh -c "$CG_READ" - \
		memory/memory.limit_in_bytes memory.max
	assert_success
	assert_output "67108864"
}

@test "podman run --pids-limit: the limit, and forks beyond it fail" {
	run pm_run --rm --pids-limit 20 "$ENGINES_IMAGE" sh -c "$CG_READ" - pids/pids.max pids.max
	assert_success
	assert_output "20"
	# 40 background sleeps in a 20-pid container: the kernel refuses some
	run pm_run -d --name pl1 --pids-limit 20 "$ENGINES_IMAGE" sh -c \
		'(i=0; while [ $i -lt 40 ]; do sleep 1000 & i=$((i+1)); done) 2>/dev/null; sleep 1000'
	assert_success
	local pid path
	pid=$(podman inspect --format '{{.State.Pid}}' pl1)
	path=$(awk -F: '$2 == "pids" { print "/sys/fs/cgroup/pids" $3 }' "/proc/$pid/cgroup")
	[ -n "$path" ] || path=/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
	wait_for 25 grep -q '^max [1-9]' "$path/pids.events"
	[ "$(cat "$path/pids.current")" -le 20 ]
}

@test "podman run --user: uid, gid and the image's /etc/passwd" {
	run pm_run --rm --user 1000:1001 "$ENGINES_IMAGE" sh -c 'id -u; id -g; grep -E "^(Uid|Gid)" /proc/self/status'
	assert_success
	assert_line --index 0 "1000"
	assert_line --index 1 "1001"
	assert_line --index 2 --regexp '^Uid:[[:space:]]+1000[[:space:]]+1000[[:space:]]+1000[[:space:]]+1000$'
	assert_line --index 3 --regexp '^Gid:[[:space:]]+1001[[:space:]]+1001[[:space:]]+1001[[:space:]]+1001$'
	run pm_run --rm --user nobody "$ENGINES_IMAGE" id
	assert_success
	assert_output --partial "uid=65534(nobody) gid=65534(nogroup)"
}

@test "podman run --read-only: the root is read-only, the tmpfs dirs are not" {
	run pm_run --rm --read-only "$ENGINES_IMAGE" sh -c \
		'awk "\$2 == \"/\" { print \$4 }" /proc/mounts | cut -d, -f1; touch /rootfile 2>&1; touch /tmp/ok && echo tmp-writable'
	assert_success
	assert_line --index 0 "ro"
	assert_line --index 1 --partial "Read-only file system"
	assert_line --index 2 "tmp-writable"
}

@test "podman run -v: bind mounts, read-write and read-only" {
	echo from-host >"$HOSTDIR/in"
	run pm_run --rm -v "$HOSTDIR:/data" -v "$HOSTDIR:/rodata:ro" "$ENGINES_IMAGE" sh -c \
		'cat /data/in; echo from-container >/data/out; touch /rodata/x 2>&1; grep " /rodata " /proc/mounts | cut -d" " -f4 | cut -d, -f1'
	assert_success
	assert_line --index 0 "from-host"
	assert_line --index 1 --partial "Read-only file system"
	assert_line --index 2 "ro"
	[ "$(cat "$HOSTDIR/out")" = from-container ]
	[ ! -e "$HOSTDIR/x" ]
}

@test "podman run --hostname and --env" {
	run pm_run --rm --hostname berth-box --env FOO=bar --env 'SPACED=a b' "$ENGINES_IMAGE" \
		sh -c 'hostname; cat /proc/sys/kernel/hostname; echo "$FOO|$SPACED|$PATH"'
	assert_success
	assert_line --index 0 "berth-box"
	assert_line --index 1 "berth-box"
	assert_line --index 2 "bar|a b|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

@test "podman run --cap-drop/--cap-add, no-new-privileges" {
	run pm_run --rm --cap-drop ALL --cap-add NET_ADMIN --security-opt no-new-privileges \
		"$ENGINES_IMAGE" grep -E '^(CapEff|CapBnd|NoNewPrivs):' /proc/self/status
	assert_success
	# CAP_NET_ADMIN is bit 12
	assert_line --regexp '^CapEff:[[:space:]]+0000000000001000$'
	assert_line --regexp '^CapBnd:[[:space:]]+0000000000001000$'
	assert_line --regexp '^NoNewPrivs:[[:space:]]+1$'
}

@test "podman run --ulimit, --tmpfs, --workdir, --sysctl" {
	# podman drops default_ulimits once --ulimit is given: keep nproc under
	# this host's hard limit too
	run pm_run --rm --ulimit nofile=100:200 --ulimit nproc=1000:2000 --tmpfs /scratch:size=1m --workdir /scratch \
		--sysctl net.ipv4.ip_forward=1 "$ENGINES_IMAGE" sh -c \
		'ulimit -Sn; ulimit -Hn; ulimit -Su; pwd; awk "\$2 == \"/scratch\" { print \$3 }" /proc/mounts; cat /proc/sys/net/ipv4/ip_forward'
	assert_success
	assert_line --index 0 "100"
	assert_line --index 1 "200"
	assert_line --index 2 "1000"
	assert_line --index 3 "/scratch"
	assert_line --index 4 "tmpfs"
	assert_line --index 5 "1"
}

@test "podman run -i: stdin reaches the container; podman logs" {
	run bash -c 'echo piped-in | podman --runtime "$1" run -i --rm --pull=never --network=none \
		--cgroup-parent="/$2" "$3" sh -c "read l; echo got \$l"' - "$ENGINE_RUNTIME" "$PODMAN_CGROUP" "$ENGINES_IMAGE"
	assert_success
	assert_output "got piped-in"
	run pm_run -d --name lg1 "$ENGINES_IMAGE" sh -c 'echo to-the-log; sleep 1000'
	assert_success
	wait_for 25 sh -c 'podman logs lg1 | grep -qx to-the-log'
}

@test "podman restart: the same container with a new init process" {
	run pm_run -d --name rs1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	local pid1 pid2
	pid1=$(podman inspect --format '{{.State.Pid}}' rs1)
	run pm restart -t 0 rs1
	assert_success
	pid2=$(podman inspect --format '{{.State.Pid}}' rs1)
	[ "$pid2" -gt 0 ] && [ "$pid2" != "$pid1" ]
	[ ! -e "/proc/$pid1" ]
	run podman inspect --format '{{.State.Status}}' rs1
	assert_output "running"
}

@test "podman run: the program's exit code; podman kill delivers the signal" {
	run pm_run --rm "$ENGINES_IMAGE" sh -c 'exit 42'
	assert_failure 42
	run pm_run -d --name k1 "$ENGINES_IMAGE" sh -c 'trap "exit 12" USR1; while :; do sleep 0.1; done'
	assert_success
	run pm kill -s USR1 k1
	assert_success
	run pm wait k1
	assert_output "12"
}

@test "podman run: exit 127 for a missing program, 126 for a non-executable one" {
	# podman maps these from the runtime's error text (logged in JSON)
	run -127 pm_run --rm "$ENGINES_IMAGE" /no/such/program
	assert_output --partial "/no/such/program"
	run -126 pm_run --rm "$ENGINES_IMAGE" /etc/passwd
	assert_output --partial "/etc/passwd"
	run -127 pm_run --rm "$ENGINES_IMAGE" no-such-program-in-path
}

@test "podman exec: exit 127 for a missing program, 126 for a non-executable one" {
	run pm_run -d --name ex1 "$ENGINES_IMAGE" sleep 1000
	assert_success
	run -127 pm exec ex1 /no/such/program
	run -126 pm exec ex1 /etc/passwd
	# the container is still fine
	run pm exec ex1 true
	assert_success
}

# freezer_state PID: FROZEN/THAWED of PID's cgroup, as the kernel shows it.
freezer_state() {
	local pid=$1 path
	path=$(awk -F: '$2 == "freezer" { print $3 }' "/proc/$pid/cgroup")
	if [ -n "$path" ] && [ -f "/sys/fs/cgroup/freezer$path/freezer.state" ]; then
		cat "/sys/fs/cgroup/freezer$path/freezer.state"
		return
	fi
	path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
	grep -q '^frozen 1' "/sys/fs/cgroup$path/cgroup.events" && echo FROZEN || echo THAWED
}

@test "podman pause, unpause" {
	run pm_run -d --name p1 "$ENGINES_IMAGE" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/tmp/tick; sleep 0.05; done'
	assert_success
	local pid
	pid=$(podman inspect --format '{{.State.Pid}}' p1)
	run pm pause p1
	assert_success
	run podman inspect --format '{{.State.Status}}' p1
	assert_output "paused"
	run freezer_state "$pid"
	assert_output "FROZEN"
	# a frozen container does not run: its counter stands still
	local t1 t2
	t1=$(cat "/proc/$pid/root/tmp/tick")
	sleep 0.3
	t2=$(cat "/proc/$pid/root/tmp/tick")
	[ "$t1" = "$t2" ]
	run pm unpause p1
	assert_success
	run freezer_state "$pid"
	assert_output "THAWED"
	run pm exec p1 sh -c 'a=$(cat /tmp/tick); sleep 0.3; b=$(cat /tmp/tick); [ "$a" != "$b" ] && echo ticking'
	assert_success
	assert_output "ticking"
}

@test "podman top and ps list the container's processes" {
	run pm_run -d --name top1 "$ENGINES_IMAGE" sh -c 'sleep 1001 & sleep 1002; wait'
	assert_success
	wait_for 25 sh -c "podman top top1 args | grep -q 'sleep 1001'"
	run pm top top1 pid args
	assert_success
	assert_line --regexp '^1 +sh -c sleep 1001 & sleep 1002; wait'
	assert_line --regexp '^[0-9]+ +sleep 1001'
	assert_line --regexp '^[0-9]+ +sleep 1002'
	run pm ps --no-trunc --format "{{.Names}} {{.Command}}" --filter name=top1
	assert_success
	assert_output --partial "top1 sh -c sleep 1001 & sleep 1002; wait"
}
