"""Seed data for the browser journeys (tests/e2e): an organisation, a facilitator, workshops.

Prints one JSON object on the last line of its output, so the test harness can read the
login, the workshop ids, the join codes and the participant-facing URLs. Running it again
keeps the organisation and the account and adds the requested number of new workshops.
For test databases only; never run it against real data.
"""

import datetime as dt
import json
from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from wijktafel.accounts.models import Organisation, User
from wijktafel.core.errors import Conflict
from wijktafel.workshops import codes, identity, seam, services

ORGANISATION_SLUG = "e2e-org"
FACILITATOR_EMAIL = "e2e-fac@example.nl"
FACILITATOR_PASSWORD = "e2e-geheim-wachtwoord-1"


class Command(BaseCommand):
    help = "Seed an organisation, a facilitator and workshops for the browser tests; print JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--workshops", type=int, default=1, help="How many new workshops to create."
        )
        parser.add_argument(
            "--template",
            default=None,
            help="An agenda template key (default: the first, seam.templates()).",
        )
        parser.add_argument("--title", default="E2E werksessie")
        parser.add_argument(
            "--rehearse",
            metavar="METHOD:STEP",
            action="append",
            default=[],
            help="Also make a session of that method at that step (seam Method.rehearse), with a "
            "browser session of its phone participant; may be given more than once.",
        )
        parser.add_argument(
            "--postits",
            type=int,
            default=0,
            help="Post-its on each new workshop's (and rehearsal's) wall, by two participants in "
            "three columns.",
        )

    def handle(self, *args, **options):
        organisation, _ = Organisation.objects.get_or_create(
            slug=ORGANISATION_SLUG, defaults={"name": "E2E Gemeente"}
        )
        user = User.objects.filter(email=FACILITATOR_EMAIL).first()
        if user is None:
            user = User.objects.create_user(
                FACILITATOR_EMAIL,
                FACILITATOR_PASSWORD,
                organisation=organisation,
                first_name="Fenna",
                role=User.Role.FACILITATOR,
            )
        template = options["template"] or seam.templates()[0].key
        workshops = []
        for number in range(max(0, options["workshops"])):
            workshop = services.workshop_create(
                user=user,
                title=f"{options['title']} {number + 1}",
                template_key=template,
                planned_start=timezone.now() + dt.timedelta(hours=1),
            )
            self._postits(workshop, user, options["postits"])
            workshops.append(self._described(workshop))
        result = {"email": FACILITATOR_EMAIL, "password": FACILITATOR_PASSWORD}
        if options["rehearse"]:
            result["rehearsals"] = [
                self._rehearse(user, spec, options["postits"]) for spec in options["rehearse"]
            ]
        result["workshops"] = workshops
        self.stdout.write(json.dumps(result))

    @staticmethod
    def _described(workshop) -> dict:
        site = settings.SITE_URL
        code = services.join_code(workshop)
        return {
            "id": workshop.pk,
            "title": workshop.title,
            "code": code,
            "display_code": codes.display_code(code),
            "join_url": site + reverse("workshops:join_qr", args=[services.join_token(workshop)]),
            "console_url": site + reverse("workshops:console", args=[workshop.pk]),
            "screen_url": site + reverse("workshops:screen", args=[workshop.pk]),
            "participate_url": site + reverse("workshops:participate", args=[workshop.pk]),
        }

    def _rehearse(self, user, spec: str, postits: int = 0) -> dict:
        """A method's session at a step, and a browser session (its cookie) in which the
        rehearsal's participant has joined it, as if on that phone."""
        key, _, step = spec.partition(":")
        method = seam.method(key)
        if method is None or method.rehearse is None or not step.isdigit():
            raise CommandError(f"No rehearsal for {spec!r}: give METHOD:STEP of a method with one.")
        rehearsal = method.rehearse(user, int(step))
        self._postits(rehearsal.workshop, user, postits)
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        identity.remember_participant(store, rehearsal.workshop.pk, rehearsal.token)
        store.create()
        return {
            **self._described(rehearsal.workshop),
            "participant_id": rehearsal.participant.pk,
            "phone_input": rehearsal.phone_input,
            "cookie": {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key},
        }

    def _postits(self, workshop, user, count: int) -> None:
        """``count`` numbered post-its ("Post-it 1" is the oldest), in turn by two participants in
        three columns, so a page can be shown with a full wall."""
        if count <= 0:
            return
        authors = [
            services.participant_join(workshop=workshop, display_name=name).participant
            for name in ("Wanda", "Youssef")
        ]
        columns = ["Gemeente", "Woningcorporatie", "Bewoners"]
        for title in columns:
            try:
                self._op("column.create", services.Actor(user=user), workshop, {"title": title})
            except Conflict:  # a rehearsal's wall may have it already
                pass
        for number in range(1, count + 1):
            text = f"Post-it {number}: te weinig plekken om elkaar te ontmoeten"
            self._op(
                "postit.create",
                services.Actor(participant=authors[number % 2]),
                workshop,
                {"text": text, "column_title": columns[number % 3]},
            )

    @staticmethod
    def _op(kind: str, actor, workshop, data: dict) -> None:
        """Run an op a block declares on the seam, as the socket does: the engine (core,
        workshops) imports no block."""
        op = seam.op(kind)
        op.service(workshop_id=workshop.pk, actor=actor, client_op_id=None, **op.arguments(data))
