#!/usr/bin/env python3
"""make.py - gogen -m composes with an existing Make build.

A project whose own Makefile includes the fragment gogen writes and makes
its "deploy" target depend on $(GOGEN_FUNCTIONS): one make run builds every
function through ninja; a second one relinks nothing; editing a handler
makes the next make rebuild just that function; paths Make cannot spell
(brackets) are left out of the variable with a warning, yet still built.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

HANDLER = ('package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n'
           'func Handler(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "%s") }\n')

MAKEFILE = ("include gogen.mk\n\n"
            "deploy: $(GOGEN_FUNCTIONS)\n"
            "\t@echo \"deploying $(words $^) functions\"\n"
            "\t@touch deploy\n")


def body(t):
    with gt.tempdir("make") as root:
        gt.write_tree(root, {
            "go.mod": "module example.com/mk\n\ngo 1.21\n",
            "api/index.go": HANDLER % "index",
            "api/users.go": HANDLER % "users",
            "api/[id].go": HANDLER % "item",
            "Makefile": MAKEFILE,
        })
        r = gt.gogen(root, "-m", "gogen.mk")
        t.check("gogen -m gogen.mk succeeds", r.rc == 0, r.describe())
        t.check("the fragment exists", os.path.isfile(os.path.join(root, "gogen.mk")))
        t.check("a bracket path is left out with a warning", "[id]" in r.err and
                "Make cannot name" in r.err, r.describe())
        r = gt.run(["make", "deploy"], root)
        t.check("make deploy builds through ninja", r.rc == 0 and
                "deploying 2 functions" in r.out, r.describe())
        outs = [gt.bootstrap_path(root, ".", x) for x in ("/api", "/api/users", "/api/[id]")]
        t.check("all three functions are built", all(os.path.isfile(o) for o in outs),
                r.describe())
        r = gt.run(["make", "deploy"], root)
        t.check("a second make deploy relinks nothing", r.rc == 0 and
                "no work to do" in r.out, r.describe())
        before = gt.mtimes(outs)
        gt.edit_later(os.path.join(root, "api/users.go"), HANDLER % "users-v2")
        r = gt.run(["make", "deploy"], root)
        after = gt.mtimes(outs)
        changed = [o for o in outs if before[o] != after[o]]
        t.check("after editing api/users.go, make deploy relinks exactly it",
                r.rc == 0 and changed == [outs[1]] and "deploying 2" in r.out,
                "changed: %s\n%s" % (changed, r.describe()))


gt.main("gogen -m: the Make fragment", body)
