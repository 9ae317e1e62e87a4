#!/usr/bin/env python3
"""bench/regen.py - how long gogen takes to regenerate build.ninja for a
repository of N functions (default 10,000), against baselines measured in
the same run on the same tree:

  cat      reading every .go file once (find | xargs cat > /dev/null)
  golist   `go list -e ./...` over the same module (the go command's own scan)

Prints the median of R runs (default 5) of each and the ratios. The tree is
made in a temporary folder: 100 packages of N/100 handler files each, every
package with a helper file, all in one module.

usage: python3 bench/regen.py [--functions N] [--runs R] [--gogen PATH]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HANDLER = """package {pkg}

import (
	"fmt"
	"net/http"
)

// H{i} answers with its own number.
func H{i}(w http.ResponseWriter, r *http.Request) {{
	fmt.Fprintf(w, "%d %s", {i}, helper())
}}
"""

HELPER = """package {pkg}

func helper() string {{ return "{pkg}" }}
"""


def make_tree(root, functions):
    with open(os.path.join(root, "go.mod"), "w") as f:
        f.write("module example.com/bench\n\ngo 1.22\n")
    per = max(1, functions // 100)
    made = 0
    pkg = 0
    while made < functions:
        name = "p%03d" % pkg
        d = os.path.join(root, "api", name)
        os.makedirs(d)
        with open(os.path.join(d, "helper.go"), "w") as f:
            f.write(HELPER.format(pkg=name))
        for _ in range(min(per, functions - made)):
            with open(os.path.join(d, "h%05d.go" % made), "w") as f:
                f.write(HANDLER.format(pkg=name, i=made))
            made += 1
        pkg += 1


def timed(cmd, cwd, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, shell=isinstance(cmd, str))
    return time.perf_counter() - t


def median(cmd, cwd, runs, env=None):
    timed(cmd, cwd, env)  # warm the page cache
    return statistics.median(timed(cmd, cwd, env) for _ in range(runs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--functions", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--gogen", default=os.path.join(here, "..", "gogen"))
    a = ap.parse_args()
    gogen = os.path.abspath(a.gogen)
    root = tempfile.mkdtemp(prefix="gogen-bench-")
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="", GOPROXY="off")
    try:
        make_tree(root, a.functions)
        subprocess.run([gogen], cwd=root, env=env, check=True, stderr=subprocess.DEVNULL)
        # The file is unchanged from here on: this is the no-change regeneration
        # that ninja runs when a folder's time changes.
        t_gogen = median([gogen], root, a.runs, env)
        t_cat = median("find api -name '*.go' -print0 | xargs -0 cat > /dev/null", root, a.runs)
        t_list = median(["go", "list", "-e", "./..."], root, a.runs, env)
        n = len(open(os.path.join(root, "build.ninja")).read().splitlines())
        print("functions: %d (build.ninja: %d lines)" % (a.functions, n))
        print("gogen regenerate : %8.1f ms" % (t_gogen * 1000))
        print("baseline cat     : %8.1f ms   gogen/cat    = %.2f" % (t_cat * 1000, t_gogen / t_cat))
        print("baseline go list : %8.1f ms   gogen/golist = %.2f" % (t_list * 1000,
                                                                      t_gogen / t_list))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
