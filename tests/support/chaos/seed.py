"""Fixture data for a chaos run, made through the project's own services.

Run with the stack's environment and the served checkout as working directory (``Stack.seed``):
``python tests/chaos/seed.py --participants N``.
Creates an organisation, a facilitator, a workshop open for joining and N participants who
joined it, plus one saved session per person, exactly as the login and join views leave them.
Prints one JSON object on the last line. For throwaway databases only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import sys

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=25)
    parser.add_argument("--title", default="Chaos werksessie")
    args = parser.parse_args()

    sys.path.insert(0, os.getcwd())  # the checkout being served
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY
    from django.contrib.auth import SESSION_KEY as USER_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from wijktafel.accounts.models import Organisation, User
    from wijktafel.workshops import services
    from wijktafel.workshops.identity import remember_participant

    suffix = secrets.token_hex(4)
    organisation = Organisation.objects.create(name=f"Chaos {suffix}", slug=f"chaos-{suffix}")
    user = User.objects.create_user(
        f"fac-{suffix}@example.nl",
        secrets.token_urlsafe(16),
        organisation=organisation,
        first_name="Fenna",
        role=User.Role.FACILITATOR,
    )
    workshop = services.workshop_create(
        user=user,
        title=args.title,
        template_key="afwegen-1",
        planned_start=timezone.now() + dt.timedelta(hours=1),
    )

    def session(fill) -> str:
        store = SessionStore()
        fill(store)
        store.create()
        return store.session_key

    def login(store) -> None:
        store[USER_KEY] = str(user.pk)
        # The backend that checks the password (axes' backend only refuses locked-out logins).
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()

    participants = []
    for number in range(args.participants):
        joined = services.participant_join(
            workshop=workshop, display_name=f"Deelnemer {number + 1}"
        )
        key = session(
            lambda store, token=joined.token: remember_participant(store, workshop.pk, token)
        )
        participants.append({"id": joined.participant.pk, "session": key})
    print(
        json.dumps(
            {
                "workshop_id": workshop.pk,
                "facilitator": {"user_id": user.pk, "session": session(login)},
                "participants": participants,
            }
        )
    )


if __name__ == "__main__":
    main()
