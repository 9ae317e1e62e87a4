"""devserver - gogen dev, the local development server, for gogen's tests.

DevServer runs `gogen dev [project]` from a tree that ninja dev has built,
on a free loopback port (PORT), and asks it over HTTP; shutdown() stops it
the way a user does (SIGTERM) and says what it left running. The server
starts each function in a process group of its own, but they all stay in
the session gogen dev leads (gt.Process starts it in a new one): that is
how what it left running is found, and killed when it stops.

Python 3 standard library only; every wait is bounded.
"""

import os
import signal
import time

import gogentest as gt

READY_TIMEOUT = 120  # gogen dev runs ninja dev before it listens
# The server gives a function 10 s to accept connections before its 502.
REQUEST_TIMEOUT = gt.REQUEST_TIMEOUT + 15


class DevServer(gt.Process):
    """gogen dev [project] run from root, on a free loopback port."""

    ready_timeout = READY_TIMEOUT
    # The first request to a function starts it: allow for that.
    request_timeout = REQUEST_TIMEOUT

    def __init__(self, root, project=None, env=None):
        port = gt.free_port()
        e = dict(env if env is not None else gt.base_env())
        e["PORT"] = str(port)
        argv = [gt.gogen_path(), "dev"] + ([project] if project else [])
        super().__init__(argv, root, e, port)

    def processes(self):
        """The live pids of the server and all it started. Once the server
        is reaped, its number stays taken while a process of its session
        lives: a process numbered as it is then is a stranger's, and none
        of its session is left."""
        if self.proc.returncode is not None and gt.alive(self.proc.pid):
            return []
        return gt.session_members(self.proc.pid)

    def shutdown(self):
        """Sends SIGTERM and waits for the server to end and every process
        it started to be gone. Returns a list of problems (empty: clean)."""
        if self.proc.poll() is not None:
            return ["the server had already ended (exit status %d)" % self.proc.returncode]
        started = [p for p in self.processes() if p != self.proc.pid]
        self.proc.send_signal(signal.SIGTERM)
        rc = self.wait_exit(gt.STOP_TIMEOUT * 2)
        if rc is None:
            return ["still running %ds after SIGTERM" % (gt.STOP_TIMEOUT * 2)]
        deadline = time.monotonic() + gt.STOP_TIMEOUT
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.05)
        left = self.processes()
        if left:
            return ["after SIGTERM the server ended (exit status %d) but left running: %s "
                "(it had started %s)" % (rc, ", ".join(describe(p) for p in left), started)]
        return []


def describe(pid):
    """pid and its command line, for a report."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            argv = f.read().split(b"\0")
        return "%d (%s)" % (pid, os.path.basename(argv[0].decode("utf-8", "replace")))
    except OSError:
        return str(pid)
