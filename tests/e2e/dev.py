#!/usr/bin/env python3
"""dev.py - the local development server: ninja dev and gogen dev.

Builds a repository of two projects (the root, with static, index,
[id], [year] and catch-all routes, a function that echoes a POST and one
whose init panics; and apps/web with one function), then:
  - ninja dev builds every function and the server, and a second ninja dev
    has nothing to do; routes.json tries dynamic routes in config.json's
    order;
  - gogen dev without a project, with two projects, fails naming both;
  - gogen dev . serves the root project on 127.0.0.1:$PORT with the
    platform's routing: /api, /api/index, /api/index.go, /api/users,
    /api/users.go, [id] and catch-all segments in the query, more literal
    routes first, 404 for unknown paths; POST bodies, request and response
    headers and status pass through, no Content-Type is made up; a function
    that cannot start gets a 502 with its output;
  - an edited handler, after ninja dev, answers with its new text from a
    new process; a handler added, after ninja dev, is served without a
    restart of the server;
  - gogen dev apps/web serves the other project;
  - SIGTERM stops the server and every function process it started.
Everything listens on 127.0.0.1; every wait is bounded, and every process
started is killed at the end, whatever happened.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

READY_TIMEOUT = 120  # gogen dev runs ninja dev before it listens

HANDLER = """package %s

import (
	"fmt"
	"net/http"
)

func %s(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s path=%%s id=%%s year=%%s slug=%%s x=%%s host=%%s\\n", r.URL.Path,
		r.URL.Query().Get("id"), r.URL.Query().Get("year"), r.URL.Query().Get("slug"),
		r.URL.Query().Get("x"), r.Host)
}
"""

ECHO = """package echo

import (
	"io"
	"net/http"
)

func Echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("X-Echo", r.Header.Get("X-In"))
	w.Header().Add("X-Multi", "one")
	w.Header().Add("X-Multi", "two")
	w.WriteHeader(201)
	w.Write([]byte("method=" + r.Method + " body=" + string(body)))
}
"""

BROKEN = """package broken

import "net/http"

func init() { panic("boom at init") }

func Broken(w http.ResponseWriter, r *http.Request) {}
"""


def handler(pkg, name, tag):
    return HANDLER % (pkg, name, tag)


def tree():
    return {
        "go.mod": "module example.com/devtest\n\ngo 1.21\n",
        "api/index.go": handler("handler", "Index", "index"),
        "api/users.go": handler("handler", "Users", "users-v1"),
        "api/users/[id].go": handler("users", "User", "user"),
        "api/blog/[...slug].go": handler("blog", "Post", "blog-slug"),
        "api/blog/[year]/index.go": handler("year", "Year", "blog-year"),
        "api/blog/latest.go": handler("blog", "Latest", "blog-latest"),
        "api/echo/index.go": ECHO,
        "api/broken/index.go": BROKEN,
        "apps/web/vercel.json": "{}\n",
        "apps/web/api/hello.go": handler("handler", "Hello", "web-hello"),
    }


class DevServer(gt.Process):
    """gogen dev [args] on a free port, its output in a log file."""

    ready_timeout = READY_TIMEOUT

    def __init__(self, root, *args):
        port = gt.free_port()
        env = gt.base_env(PORT=str(port))
        super().__init__([gt.gogen_path(), "dev"] + list(args), root, env, port)
        self.children = set()

    def started(self):
        """{source: [pid, ...]} of the functions the server says it started."""
        out = {}
        for m in re.finditer(r"started (\S+) \(pid (\d+),", self.output()):
            out.setdefault(m.group(1), []).append(int(m.group(2)))
            self.children.add(int(m.group(2)))
        return out

    def request(self, method, target, body=None, headers=None):
        """(status, {lower-case name: [values]}, body text)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=gt.REQUEST_TIMEOUT * 2)
        try:
            c.request(method, target, body=body, headers=headers or {})
            r = c.getresponse()
            hdrs = {}
            for k, v in r.getheaders():
                hdrs.setdefault(k.lower(), []).append(v)
            return r.status, hdrs, r.read().decode("utf-8", "replace")
        finally:
            c.close()

    def kill_all(self):
        """Kills the server and every function it started (each leads its
        own process group), whatever state they are in."""
        self.started()
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(gt.STOP_TIMEOUT)
        for pid in self.children:
            if gt.alive(pid):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
        self.log.close()


def check_get(t, s, target, status, contains=(), label=None):
    try:
        got, hdrs, text = s.request("GET", target)
    except (OSError, http.client.HTTPException) as e:
        t.check(label or "GET %s" % target, False, "%r\n--- server output\n%s" % (e, s.output()))
        return None
    problems = []
    if got != status:
        problems.append("status %d, want %d" % (got, status))
    for c in ([contains] if isinstance(contains, str) else contains):
        if c not in text:
            problems.append("body lacks %r" % c)
    t.check(label or "GET %s answers %d %s" % (target, status, " ".join(
        [contains] if isinstance(contains, str) else contains)), not problems,
        "\n".join(problems) + "\nbody: %r\n--- server output\n%s" % (text, s.output()[-4000:]))
    return text


def check_build(t, root):
    r = gt.gogen(root)
    if not t.check("gogen writes build.ninja", r.rc == 0, r.describe()):
        return False
    r = gt.ninja(root, "dev")
    if not t.check("ninja dev builds every function and the server", r.rc == 0 and
                   os.path.isfile(os.path.join(root, ".gogen/dev/server")) and
                   "GO dev server" in r.out, r.describe()):
        return False
    r = gt.ninja(root, "dev")
    t.check("a second ninja dev has no work to do", r.rc == 0 and
            "ninja: no work to do." in r.out, r.describe())
    funcs, why = gt.list_functions(root)
    missing = [f["output"] for f in funcs or [] if not os.path.isfile(
        os.path.join(root, f["output"]))]
    t.check("ninja dev built all %d functions" % len(funcs or []),
            funcs is not None and len(funcs) == 9 and not missing, why or missing)
    with open(os.path.join(root, ".gogen/dev/routes.json")) as f:
        routes = json.load(f)
    with open(os.path.join(root, ".vercel/output/config.json")) as f:
        config = json.load(f)
    mine = [fn["src"] for p in routes["projects"] if p["dir"] == "."
            for fn in p["functions"] if "src" in fn]
    # config.json's dynamic-segment routes: those that rewrite to a function
    # with its query (the fixed 404 and miss-phase routes are not functions).
    theirs = [r["src"] for r in config["routes"] if "?" in r.get("dest", "")]
    t.check("routes.json tries dynamic routes in config.json's order", mine == theirs,
            "routes.json: %s\nconfig.json: %s" % (mine, theirs))
    t.check("routes.json lists the two projects", sorted(p["dir"] for p in routes["projects"])
            == [".", "apps/web"], json.dumps(routes, indent=1))
    return True


def check_routing(t, s):
    host = "host=127.0.0.1:%d" % s.port
    check_get(t, s, "/api", 200, ["index path=/api ", host],
              "GET /api: the index file, with the Host the client asked for")
    check_get(t, s, "/api/index", 200, "index path=/api/index ")
    check_get(t, s, "/api/index.go", 200, "index path=/api/index.go ")
    check_get(t, s, "/api/users", 200, "users-v1 path=/api/users ")
    check_get(t, s, "/api/users.go", 200, "users-v1 path=/api/users.go ")
    check_get(t, s, "/api/users?x=5", 200, ["users-v1", "x=5 "])
    check_get(t, s, "/api/users/", 200, "users-v1 path=/api/users/ ")
    check_get(t, s, "/api/users/7", 200, "user path=/api/users/7 id=7 ")
    check_get(t, s, "/api/users/7?x=9", 200, ["id=7 ", "x=9 "])
    check_get(t, s, "/api/users/a%20b", 200, "id=a b ")
    check_get(t, s, "/api/blog/a/b/c", 200, "blog-slug path=/api/blog/a/b/c id= year= slug=a/b/c ")
    check_get(t, s, "/api/blog/2024", 200, "blog-year path=/api/blog/2024 id= year=2024 ",
              "GET /api/blog/2024: [year] wins over [...slug]")
    check_get(t, s, "/api/blog/latest", 200, "blog-latest",
              "GET /api/blog/latest: a static route wins over dynamic ones")
    check_get(t, s, "/api/blog/2024/05", 200, "slug=2024/05 ")
    check_get(t, s, "/api/nope", 404, "/api/nope")
    check_get(t, s, "/api/users/7/8", 404)
    check_get(t, s, "/", 404)
    check_get(t, s, "/api/hello", 404, (), "GET /api/hello: the other project's route is 404")

    try:
        status, hdrs, text = s.request("POST", "/api/echo", body=b"hello body",
                                       headers={"X-In": "from-client"})
        problems = []
        if status != 201:
            problems.append("status %d, want 201" % status)
        if text != "method=POST body=hello body":
            problems.append("body %r" % text)
        if hdrs.get("x-echo") != ["from-client"]:
            problems.append("X-Echo %r" % hdrs.get("x-echo"))
        if hdrs.get("x-multi") != ["one", "two"]:
            problems.append("X-Multi %r" % hdrs.get("x-multi"))
        if "content-type" in hdrs:
            problems.append("a Content-Type was made up: %r" % hdrs["content-type"])
    except (OSError, http.client.HTTPException) as e:
        problems = [repr(e)]
    t.check("POST /api/echo: body, headers and status pass through both ways", not problems,
            "\n".join(problems) + "\n--- server output\n" + s.output()[-4000:])

    check_get(t, s, "/api/broken", 502, ["api/broken/index.go", "boom at init"],
              "GET /api/broken: a function that cannot start is a 502 with its output")
    text = check_get(t, s, "/api/index", 200, "index",
                     "the server still serves after a function failed to start")
    return text is not None


def check_changes(t, root, s):
    before = s.started().get("api/users.go", [])
    gt.edit_later(os.path.join(root, "api/users.go"), handler("handler", "Users", "users-v2"))
    r = gt.ninja(root, "dev")
    t.check("after an edit, ninja dev rebuilds the function", r.rc == 0 and
            "GO api/users" in r.out, r.describe())
    check_get(t, s, "/api/users", 200, "users-v2 ",
              "GET /api/users: the edited handler answers, restarted")
    after = s.started().get("api/users.go", [])
    t.check("the rebuilt function runs in a new process and the old one is gone",
            len(before) == 1 and len(after) == 2 and after[1] != before[0] and
            not gt.alive(before[0]), "pids before %s, after %s\n%s" % (before, after, s.output()))

    gt.write_file(os.path.join(root, "api/added.go"), handler("handler", "Added", "added"))
    r = gt.ninja(root, "dev")
    t.check("a new handler: ninja dev reruns gogen and builds it", r.rc == 0, r.describe())
    check_get(t, s, "/api/added", 200, "added path=/api/added",
              "GET /api/added: served without restarting the server")


def check_stop(t, s):
    s.started()
    kids = set(gt.children_of(s.proc.pid))
    t.check("the functions run as the server's children", kids and kids <= s.children,
            "children %s, started %s" % (sorted(kids), sorted(s.children)))
    s.proc.send_signal(signal.SIGTERM)
    rc = s.wait_exit()
    t.check("SIGTERM stops the server", rc is not None, s.output()[-3000:])
    deadline = time.monotonic() + gt.STOP_TIMEOUT
    while time.monotonic() < deadline and any(gt.alive(p) for p in s.children | kids):
        time.sleep(0.05)
    left = [p for p in s.children | kids if gt.alive(p)]
    t.check("no function process outlives the server (%d started)" % len(s.children),
            s.children and not left, "still running: %s" % left)


def body(t):
    with gt.tempdir("dev") as root:
        gt.write_tree(root, tree())
        if not check_build(t, root):
            return

        s = DevServer(root)
        try:
            rc = s.wait_exit(gt.GOGEN_TIMEOUT)
            t.check("gogen dev with two projects and none named fails naming both",
                    rc not in (None, 0) and "apps/web" in s.output() and
                    re.search(r"name one of: \.", s.output()), s.output())
        finally:
            s.kill_all()

        s = DevServer(root, ".")
        try:
            if not t.check("gogen dev . listens on 127.0.0.1:$PORT", s.wait_ready(),
                           s.output()):
                return
            if check_routing(t, s):
                check_changes(t, root, s)
            check_stop(t, s)
        finally:
            s.kill_all()

        s = DevServer(root, "apps/web")
        try:
            if t.check("gogen dev apps/web listens", s.wait_ready(), s.output()):
                check_get(t, s, "/api/hello", 200, "web-hello path=/api/hello ",
                          "GET /api/hello: gogen dev apps/web serves that project")
                check_get(t, s, "/api/users", 404, (),
                          "GET /api/users: the root project's route is 404 there")
        finally:
            s.kill_all()


if __name__ == "__main__":
    gt.main("ninja dev and gogen dev: the local development server", body)
