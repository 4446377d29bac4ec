"""Samenwerken in de wijk as a method of the session engine (decision 0011): everything the
engine shows or serves of it is declared here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wijktafel.workshops.seam import Demo, Method, Panels, register

from . import events, selectors
from .agenda import SAMENWERKEN, STEPS
from .models import METHOD_KEY
from .ops import OPS
from .schemas import MeetingOut


def _routers():
    from .api import router
    from .api_reports import router as reports

    return [router, reports]


def _created(workshop):
    from .services import create_meeting

    create_meeting(workshop)


def _rehearse(user, step):
    from .rehearsal import rehearse

    return rehearse(user, step)


def _demo(**kwargs):
    from .rehearsal import build_demo

    return build_demo(**kwargs)


register(
    Method(
        key=METHOD_KEY,
        name=_("Working together in the neighbourhood"),
        tag="samenwerken in de wijk",
        snapshot_key="meeting",
        snapshot=selectors.meeting_payload,
        snapshot_schema=MeetingOut,
        ops=OPS,
        event_kinds=events.EVENT_KINDS,
        templates=(SAMENWERKEN,),
        steps=STEPS,
        panels=Panels(
            console="collaboration/live/panel.html",
            screen="collaboration/live/panel.html",
            participant="collaboration/live/panel.html",
            console_links="collaboration/live/console_links.html",
        ),
        css=("collaboration/css/meeting.css",),
        js=("collaboration/js/meeting.js",),
        api_routers=_routers,
        urls="wijktafel.collaboration.urls",
        nav=((_("Ten questions"), "collaboration:questions"),),
        demo=Demo(template=SAMENWERKEN.key, build=_demo),
        rehearse=_rehearse,
        on_workshop_created=_created,
    )
)
