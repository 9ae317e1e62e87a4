#!/usr/bin/env python3
"""cases.py - runs every acceptance case of tests/cases/<name>/.

For each case: copy tree/ to a temporary folder, run gogen and then ninja
there, and check what probes.json asks for (format: tests/cases' README):
the number of functions gogen --list --json reports, and each probe in
three modes, each test line naming case, mode and probe:
  local   the function whose route matches the probe's path, started in
          its local mode (PORT) on a loopback port, asked over HTTP;
  lambda  the same binary in its Lambda mode (AWS_LAMBDA_RUNTIME_API) against
          the loopback Runtime API of lib/lambdaapi.py, invoked with the
          platform's event for the same request (path and query with the
          [name] parameters, method, headers, body), its answer decoded;
  dev     after `ninja dev`, `gogen dev <project>` on a loopback port, asked
          for the probe's own path (it routes and adds the parameters
          itself), then stopped with SIGTERM: no process it started may
          outlive it.
The same checks (status, contains, not_contains, header) apply in every
mode. Also checks that every listed function's binary sits where the spec
puts it, that a second ninja has nothing to do, and that the build (ninja
dev and gogen dev included) changed nothing in the user's tree apart from
gogen's own outputs (build.ninja, .gogen/, <project>/.vercel/).

Beyond the shared format, probes.json may hold:
  "env": {name: value} added to the environment of gogen, ninja and the
      functions (a null value removes the variable). In values, ${CASE} is
      the case folder (tests/cases/<name>, for data kept beside tree/, such
      as a GOPROXY=file:// folder), ${TREE} the copy of tree/ being built
      and ${TMP} an empty scratch folder of this run (caches).
and a probe may say "starts": false: the function must not come to serve,
with optionally "exits": true (it must end by itself, with a non-zero
status) and "output_contains" (text or list its output must hold). In
each mode that means:
  local   it does not accept connections within START_TIMEOUT seconds
          (then it is killed); output_contains: in its output;
  lambda  it does not ask for an event within START_TIMEOUT seconds (the
          platform ends an init that outlives its limit); if it ends, it
          reported why on /runtime/init/error first (errorMessage,
          errorType, stackTrace), and output_contains is looked for in that
          report, else in its output;
  dev     the server answers 502, output_contains in the answer's body.
Paths may hold non-ASCII characters: they are sent percent-encoded as UTF-8.

Knobs, while debugging: CASES=name,name runs some cases only, MODES=local,
lambda,dev some modes only.
"""

import http.client
import json
import os
import shutil
import sys
import time
from urllib.parse import quote

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import devserver  # noqa: E402
import gogentest as gt  # noqa: E402
import lambdaapi as la  # noqa: E402

MODES = ("local", "lambda", "dev")


def output_skipper(projects):
    """skip(rel) for snapshots: true for gogen's own outputs."""
    vercel = {os.path.normpath(os.path.join(p, ".vercel")) for p in projects}

    def skip(rel):
        rel = os.path.normpath(rel)
        if rel in ("build.ninja", ".gogen") or rel in vercel:
            return True
        return False
    return skip


def case_env(spec, case_dir, root, scratch):
    """The environment the case's "env" asks for, on top of gt.base_env()."""
    extra = {}
    for k, v in (spec.get("env") or {}).items():
        if v is not None:
            v = (str(v).replace("${CASE}", os.path.abspath(case_dir))
                 .replace("${TREE}", root).replace("${TMP}", scratch))
        extra[k] = v
    return gt.base_env(**extra)


# Every printable ASCII character stays as written; the rest is escaped.
ASCII_SAFE = "".join(chr(c) for c in range(33, 127))


def wanted(p, key):
    """The texts a probe's key asks for (a string or a list)."""
    c = p.get(key)
    return [c] if isinstance(c, str) else list(c or [])


def local_no_start(binary, p, env):
    """Problems with a function that must not come to serve, in its local
    mode (see top)."""
    if not os.path.isfile(binary):
        return ["no binary at %s" % binary]
    problems = []
    with gt.Server(binary, env) as s:
        ready = s.wait_ready()
        rc = s.proc.poll()
        out = s.output()
        if ready:
            problems.append("it accepted connections on 127.0.0.1:%d; want it not to start"
                    % s.port)
        if p.get("exits"):
            if rc is None:
                problems.append("still running after %ds; want it to exit by itself"
                        % gt.START_TIMEOUT)
            elif rc == 0:
                problems.append("it exited with status 0; want a failure status")
        for w in wanted(p, "output_contains"):
            if w not in out:
                problems.append("its output lacks %r" % w)
        if problems:
            problems.append("exit status: %s\noutput:\n%s" % (
                "still running (killed)" if rc is None else rc, out[:3000]))
    return problems


def init_error_problems(o):
    """What is wrong with the body and headers of an init error report."""
    try:
        d = o.json()
    except ValueError as e:
        return ["its init error report is not JSON (%s): %r" % (e, o)]
    p = []
    if not isinstance(d, dict) or not d.get("errorMessage") or not d.get("errorType") \
            or not isinstance(d.get("stackTrace"), list):
        p.append("its init error report lacks errorMessage, errorType or a stackTrace "
             "list: %r" % (d,))
    if not o.headers.get("lambda-runtime-function-error-type"):
        p.append("its init error report has no Lambda-Runtime-Function-Error-Type header")
    return p


def init_error_text(o):
    """errorMessage and stackTrace of an init error report, one text."""
    try:
        d = o.json()
        trace = d.get("stackTrace") or []
        return "\n".join([str(d.get("errorMessage", ""))] + [str(x) for x in trace])
    except (ValueError, AttributeError):
        return o.body.decode("utf-8", "replace")


def lambda_no_start(binary, p, env):
    """Problems with a function that must not come to serve, in its Lambda
    mode (see top)."""
    if not os.path.isfile(binary):
        return ["no binary at %s" % binary]
    problems = []
    with la.RuntimeAPI() as api, la.Function(binary, api, env) as fn:
        # It has started serving once it asks for an event; an init error
        # is posted before the process ends.
        deadline = time.monotonic() + gt.START_TIMEOUT
        with api.cond:
            while not api.next_calls and fn.proc.poll() is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                api.cond.wait(min(left, 0.1))
        rc = fn.proc.poll()
        reports = list(api.init_errors)
        if api.next_calls:
            problems.append("it asked the Runtime API for an event (its init completed); "
                    "want it not to start")
        if p.get("exits"):
            if rc is None:
                problems.append("still running after %ds; want it to exit by itself"
                        % gt.START_TIMEOUT)
            elif rc == 0:
                problems.append("it exited with status 0; want a failure status")
        if rc is not None and not reports:
            problems.append("it ended without reporting on /runtime/init/error")
        if reports:
            problems += init_error_problems(reports[0])
            where, text = "its init error report", init_error_text(reports[0])
        else:
            where, text = "its output", fn.output()
        for w in wanted(p, "output_contains"):
            if w not in text:
                problems.append("%s lacks %r" % (where, w))
        if problems:
            problems.append("exit status: %s\ninit error reports: %r\noutput:\n%s" % (
                "still running (killed)" if rc is None else rc, reports,
                fn.output()[:3000]))
    return problems


def dev_probe(server, p):
    """Problems with the answer of gogen dev to the request of probe p,
    sent with its own path (see top)."""
    path = quote(p.get("path", "/"), safe=ASCII_SAFE)
    method = p.get("method", "GET")
    try:
        status, hdrs, text = server.request(method, path, p.get("body"), p.get("headers"))
    except (OSError, http.client.HTTPException) as e:
        return ["request %s %s failed: %r; server output:\n%s" % (
            method, path, e, server.output()[-4000:])]
    if p.get("starts", True) is False:
        problems = [] if status == 502 else ["status %d, want 502" % status]
        for w in wanted(p, "output_contains"):
            if w not in text:
                problems.append("the answer lacks %r" % w)
    else:
        problems = gt.answer_problems(p, status, hdrs, text)
    if problems:
        problems.append("request: %s %s\nstatus %d\nheaders %s\nbody %r\n"
                "--- server output\n%s" % (method, path, status, hdrs, text[:2000],
                               server.output()[-4000:]))
    return problems


def specificity(route):
    """Sort key of a route, lower first: segment by segment, a static one
    beats [name], which beats [...name] (/api/docs/[...path] is tried
    before /api/[...slug], as the platform orders its routes)."""
    return tuple(2 if s.startswith("[...") else 1 if s.startswith("[") else 0
             for s in route.split("/") if s)


def pick_function(funcs, project, path):
    """gt.pick_function, with the most specific route winning a tie."""
    want = os.path.normpath(project or ".")
    best = None
    for f in funcs:
        if os.path.normpath(f.get("project") or ".") != want:
            continue
        m = gt.match_route(f.get("route", ""), path)
        if m and (best is None or specificity(f["route"]) < specificity(best[0]["route"])):
            best = (f, m[1])
    return best if best else (None, [])


class Probe:
    """One probe of a case: its spec, its label (without the mode), and the
    function whose route matches its path (None if none does), with the
    query parameters that route's dynamic segments add."""

    def __init__(self, i, spec, funcs, root):
        self.spec = spec
        self.project = os.path.normpath(spec.get("project", "."))
        self.label = "probe %d %s %s%s" % (i + 1, spec.get("method", "GET"), spec.get("path"),
                           "" if self.project == "." else " in " + self.project)
        path = spec.get("path", "/").split("?", 1)[0]
        self.func, self.params = pick_function(funcs, self.project, path)
        self.binary = None
        self.why = None
        if self.func is None:
            self.why = "no function of project %s has a route matching %s; routes: %s" % (
                self.project, path, ", ".join(str(x.get("route")) for x in funcs))
        else:
            self.binary = gt.bootstrap_path(root, self.func.get("project"), self.func["route"])
            self.label += " -> " + self.func["route"]

    def starts(self):
        return self.spec.get("starts", True) is not False

    def sent(self):
        """The spec with its path percent-encoded as sent on the wire."""
        return dict(self.spec, path=quote(self.spec.get("path", "/"), safe=ASCII_SAFE))


def run_probes(t, name, mode, probes, env, probe, no_start):
    """Checks each probe in one mode: probe() for functions that start,
    no_start() for those that must not."""
    for p in probes:
        label = "%s: %s: %s" % (name, mode, p.label)
        if p.func is None:
            t.check(label, False, p.why)
            continue
        if p.starts():
            problems = probe(p.binary, p.sent(), p.params, env)
        else:
            problems = no_start(p.binary, p.spec, env)
        t.check(label, not problems, "\n".join(problems))


def local_mode(t, name, probes, env):
    run_probes(t, name, "local", probes, env, gt.probe, local_no_start)


def lambda_mode(t, name, probes, env):
    run_probes(t, name, "lambda", probes, env, la.probe, lambda_no_start)


def dev_mode(t, name, root, probes, env, built):
    """ninja dev, then one gogen dev per project the probes name."""
    def fail_all(why, which=probes):
        for p in which:
            t.check("%s: dev: %s" % (name, p.label), False, why)

    if not built:
        t.check("%s: dev: ninja dev builds the development server" % name, False,
            "the first ninja failed")
        return fail_all("the build failed")
    r = gt.ninja(root, "dev", env=env)
    if not t.check("%s: dev: ninja dev builds the development server" % name,
               r.rc == 0 and os.path.isfile(os.path.join(root, ".gogen", "dev", "server")),
               r.describe()):
        return fail_all("ninja dev failed")
    projects = []
    for p in probes:
        if p.project not in projects:
            projects.append(p.project)
    for project in projects:
        mine = [p for p in probes if p.project == project]
        with devserver.DevServer(root, project, env) as s:
            if not t.check("%s: dev: gogen dev %s listens on 127.0.0.1:$PORT" % (name, project),
                       s.wait_ready(), s.output()):
                fail_all("gogen dev %s did not start" % project, mine)
                continue
            for p in mine:
                problems = dev_probe(s, p.spec)
                t.check("%s: dev: %s" % (name, p.label), not problems, "\n".join(problems))
            problems = s.shutdown()
            t.check("%s: dev: SIGTERM stops gogen dev %s and every function it started"
                % (name, project), not problems,
                "\n".join(problems + ["--- server output", s.output()[-4000:]]))


class Recorder:
    """Stands for the tally in a thread: keeps what is checked, for
    replay() to count and print in order."""

    def __init__(self):
        self.calls = []

    def check(self, name, ok, detail=""):
        self.calls.append((name, bool(ok), detail))
        return bool(ok)

    def replay(self, t):
        for name, ok, detail in self.calls:
            t.check(name, ok, detail)


def run_modes(t, name, modes, runs):
    """Runs runs[mode](tally) for each mode at the same time (their waits,
    a function that must not start, ninja dev, overlap: the processes and
    ports of one mode are its own), then reports them in MODES order."""
    import threading
    import traceback
    recorders = {m: Recorder() for m in modes}

    def work(m):
        try:
            runs[m](recorders[m])
        except Exception:
            recorders[m].check("%s: %s: mode ran to its end" % (name, m), False,
                       traceback.format_exc())
    threads = [threading.Thread(target=work, args=(m,)) for m in modes]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for m in modes:
        recorders[m].replay(t)


def run_case(t, name, case_dir, modes):
    with open(os.path.join(case_dir, "probes.json"), encoding="utf-8") as f:
        spec = json.load(f)
    with gt.tempdir(name) as tmp:
        root = os.path.join(tmp, "tree")
        shutil.copytree(os.path.join(case_dir, "tree"), root, symlinks=True)
        scratch = os.path.join(tmp, "scratch")
        os.mkdir(scratch)
        env = case_env(spec, case_dir, root, scratch)
        # Every folder holding a vercel.json (and the root) may be a project.
        projects = {"."}
        for d, _, files in os.walk(root):
            if "vercel.json" in files:
                projects.add(os.path.relpath(d, root))
        skip = output_skipper(projects)
        before = gt.snapshot(root, skip)

        r = gt.gogen(root, env=env)
        t.check("%s: gogen writes build.ninja" % name,
            r.rc == 0 and os.path.isfile(os.path.join(root, "build.ninja")), r.describe())

        funcs, why = gt.list_functions(root, env=env)
        want = spec.get("functions")
        if funcs is None:
            t.check("%s: gogen --list --json reports %s functions" % (name, want), False, why)
            funcs = []
        else:
            t.check("%s: gogen --list --json reports %s functions" % (name, want),
                len(funcs) == want, "got %d:\n%s" % (len(funcs), json.dumps(funcs, indent=1)))

        n = gt.ninja(root, env=env)
        built = t.check("%s: ninja succeeds" % name, n.rc == 0, n.describe())

        missing = []
        for f in funcs:
            b = gt.bootstrap_path(root, f.get("project"), f.get("route", ""))
            if not os.path.isfile(b):
                missing.append("%s (route %s): no %s" % (f.get("source"), f.get("route"),
                                      os.path.relpath(b, root)))
        t.check("%s: each function's binary is at <project>/.vercel/output/functions/"
            "<route>.func/bootstrap" % name, funcs and not missing, "\n".join(missing))

        if built:
            n2 = gt.ninja(root, env=env)
            t.check("%s: a second ninja has no work to do" % name,
                n2.rc == 0 and "ninja: no work to do." in n2.out, n2.describe())
        else:
            t.check("%s: a second ninja has no work to do" % name, False,
                "the first ninja failed")

        probes = [Probe(i, p, funcs, root) for i, p in enumerate(spec.get("probes", []))]
        run_modes(t, name, modes, {
            "local": lambda r: local_mode(r, name, probes, env),
            "lambda": lambda r: lambda_mode(r, name, probes, env),
            "dev": lambda r: dev_mode(r, name, root, probes, env, built),
        })

        after = gt.snapshot(root, skip)
        diff = gt.snapshot_diff(before, after)
        t.check("%s: the source tree is unchanged apart from gogen's outputs" % name,
            not diff, "\n".join(diff))


def body(t):
    cases = os.path.join(gt.srcdir(), "tests", "cases")
    names = sorted(n for n in os.listdir(cases)
               if os.path.isfile(os.path.join(cases, n, "probes.json")))
    t.check("tests/cases holds cases", names, "none found in " + cases)
    only = os.environ.get("CASES")  # CASES=name,name runs a few while debugging
    modes = [m for m in MODES if m in (os.environ.get("MODES") or ",".join(MODES)).split(",")]
    t.check("MODES names known modes", modes, "MODES=%s; known: %s" % (
        os.environ.get("MODES"), ",".join(MODES)))
    if len(modes) < len(MODES):
        t.note("modes checked: %s (MODES is set)" % ", ".join(modes))
    for name in names:
        if only and name not in only.split(","):
            continue
        try:
            run_case(t, name, os.path.join(cases, name), modes)
        except Exception:
            import traceback
            t.check("%s: case ran to its end" % name, False, traceback.format_exc())


if __name__ == "__main__":
    gt.main("acceptance cases", body)
