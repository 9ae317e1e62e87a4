#!/usr/bin/env python3
"""lambda.py - the generated wrapper's runtime protocol, end to end.

Builds a small project with gogen and ninja, then runs its binaries:
  - in Lambda mode against a loopback Runtime API this script serves
    (lib/lambdaapi.py): the platform's events, API Gateway payload 2.0 and
    function URL events, binary and 6 MB bodies, multi-value headers,
    headers and status set late, empty bodies, panics, undecodable events,
    init errors, the exec wrapper, signals;
  - in local mode, checking that it answers exactly as Lambda mode does;
  - under the AWS Lambda Runtime Interface Emulator when aws-lambda-rie is
    installed ($GOGEN_RIE, PATH or $(go env GOPATH)/bin); otherwise those
    checks are skipped (counted as passed, with a note).
Also checks that the template only uses Go 1.16's standard library.
Python 3 standard library only; everything listens on 127.0.0.1.
"""

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402
import lambdaapi as la  # noqa: E402

MB6 = 6 * 1000 * 1000

KIT = r'''package handler

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
)

// pattern is size bytes of every value, not valid UTF-8.
func pattern(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i*7 + 3)
	}
	return b
}

func text(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = 'a' + byte(i%26)
	}
	return b
}

// Kit does what its "do" query parameter says; by default it describes
// the request it got.
func Kit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, err := strconv.Atoi(q.Get("size"))
	if err != nil {
		size = 256
	}
	h := w.Header()
	switch q.Get("do") {
	case "binary":
		h.Set("Content-Type", "application/octet-stream")
		w.Write(pattern(size))
	case "text":
		h.Set("Content-Type", "text/plain")
		w.Write(text(size))
	case "multi":
		h.Add("Set-Cookie", "a=1; Path=/")
		h.Add("Set-Cookie", "b=2; HttpOnly")
		h.Add("X-Multi", "one")
		h.Add("X-Multi", "two")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "multi")
	case "late":
		h.Set("X-Before", "1")
		w.WriteHeader(201)
		h.Set("X-After", "2")
		w.WriteHeader(418)
		io.WriteString(w, "late")
		h.Set("X-Very-Late", "3")
	case "empty":
	case "sniff":
		io.WriteString(w, "<html><body>what type am I?</body></html>")
	case "panic":
		h.Set("X-Lost", "1")
		io.WriteString(w, "lost")
		panic("handler boom")
	case "badstatus":
		w.WriteHeader(42)
	case "nocontent":
		w.WriteHeader(204)
		io.WriteString(w, "dropped")
	case "badlength":
		h.Set("Content-Length", "3")
		io.WriteString(w, "ten bytes!")
	case "flush":
		io.WriteString(w, "a")
		w.(http.Flusher).Flush()
		h.Set("X-After-Flush", "yes")
		io.WriteString(w, "b")
	default:
		body, _ := io.ReadAll(r.Body)
		sum := sha256.Sum256(body)
		_, hasDeadline := r.Context().Deadline()
		d := map[string]interface{}{
			"method": r.Method, "host": r.Host, "uri": r.RequestURI,
			"path": r.URL.Path, "rawQuery": r.URL.RawQuery, "remote": r.RemoteAddr,
			"contentLength": r.ContentLength, "headers": r.Header,
			"bodyLen": len(body), "bodySha": hex.EncodeToString(sum[:]),
			"deadline": hasDeadline, "trace": os.Getenv("_X_AMZN_TRACE_ID"),
			"wrapped": os.Getenv("GOGEN_TEST_WRAPPED"), "proto": r.Proto,
		}
		if len(body) <= 4096 {
			d["body"] = base64.StdEncoding.EncodeToString(body)
		}
		h.Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(d)
	}
}
'''

INIT = r'''package initpanic

import (
	"io"
	"net/http"
	"os"
	"strconv"
)

func init() {
	if v := os.Getenv("GOGEN_TEST_INIT_PANIC"); v != "" {
		panic("init boom: " + v)
	}
	if v := os.Getenv("GOGEN_TEST_INIT_EXIT"); v != "" {
		n, _ := strconv.Atoi(v)
		os.Exit(n)
	}
}

func Handler(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "init ok "+early+late)
}
'''

# Variable initialisers in files sorting before and after the generated
# main file's name: Go runs them in file-name order.
EARLY = r'''package initpanic

import "os"

var early = mustEnv("GOGEN_TEST_EARLY_PANIC", "early")

func mustEnv(name, value string) string {
	if v := os.Getenv(name); v != "" {
		panic(name + ": " + v)
	}
	return value
}
'''

LATE = r'''package initpanic

var late = mustEnv("GOGEN_TEST_LATE_PANIC", "late")
'''

PROJECT = {
    "go.mod": "module example.com/lambdatest\n\ngo 1.16\n",
    "api/kit.go": KIT,
    "api/initpanic/index.go": INIT,
    "api/initpanic/a_early.go": EARLY,
    "api/initpanic/zz_late.go": LATE,
}


def sha(b):
    return hashlib.sha256(b).hexdigest()


def pattern(size):
    return bytes((i * 7 + 3) & 255 for i in range(size))


def text(size):
    return bytes(ord("a") + i % 26 for i in range(size))


def build(t, root):
    gt.write_tree(root, PROJECT)
    env = gt.base_env()
    r = gt.gogen(root, env=env)
    if not t.check("gogen writes build.ninja", r.rc == 0, r.describe()):
        return None
    r = gt.ninja(root, env=env)
    if not t.check("ninja builds the functions", r.rc == 0, r.describe()):
        return None
    funcs, why = gt.list_functions(root, env=env)
    if not t.check("gogen --list --json", funcs is not None, why or ""):
        return None
    bins = {}
    for f in funcs:
        bins[f["route"]] = gt.bootstrap_path(root, f.get("project"), f["route"])
    ok = "/api/kit" in bins and "/api/initpanic" in bins and all(
        os.path.isfile(b) for b in bins.values())
    t.check("both functions built", ok, repr(bins))
    return bins if ok else None


# ---------------------------------------------------------------- checks

def expect(t, name, outcome, checks, fn=None):
    """Runs checks(outcome) -> list of problems and counts one test."""
    if outcome is None:
        return t.check(name, False, "no answer within %ds\n%s" % (
            la.INVOKE_TIMEOUT, fn.output() if fn else ""))
    try:
        problems = checks(outcome)
    except Exception as e:  # a malformed answer
        problems = ["cannot read the answer: %r" % e]
    detail = "\n".join(problems + ["answer: %r" % outcome] if problems else [])
    if problems and fn:
        detail += "\n--- function output\n" + fn.output()
    return t.check(name, not problems, detail)


def platform(outcome):
    if outcome.kind != "response":
        raise ValueError("kind %s" % outcome.kind)
    return la.decode_platform_answer(outcome.json())


def v2(outcome):
    if outcome.kind != "response":
        raise ValueError("kind %s" % outcome.kind)
    return la.decode_v2_answer(outcome.json())


def describe(body):
    return json.loads(body.decode("utf-8"))


def platform_checks(t, api, fn):
    ev = la.platform_event("GET", "/api/kit?a=1&b=two%20words", host="shop.example.test",
                   headers={"x-real-ip": "203.0.113.7", "accept": ["text/html", "*/*"],
                        "x-one": "1", "host": "shop.example.test"})

    def echo(o):
        st, hd, body = platform(o)
        d = describe(body)
        p = []
        want = {"method": "GET", "host": "shop.example.test", "uri": "/api/kit?a=1&b=two%20words",
            "path": "/api/kit", "rawQuery": "a=1&b=two%20words", "remote": "203.0.113.7:0",
            "contentLength": 0, "bodyLen": 0, "deadline": True, "trace": "Root=1-gogen-req-1",
            "proto": "HTTP/1.1"}
        for k, v in want.items():
            if d.get(k) != v:
                p.append("%s: %r, want %r" % (k, d.get(k), v))
        if d["headers"].get("Accept") != ["text/html", "*/*"]:
            p.append("Accept: %r, want both values" % d["headers"].get("Accept"))
        if d["headers"].get("X-One") != ["1"]:
            p.append("X-One: %r" % d["headers"].get("X-One"))
        if "Host" in d["headers"]:
            p.append("Host stays in the header map (net/http moves it to Request.Host)")
        if st != 200 or hd.get("Content-Type") != ["application/json"]:
            p.append("status %r, headers %r" % (st, hd))
        if o.json().get("encoding") != "base64":
            p.append("the answer is not base64-encoded")
        return p
    expect(t, "platform event: request fields, multi-value request headers", api.invoke(ev),
           echo, fn)

    data = bytes(range(256)) * 4

    def binary_in(o):
        st, _, body = platform(o)
        d = describe(body)
        p = []
        if d["bodyLen"] != len(data) or d["bodySha"] != sha(data):
            p.append("body: %d bytes, sha %s" % (d["bodyLen"], d["bodySha"]))
        if d["contentLength"] != len(data) or d["method"] != "POST":
            p.append("contentLength %r, method %r" % (d["contentLength"], d["method"]))
        return p
    ev = la.platform_event("POST", "/api/kit", body=data,
                   headers={"content-type": "application/octet-stream"})
    expect(t, "platform event: binary request body (base64)", api.invoke(ev), binary_in, fn)

    words = "grüße, 世界 \"quoted\" \\ \n"
    ev = la.platform_event("PUT", "/api/kit", body=words)

    def text_in(o):
        d = describe(platform(o)[2])
        got = base64.b64decode(d["body"]).decode("utf-8")
        return [] if got == words else ["body %r, want %r" % (got, words)]
    expect(t, "platform event: text request body", api.invoke(ev), text_in, fn)

    def binary_out(o):
        st, hd, body = platform(o)
        return [] if (st == 200 and body == pattern(1000) and
                  hd.get("Content-Type") == ["application/octet-stream"]) else [
            "status %r headers %r, %d bytes" % (st, hd, len(body))]
    expect(t, "platform event: binary response body",
           api.invoke(la.platform_event(path="/api/kit?do=binary&size=1000")), binary_out, fn)

    def multi(o):
        st, hd, body = platform(o)
        p = []
        if hd.get("Set-Cookie") != ["a=1; Path=/", "b=2; HttpOnly"]:
            p.append("Set-Cookie %r" % hd.get("Set-Cookie"))
        if hd.get("X-Multi") != ["one", "two"]:
            p.append("X-Multi %r" % hd.get("X-Multi"))
        if body != b"multi":
            p.append("body %r" % body)
        return p
    expect(t, "platform event: multi-value response headers",
           api.invoke(la.platform_event(path="/api/kit?do=multi")), multi, fn)

    def late(o):
        st, hd, body = platform(o)
        p = []
        if st != 418:
            p.append("status %r, want 418 (the last WriteHeader)" % st)
        for k in ("X-Before", "X-After", "X-Very-Late"):
            if k not in hd:
                p.append("%s missing" % k)
        if body != b"late":
            p.append("body %r" % body)
        return p
    expect(t, "platform event: headers after WriteHeader kept, last status wins",
           api.invoke(la.platform_event(path="/api/kit?do=late")), late, fn)

    def empty(o):
        st, hd, body = platform(o)
        return [] if st == 200 and body == b"" and "Content-Type" not in hd else [
            "status %r headers %r body %r" % (st, hd, body)]
    expect(t, "platform event: empty body, status 200, no Content-Type",
           api.invoke(la.platform_event(path="/api/kit?do=empty")), empty, fn)

    def sniff(o):
        st, hd, body = platform(o)
        return [] if "Content-Type" not in hd and body.startswith(b"<html>") else [
            "headers %r" % hd]
    expect(t, "platform event: no Content-Type sniffing",
           api.invoke(la.platform_event(path="/api/kit?do=sniff")), sniff, fn)

    def flush(o):
        st, hd, body = platform(o)
        return [] if body == b"ab" and hd.get("X-After-Flush") == ["yes"] else [
            "headers %r body %r" % (hd, body)]
    expect(t, "platform event: Flush is accepted and buffers on",
           api.invoke(la.platform_event(path="/api/kit?do=flush")), flush, fn)

    def nocontent(o):
        st, hd, body = platform(o)
        return [] if st == 204 and body == b"" else ["status %r body %r" % (st, body)]
    expect(t, "platform event: 204 has no body",
           api.invoke(la.platform_event(path="/api/kit?do=nocontent")), nocontent, fn)

    def badlength(o):
        st, hd, body = platform(o)
        return [] if body == b"ten bytes!" and hd.get("Content-Length") == ["10"] else [
            "headers %r body %r" % (hd, body)]
    expect(t, "platform event: a wrong Content-Length is corrected",
           api.invoke(la.platform_event(path="/api/kit?do=badlength")), badlength, fn)

    big = pattern(MB6)
    ev = la.platform_event("POST", "/api/kit", body=big)

    def big_in(o):
        d = describe(platform(o)[2])
        return [] if d["bodyLen"] == MB6 and d["bodySha"] == sha(big) else [
            "got %d bytes, sha %s" % (d["bodyLen"], d["bodySha"])]
    expect(t, "platform event: 6 MB binary request body", api.invoke(ev), big_in, fn)

    def big_out(o):
        body = platform(o)[2]
        return [] if body == big else ["got %d bytes" % len(body)]
    expect(t, "platform event: 6 MB binary response body",
           api.invoke(la.platform_event(path="/api/kit?do=binary&size=%d" % MB6)), big_out, fn)


def failure_checks(t, api, fn):
    def panic500(o):
        st, hd, body = platform(o)
        p = []
        if st != 500:
            p.append("status %r, want 500" % st)
        if "X-Lost" in hd or b"lost" in body:
            p.append("what the handler wrote before panicking leaked: %r %r" % (hd, body))
        return p
    expect(t, "handler panic: a 500 answer",
           api.invoke(la.platform_event(path="/api/kit?do=panic")), panic500, fn)
    logged = fn.wait_output("panic: handler boom") and fn.wait_output("goroutine")
    t.check("handler panic: a log line with the panic value and stack", logged, fn.output())

    def ok(o):
        return [] if platform(o)[0] == 200 else ["status %r" % platform(o)[0]]
    expect(t, "handler panic: the runtime keeps going",
           api.invoke(la.platform_event(path="/api/kit")), ok, fn)
    expect(t, "WriteHeader(42): a 500 answer, as net/http's panic",
           api.invoke(la.platform_event(path="/api/kit?do=badstatus")),
           lambda o: [] if platform(o)[0] == 500 else ["status %r" % platform(o)[0]], fn)

    for name, ev in (("not JSON", b"{nope"), ("an unknown shape", {"hello": "world"}),
             ("API Gateway payload 1.0", {"httpMethod": "GET", "path": "/", "body": None}),
             ("a body that is not the platform's request", {"body": "[1,2]"})):
        def err(o):
            p = []
            if o.kind != "error":
                p.append("kind %s, want error" % o.kind)
            else:
                d = o.json()
                if not d.get("errorMessage") or not d.get("errorType"):
                    p.append("error body %r" % d)
                if not o.headers.get("lambda-runtime-function-error-type"):
                    p.append("no Lambda-Runtime-Function-Error-Type header")
            return p
        expect(t, "undecodable event (%s): reported on /error" % name, api.invoke(ev), err, fn)
    expect(t, "after undecodable events the runtime keeps going",
           api.invoke(la.platform_event(path="/api/kit")), ok, fn)
    t.check("one supervised child does the work", len(fn.children()) == 1,
            "children: %r" % fn.children())


def v2_checks(t, api, fn):
    for kind, furl in (("payload 2.0", False), ("function URL", True)):
        data = pattern(777)
        ev = la.v2_event("POST", "/api/kit", "a=1&b=2", headers={
            "content-type": "application/octet-stream", "x-real-ip": "192.0.2.66",
            "accept": "text/html,*/*"}, cookies=["c1=v1", "c2=v2"], body=data,
            function_url=furl)

        def echo(o):
            st, hd, cookies, body = v2(o)
            d = describe(body)
            p = []
            host = ev["requestContext"]["domainName"]
            want = {"method": "POST", "host": host, "uri": "/api/kit?a=1&b=2",
                "path": "/api/kit", "rawQuery": "a=1&b=2", "remote": "198.51.100.9:0",
                "contentLength": 777, "bodyLen": 777, "bodySha": sha(data)}
            for k, v in want.items():
                if d.get(k) != v:
                    p.append("%s: %r, want %r" % (k, d.get(k), v))
            if d["headers"].get("Cookie") != ["c1=v1; c2=v2"]:
                p.append("Cookie %r" % d["headers"].get("Cookie"))
            if d["headers"].get("Accept") != ["text/html,*/*"]:
                p.append("Accept %r" % d["headers"].get("Accept"))
            if st != 200 or hd.get("Content-Type") != "application/json":
                p.append("status %r headers %r" % (st, hd))
            if o.json().get("isBase64Encoded") is not False:
                p.append("a JSON answer should travel as text")
            return p
        expect(t, "%s event: request fields, cookies, sourceIp, binary body" % kind,
               api.invoke(ev), echo, fn)

        def multi(o):
            st, hd, cookies, body = v2(o)
            p = []
            if cookies != ["a=1; Path=/", "b=2; HttpOnly"]:
                p.append("cookies %r" % cookies)
            if "Set-Cookie" in hd:
                p.append("Set-Cookie left in headers")
            if hd.get("X-Multi") != "one,two":
                p.append("X-Multi %r" % hd.get("X-Multi"))
            return p
        expect(t, "%s event: multi-value headers and cookies" % kind,
               api.invoke(la.v2_event(raw_path="/api/kit", query="do=multi",
                          function_url=furl)), multi, fn)

        def binary(o):
            st, hd, cookies, body = v2(o)
            p = []
            if body != pattern(5000) or o.json().get("isBase64Encoded") is not True:
                p.append("%d bytes, isBase64Encoded %r" % (len(body),
                                       o.json().get("isBase64Encoded")))
            return p
        expect(t, "%s event: binary response body" % kind,
               api.invoke(la.v2_event(raw_path="/api/kit", query="do=binary&size=5000",
                          function_url=furl)), binary, fn)

    def late(o):
        st, hd, cookies, body = v2(o)
        return [] if st == 418 and "X-After" in hd and "X-Very-Late" in hd else [
            "status %r headers %r" % (st, hd)]
    expect(t, "payload 2.0 event: headers after WriteHeader, last status",
           api.invoke(la.v2_event(raw_path="/api/kit", query="do=late")), late, fn)

    def empty(o):
        st, hd, cookies, body = v2(o)
        return [] if st == 200 and body == b"" and "Content-Type" not in hd else [
            "status %r headers %r body %r" % (st, hd, body)]
    expect(t, "payload 2.0 event: empty body",
           api.invoke(la.v2_event(raw_path="/api/kit", query="do=empty")), empty, fn)

    big = text(MB6)

    def big_text(o):
        st, hd, cookies, body = v2(o)
        return [] if body == big and o.json().get("isBase64Encoded") is False else [
            "%d bytes" % len(body)]
    expect(t, "payload 2.0 event: 6 MB text response",
           api.invoke(la.v2_event(raw_path="/api/kit", query="do=text&size=%d" % MB6)),
           big_text, fn)


def lambda_mode(t, bins):
    kit = bins["/api/kit"]
    with la.RuntimeAPI() as api, la.Function(kit, api) as fn:
        if not t.check("Lambda mode: asks the Runtime API for an event", api.wait_next(),
                       fn.output()):
            return
        platform_checks(t, api, fn)
        failure_checks(t, api, fn)
        v2_checks(t, api, fn)
        t.check("no init error from a healthy function", not api.init_errors,
                repr(api.init_errors))
        kids = fn.children()
        fn.proc.send_signal(signal.SIGTERM)
        rc = fn.wait_exit()
        time.sleep(0.2)
        gone = all(not os.path.exists("/proc/%d" % k) for k in kids)
        t.check("SIGTERM reaches the child; the runtime ends with 128+15",
                rc == 143 and gone and kids, "rc %r, children %r\n%s" % (rc, kids, fn.output()))

    with la.RuntimeAPI() as api, la.Function(kit, api) as fn:
        api.wait_next()
        api.close()
        rc = fn.wait_exit()
        t.check("Lambda mode: ends (non-zero) when the Runtime API goes away",
                rc not in (None, 0), "rc %r\n%s" % (rc, fn.output()))


def init_checks(t, bins, root):
    binary = bins["/api/initpanic"]

    def run_init(extra, name, want):
        env = gt.base_env(**extra)
        with la.RuntimeAPI() as api, la.Function(binary, api, env) as fn:
            o = api.wait_init_error()
            rc = fn.wait_exit()
            p = []
            if o is None:
                p.append("no init error reported")
            else:
                d = o.json()
                msg = d.get("errorMessage", "")
                for w in want:
                    if w not in msg:
                        p.append("errorMessage %r lacks %r" % (msg, w))
                if not d.get("errorType") or not isinstance(d.get("stackTrace"), list):
                    p.append("error body %r" % d)
                if not o.headers.get("lambda-runtime-function-error-type"):
                    p.append("no Lambda-Runtime-Function-Error-Type header")
            if rc in (None, 0):
                p.append("exit status %r, want non-zero" % rc)
            if api.next_calls:
                p.append("it asked for an event anyway")
            t.check(name, not p, "\n".join(p + ["--- output", fn.output()]))

    with la.RuntimeAPI() as api, la.Function(binary, api) as fn:
        o = api.invoke(la.platform_event(path="/api/initpanic"))
        expect(t, "init: a healthy init serves", o,
               lambda o: [] if platform(o)[2] == b"init ok earlylate" else ["%r" % o], fn)
    run_init({"GOGEN_TEST_INIT_PANIC": "db down"}, "init: a panicking init function is "
             "reported on /init/error", ["panic: init boom: db down", "exit status 2"])
    run_init({"GOGEN_TEST_INIT_EXIT": "3"}, "init: os.Exit(3) in init is reported on "
             "/init/error", ["exit status 3"])
    run_init({"GOGEN_TEST_LATE_PANIC": "x"}, "init: a panicking variable initialiser "
             "(file sorting after the generated main) is reported", ["GOGEN_TEST_LATE_PANIC: x"])
    # Go initialises variables file by file in name order: a file sorting
    # before the generated one runs before it can start supervising.
    main_name = generated_main_name(root)
    if main_name is not None and main_name < "a_early.go":
        run_init({"GOGEN_TEST_EARLY_PANIC": "y"}, "init: a panicking variable initialiser "
                 "(file sorting before the generated main) is reported",
                 ["GOGEN_TEST_EARLY_PANIC: y"])
    else:
        t.skip("init: a panicking variable in a file sorting first",
               "the generated main file is named %r, which sorts after a_early.go: the "
               "generator must name it to sort first" % main_name)

    wrapper = os.path.join(root, "nowhere", "wrapper")
    run_init({"AWS_LAMBDA_EXEC_WRAPPER": wrapper}, "exec wrapper: a missing wrapper is an "
             "init error", ["AWS_LAMBDA_EXEC_WRAPPER=" + wrapper])


def generated_main_name(root):
    """The file name the generated main file has in the overlays (the key
    whose replacement is the main.go gogen wrote), or None."""
    for dirpath, _, files in os.walk(os.path.join(root, ".gogen")):
        if "overlay.json" not in files:
            continue
        with open(os.path.join(dirpath, "overlay.json")) as f:
            keys = json.load(f).get("Replace", {})
        for k, v in keys.items():
            if v and os.path.basename(v) == "main.go" and k.endswith(".go"):
                return os.path.basename(k)
    return None


def wrapper_checks(t, bins, root):
    log = os.path.join(root, "wrapper.log")
    wrapper = os.path.join(root, "wrapper.sh")
    gt.write_file(wrapper, '#!/bin/sh\nprintf "%%s|" "$@" >> "%s"\necho >> "%s"\n'
                  'GOGEN_TEST_WRAPPED=yes exec "$@"\n' % (log, log))
    os.chmod(wrapper, 0o755)
    env = gt.base_env(AWS_LAMBDA_EXEC_WRAPPER=wrapper)
    kit = bins["/api/kit"]
    with la.RuntimeAPI() as api, la.Function(kit, api, env) as fn:
        o = api.invoke(la.platform_event(path="/api/kit"))

        def wrapped(o):
            d = describe(platform(o)[2])
            return [] if d.get("wrapped") == "yes" else ["wrapped %r" % d.get("wrapped")]
        expect(t, "exec wrapper: the function runs under the wrapper", o, wrapped, fn)
        try:
            with open(log) as f:
                lines = f.read().splitlines()
        except OSError:
            lines = []
        t.check("exec wrapper: run once, given the binary's path",
                lines == [os.path.realpath(kit) + "|"] or lines == [kit + "|"],
                "wrapper log %r, binary %s" % (lines, kit))


# ---------------------------------------------------------------- local mode

def local_answer(server, path, method="GET", body=None):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=gt.REQUEST_TIMEOUT)
    try:
        c.request(method, path, body=body)
        r = c.getresponse()
        data = r.read()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k, []).append(v)
        return r.status, hdrs, data
    finally:
        c.close()


def comparable(headers):
    """Headers without those only a real connection has."""
    return {k: v for k, v in headers.items() if k not in ("Date", "Content-Length")}


def local_mode(t, bins):
    kit = bins["/api/kit"]
    paths = ["/api/kit?do=binary&size=3000", "/api/kit?do=multi", "/api/kit?do=late",
         "/api/kit?do=empty", "/api/kit?do=sniff", "/api/kit?do=panic",
         "/api/kit?do=badstatus", "/api/kit?do=nocontent", "/api/kit?do=flush",
         "/api/kit?do=badlength",
         "/api/kit?do=binary&size=%d" % MB6]
    with gt.Server(kit) as s, la.RuntimeAPI() as api, la.Function(kit, api) as fn:
        if not t.check("local mode: serves", s.wait_ready(), s.output()):
            return
        for path in paths:
            try:
                local = local_answer(s, path)
            except (OSError, http.client.HTTPException) as e:
                t.check("local mode answers as Lambda mode: " + path, False,
                        "%r\n%s" % (e, s.output()))
                continue
            o = api.invoke(la.platform_event(path=path))
            try:
                remote = platform(o) if o else None
            except Exception as e:
                remote = ("unreadable", repr(e), o)
            same = remote is not None and (local[0], comparable(local[1]), local[2]) == (
                remote[0], comparable(remote[1]), remote[2])
            t.check("local mode answers as Lambda mode: " + path, same,
                    "local  %r %r %r\nlambda %r" % (local[0], local[1], local[2][:200],
                                    remote and remote[:2]))
        st, hd, body = local_answer(s, "/api/kit?do=empty")
        t.check("local mode: an empty answer has no Content-Type, Content-Length 0",
                st == 200 and "Content-Type" not in hd and hd.get("Content-Length") == ["0"],
                "%r %r" % (st, hd))
        st, hd, body = local_answer(s, "/api/kit?do=panic")
        st2, _, _ = local_answer(s, "/api/kit")
        t.check("local mode: a panic answers 500, logs, and the server keeps serving",
                st == 500 and st2 == 200 and "panic: handler boom" in s.output(),
                "%r %r\n%s" % (st, st2, s.output()))
        data = pattern(MB6)
        st, hd, body = local_answer(s, "/api/kit?x=1", "POST", data)
        d = describe(body) if st == 200 else {}
        t.check("local mode: a 6 MB request body arrives whole, with its length",
                d.get("bodySha") == sha(data) and d.get("contentLength") == MB6,
                "%r %r" % (st, {k: d.get(k) for k in ("bodyLen", "contentLength")}))


# ---------------------------------------------------------------- emulator

def emulator_checks(t, bins, root):
    names = ["emulator: platform event", "emulator: payload 2.0 event",
         "emulator: binary bodies both ways", "emulator: panic gives 500, then it goes on",
         "emulator: 6 MB text body each way (payload 2.0)",
         "emulator: 4 MB binary body each way (platform, base64)",
         "emulator: exec wrapper", "emulator: init error reported"]
    rie = la.find_emulator()
    if not rie:
        for n in ["emulator: starts"] + names:
            t.skip(n, "aws-lambda-rie is not installed")
        t.note("install the emulator (needs Go 1.26.6 or later) with: go install "
               "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@"
               "v0.0.0-20261030222936-bef5c4ba774d")
        return
    kit = bins["/api/kit"]
    with la.Emulator(rie, kit) as em:
        if not t.check("emulator: starts", em.wait_ready(), em.output()):
            return

        def call(ev):
            st, body = em.invoke(ev)
            if st != 200:
                raise ValueError("HTTP %d: %r" % (st, body[:500]))
            return la.Outcome("response", body, {})

        def emu(name, ev, checks):
            try:
                o = call(ev)
            except Exception as e:
                return t.check(name, False, "%r\n%s" % (e, em.output()[-4000:]))
            return expect(t, name, o, checks)

        emu(names[0], la.platform_event("GET", "/api/kit?q=1", headers={"x-real-ip": "1.2.3.4"}),
            lambda o: [] if describe(platform(o)[2]).get("remote") == "1.2.3.4:0" else [
                "%r" % describe(platform(o)[2])])
        emu(names[1], la.v2_event("GET", "/api/kit", "do=multi"),
            lambda o: [] if v2(o)[2] == ["a=1; Path=/", "b=2; HttpOnly"] else ["%r" % (v2(o),)])
        data = pattern(10000)
        emu(names[2], la.platform_event("POST", "/api/kit?do=binary&size=10000", body=data),
            lambda o: [] if platform(o)[2] == data else ["%d bytes" % len(platform(o)[2])])

        def panicked(o):
            if platform(o)[0] != 500:
                return ["status %r" % platform(o)[0]]
            o2 = call(la.platform_event(path="/api/kit"))
            return [] if platform(o2)[0] == 200 else ["then %r" % (platform(o2)[0],)]
        emu(names[3], la.platform_event(path="/api/kit?do=panic"), panicked)

        big = text(MB6)

        def big_both(o):
            d = describe(v2(o)[3])
            if d.get("bodySha") != sha(big):
                return ["request body: %r bytes" % d.get("bodyLen")]
            o2 = call(la.v2_event(raw_path="/api/kit", query="do=text&size=%d" % MB6))
            return [] if v2(o2)[3] == big else ["response %d bytes" % len(v2(o2)[3])]
        emu(names[4], la.v2_event("POST", "/api/kit", body=big), big_both)

        mb4 = pattern(4 * 1000 * 1000)

        def big_binary(o):
            d = describe(platform(o)[2])
            if d.get("bodySha") != sha(mb4):
                return ["request body: %r bytes" % d.get("bodyLen")]
            o2 = call(la.platform_event(path="/api/kit?do=binary&size=%d" % len(mb4)))
            return [] if platform(o2)[2] == mb4 else ["response %d bytes" % len(platform(o2)[2])]
        emu(names[5], la.platform_event("POST", "/api/kit", body=mb4), big_binary)

    wrapper = os.path.join(root, "wrapper.sh")  # written by wrapper_checks
    with la.Emulator(rie, kit, gt.base_env(AWS_LAMBDA_EXEC_WRAPPER=wrapper)) as em:
        ok = em.wait_ready()
        try:
            st, body = em.invoke(la.platform_event(path="/api/kit")) if ok else (None, b"")
            d = describe(platform(la.Outcome("response", body, {}))[2]) if st == 200 else {}
        except Exception as e:
            st, d = repr(e), {}
        t.check(names[6], d.get("wrapped") == "yes", "%r %r\n%s" % (st, d, em.output()[-4000:]))

    env = gt.base_env(GOGEN_TEST_INIT_PANIC="emulated")
    with la.Emulator(rie, bins["/api/initpanic"], env) as em:
        ok = em.wait_ready()
        st, body = em.invoke(la.platform_event(path="/")) if ok else (None, b"")
        out = em.output()
        # The emulator answers the invocation with the init error it got.
        t.check(names[7], ok and "init boom: emulated" in body.decode("utf-8", "replace"),
                "HTTP %r %r\n%s" % (st, body[:2000], out[-4000:]))


# ---------------------------------------------------------------- template

# Packages whose symbols the template may use, and where their API lists
# live: $(go env GOROOT)/api/go1.N.txt names what each release added.
def template_api_check(t):
    tmpl = os.path.join(gt.srcdir(), "templates", "main.go.tmpl")
    with open(tmpl, encoding="utf-8") as f:
        src = f.read()
    imports = dict(re.findall(r'^\s*(gogen\w+)\s+"([\w/]+)"\s*$', src, re.M))
    used = set()
    for alias, sym in re.findall(r"\b(gogen[A-Z]\w*)\.([A-Z]\w*)", src):
        if alias in imports:
            used.add((imports[alias], sym))
    r = gt.run(["go", "env", "GOROOT"], cwd=gt.srcdir(), timeout=30)
    apidir = os.path.join(r.out.strip(), "api")
    if r.rc != 0 or not os.path.isdir(apidir):
        t.skip("template: only Go 1.16 standard library", "no $GOROOT/api folder")
        return
    newer = []
    for n in os.listdir(apidir):
        m = re.match(r"go1\.(\d+)\.txt$", n)
        if not m or int(m.group(1)) <= 16:
            continue
        with open(os.path.join(apidir, n)) as f:
            for line in f:
                # "type T struct, F int" adds a field to an older type.
                m2 = re.match(r"pkg ([\w/]+)(?:, \([\w-]+\))?, "
                          r"(?:func|var|const|type) (\w+)\b(?! struct,)", line)
                if m2 and (m2.group(1), m2.group(2)) in used:
                    newer.append("%s.%s (%s)" % (m2.group(1), m2.group(2), n))
    t.check("template: only Go 1.16 standard library (%d symbols)" % len(used),
            used and not newer, "newer than Go 1.16: %s" % ", ".join(sorted(set(newer))))
    names = re.findall(r"^(?:func|var|const|type)\s+(\w+)", src, re.M)
    for block in re.findall(r"^(?:var|const|type) \((.*?)^\)", src, re.M | re.S):
        names += re.findall(r"^\t(\w+)", block, re.M)
    bad = [n for n in names if n != "main" and not re.match(r"gogen[A-Z]", n)]
    bad += [a for a in imports if not re.match(r"gogen[A-Z]", a)]
    t.check("template: every top-level name and import is gogen[A-Z]...", not bad,
            "other names: %r" % bad)


def body(t):
    template_api_check(t)
    with gt.tempdir("lambda") as root:
        bins = build(t, root)
        if not bins:
            return
        lambda_mode(t, bins)
        init_checks(t, bins, root)
        wrapper_checks(t, bins, root)
        local_mode(t, bins)
        emulator_checks(t, bins, root)


if __name__ == "__main__":
    gt.main("Lambda mode and the runtime protocol", body)
