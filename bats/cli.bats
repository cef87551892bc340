#!/usr/bin/env bats
# cli.bats: berth's command line as runc users expect it: help, version,
# errors for unknown commands and flags, runc's JSON log lines, the default
# state root and --systemd-cgroup on a host without systemd.

load helpers

setup() {
	bats_require_minimum_version 1.5.0
	setup_common
}

teardown() {
	teardown_common
}

COMMANDS="create start run state kill delete list exec ps pause resume update events spec features"

@test "--help lists every command and the global options" {
	run berth --help
	assert_success
	assert_line --index 0 "Usage: berth [global options] COMMAND [options] ARGS"
	for cmd in $COMMANDS; do
		assert_line --regexp "^  $cmd +[a-z]"
	done
	for opt in --root --log --log-format --debug --systemd-cgroup --rootless --version --help; do
		assert_output --partial -- "$opt"
	done
}

@test "COMMAND --help prints that command's usage and exits 0" {
	for cmd in $COMMANDS; do
		run berth "$cmd" --help
		assert_success
		assert_line --index 0 --partial "Usage: berth $cmd"
	done
}

@test "help COMMAND is COMMAND --help (as runc)" {
	run berth help spec
	assert_success
	assert_line --index 0 --partial "Usage: berth spec"
	run berth help
	assert_success
	assert_line --index 0 --partial "Usage: berth"
}

@test "no command: usage on stderr, non-zero exit" {
	run --separate-stderr "$BERTH"
	assert_failure
	[ -z "$output" ]
	[[ "$stderr" == *"Usage: berth"* ]]
}

@test "--version: berth version, spec 1.3.0, the libraries it runs with" {
	run berth --version
	assert_success
	assert_line --index 0 --regexp '^berth version [0-9]+\.[0-9]+\.[0-9]+$'
	assert_line --index 1 "spec: 1.3.0"
	# the versions reported are the ones really installed
	local seccomp yajl nl cap
	seccomp=$(pkg-config --modversion libseccomp)
	yajl=$(pkg-config --modversion yajl)
	nl=$(pkg-config --modversion libnl-3.0)
	cap=$(pkg-config --modversion libcap)
	assert_line "libseccomp: $seccomp"
	assert_line "yajl: $yajl"
	assert_line "libnl: $nl"
	assert_line "libcap: $cap"
	run berth -v
	assert_success
	assert_line --index 0 --regexp '^berth version '
}

@test "--version matches configure's version" {
	local want
	want=$(sed -n 's/^AC_INIT(\[berth\], \[\([^]]*\)\].*/\1/p' "$BATS_TEST_DIRNAME/../configure.ac")
	run berth --version
	assert_line --index 0 "berth version $want"
}

@test "unknown command: non-zero exit, names it, usage hint" {
	run berth nosuchcommand
	assert_failure
	assert_output --partial 'unknown command "nosuchcommand"'
	assert_output --partial "berth --help"
}

@test "unknown global flag: non-zero exit, names it, usage hint" {
	run berth --no-such-flag features
	assert_failure
	assert_output --partial "unknown global option --no-such-flag"
	assert_output --partial "berth --help"
	run berth -x features
	assert_failure
	assert_output --partial "unknown global option -x"
}

@test "unknown command flag: non-zero exit, names it, command usage hint" {
	run berth spec --no-such-flag
	assert_failure
	assert_output --partial "unknown option --no-such-flag"
	assert_output --partial "berth spec --help"
	run berth features --bogus
	assert_failure
	assert_output --partial "unknown option --bogus"
}

@test "ID-only commands (start state pause resume) parse alike: unknown flag named, one ID, -h" {
	local cmd
	for cmd in start state pause resume; do
		run berth "$cmd" --bogus some-id
		assert_failure
		assert_output --partial "berth $cmd: unknown option --bogus"
		run berth "$cmd" a b
		assert_failure
		assert_output --partial "berth $cmd: expected exactly one container ID"
		run berth "$cmd" -h
		assert_success
		assert_line --index 0 "Usage: berth $cmd ID"
		run berth "$cmd" no-such-id
		assert_failure
		assert_output 'berth: container "no-such-id" does not exist'
	done
}

@test "a flag without its argument is an error" {
	run "$BERTH" --root
	assert_failure
	assert_output --partial "option --root needs an argument"
	run berth spec --bundle
	assert_failure
	assert_output --partial "option --bundle needs an argument"
}

@test "--log-format accepts text and json only" {
	run berth --log-format xml features
	assert_failure
	assert_output --partial 'unknown format "xml"'
	run berth --log-format text features
	assert_success
}

@test "--log FILE --log-format json: errors are runc's JSON lines in FILE" {
	local log=$TEST_TMP/log.json
	run berth --log "$log" --log-format json nosuchcommand
	assert_failure
	# the human message still reaches stderr
	assert_output --partial 'unknown command "nosuchcommand"'
	[ "$(wc -l <"$log")" -eq 1 ]
	jq -e '.level == "error" and .msg == "unknown command \"nosuchcommand\""' "$log"
	# RFC 3339 UTC time that jq can parse
	jq -e '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$")' "$log"
	jq -e '(.time | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) > 1600000000' "$log"
	# a second failure appends a second line
	run berth --log "$log" --log-format json spec --bundle "$TEST_TMP/missing"
	assert_failure
	[ "$(wc -l <"$log")" -eq 2 ]
	tail -n1 "$log" | jq -e '.level == "error" and (.msg | contains("missing/config.json"))'
}

@test "--log-format json without --log: the JSON line goes to stderr (as runc)" {
	run --separate-stderr berth --log-format json nosuchcommand
	assert_failure
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	printf '%s\n' "$stderr" | jq -e '.level == "error" and .msg == "unknown command \"nosuchcommand\""'
}

@test "a message with quotes, backslashes and newlines stays valid JSON" {
	local log=$TEST_TMP/log.json name
	name=$(printf 'bad"name\\with\nnewline\ttab')
	run berth --log "$log" --log-format json "$name"
	assert_failure
	[ "$(wc -l <"$log")" -eq 1 ]
	jq -e --arg m "unknown command \"$name\"" '.msg == $m' "$log"
}

@test "--log FILE in text format: logrus-style line" {
	local log=$TEST_TMP/log.txt
	run berth --log "$log" nosuchcommand
	assert_failure
	run cat "$log"
	assert_output --regexp '^time="[0-9T:.Z-]+" level=error msg="unknown command \\"nosuchcommand\\""$'
}

@test "--debug logs the state root; root uses /run/berth, --root overrides" {
	run --separate-stderr "$BERTH" --debug features
	assert_success
	[[ "$stderr" == *"state root /run/berth"* ]]
	run --separate-stderr "$BERTH" --root "$TEST_TMP/r" --debug features
	[[ "$stderr" == *"state root $TEST_TMP/r"* ]]
	# --debug with --log --log-format json: a debug JSON line in the file
	run "$BERTH" --debug --log "$TEST_TMP/d.json" --log-format json features
	assert_success
	jq -e 'select(.level == "debug") | .msg | contains("state root")' "$TEST_TMP/d.json"
}

@test "a non-root user's default state root is \$XDG_RUNTIME_DIR/berth" {
	id nobody >/dev/null 2>&1 || skip "no user nobody"
	chmod 755 "$TEST_TMP"
	run su nobody -s /bin/sh -c "XDG_RUNTIME_DIR=$TEST_TMP/xdg '$BERTH' --debug features 2>&1 >/dev/null"
	assert_success
	assert_output --partial "state root $TEST_TMP/xdg/berth"
}

@test "--systemd-cgroup without systemd: clear error for the commands that use cgroups" {
	[ -d /run/systemd/system ] && skip "systemd is running on this host"
	for cmd in create run exec update pause resume ps events; do
		run berth --systemd-cgroup "$cmd" test-id
		assert_failure
		assert_output --partial "--systemd-cgroup: systemd is not running on this host (/run/systemd/system missing)"
	done
	# commands that never touch cgroups are not refused
	run berth --systemd-cgroup features
	assert_success
	run berth --systemd-cgroup spec --bundle "$TEST_TMP"
	assert_success
}

@test "--rootless takes true, false or auto" {
	for v in true false auto; do
		run berth --rootless="$v" features
		assert_success
	done
	# runc also takes the value as the next argument
	run berth --rootless false features
	assert_success
	run berth --rootless features
	assert_success
	run berth --rootless=maybe features
	assert_failure
	assert_output --partial 'expected true, false or auto, got "maybe"'
}

# Complete COMP_WORDS with contrib/completion/berth.bash; bash-completion's
# own helpers are stubbed (the package need not be installed).
complete_words() {
	bash -c '
		_init_completion() { words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${words[cword]}; prev=${words[cword-1]}; }
		_filedir() { COMPREPLY=(FILEDIR); }
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_berth
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BATS_TEST_DIRNAME/../contrib/completion/berth.bash" "$BERTH" "$@"
}

@test "bash completion: commands, global options, command options, values" {
	run complete_words sp
	assert_success
	assert_output "spec"
	run complete_words ""
	assert_line "create"
	assert_line "features"
	assert_line "help"
	[ "$(grep -c '^help$' <<<"$output")" -eq 1 ]
	run complete_words --log-f
	assert_output "--log-format"
	run complete_words --log-format ""
	assert_line "json"
	assert_line "text"
	# options come from `berth spec --help`
	run complete_words spec --
	assert_line "--bundle"
	assert_line "--rootless"
	run complete_words spec --bundle ""
	assert_output "FILEDIR"
	# global options before the command are skipped over
	run complete_words --root /tmp spec --r
	assert_output "--rootless"
}

@test "man page berth.8 documents every command and global option of --help" {
	local man=$BATS_TEST_DIRNAME/../man/berth.8.md cmd opt
	for cmd in $("$BERTH" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'); do
		[ "$cmd" = help ] && continue
		grep -q -- "^\*\*$cmd\*\*" "$man" || grep -q -- "\*\*$cmd\*\*, \*\*" "$man" || grep -q -- ", \*\*$cmd\*\*" "$man" ||
			fail "berth.8.md does not document the command $cmd"
	done
	for opt in $("$BERTH" --help | sed -n '/^Global options:/,$p' | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		grep -q -- "\*\*$opt\*\*" "$man" || fail "berth.8.md does not document $opt"
	done
}

@test "man pages build with go-md2man" {
	command -v go-md2man >/dev/null || skip "go-md2man not installed"
	local md
	for md in "$BATS_TEST_DIRNAME"/../man/*.8.md; do
		go-md2man -in "$md" -out "$TEST_TMP/page.8"
		grep -q '^\.TH ' "$TEST_TMP/page.8" || fail "$md: no .TH header"
		grep -q '^\.SH NAME' "$TEST_TMP/page.8" || fail "$md: no NAME section"
	done
}
