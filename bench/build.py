#!/usr/bin/env python3
"""bench/build.py - build times of an N-function project (default 20) with
gogen and ninja, against a baseline measured in the same run:

  baseline   N plain `go build` runs, one per function, of the same handler
             code in a standalone main package (what any one-function-at-a-
             time builder must at least do), sequential, warm Go cache
  full       rm -rf the outputs and .gogen, then gogen && ninja (-j = cores)
  noop       a second ninja with nothing changed
  one        ninja after editing one handler

Prints medians of R runs and the ratios full/baseline, noop/full, one/full.
Everything stays on this machine; GOTOOLCHAIN=local, GOPROXY=off.

usage: python3 bench/build.py [--functions N] [--runs R] [--gogen PATH]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HANDLER = """package handler

import (
	"fmt"
	"net/http"
)

// H{i} answers with its number and the shared helper's text.
func H{i}(w http.ResponseWriter, r *http.Request) {{
	fmt.Fprintf(w, "%d %s {tag}", {i}, helper())
}}
"""

MAIN = """package main

import (
	"fmt"
	"net/http"
)

func helper() string {{ return "helper" }}

func H{i}(w http.ResponseWriter, r *http.Request) {{
	fmt.Fprintf(w, "%d %s", {i}, helper())
}}

func main() {{ http.ListenAndServe("127.0.0.1:0", http.HandlerFunc(H{i})) }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def run(cmd, cwd, env):
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--functions", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--gogen", default=os.path.join(here, "..", "gogen"))
    a = ap.parse_args()
    gogen = os.path.abspath(a.gogen)
    env = dict(os.environ, GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="")
    root = tempfile.mkdtemp(prefix="gogen-bench-build-")
    try:
        proj = os.path.join(root, "proj")
        write(os.path.join(proj, "go.mod"), "module example.com/b\n\ngo 1.21\n")
        write(os.path.join(proj, "api/helper.go"),
              'package handler\n\nfunc helper() string { return "helper" }\n')
        for i in range(a.functions):
            write(os.path.join(proj, "api/h%03d.go" % i), HANDLER.format(i=i, tag="v0"))
        base = os.path.join(root, "base")
        for i in range(a.functions):
            write(os.path.join(base, "f%03d/main.go" % i), MAIN.format(i=i))
        write(os.path.join(base, "go.mod"), "module example.com/base\n\ngo 1.21\n")

        def baseline():
            for i in range(a.functions):
                run(["go", "build", "-ldflags", "-s -w", "-o", "/dev/null",
                     "./f%03d" % i], base, env)

        def full():
            for d in (".gogen", ".vercel"):
                shutil.rmtree(os.path.join(proj, d), ignore_errors=True)
            run([gogen], proj, env)
            run(["ninja"], proj, env)

        def noop():
            run(["ninja"], proj, env)

        edits = [0]

        def one():
            edits[0] += 1
            write(os.path.join(proj, "api/h000.go"), HANDLER.format(i=0, tag="v%d" % edits[0]))
            run(["ninja"], proj, env)

        baseline()
        full()  # warm the Go build cache for both
        t_base = statistics.median(timed(baseline) for _ in range(a.runs))
        t_full = statistics.median(timed(full) for _ in range(a.runs))
        t_noop = statistics.median(timed(noop) for _ in range(a.runs))
        t_one = statistics.median(timed(one) for _ in range(a.runs))
        print("functions: %d, cores: %d" % (a.functions, os.cpu_count()))
        print("baseline (go build x N) : %8.0f ms" % (t_base * 1000))
        print("full gogen && ninja     : %8.0f ms   full/baseline = %.2f" %
              (t_full * 1000, t_full / t_base))
        print("no-op ninja             : %8.0f ms   noop/full     = %.3f" %
              (t_noop * 1000, t_noop / t_full))
        print("edit one handler, ninja : %8.0f ms   one/full      = %.3f" %
              (t_one * 1000, t_one / t_full))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
