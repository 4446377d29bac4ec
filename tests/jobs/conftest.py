"""Fixtures of the background-work tests: a migrated database for real worker processes (a
SQLite file; a PostgreSQL database when ``DATABASE_URL`` is set, as in ``make test-postgres``)."""

from __future__ import annotations

import os

import pytest

from tests.support.scale import drop_database
from tests.support.worker_process import Workers, copy_database, postgres_database

BASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated database that each test copies (migrating takes seconds)."""
    workdir = tmp_path_factory.mktemp("jobs-db")
    url = postgres_database(BASE_URL) if BASE_URL else ""
    workers = Workers(workdir, url)
    workers.manage("migrate", "--noinput", "-v", "0")
    yield url or workers.db_path
    if url:
        drop_database(BASE_URL, url)


@pytest.fixture
def workers(migrated, tmp_path):
    url = postgres_database(BASE_URL, template=migrated) if BASE_URL else ""
    workers = Workers(tmp_path, url)
    if not url:
        copy_database(migrated, workers.db_path)
    yield workers
    workers.stop_all()
    if url:
        drop_database(BASE_URL, url)
