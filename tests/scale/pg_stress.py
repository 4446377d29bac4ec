"""Run by test_postgres_concurrency.py in a subprocess against a fresh PostgreSQL database.

Many threads add post-its to one workshop at the same time through the services, each thread
with its own pooled connection; prints a JSON summary of what the database then holds.
"""

import json
import os
import sys
import threading
import uuid

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.db import OperationalError, connection, connections  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.activities import services as wall  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.models import Workshop, WorkshopEvent  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

THREADS, PER_THREAD = int(sys.argv[1]), int(sys.argv[2])

org = Organisation.objects.create(name="Stress", slug=f"stress-{uuid.uuid4().hex[:6]}")
user = User.objects.create_user(f"{org.slug}@example.nl", "x-very-secret-1", organisation=org)
START = timezone.make_aware(dt.datetime(2026, 12, 1, 9))
workshops = [
    services.workshop_create(
        user=user, title=f"Stress {n}", template_key="afwegen-1", planned_start=START
    )
    for n in (1, 2)
]
people = [
    services.participant_join(workshop=workshops[i % 2], display_name=f"P{i}").participant
    for i in range(THREADS)
]
errors: list[str] = []
start = threading.Barrier(THREADS, timeout=60)


def take_connection(attempts: int = 10) -> None:
    """This thread's pooled connection, taken before the writes start. The pool waits 3 s for a
    connection (to fail fast while the database is away); opening twelve at once on a loaded
    machine can take longer than that, and what this script measures is the writes."""
    for attempt in range(attempts):
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise


def work(index: int) -> None:
    person = people[index]
    actor = Actor(participant=person)
    try:
        take_connection()
        start.wait()
        for n in range(PER_THREAD):
            op = uuid.uuid4()
            wall.postit_create(
                workshop_id=person.workshop_id, actor=actor, client_op_id=op, text=f"{index}-{n}"
            )
            if n % 5 == 0:  # a retry of the same op must not double
                wall.postit_create(
                    workshop_id=person.workshop_id,
                    actor=actor,
                    client_op_id=op,
                    text=f"{index}-{n}",
                )
    except Exception as exc:  # collected and reported, never hidden
        errors.append(repr(exc))
    finally:
        connections.close_all()


connections.close_all()  # the main thread's connection goes back to the pool for the threads
threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)

summary = {"errors": errors, "alive": sum(t.is_alive() for t in threads), "workshops": []}
for workshop in workshops:
    seqs = list(
        WorkshopEvent.objects.filter(workshop=workshop)
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    summary["workshops"].append(
        {
            "postits": workshop.postits.count(),
            "seqs_gapless": seqs == list(range(1, len(seqs) + 1)),
            "head": Workshop.objects.get(pk=workshop.pk).last_seq,
            "events": len(seqs),
        }
    )
summary["duplicate_ops"] = (
    WorkshopEvent.objects.exclude(client_op_id=None)
    .values("workshop_id", "actor_key", "client_op_id")
    .annotate(n=Count("id"))
    .filter(n__gt=1)
    .count()
)
with connection.cursor() as cursor:
    settings = {}
    for name in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"):
        cursor.execute(f"SHOW {name}")
        settings[name] = cursor.fetchone()[0]
summary["vendor"] = connection.vendor
summary["settings"] = settings
summary["pooled"] = connection.pool is not None
print(json.dumps(summary))
