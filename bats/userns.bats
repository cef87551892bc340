#!/usr/bin/env bats
# userns.bats: user namespaces: id maps as root, rootless containers run by
# an unprivileged uid (own ids only, and subordinate ids through
# newuidmap/newgidmap), exec into a rootless container, idmapped mounts.

load helpers

# nobody: a uid every Debian has, with a passwd entry (newuidmap needs one)
ROOTLESS_UID=65534

setup() {
	setup_common
	setup_bundle
}

teardown() {
	local id
	# rootless containers live under the user's own state root
	if [ -d "$TEST_TMP/xdg/berth" ]; then
		for id in $(ls "$TEST_TMP/xdg/berth"); do
			as_user "$BERTH" delete --force "$id" >/dev/null 2>&1
		done
	fi
	if [ -n "$MADE_SUBID" ]; then
		rm -f /etc/subuid /etc/subgid
	fi
	teardown_common
}

as_user() {
	setpriv --reuid=$ROOTLESS_UID --regid=$ROOTLESS_UID --clear-groups \
		env XDG_RUNTIME_DIR="$TEST_TMP/xdg" HOME="$TEST_TMP" "$@"
}

# rootless_bundle: the bundle handed to $ROOTLESS_UID with `berth spec --rootless`.
rootless_bundle() {
	mkdir -p "$TEST_TMP/xdg"
	rm "$BUNDLE/config.json"
	chown -R $ROOTLESS_UID:$ROOTLESS_UID "$TEST_TMP"
	chmod 0711 "$TEST_TMP"
	(cd "$BUNDLE" && as_user "$BERTH" spec --rootless)
	update_config '.process.terminal = false'
	chown $ROOTLESS_UID:$ROOTLESS_UID "$BUNDLE/config.json"
}

@test "user namespace as root: the maps as configured" {
	# container root is host uid 100000: it must reach the rootfs
	chmod 0755 "$TEST_TMP"
	update_config '.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; grep ^CapEff /proc/self/status"]
		| .linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 200000, "size": 1000}]'
	run berth run -b "$BUNDLE" u1
	assert_success
	assert_line --regexp '^\s+0\s+100000\s+65536$'
	assert_line --regexp '^\s+0\s+200000\s+1000$'
	assert_line --index 2 0
	assert_line --regexp '^CapEff:\s+0000000020000420$'
}

@test "rootless: an unprivileged user runs a container, state under XDG_RUNTIME_DIR" {
	rootless_bundle
	update_config '.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/setgroups; id -u; sleep 100"]'
	cd "$BUNDLE"
	as_user "$BERTH" run -d rl1 </dev/null >"$TEST_TMP/out" 2>&1
	[ -d "$TEST_TMP/xdg/berth/rl1" ]
	local pid
	pid=$(as_user "$BERTH" state rl1 | jq .pid)
	assert_equal "$(stat -c %u /proc/$pid)" $ROOTLESS_UID
	for _ in $(seq 50); do grep -q '^0$' "$TEST_TMP/out" && break; sleep 0.1; done
	run cat "$TEST_TMP/out"
	assert_line --regexp "^\s+0\s+$ROOTLESS_UID\s+1$"
	assert_line deny
	assert_line 0
	# exec joins the rootless container's user namespace first
	run as_user "$BERTH" exec rl1 sh -c 'cat /proc/self/uid_map; id -u'
	assert_success
	assert_line --regexp "^\s+0\s+$ROOTLESS_UID\s+1$"
	assert_line 0
	as_user "$BERTH" delete --force rl1
	[ ! -d "$TEST_TMP/xdg/berth/rl1" ]
}

@test "rootless: subordinate ids through newuidmap/newgidmap" {
	command -v newuidmap >/dev/null || skip "newuidmap not installed (apt-get install uidmap)"
	[ ! -e /etc/subuid ] && [ ! -e /etc/subgid ] || skip "/etc/subuid exists: not touching it"
	echo "$ROOTLESS_UID:300000:65536" >/etc/subuid
	echo "$ROOTLESS_UID:300000:65536" >/etc/subgid
	MADE_SUBID=1
	rootless_bundle
	update_config '.process.args = ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups"]
		| .linux.uidMappings = [{"containerID": 0, "hostID": '$ROOTLESS_UID', "size": 1},
			{"containerID": 1, "hostID": 300000, "size": 65536}]
		| .linux.gidMappings = .linux.uidMappings'
	cd "$BUNDLE"
	run as_user "$BERTH" run rl2
	assert_success
	assert_line --regexp '^\s+1\s+300000\s+65536$'
	# newgidmap leaves setgroups allowed
	assert_line allow
}

@test "rootless: more than the own ids without newuidmap entries fails clearly" {
	rootless_bundle
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": '$ROOTLESS_UID', "size": 1},
		{"containerID": 1, "hostID": 400000, "size": 10}]'
	cd "$BUNDLE"
	run as_user "$BERTH" run rl3
	assert_failure
	assert_output --partial "linux.uidMappings"
	assert_output --partial "newuidmap"
}

@test "rootless: cgroups skipped without delegation; limits without delegation fail clearly" {
	# regression: rootless run failed with "mkdir /sys/fs/cgroup/systemd/berth: Permission denied"
	rootless_bundle
	update_config '.process.args = ["sleep", "100"]'
	cd "$BUNDLE"
	as_user "$BERTH" run -d rl4 </dev/null
	local pid
	pid=$(as_user "$BERTH" state rl4 | jq .pid)
	# the container stays in the caller's cgroups
	assert_equal "$(cat /proc/$pid/cgroup)" "$(cat /proc/$$/cgroup)"
	as_user "$BERTH" delete --force rl4
	update_config '.linux.resources = {"memory": {"limit": 67108864}}'
	run as_user "$BERTH" run rl5
	assert_failure
	assert_output --partial "rootless container: linux.resources needs a cgroup delegated to uid $ROOTLESS_UID"
	[ ! -d "$TEST_TMP/xdg/berth/rl5" ]
}

@test "idmapped mount: a bind mount with uidMappings/gidMappings shows mapped owners" {
	mkdir -p "$TEST_TMP/vol"
	chmod 0755 "$TEST_TMP" "$TEST_TMP/vol"
	touch "$TEST_TMP/vol/f"
	chown 1234:1234 "$TEST_TMP/vol/f"
	update_config '.process.args = ["stat", "-c", "%u %g", "/vol/f"]
		| .mounts += [{"destination": "/vol", "type": "bind", "source": "'"$TEST_TMP/vol"'",
			"options": ["bind", "idmap"],
			"uidMappings": [{"containerID": 1234, "hostID": 0, "size": 1}],
			"gidMappings": [{"containerID": 1234, "hostID": 0, "size": 1}]}]'
	run berth run -b "$BUNDLE" idm
	assert_success
	assert_output "0 0"
	# the host's view of the source is unchanged
	assert_equal "$(stat -c '%u %g' "$TEST_TMP/vol/f")" "1234 1234"
}

@test "idmapped mount in a user-namespaced container: made by the runtime, shown through both maps" {
	mkdir -p "$TEST_TMP/vol"
	chmod 0755 "$TEST_TMP" "$TEST_TMP/vol"
	touch "$TEST_TMP/vol/f"
	chown 1234:1234 "$TEST_TMP/vol/f"
	# container root (host 100000) cannot create the target in a root-owned rootfs
	mkdir "$BUNDLE/rootfs/vol"
	# disk 1234 -> host 100000 (the mount's map) -> container 0 (the container's map)
	update_config '.process.args = ["sh", "-c", "stat -c \"%u %g\" /vol/f; grep -c /vol /proc/self/mountinfo; touch /vol/g 2>/dev/null || echo read-only"]
		| .linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .mounts += [{"destination": "/vol", "type": "bind", "source": "'"$TEST_TMP/vol"'",
			"options": ["rbind", "ro"],
			"uidMappings": [{"containerID": 1234, "hostID": 100000, "size": 1}],
			"gidMappings": [{"containerID": 1234, "hostID": 100000, "size": 1}]}]'
	run berth run -b "$BUNDLE" idm2
	assert_success
	assert_line --index 0 "0 0"
	assert_line --index 1 1
	assert_line --index 2 read-only
	# features lists the options now that they work
	run "$BERTH" features
	assert_success
	[ "$(echo "$output" | jq '.mountOptions | index("idmap") != null and index("ridmap") != null')" = true ]
	[ "$(echo "$output" | jq '.linux.mountExtensions.idmap.enabled')" = true ]
}
