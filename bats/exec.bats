#!/usr/bin/env bats
# exec.bats: `berth exec` joins every namespace and the cgroups of the
# container, applies its confinement, and honours each flag; asserted on
# what the exec'd process sees.

load helpers

setup() {
	setup_common
	setup_bundle
	update_config '.process.args = ["sh", "-c", "echo init > /tmp/mark; sleep 1000"]'
}

teardown() {
	teardown_common
}

start_box() { # start_box ID: a running container that sleeps
	berth run -d -b "$BUNDLE" "$1"
	local pid i
	pid=$(berth state "$1" | jq .pid)
	for i in $(seq 50); do [ -e "/proc/$pid/root/tmp/mark" ] && return 0; sleep 0.1; done
	return 1
}

@test "exec: every namespace and the cgroups of the init" {
	start_box e1
	local pid ns
	pid=$(berth state e1 | jq .pid)
	run berth exec e1 sh -c 'cat /tmp/mark; hostname; for n in pid net ipc uts mnt cgroup user; do readlink /proc/self/ns/$n; done; tr "\0" " " </proc/1/cmdline; echo; cmp /proc/1/cgroup /proc/self/cgroup && echo same-cgroups'
	assert_success
	assert_line --index 0 init
	assert_line --index 1 berth
	for ns in pid net ipc uts mnt cgroup user; do
		assert_line "$(readlink /proc/$pid/ns/$ns)"
	done
	assert_line "sleep 1000 " # pid 1 is the init (sh exec'd its last command)
	assert_line same-cgroups
}

@test "exec: exit codes, and a missing program or empty args fail as runc" {
	start_box e2
	run berth exec e2 sh -c 'exit 7'
	assert_equal "$status" 7
	run berth exec e2 sh -c 'kill -9 $$'
	assert_equal "$status" 137
	run berth exec e2 /no/such/program
	assert_equal "$status" 255
	assert_output --partial "no/such/program"
	run berth exec e2
	assert_failure
}

@test "exec: --env --cwd --user --additional-gids" {
	update_config '.process.env += ["FROM_CONFIG=1"]'
	start_box e3
	run berth exec --env A=b -e C=d --cwd /tmp --user 1000:1001 --additional-gids 5 -g 6 e3 \
		sh -c 'echo $A $C $FROM_CONFIG; pwd; id -u; id -g; grep ^Groups: /proc/self/status'
	assert_success
	assert_line --index 0 "b d 1"
	assert_line --index 1 /tmp
	assert_line --index 2 1000
	assert_line --index 3 1001
	assert_line --regexp '^Groups:\s+5 6\s*$'
}

@test "exec: the container's capabilities, --cap adds, --no-new-privs" {
	update_config '.process.noNewPrivileges = false'
	start_box e4
	run berth exec e4 grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status
	assert_success
	# default config: AUDIT_WRITE KILL NET_BIND_SERVICE
	assert_line --regexp '^CapBnd:\s+0000000020000420$'
	assert_line --regexp '^NoNewPrivs:\s+0$'
	run berth exec --cap CAP_SYS_ADMIN --no-new-privs e4 grep -E '^(CapBnd|CapEff|NoNewPrivs)' /proc/self/status
	assert_success
	assert_line --regexp '^CapBnd:\s+0000000020200420$'
	assert_line --regexp '^CapEff:\s+0000000020200420$'
	assert_line --regexp '^NoNewPrivs:\s+1$'
}

@test "exec: the container's seccomp filter and rlimits apply" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}
		| .process.rlimits = [{"type": "RLIMIT_NOFILE", "hard": 512, "soft": 256}]'
	start_box e5
	run berth exec e5 sh -c 'grep ^Seccomp: /proc/self/status; ulimit -n; mkdir /tmp/x'
	assert_failure
	assert_line --regexp '^Seccomp:\s+2$'
	assert_line 256
	assert_output --partial "Invalid cross-device link"
}

@test "exec: --process with a caller's process.json (podman fixture, no tty)" {
	start_box e6
	local fixture=$FIXTURES_DIR/podman-exec-process.json
	[ -f "$fixture" ] || fixture=$BATS_TEST_DIRNAME/../../../shared/fixtures/podman-exec-process.json
	jq '.terminal = false | .args = ["sh", "-c", "echo $container; id -u; grep ^CapBnd /proc/self/status"]' \
		"$fixture" >"$TEST_TMP/process.json"
	run berth exec --process "$TEST_TMP/process.json" e6
	assert_success
	assert_line --index 0 podman
	assert_line --index 1 0
	assert_line --regexp '^CapBnd:\s+00000000a80425fb$'
}

@test "exec: --detach --pid-file: the process runs in the container's pid namespace" {
	start_box e7
	# (stdio away from bats' capture pipe, which a detached process keeps open)
	berth exec --detach --pid-file "$TEST_TMP/exec.pid" e7 sleep 77 </dev/null >/dev/null 2>&1
	local pid init
	pid=$(cat "$TEST_TMP/exec.pid")
	init=$(berth state e7 | jq .pid)
	[ -d "/proc/$pid" ]
	assert_equal "$(readlink /proc/$pid/ns/pid)" "$(readlink /proc/$init/ns/pid)"
	assert_equal "$(tr '\0' ' ' </proc/$pid/cmdline)" "sleep 77 "
	# the same cgroups as the init, seen from the host
	assert_equal "$(cat /proc/$pid/cgroup)" "$(cat /proc/$init/cgroup)"
}

@test "exec: --preserve-fds passes fd 3, nothing else leaks (CVE-2024-21626)" {
	start_box e8
	echo preserved >"$TEST_TMP/fd3"
	# (bats owns fd 3: give berth its fd 3 and a stray fd 8 in a subshell)
	run bash -c 'exec 3<"$1" 8</etc/hostname; shift; exec "$@"' _ "$TEST_TMP/fd3" \
		"$BERTH" --root "$BERTH_ROOT" exec --preserve-fds 1 e8 \
		sh -c 'cat <&3; ls /proc/self/fd | tr "\n" " "; echo; readlink /proc/self/cwd'
	assert_success
	assert_line --index 0 preserved
	# 0-2, the preserved 3, and ls's own directory fd (4)
	assert_line --index 1 "0 1 2 3 4 "
	assert_line --index 2 /
}

@test "exec: --tty sends the pty master to --console-socket" {
	start_box e9
	local sock=$TEST_TMP/console.sock
	python3 - "$sock" >"$TEST_TMP/tty.out" 2>&1 <<-'EOF' &
		import os, socket, sys
		s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
		s.bind(sys.argv[1]); s.listen(1)
		c, _ = s.accept()
		msg, fds, flags, addr = socket.recv_fds(c, 1024, 1)
		out = b""
		while True:
		    try:
		        d = os.read(fds[0], 4096)
		    except OSError:
		        break
		    if not d:
		        break
		    out += d
		print(out.decode(errors="replace"))
	EOF
	local py=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	run berth exec --tty --console-socket "$sock" e9 sh -c 'tty; test -t 0 && echo is-a-tty'
	assert_success
	wait "$py"
	run cat "$TEST_TMP/tty.out"
	assert_output --partial /dev/pts/
	assert_output --partial is-a-tty
}

@test "exec: a stopped or missing container fails clearly (containerd wording)" {
	update_config '.process.args = ["true"]'
	berth create -b "$BUNDLE" e10
	berth start e10
	for _ in $(seq 50); do [ "$(berth state e10 | jq -r .status)" = stopped ] && break; sleep 0.1; done
	run berth exec e10 true
	assert_equal "$status" 255
	assert_output --partial "container not running"
	run berth exec nosuchcontainer true
	assert_failure
	assert_output --partial "does not exist"
}

@test "exec: a paused container needs --ignore-paused" {
	start_box e11
	berth pause e11 || skip "pause is not available"
	run berth exec e11 true
	assert_failure
	assert_output --partial "cannot exec in a paused container"
	# --ignore-paused: the process joins the frozen cgroups and runs on resume
	berth exec --ignore-paused e11 sh -c 'echo late > /tmp/late' &
	local exec_pid=$! i
	sleep 0.5
	[ ! -e "/proc/$(berth state e11 | jq .pid)/root/tmp/late" ]
	berth resume e11
	wait "$exec_pid"
	run cat "/proc/$(berth state e11 | jq .pid)/root/tmp/late"
	assert_output late
}

@test "exec: the host sees the exec'd process in every cgroup of the init (v1 and unified)" {
	start_box e13
	local pid
	pid=$(berth state e13 | jq .pid)
	berth exec -d --pid-file "$TEST_TMP/exec.pid" e13 sleep 100
	assert_equal "$(cat /proc/$(cat "$TEST_TMP/exec.pid")/cgroup)" "$(cat /proc/$pid/cgroup)"
	# not the caller's cgroups: every line names the container's cgroup
	run grep -vc "/berth/e13\$" "/proc/$(cat "$TEST_TMP/exec.pid")/cgroup"
	assert_output 0
}

@test "exec: uses the config the container was created with, not the bundle's current one" {
	update_config '.process.env += ["ORIG=created"] | .process.capabilities.bounding = ["CAP_KILL"]
		| .process.capabilities.effective = ["CAP_KILL"] | .process.capabilities.permitted = ["CAP_KILL"]'
	start_box e14
	update_config '.process.env += ["ORIG=changed"] | .process.capabilities.bounding = ["CAP_SYS_ADMIN"]
		| .process.capabilities.effective = ["CAP_SYS_ADMIN"] | .process.capabilities.permitted = ["CAP_SYS_ADMIN"]'
	run berth exec e14 sh -c 'echo "ORIG=$ORIG"; grep ^CapBnd /proc/self/status'
	assert_success
	assert_line ORIG=created
	# CAP_KILL alone is bit 5
	assert_line --regexp '^CapBnd:\s+0000000000000020$'
}

@test "exec: --tty without --console-socket proxies the pty to berth's stdio" {
	start_box e12
	run berth exec -t e12 sh -c 'tty; test -t 0 && test -t 1 && echo is-a-tty; exit 3' </dev/null
	assert_equal "$status" 3
	assert_output --partial /dev/pts/
	assert_output --partial is-a-tty
	run berth exec -t -d e12 true
	assert_failure
	assert_output --partial "needs --console-socket"
}
