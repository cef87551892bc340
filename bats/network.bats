#!/usr/bin/env bats
# network.bats: bridge networking (berth.network.*), NAT / published ports and
# linux.netDevices, against the real kernel.  Everything happens inside
# network namespaces this file creates (berth-t-*, berth-o-*): the "host"
# berth sees is the test namespace, never the machine's.  berth runs there
# through `nsenter --net` (not `ip netns exec`, which also makes a throwaway
# mount namespace and would drop the netns pin of linux.netDevices).
#
# "Containers" here are processes in their own network namespace
# (`unshare -n`) wired by tests/net-driver, which calls the same
# network_setup / network_teardown the lifecycle calls.

load helpers

TOP=$BATS_TEST_DIRNAME/..
DRIVER=$TOP/tests/net-driver

setup_file() {
	# always (a no-op when up to date): an old driver binary built before a
	# change to network.c made test 8 fail with the code right
	make -C "$TOP" tests/net-driver >/dev/null
}

setup() {
	setup_common
	NS=berth-t-$$-$BATS_TEST_NUMBER
	OUT=berth-o-$$-$BATS_TEST_NUMBER
	ip netns add "$NS"
	PIDS=()
}

teardown() {
	local d p
	# undo what the code under test made, even when the test failed early,
	# from inside the test namespace (a delete from another namespace
	# refuses to touch the network)
	for d in "$BERTH_ROOT"/*/; do
		[ -f "$d/state" ] && nberth delete --force "$(basename "$d")" >/dev/null 2>&1
		[ -f "$d/network" ] && in_ns "$DRIVER" teardown "${d%/}" >/dev/null 2>&1
	done
	for p in "${PIDS[@]}" $(cat "$TEST_TMP/pids" 2>/dev/null); do kill "$p" 2>/dev/null; done
	grep -o " $TEST_TMP[^ ]*" /proc/self/mountinfo 2>/dev/null | while read -r d; do umount -l "$d"; done
	ip netns del "$NS" 2>/dev/null
	ip netns del "$OUT" 2>/dev/null
	teardown_common
}

# berth as the test namespace's runtime
nberth() {
	nsenter --net=/run/netns/"$NS" "$BERTH" --root "$BERTH_ROOT" "$@"
}

in_ns() {
	nsenter --net=/run/netns/"$NS" "$@"
}

# ctr_start ID [ANNOTATION=VALUE | netdev=HOST[:NAME]]...: a process in a new
# netns (sets CPID) and its network set up.
ctr_start() {
	local id=$1
	shift
	start_sleeper
	CPID=$SLEEPER
	mkdir -p "$BERTH_ROOT/$id"
	echo "$CPID" >"$BERTH_ROOT/$id/pid"
	in_ns "$DRIVER" setup "$id" "$CPID" "$BERTH_ROOT" "$BERTH_ROOT/$id" "$@"
}

# SLEEPER: a process in its own netns, made inside the test namespace.  Not a
# shell function in the background (its $! would be a subshell), no
# inherited stdout (`run` would wait for it), its pid in a file (`run` is a
# subshell) so teardown kills it.
start_sleeper() {
	nsenter --net=/run/netns/"$NS" unshare -n sleep 600 >/dev/null 2>&1 </dev/null &
	SLEEPER=$!
	echo "$SLEEPER" >>"$TEST_TMP/pids"
	wait_netns "$SLEEPER"
}

# until unshare has made the new namespace and exec'd sleep
wait_netns() {
	local i
	for i in $(seq 100); do
		[ "$(cat /proc/"$1"/comm 2>/dev/null)" = sleep ] && return 0
		sleep 0.05
	done
	return 1
}

ctr_pid() { cat "$BERTH_ROOT/$1/pid"; }

# run a command in container ID's network namespace
in_ctr() {
	local pid
	pid=$(ctr_pid "$1")
	shift
	nsenter --net=/proc/"$pid"/ns/net "$@"
}

ctr_stop() {
	in_ns "$DRIVER" teardown "$BERTH_ROOT/$1"
}

# nothing of berth's left in the test namespace or the state root
assert_clean() {
	run in_ns ip -o link show
	refute_output --partial "vb"
	refute_output --partial "${1:-btest0}"
	run sh -c "ls -A '$BERTH_ROOT/network~' 2>/dev/null | grep -v '^nat.lock$'"
	assert_output ""
	if command -v nft >/dev/null; then
		run in_ns nft list tables
		refute_output --partial "table ip berth"
	fi
}

@test "network: two containers on one bridge: addresses, routes, ping, TCP transfer" {
	ctr_start c1 berth.network.bridge=btest0 berth.network.subnet=10.31.0.0/24 \
		berth.network.mtu=1400 berth.network.mac=02:42:0a:1f:00:99
	ctr_start c2 berth.network.bridge=btest0 berth.network.subnet=10.31.0.0/24 \
		berth.network.address=10.31.0.77/24

	# what the containers see
	run in_ctr c1 ip -o -4 addr show dev eth0
	assert_success
	assert_output --partial "inet 10.31.0.2/24"
	run in_ctr c1 ip -o link show dev eth0
	assert_output --partial "mtu 1400"
	assert_output --partial "link/ether 02:42:0a:1f:00:99"
	assert_output --partial ",UP"
	run in_ctr c1 ip route show
	assert_line --partial "default via 10.31.0.1 dev eth0"
	run in_ctr c1 ip -o link show dev lo
	assert_output --partial ",UP"
	run in_ctr c2 ip -o -4 addr show dev eth0
	assert_output --partial "inet 10.31.0.77/24"

	# the bridge berth made, with the gateway address
	run in_ns ip -o -4 addr show dev btest0
	assert_output --partial "inet 10.31.0.1/24"

	run in_ctr c1 busybox ping -c 1 -W 2 10.31.0.77
	assert_success
	run in_ctr c2 busybox ping -c 1 -W 2 10.31.0.2
	assert_success
	run in_ctr c1 busybox ping -c 1 -W 2 10.31.0.1
	assert_success

	# busybox nc quits at EOF on its stdin: the server's stdin stays open
	head -c 1048576 /dev/urandom >"$TEST_TMP/blob"
	in_ctr c2 sh -c "sleep 30 | busybox nc -l -p 7000 >'$TEST_TMP/received'" >/dev/null 2>&1 &
	PIDS+=("$!")
	sleep 0.3
	in_ctr c1 busybox nc 10.31.0.77 7000 <"$TEST_TMP/blob"
	for i in $(seq 50); do
		[ "$(stat -c %s "$TEST_TMP/received")" -ge 1048576 ] && break
		sleep 0.1
	done
	[ "$(sha256sum <"$TEST_TMP/blob")" = "$(sha256sum <"$TEST_TMP/received")" ]

	ctr_stop c1
	# the bridge stays while c2 uses it
	run in_ns ip -o link show dev btest0
	assert_success
	ctr_stop c2
	assert_clean btest0
}

@test "network: 50 containers created in parallel get 50 distinct addresses; none left after delete" {
	local i pids=() addrs
	for i in $(seq 50); do
		start_sleeper
		mkdir -p "$BERTH_ROOT/p$i"
		echo "$SLEEPER" >"$BERTH_ROOT/p$i/pid"
	done
	for i in $(seq 50); do
		in_ns "$DRIVER" setup "p$i" "$(ctr_pid p$i)" "$BERTH_ROOT" "$BERTH_ROOT/p$i" \
			berth.network.bridge=btest0 berth.network.subnet=10.32.0.0/24 &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i"; done

	addrs=$(for i in $(seq 50); do in_ctr "p$i" ip -o -4 addr show dev eth0 | awk '{print $4}'; done | sort)
	[ "$(echo "$addrs" | grep -c '^10\.32\.0\.')" -eq 50 ]
	[ "$(echo "$addrs" | sort -u | wc -l)" -eq 50 ]
	run in_ns sh -c "ip -o link show master btest0 | wc -l"
	assert_output 50

	pids=()
	for i in $(seq 50); do
		ctr_stop "p$i" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i"; done
	assert_clean btest0
}

# an "outside host" namespace on the test namespace's uplink
make_outside() {
	ip netns add "$OUT"
	in_ns ip link add up0 type veth peer name out0 netns "$OUT"
	in_ns ip addr add 192.168.77.1/24 dev up0
	in_ns ip link set up0 up
	ip netns exec "$OUT" ip addr add 192.168.77.2/24 dev out0
	ip netns exec "$OUT" ip link set out0 up
	ip netns exec "$OUT" ip link set lo up
}

@test "network: NAT: the outside host sees the uplink address; a published port reaches the container" {
	make_outside
	ctr_start c1 berth.network.bridge=btest0 berth.network.subnet=10.33.0.0/24 \
		berth.network.nat=true berth.network.ports=8080:80/tcp

	# the outside host answers with the peer address it sees (CGI REMOTE_ADDR)
	mkdir -p "$TEST_TMP/www/cgi-bin"
	printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "peer=$REMOTE_ADDR"\n' >"$TEST_TMP/www/cgi-bin/peer"
	chmod +x "$TEST_TMP/www/cgi-bin/peer"
	ip netns exec "$OUT" busybox httpd -f -p 9000 -h "$TEST_TMP/www" >/dev/null 2>&1 &
	PIDS+=("$!")
	sleep 0.3
	# (busybox 1.35 wget -T crashes: bound it with timeout instead)
	run in_ctr c1 timeout 10 busybox wget -q -O - http://192.168.77.2:9000/cgi-bin/peer
	assert_success
	# (httpd listens on a dual-stack socket: v4-mapped form is the same peer)
	assert_output --regexp '^peer=(\[::ffff:)?192\.168\.77\.1\]?$'

	# published port: outside -> uplink:8080 -> container:80
	in_ctr c1 sh -c 'echo "from-the-container" | busybox nc -l -p 80' >/dev/null 2>&1 &
	PIDS+=("$!")
	sleep 0.3
	run ip netns exec "$OUT" timeout 10 sh -c 'sleep 2 | busybox nc 192.168.77.1 8080'
	assert_success
	assert_output "from-the-container"

	if command -v nft >/dev/null; then
		run in_ns nft list table ip berth
		assert_output --partial 'comment "berth:c1"'
	fi

	ctr_stop c1
	assert_clean btest0
}

@test "network: a host port published twice is refused and leaves nothing behind" {
	ctr_start c1 berth.network.bridge=btest0 berth.network.ports=8081:80
	run ctr_start c2 berth.network.bridge=btest0 berth.network.ports=8081:80
	assert_failure
	assert_output --partial "host port 8081/tcp is already published"
	[ ! -e "$BERTH_ROOT/c2/network" ]
	if command -v nft >/dev/null; then
		run in_ns nft list table ip berth
		refute_output --partial 'berth:c2'
	fi
	ctr_stop c1
	assert_clean btest0
}

@test "network: linux.netDevices moves a device in renamed with its addresses, and back on delete" {
	in_ns ip link add nd0 type veth peer name nd0peer
	in_ns ip addr add 10.34.0.5/24 dev nd0
	in_ns ip addr add fd00:34::5/64 dev nd0
	in_ns ip link set nd0 up

	ctr_start c1 netdev=nd0:ctr0
	run in_ctr c1 ip -o addr show dev ctr0
	assert_success
	assert_output --partial "inet 10.34.0.5/24"
	assert_output --partial "inet6 fd00:34::5/64"
	run in_ctr c1 ip -o link show dev ctr0
	assert_output --partial ",UP"
	run in_ns ip -o link show dev nd0
	assert_failure

	# the container's processes end before delete: the pin keeps the device
	kill "$(ctr_pid c1)"
	sleep 0.2
	ctr_stop c1
	run in_ns ip -o addr show dev nd0
	assert_success
	assert_output --partial "inet 10.34.0.5/24"
	assert_output --partial "inet6 fd00:34::5/64"
	run grep -c " $BERTH_ROOT/c1/netns " /proc/self/mountinfo
	assert_output 0
	[ ! -e "$BERTH_ROOT/c1/netns" ]
}

@test "network: linux.netDevices with a missing device is a clear error" {
	run ctr_start c1 netdev=dummy0
	assert_failure
	assert_output --partial 'linux.netDevices: move "dummy0" into the container'"'"'s network namespace: No such device'
	[ ! -e "$BERTH_ROOT/c1/network" ]
	[ ! -e "$BERTH_ROOT/c1/netns" ]
}

@test "network: bad input is a clear error and leaves nothing behind" {
	run ctr_start c1 berth.network.bridge=btest0 berth.network.address=10.35.0.300/24
	assert_failure
	assert_output --partial "berth.network.address: invalid IPv4 address"

	run ctr_start c2 berth.network.bridge=btest0 berth.network.subnet=10.35.0.0/24 berth.network.address=10.36.0.5
	assert_failure
	assert_output --partial "outside the subnet 10.35.0.0/24"

	run ctr_start c3 berth.network.bridge=berth-bridge-too-long
	assert_failure
	assert_output --partial "too long"

	assert_clean btest0
	for c in c1 c2 c3; do [ ! -e "$BERTH_ROOT/$c/network" ]; done

	ctr_start c4 berth.network.bridge=btest0 berth.network.address=10.35.0.9/24
	run ctr_start c5 berth.network.bridge=btest0 berth.network.address=10.35.0.9/24
	assert_failure
	assert_output --partial "10.35.0.9 is already leased to container \`c4\`"
	[ ! -e "$BERTH_ROOT/c5/network" ]
	run in_ns ip -o link show master btest0
	[ "$(echo "$output" | grep -c vb)" -eq 1 ]
	ctr_stop c4
	assert_clean btest0
}

@test "network: after a crash, delete undoes what the record lists and stale leases are reclaimed" {
	ctr_start c1 berth.network.bridge=btest0 berth.network.address=10.37.0.9/24
	# the container dies and its state directory vanishes without a delete:
	# the veth went with the namespace, the lease is stale
	kill "$(ctr_pid c1)"
	rm -rf "${BERTH_ROOT:?}/c1"
	ctr_start c2 berth.network.bridge=btest0 berth.network.address=10.37.0.9/24
	run in_ctr c2 ip -o -4 addr show dev eth0
	assert_output --partial "10.37.0.9/24"
	ctr_stop c2
	assert_clean btest0

	# a bridge berth did not create stays
	in_ns ip link add btest1 type bridge
	ctr_start c3 berth.network.bridge=btest1 berth.network.subnet=10.38.0.0/24
	ctr_stop c3
	run in_ns ip -o link show dev btest1
	assert_success
	# teardown twice is harmless
	run ctr_stop c3
	assert_success

	# a delete run from another network namespace touches nothing
	ctr_start c4 berth.network.bridge=btest0 berth.network.subnet=10.39.0.0/24
	ip netns add "$OUT"
	run nsenter --net=/run/netns/"$OUT" "$DRIVER" teardown "$BERTH_ROOT/c4"
	assert_failure
	assert_output --partial "set up from another network namespace"
	[ -e "$BERTH_ROOT/c4/network" ]
	run in_ctr c4 ip -o -4 addr show dev eth0
	assert_output --partial "10.39.0.2/24"
	ctr_stop c4
	assert_clean btest0
}

# ---------------------------------------------------------------------------
# The same behaviour through real containers: berth create/run/delete.

require_lifecycle() {
	if "$BERTH" --root "$BERTH_ROOT" state none 2>&1 | grep -q "not implemented"; then
		skip "needs the container lifecycle (berth create/run)"
	fi
}

# new_bundle NAME JQ: a busybox bundle in $TEST_TMP/NAME, config edited by JQ
# (the rootfs hard-links one busybox copy: 50 bundles stay cheap)
new_bundle() {
	local dir=$TEST_TMP/$1
	if [ ! -d "$TEST_TMP/template" ]; then
		make_bundle "$TEST_TMP/template"
	fi
	mkdir -p "$dir"
	cp -al "$TEST_TMP/template/rootfs" "$dir/rootfs"
	jq "$2" "$TEST_TMP/template/config.json" >"$dir/config.json"
}

cpid() { nberth state "$1" | jq -r .pid; }

net_annotations() {
	# net_annotations K=V...: a jq filter setting berth.network.K annotations
	local f='.annotations = (.annotations // {})' kv
	for kv in "$@"; do
		f="$f | .annotations[\"berth.network.${kv%%=*}\"] = \"${kv#*=}\""
	done
	echo "$f"
}

@test "container: eth0, address, MTU, MAC and route are set before createRuntime hooks and the program" {
	require_lifecycle
	local hook='pid=$(jq -r .pid); nsenter --net=/proc/$pid/ns/net ip -4 -o addr show dev eth0 >'"$TEST_TMP/hook.out"
	new_bundle b1 "$(net_annotations bridge=btest0 subnet=10.41.0.0/24 address=10.41.0.7/24 mtu=1450 mac=02:42:0a:29:00:07)
		| .process.args = [\"sh\", \"-c\", \"ip -4 -o addr show dev eth0; ip -o link show dev eth0; ip -o link show dev lo; ip route\"]
		| .hooks.createRuntime = [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"$hook\"]}]"
	run nberth run -b "$TEST_TMP/b1" c1
	assert_success
	assert_output --partial "inet 10.41.0.7/24"
	assert_output --partial "mtu 1450"
	assert_output --partial "link/ether 02:42:0a:29:00:07"
	assert_line --regexp '^[0-9]+: lo: <[A-Z,_]*UP'
	assert_line --partial "default via 10.41.0.1 dev eth0"
	run cat "$TEST_TMP/hook.out"
	assert_output --partial "inet 10.41.0.7/24"
	# run deleted the container: nothing of it is left
	assert_clean btest0
}

@test "container: two containers on one bridge ping each other and the gateway and move data over TCP" {
	require_lifecycle
	local caps='.process.capabilities |= with_entries(.value += ["CAP_NET_RAW"])'
	new_bundle b2 "$(net_annotations bridge=btest0 subnet=10.42.0.0/24 address=10.42.0.3)
		| .process.args = [\"sh\", \"-c\", \"sleep 60 | nc -l -p 7000 >/tmp/received\"]"
	nberth run -d -b "$TEST_TMP/b2" c2
	head -c 1048576 /dev/urandom >"$TEST_TMP/blob"
	new_bundle b1 "$(net_annotations bridge=btest0 subnet=10.42.0.0/24) | $caps
		| .process.args = [\"sh\", \"-c\", \"ping -c 1 -W 2 10.42.0.3 && ping -c 1 -W 2 10.42.0.1 && nc 10.42.0.3 7000 </blob\"]"
	cp "$TEST_TMP/blob" "$TEST_TMP/b1/rootfs/blob"
	run nberth run -b "$TEST_TMP/b1" c1
	assert_success
	assert_output --partial "1 packets received"
	for i in $(seq 50); do
		[ "$(stat -c %s "$TEST_TMP/b2/rootfs/tmp/received")" -ge 1048576 ] && break
		sleep 0.1
	done
	[ "$(sha256sum <"$TEST_TMP/blob")" = "$(sha256sum <"$TEST_TMP/b2/rootfs/tmp/received")" ]
	# c2 still uses the bridge
	run in_ns ip -o link show dev btest0
	assert_success
	nberth delete --force c2
	assert_clean btest0
}

@test "container: 50 containers created in parallel get 50 distinct addresses; delete leaves nothing" {
	require_lifecycle
	local i pids=() addrs
	for i in $(seq 50); do
		new_bundle "p$i" "$(net_annotations bridge=btest0 subnet=10.44.0.0/24) | .process.args = [\"sleep\", \"600\"]"
	done
	for i in $(seq 50); do
		nberth create -b "$TEST_TMP/p$i" "p$i" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i"; done
	addrs=$(for i in $(seq 50); do
		nsenter --net=/proc/"$(cpid "p$i")"/ns/net ip -4 -o addr show dev eth0 | awk '{print $4}'
	done)
	[ "$(echo "$addrs" | grep -c '^10\.44\.0\.[0-9]*/24$')" -eq 50 ]
	[ "$(echo "$addrs" | sort -u | wc -l)" -eq 50 ]
	[ "$(ls "$BERTH_ROOT/network~/btest0" | grep -c '^10\.44\.0\.')" -eq 50 ]
	pids=()
	for i in $(seq 50); do
		nberth delete --force "p$i" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i"; done
	assert_clean btest0
}

@test "container: NAT to an outside host shows the uplink address; a published port reaches the container" {
	require_lifecycle
	make_outside
	mkdir -p "$TEST_TMP/www/cgi-bin"
	printf '#!/bin/sh\necho "Content-Type: text/plain"\necho\necho "peer=$REMOTE_ADDR"\n' >"$TEST_TMP/www/cgi-bin/peer"
	chmod +x "$TEST_TMP/www/cgi-bin/peer"
	ip netns exec "$OUT" busybox httpd -f -p 9000 -h "$TEST_TMP/www" >/dev/null 2>&1 &
	PIDS+=("$!")

	new_bundle srv "$(net_annotations bridge=btest0 subnet=10.45.0.0/24 nat=true ports=8080:80/tcp)
		| .process.args = [\"sh\", \"-c\", \"echo from-the-container | nc -l -p 80\"]"
	nberth run -d -b "$TEST_TMP/srv" srv
	sleep 0.3
	run ip netns exec "$OUT" timeout 10 sh -c 'sleep 2 | busybox nc 192.168.77.1 8080'
	assert_success
	assert_output "from-the-container"

	new_bundle cli "$(net_annotations bridge=btest0 subnet=10.45.0.0/24 nat=true)
		| .process.args = [\"wget\", \"-q\", \"-O\", \"-\", \"http://192.168.77.2:9000/cgi-bin/peer\"]"
	run timeout 20 nsenter --net=/run/netns/"$NS" "$BERTH" --root "$BERTH_ROOT" run -b "$TEST_TMP/cli" cli
	assert_success
	assert_output --regexp '^peer=(\[::ffff:)?192\.168\.77\.1\]?$'

	nberth delete --force srv
	assert_clean btest0
}

@test "container: linux.netDevices: renamed, with addresses and up inside; back after delete" {
	require_lifecycle
	in_ns ip link add nd0 type veth peer name nd0peer
	in_ns ip addr add 10.46.0.5/24 dev nd0
	in_ns ip addr add fd00:46::5/64 dev nd0
	new_bundle b1 '.linux.netDevices = {"nd0": {"name": "ctr0"}}
		| .process.args = ["sh", "-c", "ip -o addr show dev ctr0; ip -o link show dev ctr0"]'
	nberth run -d -b "$TEST_TMP/b1" c1
	# the program has exited by now; the pinned namespace keeps the device
	for i in $(seq 50); do
		[ "$(nberth state c1 | jq -r .status)" = stopped ] && break
		sleep 0.1
	done
	run in_ns ip -o link show dev nd0
	assert_failure
	nberth delete c1
	run in_ns ip -o addr show dev nd0
	assert_success
	assert_output --partial "inet 10.46.0.5/24"
	assert_output --partial "inet6 fd00:46::5/64"

	# and what the program saw
	run nberth run -b "$TEST_TMP/b1" c2
	assert_success
	assert_output --partial "ctr0"
	assert_output --partial "inet 10.46.0.5/24"
	assert_output --partial "inet6 fd00:46::5/64"
	assert_output --regexp 'ctr0(@[a-z0-9]+)?: <[A-Z,_-]*UP'
	run in_ns ip -o addr show dev nd0
	assert_output --partial "inet 10.46.0.5/24"
}

@test "container: bad network input fails create with a clear error and leaves nothing behind" {
	require_lifecycle
	new_bundle bad1 "$(net_annotations bridge=btest0 address=10.47.0.300/24)"
	run nberth create -b "$TEST_TMP/bad1" bad1
	assert_failure
	assert_output --partial "berth.network.address: invalid IPv4 address \`10.47.0.300/24\`"

	new_bundle bad2 "$(net_annotations bridge=btest0 subnet=10.47.0.0/24 address=10.48.0.5)"
	run nberth create -b "$TEST_TMP/bad2" bad2
	assert_failure
	assert_output --partial "outside the subnet 10.47.0.0/24"

	new_bundle bad3 "$(net_annotations bridge=berth-bridge-too-long)"
	run nberth create -b "$TEST_TMP/bad3" bad3
	assert_failure
	assert_output --partial "too long"

	new_bundle bad4 '.linux.netDevices = {"dummy0": {}}'
	run nberth create -b "$TEST_TMP/bad4" bad4
	assert_failure
	assert_output --partial 'linux.netDevices: move "dummy0" into the container'"'"'s network namespace: No such device'

	new_bundle ok "$(net_annotations bridge=btest0 subnet=10.47.0.0/24 address=10.47.0.9) | .process.args = [\"sleep\", \"600\"]"
	nberth create -b "$TEST_TMP/ok" ok
	new_bundle bad5 "$(net_annotations bridge=btest0 subnet=10.47.0.0/24 address=10.47.0.9)"
	run nberth create -b "$TEST_TMP/bad5" bad5
	assert_failure
	assert_output --partial "10.47.0.9 is already leased to container \`ok\`"

	for c in bad1 bad2 bad3 bad4 bad5; do [ ! -e "$BERTH_ROOT/$c" ]; done
	run in_ns ip -o link show master btest0
	[ "$(echo "$output" | grep -c vb)" -eq 1 ]
	nberth delete --force ok
	assert_clean btest0
}

# Only the runtime process is traced (no -f): network_setup runs there, and
# strace -f would wait forever for the init blocked on the exec fifo.
# LeakSanitizer cannot run under ptrace: leak checks off for the traced
# runs (tests/sanitize.sh builds), every other report still on.
traced_berth() {
	local out=$1
	shift
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		nsenter --net=/run/netns/"$NS" strace -qq -e trace=socket -o "$out" \
		"$BERTH" --root "$BERTH_ROOT" "$@"
}

@test "container: without berth.network.* or netDevices, create opens no netlink socket" {
	require_lifecycle
	command -v strace >/dev/null || skip "strace needed"
	new_bundle b1 '.process.args = ["true"]'
	traced_berth "$TEST_TMP/strace" create -b "$TEST_TMP/b1" c1
	run grep -c AF_NETLINK "$TEST_TMP/strace"
	assert_output 0
	[ ! -e "$BERTH_ROOT/c1/network" ]
	nberth delete --force c1

	# the control: with a bridge the same trace shows the netlink socket
	new_bundle b2 "$(net_annotations bridge=btest0) | .process.args = [\"true\"]"
	traced_berth "$TEST_TMP/strace2" create -b "$TEST_TMP/b2" c2
	run grep -c "AF_NETLINK.*NETLINK_ROUTE" "$TEST_TMP/strace2"
	refute_output 0
	nberth delete --force c2
	assert_clean btest0
}
