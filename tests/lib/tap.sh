# SPDX-License-Identifier: GPL-2.0
# TAP helpers for scenarios (sourced). Every check prints one test point;
# tap_done prints the plan and exits non-zero if anything failed.
#
#   ok_if "description" test-command...   passes when the command succeeds
#   is "description" expected actual       string equality
#   tap_done
# Multi-VM helpers (files in the shared run directory):
#   vm_barrier NAME        wait until every node reached NAME
#   vm_put KEY VALUE       publish a value; vm_get KEY waits for and prints it

_tap_n=0
_tap_failed=0

_tap_point() { # status description
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

ok_if() {
	local desc=$1 log=${LIOX_OUT:+$LIOX_OUT/cmd.log}
	shift
	"$@" >>"${log:-/dev/null}" 2>&1
	_tap_point $? "$desc"
}

is() {
	if [ "$2" = "$3" ]; then
		_tap_point 0 "$1"
	else
		_tap_point 1 "$1"
		echo "#   expected: $(printf %q "$2")"
		echo "#   got:      $(printf %q "$3")"
	fi
}

# diag: a comment line in the TAP stream
diag() { echo "# $*"; }

# bail: stop the scenario now (a precondition failed)
bail() {
	echo "Bail out! $*"
	exit 1
}

tap_done() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

vm_barrier() {
	local name=$1 i n=0
	touch "$LIOX_RUN/shared/barrier.$name.$LIOX_NODE"
	while :; do
		for ((i = 0; i < LIOX_NODES; i++)); do
			[ -e "$LIOX_RUN/shared/barrier.$name.$i" ] || break
		done
		[ "$i" -eq "$LIOX_NODES" ] && return 0
		n=$((n + 1))
		[ "$n" -gt 3000 ] && bail "barrier $name: timed out"
		sleep 0.1
	done
}

vm_put() {
	printf '%s' "$2" > "$LIOX_RUN/shared/kv.$1.tmp" &&
		mv "$LIOX_RUN/shared/kv.$1.tmp" "$LIOX_RUN/shared/kv.$1"
}

vm_get() {
	local n=0
	while [ ! -e "$LIOX_RUN/shared/kv.$1" ]; do
		n=$((n + 1))
		[ "$n" -gt 3000 ] && bail "vm_get $1: timed out"
		sleep 0.1
	done
	cat "$LIOX_RUN/shared/kv.$1"
}
