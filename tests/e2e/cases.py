#!/usr/bin/env python3
"""cases.py - runs every acceptance case of tests/cases/<name>/.

For each case: copy tree/ to a temporary folder, run gogen and then ninja
there, and check what probes.json asks for (format: tests/cases' README):
the number of functions gogen --list --json reports, and for each probe
the answer of the function whose route matches the probe's path, started
in its local mode on a loopback port. Also checks that every listed
function's binary sits where the spec puts it, that a second ninja has
nothing to do, and that the build changed nothing in the user's tree
apart from gogen's own outputs (build.ninja, .gogen/, <project>/.vercel/).

Beyond the shared format, probes.json may hold:
  "env": {name: value} added to the environment of gogen, ninja and the
      functions (a null value removes the variable). In values, ${CASE} is
      the case folder (tests/cases/<name>, for data kept beside tree/, such
      as a GOPROXY=file:// folder), ${TREE} the copy of tree/ being built
      and ${TMP} an empty scratch folder of this run (caches).
and a probe may say "starts": false: the function must not come to serve
(checked for START_TIMEOUT seconds, then it is killed), with optionally
"exits": true (it must end by itself, with a non-zero status) and
"output_contains" (text or list its output must hold). Paths may hold
non-ASCII characters: they are sent percent-encoded as UTF-8.
"""

import json
import os
import shutil
import sys
from urllib.parse import quote

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402


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


def probe_no_start(binary, p, env):
    """Problems with a function that must not come to serve (see top)."""
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
        c = p.get("output_contains")
        for w in ([c] if isinstance(c, str) else c or []):
            if w not in out:
                problems.append("its output lacks %r" % w)
        if problems:
            problems.append("exit status: %s\noutput:\n%s" % (
                "still running (killed)" if rc is None else rc, out[:3000]))
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


def run_case(t, name, case_dir):
    with open(os.path.join(case_dir, "probes.json"), encoding="utf-8") as f:
        spec = json.load(f)
    probes = spec.get("probes", [])
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

        for i, p in enumerate(probes):
            project = p.get("project", ".")
            label = "%s: probe %d %s %s%s" % (name, i + 1, p.get("method", "GET"), p.get("path"),
                              "" if project == "." else " in " + project)
            path = p.get("path", "/").split("?", 1)[0]
            f, params = pick_function(funcs, project, path)
            if f is None:
                t.check(label, False, "no function of project %s has a route matching %s; "
                    "routes: %s" % (project, path,
                            ", ".join(str(x.get("route")) for x in funcs)))
                continue
            b = gt.bootstrap_path(root, f.get("project"), f["route"])
            if p.get("starts", True) is False:
                problems = probe_no_start(b, p, env)
            else:
                sent = dict(p, path=quote(p.get("path", "/"), safe=ASCII_SAFE))
                problems = gt.probe(b, sent, params, env)
            t.check(label + " -> " + f["route"], not problems, "\n".join(problems))

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
    for name in names:
        if only and name not in only.split(","):
            continue
        try:
            run_case(t, name, os.path.join(cases, name))
        except Exception:
            import traceback
            t.check("%s: case ran to its end" % name, False, traceback.format_exc())


if __name__ == "__main__":
    gt.main("acceptance cases", body)
