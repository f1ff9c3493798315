#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run liox's KUnit suites under UML on linux-source-6.1 and print one TAP
# line per test case. The extracted tree and the UML build live in
# $LIOX_CACHE, so a warm run only recompiles what changed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
: "${LIOX_CACHE:=/var/cache/liox}"
export LIOX_CACHE

tree=$("$repo/tests/lib/linux-src.sh") || { echo "not ok - kunit: linux source"; exit 1; }
build="$LIOX_CACHE/kunit-build"

# Link our sources into the tree (again: the repository may have moved).
ln -sfn "$here" "$tree/drivers/liox"
grep -q 'drivers/liox/Kconfig' "$tree/drivers/Kconfig" ||
	sed -i 's|^endmenu$|source "drivers/liox/Kconfig"\n\nendmenu|' "$tree/drivers/Kconfig"
grep -q 'liox/' "$tree/drivers/Makefile" ||
	echo 'obj-$(CONFIG_LIOX_KUNIT) += liox/' >> "$tree/drivers/Makefile"

json="$LIOX_CACHE/kunit-results.json"
log="$LIOX_CACHE/kunit.log"
rm -f "$json"
(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
	--build_dir="$build" --kunitconfig="$here/.kunitconfig" \
	--jobs="$(nproc)" --timeout=600 --json="$json") > "$log" 2>&1
rc=$?

# One TAP line per test case; any failure or a missing result fails.
python3 - "$json" "$rc" <<'PY'
import json, sys
path, rc = sys.argv[1], int(sys.argv[2])
try:
    data = json.load(open(path))
except Exception as e:
    print("not ok - kunit: no results (%s)" % e)
    sys.exit(1)
bad = 0
n = 0
def walk(group, prefix):
    global bad, n
    for t in group.get("test_cases", []):
        n += 1
        ok = t.get("status") in ("PASS", "SKIP")
        bad += not ok
        print("%s - kunit: %s%s%s" % ("ok" if ok else "not ok", prefix,
              t["name"], "" if t.get("status") != "SKIP" else " # SKIP"))
    for sub in group.get("sub_groups", []):
        walk(sub, prefix + sub["name"] + ".")
walk(data, "")
if n == 0:
    print("not ok - kunit: no test case ran")
    bad += 1
print("ok - kunit: kunit.py exited 0" if rc == 0 else
      "not ok - kunit: kunit.py exited %d" % rc)
sys.exit(1 if bad or rc else 0)
PY
status=$?
[ "$status" -eq 0 ] || { echo "# kunit log (last lines, full log in $log):"; tail -n 30 "$log" | sed 's/^/#   /'; }
exit "$status"
