#!/bin/bash
# run.sh: runs one libFuzzer harness for a bounded time on the seed corpus.
# Usage: contrib/fuzz/run.sh [-d BUILDDIR] [-w WORKDIR] HARNESS SECONDS [LIBFUZZER-ARGS...]
#   HARNESS: config, process, resources, state or cli (fuzz-HARNESS in BUILDDIR,
#   default build-fuzz/, made by contrib/fuzz/build.sh).  New inputs go to
#   WORKDIR/corpus-HARNESS (default: a temp dir removed afterwards), a crash
#   to WORKDIR/crash-HARNESS-* (kept).  Exit 0 when no crash, leak, timeout
#   or contract break was found.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$repo/build-fuzz
work=
while getopts d:w: o; do
	case $o in
	d) build=$OPTARG ;;
	w) work=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
name=$1 seconds=$2
shift 2

bin=$build/fuzz-$name
[ -x "$bin" ] || { echo "run.sh: $bin missing (run contrib/fuzz/build.sh)" >&2; exit 2; }
tmp=
if [ -z "$work" ]; then
	tmp=$(mktemp -d /tmp/berth-fuzz.XXXXXX)
	work=$tmp
	# A crash is kept in BUILDDIR/crashes/ even when the temp dir goes.
	trap 'mkdir -p "$build/crashes"; for f in "$tmp"/crash-*; do [ -e "$f" ] && mv "$f" "$build/crashes/" && echo "run.sh: kept $build/crashes/${f##*/}" >&2; done; rm -rf "$tmp"' EXIT
fi
mkdir -p "$work/corpus-$name"

case $name in
cli)
	# The dictionary: every long option and command name in the CLI.
	dict=$work/cli.dict
	{
		grep -ho '{ "[a-z-]*", *[a-z_]*argument' "$repo"/src/main.c "$repo"/src/cli/*.[ch] |
			sed 's/{ "\([a-z-]*\)".*/"--\1"/'
		grep -ho '^  X ([a-z]*,' "$repo"/src/cli/cli.h | sed 's/^  X (\([a-z]*\),/"\1"/'
		printf '"%s"\n' -b -d -h -v help SIGKILL KILL 9 true false auto json text
	} | sort -u >"$dict"
	;;
*) dict=$here/json.dict ;;
esac

# -close_fd_mask=3 for the CLI: it prints usage on every bad input; libFuzzer
# keeps its own stderr (and the sanitizers' reports) on a duplicate.
quiet=
[ "$name" = cli ] && quiet=-close_fd_mask=3
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	$quiet -print_final_stats=1 -dict="$dict" \
	-artifact_prefix="$work/crash-$name-" "$@" "$work/corpus-$name" "$here/corpus/$name" </dev/null
