#!/usr/bin/env python3
"""errors.py - how gogen reports bad input and bad usage.

Input problems end with "gogen: path:line: message" on stderr and exit 1;
usage mistakes exit 2; --help exits 0. An empty tree is not an error. The
GO_BUILD_FLAGS text is split into words like a shell would, but never run
by one: the injection checks prove that with a file that must never be
created.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

GO_MOD = "module example.com/errs\n\ngo 1.21\n"
HANDLER = ("package handler\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\n"
       "func Handler(w http.ResponseWriter, r *http.Request) {\n"
       "\tfmt.Fprint(w, \"%s\")\n}\n")
# A handler printing v, which -ldflags -X main.v=... sets: gogen compiles
# each function as package main.
V_HANDLER = ("package handler\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\n"
         "var v = \"unset\"\n\n"
         "func Handler(w http.ResponseWriter, r *http.Request) {\n"
         "\tfmt.Fprintf(w, \"v=[%s]\", v)\n}\n")


def project(root, extra=None, handler=True):
    files = {"go.mod": GO_MOD}
    if handler:
        files["api/index.go"] = HANDLER % "index"
    files.update(extra or {})
    gt.write_tree(root, files)


def says(r, pattern):
    return re.search(pattern, r.err, re.M) is not None


def fails_with(t, label, r, pattern, rc=1):
    """Checks exit status rc and a stderr line matching pattern."""
    t.check("%s: exit %d" % (label, rc), r.rc == rc, r.describe())
    t.check("%s: message matches %s" % (label, pattern), says(r, pattern), r.describe())


def test_vercel_json(t):
    with gt.tempdir("vercel") as root:
        project(root, {"vercel.json": '{\n  "a": 1,\n  "b": nope\n}\n'})
        r = gt.gogen(root)
        fails_with(t, "invalid vercel.json", r, r"^gogen: (\./)?vercel\.json:3: ")
        t.check("invalid vercel.json: no build.ninja written",
            not os.path.exists(os.path.join(root, "build.ninja")), r.describe())
    with gt.tempdir("vercel-sub") as root:
        gt.write_tree(root, {
            "apps/web/go.mod": GO_MOD, "apps/web/api/index.go": HANDLER % "web",
            "apps/web/vercel.json": '{\n\n  "build": {"env": {"GO_BUILD_FLAGS": 7}}\n}\n'})
        r = gt.gogen(root)
        fails_with(t, "GO_BUILD_FLAGS not a string in a project's vercel.json", r,
               r"^gogen: (\./)?apps/web/vercel\.json:3: .*GO_BUILD_FLAGS")
    with gt.tempdir("vercel-array") as root:
        project(root, {"vercel.json": '[\n  1\n]\n'})
        r = gt.gogen(root)
        fails_with(t, "vercel.json holding an array", r, r"^gogen: (\./)?vercel\.json:\d+: ")


def test_go_mod(t):
    with gt.tempdir("gomod") as root:
        project(root, {"go.mod": "module example.com/errs\n\ngo 1.x\n"})
        r = gt.gogen(root)
        fails_with(t, "go.mod with 'go 1.x'", r, r"^gogen: (\./)?go\.mod:3(:\d+)?: ")
    with gt.tempdir("gomod-sub") as root:
        gt.write_tree(root, {
            "apps/web/vercel.json": "{}\n",
            "apps/web/go.mod": "module example.com/web\n\ngo 1.21\nrequire (\n",
            "apps/web/api/index.go": HANDLER % "web"})
        r = gt.gogen(root)
        fails_with(t, "go.mod with an unclosed require block", r,
               r"^gogen: (\./)?apps/web/go\.mod:\d+(:\d+)?: ")


def test_unreadable(t):
    if os.geteuid() == 0:
        t.skip("unreadable api folder", "running as root, where chmod 000 does not stop reads")
        return
    with gt.tempdir("unreadable") as root:
        project(root)
        api = os.path.join(root, "api")
        os.chmod(api, 0)
        try:
            r = gt.gogen(root)
        finally:
            os.chmod(api, 0o755)
        fails_with(t, "unreadable api folder", r, r"^gogen: (\./)?api\b.*:")


def test_usage(t):
    with gt.tempdir("usage") as root:
        project(root)
        r = gt.gogen(root, "--bogus")
        fails_with(t, "unknown option --bogus", r, r"--bogus", rc=2)
        r = gt.gogen(root, "-Z")
        t.check("unknown option -Z: exit 2", r.rc == 2, r.describe())
        r = gt.gogen(root, "-C")
        t.check("-C without a folder: exit 2", r.rc == 2, r.describe())
        r = gt.gogen(root, "--json")
        t.check("--json without --list: exit 2", r.rc == 2, r.describe())
        r = gt.gogen(root, "--help")
        t.check("--help: exit 0 with the usage on stdout",
            r.rc == 0 and "usage:" in r.out, r.describe())
        r = gt.gogen(root, "--version")
        t.check("--version: exit 0", r.rc == 0 and r.out.startswith("gogen "), r.describe())
        r = gt.gogen(root, "-C", os.path.join(root, "no-such-folder"))
        fails_with(t, "-C with a missing folder", r, r"^gogen: .*no-such-folder")
        r = gt.gogen(root, "-a", "sparc")
        fails_with(t, "-a with an unknown architecture", r, r"^gogen: .*sparc")
        t.check("usage errors wrote no build.ninja",
            not os.path.exists(os.path.join(root, "build.ninja")), "")


def test_same_route(t):
    with gt.tempdir("route") as root:
        project(root, {"api/users.go": HANDLER % "users",
                   "api/users/index.go": HANDLER % "users-index"})
        r = gt.gogen(root)
        t.check("two functions on /api/users: exit 1", r.rc == 1, r.describe())
        t.check("two functions on /api/users: the message names both files",
            "api/users.go" in r.err and "api/users/index.go" in r.err, r.describe())
        t.check("two functions on /api/users: the message names the route",
            "/api/users" in r.err.replace("api/users.go", "").replace(
                "api/users/index.go", ""), r.describe())


def test_dynamic_route(t):
    with gt.tempdir("dynroute") as root:
        project(root, {"api/[id].go": HANDLER % "id", "api/[name].go": HANDLER % "name"})
        r = gt.gogen(root)
        fails_with(t, "api/[id].go beside api/[name].go", r,
                   r"^gogen: api/\[name\]\.go: serves route /api/\[name\], like api/\[id\]\.go")


def test_no_package(t):
    with gt.tempdir("nopkg") as root:
        project(root, {"api/x.go": 'import "net/http"\n\n'
                       "func H(w http.ResponseWriter, r *http.Request) {}\n"})
        for args in ((), ("--list",)):
            r = gt.gogen(root, *args)
            fails_with(t, "a file without a package clause (gogen %s)" % " ".join(args), r,
                       r"^gogen: api/x\.go:1: no package clause")


def test_no_overwrite(t):
    with gt.tempdir("overwrite") as root:
        project(root, {"Makefile": "all:\n\techo mine\n"})
        before = gt.snapshot(root, lambda p: False)
        for opt, name in (("-f", "api/index.go"), ("-f", "go.mod"), ("-m", "Makefile")):
            r = gt.gogen(root, opt, name)
            fails_with(t, "gogen %s %s" % (opt, name), r,
                       r"^gogen: %s: exists and was not written by gogen" % re.escape(name))
        diff = gt.snapshot_diff(before, gt.snapshot(root, lambda p: False))
        t.check("-f/-m refusals left every file as it was", not diff, str(diff))
        r = gt.gogen(root)
        r2 = gt.gogen(root)
        t.check("gogen replaces its own build.ninja", r.rc == 0 and r2.rc == 0,
                r.describe() + r2.describe())


def test_build_dir(t):
    for value, pattern in (("/", "must be a folder inside the root"),
                           (".", "must be a folder inside the root"),
                           ("../out", "must be a folder inside the root"),
                           ("api", "holds files gogen did not make")):
        with gt.tempdir("builddir") as root:
            project(root, {"gogen.ini": "[gogen]\nbuild_dir = %s\n" % value})
            r = gt.gogen(root)
            fails_with(t, "gogen.ini build_dir = %s" % value, r, pattern)
    with gt.tempdir("builddir") as root:
        project(root, {"gogen.ini": "[gogen]\nbuild_dir = out/build\n"})
        r = gt.gogen(root)
        r2 = gt.ninja(root)
        t.check("build_dir = out/build works", r.rc == 0 and r2.rc == 0 and
                os.path.isdir(os.path.join(root, "out/build/fn")), r.describe() + r2.describe())


def test_mod_mod(t):
    """GOFLAGS=-mod=mod must not let go build edit the user's go.mod."""
    with gt.tempdir("modmod") as root:
        project(root, {
            "go.mod": GO_MOD + "\nreplace example.com/lib => ./lib\n",
            "lib/go.mod": "module example.com/lib\n\ngo 1.21\n",
            "lib/lib.go": "package lib\n\nfunc V() string { return \"lib\" }\n",
            "api/index.go": ('package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n\n'
                             '\t"example.com/lib"\n)\n\n'
                             "func H(w http.ResponseWriter, r *http.Request) "
                             "{ fmt.Fprint(w, lib.V()) }\n")})
        with open(os.path.join(root, "go.mod")) as f:
            gomod = f.read()
        env = gt.base_env(GOFLAGS="-mod=mod")
        gt.gogen(root, env=env)
        r = gt.ninja(root, env=env)
        with open(os.path.join(root, "go.mod")) as f:
            after = f.read()
        t.check("GOFLAGS=-mod=mod: go.mod is left as it was", after == gomod,
                "before:\n%s\nafter:\n%s\n%s" % (gomod, after, r.describe()))
        t.check("GOFLAGS=-mod=mod: gogen says it builds with -mod=readonly",
                "-mod=readonly" in r.out + r.err, r.describe())


def test_empty(t):
    for label, files in (("an empty tree", {}),
                 ("a module without api/", {"go.mod": GO_MOD,
                            "main.go": "package main\n\nfunc main() {}\n"}),
                 ("api/ with no handler", {"go.mod": GO_MOD,
                               "api/util.go": "package handler\n\n"
                               "func util() int { return 1 }\n"})):
        with gt.tempdir("empty") as root:
            gt.write_tree(root, files)
            r = gt.gogen(root)
            t.check("%s: gogen exits 0 and writes build.ninja" % label,
                r.rc == 0 and os.path.isfile(os.path.join(root, "build.ninja")),
                r.describe())
            funcs, why = gt.list_functions(root)
            t.check("%s: --list --json is []" % label, funcs == [], why or str(funcs))
            n = gt.ninja(root)
            t.check("%s: ninja accepts it and builds nothing" % label,
                n.rc == 0 and "no work to do" in n.out, n.describe())
            found = [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
                 if f == "bootstrap"]
            t.check("%s: no binary appears" % label, not found, str(found))


def test_flags_quote(t):
    bad = "-ldflags '-s -w"
    with gt.tempdir("flags-env") as root:
        project(root)
        r = gt.gogen(root, env=gt.base_env(GO_BUILD_FLAGS=bad))
        fails_with(t, "GO_BUILD_FLAGS (environment) with an unbalanced quote", r,
               r"^gogen: .*GO_BUILD_FLAGS.*environment.*")
        t.check("GO_BUILD_FLAGS (environment) with an unbalanced quote: says what is wrong",
            re.search(r"quote|unterminated|unbalanced", r.err, re.I), r.describe())
    with gt.tempdir("flags-vercel") as root:
        project(root, {"vercel.json": '{\n  "build": {\n    "env": {\n'
                   '      "GO_BUILD_FLAGS": "-ldflags \\"-s -w"\n    }\n  }\n}\n'})
        r = gt.gogen(root)
        fails_with(t, "vercel.json GO_BUILD_FLAGS with an unbalanced quote", r,
               r"^gogen: (\./)?vercel\.json:4: .*GO_BUILD_FLAGS")
    with gt.tempdir("flags-ini") as root:
        project(root, {"gogen.ini": "go_build_flags = %s\n" % bad})
        r = gt.gogen(root)
        fails_with(t, "gogen.ini go_build_flags with an unbalanced quote", r,
               r"^gogen: .*gogen\.ini.*go_build_flags")


def build_and_ask(t, label, root, env, want=None):
    """gogen then ninja with env; if want, asks /api for it. Returns the
    ninja Result (None when gogen failed)."""
    r = gt.gogen(root, env=env)
    if not t.check("%s: gogen accepts the flags" % label, r.rc == 0, r.describe()):
        return None
    n = gt.ninja(root, env=env)
    if want is not None:
        t.check("%s: ninja succeeds" % label, n.rc == 0, n.describe())
        problems = gt.probe(gt.bootstrap_path(root, ".", "/api"), {"path": "/api",
                                       "contains": want})
        t.check("%s: the function answers %r" % (label, want), not problems,
            "\n".join(problems))
    return n


def test_flags_words(t):
    # go receives the quoted words as words: -X "main.v=two words".
    with gt.tempdir("words") as root:
        project(root, {"api/index.go": V_HANDLER})
        env = gt.base_env(GO_BUILD_FLAGS="-ldflags '-X \"main.v=two words\"'")
        build_and_ask(t, "GO_BUILD_FLAGS with quoted words", root, env, "v=[two words]")

    # $(...), backquotes and $VAR reach go literally: no shell expands them.
    with gt.tempdir("subst") as root:
        pwned = os.path.join(root, "pwned")
        project(root, {"api/index.go": V_HANDLER})
        value = "$(touch %s)`touch %s`$HOME" % (pwned, pwned)
        env = gt.base_env(GO_BUILD_FLAGS="-ldflags '-X \"main.v=%s\"'" % value)
        build_and_ask(t, "GO_BUILD_FLAGS with $(...) and backquotes", root, env,
                  "v=[%s]" % value)
        t.check("GO_BUILD_FLAGS with $(...) and backquotes: nothing ran",
            not os.path.exists(pwned), "%s was created" % pwned)

    # "; touch FILE" after the flags: the words go to go build, which
    # refuses them (or builds); no shell ever sees them.
    for source in ("environment", "vercel.json"):
        with gt.tempdir("inject") as root:
            pwned = os.path.join(root, "pwned")
            flags = "-ldflags '-X \"main.v=two words\"'; touch %s" % pwned
            label = "GO_BUILD_FLAGS (%s) with '; touch FILE'" % source
            env = gt.base_env()
            extra = {"api/index.go": V_HANDLER}
            if source == "environment":
                env["GO_BUILD_FLAGS"] = flags
            else:
                extra["vercel.json"] = json.dumps({"build": {"env": {
                    "GO_BUILD_FLAGS": flags}}}, indent=2) + "\n"
            project(root, extra)
            n = build_and_ask(t, label, root, env)
            t.check("%s: the file is never created" % label, not os.path.exists(pwned),
                "%s was created\n%s" % (pwned, n.describe() if n else ""))
            if n is not None:
                shellish = re.search(r"(^|\n)(/bin/)?(ba|da)?sh: ", n.text)
                t.check("%s: go build got the words (succeeds or fails with go's message)"
                    % label, n.rc == 0 or (not shellish and re.search(
                        r"(^|\n)(go: |.*malformed|.*cannot find|.*not in std|"
                        r".*named files)", n.text)), n.describe())


def body(t):
    for test in (test_vercel_json, test_go_mod, test_unreadable, test_usage, test_same_route,
                 test_dynamic_route, test_no_package, test_no_overwrite, test_build_dir,
                 test_mod_mod, test_empty, test_flags_quote, test_flags_words):
        try:
            test(t)
        except Exception:
            import traceback
            t.check("%s ran to its end" % test.__name__, False, traceback.format_exc())


if __name__ == "__main__":
    gt.main("error handling", body)
