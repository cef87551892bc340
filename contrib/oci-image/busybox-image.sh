#!/bin/bash
# busybox-image.sh: builds an OCI image archive (image layout in a tar, what
# `podman load` and `ctr image import` read) of /bin/busybox (busybox-static)
# offline: one uncompressed layer with busybox, its applet links, /etc/passwd
# and /etc/group.  Never touches a registry or any engine's storage.
# The archive is reproducible: the same busybox gives the same digests.
#
# Usage: contrib/oci-image/busybox-image.sh [-n NAME] [-b BUSYBOX] OUTPUT.tar
#   NAME     image reference (default localhost/berth-busybox:latest), put in
#            the index's org.opencontainers.image.ref.name and
#            io.containerd.image.name annotations
#   BUSYBOX  a statically linked busybox (default /bin/busybox)
set -euo pipefail

name=localhost/berth-busybox:latest
busybox=/bin/busybox
while getopts n:b: opt; do
	case $opt in
	n) name=$OPTARG ;;
	b) busybox=$OPTARG ;;
	*) echo "usage: $0 [-n NAME] [-b BUSYBOX] OUTPUT.tar" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-n NAME] [-b BUSYBOX] OUTPUT.tar" >&2; exit 2; }
out=$1

# a dynamically linked busybox would not run in an image without its libc
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked' &&
	ldd "$busybox" >/dev/null 2>&1; then
	echo "$0: $busybox is not statically linked (install busybox-static)" >&2
	exit 1
fi

case $(uname -m) in
x86_64) arch=amd64 ;;
aarch64) arch=arm64 ;;
armv7l | armv6l) arch=arm ;;
i?86) arch=386 ;;
ppc64le) arch=ppc64le ;;
s390x) arch=s390x ;;
riscv64) arch=riscv64 ;;
*) arch=$(uname -m) ;;
esac

work=$(mktemp -d /tmp/berth-oci-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
layout=$work/layout
mkdir -p "$rootfs"/{bin,dev,etc,home,proc,root,sys,tmp,var} "$layout/blobs/sha256"
chmod 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root"
cp "$busybox" "$rootfs/bin/busybox"
chmod 755 "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
	'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$rootfs/etc/passwd"
printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$rootfs/etc/group"

# blob FILE: move FILE into the layout's blobs, print "DIGEST SIZE"
blob() {
	local hex size
	hex=$(sha256sum "$1" | cut -d' ' -f1)
	size=$(stat -c %s "$1")
	mv "$1" "$layout/blobs/sha256/$hex"
	echo "sha256:$hex $size"
}

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	-C "$rootfs" -cf "$work/layer.tar" .
read -r layer_digest layer_size < <(blob "$work/layer.tar")

jq -cn --arg arch "$arch" --arg diff "$layer_digest" '{
	created: "1970-01-01T00:00:00Z",
	architecture: $arch,
	os: "linux",
	config: {
		Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
		Cmd: ["sh"]
	},
	rootfs: { type: "layers", diff_ids: [$diff] },
	history: [{ created: "1970-01-01T00:00:00Z",
		created_by: "contrib/oci-image/busybox-image.sh" }]
}' >"$work/config.json"
read -r config_digest config_size < <(blob "$work/config.json")

jq -cn --arg cd "$config_digest" --argjson cs "$config_size" \
	--arg ld "$layer_digest" --argjson ls "$layer_size" '{
	schemaVersion: 2,
	mediaType: "application/vnd.oci.image.manifest.v1+json",
	config: { mediaType: "application/vnd.oci.image.config.v1+json",
		digest: $cd, size: $cs },
	layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar",
		digest: $ld, size: $ls }]
}' >"$work/manifest.json"
read -r manifest_digest manifest_size < <(blob "$work/manifest.json")

jq -cn --arg md "$manifest_digest" --argjson ms "$manifest_size" \
	--arg name "$name" --arg arch "$arch" '{
	schemaVersion: 2,
	mediaType: "application/vnd.oci.image.index.v1+json",
	manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json",
		digest: $md, size: $ms,
		platform: { architecture: $arch, os: "linux" },
		annotations: { "io.containerd.image.name": $name,
			"org.opencontainers.image.ref.name": $name } }]
}' >"$layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	-C "$layout" -cf "$out.tmp" oci-layout index.json blobs
mv "$out.tmp" "$out"
echo "$manifest_digest"
