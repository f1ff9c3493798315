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
fi
rm -f /tmp/lioxctl-cli.err
tap_done
