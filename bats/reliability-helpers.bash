# reliability-helpers.bash: checks shared by badinput, reliability and
# concurrency.bats (loaded after helpers.bash).

# test_processes: "PID CMDLINE" of every process that belongs to this test:
# its root is in $TEST_TMP (a pivoted container process shows "/" as its
# root link, so the root mount's source path in its mountinfo is used), or
# its command line names $TEST_TMP (a berth working on this test's state
# root: an init before exec, an exec joiner, a hook script).
test_processes() {
	local p cmd
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$$" ] && continue
		cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
		if [[ "$cmd" == *"$TEST_TMP"* ]] ||
			awk -v t="$TEST_TMP" '$5 == "/" && index($4, t) == 1 { f = 1 } END { exit !f }' \
				"$p/mountinfo" 2>/dev/null; then
			echo "${p#/proc/} $cmd"
		fi
	done
}

# container_cmdlines: the command lines of the processes in the test's rootfs
container_cmdlines() {
	local p
	for p in /proc/[0-9]*; do
		awk -v t="$TEST_TMP" '$5 == "/" && index($4, t) == 1 { f = 1 } END { exit !f }' \
			"$p/mountinfo" 2>/dev/null || continue
		tr '\0' ' ' 2>/dev/null <"$p/cmdline" | sed 's/ $//'
		echo
	done
}

# no_test_processes: fails (listing them) when a process of this test lives.
no_test_processes() {
	local left
	left=$(test_processes)
	[ -z "$left" ] || { echo "processes left: $left"; return 1; }
}
