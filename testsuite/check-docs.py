#!/usr/bin/env python3
"""The documentation cannot drift from the plugin: every argument
-fplugin-arg-pyrefcheck-help lists is described in doc/pyrefcheck.7 (an
entry of OPTIONS) and in README.md's table of plugin arguments, and every
finding tag (plugin.cc's finding_tags and doc/diagnostics.md's table) in
both too."""

import os
import re
import subprocess
import sys

top_srcdir = os.environ.get("top_srcdir", ".")
top_builddir = os.environ.get("top_builddir", ".")
plugin = os.path.join(top_builddir, "plugin", "pyrefcheck.so")
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS: " if ok else "FAIL: ") + name)
    if not ok:
        failures += 1
        if detail:
            print("  | " + str(detail).replace("\n", "\n  | ")[:3000])


def read(path):
    with open(os.path.join(top_srcdir, path), encoding="utf-8") as f:
        return f.read()


r = subprocess.run([os.environ.get("PLUGIN_CC", "gcc"), "-fplugin=" + plugin,
                    "-fplugin-arg-pyrefcheck-help", "-x", "c", "-c", "-o",
                    os.devnull, os.devnull], capture_output=True, text=True,
                   env=dict(os.environ, LC_ALL="C"))
keys = re.findall(r"^  ([a-z][a-z0-9-]*)(?:=| |$)", r.stderr, re.M)
check("-fplugin-arg-pyrefcheck-help lists arguments", len(keys) >= 10,
      r.stderr)

# The manual: the roff source, with \- as - and font escapes dropped.
man = read("doc/pyrefcheck.7").replace("\\-", "-")
man = re.sub(r"\\f[BIRP]|\\f\[[A-Z]*\]|\\c", "", man)
options = man.split("\n.SH OPTIONS\n", 1)[-1].split("\n.SH ", 1)[0]
man_keys = set(re.findall(r"^\.TP\n\.B[IR]? ([a-z][a-z0-9-]*)", options,
                          re.M))

readme = read("README.md")
# The first table after the heading "### Plugin arguments".
table = []
for line in readme.split("### Plugin arguments", 1)[-1].splitlines():
    if line.startswith("|"):
        table.append(line.split("|")[1])
    elif table:
        break
readme_keys = set(re.findall(r"`([a-z][a-z0-9-]*)(?:=|`)", "\n".join(table)))

for key in keys:
    check("argument '%s' in doc/pyrefcheck.7 OPTIONS" % key, key in man_keys)
    check("argument '%s' in README.md's table" % key, key in readme_keys)
for key in sorted(man_keys - set(keys)):
    check("doc/pyrefcheck.7 documents '%s', which the plugin does not list" % key,
          False)

plugin_cc = read("plugin/plugin.cc")
block = re.search(r"finding_tags\[[^]]*\]\s*=\s*\{(.*?)\}", plugin_cc, re.S)
tags = set(re.findall(r'"(pyrefcheck-[a-z-]+)"', block.group(1))) if block \
    else set()
check("plugin.cc's finding_tags found", len(tags) >= 5, tags)
tags |= set(re.findall(r"^\| `(pyrefcheck-[a-z-]+)` \|",
                       read("doc/diagnostics.md"), re.M))
readme_tags = set(re.findall(r"^\| `\[(pyrefcheck-[a-z-]+)\]` \|", readme,
                             re.M))
for tag in sorted(tags):
    check("tag [%s] in doc/pyrefcheck.7" % tag, "[%s]" % tag in man)
    check("tag [%s] in README.md's table" % tag, tag in readme_tags)

sys.exit(1 if failures else 0)
