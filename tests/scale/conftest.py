"""Two uvicorn workers on one PostgreSQL database and one Redis (the scale-out deployment)."""

from __future__ import annotations

import pytest

from tests.support.scale import two_workers_on

# Far longer than any wait in these tests: whatever arrives, arrived live over Redis, not by the
# heartbeat's fallback (which also closes removed participants' sockets).
HEARTBEAT_SECONDS = 120


@pytest.fixture(scope="module")
def two_workers():
    with two_workers_on("wijktafel_scale", heartbeat_seconds=HEARTBEAT_SECONDS) as workers:
        yield workers
