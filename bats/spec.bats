#!/usr/bin/env bats
# spec.bats: `berth spec` writes a runc-like config.json that validates against
# the official schema and never replaces an existing one; `berth features`
# prints a features document valid against its schema and true to the host.

load helpers

setup() {
	bats_require_minimum_version 1.5.0
	setup_common
	VALIDATE=$BATS_TEST_DIRNAME/../tests/validate-schema
	find_schema_dir
	OUT=$TEST_TMP/out
	mkdir -p "$OUT"
}

teardown() {
	teardown_common
}

# The schemas live in shared/runtime-spec/schema beside the repository (CI:
# ../shared); a git worktree sits one level deeper, so look upwards.
find_schema_dir() {
	local d=$BATS_TEST_DIRNAME/..
	while [ ! -f "$SCHEMA_DIR/config-schema.json" ] && [ "$(cd "$d" && pwd)" != / ]; do
		d=$d/..
		SCHEMA_DIR=$d/shared/runtime-spec/schema
	done
	[ -f "$SCHEMA_DIR/config-schema.json" ] || fail "runtime-spec schemas not found beside the repository (shared/runtime-spec/schema)"
}

@test "spec: valid against config-schema.json" {
	run berth spec --bundle "$OUT"
	assert_success
	run "$VALIDATE" "$SCHEMA_DIR/config-schema.json" "$OUT/config.json"
	assert_success
}

@test "spec: the validator does reject an invalid config (the check can fail)" {
	berth spec --bundle "$OUT"
	jq '.process.args = "sh" | .linux.namespaces[0].type = "bogus"' "$OUT/config.json" >"$OUT/bad.json"
	run "$VALIDATE" "$SCHEMA_DIR/config-schema.json" "$OUT/bad.json"
	assert_failure
	assert_output --partial "process.args"
	assert_output --partial "linux.namespaces.0"
}

@test "spec: runc's defaults (sh in a terminal, namespaces, caps, rlimit, masks)" {
	berth spec --bundle "$OUT"
	local c=$OUT/config.json
	jq -e '.ociVersion == "1.3.0"' "$c"
	jq -e '.process.args == ["sh"] and .process.terminal == true and .process.cwd == "/"' "$c"
	jq -e '.process.user == {"uid": 0, "gid": 0}' "$c"
	jq -e '.process.noNewPrivileges == true' "$c"
	jq -e '.process.rlimits == [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]' "$c"
	jq -e '.process.capabilities | [.bounding, .effective, .permitted, .ambient] | all(. == ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"])' "$c"
	jq -e '.process.capabilities | has("inheritable") | not' "$c"
	jq -e '.root == {"path": "rootfs", "readonly": true}' "$c"
	jq -e '[.linux.namespaces[].type] | sort == ["cgroup", "ipc", "mount", "network", "pid", "uts"]' "$c"
	jq -e '.linux.resources.devices == [{"allow": false, "access": "rwm"}]' "$c"
	jq -e '[.mounts[].destination] == ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"]' "$c"
	jq -e '.mounts[] | select(.destination == "/sys") | .type == "sysfs" and (.options | index("ro"))' "$c"
	jq -e '.mounts[] | select(.destination == "/dev/pts") | .options | index("gid=5")' "$c"
	jq -e '.linux.maskedPaths | index("/proc/kcore") and index("/sys/firmware") and index("/proc/keys")' "$c"
	jq -e '.linux.readonlyPaths | index("/proc/sys") and index("/proc/sysrq-trigger")' "$c"
	jq -e 'has("linux") and (.linux | has("uidMappings") | not)' "$c"
}

@test "spec: the same mounts, masks and namespaces as runc's spec (plus cgroup ns)" {
	command -v runc >/dev/null || skip "runc not installed"
	mkdir "$TEST_TMP/runc"
	(cd "$TEST_TMP/runc" && runc spec)
	berth spec --bundle "$OUT"
	local f
	for f in '.mounts' '.process.capabilities' '.process.rlimits' '.process.env' '.linux.readonlyPaths' '.linux.resources' '.root'; do
		diff <(jq -S "$f" "$TEST_TMP/runc/config.json") <(jq -S "$f" "$OUT/config.json")
	done
	# every path runc masks is masked
	jq -e --slurpfile r "$TEST_TMP/runc/config.json" '.linux.maskedPaths as $b | $r[0].linux.maskedPaths | all(. as $p | $b | index($p))' "$OUT/config.json"
	diff <(jq -c '[.linux.namespaces[].type] + ["cgroup"] | sort' "$TEST_TMP/runc/config.json" | sed 's/"cgroup",//;s/,"cgroup"//' ) \
		<(jq -c '[.linux.namespaces[].type] | sort | map(select(. != "cgroup"))' "$OUT/config.json")
}

@test "spec: refuses to overwrite an existing config.json" {
	echo '{"mine": true}' >"$OUT/config.json"
	run berth spec --bundle "$OUT"
	assert_failure
	assert_output --partial "File $OUT/config.json exists. Remove it first"
	# the user's file is untouched
	jq -e '.mine == true' "$OUT/config.json"
	# in the current directory, runc's exact message
	cd "$OUT"
	run berth spec
	assert_failure
	assert_output --partial "File config.json exists. Remove it first"
}

@test "spec: writes into the current directory by default (-b short flag too)" {
	cd "$OUT"
	run berth spec
	assert_success
	[ -f "$OUT/config.json" ]
	mkdir "$OUT/b"
	run berth spec -b "$OUT/b"
	assert_success
	[ -f "$OUT/b/config.json" ]
}

@test "spec: a missing bundle directory is a clear error" {
	run berth spec --bundle "$OUT/nope"
	assert_failure
	assert_output --partial "$OUT/nope/config.json: No such file or directory"
}

@test "spec: extra arguments are refused" {
	run berth spec extra
	assert_failure
	assert_output --partial 'unexpected argument "extra"'
}

@test "spec --rootless: user namespace mapping the caller, no netns, /sys rbind, no resources" {
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	chown nobody "$OUT"
	chmod 755 "$TEST_TMP"
	run su nobody -s /bin/sh -c "'$BERTH' spec --rootless --bundle '$OUT'"
	assert_success
	local c=$OUT/config.json uid gid
	uid=$(id -u nobody)
	gid=$(id -g nobody)
	run "$VALIDATE" "$SCHEMA_DIR/config-schema.json" "$c"
	assert_success
	jq -e --argjson u "$uid" '.linux.uidMappings == [{"containerID": 0, "hostID": $u, "size": 1}]' "$c"
	jq -e --argjson g "$gid" '.linux.gidMappings == [{"containerID": 0, "hostID": $g, "size": 1}]' "$c"
	jq -e '[.linux.namespaces[].type] | sort == ["cgroup", "ipc", "mount", "pid", "user", "uts"]' "$c"
	jq -e '.linux | has("resources") | not' "$c"
	jq -e '.mounts[] | select(.destination == "/sys") | .type == "none" and .source == "/sys" and .options == ["rbind", "nosuid", "noexec", "nodev", "ro"]' "$c"
	jq -e '[.mounts[].options // [] | .[] | select(startswith("gid=") or startswith("uid="))] == []' "$c"
}

@test "spec --rootless as root maps root (runc's behaviour)" {
	run berth spec --rootless --bundle "$OUT"
	assert_success
	jq -e '.linux.uidMappings[0].hostID == 0 and .linux.gidMappings[0].hostID == 0' "$OUT/config.json"
}

@test "features: valid against features-schema.json" {
	berth features >"$OUT/features.json"
	run "$VALIDATE" "$SCHEMA_DIR/features-schema.json" "$OUT/features.json"
	assert_success
	# and the validator rejects the official bad example
	run "$VALIDATE" "$SCHEMA_DIR/features-schema.json" "$SCHEMA_DIR"/test/features/bad/*.json
	assert_failure
}

@test "features: OCI versions, hooks, namespaces, mount options" {
	berth features >"$OUT/f.json"
	local f=$OUT/f.json
	jq -e '.ociVersionMin == "1.0.0" and .ociVersionMax == "1.3.0"' "$f"
	jq -e '.hooks == ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"]' "$f"
	jq -e '.linux.namespaces | sort == ["cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"]' "$f"
	jq -e '.mountOptions | index("rbind") and index("rro") and index("nosymfollow")' "$f"
	# idmapped mounts are only claimed once they work
	if jq -e '.linux.mountExtensions.idmap.enabled | not' "$f" >/dev/null; then
		jq -e '.mountOptions | index("idmap") or index("ridmap") | not' "$f"
	fi
	# no duplicates in any list
	jq -e '[.hooks, .mountOptions, .linux.namespaces, .linux.capabilities] | all(length == (unique | length))' "$f"
}

@test "features: every mount option runc reports is supported (runc parity)" {
	command -v runc >/dev/null || skip "runc not installed"
	berth features >"$OUT/f.json"
	runc features >"$OUT/runc.json"
	jq -e --slurpfile r "$OUT/runc.json" '.mountOptions as $b | $r[0].mountOptions | all(. as $o | $b | index($o))' "$OUT/f.json"
}

@test "features: capabilities are the kernel's (cap_last_cap)" {
	berth features >"$OUT/f.json"
	local last n
	last=$(cat /proc/sys/kernel/cap_last_cap)
	n=$(jq '.linux.capabilities | length' "$OUT/f.json")
	[ "$n" -eq $((last + 1)) ]
	jq -e '.linux.capabilities[0] == "CAP_CHOWN" and (.linux.capabilities | index("CAP_SYS_ADMIN"))' "$OUT/f.json"
}

@test "features: no systemd cgroup driver claimed; annotations name berth and libseccomp" {
	berth features >"$OUT/f.json"
	local f=$OUT/f.json
	jq -e '.linux.cgroup.systemd == false and .linux.cgroup.systemdUser == false' "$f"
	jq -e '.linux.cgroup.v1 == true and .linux.cgroup.v2 == true' "$f"
	run berth --version
	local version
	version=$(berth --version | sed -n 's/^berth version //p')
	jq -e --arg v "$version" '.annotations["org.opencontainers.berth.version"] == $v' "$f"
	jq -e --arg v "$(pkg-config --modversion libseccomp)" '.annotations["io.github.seccomp.libseccomp.version"] == $v' "$f"
}

@test "features: seccomp lists appear only when seccomp is enabled" {
	berth features >"$OUT/f.json"
	if jq -e '.linux.seccomp.enabled' "$OUT/f.json" >/dev/null; then
		jq -e '.linux.seccomp.actions | index("SCMP_ACT_ERRNO")' "$OUT/f.json"
		jq -e '.linux.seccomp.archs | index("SCMP_ARCH_X86_64")' "$OUT/f.json"
	else
		jq -e '.linux.seccomp | has("actions") | not' "$OUT/f.json"
	fi
}
