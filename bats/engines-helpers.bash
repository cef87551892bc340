# engines-helpers.bash: set-up shared by bats/podman.bats and
# bats/containerd.bats: which runtime the engines drive (ENGINE_RUNTIME), the
# busybox OCI image, and the clean-up of what the engines leave on the host.
# It never touches the host's own podman/containerd state: every engine runs
# on storage, state dirs, sockets and cgroups under names this file makes.

# The runtime under test, by absolute path: ENGINE_RUNTIME=/usr/sbin/runc
# runs the same suites with runc, which shows they test the engines.
ENGINE_RUNTIME=${ENGINE_RUNTIME:-${BERTH:-$BATS_TEST_DIRNAME/../berth}}
ENGINE_RUNTIME=$(readlink -f "$ENGINE_RUNTIME")
ENGINES_REPO=$(cd "$BATS_TEST_DIRNAME/.." && pwd)

# Every test here talks to an engine that talks to a runtime: give each
# engine command time, but never hang CI.
: "${BATS_TEST_TIMEOUT:=120}"

load_engine_libs() {
	bats_load_library bats-support
	bats_load_library bats-assert
}

# engines_require_tools TOOL...: these suites need the engines installed
# (contrib/deps.txt lists them; tests/run-all.sh installs them).
engines_require_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || {
			echo "# $t is not installed (contrib/install-deps.sh installs it)" >&3
			return 1
		}
	done
	[ -x "$ENGINE_RUNTIME" ] || {
		echo "# ENGINE_RUNTIME $ENGINE_RUNTIME is not an executable" >&3
		return 1
	}
}

# build_busybox_image OUT.tar: the OCI archive of busybox-static.
build_busybox_image() {
	"$ENGINES_REPO/contrib/oci-image/busybox-image.sh" -n "$ENGINES_IMAGE" "$1" >/dev/null
}
ENGINES_IMAGE=localhost/berth-busybox:latest

# cgroup_tree_remove NAME: remove the cgroup NAME (a top-level name this
# suite made, never a host one) in every hierarchy, children first.  Plain
# directories that engines make on the /sys/fs/cgroup tmpfs for hierarchies
# that are not mounted go too.  Processes still inside (a failed test) are
# killed first: they can only be the test's own.
cgroup_tree_remove() {
	local name=$1 top dir i
	[ -n "$name" ] && [[ $name != */* ]] || return 0
	for top in /sys/fs/cgroup/"$name" /sys/fs/cgroup/*/"$name"; do
		[ -d "$top" ] || continue
		for i in 1 2 3 4 5 6 7 8 9 10; do
			find "$top" -name cgroup.procs -exec cat {} + 2>/dev/null |
				xargs -r kill -9 2>/dev/null
			find "$top" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$top" ] || break
			sleep 0.2
		done
		[ -d "$top" ] && echo "# could not remove cgroup $top" >&3
	done
	return 0
}

# umount_under DIR: unmount whatever an engine left mounted under DIR
# (deepest first), so that DIR can be removed.
umount_under() {
	local dir=$1 m
	[ -n "$dir" ] || return 0
	awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null
	done
}

# kill_pidfile FILE: stop the daemon whose pid FILE holds (SIGTERM, then
# SIGKILL after 10 s), only if that pid still runs the program we started.
kill_pidfile() {
	local file=$1 exe=$2 pid i
	[ -f "$file" ] || return 0
	pid=$(cat "$file")
	[ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
	[ -z "$exe" ] || [ "$(readlink "/proc/$pid/exe")" = "$exe" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 50); do
		[ -d "/proc/$pid" ] || return 0
		sleep 0.2
	done
	kill -KILL "$pid" 2>/dev/null
}

# remember_absent PATH...: note which of these host paths do not exist yet,
# so that forget_created removes only what this suite created.
remember_absent() {
	local p
	for p in "$@"; do
		[ -e "$p" ] || echo "$p" >>"$ENGINES_TMP/created-paths"
	done
}

# forget_created: remove the host paths remember_absent noted as absent
# (files, then directories only when empty), last noted first.
forget_created() {
	local p
	[ -f "$ENGINES_TMP/created-paths" ] || return 0
	tac "$ENGINES_TMP/created-paths" | while read -r p; do
		if [ -d "$p" ]; then
			rmdir "$p" 2>/dev/null
		elif [ -e "$p" ]; then
			rm -f "$p"
		fi
	done
}

# wait_for TRIES CMD...: retry CMD every 0.2 s until it succeeds.
wait_for() {
	local tries=$1 i
	shift
	for ((i = 0; i < tries; i++)); do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}
