#!/bin/bash
# vm-lanes.sh: bats/cgroups.bats inside the QEMU VM of ../shared/vm, once with
# pure cgroup v2 and once with pure cgroup v1 (this host is hybrid), as one
# TAP stream ("ok N - [v2] ..."), so tests/run-all.sh counts every result.
# A lane whose VM fails, or that reports fewer tests than it planned, counts
# the missing ones as failures.  Usage: tests/vm-lanes.sh [v2] [v1]
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
vm=""
for d in "$repo/../shared/vm" "$repo/../../shared/vm"; do
	[ -x "$d/run-in-vm.sh" ] && vm=$d && break
done
lanes=("$@")
[ ${#lanes[@]} -eq 0 ] && lanes=(v2 v1)
if [ -z "$vm" ]; then
	echo "1..0 # skip ../shared/vm/run-in-vm.sh not found"
	exit 0
fi
if [ ! -x "$repo/berth" ]; then
	echo "1..1"
	echo "not ok 1 - berth is not built (run make first)"
	exit 1
fi

n=0
failed=0
for lane in "${lanes[@]}"; do
	log=$(mktemp /tmp/berth-vm-lane.XXXXXX)
	"$vm/run-in-vm.sh" -t "${VM_LANE_TIMEOUT:-1200}" --cgroup "$lane" "$repo" -- \
		bats --tap bats/cgroups.bats >"$log" 2>&1
	status=$?
	planned=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$log" | head -1)
	seen=0
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			n=$((n + 1))
			seen=$((seen + 1))
			[[ $line == "not ok "* ]] && failed=$((failed + 1))
			# renumber, tag with the lane
			echo "$line" | sed -E "s/^(not ok|ok) [0-9]+ /\\1 $n [$lane] /"
			;;
		"1.."*) ;;
		*) echo "# [$lane] $line" ;;
		esac
	done <"$log"
	if [ -z "$planned" ]; then
		n=$((n + 1))
		failed=$((failed + 1))
		echo "not ok $n - [$lane] the VM lane printed no TAP plan (exit status $status)"
	else
		while [ "$seen" -lt "$planned" ]; do
			n=$((n + 1))
			seen=$((seen + 1))
			failed=$((failed + 1))
			echo "not ok $n - [$lane] test $seen of $planned did not report (exit status $status)"
		done
	fi
	rm -f "$log"
done
echo "1..$n"
[ "$failed" -eq 0 ]
