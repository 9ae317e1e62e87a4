#!/usr/bin/env python3
"""private.py - private modules through GIT_CREDENTIALS.

A project requires a private module that only a git server asking for a
user name and token serves. gogen's module-download step must hand
GIT_CREDENTIALS to git at build time through a 0600 credential store file
that exists only while the download runs, and the secret must appear
nowhere else: not in build.ninja, `ninja -t commands`, .ninja_log, what
ninja prints, any file in the tree or the module cache, nor the user's
git configuration.

How this stays on the machine, with no request leaving 127.0.0.1:

- The server is `git http-backend` (CGI, from Debian's git package) behind
  a small Python HTTP server on 127.0.0.1 that wants HTTP basic auth.
- The module path ends in .git (git.example.com/acme/private.git): with a
  VCS suffix the go command asks git directly and does not first fetch
  https://git.example.com/...?go-get=1 for a meta tag. GOPROXY=direct,
  and GOPRIVATE and GONOSUMDB name git.example.com: no proxy, no checksum
  database. GIT_ALLOW_PROTOCOL=https:http keeps the go command from trying
  ssh after https fails (with a wrong token it would); the go command then
  takes http for a secure scheme too, and tries it next.
- git rewrites https://git.example.com/ and http://git.example.com/ to the
  loopback server through url.<base>.insteadOf entries given in
  GIT_CONFIG_COUNT: that also checks that gogen keeps the GIT_CONFIG_COUNT
  entries it finds. The credentials name the server git really talks to
  (http://user:token@127.0.0.1:port).
- http_proxy, https_proxy and ALL_PROXY (both cases) point at a trap on
  127.0.0.1 that counts connections, with NO_PROXY=127.0.0.1: a request
  meant for any other host would end there. The test expects none.
- go.sum is written by the test as a user commits it: the h1: hashes of
  the module's files, computed here the way the go command does (SHA-256
  over sorted "sha256  name" lines). go then checks the download against
  it, which needs no checksum database.
- Each scenario gets a fresh GOMODCACHE, so the download really happens.
"""

import base64
import contextlib
import hashlib
import http.server
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import gogentest as gt  # noqa: E402

BACKEND = "/usr/lib/git-core/git-http-backend"
USER = "alice"
# A "/" in the token: the URL carries it as %2F, git sends it decoded;
# both spellings must be masked.
TOKEN = "tok3n/Zq9-pr1v4te"
WRONG = "wr0ng-t0ken-Xy7"
MODULE = "git.example.com/acme/private.git"
ECHO_MODULE = "git.example.com/acme/echo.git"
GREETING = "hello from the private module"
CRED_PREFIX = "git-credentials."


# ---------------------------------------------------------------- fixtures

PRIVATE_FILES = {
    "go.mod": "module %s\n\ngo 1.21\n" % MODULE,
    "greet.go": "package private\n\n// Greeting is what the function answers.\n"
                "func Greeting() string { return \"%s\" }\n" % GREETING,
}
ECHO_FILES = {
    "go.mod": "module %s\n\ngo 1.21\n" % ECHO_MODULE,
    "echo.go": "package echo\n\nfunc Echo() string { return \"echo\" }\n",
}
HANDLER = """package handler

import (
	"fmt"
	"net/http"

	%s "%s"
)

func Handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, %s.%s())
}
"""


def h1(files):
    """The go command's "h1:" hash of {name: bytes}."""
    lines = "".join("%s  %s\n" % (hashlib.sha256(files[n]).hexdigest(), n) for n in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()


def go_sum(module, files):
    data = {n: t.encode() for n, t in files.items()}
    zipped = {"%s@v1.0.0/%s" % (module, n): d for n, d in data.items()}
    return "%s v1.0.0 %s\n%s v1.0.0/go.mod %s\n" % (
        module, h1(zipped), module, h1({"go.mod": data["go.mod"]}))


def project_files(module, files, alias, func):
    return {
        "go.mod": "module example.com/shop\n\ngo 1.21\n\nrequire %s v1.0.0\n" % module,
        "go.sum": go_sum(module, files),
        "api/hello.go": HANDLER % (alias, module, alias, func),
    }


def make_repo(root, name, files):
    """A bare repository <root>/acme/<name>.git whose v1.0.0 holds files."""
    src = os.path.join(root, "src-" + name)
    gt.write_tree(src, files)
    env = gt.base_env(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
                      GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                      GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    for argv in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "v1"],
                 ["git", "tag", "v1.0.0"],
                 ["git", "clone", "-q", "--bare", ".",
                  os.path.join(root, "repos", "acme", name + ".git")]):
        r = gt.run(argv, src, env)
        if r.rc != 0:
            raise RuntimeError(r.describe())


# ---------------------------------------------------------------- servers

def pkt(text):
    data = text.encode()
    return b"%04x" % (len(data) + 4) + data


class GitServer:
    """git http-backend behind basic auth on 127.0.0.1. It records each
    request, and the credential files (with their modes) found under
    watch while a request was being handled."""

    def __init__(self, repos):
        self.repos = repos
        self.lock = threading.Lock()
        self.requests = []          # (method, path, authorized)
        self.creds_seen = []        # (relative path, mode)
        self.watch = None
        self.stall = False          # hold authorized requests until release
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.echo_refs = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                self.serve()

            def do_POST(self):
                self.serve()

            def serve(self):
                server.handle(self)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def look(self):
        if not self.watch:
            return
        for dirpath, _dirs, names in os.walk(self.watch):
            for n in names:
                if n.startswith(CRED_PREFIX):
                    p = os.path.join(dirpath, n)
                    with contextlib.suppress(OSError):
                        mode = stat.S_IMODE(os.lstat(p).st_mode)
                        with self.lock:
                            self.creds_seen.append((os.path.relpath(p, self.watch), mode))

    def handle(self, h):
        self.look()
        want = "Basic " + base64.b64encode(("%s:%s" % (USER, TOKEN)).encode()).decode()
        authorized = h.headers.get("Authorization", "") == want
        path, _, query = h.path.partition("?")
        with self.lock:
            self.requests.append((h.command, path, authorized))
        n = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(n) if n > 0 else b""
        if not authorized:
            h.send_response(401)
            h.send_header("WWW-Authenticate", 'Basic realm="acme"')
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if self.stall:
            self.stalled.set()
            self.release.wait(120)
            h.send_response(503)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if path.startswith("/acme/echo") and path.endswith("/info/refs"):
            with self.lock:
                self.echo_refs += 1
                first = self.echo_refs == 1
            if not first:
                # A server that names the credentials in its error: the
                # message reaches the go command's output through git.
                quoted = urllib.parse.quote(TOKEN, safe="")
                msg = ("ERR denied for %s:%s, token %s, url http://%s:%s@127.0.0.1\n"
                       % (USER, TOKEN, quoted, USER, quoted))
                data = pkt("# service=git-upload-pack\n") + b"0000" + pkt(msg)
                h.send_response(200)
                h.send_header("Content-Type", "application/x-git-upload-pack-advertisement")
                h.send_header("Content-Length", str(len(data)))
                h.end_headers()
                h.wfile.write(data)
                return
        env = {"GIT_PROJECT_ROOT": self.repos, "GIT_HTTP_EXPORT_ALL": "1",
               "PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": h.command,
               "CONTENT_TYPE": h.headers.get("Content-Type", ""),
               "CONTENT_LENGTH": str(len(body)), "REMOTE_USER": USER,
               "REMOTE_ADDR": "127.0.0.1", "GATEWAY_INTERFACE": "CGI/1.1",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"}
        for hdr, var in (("Content-Encoding", "HTTP_CONTENT_ENCODING"),
                         ("Git-Protocol", "GIT_PROTOCOL")):
            if h.headers.get(hdr):
                env[var] = h.headers[hdr]
        p = subprocess.run([BACKEND], input=body, env=env, capture_output=True, timeout=60)
        head, _, rest = p.stdout.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.split(b"\r\n"):
            k, _, v = line.decode("latin-1").partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                headers.append((k, v.strip()))
        h.send_response(status)
        for k, v in headers:
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(rest)))
        h.end_headers()
        h.wfile.write(rest)

    def authorized_requests(self):
        with self.lock:
            return sum(1 for r in self.requests if r[2])

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class Trap:
    """A listener standing in for every proxy: it counts connections."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.seen = []              # first line of each request
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            c.settimeout(2)
            with contextlib.suppress(OSError):
                self.seen.append(c.recv(200).split(b"\r\n")[0].decode("latin-1"))
            c.close()

    def close(self):
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


# ---------------------------------------------------------------- helpers

def build_env(srv, trap, modcache, cred):
    proxy = "http://127.0.0.1:%d" % trap.port
    env = gt.base_env(
        GOPROXY="direct", GOPRIVATE="git.example.com", GONOSUMDB="git.example.com",
        GOMODCACHE=modcache, GIT_ALLOW_PROTOCOL="https:http", GIT_TERMINAL_PROMPT="0",
        GIT_CONFIG_COUNT="2",
        GIT_CONFIG_KEY_0="url.http://127.0.0.1:%d/.insteadOf" % srv.port,
        GIT_CONFIG_VALUE_0="https://git.example.com/",
        GIT_CONFIG_KEY_1="url.http://127.0.0.1:%d/.insteadOf" % srv.port,
        GIT_CONFIG_VALUE_1="http://git.example.com/",
        http_proxy=proxy, https_proxy=proxy, HTTP_PROXY=proxy, HTTPS_PROXY=proxy,
        ALL_PROXY=proxy, all_proxy=proxy, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
        GIT_CREDENTIALS=cred)
    return env


def cred_url(srv, token):
    return "http://%s:%s@127.0.0.1:%d" % (USER, urllib.parse.quote(token, safe=""), srv.port)


def secrets(token):
    quoted = urllib.parse.quote(token, safe="")
    return [token, quoted, "%s:%s" % (USER, token), "%s:%s" % (USER, quoted)]


def leaks(texts, token):
    """The (label, secret) pairs where a secret appears in one of texts."""
    found = []
    for label, text in texts:
        data = text.encode() if isinstance(text, str) else text
        for s in secrets(token):
            if s.encode() in data:
                found.append((label, s))
    return found


def files_under(*roots):
    """(path, bytes) of every regular file below the roots."""
    out = []
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for n in names:
                p = os.path.join(dirpath, n)
                if os.path.isfile(p) and not os.path.islink(p):
                    with contextlib.suppress(OSError), open(p, "rb") as f:
                        out.append((p, f.read()))
    return out


def cred_files(root):
    return [os.path.join(d, n) for d, _s, ns in os.walk(root) for n in ns
            if n.startswith(CRED_PREFIX)]


def home_git_state():
    """What the user's own git configuration and credential files hold."""
    home = os.path.expanduser("~")
    out = {}
    for rel in (".gitconfig", ".git-credentials", ".config/git/config",
                ".config/git/credentials"):
        p = os.path.join(home, rel)
        try:
            with open(p, "rb") as f:
                out[rel] = hashlib.sha256(f.read()).hexdigest()
        except OSError:
            out[rel] = None
    return out


OURS = ("build.ninja", ".gogen", ".vercel", ".ninja_log", ".ninja_deps")


def user_tree(root):
    return gt.snapshot(root, lambda rel: rel.split(os.sep)[0] in OURS)


def no_leaks(t, label, root, modcache, results, token):
    texts = [(r.describe().split("\n")[0], r.out + r.err) for r in results]
    cmds = gt.ninja(root, "-t", "commands")
    texts.append(("ninja -t commands", cmds.out + cmds.err))
    texts += files_under(root, modcache)
    found = leaks(texts, token)
    t.check("%s: the token appears nowhere (output, build.ninja, ninja -t commands, "
            ".ninja_log, tree, build folder, module cache)" % label, not found,
            "\n".join("%s holds %r" % f for f in found[:20]))
    left = cred_files(root)
    t.check("%s: no credential file is left" % label, not left, "\n".join(left))


# ---------------------------------------------------------------- scenarios

def scenario(t, tmp, srv, trap, name, files, token, body):
    root = os.path.join(tmp, name)
    modcache = os.path.join(tmp, name + "-modcache")
    os.makedirs(modcache)
    gt.write_tree(root, files)
    srv.watch = os.path.join(root, ".gogen")
    with srv.lock:
        srv.creds_seen.clear()
        srv.requests.clear()
    env = build_env(srv, trap, modcache, cred_url(srv, token) if token else None)
    before, home = user_tree(root), home_git_state()
    g = gt.gogen(root, env=env)
    if not t.check("%s: gogen writes build.ninja" % name, g.rc == 0, g.describe()):
        return
    body(root, modcache, env, g)
    diff = gt.snapshot_diff(before, user_tree(root))
    t.check("%s: the user's tree is unchanged (go.mod, go.sum)" % name, not diff,
            "\n".join(diff))
    t.check("%s: the user's git configuration is unchanged" % name,
            home == home_git_state(), "%r\n%r" % (home, home_git_state()))


def test_right_token(t, tmp, srv, trap):
    files = project_files(MODULE, PRIVATE_FILES, "private", "Greeting")

    def body(root, modcache, env, g):
        r = gt.ninja(root, env=env)
        t.check("right token: ninja builds", r.rc == 0, r.describe())
        t.check("right token: the download went through the server with the token",
                srv.authorized_requests() > 0, repr(srv.requests))
        fn = gt.bootstrap_path(root, ".", "/api/hello")
        problems = gt.probe(fn, {"path": "/", "status": 200, "contains": GREETING})
        t.check("right token: the function answers with the private package",
                not problems, "\n".join(problems))
        seen = list(srv.creds_seen)
        t.check("right token: a credential file existed in the build folder during "
                "the download", bool(seen), repr(seen))
        bad = [s for s in seen if s[1] != 0o600]
        t.check("right token: the credential file had mode 0600", not bad, repr(bad))
        t.check("right token: it sits in the build folder's mod/ folder",
                all(s[0].startswith("mod" + os.sep) for s in seen), repr(seen))
        again = gt.ninja(root, env=env)
        t.check("right token: a second ninja has no work to do",
                again.rc == 0 and "no work to do" in again.out, again.describe())
        # The functions build from the module cache alone: no credentials,
        # no network, and the download edge does not run again.
        os.remove(fn)
        offline = gt.base_env(**{k: env[k] for k in env if k.startswith(("GO", "GIT_CONFIG"))})
        offline.update(GOPROXY="off", GOMODCACHE=modcache)
        offline.pop("GIT_CREDENTIALS", None)
        n = len(srv.requests)
        r2 = gt.ninja(root, env=offline)
        t.check("right token: the function rebuilds offline from the module cache",
                r2.rc == 0 and "DOWNLOAD" not in r2.out and len(srv.requests) == n,
                r2.describe())
        no_leaks(t, "right token", root, modcache, [g, r, again, r2], TOKEN)

    scenario(t, tmp, srv, trap, "right", files, TOKEN, body)


def test_wrong_token(t, tmp, srv, trap):
    files = project_files(MODULE, PRIVATE_FILES, "private", "Greeting")

    def body(root, modcache, env, g):
        r = gt.ninja(root, env=env)
        t.check("wrong token: ninja fails", r.rc not in (0, None), r.describe())
        t.check("wrong token: the message says the server refused the credentials",
                "refused the credentials that GIT_CREDENTIALS gives" in r.out and
                "http://127.0.0.1:%d" % srv.port in r.out, r.describe())
        t.check("wrong token: no function was built",
                not os.path.exists(gt.bootstrap_path(root, ".", "/api/hello")), r.describe())
        t.check("wrong token: a credential file existed during the download",
                bool(srv.creds_seen) and all(m == 0o600 for _p, m in srv.creds_seen),
                repr(srv.creds_seen))
        no_leaks(t, "wrong token", root, modcache, [g, r], WRONG)
        no_leaks(t, "wrong token (the right one)", root, modcache, [g, r], TOKEN)

    scenario(t, tmp, srv, trap, "wrong", files, WRONG, body)


def test_no_credentials(t, tmp, srv, trap):
    files = project_files(MODULE, PRIVATE_FILES, "private", "Greeting")

    def body(root, modcache, env, g):
        r = gt.ninja(root, env=env)
        t.check("no GIT_CREDENTIALS: ninja fails and says how to give them",
                r.rc not in (0, None) and "GIT_CREDENTIALS" in r.out, r.describe())
        t.check("no GIT_CREDENTIALS: no credential file was made",
                not srv.creds_seen and not cred_files(root), repr(srv.creds_seen))

    scenario(t, tmp, srv, trap, "none", files, None, body)


def test_malformed(t, tmp, srv, trap):
    files = project_files(MODULE, PRIVATE_FILES, "private", "Greeting")

    def body(root, modcache, env, g):
        env = dict(env, GIT_CREDENTIALS="%s@127.0.0.1:%d" % (TOKEN, srv.port))
        r = gt.ninja(root, env=env)
        t.check("malformed GIT_CREDENTIALS: ninja fails naming the variable",
                r.rc not in (0, None) and "GIT_CREDENTIALS: entry 1 is not a URL" in r.out,
                r.describe())
        t.check("malformed GIT_CREDENTIALS: nothing was asked of the server",
                not srv.requests, repr(srv.requests))
        no_leaks(t, "malformed GIT_CREDENTIALS", root, modcache, [g, r], TOKEN)

    scenario(t, tmp, srv, trap, "malformed", files, TOKEN, body)


def test_redaction(t, tmp, srv, trap):
    files = project_files(ECHO_MODULE, ECHO_FILES, "echo", "Echo")

    def body(root, modcache, env, g):
        r = gt.ninja(root, env=env)
        t.check("server naming the token: ninja fails", r.rc not in (0, None), r.describe())
        t.check("server naming the token: its message is shown, masked",
                "denied for ***" in r.out and "url http://***@127.0.0.1" in r.out,
                r.describe())
        t.check("server naming the token: the credentials are not called refused",
                "refused" not in r.out and "GIT_CREDENTIALS gave git the credentials for "
                "http://127.0.0.1:%d" % srv.port in r.out, r.describe())
        no_leaks(t, "server naming the token", root, modcache, [g, r], TOKEN)

    scenario(t, tmp, srv, trap, "echo", files, TOKEN, body)


def test_interrupt(t, tmp, srv, trap):
    files = project_files(MODULE, PRIVATE_FILES, "private", "Greeting")

    def body(root, modcache, env, g):
        srv.stalled.clear()
        srv.release.clear()
        srv.stall = True
        p = subprocess.Popen(["ninja"], cwd=root, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
        try:
            stalled = srv.stalled.wait(60)
            t.check("interrupt: the download reached the server", stalled)
            during = cred_files(root)
            modes = [stat.S_IMODE(os.lstat(f).st_mode) for f in during]
            t.check("interrupt: during the download the credential file exists, mode 0600",
                    len(during) == 1 and modes == [0o600], repr(list(zip(during, modes))))
            p.send_signal(signal.SIGTERM)
            try:
                out, _ = p.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                out, _ = p.communicate()
            t.check("interrupt: ninja stops", p.returncode not in (0, None),
                    out.decode("utf-8", "replace"))
            # The step's processes are in ninja's process group for the
            # command; give them a moment to be gone.
            deadline = time.monotonic() + 10
            while cred_files(root) and time.monotonic() < deadline:
                time.sleep(0.1)
            left = cred_files(root)
            t.check("interrupt: SIGTERM leaves no credential file", not left, repr(left))
            r = gt.Result(["ninja"], p.returncode, out.decode("utf-8", "replace"), "")
            no_leaks(t, "interrupt", root, modcache, [g, r], TOKEN)
        finally:
            srv.stall = False
            srv.release.set()
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    scenario(t, tmp, srv, trap, "interrupt", files, TOKEN, body)


def body(t):
    for tool in ("git", "ninja", "go"):
        if not shutil.which(tool):
            t.skip("private modules", "%s is not installed" % tool)
            return
    if not os.access(BACKEND, os.X_OK):
        t.skip("private modules", "%s is not installed" % BACKEND)
        return
    with gt.tempdir("private") as tmp:
        make_repo(tmp, "private", PRIVATE_FILES)
        make_repo(tmp, "echo", ECHO_FILES)
        srv, trap = GitServer(os.path.join(tmp, "repos")), Trap()
        try:
            for test in (test_right_token, test_wrong_token, test_no_credentials,
                         test_malformed, test_redaction, test_interrupt):
                test(t, tmp, srv, trap)
            t.check("no connection went to any other host (the proxy trap saw none)",
                    not trap.seen, "\n".join(trap.seen))
        finally:
            srv.close()
            trap.close()


if __name__ == "__main__":
    gt.main("private modules through GIT_CREDENTIALS", body)
