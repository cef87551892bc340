#!/usr/bin/env bats
# mounts.bats: the rootfs and mounts concern, run for real as root.  Until
# `berth run` can start containers these tests drive libberth's mounts code
# through tests/mounts-driver (new mount + pid namespace, prepare -> pivot ->
# finish -> exec), and assert from inside via /proc/self/mountinfo and
# behaviour.  Each test checks that no mount under its temp dir is left on
# the host.

load helpers

DRIVER=${MOUNTS_DRIVER:-$BATS_TEST_DIRNAME/../tests/mounts-driver}

# The mounts of runc's default spec (bats/default-config.json).
DEFAULT_MOUNTS=(
	-m proc:proc:/proc
	-m tmpfs:tmpfs:/dev:nosuid,strictatime,mode=755,size=65536k
	-m devpts:devpts:/dev/pts:nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5
	-m tmpfs:shm:/dev/shm:nosuid,noexec,nodev,mode=1777,size=65536k
	-m mqueue:mqueue:/dev/mqueue:nosuid,noexec,nodev
	-m sysfs:sysfs:/sys:nosuid,noexec,nodev,ro
	-m cgroup:cgroup:/sys/fs/cgroup:nosuid,noexec,nodev,relatime,ro
)

setup_file() {
	if [ ! -x "$DRIVER" ]; then
		make -C "$BATS_TEST_DIRNAME/.." tests/mounts-driver >/dev/null
	fi
}

setup() {
	setup_common
	setup_bundle
	ROOTFS=$BUNDLE/rootfs
}

teardown() {
	# Nothing the test mounted may survive it on the host.
	local leaked
	leaked=$(grep -c -F "$TEST_TMP" /proc/self/mountinfo || true)
	teardown_common
	[ "$leaked" = 0 ]
}

# drv [driver options] -- CMD...: run CMD in a container built by the driver.
drv() {
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$DRIVER" "${opts[@]}" "$ROOTFS" "$BUNDLE" "$@"
}

cgroup_v2_host() {
	[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]
}

@test "mounts: runc default mounts are all there with their options" {
	run drv "${DEFAULT_MOUNTS[@]}" -g -- cat /proc/self/mountinfo
	assert_success
	assert_line --regexp '^[0-9]+ [0-9]+ [^ ]+ / /proc rw,.* - proc proc '
	assert_line --regexp ' / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755'
	assert_line --regexp ' / /dev/pts rw,nosuid,noexec,.* - devpts devpts .*gid=5,mode=620,ptmxmode=666'
	assert_line --regexp ' / /dev/shm rw,nosuid,nodev,noexec,.* - tmpfs shm rw,size=65536k'
	assert_line --regexp ' / /dev/mqueue rw,nosuid,nodev,noexec,.* - mqueue mqueue'
	assert_line --regexp ' / /sys ro,nosuid,nodev,noexec,.* - sysfs sysfs'
	if cgroup_v2_host; then
		assert_line --regexp ' /sys/fs/cgroup ro,nosuid,nodev,noexec,.* - cgroup2 '
	else
		assert_line --regexp ' / /sys/fs/cgroup ro,nosuid,nodev,noexec,.* - tmpfs tmpfs .*mode=755'
		assert_line --regexp ' /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,.* - cgroup cgroup .*memory'
	fi
}

@test "mounts: cgroup v1 inside a cgroup namespace mounts each hierarchy, merged ones get links" {
	cgroup_v2_host && skip "pure cgroup v2 host: no v1 hierarchies"
	run drv "${DEFAULT_MOUNTS[@]}" -g -- sh -c 'ls /sys/fs/cgroup
		for l in /sys/fs/cgroup/*; do [ -L "$l" ] && echo "link $l $(readlink "$l")"; done
		awk '"'"'$9 == "cgroup" { print "mnt", $5, $NF }'"'"' /proc/self/mountinfo
		cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || ls /sys/fs/cgroup/pids/ | head -3'
	assert_success
	# one directory per v1 hierarchy of the host, none for cgroup2 "unified";
	# each a fresh mount of that hierarchy's controllers (the init finds them
	# in /proc/self/cgroup, not mountinfo); cpu,cpuacct also as cpu and cpuacct
	local h c
	for h in $(awk '$9 == "cgroup" { n = split($5, p, "/"); print p[n] }' /proc/self/mountinfo); do
		assert_line "$h"
		assert_line --regexp "^mnt /sys/fs/cgroup/$h (.*,)?rw,.*${h/#systemd/name=systemd}"
		if [[ $h == *,* ]]; then
			for c in ${h//,/ }; do
				assert_line "link /sys/fs/cgroup/$c $h"
			done
		fi
	done
	refute_line unified
}

@test "mounts: cgroup without a cgroup namespace binds our own cgroup read-only" {
	local d=/sys/fs/cgroup/memory
	cgroup_v2_host && d=/sys/fs/cgroup
	run drv "${DEFAULT_MOUNTS[@]}" -- sh -c "grep ' $d ' /proc/self/mountinfo; touch $d/x"
	assert_failure
	assert_line --regexp " $d ro,nosuid,nodev,noexec"
	assert_output --partial 'Read-only file system'
}

@test "devices: default devices exist with runc's numbers and are usable" {
	run drv "${DEFAULT_MOUNTS[@]}" -- sh -c '
		for d in null zero full random urandom tty; do stat -c "%n %F %t:%T %a" /dev/$d; done
		echo hello > /dev/null && echo null-ok
		head -c 4 /dev/zero | od -An -tx1
		head -c 8 /dev/urandom | wc -c
		for l in ptmx fd stdin stdout stderr; do readlink /dev/$l; done
		stat -c "%n %a" /dev/shm'
	assert_success
	assert_line '/dev/null character special file 1:3 666'
	assert_line '/dev/zero character special file 1:5 666'
	assert_line '/dev/full character special file 1:7 666'
	assert_line '/dev/random character special file 1:8 666'
	assert_line '/dev/urandom character special file 1:9 666'
	assert_line '/dev/tty character special file 5:0 666'
	assert_line null-ok
	assert_line ' 00 00 00 00'
	assert_line 8
	assert_line pts/ptmx
	assert_line /proc/self/fd
	assert_line /proc/self/fd/0
	assert_line '/dev/shm 1777'
}

@test "devices: an image's own /dev/ptmx is replaced by the pts/ptmx link" {
	# no /dev tmpfs: the image's /dev is used as is, with a ptmx in it
	touch "$ROOTFS/dev/ptmx"
	run drv -m proc:proc:/proc -m devpts:devpts:/dev/pts:newinstance,ptmxmode=0666 -- readlink /dev/ptmx
	assert_success
	assert_output pts/ptmx
}

@test "devices: linux.devices char device and fifo with mode, uid, gid; nested path" {
	run drv "${DEFAULT_MOUNTS[@]}" -d c:/dev/mynull:1:3:0620:1000:1001 -d p:/dev/sub/fifo:0:0:0600 -- sh -c '
		stat -c "%n %F %t:%T %a %u %g" /dev/mynull /dev/sub/fifo'
	assert_success
	assert_line '/dev/mynull character special file 1:3 620 1000 1001'
	assert_line '/dev/sub/fifo fifo 0:0 600 0 0'
}

@test "devices: in a user namespace the host nodes are bind-mounted" {
	run drv "${DEFAULT_MOUNTS[@]}" -u -- sh -c 'grep -E " /dev/(null|zero|tty) " /proc/self/mountinfo | wc -l; echo x > /dev/null && echo ok'
	assert_success
	assert_line 3
	assert_line ok
}

@test "mounts: bind ro cannot be written, rw can; nosuid/nodev/noexec show in mountinfo" {
	mkdir -p "$TEST_TMP/data"
	echo '#!/bin/sh' >"$TEST_TMP/data/script" && chmod +x "$TEST_TMP/data/script"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/data:/ro:rbind,ro" \
		-m "none:$TEST_TMP/data:/rw:bind,rw,nosuid,nodev,noexec" -- sh -c '
		touch /ro/x 2>&1; touch /rw/y && echo rw-ok
		/rw/script 2>&1; /ro/script && echo exec-ok
		grep -E " /(ro|rw) " /proc/self/mountinfo'
	assert_success
	assert_line 'touch: /ro/x: Read-only file system'
	assert_line rw-ok
	assert_line --regexp 'script: Permission denied'
	assert_line exec-ok
	assert_line --regexp ' /ro ro,relatime '
	assert_line --regexp ' /rw rw,nosuid,nodev,noexec,relatime '
	[ -f "$TEST_TMP/data/y" ]
}

@test "mounts: atime options (noatime, strictatime, nodiratime) reach the mount" {
	mkdir -p "$TEST_TMP/data"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/data:/a:bind,noatime" -m "bind:$TEST_TMP/data:/b:bind,strictatime,nodiratime" \
		-m "tmpfs:tmpfs:/c:noatime,sync,dirsync" -- sh -c 'grep -E " /(a|b|c) " /proc/self/mountinfo'
	assert_success
	assert_line --regexp ' /a rw,noatime '
	assert_line --regexp ' /b rw,nodiratime '
	assert_line --regexp ' /c rw,noatime - tmpfs tmpfs rw,sync,dirsync'
	refute_line --regexp ' /b rw,.*relatime'
}

@test "mounts: tmpfs size and mode, and a missing target is created" {
	run drv -m proc:proc:/proc -m tmpfs:tmpfs:/new/deep/run:size=1m,mode=700 -- sh -c '
		stat -c "%a" /new/deep/run; grep " /new/deep/run " /proc/self/mountinfo'
	assert_success
	assert_line 700
	assert_line --regexp ' /new/deep/run rw,relatime - tmpfs tmpfs rw,size=1024k,mode=700'
	[ -d "$ROOTFS/new/deep/run" ]
}

@test "mounts: tmpfs keeps the mode of the directory it covers" {
	mkdir -p "$ROOTFS/keep" && chmod 0710 "$ROOTFS/keep"
	run drv -m proc:proc:/proc -m tmpfs:tmpfs:/keep -- stat -c %a /keep
	assert_success
	assert_output 710
}

@test "mounts: a file bind creates a file target; relative sources resolve against the bundle" {
	echo bundle-file >"$BUNDLE/hello.txt"
	run drv -m proc:proc:/proc -m bind:hello.txt:/etc/hello.txt:bind,ro -- cat /etc/hello.txt
	assert_success
	assert_output bundle-file
	[ -f "$ROOTFS/etc/hello.txt" ]
}

@test "mounts: propagation options shared, slave, private, unbindable" {
	mkdir -p "$TEST_TMP/data"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/data:/sh:rbind,rshared" -m "bind:$TEST_TMP/data:/ub:bind,unbindable" \
		-m "bind:$TEST_TMP/data:/pr:bind,private" -- sh -c 'grep -E " /(sh|ub|pr) " /proc/self/mountinfo'
	assert_success
	assert_line --regexp ' /sh rw,[^ ]* shared:[0-9]+ - '
	assert_line --regexp ' /ub rw,[^ ]* unbindable - '
	assert_line --regexp ' /pr rw,[^ ]* - '
	refute_line --regexp ' /pr .*shared:'
}

@test "mounts: rootfsPropagation shared makes / shared, default is rslave (never shared)" {
	run drv -m proc:proc:/proc -p rshared -- sh -c 'awk "\$5 == \"/\"" /proc/self/mountinfo'
	assert_success
	assert_output --regexp ' / rw,[^ ]* shared:[0-9]+'
	run drv -m proc:proc:/proc -- sh -c 'awk "\$5 == \"/\"" /proc/self/mountinfo'
	assert_success
	refute_output --regexp 'shared:'
	run drv -n -p rprivate -m proc:proc:/proc -- true
	assert_failure
	assert_output --partial 'rprivate is not safe without pivot_root'
}

@test "mounts: rro makes every submount of an rbind read-only, ro only the top" {
	mkdir -p "$TEST_TMP/data/sub"
	run unshare -m --propagation private sh -c '
		mount -t tmpfs sub "$0/data/sub" &&
		"$1" -m proc:proc:/proc -m "bind:$0/data:/rec:rbind,rro" -m "bind:$0/data:/top:rbind,ro" "$2" "$3" \
			sh -c "touch /rec/sub/x 2>&1; touch /top/sub/y && echo top-sub-rw; grep -E \" /(rec|top)/sub \" /proc/self/mountinfo"' \
		"$TEST_TMP" "$DRIVER" "$ROOTFS" "$BUNDLE"
	assert_success
	assert_line 'touch: /rec/sub/x: Read-only file system'
	assert_line top-sub-rw
	assert_line --regexp ' /rec/sub ro,'
	assert_line --regexp ' /top/sub rw,'
}

@test "mounts: tmpcopyup copies the image's content into the tmpfs" {
	mkdir -p "$ROOTFS/opt/data/dir" && echo image >"$ROOTFS/opt/data/dir/f" && ln -s dir/f "$ROOTFS/opt/data/link"
	run drv -m proc:proc:/proc -m tmpfs:tmpfs:/opt/data:tmpcopyup,mode=755 -- sh -c '
		cat /opt/data/dir/f /opt/data/link; echo changed > /opt/data/dir/f; grep " /opt/data " /proc/self/mountinfo'
	assert_success
	assert_line image
	assert_line --regexp ' /opt/data rw,.* - tmpfs '
	[ "$(cat "$ROOTFS/opt/data/dir/f")" = image ]
}

@test "mounts: CVE-2021-30465 a symlink to a host path used as mount target stays in the rootfs" {
	mkdir -p "$TEST_TMP/hostdir"
	ln -s "$TEST_TMP/hostdir" "$ROOTFS/abs-escape"
	ln -s ../../../../../../../../../.. "$ROOTFS/rel-escape"
	run drv -m proc:proc:/proc -m tmpfs:tmpfs:/abs-escape/mnt -m "tmpfs:tmpfs:/rel-escape$TEST_TMP/hostdir/rel" -- sh -c "
		touch /abs-escape/mnt/marker && grep -E ' $TEST_TMP/hostdir/(mnt|rel) ' /proc/self/mountinfo"
	assert_success
	assert_line --regexp " $TEST_TMP/hostdir/mnt rw,.* - tmpfs "
	assert_line --regexp " $TEST_TMP/hostdir/rel rw,.* - tmpfs "
	# the host directory the links point at was never touched
	run ls -A "$TEST_TMP/hostdir"
	assert_output ''
	[ -d "$ROOTFS$TEST_TMP/hostdir/mnt" ]
}

@test "mounts: CVE-2019-16884 nothing but proc may cover /proc, only the lxcfs allowlist inside it" {
	run drv -m tmpfs:tmpfs:/proc -- true
	assert_failure
	assert_output --partial 'mounts[0] (/proc): /proc cannot be mounted because it is not of type proc'
	mkdir -p "$TEST_TMP/fake"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/fake:/proc/self:bind" -- true
	assert_failure
	assert_output --partial 'cannot be mounted because it is inside /proc'
	# a symlink elsewhere that points into /proc is caught on the resolved path
	ln -s /proc/sys "$ROOTFS/sneaky"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/fake:/sneaky:bind" -- true
	assert_failure
	assert_output --partial '/proc/sys cannot be mounted because it is inside /proc'
	echo 'cpu fake' >"$TEST_TMP/cpuinfo"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/cpuinfo:/proc/cpuinfo:bind,ro" -- cat /proc/cpuinfo
	assert_success
	assert_output 'cpu fake'
}

@test "mounts: proc on a symlinked /proc is refused (ordinary directory only)" {
	rmdir "$ROOTFS/proc"
	mkdir "$ROOTFS/fakeproc"
	ln -s /fakeproc "$ROOTFS/proc"
	run drv -m proc:proc:/proc -- true
	assert_failure
	assert_output --partial 'mounts[0] (/proc): filesystem proc must be mounted on an ordinary directory'
}

@test "mounts: errors name the mount, the path and the syscall" {
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/missing:/data:bind" -- true
	assert_failure
	assert_output --partial "mounts[1] (/data): stat bind source $TEST_TMP/missing: No such file or directory"
	run drv -m proc:proc:/proc -m bogusfs:none:/x -- true
	assert_failure
	assert_output --partial 'mounts[1] (/x): mount none on /x: No such device'
	run drv -m proc:proc:/proc -m "tmpfs:tmpfs:/y:idmap" -- true
	assert_failure
	assert_output --partial 'mounts[1] (/y): idmapped mounts are only supported for bind mounts'
}

@test "mounts: maskedPaths hide files and directories, missing ones are fine" {
	run drv "${DEFAULT_MOUNTS[@]}" -M /proc/timer_list -M /proc/acpi -M /sys/firmware -M /proc/does-not-exist -- sh -c '
		wc -c < /proc/timer_list; ls -A /proc/acpi | wc -l; ls -A /sys/firmware | wc -l; touch /proc/acpi/x 2>&1
		grep -E " /proc/acpi | /proc/timer_list " /proc/self/mountinfo'
	assert_success
	assert_line 0
	assert_line --partial 'Read-only file system'
	assert_line --regexp ' /proc/acpi ro,.* - tmpfs '
	assert_line --regexp ' /proc/timer_list .* - (devtmpfs|tmpfs) '
}

@test "mounts: maskedPaths in the image: a directory is an empty read-only tmpfs, a file reads empty; symlinks resolve inside the rootfs" {
	mkdir -p "$ROOTFS/data" "$ROOTFS/inroot" "$TEST_TMP/outside"
	echo a >"$ROOTFS/data/a"
	echo s3cret >"$ROOTFS/secret"
	echo inside >"$ROOTFS/inroot/f"
	echo host >"$TEST_TMP/outside/f"
	ln -s ../../../../../../../inroot "$ROOTFS/uplink"
	ln -s "$TEST_TMP/outside" "$ROOTFS/hostlink"
	run drv "${DEFAULT_MOUNTS[@]}" -M /data -M /secret -M /uplink/f -M /hostlink/f -M /secret/under-a-file -- sh -c '
		echo "data $(ls -A /data | wc -l)"; touch /data/x 2>&1
		echo "secret [$(cat /secret)] $(stat -c %t:%T /secret)"; echo x >/secret && echo write-ok
		echo "inroot [$(cat /inroot/f)]"
		grep -E " /(data|secret|inroot/f) " /proc/self/mountinfo | cut -d" " -f5,6,9
		echo "outside-mounts $(grep -c outside /proc/self/mountinfo)"'
	assert_success
	assert_line 'data 0'
	assert_line --partial 'Read-only file system'
	assert_line 'secret [] 1:3'
	assert_line write-ok
	# "/uplink/f": ".." stops at the rootfs, so /inroot/f is the one masked
	assert_line 'inroot []'
	assert_line --regexp '^/data ro,.* tmpfs$'
	assert_line --regexp '^/inroot/f .* (devtmpfs|tmpfs)$'
	# "/hostlink/f" names a host path: inside the rootfs it does not exist
	assert_line 'outside-mounts 0'
	[ "$(cat "$TEST_TMP/outside/f")" = host ]
}

@test "mounts: readonlyPaths are read-only and keep nosuid/nodev/noexec" {
	run drv "${DEFAULT_MOUNTS[@]}" -R /proc/sys -R /proc/sysrq-trigger -R /proc/nope -- sh -c '
		echo x > /proc/sys/kernel/hostname 2>&1; grep -E " /proc/sys " /proc/self/mountinfo'
	assert_success
	assert_line --partial 'Read-only file system'
	assert_line --regexp ' /proc/sys ro,'
	run drv -m proc:proc:/proc -m "tmpfs:tmpfs:/data:nosuid,nodev,noexec" -R /data -- sh -c 'grep " /data " /proc/self/mountinfo | tail -1'
	assert_success
	assert_output --regexp ' /data ro,nosuid,nodev,noexec'
}

@test "mounts: root.readonly makes / read-only, mounts on it stay writable" {
	run drv "${DEFAULT_MOUNTS[@]}" -r -m tmpfs:tmpfs:/tmp -- sh -c 'touch /x 2>&1; touch /tmp/ok && echo tmp-ok; awk "\$5 == \"/\" { print \$6 }" /proc/self/mountinfo'
	assert_success
	assert_line 'touch: /x: Read-only file system'
	assert_line tmp-ok
	assert_line --regexp '^ro,'
}

@test "mounts: a read-only tmpfs /dev still gets its devices (ro applied at the end)" {
	run drv -m proc:proc:/proc -m tmpfs:tmpfs:/dev:nosuid,ro,mode=755 -m tmpfs:tmpfs:/run:ro -m tmpfs:tmpfs:/run/sub -- sh -c '
		echo x > /dev/null && echo null-ok; touch /dev/x 2>&1; grep -E " /dev | /run " /proc/self/mountinfo'
	assert_success
	assert_line null-ok
	assert_line 'touch: /dev/x: Read-only file system'
	assert_line --regexp ' /dev ro,nosuid'
	assert_line --regexp ' /run ro,'
}

@test "mounts: --no-pivot moves the rootfs onto / and chroots" {
	run drv -n "${DEFAULT_MOUNTS[@]}" -- sh -c 'ls /bin/busybox && awk "\$5 == \"/\"" /proc/self/mountinfo | wc -l && echo x > /dev/null && echo ok'
	assert_success
	assert_line /bin/busybox
	assert_line ok
}

@test "mounts: /dev/console is the bind-mounted terminal when one is given" {
	echo console-stand-in >"$TEST_TMP/console"
	run drv "${DEFAULT_MOUNTS[@]}" -c "$TEST_TMP/console" -- sh -c 'cat /dev/console; grep " /dev/console " /proc/self/mountinfo'
	assert_success
	assert_line console-stand-in
	assert_line --regexp ' /dev/console '
}

@test "mounts: a bind of /dev skips device creation (runc's rule)" {
	mkdir -p "$TEST_TMP/devdir"
	run drv -m proc:proc:/proc -m "bind:$TEST_TMP/devdir:/dev:rbind" -- sh -c 'ls -A /dev | wc -l'
	assert_success
	assert_output 0
}

@test "mounts: bats/default-config.json (runc's default spec) parsed and applied" {
	run drv -j "$BUNDLE/config.json" -- sh -c '
		grep -E " /(proc|dev|sys|sys/fs/cgroup|proc/sys|proc/acpi|proc/keys) " /proc/self/mountinfo | cut -d" " -f5,6
		echo x > /proc/sys/kernel/hostname 2>&1; echo x > /dev/null && echo null-ok'
	assert_success
	assert_line --regexp '^/proc rw,'
	assert_line '/dev rw,nosuid'
	assert_line --regexp '^/sys ro,nosuid,nodev,noexec'
	assert_line --regexp '^/sys/fs/cgroup ro,nosuid,nodev,noexec'
	assert_line --regexp '^/proc/sys ro,'
	assert_line --regexp '^/proc/acpi ro,'
	assert_line --partial 'Read-only file system'
	assert_line null-ok
}

# fixture_config FILE: a fixture config whose host paths point into $TEST_TMP.
fixture_config() {
	mkdir -p "$TEST_TMP/userdata/shm"
	echo fixture-host >"$TEST_TMP/userdata/hostname"
	echo '127.0.0.1 localhost' >"$TEST_TMP/userdata/hosts"
	: >"$TEST_TMP/userdata/.containerenv"
	jq --arg u "$TEST_TMP/userdata" '
		.mounts |= map(if .type == "bind" then .source |= ($u + "/" + (split("/") | last)) else . end)
		| .root.path = "rootfs" | del(.linux.seccomp) | del(.hooks)' "$FIXTURES_DIR/$1" >"$BUNDLE/config.json"
}

@test "mounts: podman's fixture config mounts (binds with rprivate, shm bind, cgroup) apply" {
	fixture_config podman-config.json
	run drv -j "$BUNDLE/config.json" -- sh -c '
		cat /etc/hostname; ls -a /run/.containerenv; grep -E " /(etc/hostname|dev/shm|sys/fs/cgroup) " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_success
	assert_line fixture-host
	assert_line /run/.containerenv
	assert_line --regexp '^/etc/hostname rw,'
	assert_line --regexp '^/dev/shm rw,nosuid,nodev,noexec'
	assert_line --regexp '^/sys/fs/cgroup ro,nosuid,nodev,noexec'
}

@test "mounts: containerd's fixture config mounts apply" {
	fixture_config containerd-config.json
	run drv -j "$BUNDLE/config.json" -- sh -c 'grep -E " /(run|dev/shm|dev/mqueue) " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_success
	assert_line '/run rw,nosuid'
	assert_line --regexp '^/dev/shm rw,nosuid,nodev,noexec'
	assert_line --regexp '^/dev/mqueue rw,nosuid,nodev,noexec'
}

@test "mounts: overlay (any fs type) gets its data options; writes go to the upper dir" {
	mkdir -p "$TEST_TMP/ov/lower" "$TEST_TMP/ov/upper" "$TEST_TMP/ov/work"
	echo from-lower >"$TEST_TMP/ov/lower/f"
	run drv -m proc:proc:/proc \
		-m "overlay:overlay:/ov:lowerdir=$TEST_TMP/ov/lower,upperdir=$TEST_TMP/ov/upper,workdir=$TEST_TMP/ov/work,nodev" -- sh -c '
		cat /ov/f; echo new > /ov/g; grep " /ov " /proc/self/mountinfo | cut -d" " -f5,6,9'
	assert_success
	assert_line from-lower
	assert_line --regexp '^/ov rw,nodev,.* overlay$'
	[ "$(cat "$TEST_TMP/ov/upper/g")" = new ]
}
