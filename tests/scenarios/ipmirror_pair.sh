#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror between two mirrors in one kernel over loopback addresses
# (127.0.0.1 <-> 127.0.0.2, lo): the first full sync, sync-mode writes with
# fio verify, an outage made with nftables during writes (writes go on,
# are tracked, resync follows), TCP stalled with heartbeats passing (the
# watchdog takes the link down, a quiet link stays up by pings), a link
# flapping faster than the probation (never connects), the peer disabled and back, a link failing in the
# middle of a resync (the next one completes), split brain provoked,
# refused and resolved, a promotion the peer never answers (configfs and
# netlink answer meanwhile), a node just enabled not promoted before it has
# listened for its peer, a wrong shared secret refused, heartbeats
# recorded and played back not taken for a live peer, a configuration
# that does not match refused until fixed, malformed
# heartbeats dropped and counted, a stale connection in the listen
# backlog dropped, async mode, online verify, two mirrors
# in opposite directions at once, the primary exported through a
# targetcli block backstore, and a primary that crashed while mirroring
# resending the extents of its activity log (every region when the log is
# unreadable); writes waiting for one of two log slots, in async and sync
# mode. Every check compares bytes of both backing devices or reads state
# back from configfs.
# liox-timeout: 1500
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh

A=$MIRRORS/pa	# primary, 127.0.0.1
B=$MIRRORS/sb	# secondary, 127.0.0.2

for n in a b; do
	truncate -s 64M /tmp/m$n.img
	eval "dev_$n=\$(losetup --find --show /tmp/m$n.img)" || bail "no loop device"
done
dd if=/dev/urandom of="$dev_a" bs=1M count=64 oflag=direct status=none

ok_if "modprobe liox_ipmirror" modprobe liox_ipmirror
mkdir $A $B
mirror_setup $A "$dev_a" 127.0.0.1 127.0.0.2 sb primary
mirror_setup $B "$dev_b" 127.0.0.2 127.0.0.1 pa secondary
ok_if "enable the secondary" bash -c "echo 1 > $B/enable"
ok_if "enable the primary" bash -c "echo 1 > $A/enable"

ok_if "primary in-sync after the first (full) resync" wait_state $A in-sync 60
ok_if "secondary in-sync" wait_state $B in-sync 30
sectors=$(cat $A/size_sectors)
# the module writes the backing devices with bios: drop their page cache
# (BLKFLSBUF) so that cmp reads what is on them now
same_data() {
	blockdev --flushbufs "$dev_a" "$dev_b"
	cmp -n $(( sectors * 512 )) "$dev_a" "$dev_b"
}
ok_if "backing devices identical after the first sync" same_data
is "primary: no dirty region" 0 "$(cat $A/dirty_regions)"
is "secondary: no dirty region" 0 "$(cat $B/dirty_regions)"
is "same generation on both" "$(cat $A/generation)" "$(cat $B/generation)"

mirror_dev_wait pa || bail "no /dev/liox/pa"
ok_if "fio 4 KiB random writes QD16 with verify (sync mode)" \
	fio --name=r --filename=/dev/liox/pa --rw=randwrite --bs=4k \
	--iodepth=16 --ioengine=libaio --direct=1 --size=32M \
	--verify=crc32c --do_verify=1 --output=/tmp/fio1.txt
ok_if "backing devices identical after fio" same_data
is "primary: no dirty region while connected" 0 "$(cat $A/dirty_regions)"
# an fsync of the device is an empty flush: it goes to the peer as FLUSH,
# which flushes the peer's backing device, and the link stays
flushes() { awk '{ print $16 }' "/sys/block/$(basename "$dev_b")/stat"; }
f0=$(flushes) c0=$(cat $A/connects) m0=$(cat $B/malformed)
ok_if "fsync of /dev/liox/pa (an empty flush)" python3 -c \
	"import os; fd = os.open('/dev/liox/pa', os.O_WRONLY); os.fsync(fd)"
ok_if "the flush reached the peer's backing device (its flush count)" \
	test "$(flushes)" -gt "$f0"
sleep 1
is "the flush kept the link: no reconnect, nothing malformed, in sync" \
	"$c0 $m0 in-sync" "$(cat $A/connects) $(cat $B/malformed) $(cat $A/state)"


# --- an outage during writes: nftables drops everything between the two -----
nft add table inet liox
nft add chain inet liox out '{ type filter hook output priority 0; }'
cut_link() {
	nft add rule inet liox out ip daddr 127.0.0.2 drop
	nft add rule inet liox out ip saddr 127.0.0.2 drop
}
heal_link() { nft flush chain inet liox out; }
deaths0=$(cat $A/peer_deaths)
rs0=$(cat $A/resync_bytes)
fio --name=o --filename=/dev/liox/pa --rw=randwrite --bs=4k --iodepth=8 \
	--ioengine=libaio --direct=1 --size=16M --offset=32M \
	--verify=crc32c --do_verify=1 --output=/tmp/fio2.txt &
fpid=$!
sleep 2
cut_link
ok_if "outage: the primary sees its peer down" wait_state $A peer-down 20
ok_if "outage: the secondary sees its peer down" wait_state $B peer-down 20
ok_if "outage: fio with verify completes on the primary (sync mode degrades)" wait $fpid
dd if=/dev/urandom of=/tmp/w1 bs=1M count=4 status=none
ok_if "outage: more writes complete" \
	dd if=/tmp/w1 of=/dev/liox/pa bs=1M seek=8 oflag=direct,sync status=none
d=$(cat $A/dirty_regions)
ok_if "outage: the primary tracks what changed ($d regions dirty)" test "$d" -ge 64
ok_if "outage: a new generation on the primary" \
	test "$(cat $A/generation)" != "$(cat $B/generation)"
is "outage: peer death counted" $((deaths0 + 1)) "$(cat $A/peer_deaths)"
heal_link
ok_if "after the outage: back in sync (probation, resync)" wait_state $A in-sync 90
ok_if "after the outage: the secondary in sync" wait_state $B in-sync 30
ok_if "after the outage: backing devices identical" same_data
is "after the outage: no dirty region" "0 0" "$(cat $A/dirty_regions) $(cat $B/dirty_regions)"
is "after the outage: one generation again" "$(cat $A/generation)" "$(cat $B/generation)"
rs=$(( $(cat $A/resync_bytes) - rs0 ))
ok_if "the resync sent the dirty regions only ($rs bytes for $d regions)" \
	test "$rs" -le $(( d * 65536 * 11 / 10 ))

# --- TCP stalled, heartbeats passing: the watchdog -----------------------------
# heartbeats keep the peer "up", but no ack can come: after ack_timeout_ms
# the link goes down on both nodes (peer-timeout), a sync write completes,
# its range stays dirty, and once TCP passes the resync sends it. A quiet
# link is kept by pings: it stays up for several ack_timeout_ms.
for M in $A $B; do echo 2000 > $M/ack_timeout_ms; done
ca=$(cat $A/connects) cb=$(cat $B/connects)
sleep 7
is "watchdog: a quiet link stays up past ack_timeout_ms (pings)" \
	"in-sync in-sync $ca $cb" \
	"$(cat $A/state) $(cat $B/state) $(cat $A/connects) $(cat $B/connects)"
ta=$(log_count "pa: peer-timeout") tb=$(log_count "sb: peer-timeout")
pd=$(cat $A/peer_deaths)
nft add rule inet liox out ip daddr 127.0.0.2 meta l4proto tcp drop
nft add rule inet liox out ip saddr 127.0.0.2 meta l4proto tcp drop
dd if=/dev/urandom of=/tmp/w9 bs=1M count=1 status=none
dd if=/tmp/w9 of=/dev/liox/pa bs=1M seek=44 oflag=direct,sync status=none &
ok_if "watchdog: TCP stalled, a sync write completes" pid_exits $! 30
ok_if "watchdog: the primary shows peer-timeout" logged "pa: peer-timeout" "$ta" 10
ok_if "watchdog: the secondary lets go too" logged "sb: peer-timeout" "$tb" 10
# the primary is alive (its heartbeats come) and cannot be asked: no
# failover to sb without the link
nb=$(log_count "sb: cannot promote: the peer is alive (heartbeats) but not connected")
is "watchdog: promoting the secondary is refused" "Device or resource busy" \
	"$(cfs_err $B/role primary)"
ok_if "watchdog: ...because the peer is alive but not connected" \
	logged "sb: cannot promote: the peer is alive (heartbeats) but not connected" "$nb" 5
ok_if "watchdog: the write's range is dirty" test "$(cat $A/dirty_regions)" -ge 16
is "watchdog: heartbeats passed all along (no peer death)" "$pd" \
	"$(cat $A/peer_deaths)"
heal_link
ok_if "watchdog: TCP back, in sync" wait_state $A in-sync 60
ok_if "watchdog: the secondary in sync" wait_state $B in-sync 30
ok_if "watchdog: the peer has the write" same_at /tmp/w9 "$dev_b" 44
ok_if "watchdog: backing devices identical" same_data
# the same during a resync: there the link thread itself sends, and waits
# on a full socket once TCP stalls; the watchdog's failure shuts the
# sockets down, so the link goes down all the same
cut_link
wait_state $A peer-down 20 >/dev/null
dd if=/dev/urandom of=/tmp/w10 bs=1M count=24 status=none
dd if=/tmp/w10 of=/dev/liox/pa bs=1M seek=16 oflag=direct status=none
echo 2048 > $A/resync_rate_kb
# small socket buffers (the next link's): the resync's send waits on a
# full socket soon after TCP stalls, long before the watchdog fires
wmem=$(sysctl -n net.ipv4.tcp_wmem)
sysctl -qw net.ipv4.tcp_wmem="4096 16384 65536"
ta=$(log_count "pa: peer-timeout")
heal_link
ok_if "watchdog in a resync: the resync runs (2 MiB/s)" wait_state $A resyncing 60
nft add rule inet liox out ip daddr 127.0.0.2 meta l4proto tcp drop
nft add rule inet liox out ip saddr 127.0.0.2 meta l4proto tcp drop
ok_if "watchdog in a resync: TCP stalled, the link goes down (peer-timeout)" \
	logged "pa: peer-timeout" "$ta" 30
ok_if "watchdog in a resync: what is left stays dirty" \
	test "$(cat $A/dirty_regions)" -gt 0
heal_link
sysctl -qw net.ipv4.tcp_wmem="$wmem"
echo 0 > $A/resync_rate_kb
ok_if "watchdog in a resync: TCP back, in sync" wait_state $A in-sync 90
ok_if "watchdog in a resync: the secondary in sync" wait_state $B in-sync 30
ok_if "watchdog in a resync: backing devices identical" same_data
for M in $A $B; do echo 10000 > $M/ack_timeout_ms; done

# --- a link flapping faster than the probation never connects ---------------
echo 3000 > $A/probation_ms
echo 3000 > $B/probation_ms
conn0=$(cat $A/connects)
cut_link
wait_state $A peer-down 20 >/dev/null
( while :; do cat $A/state; sleep 0.1; done ) > /tmp/flap.states &
spid=$!
for i in 1 2 3; do
	heal_link; sleep 1.5; cut_link; sleep 1.5
done
kill $spid; wait $spid 2>/dev/null
ok_if "flapping: the primary never connected (states: $(sort -u /tmp/flap.states | xargs))" \
	bash -c "! grep -qE 'connecting|resyncing|in-sync' /tmp/flap.states"
ok_if "flapping: probation was entered" grep -q probation /tmp/flap.states
is "flapping: no connection made" "$conn0" "$(cat $A/connects)"
heal_link
ok_if "a steady link after flapping: in sync" wait_state $A in-sync 60
echo 1000 > $A/probation_ms
echo 1000 > $B/probation_ms

# --- the peer goes away (disabled) and comes back -----------------------------
wait_state $B in-sync 30 >/dev/null
echo 0 > $B/enable
ok_if "peer disabled: the primary sees it down" wait_state $A peer-down 20
dd if=/tmp/w1 of=/dev/liox/pa bs=1M seek=40 oflag=direct,sync status=none
ok_if "peer disabled: writes tracked" test "$(cat $A/dirty_regions)" -ge 64
echo 1 > $B/enable
ok_if "peer back: in sync" wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
ok_if "peer back: backing devices identical" same_data

# --- an outage in the middle of a resync: the next resync completes ---------
# The link fails with resync data sent and not yet acknowledged; those
# regions stay dirty, the next resync sends them again, and a write into
# one of them completes.
wait_state $B in-sync 30 >/dev/null
echo 0 > $B/enable
wait_state $A peer-down 20 >/dev/null
dd if=/dev/urandom of=/tmp/w5 bs=1M count=16 status=none
dd if=/tmp/w5 of=/dev/liox/pa bs=1M seek=16 oflag=direct status=none
echo 1024 > $A/resync_rate_kb
echo 1 > $B/enable
ok_if "resync cut: the resync starts (1 MiB/s)" wait_state $A resyncing 30
rs_started() {
	local i
	for i in $(seq 300); do
		[ "$(cat $A/resync_done)" -ge 8 ] && return 0
		sleep 0.1
	done
	return 1
}
ok_if "resync cut: some regions done" rs_started
cut_link
ok_if "resync cut: the link fails mid-resync" wait_state $A peer-down 20
d=$(cat $A/dirty_regions)
ok_if "resync cut: regions left dirty ($d)" test "$d" -gt 0 -a "$d" -lt 256
echo 0 > $A/resync_rate_kb
heal_link
ok_if "resync cut: the next resync completes" wait_state $A in-sync 60
dd if=/tmp/w5 of=/dev/liox/pa bs=64k seek=256 oflag=direct,sync status=none &
ok_if "resync cut: a write into every region of the resync completes" \
	pid_exits $! 60
ok_if "resync cut: the secondary in sync" wait_state $B in-sync 30
ok_if "resync cut: backing devices identical" same_data
# a pause taken at a very low rate ends as soon as the rate is lifted
echo 0 > $B/enable
wait_state $A peer-down 20 >/dev/null
dd if=/tmp/w5 of=/dev/liox/pa bs=1M seek=16 count=4 oflag=direct status=none
echo 1 > $A/resync_rate_kb
echo 1 > $B/enable
ok_if "rate lifted: the resync starts at 1 KiB/s" wait_state $A resyncing 30
sleep 2
echo 0 > $A/resync_rate_kb
ok_if "rate lifted: the resync ends at once, not after its 64 s pause" \
	wait_state $A in-sync 20
wait_state $B in-sync 30 >/dev/null
# a link that comes up without a resync keeps the last one's figures
rs="$(cat $A/resync_done) $(cat $A/resync_total)"
ok_if "the last resync's figures ($rs): 64 regions or more" \
	test "$(cat $A/resync_total)" -ge 64
sleep 1
echo 0 > $B/enable
wait_state $A peer-down 20 >/dev/null
echo 1 > $B/enable
ok_if "a link without a resync: in sync" wait_state $A in-sync 60
is "a link without a resync keeps the last resync's figures" "$rs" \
	"$(cat $A/resync_done) $(cat $A/resync_total)"
ok_if "rate lifted: backing devices identical" same_data

# --- malformed heartbeats are dropped and counted ---------------------------
mal0=$(cat $B/malformed)
python3 - <<'PY'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
for payload in (b"x", b"LIOM" + b"\0" * 44, bytes(160)):
    s.sendto(payload, ("127.0.0.2", 7790))
PY
sleep 1
ok_if "3 malformed heartbeats counted on the secondary" \
	test "$(cat $B/malformed)" -ge $((mal0 + 3))
is "link unaffected by them" in-sync "$(cat $B/state)"

# --- malformed TCP messages from a fake peer: closed, nothing written --------
echo 0 > $A/enable	# the real peer goes away: its address and port are free
wait_state $B peer-down 20 >/dev/null
mal0=$(cat $B/malformed)
blockdev --flushbufs "$dev_b"
sum0=$(head -c $(( sectors * 512 )) "$dev_b" | sha256sum)
for mode in junk write; do
	ok_if "fake peer sends $mode before the handshake: connection closed" \
		python3 tests/lib/mirror_fake_peer.py 127.0.0.1 127.0.0.2 7790 pa $mode
done
ok_if "both malformed messages counted ($mal0 -> $(cat $B/malformed))" \
	test "$(cat $B/malformed)" -ge $((mal0 + 2))
blockdev --flushbufs "$dev_b"
is "nothing written to the secondary's backing device" "$sum0" \
	"$(head -c $(( sectors * 512 )) "$dev_b" | sha256sum)"
# --- a stale connection in the listen backlog ---------------------------------
# a connection of an attempt the peer gave up (its HELLO for connection 1,
# then its FIN) still waits in sb's listen backlog when the real peer
# comes back. Taken for the new attempt's connection 1, it would hold that
# slot while the real one waits until the peer times out and gives it up,
# leaving it stale for the next attempt: a livelock (seen once in
# ipmirror_peer_error). sb drops it
wait_state $B peer-down 20 >/dev/null
st=$(log_count "sb: connection 1 of an attempt the peer gave up: dropped")
is "the fake peer connected, sent its HELLO and closed" sent \
	"$(python3 tests/lib/mirror_fake_peer.py 127.0.0.1 127.0.0.2 7790 pa \
	   stale "$(cat $B/size_sectors)")"
echo 1 > $A/enable
ok_if "the real peer back: in sync despite the stale connection" \
	wait_state $A in-sync 60
ok_if "...which sb dropped" \
	logged "sb: connection 1 of an attempt the peer gave up: dropped" "$st" 5
wait_state $B in-sync 30 >/dev/null
mirror_dev_wait pa
# a connection from another address than the peer's is dropped unread:
# its junk is not even parsed (not counted as malformed), and the real
# peer's connections, behind it in the listen backlog, come up
echo 0 > $A/enable
wait_state $B peer-down 20 >/dev/null
mal0=$(cat $B/malformed)
sd=$(log_count "sb: a connection from 127.0.0.3")
python3 - <<'PY' &
import socket, time
s = socket.socket()
s.bind(("127.0.0.3", 0))
s.connect(("127.0.0.2", 7790))
s.sendall(b"\xee" * 48)
time.sleep(15)
PY
spid=$!
sleep 1
echo 1 > $A/enable
ok_if "a stranger's connection first: the real peer connects all the same" \
	wait_state $A in-sync 60
ok_if "...the stranger's dropped unread (logged)" \
	logged "sb: a connection from 127.0.0.3" "$sd" 5
is "...nothing of it parsed (malformed unchanged)" "$mal0" "$(cat $B/malformed)"
kill $spid 2>/dev/null
wait $spid 2>/dev/null
wait_state $B in-sync 30 >/dev/null
mirror_dev_wait pa

# --- a node just enabled has not listened for its peer yet --------------------
# pa is a live primary, but sb, enabled a moment ago, has heard no
# heartbeat: promoting it now would make a second primary. Refused until
# the peer's heartbeats come (then the link is up and the peer is asked)
# or hb_dead_ms pass without one (the peer is gone); 5 s here, so that
# the step from enable to the promotion fits under TCG
echo 0 > $B/enable
echo 5000 > $B/hb_dead_ms
echo 1 > $B/enable
r=$(cfs_err $B/role primary)
diag "promote right after enable, the primary alive: $r"
ok_if "promote right after enable, the primary alive: refused" \
	test "$r" = "Resource temporarily unavailable" -o "$r" = "Device or resource busy"
is "...still secondary" secondary "$(cat $B/role)"
ok_if "...then in sync with the primary" wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
echo 0 > $A/enable
echo 0 > $B/enable
n=$(log_count "sb: cannot promote yet")
echo 1 > $B/enable
is "the peer gone: promote right after enable is EAGAIN" \
	"Resource temporarily unavailable" "$(cfs_err $B/role primary)"
ok_if "...the log says why" logged "sb: cannot promote yet" "$n" 5
sleep 4
ok_if "...promoted once hb_dead_ms passed without a heartbeat" \
	within 5 eval '[ "$(cfs_err $B/role primary)" = ok ]'
ok_if "demoted again (nothing written)" test "$(cfs_err $B/role secondary)" = ok
echo 1000 > $B/hb_dead_ms
echo 1 > $A/enable
ok_if "the primary back: in sync" wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
mirror_dev_wait pa

# --- a primary behind its secondary: refused on both sides -------------------
# the secondary wrote while apart (promoted, then demoted again); the
# primary did not. The primary refuses to connect (its peer is ahead); the
# secondary, which alone would resync to it, takes the refusal from its
# CLOSE: both wait for the operator
# sb_writes_apart WHAT FILE MIB: the link cut, the secondary is promoted
# (its peer away) and writes 1 MiB of random FILE at MiB MIB
sb_writes_apart() {
	cut_link
	wait_state $A peer-down 20 >/dev/null
	wait_state $B peer-down 20 >/dev/null
	ok_if "$1: promote the secondary while the peer is away" \
		test "$(cfs_err $B/role primary)" = ok
	mirror_dev_wait sb
	dd if=/dev/urandom of="$2" bs=1M count=1 status=none
	dd if="$2" of=/dev/liox/sb bs=1M seek="$3" oflag=direct,sync status=none
}
sb_writes_apart behind /tmp/w11 28
ok_if "behind: demote it again" test "$(cfs_err $B/role secondary)" = ok
heal_link
ok_if "behind: the primary refuses" wait_state $A refused 60
ok_if "behind: the secondary is refused too (the primary's CLOSE)" \
	wait_state $B refused 30
sleep 2
is "behind: both still refused, no resync" "refused refused" \
	"$(cat $A/state) $(cat $B/state)"
# the operator makes the node behind a secondary: the other resyncs it
echo 0 > $A/enable
echo secondary > $A/role
echo 1 > $A/enable
ok_if "behind: as secondary, in sync" wait_state $A in-sync 60
ok_if "behind: the other in sync" wait_state $B in-sync 30
ok_if "behind: its write arrived" same_at /tmp/w11 "$dev_a" 28
ok_if "behind: promoted again with the link up" \
	test "$(cfs_err $A/role primary)" = ok
mirror_dev_wait pa

# --- split brain: both primary while apart -----------------------------------
sb_writes_apart "split brain" /tmp/w2 20
dd if=/tmp/w1 of=/dev/liox/pa bs=1M seek=24 oflag=direct,sync status=none
heal_link
ok_if "split brain detected on the primary" wait_state $A split-brain 60
ok_if "split brain detected on the other" wait_state $B split-brain 30
differs() { ! same_data >/dev/null 2>&1; }
ok_if "split brain: no resync, the devices still differ" differs
ok_if "split brain: the other's write is still there" \
	cmp -n 1048576 /tmp/w2 <(dd if="$dev_b" bs=1M skip=20 count=1 iflag=direct status=none)
sleep 3
is "split brain: still refused (no automatic resync)" split-brain "$(cat $A/state)"
# the operator keeps pa: sb's changes are discarded
is "resolve while enabled: EBUSY" "Device or resource busy" "$(cfs_err $B/resolve discard)"
echo 0 > $B/enable
echo secondary > $B/role
ok_if "resolve discard on the node to overwrite" test "$(cfs_err $B/resolve discard)" = ok
echo 1 > $B/enable
ok_if "after resolve: full resync, in sync" wait_state $A in-sync 120
wait_state $B in-sync 30 >/dev/null
ok_if "after resolve: backing devices identical" same_data

# --- a wrong shared secret is refused -----------------------------------------
echo 0 > $A/enable
echo 0 > $B/enable
printf 'correct horse' > $A/secret
printf 'wrong horse' > $B/secret
echo 1 > $B/enable
echo 1 > $A/enable
sleep 5
# each side drops the other's heartbeats (wrong MAC): the peer never
# comes up, no connection is even tried
is "wrong secret: the peer stays down on both" "peer-down peer-down" \
	"$(cat $A/state) $(cat $B/state)"
is "wrong secret: heartbeats refused" "down down" \
	"$(cat $A/peer_heartbeat) $(cat $B/peer_heartbeat)"
ok_if "wrong secret: authentication failures counted on both" \
	test "$(cat $A/auth_failures)" -ge 1 -a "$(cat $B/auth_failures)" -ge 1
ok_if "wrong secret: no connection made" test "$(cat $A/connects)$(cat $B/connects)" = 00
echo 0 > $A/enable
echo 0 > $B/enable
printf 'correct horse' > $B/secret
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "same secret: in sync" wait_state $A in-sync 60
is "same secret: no authentication failure" "0 0" "$(cat $A/auth_failures) $(cat $B/auth_failures)"

# --- heartbeats played back keep no dead peer alive ---------------------------
# the secondary's heartbeats, MACs and all, recorded as they pass, then
# played back from its address, the player started before the secondary
# goes, so that the heartbeats never pause: none was sent after the
# secondary's last, so the primary sees its peer die, stays so while they
# come, and says why. (Protocol 2 counted them all: the dead peer stayed
# alive while they came, and a promotion on its side was refused.)
nrec=$(python3 tests/lib/mirror_hb_replay.py record 127.0.0.2 127.0.0.1 7790 2 /tmp/hb.rec)
ok_if "the secondary's heartbeats recorded ($nrec)" test "${nrec:-0}" -ge 5
nr=$(log_count "pa: heartbeat ignored: played back")
pd=$(cat $A/peer_deaths); mf=$(cat $A/malformed)
python3 tests/lib/mirror_hb_replay.py play 127.0.0.2 127.0.0.1 7790 60 /tmp/hb.rec \
	> /tmp/hb.played &
player=$!
ok_if "the player plays" within 10 grep -q started /tmp/hb.played
echo 0 > $B/enable
ok_if "heartbeats played back: the primary sees its peer die" \
	grows $A/peer_deaths "$pd" 6
# down all along, sampled every 0.1 s for 3 s (over twice probation_ms)
stays_down() {
	local i
	for i in $(seq 30); do
		[ "$(cat $A/peer_heartbeat)" = down ] || return 1
		sleep 0.1
	done
}
ok_if "...and it stays down while they come" stays_down
is "the primary shows peer-down" peer-down "$(cat $A/state)"
# all of it while they came (a player done would prove nothing)
ok_if "the player still plays" kill -0 $player
kill $player; wait $player 2>/dev/null
ok_if "the played back heartbeats are logged as such" \
	logged "pa: heartbeat ignored: played back" "$nr" 2
is "not counted malformed (they are well formed)" "$mf" "$(cat $A/malformed)"
echo 1 > $B/enable
ok_if "the secondary back: in sync" wait_state $A in-sync 60

# --- a configuration that does not match is refused ----------------------------
# connection counts differ: both sides refuse (retrying cannot mend it)
# and stay so; the primary's writes meanwhile are tracked. The secondary
# enabled again with the same count connects: the primary sees its new
# node id and tries again, and resyncs what it wrote.
echo 0 > $B/enable
echo 3 > $B/conns
n=$(log_count "connection refused: connection counts differ")
echo 1 > $B/enable
ok_if "conns differ: the primary refused" wait_state $A refused 30
ok_if "conns differ: the secondary refused" wait_state $B refused 10
ok_if "conns differ: the reason logged" \
	logged "connection refused: connection counts differ" "$n" 5
mirror_dev_wait pa
dd if=/dev/urandom of=/dev/liox/pa bs=64k count=4 seek=100 oflag=direct status=none
n=$(log_count "connection refused: connection counts differ")
sleep 3
is "conns differ: both still refused, not tried again" "refused refused $n" \
	"$(cat $A/state) $(cat $B/state) $(log_count "connection refused: connection counts differ")"
echo 0 > $B/enable
echo 2 > $B/conns
echo 1 > $B/enable
ok_if "same conns: in sync" wait_state $A in-sync 60
ok_if "same conns: the writes made while refused resynced" same_data

# --- async mode --------------------------------------------------------------
echo 0 > $A/enable
echo async > $A/mode
echo 1 > $A/enable
ok_if "async: in sync" wait_state $A in-sync 60
mirror_dev_wait pa
ok_if "async: fio 1 MiB sequential writes with verify" \
	fio --name=a --filename=/dev/liox/pa --rw=write --bs=1M --iodepth=4 \
	--ioengine=libaio --direct=1 --size=24M --verify=crc32c --do_verify=1 \
	--output=/tmp/fio3.txt
identical_soon() {
	local i
	for i in $(seq 50); do same_data && return 0; sleep 0.2; done
	return 1
}
ok_if "async: the secondary follows, backing devices identical" identical_soon
# a write completes before the peer has it: the next write, overlapping
# it, must not overtake it on its way (a 1 MiB write, then 4 KiB inside
# it, each started once the one before completed, 40 times)
dd if=/dev/urandom of=/tmp/big bs=1M count=1 status=none
dd if=/dev/urandom of=/tmp/small bs=4k count=1 status=none
for i in $(seq 40); do
	dd if=/tmp/big of=/dev/liox/pa bs=1M seek=40 oflag=direct status=none
	dd if=/tmp/small of=/dev/liox/pa bs=4k seek=$((40 * 256 + 16 + i % 64 * 3)) \
		oflag=direct status=none
done
ok_if "async: overlapping writes reach the peer in order, devices identical" identical_soon
# a flush waits for the peer in async mode too: with TCP between the two
# dropped (heartbeats pass: the link stays up), a write still completes,
# a flush does not until the peer can answer
nft add rule inet liox out ip daddr 127.0.0.2 meta l4proto tcp drop
nft add rule inet liox out ip saddr 127.0.0.2 meta l4proto tcp drop
ok_if "async: TCP stalled, a write completes" timeout 30 \
	dd if=/tmp/small of=/dev/liox/pa bs=4k seek=2000 oflag=direct status=none
dd if=/tmp/small of=/dev/liox/pa bs=4k seek=2001 oflag=direct conv=fsync \
	status=none &
fsync_pid=$!
sleep 3
ok_if "async: TCP stalled, the flush waits for the peer" kill -0 $fsync_pid
is "async: TCP stalled, the link is still up" in-sync "$(cat $A/state)"
heal_link
ok_if "async: the flush completes once the peer answers" \
	timeout 120 tail --pid=$fsync_pid -f /dev/null
ok_if "async: the flush succeeded" wait $fsync_pid
ok_if "async: after the stall, devices identical" identical_soon
# PREFLUSH writes (ext4's journal commits) wait for a flush on every
# connection: a file system on the async primary, its copy on the peer
# clean after it is unmounted
mkfs.ext4 -q -F /dev/liox/pa
mkdir -p /mnt/pa
mount /dev/liox/pa /mnt/pa
for i in $(seq 20); do
	dd if=/dev/urandom of=/mnt/pa/f$i bs=64k count=$i status=none
	sync -f /mnt/pa
done
umount /mnt/pa
ok_if "async: a file system with journal commits, devices identical" identical_soon
ok_if "async: the peer's copy of it checks clean" fsck.ext4 -n -f "$dev_b"
# two activity log slots: an async write's request holds its slot until
# the peer's ack, and an idle slot is reused only once the peer flushed
# what it acknowledged there; writes all over the device wait their turn
echo 0 > $A/enable
echo 2 > $A/al_extents
echo 1 > $A/enable
ok_if "async, al_extents 2: in sync" wait_state $A in-sync 60
mirror_dev_wait pa
ok_if "async, al_extents 2: fio 4 KiB random writes QD16 with verify" \
	timeout 300 fio --name=al --filename=/dev/liox/pa --rw=randwrite \
	--bs=4k --iodepth=16 --ioengine=libaio --direct=1 --size=48M \
	--io_size=4M --verify=crc32c --do_verify=1 --output=/tmp/fio_al.txt
ok_if "async, al_extents 2: backing devices identical" identical_soon

# --- data CRCs: the link goes without them only when both sides do ----------
log_has() { dmesg | grep -q "$1"; }
no_crc_both() {
	log_has 'pa: connected (.*no data CRC' && log_has 'sb: connected (.*no data CRC'
}
echo 0 > $A/enable
echo 0 > $B/enable
echo 512 > $A/al_extents
echo 0 > $A/data_crc
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "data_crc 0 on one side: in sync" wait_state $A in-sync 60
ok_if "data_crc 0 on one side: the link keeps data CRCs (kernel log)" \
	bash -c "! dmesg | grep -q 'connected (.*no data CRC'"
echo 0 > $A/enable
echo 0 > $B/enable
echo 0 > $B/data_crc
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "data_crc 0 on both: in sync" wait_state $A in-sync 60
ok_if "data_crc 0 on both: the link goes without (kernel log, both sides)" \
	no_crc_both
mirror_dev_wait pa
rb0=$(cat $B/recv_bytes)
ok_if "no data CRC: fio 4 KiB random writes with verify" \
	fio --name=n --filename=/dev/liox/pa --rw=randwrite --bs=4k --iodepth=8 \
	--ioengine=libaio --direct=1 --size=16M --io_size=8M \
	--verify=crc32c --do_verify=1 --output=/tmp/fio5.txt
ok_if "no data CRC: backing devices identical" identical_soon
ok_if "no data CRC: the secondary received the data" \
	test $(( $(cat $B/recv_bytes) - rb0 )) -ge $((8 << 20))
echo 0 > $A/enable
echo 0 > $B/enable
echo 1 > $A/data_crc
echo 1 > $B/data_crc
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "data CRCs back on: in sync" wait_state $A in-sync 60

# --- online verify ------------------------------------------------------------
ok_if "verify on the secondary: EPERM" \
	test "$(cfs_err $B/verify 1)" = "Operation not permitted"
ok_if "verify starts" test "$(cfs_err $A/verify 1)" = ok
vwait() {
	local i
	for i in $(seq 600); do
		[ "$(cat $A/verify_running)" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}
ok_if "verify finishes" vwait
is "verify: every region compared, none differs" \
	"$(cat $A/verify_total) 0" "$(cat $A/verify_done) $(cat $A/verify_diffs)"
# change the secondary's copy behind the mirror's back: verify finds it
echo 0 > $B/enable
dd if=/dev/urandom of="$dev_b" bs=4k count=1 seek=100 oflag=direct status=none
echo 1 > $B/enable
wait_state $A in-sync 60 >/dev/null
echo 1 > $A/verify
vwait
is "verify: the changed region is found" 1 "$(cat $A/verify_diffs)"
ok_if "verify: the difference is resent (in sync again)" wait_state $A in-sync 60
ok_if "verify: backing devices identical again" identical_soon
# the last region is shorter than the others (the data area ends where
# the metadata begins): a difference there is resent as well
echo 0 > $B/enable
dd if=/dev/urandom of="$dev_b" bs=4k count=1 seek=$(( sectors / 8 - 1 )) \
	oflag=direct status=none
echo 1 > $B/enable
wait_state $A in-sync 60 >/dev/null
echo 1 > $A/verify
vwait
is "verify: a change in the last, shorter region is found" 1 \
	"$(cat $A/verify_diffs)"
ok_if "verify: the last region is resent (in sync again)" wait_state $A in-sync 60
ok_if "verify: backing devices identical again (last region)" identical_soon
is "verify: nothing dirty after that resync" 0 "$(cat $A/dirty_regions)"
# writes while verify runs (async mode): both sides sum the same writes,
# so nothing differs and the link stays up
c0=$(cat $A/connects)
fio --name=vw --filename=/dev/liox/pa --rw=randwrite --bs=4k --iodepth=16 \
	--ioengine=libaio --direct=1 --time_based --runtime=120 \
	--output=/tmp/fio_vw.txt >/dev/null 2>&1 &
fpid=$!
sleep 2
echo 1 > $A/verify
ok_if "verify during random writes finishes" vwait
kill -INT $fpid 2>/dev/null
wait $fpid
is "verify during random writes: every region compared, none differs" \
	"$(cat $A/verify_total) 0" "$(cat $A/verify_done) $(cat $A/verify_diffs)"
is "verify during random writes: the link stayed up" "$c0 in-sync" \
	"$(cat $A/connects) $(cat $A/state)"
ok_if "verify during random writes: backing devices identical" identical_soon

# --- two mirrors in opposite directions at once --------------------------------
truncate -s 32M /tmp/mq.img /tmp/mr.img
dev_q=$(losetup --find --show /tmp/mq.img)
dev_r=$(losetup --find --show /tmp/mr.img)
Q=$MIRRORS/qb	# primary on the 127.0.0.2 side
R=$MIRRORS/ra	# its secondary on 127.0.0.1
mkdir $Q $R
mirror_setup $Q "$dev_q" 127.0.0.2 127.0.0.1 ra primary
mirror_setup $R "$dev_r" 127.0.0.1 127.0.0.2 qb secondary
for d in $Q $R; do echo 7792 > $d/local_port; echo 7792 > $d/peer_port; done
echo 1 > $R/enable
echo 1 > $Q/enable
ok_if "reverse mirror in sync" wait_state $Q in-sync 60
mirror_dev_wait qb
fio --name=p --filename=/dev/liox/pa --rw=randwrite --bs=16k --iodepth=8 \
	--ioengine=libaio --direct=1 --size=16M --output=/tmp/fio4.txt &
p1=$!
fio --name=q --filename=/dev/liox/qb --rw=randwrite --bs=16k --iodepth=8 \
	--ioengine=libaio --direct=1 --size=16M --output=/tmp/fio5.txt &
p2=$!
ok_if "both directions: writes on both primaries at once" wait $p1 $p2
qs=$(cat $Q/size_sectors)
ok_if "both directions: pa's pair identical" identical_soon
same_q() { cmp -n $(( qs * 512 )) "$dev_q" "$dev_r"; }
ok_if "both directions: qb's pair identical" \
	bash -c "for i in \$(seq 50); do blockdev --flushbufs $dev_q $dev_r; cmp -s -n $(( qs * 512 )) $dev_q $dev_r && exit 0; sleep 0.2; done; exit 1"
echo 0 > $Q/enable
echo 0 > $R/enable
rmdir $Q $R
losetup -d "$dev_q" "$dev_r"

# --- the primary exported by LIO to an iSCSI initiator --------------------------
. tests/lib/lio.sh
echo 0 > $A/enable
echo sync > $A/mode
echo 1 > $A/enable
wait_state $A in-sync 60 >/dev/null
mirror_dev_wait pa
TGT=iqn.2026-11.org.liox:mirror
INI=iqn.2026-11.org.liox:host
ok_if "targetcli block backstore on /dev/liox/pa" \
	targetcli /backstores/block create name=mpa dev=/dev/liox/pa
targetcli /iscsi create $TGT >/dev/null
targetcli /iscsi/$TGT/tpg1/luns create /backstores/block/mpa >/dev/null
targetcli /iscsi/$TGT/tpg1/acls create $INI >/dev/null
echo "InitiatorName=$INI" > /etc/iscsi/initiatorname.iscsi
modprobe iscsi_tcp
iscsid
iscsiadm -m discovery -t st -p 127.0.0.1 >/dev/null
ok_if "iSCSI login" iscsiadm -m node -T $TGT -p 127.0.0.1 --login
sd=$(lio_disk_by_serial "$(lio_serial iblock mpa)" 60) || sd=
ok_if "the mirror appears to the initiator as a SCSI disk ($sd)" test -n "$sd"
lio_clear_ua "$sd"
dd if=/dev/urandom of=/tmp/w3 bs=1M count=2 status=none
ok_if "write 2 MiB over iSCSI" \
	dd if=/tmp/w3 of="$sd" bs=1M seek=50 oflag=direct status=none
ok_if "read back over iSCSI" \
	cmp -n 2097152 /tmp/w3 <(dd if="$sd" bs=1M skip=50 count=2 iflag=direct status=none)
ok_if "the secondary's backing device holds them" \
	cmp -n 2097152 /tmp/w3 <(dd if="$dev_b" bs=1M skip=50 count=2 iflag=direct status=none)
iscsiadm -m node -T $TGT -p 127.0.0.1 --logout >/dev/null
targetcli clearconfig confirm=True >/dev/null
nft delete table inet liox

# --- a primary that stops while mirroring (a crash) resends its log ---------
# Its writes reach the peer unrecorded while the link is up, so its metadata
# says "mirroring" (flag 0x8) until the link goes down or it shuts down
# cleanly; its activity log on disk names the extents it may be writing.
# The crash is the primary's disk copied as it is now, plus a write that
# reached it and never the peer; that copy comes back as pa.
ok_if "crash: in sync" wait_state $A in-sync 60
hdr=$(mirror_md_read "$dev_a" "$(mirror_md_start "$dev_a" 64)")
is "crash: the primary's metadata says mirroring, not clean (flags & 0xc)" \
	8 "$(( $(mirror_md_field "$hdr" flags) & 0xc ))"
hdr=$(mirror_md_read "$dev_b" "$(mirror_md_start "$dev_b" 64)")
is "crash: the secondary's does not say mirroring" \
	0 "$(( $(mirror_md_field "$hdr" flags) & 0x8 ))"
# demoted while connected, it has nothing unrecorded on its way: no flag
ok_if "demote while connected" test "$(cfs_err $A/role secondary)" = ok
hdr=$(mirror_md_read "$dev_a" "$(mirror_md_start "$dev_a" 64)")
is "demoted: its metadata no longer says mirroring" \
	0 "$(( $(mirror_md_field "$hdr" flags) & 0x8 ))"
# both secondary and connected, both promoted at the same moment (two
# threads released by one barrier): the peers ask each other first, so
# never both win; whoever wins is demoted again for the next round
race_promote() {
	python3 - "$A/role" "$B/role" <<'PY'
import os, sys, threading
paths, res = sys.argv[1:], {}
go = threading.Barrier(len(paths))
def promote(p):
    fd = os.open(p, os.O_WRONLY)
    go.wait()
    try:
        os.write(fd, b"primary\n")
        res[p] = "ok"
    except OSError as e:
        res[p] = "EBUSY" if e.errno == 16 else e.strerror
    os.close(fd)
ts = [threading.Thread(target=promote, args=(p,)) for p in paths]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(" ".join(res[p] for p in paths))
PY
}
demote_soon() { within 10 eval "[ \"\$(cfs_err $1/role secondary)\" = ok ]"; }
rounds="" bad=0
for i in $(seq 8); do
	out=$(race_promote)
	roles="$(cat $A/role) $(cat $B/role)"
	rounds+="[$out: $roles] "
	# a write that succeeded made that node primary, a refused one did not
	want=$(echo $out | sed 's/ok/primary/g; s/EBUSY/secondary/g')
	[ "$roles" != "primary primary" ] && [ "$roles" = "$want" ] || bad=1
	[ "$(cat $A/role)" = primary ] && demote_soon $A
	[ "$(cat $B/role)" = primary ] && demote_soon $B
	wait_state $A in-sync 30 >/dev/null
done
diag "promoted at once: $rounds"
is "two secondaries promoted at once: never both primary, each write's result its role" \
	0 "$bad"
is "after the races: both secondary, connected" "secondary secondary in-sync" \
	"$(cat $A/role) $(cat $B/role) $(cat $A/state)"
# a promotion whose PROMOTE never arrives (TCP stalled, heartbeats
# passing) waits until the watchdog takes the link down, then gives up
# (EAGAIN: the peer is still there). Meanwhile the state, the counters
# and netlink answer: they do not wait for the role change.
# (hb_dead_ms above the promotion's wait for an answer: the link must go
# down first, by the watchdog, for the outcome to be EAGAIN, not ETIMEDOUT)
for M in $A $B; do echo 5000 > $M/ack_timeout_ms; done
echo 8000 > $B/hb_dead_ms
nft add table inet liox
nft add chain inet liox out '{ type filter hook output priority 0; }'
nft add rule inet liox out ip daddr 127.0.0.2 meta l4proto tcp drop
nft add rule inet liox out ip saddr 127.0.0.2 meta l4proto tcp drop
( cfs_err $B/role primary > /tmp/promote.out ) &
ppid=$!
sleep 1
seen="$(cat $B/state) $(cat $B/connects) $(cat $B/dirty_regions)"
nl=$(userspace/lioxctl --json mirror status sb 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["mirrors"][0]["state"])' 2>&1)
kill -0 $ppid 2>/dev/null && waiting=yes || waiting=no
is "promotion waiting for the peer: configfs and netlink answer meanwhile" \
	"yes in-sync $(cat $B/connects) 0 in-sync" "$waiting $seen $nl"
ok_if "promotion waiting for the peer: it ends" pid_exits $ppid 30
is "promotion without the peer's answer, the peer alive: EAGAIN" \
	"Resource temporarily unavailable secondary" "$(cat /tmp/promote.out) $(cat $B/role)"
nft delete table inet liox
ok_if "after the unanswered promotion: in sync" wait_state $A in-sync 60
for M in $A $B; do echo 10000 > $M/ack_timeout_ms; done
echo 1000 > $B/hb_dead_ms
ok_if "promote again while connected (the peer is secondary)" \
	test "$(cfs_err $A/role primary)" = ok
is "the other refused while the peer is connected as primary" \
	"Device or resource busy" "$(cfs_err $B/role primary)"
hdr=$(mirror_md_read "$dev_a" "$(mirror_md_start "$dev_a" 64)")
is "promoted: mirroring again" 8 "$(( $(mirror_md_field "$hdr" flags) & 0x8 ))"
# a write's extent enters the log before the write goes anywhere. Three
# slots (the log on disk, loaded at enable, holds every extent written so
# far): writes at 0, 60 and 20 MiB leave extents 0, 15 and 5 in it; the
# write that reaches the primary's disk and never the peer is at 20 MiB
echo 0 > $A/enable
echo 3 > $A/al_extents
echo 1 > $A/enable
ok_if "crash: three log slots, in sync again" wait_state $A in-sync 60
mirror_dev_wait pa
dd if=/dev/urandom of=/tmp/w5 bs=1M count=1 status=none
for mb in 0 60 20; do
	dd if=/tmp/w5 of=/dev/liox/pa bs=1M seek=$mb oflag=direct status=none
done
cp /tmp/ma.img /tmp/mc.img
dd if=/dev/urandom of=/tmp/w4 bs=1M count=1 status=none
dd if=/tmp/w4 of=/tmp/mc.img bs=1M seek=20 conv=notrunc status=none
echo 0 > $A/enable
hdr=$(mirror_md_read "$dev_a" "$(mirror_md_start "$dev_a" 64)")
is "crash: a clean disable says clean (flags & 0x4)" \
	4 "$(( $(mirror_md_field "$hdr" flags) & 0x4 ))"
rmdir $A
dev_c=$(losetup --find --show /tmp/mc.img)
hdr=$(mirror_md_read "$dev_c" "$(mirror_md_start "$dev_c" 64)")
al=$(mirror_md_field "$hdr" al)
n_al=$(tr ',' '\n' <<<"$al" | grep -c '^[0-9][0-9]*$')
diag "crashed primary's activity log: extents $al"
is "crash: its log on disk holds extents 0, 5 and 15, of 4 MiB (2^13 sectors)" \
	"1 13 0,5,15" \
	"$(mirror_md_field "$hdr" al_ok) $(mirror_md_field "$hdr" al_shift) $al"
mkdir $A
mirror_setup $A "$dev_c" 127.0.0.1 127.0.0.2 sb primary
printf 'correct horse' > $A/secret
echo 1 > $A/enable
ok_if "crash: the crashed primary back and in sync" wait_state $A in-sync 120
ok_if "crash: it logged that its log's $n_al extents are resent" \
	grep -q "pa: stopped without a clean shutdown while its writes went to the peer: the $n_al extents of its activity log are dirty" <(dmesg)
data=$(( $(cat $A/size_sectors) * 512 ))
want=0
for e in $(tr ',' ' ' <<<"${al#-}"); do
	want=$(( want + ( data - (e << 22) < (4 << 20) ? data - (e << 22) : (4 << 20) ) ))
done
is "crash: the log's $n_al extents resent, not the whole device" \
	"$want" "$(cat $A/resync_bytes)"
ok_if "crash: the peer holds the write it never received" same_at /tmp/w4 "$dev_b" 20
blockdev --flushbufs "$dev_c" "$dev_b"
ok_if "crash: both data areas identical" cmp -n "$data" "$dev_c" "$dev_b"

# the same crash with the log unreadable (its CRC broken): every region is
# resent. That primary then gets two log slots: sync writes all over the
# device wait for a slot, and a slot for the peer's flush.
cp /tmp/mc.img /tmp/md.img
python3 - /tmp/md.img $(( $(mirror_md_start "$dev_c" 64) * 512 + 512 + 12 )) <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
off = int(sys.argv[2])
b = os.pread(fd, 1, off)
os.pwrite(fd, bytes([b[0] ^ 0xff]), off)
PY
echo 0 > $A/enable
rmdir $A
dev_d=$(losetup --find --show /tmp/md.img)
mkdir $A
mirror_setup $A "$dev_d" 127.0.0.1 127.0.0.2 sb primary
printf 'correct horse' > $A/secret
echo 2 > $A/al_extents
echo 1 > $A/enable
ok_if "crash, log unreadable: back and in sync" wait_state $A in-sync 120
ok_if "crash, log unreadable: it logged why every region is resent" \
	grep -q "pa: stopped without a clean shutdown while its writes went to the peer, and its activity log cannot be used (-74)" <(dmesg)
is "crash, log unreadable: every region resent" "$data" "$(cat $A/resync_bytes)"
mirror_dev_wait pa
ok_if "sync, al_extents 2: fio 4 KiB random writes QD16 with verify" \
	timeout 300 fio --name=al --filename=/dev/liox/pa --rw=randwrite \
	--bs=4k --iodepth=16 --ioengine=libaio --direct=1 --size=48M \
	--io_size=4M --verify=crc32c --do_verify=1 --output=/tmp/fio_al2.txt
blockdev --flushbufs "$dev_d" "$dev_b"
ok_if "sync, al_extents 2: both data areas identical" cmp -n "$data" "$dev_d" "$dev_b"
is "sync, al_extents 2: in sync, nothing dirty" "in-sync 0" \
	"$(cat $A/state) $(cat $A/dirty_regions)"

echo 0 > $A/enable
echo 0 > $B/enable
ok_if "both disabled" test "$(cat $A/state) $(cat $B/state)" = "disabled disabled"
rmdir $A $B
ok_if "rmmod liox_ipmirror" rmmod liox_ipmirror
losetup -d "$dev_a" "$dev_b" "$dev_c" "$dev_d"
tap_done
