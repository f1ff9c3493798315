#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lioxctl's command line on this machine (whose kernel has no liox): usage
# errors, the missing-module report in human and JSON form, exit codes.
# What needs the module runs in the VM (tests/scenarios/core_basic.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
. ../tests/lib/tap.sh
CTL=./lioxctl

run() { # run ARGS... -> sets out, err, rc
	out=$("$CTL" "$@" 2>/tmp/lioxctl-cli.err); rc=$?
	err=$(cat /tmp/lioxctl-cli.err)
}

run
is "no command: exit 2" 2 "$rc"
ok_if "no command: usage on stderr" grep -q "^Usage: lioxctl" <<<"$err"
run help
is "help: exit 0" 0 "$rc"
ok_if "help lists version and events" \
	bash -c 'grep -q "^  version" <<<"$1" && grep -q "^  events" <<<"$1"' _ "$out"
ok_if "help lists xcopy" grep -q "^  xcopy  *\[status\]" <<<"$out"
ok_if "help lists mirror" grep -q "^  mirror  *\[status|verify|resolve\]" <<<"$out"
run --bogus
is "unknown option: exit 2" 2 "$rc"
run frobnicate
is "unknown command: exit 2" 2 "$rc"
ok_if "unknown command named" grep -q 'unknown command "frobnicate"' <<<"$err"
run version extra
is "version with an argument: exit 2" 2 "$rc"
run events --count 0
is "events --count 0: exit 2" 2 "$rc"
run events --timeout soon
is "events --timeout soon: exit 2" 2 "$rc"
run events stray
is "events with a stray argument: exit 2" 2 "$rc"
run xcopy bogus
is "xcopy bogus: exit 2" 2 "$rc"
ok_if "xcopy bogus: subcommand named" \
	grep -q 'unknown subcommand "bogus"' <<<"$err"
run xcopy status extra
is "xcopy status with an argument: exit 2" 2 "$rc"
run --json xcopy bogus
is "--json xcopy bogus: exit 2" 2 "$rc"
is "--json xcopy bogus: error object carries exit 2" 2 \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["exit"])' <<<"$out")"
run mirror bogus
is "mirror bogus: exit 2" 2 "$rc"
ok_if "mirror bogus: subcommand named" \
	grep -q 'unknown subcommand "bogus"' <<<"$err"
run mirror status m0 extra
is "mirror status with two arguments: exit 2" 2 "$rc"
run mirror status ../m0
is "mirror status ../m0: exit 2" 2 "$rc"
run mirror verify
is "mirror verify without a name: exit 2" 2 "$rc"
run mirror verify m0 m1
is "mirror verify with two names: exit 2" 2 "$rc"
run mirror verify m0 --bogus
is "mirror verify --bogus: exit 2" 2 "$rc"
run mirror verify a/b
is "mirror verify a/b: exit 2" 2 "$rc"
run mirror resolve m0
is "mirror resolve without discard: exit 2" 2 "$rc"
run mirror resolve m0 keep
is "mirror resolve m0 keep: exit 2" 2 "$rc"

# verify and resolve write configfs: a fake tree in LIOX_CONFIGFS
fake=$(mktemp -d)
export LIOX_CONFIGFS=$fake/none
run mirror verify m0
is "mirror verify without configfs liox: exit 3" 3 "$rc"
ok_if "mirror verify without configfs liox: says modprobe liox_core" \
	grep -q "modprobe liox_core" <<<"$err"
export LIOX_CONFIGFS=$fake
run mirror verify m0
is "mirror verify without mirrors/: exit 1" 1 "$rc"
ok_if "mirror verify without mirrors/: says modprobe liox_ipmirror" \
	grep -q "modprobe liox_ipmirror" <<<"$err"
mkdir -p "$fake/mirrors/m0"
run mirror verify m1
is "mirror verify of a missing mirror: exit 1" 1 "$rc"
ok_if "mirror verify of a missing mirror: named" grep -q 'no mirror "m1"' <<<"$err"
fake_verify() { # running done total diffs
	local a v=("$@") i=0
	for a in verify_running verify_done verify_total verify_diffs; do
		echo "${v[i]}" >"$fake/mirrors/m0/$a"; i=$((i + 1))
	done
	: >"$fake/mirrors/m0/verify"
}
fake_verify 0 0 0 0
run mirror verify m0
is "mirror verify m0: exit 0" 0 "$rc"
is "mirror verify m0: wrote 1 to verify" 1 "$(cat "$fake/mirrors/m0/verify")"
fake_verify 0 16 16 0
run mirror verify m0 --wait
is "verify --wait, no difference: exit 0" 0 "$rc"
is "verify --wait, no difference: says so" "0 of 16 regions differ" "$out"
fake_verify 0 16 16 3
run mirror verify --wait m0
is "verify --wait, 3 differ: exit 1" 1 "$rc"
is "verify --wait, 3 differ: says so" "3 of 16 regions differ" "$out"
run --json mirror verify m0 --wait
is "--json verify --wait: exit 1" 1 "$rc"
is "--json verify --wait: verify_diffs" 3 \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["verify_diffs"])' <<<"$out")"
fake_verify 0 5 16 0
run mirror verify m0 --wait
is "verify --wait, stopped half-way: exit 1" 1 "$rc"
ok_if "verify --wait, stopped half-way: says so" grep -q "stopped after 5 of 16" <<<"$err"
: >"$fake/mirrors/m0/resolve"
run mirror resolve m0 discard
is "mirror resolve m0 discard: exit 0" 0 "$rc"
is "mirror resolve m0 discard: wrote discard" discard "$(cat "$fake/mirrors/m0/resolve")"
rm -rf "$fake"
unset LIOX_CONFIGFS

if genl-ctrl-list 2>/dev/null | grep -qw liox; then
	diag "liox is loaded on this machine: skipping the missing-module checks"
else
	run version
	is "version without the module: exit 3" 3 "$rc"
	ok_if "version without the module: says modprobe liox_core" \
		grep -q "modprobe liox_core" <<<"$err"
	run --json version
	is "--json version without the module: exit 3" 3 "$rc"
	is "--json error object carries the exit code" 3 \
		"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["exit"])' <<<"$out")"
	run events --timeout 1
	is "events without the module: exit 3" 3 "$rc"
	run xcopy
	is "xcopy (status) without the module: exit 3" 3 "$rc"
	ok_if "xcopy without the module: says modprobe liox_core" \
		grep -q "modprobe liox_core" <<<"$err"
	run xcopy status
	is "xcopy status without the module: exit 3" 3 "$rc"
	run --json xcopy status
	is "--json xcopy status without the module: exit 3" 3 "$rc"
	is "--json xcopy status: error object carries the exit code" 3 \
		"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["exit"])' <<<"$out")"
	is "--json xcopy status: nothing on stderr" "" "$err"
	run mirror
	is "mirror (status) without the module: exit 3" 3 "$rc"
	run --json mirror status m0
	is "--json mirror status without the module: exit 3" 3 "$rc"
fi
rm -f /tmp/lioxctl-cli.err
tap_done
