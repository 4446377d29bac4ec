"""Fixtures of the authorization matrix: the two-organisation world, built once per module.

Building the world takes a few hundred queries, and the matrix has hundreds of cells, so:

* ``held_world`` (page and API cells) builds it inside a transaction that stays open for the
  module; every test runs in a savepoint inside it (pytest-django's ``django_db``), so each
  cell starts from the same world and nothing of it is ever committed;
* ``world_rows`` (socket cells, which need committed data because the consumer reads from a
  worker thread) builds it, copies its rows, and rolls back; ``restore`` writes the rows back
  at the start of each ``transaction=True`` test, with the same ids.
"""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from tests.support.authz import Collect, capture_rows
from tests.support.world import build_world


@pytest.fixture(scope="module")
def held_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        rows = capture_rows()
        transaction.set_rollback(True)
    return world, rows


# --- Logs: every record, at DEBUG, must be free of contact-detail canaries -----------------------


@pytest.fixture
def logs():
    """Every log record of the test, at DEBUG, from every logger (also those with their own level
    or that do not propagate)."""
    handler = Collect()
    root = logging.getLogger()
    saved = [(root, root.level)]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            saved.append((logger, logger.level))
            if logger.level > logging.DEBUG:
                logger.setLevel(logging.DEBUG)
            if not logger.propagate:
                logger.addHandler(handler)
    yield handler.records
    for logger, level in saved:
        logger.setLevel(level)
        logger.removeHandler(handler)
