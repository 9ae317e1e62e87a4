#!/usr/bin/env python3
"""toolchain.py - the Go toolchain each module asks for: selected, fetched
once, verified, cached, and used to build that module's functions.

Offline always. Releases are fake (tests/e2e/lib/fakego.py): a go/bin/go
script that names the release it pretends to be and hands the real work
to this machine's go, logging every call. They are served by a loopback
HTTP mirror on 127.0.0.1 that this script starts and stops, counting the
requests; every environment also points GOGEN_GO_MIRROR at a loopback
address, so nothing could reach the internet even by mistake. The module
proxy source is tested with a file:// GOPROXY folder and GOSUMDB=off (the
checksum database cannot be asked offline).

Covered: the selection rules through gogen --list --json (over 25 go.mod
variants); reuse of the local go; fetch, then a second ninja, ninja -t
clean and a second checkout that download nothing; an entry deleted from
the cache fetched again; two modules on two releases in one ninja -j,
each built by its own go (from the fake go's log); two concurrent ninja
runs downloading once; checksum mismatch, missing checksum, 404, a
connection dropped mid-body, a go that names another release, kill -9
during the download and during the extraction, each leaving the cache
clean and the retry working; pinned checksums and URL templates in
gogen.ini; a file:// mirror; wget when there is no curl; the module proxy
source.
"""

import glob
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import fakego  # noqa: E402
import gogentest as gt  # noqa: E402

HANDLER = ("package handler\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\n"
           "func Handler(w http.ResponseWriter, r *http.Request) {\n"
           "\tfmt.Fprint(w, \"%s\")\n}\n")
# Nothing listens on the discard port: a fetch that escaped a test's own
# mirror fails at once instead of reaching out.
DEAD_MIRROR = "http://127.0.0.1:9"


def real_go():
    return gt.run(["sh", "-c", "command -v go"], "/").out.strip()


def local_version():
    r = gt.run(["go", "version"], "/")
    m = re.search(r" go(\S+)", r.out)
    return m.group(1) if m else None


def env(cache, mirror=DEAD_MIRROR, **extra):
    """gogen's and ninja's environment for these tests: GOTOOLCHAIN unset
    (gogen selects), a private cache, the given mirror."""
    e = gt.base_env(GOTOOLCHAIN=None, GOGEN_CACHE=cache, GOGEN_GO_MIRROR=mirror,
                    GOGEN_TOOLCHAIN_SOURCE=None, GOGEN_GO=None)
    for k, v in extra.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def project(root, gomod, name="index", text=None, extra=None):
    files = {"api/%s.go" % name: HANDLER % (text or name)}
    if gomod is not None:
        files["go.mod"] = gomod
    files.update(extra or {})
    gt.write_tree(root, files)


def leftovers(cache):
    """Names in <cache>/go that a fetch may leave behind but must never
    trust: temporary folders and entries without a marker."""
    out = []
    for p in glob.glob(os.path.join(cache, "go", ".*.tmp-*")):
        out.append(os.path.basename(p))
    for p in glob.glob(os.path.join(cache, "go", "*")):
        if os.path.isdir(p) and not os.path.exists(os.path.join(p, ".gogen-complete")):
            out.append(os.path.basename(p))
    return out


def entry(cache, version):
    return os.path.join(cache, "go", fakego.entry_name(version))


def cache_is_clean(cache, version):
    """(ok, why): no entry for version and no leftovers at all."""
    e = entry(cache, version)
    bad = leftovers(cache)
    if os.path.exists(e):
        bad.append(os.path.basename(e))
    return not bad, "left in the cache: %s" % bad


def offline(root):
    """True unless build.ninja would fetch from the real download site:
    these tests must stay offline whatever gogen wrote."""
    try:
        text = open(os.path.join(root, "build.ninja"), encoding="utf-8").read()
    except OSError:
        return True
    return "dl.google.com" not in text


def ninja(root, *args, env=None):
    if not offline(root):
        return gt.Result(["ninja"] + list(args), 1, "",
                         "not run: build.ninja names dl.google.com\n")
    return gt.ninja(root, *args, env=env)


def ninja_no_work(r):
    return r.rc == 0 and "no work to do" in r.out


# ---------------------------------------------------------------- selection

LOCAL = "LOCAL"  # stands for the local go's version in the table below

SELECTION = [
    # label, files (None: no go.mod), env extras, want go, stderr pattern
    ("no go.mod: default 1.20 through the table", None, {}, "1.20.14", None),
    ("no go line", "module m\n", {}, "1.20.14", None),
    ("go 1.21 becomes the latest 1.21", "module m\n\ngo 1.21\n", {}, "1.21.13", None),
    ("go 1.21.1 as written", "module m\n\ngo 1.21.1\n", {}, "1.21.1", None),
    ("go 1.21.0 as written", "module m\n\ngo 1.21.0\n", {}, "1.21.0", None),
    ("go 1.20.0 is go1.20", "module m\n\ngo 1.20.0\n", {}, "1.20", None),
    ("go 1.20", "module m\n\ngo 1.20\n", {}, "1.20.14", None),
    ("go 1.16.0 is go1.16", "module m\n\ngo 1.16.0\n", {}, "1.16", None),
    ("go 1.22rc1 as written", "module m\n\ngo 1.22rc1\n", {}, "1.22rc1", None),
    ("go 1.27", "module m\n\ngo 1.27\n", {}, "1.27.1", None),
    ("comments", "// header\nmodule m // the module\n\ngo 1.25 // language\n", {},
     "1.25.8", None),
    ("CRLF line ends", "module m\r\n\r\ngo 1.24\r\n", {}, "1.24.13", None),
    ("block forms", "module m\n\ngo 1.22.5\n\nrequire (\n\texample.com/a v1.0.0\n"
     "\texample.com/b v1.2.0 // indirect\n)\n\nreplace (\n\texample.com/a => ./a\n"
     "\texample.com/b => ./b\n)\n", {"a/go.mod": "module example.com/a\n",
                                     "b/go.mod": "module example.com/b\n"},
     "1.22.5", None),
    ("toolchain newer than go wins", "module m\n\ngo 1.22\n\ntoolchain go1.22.3\n", {},
     "1.22.3", None),
    ("toolchain much newer", "module m\n\ngo 1.21.0\n\ntoolchain go1.25.1\n", {},
     "1.25.1", None),
    ("toolchain older than go loses", "module m\n\ngo 1.22.5\n\ntoolchain go1.22.3\n", {},
     "1.22.5", None),
    ("toolchain default", "module m\n\ngo 1.23\n\ntoolchain default\n", {}, "1.23.12",
     None),
    ("toolchain rc", "module m\n\ngo 1.21\n\ntoolchain go1.21rc1\n", {}, "1.21rc1", None),
    ("toolchain before the go line", "toolchain go1.24.1\nmodule m\ngo 1.24\n", {},
     "1.24.1", None),
    ("toolchain with a suffix", "module m\n\ngo 1.22\n\ntoolchain go1.23.0-custom\n", {},
     "1.23.0", r"not a Go release"),
    ("minor newer than the table", "module m\n\ngo 1.28\n", {}, "1.28.0",
     r"newer than gogen's version table"),
    ("go 1.28.3 as written", "module m\n\ngo 1.28.3\n", {}, "1.28.3", None),
    ("GOTOOLCHAIN=local", "module m\n\ngo 1.22\n", {"GOTOOLCHAIN": "local"}, LOCAL, None),
    ("GOTOOLCHAIN=go1.22.3", "module m\n\ngo 1.21\n", {"GOTOOLCHAIN": "go1.22.3"},
     "1.22.3", None),
    ("GOTOOLCHAIN=go1.22.3+auto", "module m\n\ngo 1.21\n\ntoolchain go1.21.5\n",
     {"GOTOOLCHAIN": "go1.22.3+auto"}, "1.22.3", None),
    ("GOTOOLCHAIN=go1.23.4+path without go.mod", None, {"GOTOOLCHAIN": "go1.23.4+path"},
     "1.23.4", None),
    ("GOTOOLCHAIN=auto", "module m\n\ngo 1.21\n", {"GOTOOLCHAIN": "auto"}, "1.21.13",
     None),
    ("GOTOOLCHAIN=path", "module m\n\ngo 1.21\n\ntoolchain go1.21.4\n",
     {"GOTOOLCHAIN": "path"}, "1.21.4", None),
    ("gogen.ini default_go", "module m\n", {"gogen.ini": "[gogen]\ndefault_go = 1.21\n"},
     "1.21.13", None),
    ("gogen.ini version_table", "module m\n\ngo 1.22\n",
     {"gogen.ini": "version_table = table.txt\n", "table.txt": "1.22\t1.22.99\n"},
     "1.22.99", None),
    ("go.work's go line in workspace mode", "module m\n\ngo 1.21\n",
     {"go.work": "go 1.23\n\nuse .\n"}, "1.23.12", None),
]

SELECTION_ERRORS = [
    ("malformed go line", "module m\n\ngo 1.x\n", {},
     r"^gogen: (\./)?go\.mod:3: invalid go version '1\.x'"),
    ("malformed toolchain line", "module m\n\ngo 1.21\ntoolchain 1.22\n", {},
     r"^gogen: (\./)?go\.mod:4: invalid toolchain version '1\.22'"),
    ("two go lines", "module m\r\ngo 1.21\r\ngo 1.22\r\n", {},
     r"^gogen: (\./)?go\.mod:3: .*go"),
    ("GOTOOLCHAIN nonsense", "module m\n\ngo 1.21\n", {"GOTOOLCHAIN": "banana"},
     r"GOTOOLCHAIN=banana"),
]


def split_extra(extra):
    files = {k: v for k, v in extra.items() if not k.isupper()}
    envs = {k: v for k, v in extra.items() if k.isupper()}
    return files, envs


def test_selection(t, cache):
    local = local_version()
    for label, gomod, extra, want, warn in SELECTION:
        files, envs = split_extra(extra)
        if want == LOCAL:
            want = local
        with gt.tempdir("select") as root:
            project(root, gomod, extra=files)
            r = gt.gogen(root, "--list", "--json", env=env(cache, **envs))
            try:
                got = json.loads(r.out)[0].get("go")
            except (ValueError, IndexError, AttributeError):
                got = None
            t.check("select: %s -> %s" % (label, want), r.rc == 0 and got == want,
                    "got %r\n%s" % (got, r.describe()))
            if warn:
                t.check("select: %s warns" % label, re.search(warn, r.err), r.describe())
    for label, gomod, extra, pattern in SELECTION_ERRORS:
        files, envs = split_extra(extra)
        with gt.tempdir("select-bad") as root:
            project(root, gomod, extra=files)
            r = gt.gogen(root, "--list", "--json", env=env(cache, **envs))
            t.check("select: %s is an error" % label,
                    r.rc == 1 and re.search(pattern, r.err, re.M), r.describe())


# ---------------------------------------------------------------- local go

def test_local(t, cache):
    local = local_version()
    with gt.tempdir("local") as root:
        project(root, "module m\n\ngo %s\n" % local)
        r = gt.gogen(root, env=env(cache))
        text = open(os.path.join(root, "build.ninja")).read() if r.rc == 0 else ""
        t.check("local: go %s uses the local go, no fetch edge" % local,
                r.rc == 0 and ": gogen_fetch" not in text and ("go%s local" % local) in r.err,
                r.describe() + text[-600:])
    with gt.tempdir("local-pinned") as root:
        project(root, "module m\n\ngo 1.22\n")
        r = gt.gogen(root, env=env(cache, GOTOOLCHAIN="local"))
        text = open(os.path.join(root, "build.ninja")).read() if r.rc == 0 else ""
        t.check("local: GOTOOLCHAIN=local never fetches",
                r.rc == 0 and ": gogen_fetch" not in text, r.describe())
        r = ninja(root, env=env(cache, GOTOOLCHAIN="local"))
        t.check("local: GOTOOLCHAIN=local builds with the local go", r.rc == 0 and
                os.path.isfile(gt.bootstrap_path(root, ".", "/api")), r.describe())
    with gt.tempdir("old") as root:
        project(root, "module m\n\ngo 1.15\n")
        r = gt.gogen(root, env=env(cache))
        t.check("old: go 1.15 is a clear error (overlay needs Go 1.16)",
                r.rc == 1 and re.search(r"^gogen: (\./)?go\.mod:3: go 1\.15 selects go1\.15\.15"
                                        r".*Go 1\.16", r.err, re.M), r.describe())


# ---------------------------------------------------------------- fetching

def build_log_for(calls, overlay_part):
    """The releases whose go ran 'build' for the function whose overlay
    path holds overlay_part, with the GOROOT and GOTOOLCHAIN they got."""
    return {(c["release"], c["goroot"], c["gotoolchain"]) for c in calls
            if c["cmd"] == "build" and overlay_part in c["overlay"]}


def test_fetch_reuse(t, work, go):
    cache = os.path.join(work, "cache-reuse")
    log = os.path.join(work, "reuse.log")
    with fakego.Mirror() as m, gt.tempdir("reuse") as root, gt.tempdir("reuse2") as root2:
        path = m.publish("1.22.12", fakego.archive("1.22.12", go, log))
        e = env(cache, m.url)
        project(root, "module m\n\ngo 1.22\n", text="served by 1.22")
        r = gt.gogen(root, env=e)
        t.check("fetch: gogen plans go1.22.12 to fetch, downloads nothing",
                r.rc == 0 and "go1.22.12 to fetch" in r.err and m.count() == 0, r.describe())
        r = ninja(root, env=e)
        out = gt.bootstrap_path(root, ".", "/api")
        t.check("fetch: one ninja fetches and builds", r.rc == 0 and os.path.isfile(out)
                and "FETCH go1.22.12" in r.out, r.describe())
        t.check("fetch: one checksum and one archive request",
                m.count(path) == 1 and m.count(path + ".sha256") == 1 and m.count() == 2,
                str(m.counts))
        ent = entry(cache, "1.22.12")
        t.check("fetch: the cache entry is complete",
                os.path.isfile(os.path.join(ent, ".gogen-complete")) and
                os.access(os.path.join(ent, "bin", "go"), os.X_OK), str(os.listdir(cache)))
        calls = fakego.read_log(log)
        got = build_log_for(calls, "index_go-")
        t.check("fetch: built by go1.22.12 with its GOROOT and GOTOOLCHAIN=local",
                got == {("go1.22.12", ent, "local")}, "%s\n%s" % (got, calls))
        problems = gt.probe(out, {"path": "/", "status": 200, "contains": "served by 1.22"},
                            env=e)
        t.check("fetch: the function answers", not problems, "\n".join(problems))

        r = ninja(root, env=e)
        t.check("reuse: a second ninja has no work", ninja_no_work(r), r.describe())
        r = ninja(root, "-t", "clean", env=e)
        t.check("reuse: ninja -t clean keeps the toolchain", r.rc == 0 and
                os.path.isfile(os.path.join(ent, ".gogen-complete")), r.describe())
        r = ninja(root, env=e)
        t.check("reuse: ninja after clean rebuilds without downloading",
                r.rc == 0 and os.path.isfile(out) and m.count() == 2, r.describe() +
                str(m.counts))
        r = ninja(root, env=e)
        t.check("reuse: and then has no work", ninja_no_work(r), r.describe())

        project(root2, "module m\n\ngo 1.22\n")
        r = gt.gogen(root2, env=e)
        t.check("reuse: another checkout finds go1.22.12 cached",
                r.rc == 0 and "go1.22.12 cached" in r.err, r.describe())
        r = ninja(root2, env=e)
        t.check("reuse: and builds without downloading", r.rc == 0 and m.count() == 2,
                r.describe() + str(m.counts))

        gt.remove_tree(ent)
        r = ninja(root, env=e)
        t.check("reuse: an entry deleted from the cache is fetched again by plain ninja",
                r.rc == 0 and m.count(path) == 2 and
                os.path.isfile(os.path.join(ent, ".gogen-complete")), r.describe())
        r = ninja(root, env=e)
        t.check("reuse: then no work again", ninja_no_work(r), r.describe())


def test_synthesized(t, work, go):
    cache = os.path.join(work, "cache-synth")
    log = os.path.join(work, "synth.log")
    with fakego.Mirror() as m, gt.tempdir("synth") as root:
        m.publish("1.20.14", fakego.archive("1.20.14", go, log))
        e = env(cache, m.url)
        project(root, None, text="no go.mod")
        r = gt.gogen(root, env=e)
        r2 = ninja(root, env=e) if r.rc == 0 else r
        t.check("synthesized: no go.mod builds with go1.20.14",
                r2.rc == 0 and build_log_for(fakego.read_log(log), "index_go-") ==
                {("go1.20.14", entry(cache, "1.20.14"), "local")}, r.describe() + r2.describe())
        lines = []
        for p in glob.glob(os.path.join(root, ".gogen", "fn", "**", "go.mod"), recursive=True):
            lines += [ln for ln in open(p).read().splitlines() if ln.startswith("go ")]
        t.check("synthesized: its go.mod says go 1.20 (Go 1.20 refuses go 1.20.14)",
                lines and set(lines) == {"go 1.20"}, str(lines))


def test_two_versions(t, work, go):
    cache = os.path.join(work, "cache-two")
    log = os.path.join(work, "two.log")
    with fakego.Mirror() as m, gt.tempdir("two") as root:
        m.publish("1.21.13", fakego.archive("1.21.13", go, log))
        m.publish("1.22.12", fakego.archive("1.22.12", go, log))
        gt.write_tree(root, {
            "one/vercel.json": "{}\n", "one/go.mod": "module one\n\ngo 1.21\n",
            "one/api/alpha.go": HANDLER % "alpha on 1.21",
            "two/vercel.json": "{}\n", "two/go.mod": "module two\n\ngo 1.22\n",
            "two/api/beta.go": HANDLER % "beta on 1.22"})
        e = env(cache, m.url)
        r = gt.gogen(root, env=e)
        t.check("two: gogen plans both releases",
                r.rc == 0 and "go1.21.13 to fetch, go1.22.12 to fetch" in r.err, r.describe())
        r = ninja(root, "-j4", env=e)
        a = gt.bootstrap_path(root, "one", "/api/alpha")
        b = gt.bootstrap_path(root, "two", "/api/beta")
        t.check("two: one ninja -j4 fetches both and builds both",
                r.rc == 0 and os.path.isfile(a) and os.path.isfile(b) and m.count() == 4,
                r.describe() + str(m.counts))
        calls = fakego.read_log(log)
        ga, gb = build_log_for(calls, "alpha_go-"), build_log_for(calls, "beta_go-")
        t.check("two: alpha built by go1.21.13 only",
                ga == {("go1.21.13", entry(cache, "1.21.13"), "local")}, str(ga))
        t.check("two: beta built by go1.22.12 only",
                gb == {("go1.22.12", entry(cache, "1.22.12"), "local")}, str(gb))
        for binary, word in ((a, "alpha on 1.21"), (b, "beta on 1.22")):
            problems = gt.probe(binary, {"path": "/", "status": 200, "contains": word}, env=e)
            t.check("two: %s answers" % word, not problems, "\n".join(problems))


def test_concurrent(t, work, go):
    cache = os.path.join(work, "cache-concurrent")
    log = os.path.join(work, "concurrent.log")
    with fakego.Mirror() as m, gt.tempdir("conc1") as r1, gt.tempdir("conc2") as r2:
        path = m.publish("1.22.12", fakego.archive("1.22.12", go, log))
        m.behave[path] = 2.0  # slow enough for the second run to find the lock taken
        e = env(cache, m.url)
        for root in (r1, r2):
            project(root, "module m\n\ngo 1.22\n")
            gt.gogen(root, env=e)
        assert offline(r1) and offline(r2)
        procs = [subprocess.Popen(["ninja"], cwd=root, env=e, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  start_new_session=True) for root in (r1, r2)]
        outs = []
        for p in procs:
            try:
                outs.append(p.communicate(timeout=gt.NINJA_TIMEOUT)[0].decode())
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                outs.append(p.communicate()[0].decode() + "\n(timed out)")
        both = "\n----\n".join(outs)
        t.check("concurrent: both ninja runs succeed",
                all(p.returncode == 0 for p in procs) and
                all(os.path.isfile(gt.bootstrap_path(r, ".", "/api")) for r in (r1, r2)),
                both)
        t.check("concurrent: the archive is downloaded once", m.count(path) == 1,
                str(m.counts) + "\n" + both)
        t.check("concurrent: the second one waited for the lock",
                "waiting for another gogen" in both, both)


def failing_fetch(t, work, go, label, setup, pattern, extra_env=None):
    """Publishes what setup(mirror, archive) leaves, runs ninja, and checks
    that it fails with pattern (a regex that should name the URL), leaving
    the cache clean and no stamp; then publishes a good archive and checks
    that a plain ninja now succeeds. Returns the mirror's counts."""
    cache = os.path.join(work, "cache-" + re.sub(r"\W+", "-", label))
    log = os.path.join(work, "fail.log")
    with fakego.Mirror() as m, gt.tempdir("fail") as root:
        data = fakego.archive("1.22.12", go, log)
        setup(m, data)
        e = env(cache, m.url, **(extra_env or {}))
        project(root, "module m\n\ngo 1.22\n")
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        url = m.url + "/" + fakego.archive_name("1.22.12")
        pat = pattern.replace("URL", re.escape(url))
        t.check("%s: ninja fails saying so" % label,
                r.rc not in (0, None) and re.search(pat, r.text, re.M), r.describe())
        ok, why = cache_is_clean(cache, "1.22.12")
        t.check("%s: the cache is left clean" % label, ok, why)
        stamps = glob.glob(os.path.join(root, ".gogen", "toolchain", "*"))
        t.check("%s: no stamp" % label, not stamps, str(stamps))
        counts = dict(m.counts)
        m.behave.clear()
        m.files.clear()
        m.publish("1.22.12", data)
        r = ninja(root, env=e)
        t.check("%s: a plain ninja retries and succeeds" % label,
                r.rc == 0 and os.path.isfile(gt.bootstrap_path(root, ".", "/api")),
                r.describe())
        return counts


def test_failures(t, work, go):
    name = "/" + fakego.archive_name("1.22.12")

    def mismatch(m, data):
        m.publish("1.22.12", data, checksum=fakego.sha256(b"other"))
    failing_fetch(t, work, go, "checksum mismatch", mismatch,
                  r"^gogen: URL: checksum mismatch")

    def no_sum(m, data):
        m.publish("1.22.12", data, checksum=False)
    counts = failing_fetch(t, work, go, "missing checksum", no_sum,
                           r"^gogen: URL\.sha256: cannot get the archive's checksum")
    t.check("missing checksum: the archive is not even downloaded",
            counts.get(name, 0) == 0, str(counts))

    def bad_sum(m, data):
        m.publish("1.22.12", data, checksum="<html>hello</html>\n")
    failing_fetch(t, work, go, "checksum file garbage", bad_sum,
                  r"^gogen: URL\.sha256: holds no SHA-256")

    def missing(m, data):
        m.publish("1.22.12", data)
        m.behave[name] = "404"
    failing_fetch(t, work, go, "archive 404", missing, r"^gogen: URL: .*HTTP error")

    def drop(m, data):
        m.publish("1.22.12", data)
        m.behave[name] = "drop"
    failing_fetch(t, work, go, "connection dropped mid-body", drop,
                  r"^gogen: URL: (the connection closed before the whole file arrived|"
                  r"checksum mismatch)")

    def liar(m, data):
        other = fakego.archive("1.22.12", go, os.path.join(work, "fail.log"), claims="1.22.11")
        m.publish("1.22.12", other)
    failing_fetch(t, work, go, "archive of another release", liar,
                  r"^gogen: URL: the go it holds says 1\.22\.11, not go1\.22\.12")


def wait_for(cond, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_kill(t, work, go):
    """kill -9 during the download, then during the extraction (a tar that
    unpacks, then sleeps): nothing left is trusted, and a retry works."""
    real_tar = gt.run(["sh", "-c", "command -v tar"], "/").out.strip()
    bindir = os.path.join(work, "slow-tar")
    flag = os.path.join(work, "tar-done")
    gt.write_file(os.path.join(bindir, "tar"),
                  "#!/bin/sh\n'%s' \"$@\" || exit $?\n: >'%s'\nexec sleep 60\n" % (real_tar, flag))
    os.chmod(os.path.join(bindir, "tar"), 0o755)
    cache = os.path.join(work, "cache-kill")
    log = os.path.join(work, "kill.log")
    with fakego.Mirror() as m, gt.tempdir("kill") as root:
        path = m.publish("1.22.12", fakego.archive("1.22.12", go, log))
        project(root, "module m\n\ngo 1.22\n")
        e = env(cache, m.url)
        gt.gogen(root, env=e)
        stamp = os.path.join(root, ".gogen", "toolchain", "go1.22.12.stamp")
        for when, extra, ready in (
                ("during the download", {}, lambda: m.count(path) >= 1),
                ("during the extraction", {"PATH": bindir + ":" + e["PATH"]},
                 lambda: os.path.exists(flag))):
            m.behave[path] = "stall" if not extra else None
            m.unstall.clear()
            assert offline(root)
            p = subprocess.Popen(["ninja"], cwd=root, env=dict(e, **extra),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, start_new_session=True)
            started = wait_for(ready)
            os.killpg(p.pid, signal.SIGKILL)
            out = p.communicate()[0].decode()
            m.release()
            t.check("kill -9 %s: it was under way" % when, started, out)
            t.check("kill -9 %s: no entry, no stamp" % when,
                    not os.path.exists(entry(cache, "1.22.12")) and not os.path.exists(stamp),
                    str(os.listdir(os.path.join(cache, "go"))))
            r = gt.gogen(root, "-v", env=e)
            t.check("kill -9 %s: gogen does not trust what is left" % when,
                    r.rc == 0 and "go1.22.12 to fetch" in r.err, r.describe())
        m.behave.pop(path, None)
        before = m.count(path)
        r = ninja(root, env=e)
        t.check("kill -9: a plain ninja then fetches cleanly and builds",
                r.rc == 0 and m.count(path) == before + 1 and
                os.path.isfile(gt.bootstrap_path(root, ".", "/api")), r.describe())
        t.check("kill -9: the retry removed the leftovers", not leftovers(cache),
                str(leftovers(cache)))


def test_settings(t, work, go):
    log = os.path.join(work, "settings.log")
    data = fakego.archive("1.22.12", go, log)
    sha = fakego.sha256(data)
    name = fakego.entry_name("1.22.12")
    with fakego.Mirror() as m, gt.tempdir("pin") as root:
        # gogen.ini: a URL template and a pinned checksum; no .sha256 served.
        m.files["/dl/go" + name + ".tgz"] = data
        cache = os.path.join(work, "cache-pin")
        project(root, "module m\n\ngo 1.22\n", extra={"gogen.ini": (
            "[gogen]\ngo_mirror = %s/dl/go{version}.{os}-{arch}.tgz\n\n[checksums]\n"
            "go%s = %s\n" % (m.url, name, sha.upper()))})
        e = env(cache, None, GOGEN_GO_MIRROR=None)
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        t.check("pin: a gogen.ini template and pin fetch without a .sha256",
                r.rc == 0 and m.count("/dl/go" + name + ".tgz") == 1 and
                m.count("/dl/go" + name + ".tgz.sha256") == 0, r.describe() + str(m.counts))
    with fakego.Mirror() as m, gt.tempdir("pin-bad") as root:
        m.publish("1.22.12", data)
        cache = os.path.join(work, "cache-pin-bad")
        project(root, "module m\n\ngo 1.22\n", extra={"gogen.ini": (
            "[checksums]\ngo%s = %s\n" % (name, fakego.sha256(b"x")))})
        e = env(cache, m.url)
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        t.check("pin: a wrong pin is a mismatch naming gogen.ini",
                r.rc not in (0, None) and "checksum mismatch" in r.text and
                "gogen.ini [checksums]" in r.text and cache_is_clean(cache, "1.22.12")[0],
                r.describe())
    with gt.tempdir("pin-syntax") as root:
        project(root, "module m\n\ngo 1.22\n",
                extra={"gogen.ini": "[gogen]\n\n[checksums]\ngo%s = abc\n" % name})
        r = gt.gogen(root, env=env(os.path.join(work, "c")))
        t.check("pin: a malformed pin is an error with its line",
                r.rc == 1 and re.search(r"^gogen: gogen\.ini:4: .*64 hex digits", r.err, re.M),
                r.describe())
    with gt.tempdir("mirror-bad") as root:
        project(root, "module m\n\ngo 1.22\n")
        r = gt.gogen(root, env=env(os.path.join(work, "c"), "ftp://127.0.0.1/go"))
        t.check("mirror: a non-HTTP mirror is an error naming GOGEN_GO_MIRROR",
                r.rc == 1 and "GOGEN_GO_MIRROR = ftp://127.0.0.1/go" in r.err, r.describe())
    with gt.tempdir("file-mirror") as root, gt.tempdir("files") as files:
        with open(os.path.join(files, fakego.archive_name("1.22.12")), "wb") as f:
            f.write(data)
        with open(os.path.join(files, fakego.archive_name("1.22.12") + ".sha256"), "w") as f:
            f.write("%s  %s\n" % (sha, fakego.archive_name("1.22.12")))
        project(root, "module m\n\ngo 1.22\n")
        e = env(os.path.join(work, "cache-file"), "file://" + files)
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        t.check("mirror: a file:// mirror works (sha256sum-style checksum file)",
                r.rc == 0 and os.path.isfile(gt.bootstrap_path(root, ".", "/api")),
                r.describe())
    with gt.tempdir("no-cache") as root:
        project(root, "module m\n\ngo 1.22\n")
        e = env("", GOGEN_CACHE=None, XDG_CACHE_HOME=None, HOME=None,
                GOCACHE=os.path.join(work, "gocache"))
        r = gt.gogen(root, env=e)
        t.check("cache: without GOGEN_CACHE, XDG_CACHE_HOME or HOME it says what to set",
                r.rc == 1 and "set GOGEN_CACHE" in r.err, r.describe())
    with gt.tempdir("xdg") as root:
        project(root, "module m\n\ngo 1.22\n")
        xdg = os.path.join(work, "xdg")
        r = gt.gogen(root, env=env("", GOGEN_CACHE=None, XDG_CACHE_HOME=xdg))
        text = open(os.path.join(root, "build.ninja")).read() if r.rc == 0 else ""
        t.check("cache: XDG_CACHE_HOME/gogen is used when GOGEN_CACHE is unset",
                os.path.join(xdg, "gogen", "go", name) in text, r.describe())


def test_wget(t, work, go):
    """Without curl in PATH, wget downloads; a cut transfer still fails."""
    tools = {n: gt.run(["sh", "-c", "command -v " + n], "/").out.strip()
             for n in ("wget", "tar", "gzip")}
    if not all(tools.values()):
        t.skip("wget: fetch without curl", "no %s here" % [n for n, v in tools.items() if not v])
        return
    bindir = os.path.join(work, "no-curl")
    os.makedirs(bindir, exist_ok=True)
    for n, path in tools.items():
        os.symlink(path, os.path.join(bindir, n))
    cache = os.path.join(work, "cache-wget")
    with fakego.Mirror() as m:
        path = m.publish("1.22.12", fakego.archive("1.22.12", go, os.path.join(work, "w.log")))
        argv = [gt.gogen_path(), "fetch-go", "--cache", cache, "--url", m.url + path, "1.22.12"]
        e = env(cache, m.url, PATH=bindir)
        m.behave[path] = "drop"
        r = gt.run(argv, work, env=e)
        t.check("wget: a connection dropped mid-body fails naming the URL",
                r.rc == 1 and (m.url + path + ": ") in r.err and
                cache_is_clean(cache, "1.22.12")[0], r.describe())
        m.behave.clear()
        r = gt.run(argv, work, env=e)
        t.check("wget: then fetches", r.rc == 0 and
                os.path.isfile(os.path.join(entry(cache, "1.22.12"), ".gogen-complete")),
                r.describe())


def test_proxy(t, work, go):
    local = local_version()
    m = re.match(r"1\.(\d+)", local or "")
    if not m or int(m.group(1)) < 21:
        t.skip("proxy: fetch through GOPROXY", "needs a local Go 1.21 or later")
        return
    log = os.path.join(work, "proxy.log")
    proxy = os.path.join(work, "goproxy")
    fakego.proxy_tree(proxy, "1.22.12", go, log)
    cache = os.path.join(work, "cache-proxy")
    with gt.tempdir("proxy") as root:
        project(root, "module m\n\ngo 1.22\n", text="via proxy")
        # GOSUMDB=off: the checksum database cannot be asked offline.
        e = env(cache, GOGEN_TOOLCHAIN_SOURCE="proxy", GOPROXY="file://" + proxy,
                GOSUMDB="off")
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        ent = entry(cache, "1.22.12")
        t.check("proxy: golang.org/toolchain through a file:// GOPROXY builds",
                r.rc == 0 and os.path.isfile(os.path.join(ent, ".gogen-complete")) and
                build_log_for(fakego.read_log(log), "index_go-") ==
                {("go1.22.12", ent, "local")}, r.describe() + str(fakego.read_log(log)))
        t.check("proxy: the entry's go is executable (module zips keep no modes)",
                os.access(os.path.join(ent, "bin", "go"), os.X_OK), ent)
        r = ninja(root, env=e)
        t.check("proxy: a second ninja has no work", ninja_no_work(r), r.describe())
    with gt.tempdir("proxy-ini") as root:
        project(root, "module m\n\ngo 1.21\n",
                extra={"gogen.ini": "[gogen]\ntoolchain_source = proxy\n"})
        cache2 = os.path.join(work, "cache-proxy-off")
        e = env(cache2, GOPROXY="off")
        r = gt.gogen(root, env=e)
        r = ninja(root, env=e) if r.rc == 0 else r
        t.check("proxy: gogen.ini toolchain_source = proxy, GOPROXY=off fails naming "
                "the module", r.rc not in (0, None) and re.search(
                    r"^gogen: golang\.org/toolchain@v0\.0\.1-go1\.21\.13\.\S+: ", r.text, re.M)
                and cache_is_clean(cache2, "1.21.13")[0], r.describe())


def body(t):
    go = real_go()
    if not go:
        t.check("a go command to hand the real work to", False, "no go in PATH")
        return
    with gt.tempdir("toolchain") as work:
        test_selection(t, os.path.join(work, "cache-select"))
        test_local(t, os.path.join(work, "cache-local"))
        test_fetch_reuse(t, work, go)
        test_synthesized(t, work, go)
        test_two_versions(t, work, go)
        test_concurrent(t, work, go)
        test_failures(t, work, go)
        test_kill(t, work, go)
        test_settings(t, work, go)
        test_wget(t, work, go)
        test_proxy(t, work, go)


if __name__ == "__main__":
    gt.main("toolchain: selection, fetch, verification, cache", body)
