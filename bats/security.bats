#!/usr/bin/env bats
# security.bats: the confinement as the container sees it: capability sets,
# no_new_privs, seccomp (errno, kill, notify, the docker-like default
# profile), LSM label errors, and the hardening regressions (CVE-2019-5736,
# CVE-2024-21626).

load helpers
bats_require_minimum_version 1.5.0

setup() {
	setup_common
	setup_bundle
}

teardown() {
	[ -d "$TEST_TMP/hold" ] && touch "$TEST_TMP/hold/release"
	[ -n "$AGENT_PID" ] && kill -- "-$AGENT_PID" 2>/dev/null
	teardown_common
}

status_of() { # status_of FIELD: the value of FIELD in the captured /proc/self/status
	echo "$output" | awk -v f="$1:" '$1 == f { print $2 }'
}

@test "capabilities: every set exactly as configured" {
	update_config '.process.args = ["cat", "/proc/self/status"]
		| .process.capabilities = {
			"bounding": ["CAP_KILL", "CAP_NET_RAW", "CAP_CHOWN"],
			"effective": ["CAP_KILL", "CAP_CHOWN"],
			"permitted": ["CAP_KILL", "CAP_NET_RAW", "CAP_CHOWN"],
			"inheritable": ["CAP_KILL"],
			"ambient": ["CAP_KILL"] }'
	run berth run -b "$BUNDLE" caps
	assert_success
	# CHOWN=0 KILL=5 NET_RAW=13; execve as root: effective = permitted
	assert_equal "$(status_of CapBnd)" 0000000000002021
	assert_equal "$(status_of CapPrm)" 0000000000002021
	assert_equal "$(status_of CapEff)" 0000000000002021
	assert_equal "$(status_of CapInh)" 0000000000000020
	assert_equal "$(status_of CapAmb)" 0000000000000020
}

@test "capabilities: a non-root user keeps only its ambient set" {
	update_config '.process.args = ["cat", "/proc/self/status"] | .process.user = {"uid": 1000, "gid": 1000}
		| .process.capabilities = {"bounding": ["CAP_KILL", "CAP_NET_RAW"], "effective": ["CAP_KILL"],
			"permitted": ["CAP_KILL", "CAP_NET_RAW"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}'
	run berth run -b "$BUNDLE" caps-user
	assert_success
	assert_equal "$(status_of CapEff)" 0000000000000020
	assert_equal "$(status_of CapPrm)" 0000000000000020
	assert_equal "$(status_of CapAmb)" 0000000000000020
	assert_equal "$(status_of CapBnd)" 0000000000002020
}

@test "capabilities: absent means none, an unknown name is named in a clear error" {
	update_config '.process.args = ["cat", "/proc/self/status"] | del(.process.capabilities)'
	run berth run -b "$BUNDLE" nocaps
	assert_success
	assert_equal "$(status_of CapBnd)" 0000000000000000
	assert_equal "$(status_of CapEff)" 0000000000000000

	# runc only warns; berth's parser refuses the name (see README): either
	# way the name must be in the message.
	update_config '.process.capabilities = {"bounding": ["CAP_KILL", "CAP_BERTH_NOPE"]}'
	run berth run -b "$BUNDLE" unknowncap
	assert_failure
	assert_output --partial 'unknown capability "CAP_BERTH_NOPE"'
	run berth list -q
	refute_output --partial unknowncap
}

@test "noNewPrivileges: NoNewPrivs follows the config" {
	update_config '.process.args = ["cat", "/proc/self/status"] | .process.noNewPrivileges = true'
	run berth run -b "$BUNDLE" nnp1
	assert_success
	assert_equal "$(status_of NoNewPrivs)" 1
	update_config '.process.noNewPrivileges = false'
	run berth run -b "$BUNDLE" nnp0
	assert_success
	assert_equal "$(status_of NoNewPrivs)" 0
}

@test "seccomp: a denied syscall returns the configured errno, unknown names are skipped" {
	update_config '.process.args = ["sh", "-c", "grep ^Seccomp: /proc/self/status; mkdir /tmp/x"]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
			"syscalls": [{"names": ["mkdir", "mkdirat", "berth_no_such_syscall"],
				"action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}'
	run berth run -b "$BUNDLE" sc-errno
	assert_failure
	assert_output --partial "Seccomp:	2"
	assert_output --partial "Invalid cross-device link" # EXDEV = 18
}

@test "seccomp: defaultErrnoRet, argument comparison, SCMP_ACT_KILL_PROCESS" {
	# personality(0xffffffff) only queries; anything else is refused with 1.
	update_config '.process.args = ["sh", "-c", "mkdir /tmp/ok && echo made"]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
			"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1,
				"args": [{"index": 1, "value": 511, "op": "SCMP_CMP_NE"}]}]}'
	# busybox mkdir asks for mode 0777 (511): NE does not match, the call runs.
	run berth run -b "$BUNDLE" sc-args
	assert_success
	assert_output --partial made

	update_config '.process.args = ["mkdir", "/tmp/x"]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
			"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}]}'
	run berth run -b "$BUNDLE" sc-kill
	assert_equal "$status" 159 # 128 + SIGSYS
}

@test "seccomp: the docker-like default profile runs common programs and denies the rest" {
	jq --slurpfile p "$BATS_TEST_DIRNAME/../contrib/seccomp/docker-default.json" \
		'.linux.seccomp = $p[0]' "$BUNDLE/config.json" >"$BUNDLE/c.json" && mv "$BUNDLE/c.json" "$BUNDLE/config.json"
	update_config '.process.args = ["sh", "-c",
		"ls / >/dev/null && echo hi | cat && ps >/dev/null && date >/dev/null &&
		 echo ok > /tmp/index.html && (httpd -f -p 127.0.0.1:8080 -h /tmp & sleep 0.3;
		 wget -O - http://127.0.0.1:8080/index.html 2>/dev/null; kill %1);
		 unshare -n true 2>&1 | grep -q \"permission denied\\|not permitted\" && echo unshare-denied"]'
	run berth run -b "$BUNDLE" sc-docker
	assert_success
	assert_line hi
	assert_line ok
	assert_line unshare-denied
}

@test "seccomp: SCMP_ACT_NOTIFY hands the listener to listenerPath with the state" {
	local agent=$BATS_TEST_DIRNAME/../tests/seccomp-agent
	[ -x "$agent" ] || skip "tests/seccomp-agent not built"
	setsid "$agent" "$TEST_TMP/agent.sock" "$TEST_TMP/state.json" 123 &
	AGENT_PID=$!
	for _ in $(seq 50); do [ -S "$TEST_TMP/agent.sock" ] && break; sleep 0.1; done
	update_config '.process.args = ["mkdir", "/tmp/x"] | .annotations = {"io.berth.test": "notify"}
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
			"listenerPath": "'"$TEST_TMP/agent.sock"'", "listenerMetadata": "berth-meta",
			"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}'
	run berth run -b "$BUNDLE" sc-notify
	assert_failure
	assert_output --partial "No medium found" # the agent answered ENOMEDIUM (123)
	wait "$AGENT_PID"
	AGENT_PID=
	run jq -r '.fds[0], .metadata, .state.id, .state.annotations["io.berth.test"], (.pid > 0)' "$TEST_TMP/state.json"
	assert_output "seccompFd
berth-meta
sc-notify
notify
true"
}

@test "LSM: a label without its LSM is a clear error, nothing is left behind" {
	update_config '.process.apparmorProfile = "berth-test"'
	run berth run -b "$BUNDLE" lsm1
	assert_failure
	assert_output --partial "AppArmor is not enabled"
	update_config 'del(.process.apparmorProfile) | .process.selinuxLabel = "system_u:system_r:container_t:s0"'
	run berth run -b "$BUNDLE" lsm2
	assert_failure
	assert_output --partial "SELinux is disabled or not supported"
	run berth list -q
	refute_output --partial lsm
}

@test "CVE-2024-21626: no host fd and no host cwd inside the container" {
	update_config '.process.args = ["sh", "-c", "ls /proc/self/fd; readlink /proc/self/cwd"] | .process.cwd = "/tmp"'
	exec 7</etc/hostname
	run berth run -b "$BUNDLE" fds
	exec 7<&-
	assert_success
	# ls itself holds one fd on the directory it lists (3)
	assert_equal "$(echo "$output" | head -n -1 | tr '\n' ' ')" "0 1 2 3 "
	assert_equal "$(echo "$output" | tail -n 1)" /tmp
}

@test "CVE-2019-5736: the init is a sealed copy and cannot be reached from the container" {
	update_config '.process.args = ["sleep", "100"]'
	berth create -b "$BUNDLE" seal
	local pid
	pid=$(berth state seal | jq .pid)
	# Before start the init is still berth code: not the host binary file...
	run readlink "/proc/$pid/exe"
	assert_output --regexp '^/memfd:berth|^/'
	if [[ "$output" != /memfd:berth* ]]; then
		# ...unless it runs through a read-only mount: berth installed on one,
		# or the detached read-only clone of its own mount that berth
		# re-executes through (readlink then shows a path inside that clone,
		# so ask the kernel about the mount behind /proc/PID/exe itself).
		run python3 -c 'import os, sys; print(os.statvfs(sys.argv[1]).f_flag & os.ST_RDONLY)' "/proc/$pid/exe"
		assert_output 1
	fi
	# ...and a process in the container cannot open it (PR_SET_DUMPABLE 0).
	run berth exec seal cat /proc/1/exe
	assert_failure
	assert_output --partial "Permission denied"
	berth delete --force seal
}

@test "CVE-2019-5736: run execs through the sealed trampoline, never through the host binary" {
	# The classic attack: the container's program is /proc/self/exe.  At the
	# execve it resolves to what the init runs from: the sealed trampoline
	# (which refuses to be a program), never berth's binary.
	update_config '.process.args = ["/proc/self/exe", "--version"]'
	run -127 berth run -b "$BUNDLE" dmz
	assert_output --partial "berth-dmz: not a program to run"
	# A script naming it as its interpreter: the same, and no exec loop.
	printf '#!/proc/self/exe\n' >"$BUNDLE/rootfs/evil"
	chmod +x "$BUNDLE/rootfs/evil"
	update_config '.process.args = ["/evil"]'
	run -127 timeout 10 "$BERTH" --root "$BERTH_ROOT" run -b "$BUNDLE" dmz2
	assert_output --partial "berth-dmz: not a program to run"
	# The program still gets its own argv[0] and environment.
	update_config '.process.args = ["sh", "-c", "echo $0 $FOO; readlink /proc/self/exe"] | .process.env += ["FOO=bar"]'
	run berth run -b "$BUNDLE" dmz3
	assert_success
	assert_output "sh bar
/bin/busybox"
}

@test "CVE-2019-5736: run re-executes a sealed berth when seccomp denies the trampoline's execveat" {
	# The filter is loaded before the last execve; a profile that denies
	# execveat would make the trampoline fail, so berth protects the init
	# the other way: /proc/self/exe is then berth through a read-only view
	# (or a sealed memfd), and the container's program still runs.
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["execveat"], "action": "SCMP_ACT_ERRNO"}]}
		| .process.args = ["/proc/self/exe", "--version"]'
	if readelf -lW "$BERTH" | grep -q INTERP; then
		# a dynamic build (e.g. the sanitizer one) cannot start inside a
		# busybox rootfs: its loader is missing, which still shows it was
		# berth, not the trampoline, that /proc/self/exe named
		run -127 berth run -b "$BUNDLE" nodmz
		assert_output --partial "/proc/self/exe"
	else
		run berth run -b "$BUNDLE" nodmz
		assert_success
		assert_output --partial "berth version"
	fi
	refute_output --partial "berth-dmz"
	update_config '.process.args = ["sh", "-c", "echo ran"]'
	run berth run -b "$BUNDLE" nodmz2
	assert_success
	assert_output "ran"
}

@test "PR_SET_DUMPABLE 0 while berth sets the container up, restored by exec" {
	# /proc/PID/environ of a non-dumpable process belongs to root: visible
	# for an init that already switched to uid 1000 and waits for start.
	update_config '.process.args = ["sleep", "100"] | .process.user = {"uid": 1000, "gid": 1000}'
	berth create -b "$BUNDLE" dump
	local pid
	pid=$(berth state dump | jq .pid)
	assert_equal "$(stat -c %u "/proc/$pid/environ")" 0
	berth start dump
	for _ in $(seq 50); do [ "$(stat -c %u "/proc/$pid/environ")" = 1000 ] && break; sleep 0.1; done
	assert_equal "$(stat -c %u "/proc/$pid/environ")" 1000
	berth delete --force dump
}

@test "CVE-2019-5736: a berth exec process that dropped its caps is still unreachable until exec" {
	# The agent holds the exec process in close_range(), after its capabilities
	# were dropped to the container's (so only PR_SET_DUMPABLE protects it)
	# and before its execve.  The container's own init then tries to read
	# its /proc/PID/exe.
	local agent=$BATS_TEST_DIRNAME/../tests/seccomp-agent
	[ -x "$agent" ] || skip "tests/seccomp-agent not built"
	mkdir "$TEST_TMP/hold"
	setsid "$agent" "$TEST_TMP/agent.sock" "$TEST_TMP/state.json" 0 "$TEST_TMP/hold" &
	AGENT_PID=$!
	for _ in $(seq 50); do [ -S "$TEST_TMP/agent.sock" ] && break; sleep 0.1; done
	update_config '.process.noNewPrivileges = false
		| .process.args = ["sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done;
			p=$(cat /tmp/go); if cat /proc/$p/exe >/dev/null 2>/tmp/err; then echo readable; else cat /tmp/err; fi > /tmp/result; sleep 100"]
		| .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "'"$TEST_TMP/agent.sock"'",
			"syscalls": [{"names": ["close_range"], "action": "SCMP_ACT_NOTIFY"}]}'
	berth run -d -b "$BUNDLE" held </dev/null >/dev/null 2>&1
	local init held nspid
	init=$(berth state held | jq .pid)
	berth exec -d held true </dev/null >/dev/null 2>&1 &
	local exec_bg=$!
	for _ in $(seq 100); do [ -s "$TEST_TMP/hold/held" ] && break; sleep 0.1; done
	held=$(cat "$TEST_TMP/hold/held")
	[ -n "$held" ]
	# held in setup: the sealed copy (or the read-only view of the binary's
	# mount), not the writable host binary, caps already dropped
	run python3 -c 'import os, sys; l = os.readlink(sys.argv[1])
print(int(l.startswith("/memfd:berth") or bool(os.statvfs(sys.argv[1]).f_flag & os.ST_RDONLY)))' "/proc/$held/exe"
	assert_output 1
	assert_equal "$(awk '/^CapEff/ {print $2}' /proc/$held/status)" 0000000020000420
	nspid=$(awk '/^NSpid/ {print $NF}' /proc/$held/status)
	echo "$nspid" >"/proc/$init/root/tmp/go"
	for _ in $(seq 50); do [ -s "/proc/$init/root/tmp/result" ] && break; sleep 0.1; done
	run cat "/proc/$init/root/tmp/result"
	assert_output --partial "Permission denied"
	touch "$TEST_TMP/hold/release"
	wait "$exec_bg"
	berth delete --force held
}
