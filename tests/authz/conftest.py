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
from django.apps import apps
from django.db import connection, transaction

from wijktafel.accounts.models import Organisation, User
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.models import AgendaItem, Participant, Workshop, WorkshopEvent

from .world import PHONE_NEEDLES, build_world

# Parents first; the circular Workshop.current_item <-> AgendaItem is deferred by SQLite and
# PostgreSQL (Django makes foreign keys DEFERRABLE INITIALLY DEFERRED).
TABLES = [Organisation, User, Workshop, AgendaItem, Participant, WorkshopEvent, Column, Postit]
# The appraisal of workshop A (world._appraisal) with its many-to-many tables, so that the socket
# cells of the appraisal ops find it.
TABLES += list(apps.get_app_config("appraisals").get_models(include_auto_created=True))


@pytest.fixture(scope="module")
def held_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            yield world
            transaction.set_rollback(True)


def capture_rows() -> dict:
    rows = {}
    with connection.cursor() as cursor:
        for model in TABLES + [_group_model()]:
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - our table names
            columns = [c[0] for c in cursor.description]
            rows[table] = (columns, cursor.fetchall())
    return rows


def restore_rows(rows: dict) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, values) in rows.items():
            if not values:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)  # noqa: S608
    if connection.vendor == "postgresql":  # keep the id sequences ahead of the copied ids
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), TABLES + [_group_model()]):
                cursor.execute(sql)


def _group_model():
    from django.contrib.auth.models import Group

    return Group


@pytest.fixture(scope="module")
def world_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            world = build_world()
            rows = capture_rows()
            transaction.set_rollback(True)
    return world, rows


# --- Logs: every record, at DEBUG, must be free of contact-detail canaries -----------------------

EMAIL_NEEDLES = ("7f3a@invalid.example", "7f3a%40invalid.example")  # every canary address


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


_FORMAT = logging.Formatter("%(name)s %(levelname)s %(message)s")


def log_text(records) -> str:
    """Everything a log handler could write: message, traceback, and every extra attribute."""
    parts = []
    for record in records:
        parts.append(_FORMAT.format(record))
        parts.append(repr({k: v for k, v in record.__dict__.items() if k != "exc_info"}))
    return "\n".join(parts)


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


def assert_logs_clean(records) -> None:
    text = log_text(records)
    assert not any(n in text for n in EMAIL_NEEDLES), "an e-mail address reached the log"
    assert not any(n in text for n in PHONE_NEEDLES), "what a participant typed about themselves reached the log"
