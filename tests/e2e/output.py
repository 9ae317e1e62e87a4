#!/usr/bin/env python3
"""output.py - the Build Output API v3 files beside the binaries.

A project with a static, a dynamic and a catch-all function and a
vercel.json "functions" entry: config.json says version 3 and routes the
dynamic segments with the platform's regexes (checked by applying them);
each .vc-config.json names provided.al2023, bootstrap, the architecture
(x86_64, then arm64 with gogen -a arm64, where the binary is an aarch64
ELF file) and memory/maxDuration from vercel.json; includeFiles are copied
beside bootstrap without the excludeFiles, an edited one is copied again
and nothing else relinks, and the function reads it at run time; deleting
a handler removes its .func folder.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

PAGE = '''package handler

import (
	"net/http"
	"os"
)

// Page answers with a template copied beside the binary by includeFiles.
func Page(w http.ResponseWriter, r *http.Request) {
	b, err := os.ReadFile("templates/mail/welcome.html")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	w.Write(b)
}
'''

ECHO = '''package handler

import (
	"fmt"
	"net/http"
)

func Echo(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.URL.Query().Encode()) }
'''

VERCEL = {"functions": {
    "api/page.go": {"memory": 512, "maxDuration": 10,
                    "includeFiles": ["templates/**/*.html", "data/*.json"],
                    "excludeFiles": "data/secret.json"}}}


def read_json(path):
    with open(path) as f:
        return json.load(f)


def func_dir(root, route):
    return os.path.join(root, ".vercel/output/functions", route.lstrip("/") + ".func")


def check_routes(t, root):
    cfg = read_json(os.path.join(root, ".vercel/output/config.json"))
    t.check("config.json has version 3", cfg.get("version") == 3, json.dumps(cfg))
    routes = cfg.get("routes", [])
    t.check("config.json routes start with the filesystem",
            routes[:1] == [{"handle": "filesystem"}], json.dumps(routes))
    # The routes that rewrite before the miss phase: the dynamic segments.
    main_phase = routes[:next((i for i, r in enumerate(routes) if r.get("handle") == "miss"),
                              len(routes))]
    dyn = [r for r in main_phase if "src" in r and "dest" in r]
    t.check("dynamic routes are checked against the files (check: true)",
            dyn and all(r.get("check") is True for r in dyn), json.dumps(dyn))
    t.check("anything else under /api is a 404 before the miss phase",
            {"src": "^/api(/.*)?$", "status": 404} in main_phase, json.dumps(routes))

    def dest(path):
        for r in dyn:
            m = re.match(r["src"], path)
            if m:
                return m.expand(r["dest"].replace("$", "\\"))
        return None

    want = {"/api/items/42": "/api/items/[id]?id=42",
            "/api/docs/a/b": "/api/docs/[...slug]?slug=a/b",
            "/api/items/42/x": None}
    for path, d in want.items():
        t.check("config.json routes %s to %s" % (path, d), dest(path) == d,
                "got %s from %s" % (dest(path), json.dumps(dyn)))


def check_vc(t, root, arch):
    vc = read_json(os.path.join(func_dir(root, "/api/page"), ".vc-config.json"))
    t.check(".vc-config.json of api/page (%s)" % arch,
            vc.get("runtime") == "provided.al2023" and vc.get("handler") == "bootstrap" and
            vc.get("runtimeLanguage") == "go" and vc.get("environment") == {} and
            vc.get("architecture") == arch and vc.get("memory") == 512 and
            vc.get("maxDuration") == 10 and vc.get("supportsWrapper") is True, json.dumps(vc))
    other = read_json(os.path.join(func_dir(root, "/api/items/[id]"), ".vc-config.json"))
    t.check("a function without settings has no memory or maxDuration",
            "memory" not in other and "maxDuration" not in other, json.dumps(other))


def body(t):
    with gt.tempdir("output") as root:
        gt.write_tree(root, {
            "go.mod": "module example.com/out\n\ngo 1.21\n",
            "vercel.json": json.dumps(VERCEL),
            "api/page.go": PAGE,
            "api/items/[id].go": ECHO,
            "api/docs/[...slug].go": ECHO,
            "api/templates/mail/welcome.html": "<p>welcome</p>\n",
            "api/data/a.json": "{}\n",
            "api/data/secret.json": "{\"secret\": 1}\n",
            "api/templates/.hidden.html": "<p>hidden</p>\n",
        })
        r = gt.gogen(root)
        t.check("gogen succeeds", r.rc == 0, r.describe())
        r = gt.ninja(root)
        t.check("ninja succeeds", r.rc == 0, r.describe())
        check_routes(t, root)
        check_vc(t, root, "x86_64")
        page = func_dir(root, "/api/page")
        copied = sorted(os.path.relpath(os.path.join(d, f), page)
                        for d, _, fs in os.walk(page) for f in fs)
        t.check("includeFiles are copied beside bootstrap, excludeFiles left out",
                copied == [".vc-config.json", "bootstrap", "data/a.json",
                           "templates/.hidden.html", "templates/mail/welcome.html"],
                str(copied))
        binary = os.path.join(page, "bootstrap")
        t.check("the function reads its included file",
                not gt.probe(binary, {"path": "/api/page", "contains": "welcome"}))
        before = gt.mtimes([binary])
        gt.edit_later(os.path.join(root, "api/templates/mail/welcome.html"), "<p>v2</p>\n")
        r = gt.ninja(root)
        t.check("an edited included file is copied again, the binary left alone",
                r.rc == 0 and "COPY" in r.out and gt.mtimes([binary]) == before, r.describe())
        t.check("... and served", not gt.probe(binary, {"path": "/", "contains": "v2"}))
        r = gt.ninja(root)
        t.check("then ninja has no work to do", "no work to do" in r.out, r.describe())

        os.remove(os.path.join(root, "api/docs/[...slug].go"))
        r = gt.ninja(root)
        t.check("deleting a handler removes its .func folder", r.rc == 0 and
                not os.path.exists(func_dir(root, "/api/docs/[...slug]")), r.describe())

        r = gt.gogen(root, "-a", "arm64")
        r2 = gt.ninja(root)
        t.check("gogen -a arm64 && ninja succeed", r.rc == 0 and r2.rc == 0,
                r.describe() + r2.describe())
        check_vc(t, root, "arm64")
        with open(binary, "rb") as f:
            head = f.read(20)
        # ELF e_machine 183 is AArch64.
        t.check("the arm64 binary is an aarch64 ELF file",
                head[:4] == b"\x7fELF" and int.from_bytes(head[18:20], "little") == 183,
                repr(head))


gt.main("Build Output API files", body)
