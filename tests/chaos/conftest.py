"""One server stack (uvicorn on a temporary SQLite file, production settings) per module."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support.chaos.server import Stack


@pytest.fixture(scope="module")
def stack():
    workdir = Path(tempfile.mkdtemp(prefix="wijktafel-chaos-"))
    stack = Stack.create(workdir)
    try:
        stack.migrate()
        stack.start()
        yield stack
    finally:
        stack.stop()
        if os.environ.get("WIJKTAFEL_CHAOS_KEEP"):
            print(f"[chaos] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def running(stack):
    """The stack, started again if an earlier test left it down."""
    stack.start()
    return stack
