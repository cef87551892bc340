#!/usr/bin/env bats
# hooks.bats: every hook kind runs at its point, in its namespace, with the
# state on stdin; failures fail create/start (or only warn) as the spec says.

load helpers

setup() {
	setup_common
	setup_bundle
	# hook KIND: append "KIND status mntns" and save the state it got
	cat >"$TEST_TMP/hook.sh" <<'HOOK'
#!/bin/sh
kind=$1 out=$2
cat >"$out.$kind.json"
echo "$kind $(sed 's/.*"status":"\([a-z]*\)".*/\1/' "$out.$kind.json") $(readlink /proc/self/ns/mnt) $FOO" >>"$out"
HOOK
	chmod +x "$TEST_TMP/hook.sh"
	cp "$TEST_TMP/hook.sh" "$BUNDLE/rootfs/bin/hook.sh"
	LOG=$TEST_TMP/hooks.log
}

teardown() {
	teardown_common
}

hook() {
	printf '{"path": "%s", "args": ["hook", "%s", "%s"], "env": ["FOO=bar"]}' "$1" "$2" "$3"
}

@test "hooks: each kind runs in order, in its namespace, with the state on stdin" {
	update_config ".process.args = [\"true\"] | .hooks = {
		\"prestart\": [$(hook "$TEST_TMP/hook.sh" prestart "$LOG")],
		\"createRuntime\": [$(hook "$TEST_TMP/hook.sh" createRuntime "$LOG")],
		\"createContainer\": [$(hook "$TEST_TMP/hook.sh" createContainer "$LOG")],
		\"startContainer\": [$(hook /bin/hook.sh startContainer /tmp/hooks.log)],
		\"poststart\": [$(hook "$TEST_TMP/hook.sh" poststart "$LOG")],
		\"poststop\": [$(hook "$TEST_TMP/hook.sh" poststop "$LOG")]}"
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" c1 </dev/null >/dev/null 2>&1 3>&-
	local host_mnt pid ctr_mnt
	host_mnt=$(readlink /proc/self/ns/mnt)
	pid=$(berth state c1 | jq .pid)
	ctr_mnt=$(readlink /proc/$pid/ns/mnt)
	run cat "$LOG"
	assert_line --index 0 "prestart creating $host_mnt bar"
	assert_line --index 1 "createRuntime creating $host_mnt bar"
	assert_line --index 2 "createContainer creating $ctr_mnt bar"
	[ "${#lines[@]}" -eq 3 ]
	[ "$(jq -r .pid "$LOG.createRuntime.json")" = "$pid" ]
	[ "$(jq -r .id "$LOG.createContainer.json")" = c1 ]
	[ "$(jq -r .bundle "$LOG.prestart.json")" = "$BUNDLE" ]

	berth start c1
	run cat "$LOG"
	assert_line --index 3 "poststart running $host_mnt bar"
	sleep 0.3
	run cat "$BUNDLE/rootfs/tmp/hooks.log"
	assert_line --index 0 "startContainer created $ctr_mnt bar"

	berth delete --force c1
	run cat "$LOG"
	assert_line --index 4 "poststop stopped $host_mnt bar"
	[ ! -e "$BERTH_ROOT/c1" ]
}

@test "hooks: a failing createRuntime hook fails create and leaves nothing behind" {
	update_config '.process.args = ["sleep", "100"] | .hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", "exit 3"]}]'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "error running createRuntime hook #0 (/bin/sh): exit status 3"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
	# the init (a copy of berth until exec) is gone too
	! pgrep -f "berth --root $BERTH_ROOT" >/dev/null
}

@test "hooks: a failing createContainer hook fails create with its message" {
	update_config '.hooks.createContainer = [{"path": "/bin/false"}]'
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "error running createContainer hook #0 (/bin/false): exit status 1"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "hooks: timeout kills the hook and fails create" {
	update_config '.hooks.prestart = [{"path": "/bin/sleep", "args": ["sleep", "30"], "timeout": 1}]'
	SECONDS=0
	run berth create --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "error running prestart hook #0 (/bin/sleep): timed out after 1 seconds"
	[ "$SECONDS" -lt 10 ]
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "hooks: a failing hook's warning is one line, control characters escaped (issue #9)" {
	local bad
	bad=$(printf '%s/bad\nhook' "$TEST_TMP")
	printf '#!/bin/sh\nexit 3\n' >"$bad"
	chmod +x "$bad"
	update_config ".process.args = [\"sleep\", \"100\"] | .hooks.poststart = [{\"path\": $(jq -Rn --arg p "$bad" '$p')}]"
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" c1 </dev/null >/dev/null 2>&1 3>&-
	run berth start c1
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "warning"
	assert_output --partial "$TEST_TMP/bad\\nhook): exit status 3"
	run berth delete --force c1
	assert_success
}

@test "hooks: failing poststart and poststop hooks only warn" {
	update_config '.process.args = ["sleep", "100"] | .hooks.poststart = [{"path": "/bin/false"}] | .hooks.poststop = [{"path": "/bin/false"}]'
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" c1 </dev/null >/dev/null 2>&1 3>&-
	run berth start c1
	assert_success
	assert_output --partial "warning"
	[ "$(berth state c1 | jq -r .status)" = running ]
	run berth delete --force c1
	assert_success
	assert_output --partial "warning"
	[ ! -e "$BERTH_ROOT/c1" ]
}
