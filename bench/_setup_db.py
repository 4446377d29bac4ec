"""Prepare a benchmark database: migrate, then a facilitator, workshops and participants made
through the services, each participant with a cookie session holding its device token.

Run by bench/common.py as ``python -m bench._setup_db`` in a subprocess with the server's environment; prints JSON."""

import datetime as dt
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY  # noqa: E402
from django.contrib.auth import SESSION_KEY as USER_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.workshops import services  # noqa: E402
from wijktafel.workshops.identity import SESSION_KEY  # noqa: E402


def session(tokens=None, user=None) -> str:
    store = SessionStore()
    if user is not None:
        store[USER_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if tokens:
        store[SESSION_KEY] = {str(k): v for k, v in tokens.items()}
    store.create()
    return store.session_key


def add_wall(workshop, people, count: int) -> None:
    """``count`` post-its of 280 characters in one insert (not through the log: only to make
    the session's snapshot as large as a long session's; bench/flood.py)."""
    from wijktafel.activities.models import Postit

    Postit.objects.bulk_create(
        Postit(
            workshop=workshop,
            author=people[n % len(people)].participant,
            text=f"{n:05d} " + "Zwerfvuil bij de school en de speeltuin, elke ochtend weer. " * 4,
            position=n,
        )
        for n in range(count)
    )


def main() -> None:
    sizes = [int(n) for n in sys.argv[1].split(",")]  # participants per workshop
    # "room:count,...": rooms (by position) that get a wall of post-its
    pairs = sys.argv[2].split(",") if len(sys.argv) > 2 else []
    walls = {int(room): int(count) for room, count in (p.split(":") for p in pairs if p)}
    call_command("migrate", interactive=False, verbosity=0)
    # Production settings serve hashed static files from STATIC_ROOT (git-ignored), as a deploy does.
    call_command("collectstatic", interactive=False, verbosity=0)
    rooms = []
    with transaction.atomic():  # one commit, not thousands of fsyncs
        org = Organisation.objects.create(name="Bench", slug="bench")
        user = User.objects.create_user(
            "bench@example.org",
            "bench-wachtwoord-123",
            organisation=org,
            role=User.Role.FACILITATOR,
        )
        for number, size in enumerate(sizes):
            workshop = services.workshop_create(
                user=user,
                title=f"Bench {number}",
                template_key="afwegen-1",
                planned_start=timezone.now() + dt.timedelta(hours=1),
            )
            people = [
                services.participant_join(workshop=workshop, display_name=f"Deelnemer {i}")
                for i in range(size)
            ]
            if walls.get(number):
                add_wall(workshop, people, walls[number])
            rooms.append(
                {
                    "id": workshop.pk,
                    "sessions": [session({workshop.pk: p.token}) for p in people],
                    "tokens": [p.token for p in people],
                }
            )
    for room in rooms:
        from wijktafel.workshops.models import Workshop

        room["head"] = Workshop.objects.get(pk=room["id"]).last_seq
    print(
        json.dumps(
            {
                "rooms": rooms,
                "facilitator_session": session(user=user),
                "cookie": settings.SESSION_COOKIE_NAME,
            }
        )
    )


if __name__ == "__main__":
    main()
