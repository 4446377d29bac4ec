"""What the tests of the live session's server-rendered pages share: the htmx header, a script to
type, a form's op id, the agenda's titles, the length of the log, and joining through the pages."""

import uuid

from django.urls import reverse

from wijktafel.workshops import services
from wijktafel.workshops.models import Participant, WorkshopEvent

HTMX = {"HTTP_HX_REQUEST": "true"}
XSS = "<script>window.__x=1</script>"


def titles(workshop):
    return list(workshop.agenda_items.order_by("position").values_list("title", flat=True))


def event_count(workshop):
    return WorkshopEvent.objects.filter(workshop=workshop).count()


def join_by_pages(client, workshop, name="Ans"):
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    response = client.post(reverse("workshops:join_name"), {"display_name": name})
    assert response.status_code == 302, response.content
    return Participant.objects.get(workshop=workshop, display_name=name)


def op():
    return str(uuid.uuid4())
