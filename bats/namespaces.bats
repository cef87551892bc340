#!/usr/bin/env bats
# namespaces.bats: new namespaces from clone flags, joined ones by path, user
# namespace maps, time offsets, and per-namespace settings.

load helpers

setup() {
	setup_common
	setup_bundle
}

teardown() {
	[ -n "$NETNS" ] && ip netns del "$NETNS" 2>/dev/null
	# the holder's child is the init of its own pid namespace: killing it
	# ends the namespace; --kill-child also ends it with the holder
	[ -n "$HOLDER_INIT" ] && kill -9 "$HOLDER_INIT" 2>/dev/null
	[ -n "$HOLDER" ] && kill -9 "$HOLDER" 2>/dev/null && wait "$HOLDER" 2>/dev/null
	teardown_common
}

@test "user namespace: uid/gid maps are written, the container is root inside" {
	update_config '.linux.namespaces += [{"type": "user"}] | .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] | .process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; readlink /proc/self/ns/user"]'
	chown -R 100000:100000 "$BUNDLE/rootfs"
	# the container's root (host uid 100000) must reach its rootfs
	chmod 755 "$TEST_TMP" "$BUNDLE"
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --regexp "^ +0 +100000 +65536$"
	assert_line 0
	refute_line "$(readlink /proc/self/ns/user)"
}

@test "time namespace: monotonic and boottime offsets" {
	update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"monotonic": {"secs": 86400, "nanosecs": 0}, "boottime": {"secs": 172800, "nanosecs": 0}} | .process.args = ["sh", "-c", "cat /proc/self/timens_offsets; cut -d. -f1 /proc/uptime"]'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --regexp "^monotonic +86400 +0$"
	assert_line --regexp "^boottime +172800 +0$"
	local host_up
	host_up=$(cut -d. -f1 /proc/uptime)
	[ "${lines[2]}" -ge $((host_up + 172800 - 5)) ]
}

@test "setns: a network namespace joined by path is the container's" {
	NETNS=berth-test-$$
	ip netns add "$NETNS"
	update_config "(.linux.namespaces[] | select(.type == \"network\")) .path = \"/var/run/netns/$NETNS\" | .process.args = [\"readlink\", \"/proc/self/ns/net\"]"
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_output "$(ip netns exec "$NETNS" readlink /proc/self/ns/net)"
}

@test "setns: join the pid and ipc namespaces of a running process" {
	unshare --pid --ipc --fork --kill-child --mount-proc sleep 100 </dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	sleep 0.3
	local target
	target=$(pgrep -P "$HOLDER" sleep || echo "$HOLDER")
	HOLDER_INIT=$target
	update_config "(.linux.namespaces[] | select(.type == \"pid\")) .path = \"/proc/$target/ns/pid\" | (.linux.namespaces[] | select(.type == \"ipc\")) .path = \"/proc/$target/ns/ipc\" | .process.args = [\"sh\", \"-c\", \"readlink /proc/self/ns/pid; readlink /proc/self/ns/ipc; echo \$\$\"]"
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --index 0 "$(readlink /proc/$target/ns/pid)"
	assert_line --index 1 "$(readlink /proc/$target/ns/ipc)"
	# not the first process of that pid namespace
	refute_line --index 2 1
}

@test "hostname, domainname and namespaced sysctls are set" {
	update_config '.hostname = "h1" | .domainname = "example.org" | .linux.sysctl = {"net.ipv4.ip_forward": "1", "kernel.shmmni": "1234"} | .process.args = ["sh", "-c", "hostname; cat /proc/sys/kernel/domainname /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni"]'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --index 0 h1
	assert_line --index 1 example.org
	assert_line --index 2 1
	assert_line --index 3 1234
}

@test "sysctl outside the container's namespaces is refused before anything is made" {
	update_config '.linux.sysctl = {"vm.swappiness": "10"}'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial '"vm.swappiness" is not in a separate kernel namespace'
	update_config '.linux.sysctl = {"net.ipv4.ip_forward": "1"} | .linux.namespaces |= map(select(.type != "network"))'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "is not allowed in the host's network namespace"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "hostname without a uts namespace is refused" {
	update_config '.linux.namespaces |= map(select(.type != "uts"))'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "without a private uts namespace"
}

@test "a shared namespace is the host's" {
	update_config '.hostname = null | .linux.namespaces |= map(select(.type != "network" and .type != "uts")) | .process.args = ["sh", "-c", "readlink /proc/self/ns/net; readlink /proc/self/ns/uts"]'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_line --index 0 "$(readlink /proc/self/ns/net)"
	assert_line --index 1 "$(readlink /proc/self/ns/uts)"
}
