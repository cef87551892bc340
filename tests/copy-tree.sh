# copy-tree.sh: sourced by the builds that need their own configured copy
# of the sources (contrib/fuzz/build.sh, tests/sanitize.sh): automake will
# not configure a second build directory once the tree is configured in
# place, so these builds configure a copy.
# copy_tree SRC DEST: copy the tracked and untracked-but-not-ignored files of
# SRC into DEST, keeping mtimes (so make in DEST rebuilds only what changed).
# Falls back to a plain copy without build products when SRC is not a git
# checkout.
copy_tree() {
	local src=$1 dest=$2
	mkdir -p "$dest"
	if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$src" && git ls-files -co --exclude-standard -z |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar --null -T - -cf -) | tar -C "$dest" -xf -
	else
		(cd "$src" && tar --exclude='./build*' --exclude='*.o' --exclude='*.a' \
			--exclude=./config.status --exclude=./Makefile -cf - .) | tar -C "$dest" -xf -
	fi
}
