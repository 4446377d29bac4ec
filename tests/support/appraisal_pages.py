"""What the tests of the facilitator's appraisal pages share: a valid form, the page URLs, and
every row the pages could change."""

from django.urls import reverse

from wijktafel.appraisals import models as m
from wijktafel.workshops.models import AgendaItem, Workshop, WorkshopEvent

VALID = {
    "title": "Afweging Noord",
    "trigger": "Sinds 2024 twee keer zoveel klachten over zwerfvuil "
    "rond complex B als in de rest van de wijk.",
    "starting_point": "opportunity",
    "top_n": "4",
}


def detail_url(appraisal) -> str:
    return reverse("appraisals:detail", args=[appraisal.pk])


def link_url(appraisal) -> str:
    return reverse("appraisals:link", args=[appraisal.pk])


def everything() -> dict:
    """Every row the pages could change: appraisals, workshops, agendas and the event logs."""
    return {
        "appraisals": list(m.Appraisal.objects.order_by("pk").values()),
        "workshops": list(Workshop.objects.order_by("pk").values()),
        "agenda": AgendaItem.objects.count(),
        "events": list(WorkshopEvent.objects.order_by("pk").values_list("pk", "kind")),
    }
