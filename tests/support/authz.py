"""The authorization matrix's world in the database and its logs: copying and restoring its rows (socket cells need committed data), and reading every log record for contact-detail canaries."""

import logging

from django.apps import apps
from django.db import connection, transaction

from tests.support.world import PHONE_NEEDLES, PRIVATE_NEEDLES
from wijktafel.accounts.models import Organisation, User
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.models import AgendaItem, Participant, Workshop, WorkshopEvent

# Parents first; the circular Workshop.current_item <-> AgendaItem is deferred by SQLite and
# PostgreSQL (Django makes foreign keys DEFERRABLE INITIALLY DEFERRED).
TABLES = [Organisation, User, Workshop, AgendaItem, Participant, WorkshopEvent, Column, Postit]
# The series of the appraisal of workshop A (its session I) with its people and links.
TABLES += list(apps.get_app_config("series").get_models(include_auto_created=True))
# The appraisal of workshop A (world._appraisal) with its many-to-many tables, so that the socket
# cells of the appraisal ops find it (not its documents: they belong to the jobs, not copied).
TABLES += [
    model
    for model in apps.get_app_config("appraisals").get_models(include_auto_created=True)
    if model._meta.model_name != "appraisaldocument"
]
# The building blocks' objects of workshop A (world._blocks).
TABLES += list(apps.get_app_config("stickers").get_models(include_auto_created=True))
TABLES += list(apps.get_app_config("evaluations").get_models(include_auto_created=True))
TABLES += list(apps.get_app_config("parking").get_models(include_auto_created=True))
TABLES += list(apps.get_app_config("groups").get_models(include_auto_created=True))
# The register of agreements of workshop A (world._agreements), with its many-to-many tables.
TABLES += list(apps.get_app_config("agreements").get_models(include_auto_created=True))
# The Samenwerken in de wijk meeting of workshop A and the organisation's wording (world._meeting).
TABLES += list(apps.get_app_config("collaboration").get_models(include_auto_created=True))


def capture_rows(models=None) -> dict:
    """The rows of ``models`` (default: the world's tables), to write back with ``restore_rows``."""
    rows = {}
    with connection.cursor() as cursor:
        for model in models or TABLES + [_group_model()]:
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - our table names
            columns = [c[0] for c in cursor.description]
            rows[model] = (columns, cursor.fetchall())
    return rows


def restore_rows(rows: dict) -> None:
    """Write back what ``capture_rows`` took, with the same ids, into empty tables."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, (columns, values) in rows.items():
            if not values:
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            table = model._meta.db_table
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)  # noqa: S608
    if connection.vendor == "postgresql":  # keep the id sequences ahead of the copied ids
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
                cursor.execute(sql)


def _group_model():
    from django.contrib.auth.models import Group

    return Group


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


def assert_logs_clean(records) -> None:
    text = log_text(records)
    assert not any(n in text for n in EMAIL_NEEDLES), "an e-mail address reached the log"
    assert not any(n in text for n in PHONE_NEEDLES), (
        "what a participant typed about themselves reached the log"
    )
    assert not any(n in text for n in PRIVATE_NEEDLES), (
        "a contact form or reflection answer reached the log"
    )
