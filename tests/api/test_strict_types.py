"""The API takes the JSON types the socket takes: ``true`` is not an id, an amount or a number,
on the routes that are not ops as well (the ops share ``Op.validate`` with the socket)."""

import pytest

from tests.support.api import call
from wijktafel.appraisals.models import Appraisal
from wijktafel.series import services as series_services
from wijktafel.series.models import PersonalLink, Series, SeriesSession
from wijktafel.workshops.models import Workshop

WORKSHOP = {"title": "Werksessie Oost", "template_key": "samenwerken"}
START = {"planned_start": "2026-12-03T19:30:00"}


def everything():
    return (
        list(Workshop.objects.order_by("pk").values()),
        list(Appraisal.objects.order_by("pk").values()),
        list(Series.objects.order_by("pk").values()),
        list(SeriesSession.objects.order_by("pk").values()),
        list(PersonalLink.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/workshops", {**WORKSHOP, **START, "area_id": True}),
        ("/appraisals", {"title": "Zwerfvuil", "top_n": True}),
        ("/appraisals", {"title": "Zwerfvuil", "horizon_years": True}),
        ("/appraisals", {"title": "Zwerfvuil", "area_id": True}),
        ("/appraisals/{appraisal}/sessions", {"session": True, "workshop_id": "{workshop}"}),
        ("/appraisals/{appraisal}/sessions", {"session": 1, "workshop_id": True}),
        ("/series/{series}/sessions", {"workshop_id": True}),
        ("/series/{series}/links", {"person_id": True, "days": 7}),
        ("/series/{series}/merge", {"keep_id": True, "merge_id": True}),
    ],
)
def test_true_is_not_a_number_on_any_route(fac_client, facilitator, workshop, path, body):
    appraisal = call(fac_client, "POST", "/appraisals", {"title": "Hangjongeren"}).json()["id"]
    series = series_services.series_create(user=facilitator, title="Drie avonden")
    ids = {"appraisal": appraisal, "series": series.pk, "workshop": workshop.pk}
    body = {
        k: int(v.format(**ids)) if isinstance(v, str) and "{" in v else v for k, v in body.items()
    }
    before = everything()

    response = call(fac_client, "POST", path.format(**ids), body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert everything() == before
