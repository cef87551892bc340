#!/usr/bin/env bats
# concurrency.bats: berth driven the way engines drive it: many containers at
# once, racing creates of one id, kill/delete/state racing each other and the
# container's own exit; `run` forwarding signals; closed or full stdio.
# Never a hang (every berth runs under timeout), a crash (status >= 128 from
# berth itself) or a leftover (state dir, cgroup, mount, process).

load helpers
load reliability-helpers

setup() {
	setup_common
	setup_bundle
	CG_PREFIX=berth-conc-$$-$BATS_TEST_NUMBER
	update_config ".linux.cgroupsPath = \"/$CG_PREFIX/c\""
}

teardown() {
	teardown_common
	find /sys/fs/cgroup -depth -type d -path "*/$CG_PREFIX*" -exec rmdir {} \; 2>/dev/null || true
}


# bundle_for ID: a config.json for ID (own cgroupsPath) in $TEST_TMP/b-ID,
# sharing the rootfs of $BUNDLE
bundle_for() {
	local id=$1 b=$TEST_TMP/b-$1
	mkdir -p "$b"
	ln -sfn "$BUNDLE/rootfs" "$b/rootfs"
	jq ".linux.cgroupsPath = \"/$CG_PREFIX/$id\"" "$BUNDLE/config.json" >"$b/config.json"
	echo "$b"
}

nothing_left() {
	local left
	[ -z "$(ls -A "$BERTH_ROOT")" ] || { echo "state left: $(ls -A "$BERTH_ROOT")"; return 1; }
	left=$(find /sys/fs/cgroup -type d -path "*/$CG_PREFIX/*" 2>/dev/null)
	[ -z "$left" ] || { echo "cgroups left: $left"; return 1; }
	! grep -F " $TEST_TMP" /proc/self/mountinfo || { echo "mounts left"; return 1; }
	no_test_processes
}

wait_running() {
	local id=$1 i
	for i in $(seq 100); do
		[ "$(berth state "$id" 2>/dev/null | jq -r .status)" = running ] && return 0
		sleep 0.1
	done
	return 1
}

@test "concurrency: 50 parallel runs with distinct ids" {
	update_config '.process.args = ["sh", "-c", "echo pid=$$ host=$(hostname)"]'
	local i b
	for i in $(seq 50); do
		b=$(bundle_for "r$i")
		(
			rc=0
			timeout 120 "$BERTH" --root "$BERTH_ROOT" run --bundle "$b" "r$i" \
				</dev/null >"$TEST_TMP/out-$i" 2>&1 || rc=$?
			echo "$rc" >"$TEST_TMP/rc-$i"
		) &
	done
	wait
	for i in $(seq 50); do
		[ "$(cat "$TEST_TMP/rc-$i")" = 0 ] || { echo "r$i: rc $(cat "$TEST_TMP/rc-$i"): $(cat "$TEST_TMP/out-$i")"; false; }
		# each saw itself as pid 1 of its own namespace
		grep -q '^pid=1 ' "$TEST_TMP/out-$i"
	done
	nothing_left
}

@test "concurrency: 20 parallel creates of one id: exactly one wins" {
	update_config '.process.args = ["sleep", "100"]'
	local i b wins=0 exists=0
	b=$(bundle_for same)
	for i in $(seq 20); do
		(
			rc=0
			timeout 60 "$BERTH" --root "$BERTH_ROOT" create --bundle "$b" same \
				</dev/null >"$TEST_TMP/out-$i" 2>&1 3>&- || rc=$?
			echo "$rc" >"$TEST_TMP/rc-$i"
		) &
	done
	wait
	for i in $(seq 20); do
		case $(cat "$TEST_TMP/rc-$i") in
		0) wins=$((wins + 1)) ;;
		1)
			grep -q 'already exists' "$TEST_TMP/out-$i" || { echo "loser $i: $(cat "$TEST_TMP/out-$i")"; false; }
			exists=$((exists + 1))
			;;
		*) echo "create $i: rc $(cat "$TEST_TMP/rc-$i"): $(cat "$TEST_TMP/out-$i")"; false ;;
		esac
	done
	[ "$wins" -eq 1 ]
	[ "$exists" -eq 19 ]
	# the winner's state is intact and its init alive
	run berth state same
	assert_success
	[ "$(jq -r .status <<<"$output")" = created ]
	kill -0 "$(jq -r .pid <<<"$output")"
	[ "$(berth list -q)" = same ]
	berth start same
	wait_running same
	run berth delete --force same
	assert_success
	nothing_left
}

@test "concurrency: parallel kill, state and delete on one container" {
	update_config '.process.args = ["sleep", "100"]'
	local b i rc
	b=$(bundle_for k)
	"$BERTH" --root "$BERTH_ROOT" run -d --bundle "$b" k </dev/null >/dev/null 2>&1 3>&-
	wait_running k
	for i in $(seq 10); do
		(timeout 60 "$BERTH" --root "$BERTH_ROOT" state k >"$TEST_TMP/state-$i" 2>&1; echo $? >"$TEST_TMP/src-$i") &
		(timeout 60 "$BERTH" --root "$BERTH_ROOT" kill k KILL >/dev/null 2>&1; echo $? >"$TEST_TMP/krc-$i") &
	done
	for i in $(seq 5); do
		(timeout 60 "$BERTH" --root "$BERTH_ROOT" delete --force k >"$TEST_TMP/del-$i" 2>&1; echo $? >"$TEST_TMP/drc-$i") &
	done
	wait
	for f in "$TEST_TMP"/src-* "$TEST_TMP"/krc-* "$TEST_TMP"/drc-*; do
		rc=$(cat "$f")
		# 0 or a clean error (1); 124 = hung, >= 128 = crashed
		[ "$rc" -le 1 ] || { echo "$f: rc $rc"; false; }
	done
	# every state answer is a state document or "does not exist"
	for i in $(seq 10); do
		jq -e .status "$TEST_TMP/state-$i" >/dev/null 2>&1 || grep -q 'does not exist' "$TEST_TMP/state-$i" ||
			{ echo "state $i: $(cat "$TEST_TMP/state-$i")"; false; }
	done
	# at least one delete won; the others found it gone or busy
	grep -h . "$TEST_TMP"/drc-* | grep -qx 0
	run berth delete --force k
	nothing_left
}

@test "concurrency: delete racing the container's own exit" {
	local i b rc
	for i in $(seq 15); do
		b=$(bundle_for "x$i")
		jq ".process.args = [\"sh\", \"-c\", \"usleep $((RANDOM % 40000))\"]" "$b/config.json" >"$b/c" &&
			mv "$b/c" "$b/config.json"
		"$BERTH" --root "$BERTH_ROOT" run -d --bundle "$b" "x$i" </dev/null >/dev/null 2>&1 3>&-
		rc=0
		if [ $((i % 2)) -eq 0 ]; then
			timeout 60 "$BERTH" --root "$BERTH_ROOT" delete --force "x$i" || rc=$?
			[ "$rc" -eq 0 ]
		else
			# without --force: either "not stopped" (still running) or gone
			timeout 60 "$BERTH" --root "$BERTH_ROOT" delete "x$i" >"$TEST_TMP/del" 2>&1 || rc=$?
			[ "$rc" -le 1 ]
			[ "$rc" -eq 0 ] || grep -q 'not stopped' "$TEST_TMP/del"
			timeout 60 "$BERTH" --root "$BERTH_ROOT" delete --force "x$i" >/dev/null 2>&1 || true
		fi
	done
	nothing_left
}

# ---- signals and stdio --------------------------------------------------------

@test "signals: run forwards each signal and returns 128+N" {
	# Without a pid namespace the program is not pid 1, so the default action
	# of each signal applies to it (pid 1 of a namespace ignores them).
	update_config '.linux.namespaces |= map(select(.type != "pid")) | .process.args = ["sleep", "100"]'
	local sig n bpid rc b
	for sig in HUP INT QUIT USR1 USR2 TERM ALRM PIPE; do
		n=$(kill -l "$sig")
		b=$(bundle_for "s$sig")
		# an async job of a non-interactive shell starts with INT and QUIT
		# ignored (and an ignored signal never reaches a signalfd): reset
		env --default-signal=INT,QUIT "$BERTH" --root "$BERTH_ROOT" run --bundle "$b" "s$sig" </dev/null >/dev/null 2>&1 3>&- &
		bpid=$!
		wait_running "s$sig"
		kill -s "$sig" "$bpid"
		rc=0
		timeout 30 tail --pid="$bpid" -f /dev/null || { echo "berth run did not exit after SIG$sig"; false; }
		wait "$bpid" || rc=$?
		echo "SIG$sig: berth run returned $rc"
		[ "$rc" -eq $((128 + n)) ]
	done
	nothing_left
}

@test "signals: run forwards a signal that was ignored when berth started (SIG_IGN inherited)" {
	# Regression: an async job of a non-interactive shell starts with INT and
	# QUIT ignored, and an ignored signal never reaches berth's signalfd, so
	# `kill -INT` of `berth run &` was silently dropped (runc forwards it).
	update_config '.process.args = ["sh", "-c", "trap \"echo INT >/tmp/got; exit 7\" INT; trap \"echo QUIT >/tmp/got; exit 8\" QUIT; echo ready >/tmp/ready; while :; do sleep 0.1; done"]'
	local sig bpid rc want
	for sig in INT QUIT; do
		rm -f "$BUNDLE/rootfs/tmp/got" "$BUNDLE/rootfs/tmp/ready"
		bash -c 'trap "" INT QUIT; exec "$0" --root "$1" run --bundle "$2" "$3"' \
			"$BERTH" "$BERTH_ROOT" "$BUNDLE" "ign$sig" </dev/null >/dev/null 2>&1 3>&- &
		bpid=$!
		wait_running "ign$sig"
		for i in $(seq 100); do [ -e "$BUNDLE/rootfs/tmp/ready" ] && break; sleep 0.1; done
		kill -s "$sig" "$bpid"
		rc=0
		timeout 10 tail --pid="$bpid" -f /dev/null || {
			berth kill "ign$sig" KILL 2>/dev/null; wait "$bpid" || true
			echo "SIG$sig sent to berth never reached the container"; false; }
		wait "$bpid" || rc=$?
		want=7; [ "$sig" = QUIT ] && want=8
		echo "SIG$sig: rc $rc, container saw: $(cat "$BUNDLE/rootfs/tmp/got" 2>/dev/null)"
		[ "$(cat "$BUNDLE/rootfs/tmp/got")" = "$sig" ]
		[ "$rc" -eq "$want" ]
	done
	nothing_left
}

@test "stdio: a closed stdout does not hang berth" {
	update_config '.process.args = ["sh", "-c", "echo hello; echo again"]'
	local rc=0
	timeout 30 "$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" c1 </dev/null >&- 2>/dev/null || rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]
	rc=0
	timeout 30 "$BERTH" --root "$BERTH_ROOT" list >&- 2>/dev/null || rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ]
	rc=0
	timeout 30 "$BERTH" --root "$BERTH_ROOT" features >&- 2>/dev/null || rc=$?
	[ "$rc" -eq 1 ]
	berth delete --force c1 >/dev/null 2>&1 || true
	nothing_left
}

@test "stdio: the reader of run's output goes away (plain and terminal proxy)" {
	local rc
	# a program that writes ~300 KiB and ends
	update_config '.process.args = ["sh", "-c", "i=0; while [ $i -lt 30000 ]; do echo line $i; i=$((i+1)); done"]'
	# plain: the program writes into the pipe itself
	rc=0
	timeout -k 5 60 bash -c '"$0" --root "$1" run --bundle "$2" p1 </dev/null | head -c 1000 >/dev/null; exit ${PIPESTATUS[0]}' \
		"$BERTH" "$BERTH_ROOT" "$BUNDLE" || rc=$?
	echo "plain: $rc"
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ]
	# terminal: berth copies the pty to its stdout; EPIPE must not make it
	# hang or die leaving the container behind
	update_config '.process.terminal = true'
	rc=0
	timeout -k 5 60 bash -c '"$0" --root "$1" run --bundle "$2" t1 </dev/null | head -c 1000 >/dev/null; exit ${PIPESTATUS[0]}' \
		"$BERTH" "$BERTH_ROOT" "$BUNDLE" || rc=$?
	echo "terminal: $rc"
	[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ]
	nothing_left
}

@test "stdio: terminal run whose reader is gone: no SIGPIPE reaches the container, its exit code comes back" {
	# Regression (issue #9, container-run.c): after EPIPE on its stdout,
	# `run` kept writing, forwarded its own SIGPIPE to the container and
	# could stop draining the pty (the program then blocks on a full pty).
	# The program counts SIGPIPEs in a file on a bind mount and writes
	# ~400 KiB long after the reader left.
	mkdir "$TEST_TMP/rec"
	update_config '.process.terminal = true
		| .mounts += [{"destination": "/rec", "type": "bind", "source": "'"$TEST_TMP/rec"'", "options": ["rbind", "rw"]}]
		| .process.args = ["sh", "-c", "trap \"echo pipe >>/rec/sigpipes\" PIPE; i=0; while [ $i -lt 40000 ]; do echo line $i; i=$((i+1)); done; echo done >/rec/end; exit 7"]'
	local rc=0
	timeout -k 5 30 bash -c '"$0" --root "$1" run --bundle "$2" tp </dev/null 2>"$3" | head -c 100 >/dev/null; exit ${PIPESTATUS[0]}' \
		"$BERTH" "$BERTH_ROOT" "$BUNDLE" "$TEST_TMP/err" || rc=$?
	echo "run: $rc; stderr: $(cat "$TEST_TMP/err")"
	echo "SIGPIPEs the container got: $(cat "$TEST_TMP/rec/sigpipes" 2>/dev/null | wc -l)"
	# the program wrote everything (never blocked on the pty) and ended
	[ "$(cat "$TEST_TMP/rec/end")" = done ]
	[ ! -e "$TEST_TMP/rec/sigpipes" ]
	# the container's own exit code, not a hang (124) or berth's SIGPIPE (141)
	[ "$rc" -eq 7 ]
	nothing_left
}

@test "stdio: a full stdout pipe blocks only the program; kill and delete still work" {
	update_config '.process.args = ["yes"]'
	mkfifo "$TEST_TMP/fifo"
	# hold the read end open without reading: the pipe fills up
	exec 5<>"$TEST_TMP/fifo"
	"$BERTH" --root "$BERTH_ROOT" run --bundle "$BUNDLE" full </dev/null >"$TEST_TMP/fifo" 2>/dev/null 3>&- &
	local bpid=$! rc=0
	wait_running full
	sleep 1
	timeout 30 "$BERTH" --root "$BERTH_ROOT" kill full KILL
	timeout 30 tail --pid="$bpid" -f /dev/null || { exec 5>&-; echo "berth run hung on a full pipe"; false; }
	wait "$bpid" || rc=$?
	exec 5>&-
	[ "$rc" -eq 137 ]
	nothing_left
}
