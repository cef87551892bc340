#!/usr/bin/env bats
# badinput.bats: broken bundles and ids.  Each must give ONE precise error
# (one line, naming the field, path or id), a non-zero exit status, and leave
# the host as it was: no state dir, no mount, no cgroup, no process.

load helpers
load reliability-helpers

setup() {
	setup_common
	if "$BERTH" create --bundle /nonexistent x 2>&1 | grep -q 'not implemented yet'; then
		skip "berth create is not implemented in this build"
	fi
	setup_bundle
	ID=bad-$$-$BATS_TEST_NUMBER
}

teardown() {
	teardown_common
}

# host_clean ID: nothing of the container is left on the host.
host_clean() {
	local id=$1
	# no state dir
	[ -z "$(ls -A "$BERTH_ROOT")" ] || { echo "state left: $(ls -A "$BERTH_ROOT")"; return 1; }
	# no mount under the test's dir (the rootfs, a bind source, ...)
	! grep -F " $TEST_TMP" /proc/self/mountinfo || { echo "mount left"; return 1; }
	# no cgroup named after the container (any hierarchy; default /berth/ID)
	case $id in
	'' | . | .. | */*) ;;
	*)
		[ -z "$(find /sys/fs/cgroup -maxdepth 5 -type d -name "$id" 2>/dev/null)" ] ||
			{ echo "cgroup left"; return 1; }
		;;
	esac
	# no process in the rootfs, no berth working on this state root
	no_test_processes
}

# berth_out ARGS: like `run berth ARGS`, but berth's stdio are files: should
# a bad bundle be accepted, the container's init must not hold bats' pipe.
berth_out() {
	status=0
	timeout 30 "$BERTH" --root "$BERTH_ROOT" "$@" </dev/null >"$TEST_TMP/out" 2>&1 3>&- || status=$?
	output=$(cat "$TEST_TMP/out")
	mapfile -t lines <"$TEST_TMP/out"
}

# refused CMD ID PATTERN: `berth CMD --bundle $BUNDLE ID` fails with exactly
# one line "berth: ..." matching the extended regex PATTERN, host unchanged.
refused() {
	local cmd=$1 id=$2 pattern=$3
	berth_out "$cmd" --bundle "$BUNDLE" "$id"
	echo "$output" | cut -c1-300
	[ "$status" -ne 0 ] && [ "$status" -ne 124 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" =~ ^berth:\  ]]
	[[ "${lines[0]}" =~ $pattern ]]
	# a precise error is short: it names the value, it does not copy it whole
	[ "${#output}" -lt 1024 ]
	host_clean "$id"
}

# both CMD variants: create and run
refused_both() {
	refused create "$1" "$2"
	refused run "$1" "$2"
}

@test "badinput: invalid JSON" {
	printf '{"ociVersion": "1.0.2", "process": {' >"$BUNDLE/config.json"
	refused_both "$ID" 'config\.json.*(parse error|premature EOF)'
}

@test "badinput: not JSON at all / empty config.json" {
	printf '\x7fELF\x02\x01' >"$BUNDLE/config.json"
	refused create "$ID" 'config\.json'
	: >"$BUNDLE/config.json"
	refused create "$ID" 'config\.json'
}

@test "badinput: missing config.json" {
	rm "$BUNDLE/config.json"
	refused_both "$ID" 'config\.json.*No such file or directory'
}

@test "badinput: wrong types" {
	update_config '.process.args = "sh"'
	refused_both "$ID" 'process\.args: expected array'
	setup_bundle
	update_config '.process.terminal = "yes"'
	refused create "$ID" 'process\.terminal: expected bool'
	setup_bundle
	update_config '.linux.namespaces = {"type": "pid"}'
	refused create "$ID" 'linux\.namespaces: expected array'
	setup_bundle
	update_config '.root = "rootfs"'
	refused create "$ID" 'root: expected object'
}

@test "badinput: huge values" {
	sed -i 's/"ociVersion"/"linux2": 1, "ociVersion"/' "$BUNDLE/config.json"
	update_config '.linux.resources.memory = {"limit": 0}'
	# beyond int64 / uint32
	sed -i 's/"limit": 0/"limit": 99999999999999999999999/' "$BUNDLE/config.json"
	refused_both "$ID" 'linux\.resources\.memory\.limit'
	setup_bundle
	update_config '.process.user.uid = 4294967296'
	refused create "$ID" 'process\.user\.uid.*out of range'
	setup_bundle
	update_config '.linux.resources.pids = {"limit": 1e300}'
	refused create "$ID" 'linux\.resources\.pids\.limit'
}

@test "badinput: negative values" {
	update_config '.process.user.uid = -1'
	refused_both "$ID" 'process\.user\.uid.*out of range'
	setup_bundle
	update_config '.process.user.gid = -5'
	refused create "$ID" 'process\.user\.gid'
	setup_bundle
	update_config '.process.consoleSize = {"height": -1, "width": 80}'
	refused create "$ID" 'process\.consoleSize\.height'
	setup_bundle
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": -1, "size": 1}]'
	refused create "$ID" 'linux\.uidMappings\[0\]\.hostID'
}

@test "badinput: deep nesting" {
	# 100000 nested arrays where a list of strings is expected
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
s = json.dumps(c)
d = 100000
s = s.replace("\"args\": [", "\"args\": [" + "[" * d + "]" * d + ", ", 1)
open(sys.argv[1], "w").write(s)' "$BUNDLE/config.json"
	refused_both "$ID" 'process\.args\[0\]: expected string'
	# and a million-deep document in an ignored extension key must not crash
	setup_bundle
	python3 -c '
import sys
s = open(sys.argv[1]).read().rstrip().rstrip("}")
d = 1000000
open(sys.argv[1], "w").write(s + ", \"x-deep\": " + "[" * d + "{" + "}" + "]" * (d - 1) + "}")' "$BUNDLE/config.json"
	refused create "$ID" 'config\.json'
}

# set_big JQ_PATH PREFIX: set a config field to PREFIX + 1 MiB of "x" (too
# big for a jq command line).
set_big() {
	python3 - "$BUNDLE/config.json" "$1" "$2" <<'PY'
import json, sys
path, field, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
c = json.load(open(path))
keys = field.split(".")
o = c
for k in keys[:-1]:
    o = o.setdefault(k, {})
o[keys[-1]] = prefix + "x" * 1048576
json.dump(c, open(path, "w"))
PY
}

# refused_big CMD ID PATTERN FIELD: as refused, for a 1 MiB value: the error
# stays one short line (error.c elides the middle of messages over 1000
# bytes, keeping the field and the cause).
refused_big() {
	refused "$1" "$2" "$3"
}

@test "badinput: 1 MiB process.cwd" {
	set_big process.cwd /
	refused_big create "$ID" 'cwd' process.cwd
}

@test "badinput: 1 MiB hostname" {
	set_big hostname ""
	refused_big create "$ID" 'hostname' hostname
}

@test "badinput: 1 MiB program name" {
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/" + "x" * 1048576]
json.dump(c, open(sys.argv[1], "w"))' "$BUNDLE/config.json"
	refused_big create "$ID" 'exec|args|File name too long' 'process.args[0]'
}

@test "badinput: 1 MiB mount destination" {
	update_config '.mounts += [{"destination": "/m", "type": "tmpfs", "source": "tmpfs"}]'
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
c["mounts"][-1]["destination"] = "/" + "x" * 1048576
json.dump(c, open(sys.argv[1], "w"))' "$BUNDLE/config.json"
	refused_big create "$ID" 'mount|destination|File name too long' 'mounts[].destination'
}

@test "badinput: mount destination with .. stays inside the rootfs" {
	local escape=/tmp/berth-escape-$$-$BATS_TEST_NUMBER
	rm -rf "$escape"
	update_config ".mounts += [{\"destination\": \"/../../../../..$escape\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}] | .process.args = [\"sh\", \"-c\", \"test -d $escape && grep -q ' $escape ' /proc/self/mountinfo && echo inside\"]"
	berth_out run --bundle "$BUNDLE" "$ID"
	echo "$output"
	# Either refused with one error, or the tmpfs went to ROOTFS$escape (as
	# runc does): never onto the host's $escape.
	if [ "$status" -eq 0 ]; then
		assert_output inside
	else
		[ "${#lines[@]}" -eq 1 ]
	fi
	[ ! -e "$escape" ] || { rm -rf "$escape"; false; }
	! grep -q " $escape " /proc/self/mountinfo
	host_clean "$ID"
}

@test "badinput: a symlink in the rootfs pointing out of it is resolved inside (CVE-2021-30465 class)" {
	local hostdir=$TEST_TMP/hostdir
	mkdir -p "$hostdir"
	ln -s "$hostdir" "$BUNDLE/rootfs/escape"
	ln -s ../../../../../../../../"$hostdir" "$BUNDLE/rootfs/escape-rel"
	update_config '.mounts += [{"destination": "/escape/m", "type": "tmpfs", "source": "tmpfs"}, {"destination": "/escape-rel/n", "type": "tmpfs", "source": "tmpfs"}] | .process.args = ["true"]'
	berth_out run --bundle "$BUNDLE" "$ID"
	echo "$output"
	[ "$status" -eq 0 ] || [ "${#lines[@]}" -eq 1 ]
	# nothing was created or mounted in the host directory
	[ -z "$(ls -A "$hostdir")" ]
	host_clean "$ID"
}

@test "badinput: missing rootfs" {
	rm -rf "$BUNDLE/rootfs"
	refused_both "$ID" 'rootfs.*No such file or directory'
}

@test "badinput: rootfs is a file" {
	rm -rf "$BUNDLE/rootfs"
	echo not-a-dir >"$BUNDLE/rootfs"
	refused_both "$ID" 'rootfs.*(Not a directory|not a directory)'
}

@test "badinput: unknown namespace type" {
	update_config '.linux.namespaces += [{"type": "time2"}]'
	refused_both "$ID" 'linux\.namespaces\[[0-9]+\]\.type: unknown namespace type "time2"'
}

@test "badinput: duplicate namespaces" {
	update_config '.linux.namespaces += [{"type": "pid"}]'
	refused_both "$ID" 'linux\.namespaces\[[0-9]+\]\.type: duplicate namespace type "pid"'
}

@test "badinput: bad container ids (1000 characters, path tricks, empty)" {
	local long
	long=$(head -c 1000 /dev/zero | tr '\0' a)
	refused create "$long" 'container id'
	refused run "$long" 'container id'
	refused create .. 'container id'
	refused create . 'container id'
	refused create ../escape 'container id'
	refused create a/b 'container id'
	refused create '' 'container id'
	# an id with a newline: refused in one line, nothing made
	refused create "$(printf 'a\nb')" 'invalid container id "a\\nb"'
	# nothing was made beside the state root either
	[ ! -e "$TEST_TMP/escape" ]
}

# control_bytes: how many control characters (NUL..US, DEL) $output holds;
# $output is without the final newline, so a one-line message has none.
control_bytes() {
	printf '%s' "$output" | LC_ALL=C tr -d -c '\000-\037\177' | wc -c
}

@test "badinput: an id with control characters is refused by every command, escaped in one line" {
	# Regression (issue #9): the id was echoed raw, so a newline in it forged
	# a second line and an ESC sequence reached the terminal.
	local bad cmd
	bad=$(printf 'a\nb\001c\033[31md\177')
	for cmd in create run start state kill delete exec ps pause resume update events; do
		case $cmd in
		create | run) berth_out "$cmd" --bundle "$BUNDLE" "$bad" ;;
		exec) berth_out exec "$bad" true ;;
		*) berth_out "$cmd" "$bad" ;;
		esac
		echo "$cmd: status $status: $(printf '%s' "$output" | od -c | head -5)"
		[ "$status" -ne 0 ] && [ "$status" -ne 124 ]
		[ "${#lines[@]}" -eq 1 ]
		[ "$(control_bytes)" -eq 0 ]
		[[ "$output" == 'berth: invalid container id "a\nb\x01c\x1b[31md\x7f"'* ]]
	done
	host_clean "$bad"
}

@test "badinput: control characters from flags and config.json are escaped in errors" {
	# a usage error: the message line, then the --help hint line
	berth_out state "$(printf -- '--x\ty\nz')" "$ID"
	printf '%s' "$output" | od -c
	[ "$status" -ne 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = 'berth state: unknown option --x\ty\nz' ]
	update_config '.process.cwd = "tmp\nx\u001b"'
	refused create "$ID" 'process\.cwd: "tmp\\nx\\x1b" is not an absolute path'
	[ "$(control_bytes)" -eq 0 ]
}

@test "badinput: invalid UTF-8" {
	update_config '.hostname = "HOSTNAME_PLACEHOLDER"'
	sed -i 's/HOSTNAME_PLACEHOLDER/\xff\xfe\xc3/' "$BUNDLE/config.json"
	refused_both "$ID" 'config\.json.*(UTF-8|utf8|parse error)'
}

@test "badinput: relative cwd, empty args, relative mount destination" {
	update_config '.process.cwd = "tmp"'
	refused create "$ID" 'process\.cwd: "tmp" is not an absolute path'
	setup_bundle
	update_config '.process.args = []'
	refused create "$ID" 'process\.args: must not be empty'
}

@test "badinput: the same id twice: the second create fails, the first is untouched" {
	update_config '.process.args = ["sleep", "100"]'
	"$BERTH" --root "$BERTH_ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&-
	local pid
	pid=$(berth state "$ID" | jq -r .pid)
	run berth create --bundle "$BUNDLE" "$ID"
	[ "$status" -ne 0 ]
	assert_output --regexp "already exists"
	[ "$(berth state "$ID" | jq -r .status)" = created ]
	[ "$(berth state "$ID" | jq -r .pid)" = "$pid" ]
	kill -0 "$pid"
}

@test "badinput: numeric flags beyond their type are refused, not truncated (fuzz-cli finding)" {
	local n
	for n in 4294967296 2147483648 99999999999999999999 -1 ''; do
		run berth create --preserve-fds "$n" --bundle "$BUNDLE" "$ID"
		[ "$status" -ne 0 ]
		assert_output --partial -- '--preserve-fds'
		run berth run --preserve-fds "$n" --bundle "$BUNDLE" "$ID"
		[ "$status" -ne 0 ]
		assert_output --partial -- '--preserve-fds'
		run berth exec --preserve-fds "$n" "$ID" true
		assert_failure
		assert_output --partial -- '--preserve-fds'
		run berth exec --additional-gids "$n" "$ID" true
		assert_failure
		assert_output --partial -- '--additional-gids'
	done
	# a duration beyond what a long holds in ms, NaN, infinity, negative
	for n in 1e300 99999999999999999999h nan inf -1; do
		run berth events --interval "$n" "$ID"
		assert_failure
		assert_output --partial -- '--interval: invalid duration'
	done
	host_clean "$ID"
}
