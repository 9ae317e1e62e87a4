"""gogentest - what gogen's end-to-end scripts share: counting results,
running gogen, ninja and go with a quiet environment, writing project
trees, routing a request to a built function and asking it over HTTP.

Python 3 standard library only. Every helper bounds its waits, so that a
hung gogen, ninja or function fails one test instead of the whole run.
"""

import contextlib
import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback

GOGEN_TIMEOUT = 120  # seconds for one gogen run
NINJA_TIMEOUT = 900  # seconds for one ninja run (Go builds take ~1 s each)
START_TIMEOUT = 10  # seconds for a function to accept connections
REQUEST_TIMEOUT = 10  # seconds for one HTTP exchange
STOP_TIMEOUT = 5  # seconds between SIGTERM and SIGKILL


def srcdir():
    """The repository root: $GOGEN_SRCDIR, else two folders up from here."""
    d = os.environ.get("GOGEN_SRCDIR")
    if d:
        return os.path.abspath(d)
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def gogen_path():
    """The gogen binary under test: main()'s private copy of $GOGEN (else
    of <srcdir>/gogen)."""
    return _private_gogen or os.path.abspath(os.environ.get("GOGEN") or
                         os.path.join(srcdir(), "gogen"))


# main() runs a private copy of gogen, so that a rebuild of the original
# while a script runs (every build.ninja depends on the gogen binary)
# cannot make ninja relink everything half-way through a test.
_private_gogen = None


class Tally:
    """Counts checks and prints the final "N passed, N failed" line."""

    def __init__(self, title):
        self.title = title
        self.passed = 0
        self.failed = 0
        print("# %s (gogen: %s, run from a private copy)" % (title, gogen_path()),
              flush=True)

    def check(self, name, ok, detail=""):
        """Counts one test; on failure prints detail indented below it."""
        if ok:
            self.passed += 1
            print("ok   %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL %s" % name, flush=True)
            if detail:
                print(indent(detail), flush=True)
        return bool(ok)

    def skip(self, name, why):
        """Counts a test that cannot run here as passed, saying why."""
        self.passed += 1
        print("ok   %s # SKIP %s" % (name, why), flush=True)

    def note(self, text):
        print("#    " + text.replace("\n", "\n#    "), flush=True)

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        sys.exit(1 if self.failed else 0)


def main(title, body):
    """Runs body(tally); an unexpected exception counts as one failure and
    the final line is printed whatever happens."""
    global _private_gogen
    t = Tally(title)
    if not os.access(gogen_path(), os.X_OK):
        t.check("gogen binary exists", False, "%s is not an executable" % gogen_path())
        t.finish()
    with tempdir("bin") as d:
        try:
            shutil.copy2(gogen_path(), os.path.join(d, "gogen"))
            _private_gogen = os.path.join(d, "gogen")
            body(t)
        except Exception:
            t.check("script ran to its end", False, traceback.format_exc())
    t.finish()


def indent(text, prefix="\t"):
    text = text.rstrip("\n")
    if len(text) > 6000:
        text = text[:3000] + "\n[... %d characters cut ...]\n" % (len(text) - 6000) + text[-3000:]
    return "\n".join(prefix + line for line in text.split("\n"))


# ---------------------------------------------------------------- processes

def base_env(**extra):
    """The environment for gogen, ninja and go: the Go on this machine only
    (GOTOOLCHAIN=local), nothing fetched (GOPROXY=off, GOFLAGS unset), no
    flags or workspace leaking in from the caller. extra adds or, with
    None, removes variables."""
    env = dict(os.environ)
    for k in ("GOFLAGS", "GO_BUILD_FLAGS", "GOWORK", "GOOS", "GOARCH", "CGO_ENABLED",
          "NINJA_STATUS", "MAKEFLAGS"):
        env.pop(k, None)
    env["GOTOOLCHAIN"] = "local"
    env["GOPROXY"] = "off"
    env["LC_ALL"] = "C"
    # go refuses to run without a cache folder; CI may have no $HOME.
    if not any(env.get(k) for k in ("GOCACHE", "XDG_CACHE_HOME", "HOME")):
        env["GOCACHE"] = os.path.join(tempfile.gettempdir(), "gogen-e2e-gocache")
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


class Result:
    """What one command did: rc (None on timeout), out and err text."""

    def __init__(self, argv, rc, out, err, timed_out=False):
        self.argv, self.rc, self.out, self.err, self.timed_out = argv, rc, out, err, timed_out

    @property
    def text(self):
        return self.out + self.err

    def describe(self):
        what = "timed out" if self.timed_out else "exit %s" % self.rc
        return "$ %s\n(%s)\n--- stdout\n%s--- stderr\n%s" % (
            " ".join(self.argv), what, self.out, self.err)


def run(argv, cwd, env=None, timeout=GOGEN_TIMEOUT):
    """Runs argv in cwd with stdin closed; kills its whole process group
    when it outlives timeout."""
    env = env if env is not None else base_env()
    p = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    return Result(list(argv), None if timed_out else p.returncode,
              out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), timed_out)


def gogen(cwd, *args, env=None, timeout=GOGEN_TIMEOUT):
    return run([gogen_path()] + list(args), cwd, env, timeout)


def ninja(cwd, *args, env=None, timeout=NINJA_TIMEOUT):
    return run(["ninja"] + list(args), cwd, env, timeout)


def list_functions(cwd, env=None):
    """gogen --list --json: (list of dicts, None) or (None, why)."""
    r = gogen(cwd, "--list", "--json", env=env)
    if r.rc != 0:
        return None, r.describe()
    try:
        v = json.loads(r.out)
    except ValueError as e:
        return None, "not JSON (%s)\n%s" % (e, r.describe())
    if not isinstance(v, list) or not all(isinstance(f, dict) for f in v):
        return None, "not an array of objects\n" + r.describe()
    return v, None


# ---------------------------------------------------------------- files

@contextlib.contextmanager
def tempdir(tag):
    """A fresh folder, removed afterwards even if a test left it read-only."""
    d = tempfile.mkdtemp(prefix="gogen-e2e-%s-" % tag)
    try:
        yield os.path.realpath(d)
    finally:
        remove_tree(d)


def remove_tree(d):
    def unlock(func, path, _exc):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), 0o755)
            os.chmod(path, 0o755)
        with contextlib.suppress(OSError):
            func(path)
    shutil.rmtree(d, onerror=unlock)


def write_tree(root, files):
    """Writes {relative path: text} under root, making folders."""
    for rel, text in files.items():
        write_file(os.path.join(root, rel), text)


def write_file(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def snapshot(root, skip):
    """{relative path: (kind, mode, sha256)} of everything under root, apart
    from the relative paths for which skip(path) is true (and below them)."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root):
        reld = os.path.relpath(dirpath, root)
        keep = []
        for n in sorted(dirnames):
            rel = os.path.normpath(os.path.join(reld, n))
            if skip(rel):
                continue
            st = os.lstat(os.path.join(dirpath, n))
            snap[rel] = ("dir", stat.S_IMODE(st.st_mode), None)
            if not stat.S_ISLNK(st.st_mode):
                keep.append(n)
        dirnames[:] = keep
        for n in filenames:
            rel = os.path.normpath(os.path.join(reld, n))
            if skip(rel):
                continue
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                snap[rel] = ("link", 0, os.readlink(p))
            else:
                with open(p, "rb") as f:
                    h = hashlib.sha256(f.read()).hexdigest()
                snap[rel] = ("file", stat.S_IMODE(st.st_mode), h)
    return snap


def snapshot_diff(before, after):
    """Lines naming what was added, removed or changed; empty if equal."""
    lines = []
    for k in sorted(set(before) | set(after)):
        if k not in after:
            lines.append("removed: " + k)
        elif k not in before:
            lines.append("added:   " + k)
        elif before[k] != after[k]:
            lines.append("changed: %s (%s -> %s)" % (k, before[k], after[k]))
    return lines


def mtimes(paths):
    """{path: st_mtime_ns or None if missing}."""
    out = {}
    for p in paths:
        try:
            out[p] = os.stat(p).st_mtime_ns
        except OSError:
            out[p] = None
    return out


def edit_later(path, text):
    """Writes text to path making sure its mtime moves past that of every
    output built so far, even on file systems with coarse timestamps."""
    time.sleep(1.05)
    write_file(path, text)


# ---------------------------------------------------------------- routes

def bootstrap_path(root, project, route):
    """Where the spec puts a function's binary:
    <project>/.vercel/output/functions/<route>.func/bootstrap."""
    rel = route.strip("/")
    return os.path.normpath(os.path.join(root, project or ".", ".vercel", "output",
                         "functions", rel + ".func", "bootstrap"))


def match_route(route, path):
    """Matches a request path (no query) against a route. Returns None, or
    (score, [(name, value)]) where a lower score is a more specific match:
    static segments beat [name], which beats [...name]. Segments are
    compared percent-decoded, as the platform routes them."""
    from urllib.parse import unquote
    rs = [s for s in route.split("/") if s]
    ps = [unquote(s) for s in path.split("/") if s]
    params, dyn, rest = [], 0, 0
    i = 0
    for j, seg in enumerate(rs):
        if seg.startswith("[...") and seg.endswith("]"):
            if j != len(rs) - 1 or i >= len(ps):
                return None
            params.append((seg[4:-1], "/".join(ps[i:])))
            rest += 1
            i = len(ps)
            continue
        if i >= len(ps):
            return None
        if seg.startswith("[") and seg.endswith("]"):
            params.append((seg[1:-1], ps[i]))
            dyn += 1
        elif seg != ps[i]:
            return None
        i += 1
    if i != len(ps):
        return None
    return (rest, dyn), params


def pick_function(functions, project, path):
    """The function of project (a folder relative to the root) that answers
    path, and the query parameters its dynamic segments add; or (None, [])."""
    want = os.path.normpath(project or ".")
    best = None
    for f in functions:
        if os.path.normpath(f.get("project") or ".") != want:
            continue
        m = match_route(f.get("route", ""), path)
        if m and (best is None or m[0] < best[0]):
            best = (m[0], f, m[1])
    return (best[1], best[2]) if best else (None, [])


# ---------------------------------------------------------------- servers

def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid):
    """True while pid runs (a zombie counts as ended)."""
    fields = _stat_fields(pid)
    return bool(fields) and fields[0] != "Z"


def children_of(pid, zombies=False):
    """The pids whose parent is pid, from /proc; those that ended and wait
    to be reaped (zombies) only with zombies=True."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        fields = _stat_fields(d)
        if fields and len(fields) > 1 and fields[1] == str(pid) and (zombies or fields[0] != "Z"):
            out.append(int(d))
    return out


def session_members(sid):
    """The live pids (zombies left out) of session sid. A program started
    by Process leads its own session, and whatever it starts stays in it
    even in a process group of its own or once orphaned: what is left of
    the session after it ended is what it failed to stop."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        fields = _stat_fields(d)
        if fields and len(fields) > 3 and fields[3] == str(sid) and fields[0] != "Z":
            out.append(int(d))
    return out


def kill_session(sid, reaped):
    """SIGKILL to every process of session sid, the pid of a session leader
    Process started (reaped: it was waited for). Once the leader is reaped,
    Linux does not hand its number out again while any process still has
    it as session id: a process numbered sid then is a stranger's."""
    if reaped and _stat_fields(sid) is not None:
        return
    for pid in session_members(sid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _stat_fields(pid):
    """The fields of /proc/<pid>/stat after "pid (comm)", state first (comm
    may hold spaces and parentheses); None when there is no such process."""
    try:
        with open("/proc/%s/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2:].split()


class Process:
    """A program started in its own session (so that its whole process
    group can be signalled), its output kept in a log file; port, when
    given, is the loopback port it is to listen on."""

    ready_timeout = START_TIMEOUT
    request_timeout = REQUEST_TIMEOUT
    term_group = False  # stop() sends SIGTERM to the whole group

    def request(self, method, target, body=None, headers=None):
        """Sends one HTTP request to the process's port on 127.0.0.1:
        (status, {lower-case name: value}, body text), the values of a
        repeated header joined with ", "."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.request_timeout)
        try:
            data = body.encode("utf-8") if isinstance(body, str) else body
            c.request(method, target, body=data, headers=headers or {})
            r = c.getresponse()
            text = r.read().decode("utf-8", "replace")
            hdrs = {}
            for k, v in r.getheaders():
                k = k.lower()
                hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
            return r.status, hdrs, text
        finally:
            c.close()

    def __init__(self, argv, cwd, env, port=None):
        self.port = port
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=self.log, stderr=subprocess.STDOUT,
                         start_new_session=True)

    def output(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def wait_ready(self, timeout=None):
        """True once the port accepts connections; False if the process
        ended or timeout (else ready_timeout) passed first."""
        deadline = time.monotonic() + (self.ready_timeout if timeout is None else timeout)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.05)
        return False

    def wait_exit(self, timeout=STOP_TIMEOUT * 2):
        """The exit status, or None if still running after timeout."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        """SIGTERM, STOP_TIMEOUT to end, then SIGKILL to the whole group:
        what the program started in its session goes too."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                if self.term_group:
                    os.killpg(self.proc.pid, signal.SIGTERM)
                else:
                    self.proc.terminate()
            self.wait_exit(STOP_TIMEOUT)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.wait_exit(STOP_TIMEOUT)
        # Those it started in process groups of their own.
        kill_session(self.proc.pid, self.proc.returncode is not None)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Server(Process):
    """One built function in its local mode: PORT=<n> ./bootstrap, run from
    the folder holding it, its output kept in a log file."""

    def __init__(self, binary, env=None):
        self.binary = os.path.abspath(binary)
        port = free_port()
        e = dict(env if env is not None else base_env())
        e["PORT"] = str(port)
        super().__init__([self.binary], os.path.dirname(self.binary), e, port)



def probe_target(path, params=()):
    """path with params (the [name] segments of a route, as (name, value)
    pairs) added to its query, the way the platform passes them."""
    from urllib.parse import urlencode
    if params:
        path += ("&" if "?" in path else "?") + urlencode(list(params), safe="/")
    return path


def answer_problems(probe_spec, status, headers, text):
    """What is wrong with an answer (status, {lower-case name: value},
    body text) by probe_spec's checks: status, contains, not_contains and
    header (name -> expected substring). Empty when it passes."""
    problems = []
    want = probe_spec.get("status")
    if want is not None and status != want:
        problems.append("status %s, want %d" % (status, want))
    c = probe_spec.get("contains")
    for w in ([c] if isinstance(c, str) else c or []):
        if w not in text:
            problems.append("body lacks %r" % w)
    c = probe_spec.get("not_contains")
    for w in ([c] if isinstance(c, str) else c or []):
        if w in text:
            problems.append("body has %r" % w)
    for name, value in (probe_spec.get("header") or {}).items():
        got = headers.get(name.lower())
        if got is None or value not in got:
            problems.append("header %s: %r, want it to contain %r" % (name, got, value))
    return problems


def probe(binary, probe_spec, params=(), env=None):
    """Starts binary, sends the request of probe_spec (path, method, body,
    headers) with params added to its query, checks status, contains,
    not_contains and header. Returns a list of problems (empty: passed)."""
    path = probe_target(probe_spec.get("path", "/"), params)
    if not os.path.isfile(binary):
        return ["no binary at %s" % binary]
    with Server(binary, env) as s:
        if not s.wait_ready():
            return ["%s did not accept connections on 127.0.0.1:%d within %ds; its output:\n%s"
                % (binary, s.port, START_TIMEOUT, s.output())]
        try:
            status, hdrs, text = s.request(probe_spec.get("method", "GET"), path,
                               probe_spec.get("body"), probe_spec.get("headers"))
        except (OSError, http.client.HTTPException) as e:
            return ["request %s failed: %r; server output:\n%s" % (path, e, s.output())]
        problems = answer_problems(probe_spec, status, hdrs, text)
        if problems:
            problems.append("request: %s %s\nstatus %d\nheaders %s\nbody %r" % (
                probe_spec.get("method", "GET"), path, status, hdrs, text[:2000]))
    return problems
