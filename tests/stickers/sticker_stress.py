"""Run by test_stickers.py in a subprocess against a real SQLite file: THREADS taps of one voter
(budget 3, cap 1) on THREADS choices at the same moment; prints a JSON summary."""

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
from wijktafel.core.errors import Conflict  # noqa: E402
from wijktafel.stickers import services as st  # noqa: E402
from wijktafel.stickers.models import Sticker  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.models import WorkshopEvent  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

org = Organisation.objects.create(name="Stickers", slug=f"stickers-{uuid.uuid4().hex[:6]}")
user = User.objects.create_user(f"{org.slug}@example.nl", "x-very-secret-1", organisation=org)
fac = Actor(user=user)
workshop = services.workshop_create(
    user=user,
    title="Stemmen",
    template_key="afwegen-1",
    planned_start=timezone.make_aware(dt.datetime(2026, 12, 1, 9)),
)
ballot = st.ballot_create(
    workshop_id=workshop.pk, actor=fac, title="Vragen", targets=[f"V{n}" for n in range(THREADS)]
).event.payload
st.ballot_update(workshop_id=workshop.pk, actor=fac, ballot_id=ballot["id"], status="voting")
voter = services.participant_join(workshop=workshop, display_name="Ans").participant
start = threading.Barrier(THREADS, timeout=30)
outcomes: list[str] = []


def tap(target_id: int) -> None:
    try:
        start.wait()
        st.sticker_place(
            workshop_id=workshop.pk,
            actor=Actor(participant=voter),
            ballot_id=ballot["id"],
            target_id=target_id,
        )
        outcomes.append("placed")
    except Conflict:
        outcomes.append("spent")
    except Exception as exc:  # collected and reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


threads = [threading.Thread(target=tap, args=(t["id"],)) for t in ballot["targets"]]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)

print(
    json.dumps(
        {
            "outcomes": outcomes,
            "stickers": Sticker.objects.filter(ballot_id=ballot["id"], voter=voter).count(),
            "placed_events": WorkshopEvent.objects.filter(
                workshop=workshop, kind="sticker.placed"
            ).count(),
        }
    )
)
