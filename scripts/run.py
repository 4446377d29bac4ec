"""Serve Wijktafel: the web server (uvicorn) and the task worker, started and stopped together.

``make run`` calls this after the set-up. Ctrl-C (SIGINT) or SIGTERM stops both; when either
process ends by itself, the other is stopped too, and this script exits with the first one's
code, so a worker that cannot start never leaves a server without one (or the other way round).
No Django here: it only starts and watches the two processes.

    .venv/bin/python scripts/run.py [--host 127.0.0.1] [--port 8000] [uvicorn options ...]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STOP_SECONDS = 10


def commands(host: str, port: str, extra: list[str]) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "server": [
            python,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            host,
            "--port",
            port,
            *extra,
        ],
        "worker": [python, "manage.py", "jobs_worker"],
    }


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM to every process still running, then SIGKILL after STOP_SECONDS."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args, extra = parser.parse_known_args(argv)

    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    processes: dict[str, subprocess.Popen] = {}
    for name, command in commands(args.host, args.port, extra).items():
        # Own process group: Ctrl-C in the terminal reaches only this script, which then stops
        # both in order (a worker mid-task finishes it first).
        processes[name] = subprocess.Popen(command, cwd=ROOT, process_group=0)
    code = 0
    try:
        while not stopping:
            ended = [(n, p.returncode) for n, p in processes.items() if p.poll() is not None]
            if ended:
                name, code = ended[0]
                print(
                    f"run.py: the {name} stopped (exit {code}); stopping the rest", file=sys.stderr
                )
                code = code or 1
                break
            time.sleep(0.2)
    finally:
        stop(processes)
    return code


if __name__ == "__main__":
    sys.exit(main())
