#!/bin/bash
# build.sh: builds the libFuzzer harnesses (clang, -fsanitize=fuzzer,address,
# undefined) into BUILDDIR (default: build-fuzz/ at the top of the tree).
# The source tree is copied to BUILDDIR/tree and configured there with clang,
# because automake refuses a second build directory once the tree itself is
# configured.  Re-running it rebuilds only what changed.
# Usage: contrib/fuzz/build.sh [BUILDDIR]     Prints the harness directory.
# Harnesses: fuzz-config fuzz-process fuzz-resources fuzz-state fuzz-cli.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/build-fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tree=$out/tree
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san"
cc=${CC_FUZZ:-clang}

exec 3>&1 1>"$out/build.log" 2>&1
trap 'echo "build.sh: failed, see $out/build.log" >&3; tail -n 30 "$out/build.log" >&3' ERR

# shellcheck source=../../tests/copy-tree.sh
. "$repo/tests/copy-tree.sh"
copy_tree "$repo" "$tree"

cd "$tree"
if [ ! -f Makefile ] || [ configure.ac -nt Makefile ] || [ Makefile.am -nt Makefile ]; then
	./autogen.sh
	./configure CC="$cc" CFLAGS="$cflags -fsanitize=fuzzer-no-link"
fi
make -j2 libocispec-lite/libocispec-lite.a

yajl_cflags=$(pkg-config --cflags yajl)
yajl_libs=$(pkg-config --libs yajl)
inc="-I$tree -I$tree/libocispec-lite -I$tree/src/libberth -I$tree/src"
link="$cflags -fsanitize=fuzzer"

for doc in config process resources state; do
	DOC=$(echo "$doc" | tr a-z A-Z)
	# shellcheck disable=SC2086
	$cc $link $inc $yajl_cflags -DFUZZ_DOC=FUZZ_$DOC -o "$out/fuzz-$doc" \
		"$here/fuzz-parse.c" libocispec-lite/libocispec-lite.a $yajl_libs
done

# The CLI: main.c and every src/cli/*.c unchanged, plus error.c and util.c,
# plus the stubs; nothing else of libberth (see fuzz-cli.c).
mkdir -p "$out/cli-obj"
objs=()
for f in src/main.c src/cli/*.c; do
	o=$out/cli-obj/$(basename "${f%.c}").o
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer-no-link -DHAVE_CONFIG_H $inc $yajl_cflags \
		-Dmain=berth_cli_main -Dfopen=fuzz_fopen -Dread_all_file=fuzz_read_all_file \
		-Dread_all_fd=fuzz_read_all_fd -c "$f" -o "$o"
	objs+=("$o")
done
# shellcheck disable=SC2086
$cc $link $inc $yajl_cflags -DHAVE_CONFIG_H -o "$out/fuzz-cli" "$here/fuzz-cli.c" "$here/cli-stubs.c" \
	src/libberth/error.c src/libberth/util.c src/libberth/state-id.c "${objs[@]}" libocispec-lite/libocispec-lite.a $yajl_libs

echo "$out" >&3
