#!/usr/bin/env bats
# bench.bats: smoke test of the benchmark harness (contrib/bench/run) with tiny
# counts -- it must run every scenario, print its table and targets, and leave
# nothing behind.  Correctness only: no timing is ever asserted.

load helpers

BENCH_RUN=$BATS_TEST_DIRNAME/../contrib/bench/run

setup() {
	setup_common
}

teardown() {
	teardown_common
}

# The cgroup prefix and the work dir the run announced, from its output.
bench_prefix() { sed -n 's|.*cgroupsPath /\(berth-bench\.[0-9]*\)/.*|\1|p' <<<"$output" | head -1; }
bench_workdir() { sed -n 's|^state and bundles: \([^ ]*\).*|\1|p' <<<"$output" | head -1; }

@test "bench: tiny run prints every scenario's table, the targets, and cleans up" {
	runtimes=floor
	command -v crun >/dev/null && runtimes=$runtimes,crun
	command -v runc >/dev/null && runtimes=$runtimes,runc
	[ -x "$BERTH" ] && runtimes=$runtimes,berth
	run "$BENCH_RUN" --iterations 2 --fill 3 --fill-rounds 1 --runtimes "$runtimes" \
		--berth "$BERTH" --json "$TEST_TMP/bench.json"
	echo "$output"
	assert_success
	assert_output --partial "/sys/fs/cgroup/unified unmounted"
	assert_output --partial "== run /bin/true"
	assert_output --partial "== create + start + wait + delete"
	assert_output --partial "== exec /bin/true into a running container"
	assert_output --partial "== 3 containers alive at once"
	assert_output --partial "== targets (berth, medians)"
	assert_line --regexp '^  floor +run +[0-9]+\.[0-9]+ \['
	# the isolation check reads /proc/PID/ns and /proc/PID/cgroup of a live container
	assert_line "isolation check: floor  new namespaces: pid,net,ipc,uts,mnt,cgroup by construction; no cgroup (by design)"
	assert_line --regexp '^  floor +exec +[0-9]+\.[0-9]+ \['
	# the floor variants that join cgroups ran (their cgroups are checked below)
	assert_line --regexp '^  floor\+cg-procs +run +[0-9]+\.[0-9]+ \['
	assert_line --regexp '^  floor\+cg-(self|clone3) +run +[0-9]+\.[0-9]+ \['
	if [[ $runtimes == *crun* ]]; then
		assert_line --regexp '^  crun +total +[0-9]+\.[0-9]+ \['
		assert_line --regexp '^  crun +wall +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+ '
		refute_output --partial "crun: FAILED"
		assert_line --regexp '^isolation check: crun +new namespaces: pid,net,ipc,uts,mnt,cgroup; in its cgroupsPath in ([1-9][0-9]*)/\1 hierarchies$'
	fi
	# five targets, each with a verdict
	[ "$(grep -cE '^  (PASS|MISS|n/a )\*? ' <<<"$output")" -eq 5 ]

	# every recorded sample really ran: floor run/exec exited 0 with a wall time
	jq -e '.results.run.floor.run | length == 2 and all(.status == "exit:0" and .wall_ms > 0)' \
		"$TEST_TMP/bench.json"
	jq -e '.results.exec.floor.exec | length == 2 and all(.status == "exit:0")' "$TEST_TMP/bench.json"

	# nothing left: no cgroup under the run's prefix in any hierarchy (also
	# the plain tmpfs dir below the hidden cgroup2 mount), no work dir
	prefix=$(bench_prefix)
	workdir=$(bench_workdir)
	[ -n "$prefix" ] && [ -n "$workdir" ]
	[ ! -e "$workdir" ]
	run ls -d /sys/fs/cgroup/$prefix /sys/fs/cgroup/*/$prefix
	assert_failure
	run unshare -m --propagation private sh -c \
		"umount /sys/fs/cgroup/unified 2>/dev/null; ls -d /sys/fs/cgroup/unified/$prefix"
	assert_failure
}

@test "bench: --help names the options" {
	run "$BENCH_RUN" --help
	assert_success
	assert_output --partial "--iterations"
	assert_output --partial "--runtimes"
}
