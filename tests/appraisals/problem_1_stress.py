"""Run by test_problem_1.py in a subprocess against a real SQLite file: THREADS taps of one
participant, at the same moment, each marking another of their own post-its as "probleem 1"
(a sticker vote of budget 1); prints a JSON summary."""

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
from django.db import connections  # noqa: E402
from django.utils import timezone  # noqa: E402

THREADS = int(sys.argv[1])

call_command("migrate", verbosity=0)
from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.activities import services as wall  # noqa: E402
from wijktafel.appraisals import problem_1  # noqa: E402
from wijktafel.appraisals import services as aps  # noqa: E402
from wijktafel.core.errors import Conflict  # noqa: E402
from wijktafel.stickers.models import Sticker  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.models import WorkshopEvent  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

org = Organisation.objects.create(name="Afwegen", slug=f"afwegen-{uuid.uuid4().hex[:6]}")
user = User.objects.create_user(f"{org.slug}@example.nl", "x-very-secret-1", organisation=org)
workshop = services.workshop_create(
    user=user,
    title="Werksessie I",
    template_key="afwegen-1",
    planned_start=timezone.make_aware(dt.datetime(2026, 12, 1, 9)),
)
appraisal = aps.appraisal_create(user=user, title="Afweging", trigger="Zwerfvuil")
aps.appraisal_link(user=user, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk)
appraisal.refresh_from_db()
ans = Actor(
    participant=services.participant_join(workshop=workshop, display_name="Ans").participant
)
postits = [
    wall.postit_create(
        workshop_id=workshop.pk, actor=ans, client_op_id=None, text=f"P{n}"
    ).event.payload["id"]
    for n in range(THREADS)
]
start = threading.Barrier(THREADS, timeout=30)
outcomes: list[str] = []


def tap(postit_id: int) -> None:
    try:
        start.wait()
        aps.problem_mark_set(
            workshop_id=workshop.pk, actor=ans, client_op_id=uuid.uuid4(), postit_id=postit_id
        )
        outcomes.append("set")
    except Conflict:
        outcomes.append("spent")
    except Exception as exc:  # collected and reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


threads = [threading.Thread(target=tap, args=(pk,)) for pk in postits]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)

print(
    json.dumps(
        {
            "outcomes": outcomes,
            "stickers": Sticker.objects.filter(voter=ans.participant).count(),
            "marks": problem_1.problem_marks(appraisal),
            "set_events": WorkshopEvent.objects.filter(
                workshop=workshop, kind="problem_mark.set"
            ).count(),
            "participant": ans.participant.pk,
            "postits": postits,
        }
    )
)
