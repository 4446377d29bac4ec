"""Run by test_vote_rules.py in a subprocess against a real database (a SQLite file, or a fresh
PostgreSQL database when DATABASE_URL is set): the vote on a Samenwerken meeting's cards under
concurrent writers, through the services; prints a JSON summary of what the database then holds.

    stickers THREADS   one participant taps THREADS different cards (at most the ten questions)
                       at the same moment
    cards THREADS      THREADS participants keep adding blank cards while the facilitator opens
                       voting at the same moment; each stops at its first refusal
"""

import json
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

MODE, THREADS = sys.argv[1], int(sys.argv[2])
CARDS_EACH = (
    15  # blank cards a thread tries at most (ten questions + 6 * 15 < the 200 a vote takes)
)

call_command("migrate", verbosity=0)
from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.collaboration.models import Meeting  # noqa: E402
from wijktafel.core.errors import Conflict  # noqa: E402
from wijktafel.stickers import services as st  # noqa: E402
from wijktafel.stickers.models import Ballot, Sticker, Target  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.models import WorkshopEvent  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

org = Organisation.objects.create(name="Samenwerken", slug=f"samen-{uuid.uuid4().hex[:6]}")
user = User.objects.create_user(f"{org.slug}@example.nl", "x-very-secret-1", organisation=org)
fac = Actor(user=user)
workshop = services.workshop_create(
    user=user,
    title="Samenwerken in de wijk",
    template_key="samenwerken",
    planned_start=timezone.make_aware(dt.datetime(2026, 12, 1, 9)),
)
meeting = Meeting.objects.get(workshop=workshop)
cards = [q["target_id"] for q in meeting.questions]
start = threading.Barrier(THREADS + (MODE == "cards"), timeout=60)
outcomes: list = []


def take_connection(attempts: int = 10) -> None:
    """This thread's connection before the barrier (a pool waits 3 s for one; opening many at
    once on a loaded machine can take longer, and what is measured here is the writes)."""
    for attempt in range(attempts):
        try:
            connection.ensure_connection()
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise


def tap(voter, target_id: int) -> None:
    try:
        take_connection()
        start.wait()
        st.sticker_place(
            workshop_id=workshop.pk,
            actor=Actor(participant=voter),
            ballot_id=meeting.ballot_id,
            target_id=target_id,
        )
        outcomes.append("placed")
    except Conflict as exc:
        outcomes.append(["refused", str(exc.message), exc.field])
    except Exception as exc:  # collected and reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


def add_cards(person, index: int) -> None:
    try:
        take_connection()
        start.wait()
        # Cards until the first refusal. One who ran out of cards before voting opened waits for
        # it and tries once more, so every adder ends with a card refused after the opening: the
        # race then happens in every run, whatever order the database served the writers in.
        for n in range(CARDS_EACH + 1):
            if n == CARDS_EACH:
                voting_open.wait(timeout=60)
            try:
                result = st.target_add(
                    workshop_id=workshop.pk,
                    actor=Actor(participant=person),
                    ballot_id=meeting.ballot_id,
                    label=f"Blanco {index}-{n}",
                )
            except Conflict as exc:
                outcomes.append(["refused", str(exc.message), exc.field, f"Blanco {index}-{n}"])
                return
            outcomes.append(["added", result.seq, f"Blanco {index}-{n}"])
            if n == CARDS_EACH:
                break  # added although voting opened: the assertions report it
            # A breath between two cards: SQLite's busy wait is not fair, and six threads adding
            # back to back can keep the facilitator's op waiting until they have all run out.
            time.sleep(random.uniform(0.001, 0.01))
        outcomes.append(["ran out", index])
    except Exception as exc:  # collected and reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


opened: dict = {}
voting_open = threading.Event()


def open_voting() -> None:
    try:
        take_connection()
        start.wait()
        time.sleep(random.uniform(0.0, 0.03))  # let some cards in first
        result = st.ballot_update(
            workshop_id=workshop.pk, actor=fac, ballot_id=meeting.ballot_id, status="voting"
        )
        opened["seq"] = result.seq
        voting_open.set()
    except Exception as exc:  # collected and reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


people = [
    services.participant_join(workshop=workshop, display_name=f"P{n}").participant
    for n in range(THREADS if MODE == "cards" else 1)
]
if MODE == "stickers":
    st.ballot_update(
        workshop_id=workshop.pk, actor=fac, ballot_id=meeting.ballot_id, status="voting"
    )
    threads = [threading.Thread(target=tap, args=(people[0], t)) for t in cards[:THREADS]]
elif MODE == "cards":
    threads = [threading.Thread(target=add_cards, args=(p, n)) for n, p in enumerate(people)]
    threads.append(threading.Thread(target=open_voting))
else:
    raise SystemExit(f"unknown mode {MODE}")

connections.close_all()  # the main thread's connection goes back to the pool for the threads
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)

events = list(WorkshopEvent.objects.filter(workshop=workshop).order_by("seq"))
voting = [e for e in events if e.kind == "ballot.changed" and e.payload.get("status") == "voting"]
summary = {
    "vendor": connection.vendor,
    "alive": sum(t.is_alive() for t in threads),
    "outcomes": outcomes,
    "stickers": Sticker.objects.filter(ballot_id=meeting.ballot_id).count(),
    "placed_events": sum(e.kind == "sticker.placed" for e in events),
    "seqs_gapless": [e.seq for e in events] == list(range(1, len(events) + 1)),
    "status": Ballot.objects.get(pk=meeting.ballot_id).status,
    "labels": sorted(
        Target.objects.filter(ballot_id=meeting.ballot_id).values_list("label", flat=True)
    ),
    "voting_seq": opened.get("seq"),
    # The cards as the event that opened voting logged them: what the room saw when it opened.
    "labels_when_opened": sorted(t["label"] for t in voting[0].payload["targets"])
    if voting
    else None,
    "opened_events": len(voting),
}
print(json.dumps(summary))
