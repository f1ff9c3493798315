#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-check, MUST FAIL: a kernel WARN (panic_on_warn) ends the run.
# liox-timeout: 300
set -u
. tests/lib/tap.sh
ok_if "modprobe liox_selftest" modprobe liox_selftest
echo 1 > /sys/kernel/config/liox/selftest/trigger_warn
ok_if "still alive after the warning" true
tap_done
