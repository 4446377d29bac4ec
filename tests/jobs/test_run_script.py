"""``make run``'s scripts/run.py: the web server and the task worker start together, the worker
sends what is due, and when one of them stops (or Ctrl-C) both are stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.mailserver import free_port
from tests.support.worker_process import PYTHON, ROOT, STARTUP_SECONDS, wait_until

pytestmark = pytest.mark.slow


def children(pid: int) -> dict[int, str]:
    """The child processes of ``pid`` with their command lines."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            found[int(child)] = cmdline.decode()
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@pytest.fixture
def served(workers):
    """scripts/run.py on a free port against the workers' database; (process, url, children)."""
    port = free_port()
    log_path = workers.workdir / "run.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "scripts/run.py", "--host", "127.0.0.1", "--port", str(port)]
            + ["--lifespan", "off", "--no-access-log"],
            cwd=ROOT,
            env={**workers.env, "WIJKTAFEL_SITE_URL": f"http://127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/inloggen/"
    try:
        wait_until(
            lambda: answers(url) and "Starting worker" in log_path.read_text(),
            STARTUP_SECONDS,
            f"run.py did not start both:\n{log_path.read_text()}",
        )
        kids = children(process.pid)
        yield process, url, kids, log_path
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


def by_role(kids: dict[int, str]) -> tuple[int, int]:
    [server] = [pid for pid, cmd in kids.items() if "uvicorn" in cmd]
    [worker] = [pid for pid, cmd in kids.items() if "jobs_worker" in cmd]
    return server, worker


def test_run_serves_and_works_and_stops_the_server_when_the_worker_dies(workers, served):
    process, url, kids, log_path = served
    server, worker = by_role(kids)
    job = workers.schedule_reminder(0.5)
    wait_until(
        lambda: workers.job(job["id"])[0] == "done",
        20,
        f"the worker started by run.py did not run the job:\n{log_path.read_text()}",
    )
    assert workers.query("SELECT count(*) FROM jobs_outboxmessage") == [(1,)]

    os.kill(worker, signal.SIGKILL)
    assert process.wait(timeout=20) != 0
    assert not alive(server)
    assert not answers(url)


def test_ctrl_c_stops_the_server_and_the_worker(served):
    process, url, kids, _log = served
    server, worker = by_role(kids)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    assert not alive(server)
    assert not alive(worker)
    deadline = time.monotonic() + 5
    while answers(url) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not answers(url)
