"""Making the objects most tests start from: a workshop of a template, a participant who joined it."""

import datetime as dt

from django.utils import timezone

from wijktafel.workshops import services


def make_workshop(user, template_key="afwegen-1", title="Werksessie Zuid"):
    return services.workshop_create(
        user=user,
        title=title,
        template_key=template_key,
        planned_start=timezone.make_aware(dt.datetime(2026, 12, 3, 9, 0)),
    )


def join(workshop, name="Ans"):
    return services.participant_join(workshop=workshop, display_name=name)
