#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the live configfs tree of liox with configfs_schema/*.json.

    configfs_schema.py [--root /sys/kernel/config/liox] SCHEMA.json...

For every schema whose module is loaded: the directory at its path holds
exactly the attributes it lists, each with the listed access mode (ro, rw,
wo), numeric defaults read back as listed (unless --skip-defaults), and every subdirectory is a
group of this schema or the root of another schema file given. Groups nest:
"groups" names the fixed subdirectories (each described like the top), and
"children" describes the directories an administrator makes with mkdir,
whatever their names. Prints one TAP line per schema file; exits 1 on any
difference.
"""
import argparse
import json
import os
import stat
import sys

MODES = {"ro": (True, False), "rw": (True, True), "wo": (False, True)}


def loaded(module):
    with open("/proc/modules") as f:
        return any(line.split()[0] == module for line in f)


def check(schema, root, other_roots, defaults):
    path = os.path.join(root, schema["path"])
    return check_dir(schema, path, other_roots, defaults)


def check_dir(node, path, other_roots, defaults):
    errs = []
    if not os.path.isdir(path):
        return ["%s: no such directory" % path]
    live_files, live_dirs = set(), set()
    for name in os.listdir(path):
        (live_dirs if os.path.isdir(os.path.join(path, name)) else live_files).add(name)
    want = node.get("attributes", {})
    for name in sorted(live_files - set(want)):
        errs.append("%s/%s: attribute not in the schema" % (path, name))
    for name, attr in sorted(want.items()):
        f = os.path.join(path, name)
        if name not in live_files:
            errs.append("%s: missing" % f)
            continue
        mode = os.stat(f).st_mode
        r, w = bool(mode & stat.S_IRUSR), bool(mode & stat.S_IWUSR)
        if (r, w) != MODES[attr["mode"]]:
            errs.append("%s: mode %o, schema says %s" % (f, mode & 0o777, attr["mode"]))
        if defaults and "default" in attr and r:
            val = open(f).read().strip()
            if val != str(attr["default"]):
                errs.append("%s: reads %r, default %r" % (f, val, attr["default"]))
    groups = node.get("groups", {})
    for name, sub in sorted(groups.items()):
        errs += check_dir(sub, os.path.join(path, name), other_roots, defaults)
    children = {os.path.relpath(p, path) for p in other_roots
                if os.path.dirname(p.rstrip("/")) == path.rstrip("/")}
    for name in sorted(live_dirs - set(groups) - children):
        if "children" in node:
            errs += check_dir(node["children"], os.path.join(path, name),
                              other_roots, defaults)
        else:
            errs.append("%s/%s: group not in any schema" % (path, name))
    return errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/sys/kernel/config/liox")
    ap.add_argument("--ignore-group", action="append", default=[],
                    help="a group of a test-only module to leave out")
    ap.add_argument("--skip-defaults", action="store_true",
                    help="values were changed on purpose: check the shape only")
    ap.add_argument("schemas", nargs="+")
    args = ap.parse_args()
    schemas = [(s, json.load(open(s))) for s in args.schemas]
    roots = [os.path.join(args.root, sc["path"]).rstrip("/")
             for _, sc in schemas if sc["path"]]
    roots += [os.path.join(args.root, g) for g in args.ignore_group]
    bad = 0
    for fname, sc in schemas:
        if not loaded(sc["module"]):
            print("ok - schema %s # SKIP %s not loaded" % (fname, sc["module"]))
            continue
        errs = check(sc, args.root, roots, not args.skip_defaults)
        print("%s - schema %s matches the live tree" % ("not ok" if errs else "ok", fname))
        for e in errs:
            print("#   " + e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
