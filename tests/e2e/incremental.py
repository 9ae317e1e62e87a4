#!/usr/bin/env python3
"""incremental.py - ninja rebuilds what a change touches and nothing else.

Builds a generated project of 20 functions (10 in api/, package handler,
sharing the helper api/helper.go; 10 in api/v2/, package v2; 5 of the 20,
3 in api/ and 2 in api/v2/, import the module's internal/shared), then
changes one thing at a time and checks which binaries ninja relinks, by
their modification times:
  (a) a second ninja has no work to do;
  (b) editing one handler relinks exactly that function;
  (c) editing internal/shared relinks exactly its 5 importers;
  (g) editing api/helper.go relinks the 10 functions of api/ only;
  (f) a compile error fails ninja with the user's ./file.go:LINE:COL,
      ninja -k 0 still builds the others, and fixing it builds again;
  (d) a new handler file is built by plain ninja, no gogen run needed;
  (e) a deleted handler is no longer a target.
"""

import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

MODULE = "example.com/incr"
SHARED_USERS = {"api/h01", "api/h02", "api/h03", "api/v2/w01", "api/v2/w02"}


def handler_text(pkg, fname, tag, uses_shared, uses_helper):
    imports = ['"fmt"', '"net/http"']
    if uses_shared:
        imports.append('"%s/internal/shared"' % MODULE)
    parts = ['"%s"' % tag]
    if uses_shared:
        parts.append("shared.Word()")
    if uses_helper:
        parts.append("helper()")
    return ("package %s\n\nimport (\n\t%s\n)\n\n"
        "func %s(w http.ResponseWriter, r *http.Request) {\n"
        "\tfmt.Fprintln(w, %s)\n}\n") % (pkg, "\n\t".join(imports), fname, ", ".join(parts))


def handler_files():
    """{target: (path, text)} for the 20 functions."""
    out = {}
    for i in range(1, 11):
        # Half the handlers share the name Handler, as in real projects.
        fname = "Handler" if i % 2 else "Serve%02d" % i
        name = "api/h%02d" % i
        out[name] = (name + ".go", handler_text("handler", fname, "h%02d-v1" % i,
                              name in SHARED_USERS, True))
    for i in range(1, 11):
        name = "api/v2/w%02d" % i
        out[name] = (name + ".go", handler_text("v2", "Handler", "w%02d-v1" % i,
                              name in SHARED_USERS, False))
    return out


def project_files():
    files = {
        "go.mod": "module %s\n\ngo 1.21\n" % MODULE,
        "internal/shared/shared.go":
            "package shared\n\n// Word is used by five of the functions.\n"
            "func Word() string { return \"shared-v1\" }\n",
        "api/helper.go":
            "package handler\n\n// helper is used by every function of api/.\n"
            "func helper() string { return \"helper-v1\" }\n",
    }
    for path, text in handler_files().values():
        files[path] = text
    return files


class Project:
    def __init__(self, t, root):
        self.t, self.root = t, root
        self.targets = sorted(handler_files())

    def binary(self, target):
        return gt.bootstrap_path(self.root, ".", "/" + target)

    def times(self):
        return gt.mtimes([self.binary(x) for x in self.targets])

    def ninja(self, *args):
        return gt.ninja(self.root, *args)

    def relinked(self, label, change, want, ninja_args=(), want_ok=True):
        """Applies change(), runs ninja and checks that exactly the
        targets in want got a new binary. Returns the ninja Result."""
        before = self.times()
        change()
        r = self.ninja(*ninja_args)
        after = self.times()
        ok = (r.rc == 0) == want_ok
        self.t.check("%s: ninja %s" % (label, "succeeds" if want_ok else "fails"), ok,
                 r.describe())
        got = {x for x in self.targets if after[self.binary(x)] != before[self.binary(x)]}
        missing = [x for x in self.targets if after[self.binary(x)] is None]
        self.t.check("%s: relinks exactly %s" % (label, describe_set(want)),
                 got == set(want) and not missing,
                 "relinked: %s\nmissing binaries: %s\n%s" % (
                     sorted(got), missing, r.describe()))
        return r

    def no_work(self, label):
        r = self.ninja()
        self.t.check("%s: then ninja has no work to do" % label,
                 r.rc == 0 and "ninja: no work to do." in r.out, r.describe())

    def answers(self, label, target, text):
        problems = gt.probe(self.binary(target), {"path": "/" + target, "contains": text})
        self.t.check("%s: %s answers %r" % (label, target, text), not problems,
                 "\n".join(problems))


def describe_set(s):
    s = sorted(s)
    if len(s) <= 3:
        return "{%s}" % ", ".join(s)
    return "the %d functions {%s, ..., %s}" % (len(s), s[0], s[-1])


def body(t):
    with gt.tempdir("incremental") as root:
        gt.write_tree(root, project_files())
        p = Project(t, root)
        r = gt.gogen(root)
        if not t.check("gogen writes build.ninja for 20 functions", r.rc == 0, r.describe()):
            return
        funcs, why = gt.list_functions(root)
        t.check("gogen --list --json reports 20 functions", funcs is not None and
            len(funcs) == 20, why or json.dumps(funcs, indent=1))
        r = p.ninja()
        t.check("the first ninja succeeds", r.rc == 0, r.describe())
        missing = [x for x in p.targets if not os.path.isfile(p.binary(x))]
        if not t.check("the first ninja builds 20 binaries", not missing,
                   "missing: %s" % missing):
            return
        p.answers("first build", "api/h01", "h01-v1 shared-v1 helper-v1")
        p.answers("first build", "api/v2/w10", "w10-v1")

        # (a)
        r = p.ninja()
        t.check("(a) a second ninja prints 'ninja: no work to do.'",
            r.rc == 0 and "ninja: no work to do." in r.out, r.describe())

        # (b)
        files = handler_files()
        path, text = files["api/h07"]
        p.relinked("(b) editing api/h07.go",
               lambda: gt.edit_later(os.path.join(root, path), text.replace("-v1", "-v2")),
               {"api/h07"})
        p.answers("(b)", "api/h07", "h07-v2")
        p.no_work("(b)")

        # (c)
        shared = os.path.join(root, "internal/shared/shared.go")
        p.relinked("(c) editing internal/shared/shared.go",
               lambda: gt.edit_later(shared, project_files()["internal/shared/shared.go"]
                         .replace("shared-v1", "shared-v2")),
               SHARED_USERS)
        p.answers("(c)", "api/v2/w02", "w02-v1 shared-v2")
        p.no_work("(c)")

        # (g)
        helper = os.path.join(root, "api/helper.go")
        api_targets = {x for x in p.targets if x.startswith("api/h")}
        p.relinked("(g) editing the helper api/helper.go",
               lambda: gt.edit_later(helper, project_files()["api/helper.go"]
                         .replace("helper-v1", "helper-v2")),
               api_targets)
        p.answers("(g)", "api/h04", "h04-v1 helper-v2")
        p.no_work("(g)")

        # (f): break api/h05.go and, in the same step, edit the helper so
        # that the nine other functions of api/ have work to do too.
        h05 = os.path.join(root, "api/h05.go")
        good05 = open(h05, encoding="utf-8").read()
        lines = good05.split("\n")
        body_line = next(i for i, ln in enumerate(lines) if ln.startswith("\tfmt.Fprintln"))
        lines.insert(body_line, "\tundefinedThing()")
        bad05 = "\n".join(lines)
        want_loc = "./h05.go:%d:2" % (body_line + 1)

        def break_it():
            gt.edit_later(h05, bad05)
            gt.write_file(helper, project_files()["api/helper.go"]
                      .replace("helper-v1", "helper-v3"))
        r = p.relinked("(f) a compile error in api/h05.go, ninja -k 0", break_it,
                   api_targets - {"api/h05"}, ninja_args=("-k", "0"), want_ok=False)
        t.check("(f) the error names the user's file as %s" % want_loc,
            re.search(re.escape(want_loc) + r":.*undefined: undefinedThing", r.text),
            r.describe())
        t.check("(f) the error shows no overlay or build-folder path",
            ".gogen/" not in "\n".join(ln for ln in r.text.split("\n")
                          if "undefinedThing" in ln), r.describe())
        p.answers("(f)", "api/h06", "h06-v1 helper-v3")
        r = p.ninja()
        t.check("(f) plain ninja still fails while the error is there", r.rc != 0, r.describe())
        p.relinked("(f) fixing api/h05.go", lambda: gt.edit_later(h05, good05), {"api/h05"})
        p.answers("(f) fixed", "api/h05", "h05-v1 helper-v3")
        p.no_work("(f)")

        # (d)
        new = "api/v2/w11"
        gt.edit_later(os.path.join(root, new + ".go"),
                  handler_text("v2", "Handler", "w11-v1", False, False))
        before = p.times()
        r = p.ninja()
        t.check("(d) after adding api/v2/w11.go, plain ninja succeeds", r.rc == 0,
            r.describe())
        t.check("(d) ... and builds it", os.path.isfile(p.binary(new)), r.describe())
        after = p.times()
        changed = [x for x in p.targets if after[p.binary(x)] != before[p.binary(x)]]
        # A new handler file is no helper: the folder's other functions do
        # not compile it (they do not use it), so nothing else relinks.
        t.check("(d) ... and relinks no other function", not changed,
                "relinked: %s" % ", ".join(changed))
        count = sum(os.path.isfile(p.binary(x)) for x in p.targets + [new])
        t.check("(d) 21 binaries now", count == 21, "found %d" % count)
        p.answers("(d)", new, "w11-v1")
        p.no_work("(d)")

        # (h) a new helper file in api/v2 is compiled into each function of
        # that package, so exactly those relink.
        all21 = p.targets + [new]
        before = gt.mtimes([p.binary(x) for x in all21])
        gt.edit_later(os.path.join(root, "api/v2/extra.go"),
                      "package v2\n\nfunc extra() int { return 1 }\n")
        r = p.ninja()
        after = gt.mtimes([p.binary(x) for x in all21])
        changed = {x for x in all21 if after[p.binary(x)] != before[p.binary(x)]}
        want = {x for x in all21 if x.startswith("api/v2/")}
        t.check("(h) a new helper in api/v2 relinks exactly the api/v2 functions",
                r.rc == 0 and changed == want,
                "relinked %s\nwanted %s\n%s" % (sorted(changed), sorted(want), r.describe()))
        p.no_work("(h)")

        # (e)
        gone = "api/h09"
        time.sleep(1.05)
        os.remove(os.path.join(root, gone + ".go"))
        r = p.ninja()
        t.check("(e) after deleting api/h09.go, ninja succeeds", r.rc == 0, r.describe())
        funcs, why = gt.list_functions(root)
        t.check("(e) gogen --list --json reports 20 functions without it",
            funcs is not None and len(funcs) == 20 and
            not any(f.get("target") == gone or f.get("source") == gone + ".go"
                for f in funcs), why or json.dumps(funcs, indent=1))
        r = p.ninja("-t", "targets", "all")
        t.check("(e) ninja -t targets all does not mention it",
            r.rc == 0 and not re.search(r"(^|[/ ])h09\b", r.out, re.M), r.describe())
        stale = gt.bootstrap_path(root, ".", "/" + gone)
        t.check("(e) its .func folder is gone from the output",
                not os.path.exists(os.path.dirname(stale)), stale)
        p.no_work("(e)")

        # (i) a handler whose name a depfile cannot spell (a quote): an edit
        # must still relink it (gogen names it through a link).
        odd = "api/v2/it's"
        gt.edit_later(os.path.join(root, odd + ".go"),
                      handler_text("v2", "Handler", "quote-v1", False, False))
        r = p.ninja()
        binary = gt.bootstrap_path(root, ".", "/" + odd)
        t.check("(i) a handler named it's.go builds", r.rc == 0 and os.path.isfile(binary),
                r.describe())
        p.no_work("(i)")
        before = gt.mtimes([binary])
        gt.edit_later(os.path.join(root, odd + ".go"),
                      handler_text("v2", "Handler", "quote-v2", False, False))
        r = p.ninja()
        t.check("(i) editing it relinks it", r.rc == 0 and gt.mtimes([binary]) != before,
                r.describe())
        t.check("(i) ... and it answers the new text",
                not gt.probe(binary, {"path": "/", "contains": "quote-v2"}))


if __name__ == "__main__":
    gt.main("incremental builds", body)
