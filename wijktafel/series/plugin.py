"""The series as a block on the seam: it takes part in joining (a device or a personal link
recognises a person of the series) and has its API routes; it has no live ops."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wijktafel.workshops import seam

from . import device, services


def _joined(participant, context: dict):
    return services.attend(participant, context.get("person"))


def _recognise(request, workshop) -> seam.Recognised | None:
    """A device that joined an earlier session of the series: the name form starts from that
    person (joining under the same name makes them that person again)."""
    series = services.series_of(workshop.pk)
    person = device.known_person(request, series.pk) if series is not None else None
    if person is None:
        return None
    return seam.Recognised(
        initial={
            "display_name": person.display_name,
            "organisation_name": person.organisation_name,
            "kind": person.kind,
        },
        welcome=_("Welcome back, %(name)s") % {"name": person.display_name},
        context={"person": person},
    )


def _offers(request):
    sessions = [
        {"person": person, "workshop": workshop}
        for person in device.known_persons(request).values()
        for workshop in services.joinable_sessions(person)
    ][:5]
    return ("series/_welcome_back.html", {"sessions": sessions}) if sessions else None


def _remember(request, response, joined) -> None:
    person = joined.extras.get("series")
    if person is not None:
        device.remember(request, response, person)


def _earlier(workshop):
    from .selectors import earlier_open

    return earlier_open(workshop)


def _routers():
    from .api import router

    return [router]


seam.register(
    seam.Block(
        key="series",
        tag="series",
        api_routers=_routers,
        console_panel="series/_earlier.html",
        console_context=_earlier,
        joining=seam.Joining(
            joined=_joined, recognise=_recognise, offers=_offers, remember=_remember
        ),
    )
)
