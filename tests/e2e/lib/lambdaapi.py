"""lambdaapi - run built functions in their Lambda mode for gogen's tests.

RuntimeAPI is a loopback server (127.0.0.1, a port the system picks) that
implements the documented AWS Lambda Runtime API a function's binary talks
to: it hands out the events it is given on GET .../invocation/next, with
the request id, deadline and trace headers, and records what comes back
on .../invocation/<id>/response, .../invocation/<id>/error and
.../runtime/init/error. Function starts one binary against it.

probe() checks a binary's answer to a request in Lambda mode the way
gt.probe does in local mode, with the platform's event for it.

Emulator runs a binary under the AWS Lambda Runtime Interface Emulator
(aws-lambda-rie), also on loopback ports only, when one is installed.

Python 3 standard library only; every wait is bounded.
"""

import http.client
import http.server
import json
import os
import queue
import shutil
import tempfile
import threading
import time

import gogentest as gt

INVOKE_TIMEOUT = 30  # seconds for one invocation to be answered
API = "/2018-06-01/runtime"


class Outcome:
    """What a function sent back for one invocation (or at init): kind is
    "response", "error" or "init-error"; body the bytes; headers a dict
    with lower-case names."""

    def __init__(self, kind, body, headers):
        self.kind, self.body, self.headers = kind, body, headers

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        text = self.body[:3000].decode("utf-8", "replace")
        return "Outcome(%s, %s, %s)" % (self.kind, self.headers, text)


class _QuietServer(http.server.ThreadingHTTPServer):
    """Says nothing when a function is stopped in the middle of a call."""

    def handle_error(self, request, client_address):
        import sys
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class RuntimeAPI:
    """The Runtime API side of Lambda, one event at a time."""

    def __init__(self):
        self.events = queue.Queue()
        self.outcomes = {}  # request id -> Outcome
        self.init_errors = []  # Outcome
        self.next_calls = 0
        self.cond = threading.Condition()
        self.closing = False
        self.seq = 0
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, code, body=b"", headers=()):
                self.send_response(code)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path != API + "/invocation/next":
                    return self.reply(404, b'{"errorMessage":"no such path"}')
                with api.cond:
                    api.next_calls += 1
                    api.cond.notify_all()
                while True:
                    if api.closing:
                        self.close_connection = True
                        return
                    try:
                        rid, event, deadline = api.events.get(timeout=0.1)
                        break
                    except queue.Empty:
                        continue
                self.reply(200, event, [
                    ("Lambda-Runtime-Aws-Request-Id", rid),
                    ("Lambda-Runtime-Deadline-Ms", str(int((time.time() + deadline) * 1000))),
                    ("Lambda-Runtime-Invoked-Function-Arn",
                     "arn:aws:lambda:us-east-1:000000000000:function:gogen-test"),
                    ("Lambda-Runtime-Trace-Id", "Root=1-gogen-" + rid),
                ])

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n)
                headers = {k.lower(): v for k, v in self.headers.items()}
                parts = self.path.split("/")
                if self.path == API + "/init/error":
                    with api.cond:
                        api.init_errors.append(Outcome("init-error", body, headers))
                        api.cond.notify_all()
                    return self.reply(202, b'{"status":"OK"}')
                # /2018-06-01/runtime/invocation/<id>/(response|error)
                if (len(parts) == 6 and self.path.startswith(API + "/invocation/")
                        and parts[5] in ("response", "error")):
                    with api.cond:
                        if parts[4] in api.outcomes:
                            return self.reply(400, b'{"errorMessage":"already answered"}')
                        api.outcomes[parts[4]] = Outcome(parts[5], body, headers)
                        api.cond.notify_all()
                    return self.reply(202, b'{"status":"OK"}')
                return self.reply(404, b'{"errorMessage":"no such path"}')

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.address = "127.0.0.1:%d" % self.server.server_address[1]
        # close() waits for the loop to look again: look often.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                           daemon=True)
        self.thread.start()

    def invoke(self, event, timeout=INVOKE_TIMEOUT, deadline=60, give_up=None):
        """Hands out event (bytes, str or a JSON-able value) and waits for
        its outcome; None if nothing came back within timeout, or as soon
        as give_up() (checked every 0.1 s) is true."""
        if not isinstance(event, (bytes, str)):
            event = json.dumps(event)
        if isinstance(event, str):
            event = event.encode("utf-8")
        with self.cond:
            self.seq += 1
            rid = "req-%d" % self.seq
        self.events.put((rid, event, deadline))
        end = time.monotonic() + timeout
        with self.cond:
            while rid not in self.outcomes:
                left = end - time.monotonic()
                if left <= 0 or (give_up is not None and give_up()):
                    return None
                self.cond.wait(left if give_up is None else min(left, 0.1))
            return self.outcomes[rid]

    def wait_init_error(self, timeout=10):
        end = time.monotonic() + timeout
        with self.cond:
            while not self.init_errors:
                left = end - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.init_errors[0]

    def wait_next(self, count=1, timeout=10):
        """True once the function asked for an event count times."""
        end = time.monotonic() + timeout
        with self.cond:
            while self.next_calls < count:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
            return True

    def close(self):
        self.closing = True
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Function(gt.Process):
    """One built binary in its Lambda mode against a RuntimeAPI, run from
    the folder holding it, in its own session, its output in a file."""

    def __init__(self, binary, api, env=None):
        self.binary = os.path.abspath(binary)
        e = dict(env if env is not None else gt.base_env())
        e["AWS_LAMBDA_RUNTIME_API"] = api.address
        e.pop("PORT", None)
        super().__init__([self.binary], os.path.dirname(self.binary), e)

    def wait_output(self, text, timeout=5):
        """True once text shows in the output (which may pass through the
        supervisor's stderr pipe a little later)."""
        end = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > end:
                return False
            time.sleep(0.05)
        return True

    def children(self):
        """Process ids whose parent is this binary (its supervised child)."""
        return gt.children_of(self.proc.pid, zombies=True)


# ---------------------------------------------------------------- emulator

def find_emulator():
    """The aws-lambda-rie binary: $GOGEN_RIE, else on PATH, else in
    $(go env GOPATH)/bin; None when there is none."""
    p = os.environ.get("GOGEN_RIE")
    if p:
        return p if os.access(p, os.X_OK) else None
    p = shutil.which("aws-lambda-rie")
    if p:
        return p
    r = gt.run(["go", "env", "GOPATH"], cwd=tempfile.gettempdir(), timeout=30)
    for d in (r.out.strip().split(os.pathsep) if r.rc == 0 else []):
        p = os.path.join(d, "bin", "aws-lambda-rie")
        if d and os.access(p, os.X_OK):
            return p
    return None


class Emulator(gt.Process):
    """aws-lambda-rie serving one binary: both of its addresses are given
    as 127.0.0.1 ports (its default listens on every interface)."""

    term_group = True

    def __init__(self, rie, binary, env=None):
        port = gt.free_port()
        api_port = gt.free_port()
        e = dict(env if env is not None else gt.base_env())
        e.pop("AWS_LAMBDA_RUNTIME_API", None)
        e["LOG_LEVEL"] = "debug"
        argv = [rie, "--runtime-interface-emulator-address", "127.0.0.1:%d" % port,
            "--runtime-api-address", "127.0.0.1:%d" % api_port, os.path.abspath(binary)]
        super().__init__(argv, os.path.dirname(os.path.abspath(binary)), e, port)

    def invoke(self, event, timeout=INVOKE_TIMEOUT):
        """(HTTP status, body bytes) of one invocation."""
        if not isinstance(event, (bytes, str)):
            event = json.dumps(event)
        if isinstance(event, str):
            event = event.encode("utf-8")
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request("POST", "/2015-03-31/functions/function/invocations", body=event,
                  headers={"Content-Type": "application/json"})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()


# ---------------------------------------------------------------- events

def platform_event(method="GET", path="/", host="example.test", headers=None, body=b"",
           base64_body=None):
    """The platform's event: {"body": JSON text of the request}. A bytes
    body that is not UTF-8 (or base64_body=True) travels base64-encoded."""
    import base64
    req = {"host": host, "path": path, "method": method, "headers": headers or {}}
    if isinstance(body, str):
        body = body.encode("utf-8")
    if base64_body is None:
        try:
            body.decode("utf-8")
            base64_body = False
        except UnicodeDecodeError:
            base64_body = True
    if base64_body:
        req["encoding"] = "base64"
        req["body"] = base64.b64encode(body).decode("ascii")
    else:
        req["body"] = body.decode("utf-8")
    return {"Action": "Invoke", "body": json.dumps(req)}


def v2_event(method="GET", raw_path="/", query="", headers=None, cookies=None, body=b"",
         source_ip="198.51.100.9", function_url=False):
    """An API Gateway HTTP API payload 2.0 event, or with function_url
    the Lambda function URL event of the same shape."""
    import base64
    if isinstance(body, str):
        body = body.encode("utf-8")
    try:
        text, b64 = body.decode("utf-8"), False
    except UnicodeDecodeError:
        text, b64 = base64.b64encode(body).decode("ascii"), True
    domain = ("abcdefghij.lambda-url.us-east-1.on.aws" if function_url
          else "abcdefghij.execute-api.us-east-1.amazonaws.com")
    h = {"host": domain}
    h.update(headers or {})
    ev = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": raw_path,
        "rawQueryString": query,
        "headers": h,
        "requestContext": {
            "accountId": "anonymous" if function_url else "000000000000",
            "apiId": "abcdefghij",
            "domainName": domain,
            "domainPrefix": "abcdefghij",
            "http": {"method": method, "path": raw_path, "protocol": "HTTP/1.1",
                 "sourceIp": source_ip, "userAgent": "gogen-test"},
            "requestId": "r-1",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000",
            "timeEpoch": 1767225600000,
        },
        "isBase64Encoded": b64,
    }
    if cookies:
        ev["cookies"] = cookies
    if body:
        ev["body"] = text
    if function_url:
        del ev["requestContext"]["stage"]
    return ev


def decode_platform_answer(answer):
    """(status, {name: [values]}, body bytes) of the platform's answer."""
    import base64
    body = answer.get("body") or ""
    data = base64.b64decode(body) if answer.get("encoding") == "base64" else body.encode()
    return answer.get("statusCode"), answer.get("headers") or {}, data


def decode_v2_answer(answer):
    """(status, {name: value}, cookies, body bytes) of a payload 2.0 answer."""
    import base64
    body = answer.get("body") or ""
    data = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode()
    return answer.get("statusCode"), answer.get("headers") or {}, answer.get("cookies"), data


def flat_headers(headers):
    """{lower-case name: value} of a {name: [values]} map, the values of a
    name joined with ", " (as gt.Server.request gives them)."""
    out = {}
    for k, v in (headers or {}).items():
        v = ", ".join(str(x) for x in v) if isinstance(v, list) else str(v)
        k = k.lower()
        out[k] = out[k] + ", " + v if k in out else v
    return out


def probe_event(probe_spec, target, host="example.test"):
    """The platform's event for the request of probe_spec (method, headers,
    body) to target (path and query, as sent on the wire), with the
    headers the platform's proxy adds; the probe's own headers win."""
    headers = {"host": host, "x-forwarded-host": host, "x-forwarded-proto": "https",
           "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1"}
    for k, v in (probe_spec.get("headers") or {}).items():
        headers[k.lower()] = v
    return platform_event(probe_spec.get("method", "GET"), target, host, headers,
                  probe_spec.get("body") or b"")


def probe(binary, probe_spec, params=(), env=None):
    """gt.probe in Lambda mode: starts binary against a RuntimeAPI, invokes
    it with the platform's event for the request of probe_spec (params
    added to its query), decodes the answer and checks it the same way.
    Returns a list of problems (empty: passed)."""
    target = gt.probe_target(probe_spec.get("path", "/"), params)
    method = probe_spec.get("method", "GET")
    if not os.path.isfile(binary):
        return ["no binary at %s" % binary]
    with RuntimeAPI() as api, Function(binary, api, env) as fn:
        o = api.invoke(probe_event(probe_spec, target),
                   give_up=lambda: fn.proc.poll() is not None or bool(api.init_errors))
        if o is None:
            rc = fn.proc.poll()
            return ["no answer to %s %s (%s, %d event requests, init errors %r); "
                "its output:\n%s" % (method, target,
                          "still running after %ds" % INVOKE_TIMEOUT if rc is None
                          else "exit status %d" % rc,
                          api.next_calls, api.init_errors, fn.output())]
        try:
            if o.kind != "response":
                raise ValueError("reported on /%s, not /response" % o.kind)
            status, hdrs, data = decode_platform_answer(o.json())
        except (ValueError, TypeError, AttributeError) as e:
            return ["cannot read the answer to %s %s: %s\n%r\nits output:\n%s" % (
                method, target, e, o, fn.output())]
        hdrs = flat_headers(hdrs)
        text = data.decode("utf-8", "replace")
        problems = gt.answer_problems(probe_spec, status, hdrs, text)
        if problems:
            problems.append("event: %s %s\nstatus %s\nheaders %s\nbody %r\nits output:\n%s" % (
                method, target, status, hdrs, text[:2000], fn.output()[-3000:]))
    return problems
