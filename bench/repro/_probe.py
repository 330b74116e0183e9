"""Helpers for the reproducers: count objects that a call leaks, and
build code from a package's sources."""
import atexit
import gc
import glob
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile


def count(typ):
    """The number of live, GC-tracked objects of exactly type TYP."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is typ)


def leaked(call, typ, n=1000):
    """Call CALL N times (ignoring the exceptions it raises); return how many
    more objects of type TYP are alive afterwards."""
    before = count(typ)
    for _ in range(n):
        try:
            call()
        except Exception:
            pass
    return count(typ) - before


def report(what, extra, n=1000, at_least=None):
    """Exit 0 (reproduced) if EXTRA objects leaked in N calls, else 1."""
    need = n if at_least is None else at_least
    if extra >= need:
        print("%s: %d objects leaked in %d calls" % (what, extra, n))
        raise SystemExit(0)
    print("%s: only %d objects leaked in %d calls" % (what, extra, n))
    raise SystemExit(1)


def require(dist):
    """Exit 2 unless the distribution DIST is installed in this environment
    (the wheel bench/corpus built), not picked up from elsewhere."""
    try:
        d = importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        print("%s is not installed: run bench/corpus first" % dist)
        raise SystemExit(2)
    where = os.path.realpath(str(d.locate_file("")))
    if not where.startswith(os.path.realpath(sys.prefix)):
        print("%s comes from %s, not from the wheel bench/corpus built" % (dist, where))
        raise SystemExit(2)


# Setup code for the _faults children: SPEC, the spec of M2Crypto's
# extension module alone, to load it with "_imp.create_dynamic (spec)"
# (its PyInit under injected faults) without running the package.
M2CRYPTO_EXTENSION_SPEC = '''import _imp, importlib.util, os
where = importlib.util.find_spec("M2Crypto").submodule_search_locations[0]
so = [f for f in os.listdir(where)
      if f.startswith("_m2crypto.") and f.endswith(".so")][0]
spec = importlib.util.spec_from_file_location("M2Crypto._m2crypto",
                                              os.path.join(where, so))
'''


# Code of a package that its wheel does not contain (static functions gcc
# dropped as unused) is reproduced from its source: the pinned sdist
# bench/corpus downloaded, and the tree it built the wheels from, both in
# the scratch directory (bench/repro/run passes it in
# PYREFCHECK_CORPUS_SCRATCH).
def scratch():
    return os.environ.get("PYREFCHECK_CORPUS_SCRATCH") or os.path.join(
        os.environ.get("TMPDIR") or "/tmp", "pyrefcheck-corpus")


def sdist_member(archive, path):
    """The text of PATH (relative to the top directory) in the sdist
    ARCHIVE (a file name in SCRATCH/sdist); exit 2 if it is not there."""
    where = os.path.join(scratch(), "sdist", archive)
    try:
        with tarfile.open(where) as tar:
            top = tar.getnames()[0].split("/")[0]
            return tar.extractfile("%s/%s" % (top, path)).read().decode()
    except (OSError, KeyError, tarfile.TarError) as e:
        print("cannot read %s from %s (%s): run bench/corpus first"
              % (path, where, e))
        raise SystemExit(2)


def built_source(package_dir, path):
    """The text of PATH in the source tree bench/corpus built PACKAGE_DIR
    (a directory of SCRATCH/src, such as m2crypto-0.46.2) from: generated
    files (SWIG wrappers) are there, not in the sdist."""
    found = glob.glob(os.path.join(scratch(), "src", package_dir, "*", path))
    if not found:
        print("no %s under %s: run bench/corpus first"
              % (path, os.path.join(scratch(), "src", package_dir)))
        raise SystemExit(2)
    with open(found[0]) as f:
        return f.read()


def c_function(text, name):
    """The definition of the C function NAME in TEXT: from the line where
    its name begins a line, or follows its return type there, to the first
    line that is a lone "}"."""
    m = re.search(r"^(?:[A-Za-z_][\w \*]*[ \*])?%s\([^;{]*\)\s*\{.*?^\}\n"
                  % re.escape(name), text, re.M | re.S)
    return m.group(0) if m else None


def build_extension(name, c_file, workdir, extra=()):
    """Compile C_FILE into the extension module NAME in WORKDIR for this
    Python (at -O0 with debugging information, so that gdb shows each
    frame), and put WORKDIR first on sys.path; exit 2 if it fails."""
    so = os.path.join(workdir, name + sysconfig.get_config_var("EXT_SUFFIX"))
    cmd = ["gcc", "-O0", "-g", "-shared", "-fPIC", "-w",
           "-I" + sysconfig.get_paths()["include"]] + list(extra) \
        + [c_file, "-o", so]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print("building %s failed: %s\n%s" % (name, " ".join(cmd), p.stderr))
        raise SystemExit(2)
    sys.path.insert(0, workdir)
    return so


def workdir(prefix):
    """A new temporary directory, removed when this process exits."""
    d = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, d, True)
    return d
