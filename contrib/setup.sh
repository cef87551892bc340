#!/bin/bash
# setup.sh: on a fresh Debian 12 machine, as root: installs what berth needs,
# builds and installs it (berth, man pages, bash completion under
# /usr/local), then runs a demo container from a busybox bundle.
# Usage: contrib/setup.sh          (PREFIX=/usr to install elsewhere)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if [ "$(id -u)" -ne 0 ]; then
	echo "setup: run as root (it installs packages and berth)" >&2
	exit 1
fi

echo "== 1/3 packages"
contrib/install-deps.sh

echo "== 2/3 build and install"
./autogen.sh >/dev/null
./configure --prefix="${PREFIX:-/usr/local}" --enable-werror >/dev/null
make -j2
make install
berth=${PREFIX:-/usr/local}/bin/berth
"$berth" --version

echo "== 3/3 demo: a busybox container"
demo=$(mktemp -d /tmp/berth-demo.XXXXXX)
root=$demo/state
id=demo-$$
trap '"$berth" --root "$root" delete --force "$id" >/dev/null 2>&1 || true; rm -rf "$demo"' EXIT
BERTH=$berth contrib/mkbundle "$demo/bundle" sh -c '
	echo "Hello from inside a berth container!"
	echo "  hostname:   $(hostname)"
	echo "  my pid:     $$ (a new pid namespace)"
	echo "  uid:        $(id -u)"
	echo "  root fs:    $(ls /bin | wc -l) busybox applets, read-only: $(touch /x 2>/dev/null && echo no || echo yes)"'
"$berth" --root "$root" run --bundle "$demo/bundle" "$id"
echo "== done: berth is installed as $berth (man berth)"
