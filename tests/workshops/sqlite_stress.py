"""Run by test_sqlite_concurrency.py in a subprocess against a real SQLite file.

Many threads add post-its to one workshop at the same time; prints a JSON summary.
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

THREADS, PER_THREAD = int(sys.argv[1]), int(sys.argv[2])

call_command("migrate", verbosity=0)
from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.activities import services as wall  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.models import Workshop, WorkshopEvent  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

org = Organisation.objects.create(name="Stress", slug=f"stress-{uuid.uuid4().hex[:6]}")
user = User.objects.create_user(f"{org.slug}@example.nl", "x-very-secret-1", organisation=org)
workshop = services.workshop_create(
    user=user,
    title="Stress",
    template_key="afwegen-1",
    planned_start=timezone.make_aware(dt.datetime(2026, 12, 1, 9)),
)
people = [
    services.participant_join(workshop=workshop, display_name=f"P{i}").participant
    for i in range(THREADS)
]
errors: list[str] = []


def work(index: int) -> None:
    actor = Actor(participant=people[index])
    try:
        for n in range(PER_THREAD):
            op = uuid.uuid4()
            wall.postit_create(
                workshop_id=workshop.pk, actor=actor, client_op_id=op, text=f"{index}-{n}"
            )
            if n % 5 == 0:  # a retry of the same op must not double
                wall.postit_create(
                    workshop_id=workshop.pk, actor=actor, client_op_id=op, text=f"{index}-{n}"
                )
    except Exception as exc:  # collected and reported, never hidden
        errors.append(repr(exc))
    finally:
        connections.close_all()


threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)

seqs = list(
    WorkshopEvent.objects.filter(workshop=workshop).order_by("seq").values_list("seq", flat=True)
)
with connection.cursor() as cursor:
    pragmas = {}
    for name in ("journal_mode", "busy_timeout", "synchronous"):
        cursor.execute(f"PRAGMA {name}")
        pragmas[name] = cursor.fetchone()[0]
    cursor.execute("PRAGMA integrity_check")
    integrity = cursor.fetchone()[0]
print(
    json.dumps(
        {
            "errors": errors,
            "postits": workshop.postits.count(),
            "seqs_gapless": seqs == list(range(1, len(seqs) + 1)),
            "head": Workshop.objects.get(pk=workshop.pk).last_seq,
            "events": len(seqs),
            "pragmas": pragmas,
            "integrity": integrity,
        }
    )
)
