"""API of the register of agreements and actions: the op routes and the reads, by participants
(bearer token) and facilitators."""

from tests.support.api import call, op
from tests.support.factories import join
from wijktafel.agreements import services as register
from wijktafel.agreements.models import Agreement, Distribution, ProgressUpdate
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor


def url(workshop, suffix=""):
    return f"/workshops/{workshop.pk}/agreements{suffix}"


def rows(workshop):
    return (
        list(Agreement.objects.order_by("pk").values()),
        list(ProgressUpdate.objects.order_by("pk").values()),
        list(Distribution.objects.order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def test_the_facilitator_adds_an_agreement_with_two_owners(fac_client, workshop, ans, bram):
    body = {
        "kind": "joint_agreement",
        "description": "Bewonersavond over de hangplek",
        "owner_ids": [ans.participant.pk, bram.participant.pk],
        "due_date": "2027-01-15",
        "link_kind": "parked_topic",
        "link_label": "Verlichting in het park",
    }
    response = call(fac_client, "POST", url(workshop), body, key=op())

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["seq"] == Workshop.objects.get(pk=workshop.pk).last_seq
    agreement = answer["agreement"]
    assert [o["name"] for o in agreement["owners"]] == ["Ans", "Bram"]
    assert agreement["link"] == {
        "kind": "parked_topic",
        "id": None,
        "label": "Verlichting in het park",
    }
    listed = call(fac_client, "GET", url(workshop)).json()
    assert listed == [agreement]


def test_a_participant_adds_their_own_action_and_reports_on_it(anon, workshop, ans):
    made = call(
        anon,
        "POST",
        url(workshop),
        {"kind": "individual_action", "description": "Ik bel de wijkagent"},
        token=ans.token,
    )
    assert made.status_code == 201, made.content
    pk = made.json()["agreement"]["id"]
    assert made.json()["agreement"]["owner_ids"] == [ans.participant.pk]

    progress = call(
        anon,
        "POST",
        url(workshop, f"/{pk}/progress"),
        {"text": "Gebeld, hij komt langs", "date": "2026-12-10", "status": "done"},
        token=ans.token,
    )
    assert progress.status_code == 201, progress.content
    agreement = progress.json()["agreement"]
    assert agreement["status"] == "done"
    assert [(u["text"], u["date"], u["author_name"]) for u in agreement["progress"]] == [
        ("Gebeld, hij komt langs", "2026-12-10", "Ans")
    ]


def test_a_participant_may_not_add_a_joint_agreement_or_delete(anon, fac_client, workshop, ans):
    made = call(
        fac_client,
        "POST",
        url(workshop),
        {"kind": "follow_up", "description": "Terugkoppelen", "owner_ids": [ans.participant.pk]},
    ).json()["agreement"]
    before = rows(workshop)

    joint = call(
        anon,
        "POST",
        url(workshop),
        {"kind": "joint_agreement", "description": "Wij allemaal"},
        token=ans.token,
    )
    assert joint.status_code == 403 and joint.json()["code"] == "forbidden"
    edit = call(
        anon,
        "PATCH",
        url(workshop, f"/{made['id']}"),
        {"description": "Anders"},
        token=ans.token,
    )
    assert edit.status_code == 403
    gone = call(anon, "DELETE", url(workshop, f"/{made['id']}"), token=ans.token)
    assert gone.status_code == 403
    sent = call(anon, "POST", url(workshop, "/distributions"), {}, token=ans.token)
    assert sent.status_code == 403
    assert rows(workshop) == before

    status = call(
        anon, "PATCH", url(workshop, f"/{made['id']}"), {"status": "dropped"}, token=ans.token
    )
    assert status.status_code == 200 and status.json()["agreement"]["status"] == "dropped"


def test_bad_input_is_400_with_its_field_and_changes_nothing(
    fac_client, workshop, other_workshop, ans
):
    stranger = join(other_workshop, "Zoë")
    before = rows(workshop)
    for body, field in (
        ({"kind": "individual_action", "description": "x", "due_date": 20261231}, "due_date"),
        ({"kind": "individual_action", "description": "x", "due_date": "2026-13-01"}, "due_date"),
        ({"kind": "individual_action", "description": ""}, "description"),
        ({"kind": "plan", "description": "x", "owner_ids": [ans.participant.pk]}, "kind"),
        ({"kind": "follow_up", "description": "x", "owner_ids": ["1"]}, "owner_ids"),
        ({"kind": "follow_up", "description": "x", "owner_names": " \u3164 "}, "owner_names"),
        ({"description": "x"}, "kind"),
    ):
        response = call(fac_client, "POST", url(workshop), body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["field"] == field, body
    # Someone of another session is no one here: 404, as any id of another workshop.
    body = {"kind": "follow_up", "description": "x", "owner_ids": [stranger.participant.pk]}
    response = call(fac_client, "POST", url(workshop), body)
    assert response.status_code == 404 and response.json()["field"] == "owner_ids"
    assert rows(workshop) == before


def test_a_change_the_stored_agreement_does_not_allow_is_a_conflict(fac_client, workshop, ans):
    """Taking away one kind of owner when the agreement has none of the other, or giving a link
    id to an agreement linked to nothing, is refused for the agreement as it is (409); a body
    that itself leaves no owner, or gives an id without a kind, stays 400."""
    fac = Actor(user=workshop.created_by)
    named = register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac,
        client_op_id=None,
        kind="follow_up",
        description="Terugkoppelen",
        owner_names="Gemeente",
    ).event.payload["id"]
    chosen = register.agreement_create(
        workshop_id=workshop.pk,
        actor=fac,
        client_op_id=None,
        kind="joint_agreement",
        description="Bewonersavond",
        owner_ids=[ans.participant.pk],
    ).event.payload["id"]
    without_owner = "Dan heeft de afspraak geen eigenaar meer. Kies wie eigenaar is."
    before = rows(workshop)

    for pk, body, field, message in (
        (named, {"owner_names": ""}, "owner_names", without_owner),
        (chosen, {"owner_ids": []}, "owner_ids", without_owner),
        (
            named,
            {"link_id": 3},
            "link_kind",
            "Deze afspraak hoort nog nergens bij. Zeg waar de afspraak bij hoort.",
        ),
    ):
        response = call(fac_client, "PATCH", url(workshop, f"/{pk}"), body)

        assert response.status_code == 409, (body, response.content)
        assert response.json() == {"code": "conflict", "message": message, "field": field}
        assert rows(workshop) == before
    for body, field in (
        ({"owner_ids": [], "owner_names": ""}, "owner_ids"),
        ({"link_kind": "", "link_id": 3}, "link_kind"),
    ):
        response = call(fac_client, "PATCH", url(workshop, f"/{chosen}"), body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["field"] == field
    assert rows(workshop) == before


def test_the_distribution_is_recorded_and_listed(fac_client, anon, workshop, ans, bram):
    call(
        fac_client,
        "POST",
        url(workshop),
        {"kind": "joint_agreement", "description": "Samen", "owner_ids": [ans.participant.pk]},
    )
    key = op()
    sent = call(
        fac_client,
        "POST",
        url(workshop, "/distributions"),
        {"recipient_ids": [bram.participant.pk]},
        key=key,
    )
    again = call(
        fac_client,
        "POST",
        url(workshop, "/distributions"),
        {"recipient_ids": [bram.participant.pk]},
        key=key,
    )
    assert sent.status_code == 201, sent.content
    assert again.json() == sent.json() and again["Idempotent-Replayed"] == "true"
    distribution = sent.json()["distribution"]
    assert distribution["recipients"] == [{"participant_id": bram.participant.pk, "name": "Bram"}]
    assert Distribution.objects.count() == 1
    listed = call(anon, "GET", url(workshop, "/distributions"), token=ans.token)
    assert listed.status_code == 200 and listed.json() == [distribution]


def test_an_agreement_of_another_workshop_is_not_found(fac_client, workshop, other_workshop):
    theirs = Agreement.objects.create(
        workshop=other_workshop, kind="follow_up", description="Elders", owner_names="Gemeente"
    )
    before = rows(workshop)
    for method, suffix, body in (
        ("PATCH", f"/{theirs.pk}", {"status": "done"}),
        ("DELETE", f"/{theirs.pk}", None),
        ("POST", f"/{theirs.pk}/progress", {"text": "Gekaapt"}),
    ):
        response = call(fac_client, method, url(workshop, suffix), body)
        assert response.status_code == 404, (method, suffix)
    assert rows(workshop) == before


# The fields of the Samenwerken action form and register (METHODS.md §4.3 blocks 5, 6, §4.7).
ACTION_FORM = {
    "solution_direction": "Vaste contactpersoon per organisatie",
    "first_step": "Morgen de wijkagent bellen",
    "with_whom": "Buurtvader Karim, de woningcorporatie",
    "report_back": "Per e-mail aan de volgende organisator",
}


def test_the_action_form_round_trips_on_create_and_update(fac_client, anon, workshop, ans):
    made = call(
        fac_client,
        "POST",
        url(workshop),
        {
            "kind": "joint_agreement",
            "description": "Bewonersavond",
            "owner_ids": [ans.participant.pk],
            "solution_direction": ACTION_FORM["solution_direction"],
        },
        key=op(),
    )
    assert made.status_code == 201, made.content
    agreement = made.json()["agreement"]
    assert agreement["solution_direction"] == ACTION_FORM["solution_direction"]
    assert [agreement[name] for name in ("first_step", "with_whom", "report_back")] == ["", "", ""]

    changed = call(
        fac_client,
        "PATCH",
        url(workshop, f"/{agreement['id']}"),
        {**ACTION_FORM, "solution_direction": "", "version": 1},
    )
    assert changed.status_code == 200, changed.content
    agreement = changed.json()["agreement"]
    assert {name: agreement[name] for name in ACTION_FORM} == {
        **ACTION_FORM,
        "solution_direction": "",
    }
    assert agreement["version"] == 2
    listed = call(anon, "GET", url(workshop), token=ans.token)
    assert listed.status_code == 200 and listed.json() == [agreement]


def test_a_participant_fills_in_the_action_form_on_their_own_action(anon, workshop, ans):
    made = call(
        anon,
        "POST",
        url(workshop),
        {"kind": "individual_action", "description": "Ik bel de wijkagent", **ACTION_FORM},
        token=ans.token,
    )
    assert made.status_code == 201, made.content
    agreement = made.json()["agreement"]
    assert agreement["owner_ids"] == [ans.participant.pk]
    assert {name: agreement[name] for name in ACTION_FORM} == ACTION_FORM


def test_an_action_form_field_too_long_is_400_in_dutch_and_changes_nothing(
    fac_client, anon, workshop, ans
):
    made = call(
        fac_client,
        "POST",
        url(workshop),
        {"kind": "follow_up", "description": "Terugkoppelen", "owner_ids": [ans.participant.pk]},
    ).json()["agreement"]
    before = rows(workshop)
    for field, label in (
        ("solution_direction", "De oplossingsrichting"),
        ("first_step", "De eerste stap"),
        ("with_whom", "Met wie"),
        ("report_back", "Hoe je terugmeldt"),
    ):
        message = f"{label} is te lang: maximaal 300 tekens, je typte er 301."
        for client, method, suffix, body, token in (
            (
                fac_client,
                "POST",
                "",
                {"kind": "joint_agreement", "description": "x", "owner_names": "Gemeente"},
                None,
            ),
            (anon, "POST", "", {"kind": "individual_action", "description": "x"}, ans.token),
            (fac_client, "PATCH", f"/{made['id']}", {"description": "Anders"}, None),
        ):
            response = call(
                client, method, url(workshop, suffix), {**body, field: "x" * 301}, token=token
            )
            assert response.status_code == 400, (field, method, response.content)
            assert response.json() == {"code": "invalid", "message": message, "field": field}
    assert rows(workshop) == before
