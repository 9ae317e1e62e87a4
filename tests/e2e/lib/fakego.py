"""fakego - fake Go toolchains and a loopback mirror for gogen's toolchain
tests.

A fake toolchain is a real-looking release archive (go/bin/go, go/VERSION)
whose go/bin/go is a shell script: it answers "go version" with the release
it pretends to be and hands every other command to this machine's go,
with GOTOOLCHAIN=local and without the GOROOT it was given. Each call is
logged as one line "release<TAB>GOROOT<TAB>GOTOOLCHAIN<TAB>subcommand<TAB>
-overlay file", which proves which toolchain built which function.

The mirror is an HTTP server on 127.0.0.1 (a port the system picks) that
the test starts and stops itself. It serves what it is given, counts the
requests per path and can misbehave on purpose: answer 404, wait before
answering, close the connection half-way through a body, or stall there.

Python 3 standard library only.
"""

import gzip
import hashlib
import http.server
import io
import json
import os
import shlex
import tarfile
import threading
import time
import zipfile

GOOS = {"Linux": "linux", "Darwin": "darwin", "FreeBSD": "freebsd"}
GOARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64",
      "i686": "386", "i386": "386", "ppc64le": "ppc64le", "s390x": "s390x",
      "riscv64": "riscv64"}


def host_platform():
    """(GOOS, GOARCH) of this machine, as gogen names its cache entries."""
    u = os.uname()
    return GOOS.get(u.sysname, u.sysname.lower()), GOARCH.get(u.machine, u.machine)


def archive_name(version):
    """go1.22.12.linux-amd64.tar.gz for this machine."""
    goos, goarch = host_platform()
    return "go%s.%s-%s.tar.gz" % (version, goos, goarch)


def entry_name(version):
    goos, goarch = host_platform()
    return "%s.%s-%s" % (version, goos, goarch)


def script(version, real_go, log):
    """The text of a fake go/bin/go pretending to be go<version>."""
    goos, goarch = host_platform()
    return """#!/bin/sh
# A fake go%(v)s for gogen's tests: it reports its version itself and
# hands everything else to this machine's go.
ov= prev=
for a in "$@"; do
    [ "$prev" = -overlay ] && ov=$a
    prev=$a
done
printf '%%s\\t%%s\\t%%s\\t%%s\\t%%s\\n' go%(v)s "${GOROOT-}" "${GOTOOLCHAIN-}" "${1-}" "$ov" \\
    >>%(log)s
if [ "${1-}" = version ]; then
    echo "go version go%(v)s %(os)s/%(arch)s"
    exit 0
fi
unset GOROOT
GOTOOLCHAIN=local exec %(go)s "$@"
""" % {"v": version, "log": shlex.quote(log), "go": shlex.quote(real_go), "os": goos,
       "arch": goarch}


def _add(tar, name, data, mode):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    info.mtime = 1700000000
    tar.addfile(info, io.BytesIO(data))


def archive(version, real_go, log, pad=256 * 1024, claims=None):
    """A .tar.gz like the Go project's for this machine, holding the fake
    go and pad bytes of incompressible filler (so that a transfer can be
    cut half-way). claims: the release its go says it is (default
    version)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for d in ("go", "go/bin", "go/pkg", "go/pkg/tool"):
            info = tarfile.TarInfo(d)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        _add(tar, "go/bin/go", script(claims or version, real_go, log).encode(), 0o755)
        _add(tar, "go/VERSION", ("go%s\ntime 2024-01-01T00:00:00Z\n" % version).encode(),
             0o644)
        _add(tar, "go/pkg/filler", os.urandom(pad), 0o644)
    return gzip.compress(raw.getvalue(), mtime=0)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def proxy_tree(root, version, real_go, log):
    """Writes a GOPROXY folder (for GOPROXY=file://root) that serves
    golang.org/toolchain@v0.0.1-go<version>.<os>-<arch> holding the fake
    go. Returns the module version."""
    goos, goarch = host_platform()
    mv = "v0.0.1-go%s.%s-%s" % (version, goos, goarch)
    d = os.path.join(root, "golang.org", "toolchain", "@v")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "list"), "a") as f:
        f.write(mv + "\n")
    with open(os.path.join(d, mv + ".info"), "w") as f:
        json.dump({"Version": mv, "Time": "2024-01-01T00:00:00Z"}, f)
    with open(os.path.join(d, mv + ".mod"), "w") as f:
        f.write("module golang.org/toolchain\n")
    prefix = "golang.org/toolchain@%s/" % mv
    with zipfile.ZipFile(os.path.join(d, mv + ".zip"), "w") as z:
        z.writestr(prefix + "go.mod", "module golang.org/toolchain\n")
        z.writestr(prefix + "bin/go", script(version, real_go, log))
        z.writestr(prefix + "pkg/tool/%s_%s/compile" % (goos, goarch), "#!/bin/sh\n")
        z.writestr(prefix + "VERSION", "go%s\n" % version)
    return mv


def read_log(log):
    """The fake go calls so far: a list of dicts."""
    calls = []
    try:
        with open(log, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) == 5:
                    calls.append({"release": p[0], "goroot": p[1],
                              "gotoolchain": p[2], "cmd": p[3], "overlay": p[4]})
    except FileNotFoundError:
        pass
    return calls


class Mirror:
    """A loopback HTTP server for the tests. files maps a path ("/x") to
    bytes; behave maps a path to "404", "drop" (close half-way through
    the body), "stall" (send half, then wait until release()) or a number
    of seconds to wait before answering."""

    def __init__(self):
        self.files = {}
        self.behave = {}
        self.counts = {}
        self.lock = threading.Lock()
        self.unstall = threading.Event()
        mirror = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with mirror.lock:
                    mirror.counts[self.path] = mirror.counts.get(self.path, 0) + 1
                    how = mirror.behave.get(self.path)
                    data = mirror.files.get(self.path)
                if isinstance(how, (int, float)):
                    time.sleep(how)
                if data is None or how == "404":
                    body = b"not found\n"
                    self.send_response(404)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                if how in ("drop", "stall"):
                    self.send_header("Connection", "close")
                self.end_headers()
                if how in ("drop", "stall"):
                    self.wfile.write(data[:len(data) // 2])
                    self.wfile.flush()
                    if how == "stall":
                        mirror.unstall.wait(60)
                    self.close_connection = True
                    return
                self.wfile.write(data)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def publish(self, version, data, checksum=True):
        """Serves an archive as /go<version>.<os>-<arch>.tar.gz with its
        .sha256 beside it (checksum False: without; a string: that text)."""
        path = "/" + archive_name(version)
        self.files[path] = data
        if checksum is True:
            self.files[path + ".sha256"] = sha256(data).encode()
        elif checksum:
            self.files[path + ".sha256"] = checksum.encode()
        return path

    def count(self, path=None):
        """Requests for path so far, or for everything."""
        with self.lock:
            return self.counts.get(path, 0) if path else sum(self.counts.values())

    def release(self):
        self.unstall.set()

    def stop(self):
        self.unstall.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
