#!/usr/bin/env bats
# terminal.bats: process.terminal through --console-socket, as conmon and
# containerd drive it: the pty master arrives over SCM_RIGHTS.

load helpers

setup() {
	setup_common
	setup_bundle
	SOCK=$TEST_TMP/console.sock
}

teardown() {
	[ -n "$HELPER" ] && kill "$HELPER" 2>/dev/null
	teardown_common
}

start_console_helper() {
	python3 "$BATS_TEST_DIRNAME/console-socket.py" "$SOCK" "$TEST_TMP/console.out" "$@" </dev/null >/dev/null 2>&1 3>&- &
	HELPER=$!
	local i
	for i in $(seq 50); do [ -e "$SOCK.ready" ] && return 0; sleep 0.1; done
	return 1
}

@test "terminal: the pty is the container's controlling terminal and stdio, sized by consoleSize" {
	update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 111} | .process.args = ["sh", "-c", "tty; stty size; readlink /proc/self/fd/0 /proc/self/fd/1; ls -l /dev/console; ps -o pid,tty | head -3; read line; echo got=$line"]'
	start_console_helper $'hello\n'
	"$BERTH" --root "$BERTH_ROOT" run -d --console-socket "$SOCK" --bundle "$BUNDLE" c1 </dev/null >"$TEST_TMP/run.log" 2>&1 3>&-
	wait "$HELPER"
	HELPER=
	run cat "$TEST_TMP/console.out"
	assert_output --partial "/dev/pts/0"
	assert_output --partial "33 111"
	assert_output --partial "got=hello"
	# /dev/console is the pty (major 136)
	assert_output --regexp "crw.* 136, +0 .*/dev/console"
}

@test "terminal: run without --console-socket in the foreground proxies the terminal" {
	update_config '.process.terminal = true | .process.args = ["sh", "-c", "tty; echo done"]'
	run berth run --bundle "$BUNDLE" c1
	assert_success
	assert_output --partial "/dev/pts/0"
	assert_output --partial "done"
}

@test "terminal: detached without --console-socket fails clearly, nothing left" {
	update_config '.process.terminal = true'
	run berth run -d --bundle "$BUNDLE" c1
	assert_failure
	assert_output --partial "--console-socket is required"
	[ -z "$(ls -A "$BERTH_ROOT")" ]
}

@test "terminal: without process.terminal stdio passes through untouched" {
	update_config '.process.args = ["sh", "-c", "readlink /proc/self/fd/1; cat"]'
	echo piped-in >"$TEST_TMP/in"
	"$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" c1 <"$TEST_TMP/in" >"$TEST_TMP/out" 2>&1 3>&-
	run cat "$TEST_TMP/out"
	assert_line --index 0 "$TEST_TMP/out"
	assert_line --index 1 piped-in
}
