"""Afwegen in de Wijk as a method of the session engine (decision 0011): everything the engine
shows or serves of it is declared here."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wijktafel.workshops.seam import Demo, Method, Panels, RoundPreset, register

from . import events, selectors
from .agenda import AFWEGEN_I, AFWEGEN_II
from .models import METHOD_KEY
from .ops import OPS

DEMO_TITLE = "Overlast rond de flats in Nieuw Den Helder (demo)"
DEMO_PROBLEM_OWNERS = ("Bewoners", "Woningcorporatie", "Gemeente")  # the columns of step 1
DEMO_TRIGGER = (
    "Bewoners van de flats aan de Ankerpark-zijde melden al twee jaar veel meer overlast "
    "(zwerfvuil, hangjongeren, kapotte verlichting) dan elders in Nieuw Den Helder. De "
    "woningcorporatie en de gemeente willen weten welke aanpak het meeste helpt."
)


def _routers():
    from .api import router
    from .api_reports import router as reports

    return [router, reports]


def _rehearse(user, step):
    from .rehearsal import rehearse

    return rehearse(user, step)


def build_demo(*, organisation, facilitator, workshop, stdout) -> list[tuple[str, str]]:
    """The demo appraisal, with the demo session as its work session I and the problem owners
    as the columns of its wall (each made once)."""
    from wijktafel.activities import services as wall
    from wijktafel.workshops.services import Actor

    from . import services
    from .models import Appraisal

    if not workshop.columns.exists():
        for title in DEMO_PROBLEM_OWNERS:
            wall.column_create(
                workshop_id=workshop.pk,
                actor=Actor(user=facilitator),
                client_op_id=None,
                title=title,
            )

    appraisal = Appraisal.objects.filter(organisation=organisation, title=DEMO_TITLE).first()
    if appraisal is None:
        with transaction.atomic():
            appraisal = services.appraisal_create(
                user=facilitator,
                title=DEMO_TITLE,
                trigger=DEMO_TRIGGER,
                starting_point=Appraisal.StartingPoint.PROBLEM,
                area=workshop.area,
            )
            services.appraisal_link(
                user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=workshop.pk
            )
        stdout.write(f"Created the demo appraisal #{appraisal.pk}.")
    return [("appraisal", reverse("appraisals:detail", args=[appraisal.pk]))]


register(
    Method(
        key=METHOD_KEY,
        name=_("Weighing in the neighbourhood"),
        tag="appraisals",
        snapshot_key="appraisal",
        snapshot=selectors.workshop_appraisal_payload,
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        templates=(AFWEGEN_I, AFWEGEN_II),
        steps=range(1, 9),
        panels=Panels(
            console="appraisals/live/panel.html",
            screen="appraisals/live/panel.html",
            participant="appraisals/live/panel.html",
            console_links="appraisals/live/console_links.html",
        ),
        css=("appraisals/css/appraisal.css", "appraisals/css/appraisal-steps-5-8.css"),
        js=("appraisals/js/appraisal.js",),
        api_routers=_routers,
        urls="wijktafel.appraisals.urls",
        nav=((_("Appraisals"), "appraisals:list"),),
        demo=Demo(template=AFWEGEN_I.key, build=build_demo),
        rehearse=_rehearse,
        # Step 1's timed rounds (docs/methods.md §3.4): the organiser's opening pitch, writing the
        # post-its, and each participant's pitch.
        # A1, §2.7: a remark in steps 1–3 that is really a solution is parked as a solution idea
        # and comes back when step 4 starts.
        parked_returns={1: 4, 2: 4, 3: 4},
        round_presets=(
            RoundPreset("opening", _("Opening pitch"), 5),
            RoundPreset("writing", _("Writing post-its"), 2),
            RoundPreset("pitch", _("Pitch"), 2),
        ),
    )
)
