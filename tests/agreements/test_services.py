"""The register of agreements and actions: its services, rules and refusals."""

import uuid

import pytest
from django.utils import timezone, translation

from tests.support.factories import join
from wijktafel.agreements import services
from wijktafel.agreements.models import Agreement, Distribution, ProgressUpdate
from wijktafel.agreements.selectors import agreements_payload, register_for
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.workshops import selectors
from wijktafel.workshops import services as engine
from wijktafel.workshops.models import WorkshopEvent
from wijktafel.workshops.services import Actor


def op():
    return uuid.uuid4()


def unchanged(workshop):
    """What a refusal must leave alone: the register's rows and the event log."""
    return (
        list(Agreement.objects.filter(workshop=workshop).order_by("pk").values()),
        [
            list(a.owners.values_list("pk", flat=True))
            for a in Agreement.objects.filter(workshop=workshop).order_by("pk")
        ],
        list(ProgressUpdate.objects.order_by("pk").values()),
        list(Distribution.objects.order_by("pk").values()),
        WorkshopEvent.objects.filter(workshop=workshop).count(),
    )


def create(workshop, actor, **fields):
    fields.setdefault("kind", "joint_agreement")
    fields.setdefault("description", "Bewonersavond over de hangplek")
    return services.agreement_create(
        workshop_id=workshop.pk, actor=actor, client_op_id=op(), **fields
    )


def test_an_agreement_with_two_owners_reaches_the_snapshot(workshop, fac_actor, ans, bram):
    result = create(
        workshop,
        fac_actor,
        owner_ids=[ans.participant.pk, bram.participant.pk],
        owner_names="Gemeente",
        contributor_ids=[bram.participant.pk],
        due_date="2027-01-15",
        link_kind="solution",
        link_id=12,
        link_label="Buurtconciërge",
        uses_existing="Het wijkteam en de bewonerscommissie",
        solution_direction="Vaste contactpersoon per organisatie",
    )

    agreement = Agreement.objects.get(pk=result.event.payload["id"])
    assert set(agreement.owners.all()) == {ans.participant, bram.participant}
    assert result.event.kind == "agreement.created"
    assert result.event.payload == {
        "id": agreement.pk,
        "kind": "joint_agreement",
        "description": "Bewonersavond over de hangplek",
        "owner_ids": [ans.participant.pk, bram.participant.pk],
        "owners": [
            {"id": ans.participant.pk, "name": "Ans"},
            {"id": bram.participant.pk, "name": "Bram"},
        ],
        "owner_names": "Gemeente",
        "contributor_ids": [bram.participant.pk],
        "contributors": [{"id": bram.participant.pk, "name": "Bram"}],
        "due_date": "2027-01-15",
        "link": {"kind": "solution", "id": 12, "label": "Buurtconciërge"},
        "source": "",
        "origin": "",
        "status": "open",
        "uses_existing": "Het wijkteam en de bewonerscommissie",
        "solution_direction": "Vaste contactpersoon per organisatie",
        "first_step": "",
        "with_whom": "",
        "report_back": "",
        "created_by_id": None,
        "by_facilitator": True,
        "progress": [],
        "version": 1,
    }
    snapshot = selectors.workshop_snapshot(workshop)
    assert snapshot["agreements"] == [result.event.payload]
    assert snapshot["agreement_distributions"] == []


def test_an_owner_who_is_no_participant_is_typed(workshop, fac_actor):
    result = create(workshop, fac_actor, owner_names="Gemeente, team openbare ruimte")
    assert result.event.payload["owner_ids"] == []
    assert result.event.payload["owner_names"] == "Gemeente, team openbare ruimte"


def test_a_status_left_null_is_open(workshop, fac_actor):
    """Null is the default, as for the other optional fields (the API document's nullable)."""
    result = create(workshop, fac_actor, owner_names="Gemeente", status=None)
    assert result.event.payload["status"] == "open"


def test_other_owners_that_show_nothing_are_refused_at_that_field(workshop, fac_actor):
    before = unchanged(workshop)
    with pytest.raises(Invalid) as refused:
        create(workshop, fac_actor, owner_names=" \u3164 ")
    assert refused.value.field == "owner_names"
    assert unchanged(workshop) == before


def test_a_participant_adds_an_individual_action_of_their_own(workshop, ans):
    me = Actor(participant=ans.participant)
    result = create(workshop, me, kind="individual_action", description="Ik bel de wijkagent")
    payload = result.event.payload
    assert payload["owner_ids"] == [ans.participant.pk]
    assert payload["created_by_id"] == ans.participant.pk and not payload["by_facilitator"]
    assert [payload[name] for name in ACTION_FORM] == ["", "", "", ""]  # blank when left out


# The fields of the Samenwerken action form and register (METHODS.md §4.3 blocks 5, 6, §4.7).
ACTION_FORM = {
    "solution_direction": "Vaste contactpersoon per organisatie",
    "first_step": "Morgen de wijkagent bellen",
    "with_whom": "Buurtvader Karim, de woningcorporatie",
    "report_back": "Per e-mail aan de volgende organisator",
}


def test_a_participant_fills_in_the_action_form_on_their_own_action(workshop, ans):
    result = create(
        workshop,
        Actor(participant=ans.participant),
        kind="individual_action",
        description="Ik bel de wijkagent",
        **ACTION_FORM,
    )
    payload = result.event.payload
    assert {name: payload[name] for name in ACTION_FORM} == ACTION_FORM
    agreement = Agreement.objects.get(pk=payload["id"])
    assert {name: getattr(agreement, name) for name in ACTION_FORM} == ACTION_FORM
    assert selectors.workshop_snapshot(workshop)["agreements"] == [payload]


def test_the_action_form_fields_are_updated_and_emptied(workshop, fac_actor, ans):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk], first_step="Eerst bellen")
    pk = made.event.payload["id"]
    changed = services.agreement_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=pk,
        fields={**ACTION_FORM, "with_whom": "  Karim \n en Fatima  "},
        version=1,
    )
    payload = changed.event.payload
    assert payload["with_whom"] == "Karim en Fatima"  # one line, as typed
    assert payload["first_step"] == ACTION_FORM["first_step"] and payload["version"] == 2
    assert payload["description"] == "Bewonersavond over de hangplek"

    emptied = services.agreement_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=pk,
        fields={"report_back": "", "solution_direction": " \u3164 "},
    ).event.payload
    assert emptied["report_back"] == "" and emptied["solution_direction"] == ""
    assert emptied["first_step"] == ACTION_FORM["first_step"]  # left out: kept
    assert Agreement.objects.get(pk=pk).report_back == ""


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("solution_direction", "De oplossingsrichting"),
        ("first_step", "De eerste stap"),
        ("with_whom", "Met wie"),
        ("report_back", "Hoe je terugmeldt"),
    ],
)
def test_an_action_form_field_too_long_is_refused_in_dutch(workshop, fac_actor, ans, field, label):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    me = Actor(participant=ans.participant)
    before = unchanged(workshop)
    message = f"{label} is te lang: maximaal 300 tekens, je typte er 301."
    with translation.override("nl"):
        for attempt in (
            lambda: create(
                workshop, fac_actor, owner_ids=[ans.participant.pk], **{field: "x" * 301}
            ),
            lambda: create(workshop, me, kind="individual_action", **{field: "é" * 301}),
            lambda: services.agreement_update(
                workshop_id=workshop.pk,
                actor=fac_actor,
                client_op_id=op(),
                agreement_id=made.event.payload["id"],
                fields={"description": "Anders", field: "x" * 301},
            ),
        ):
            with pytest.raises(Invalid) as refused:
                attempt()
            assert refused.value.field == field
            assert str(refused.value.message) == message
    assert unchanged(workshop) == before
    create(workshop, fac_actor, owner_ids=[ans.participant.pk], **{field: "x" * 300})


def test_an_owner_may_not_change_the_action_form_afterwards(workshop, ans):
    """The owner sets the status only (the facilitator changes the rest), as before."""
    me = Actor(participant=ans.participant)
    made = create(workshop, me, kind="individual_action", first_step="Bellen")
    before = unchanged(workshop)
    with pytest.raises(NotAllowed):
        services.agreement_update(
            workshop_id=workshop.pk,
            actor=me,
            client_op_id=op(),
            agreement_id=made.event.payload["id"],
            fields={"first_step": "Mailen"},
        )
    assert unchanged(workshop) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "joint_agreement"},  # only an individual action
        {"kind": "individual_action", "owner_ids": "bram"},  # not theirs alone
        {"kind": "individual_action", "owner_ids": "both"},
        {"kind": "individual_action", "owner_names": "Gemeente"},
    ],
)
def test_a_participant_may_not_add_other_agreements(workshop, fac_actor, ans, bram, fields):
    fields = dict(fields)
    ids = {"bram": [bram.participant.pk], "both": [ans.participant.pk, bram.participant.pk]}
    if "owner_ids" in fields:
        fields["owner_ids"] = ids[fields["owner_ids"]]
    before = unchanged(workshop)
    with pytest.raises(NotAllowed):
        create(workshop, Actor(participant=ans.participant), **fields)
    assert unchanged(workshop) == before


def test_an_owner_of_another_workshop_is_refused_and_nothing_changes(
    workshop, other_workshop, fac_actor, ans
):
    stranger = join(other_workshop, "Zoë")
    create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    before = unchanged(workshop)

    # Someone of another session is no one here: not found (docs/security.md), as any id.
    with pytest.raises(NotFound) as refused:
        create(workshop, fac_actor, owner_ids=[ans.participant.pk, stranger.participant.pk])
    assert refused.value.field == "owner_ids"
    agreement = Agreement.objects.get(workshop=workshop)
    with pytest.raises(NotFound):
        services.agreement_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            agreement_id=agreement.pk,
            fields={"owner_ids": [stranger.participant.pk], "description": "Anders"},
        )
    with pytest.raises(NotFound):
        services.agreement_distribution_record(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            recipient_ids=[stranger.participant.pk],
        )
    assert unchanged(workshop) == before


def test_a_removed_participant_cannot_own_an_agreement(workshop, fac_actor, ans, bram):
    engine.participant_remove(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=bram.participant.pk
    )
    before = unchanged(workshop)
    with pytest.raises(NotFound):
        create(workshop, fac_actor, owner_ids=[bram.participant.pk])
    assert unchanged(workshop) == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * 501}, "description"),
        ({"kind": "wish"}, "kind"),
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"due_date": "31-12-2026"}, "due_date"),
        ({"due_date": "20261231"}, "due_date"),
        ({"status": "half"}, "status"),
        ({"link_kind": "postit"}, "link_kind"),
        ({"owner_ids": []}, "owner_ids"),  # no owner at all
        ({"owner_ids": [True]}, "owner_ids"),
        ({"owner_names": "x" * 201}, "owner_names"),
        ({"uses_existing": "x" * 501}, "uses_existing"),
        ({"solution_direction": "x" * 301}, "solution_direction"),
        ({"first_step": "x" * 301}, "first_step"),
        ({"with_whom": "x" * 301}, "with_whom"),
        ({"report_back": "x" * 301}, "report_back"),
        ({"report_back": 3}, "report_back"),
        ({"link_id": 3}, "link_kind"),  # linked to what?
        ({"link_kind": "solution", "link_id": 0}, "link_id"),
    ],
)
def test_invalid_input_is_refused_with_its_field_and_changes_nothing(
    workshop, fac_actor, ans, fields, field
):
    fields = {"owner_ids": [ans.participant.pk], **fields}
    before = unchanged(workshop)
    with pytest.raises(Invalid) as refused:
        create(workshop, fac_actor, **fields)
    assert refused.value.field == field and str(refused.value.message)
    assert unchanged(workshop) == before


def test_a_session_holds_at_most_so_many_agreements(workshop, fac_actor, monkeypatch):
    monkeypatch.setattr(services, "MAX_AGREEMENTS", 2)
    create(workshop, fac_actor, owner_names="Gemeente")
    create(workshop, fac_actor, owner_names="Gemeente")
    before = unchanged(workshop)
    with pytest.raises(Conflict):
        create(workshop, fac_actor, owner_names="Gemeente")
    assert unchanged(workshop) == before


def test_update_changes_only_the_fields_given(workshop, fac_actor, ans, bram):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk], due_date="2027-01-15")
    result = services.agreement_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=made.event.payload["id"],
        fields={"owner_ids": [ans.participant.pk, bram.participant.pk], "status": "done"},
        version=1,
    )
    payload = result.event.payload
    assert result.event.kind == "agreement.updated"
    assert payload["owner_ids"] == [ans.participant.pk, bram.participant.pk]
    assert payload["status"] == "done" and payload["due_date"] == "2027-01-15"
    assert payload["description"] == "Bewonersavond over de hangplek" and payload["version"] == 2

    cleared = services.agreement_update(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=payload["id"],
        fields={"due_date": None},
    )
    assert cleared.event.payload["due_date"] is None


def test_a_stale_version_is_a_conflict(workshop, fac_actor, ans):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    before = unchanged(workshop)
    with pytest.raises(Conflict):
        services.agreement_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            agreement_id=made.event.payload["id"],
            fields={"description": "Later"},
            version=7,
        )
    assert unchanged(workshop) == before


def test_an_owner_sets_the_status_but_changes_nothing_else(workshop, fac_actor, ans, bram):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    pk = made.event.payload["id"]
    owner, other = Actor(participant=ans.participant), Actor(participant=bram.participant)
    before = unchanged(workshop)
    for actor, fields in (
        (owner, {"description": "Gekaapt"}),
        (owner, {"status": "done", "due_date": "2030-01-01"}),
        (other, {"status": "dropped"}),
    ):
        with pytest.raises(NotAllowed):
            services.agreement_update(
                workshop_id=workshop.pk,
                actor=actor,
                client_op_id=op(),
                agreement_id=pk,
                fields=fields,
            )
    assert unchanged(workshop) == before

    done = services.agreement_update(
        workshop_id=workshop.pk,
        actor=owner,
        client_op_id=op(),
        agreement_id=pk,
        fields={"status": "done"},
    )
    assert done.event.payload["status"] == "done"


def test_progress_by_an_owner_with_today_as_date(workshop, fac_actor, ans, bram):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk, bram.participant.pk])
    pk = made.event.payload["id"]
    result = services.agreement_progress(
        workshop_id=workshop.pk,
        actor=Actor(participant=bram.participant),
        client_op_id=op(),
        agreement_id=pk,
        text="Eerste gesprek gehad",
    )
    assert result.event.kind == "agreement.progress_added"
    [update] = result.event.payload["progress"]
    assert update["text"] == "Eerste gesprek gehad" and update["author_name"] == "Bram"
    assert update["date"] == timezone.localdate().isoformat()

    second = services.agreement_progress(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=pk,
        text="Afgerond",
        date="2026-12-20",
        status="done",
    )
    assert second.event.payload["status"] == "done"
    dates = [u["date"] for u in second.event.payload["progress"]]
    assert dates == sorted(["2026-12-20", timezone.localdate().isoformat()])  # by date


def test_progress_by_someone_who_is_no_owner_is_refused(workshop, fac_actor, ans, bram):
    made = create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    before = unchanged(workshop)
    for fields in ({"text": "Gekaapt"}, {"text": "   "}, {"text": "Ok", "date": "morgen"}):
        actor = Actor(participant=bram.participant) if fields["text"] == "Gekaapt" else fac_actor
        with pytest.raises((NotAllowed, Invalid)):
            services.agreement_progress(
                workshop_id=workshop.pk,
                actor=actor,
                client_op_id=op(),
                agreement_id=made.event.payload["id"],
                **fields,
            )
    assert unchanged(workshop) == before


def test_only_a_facilitator_deletes(workshop, fac_actor, ans):
    me = Actor(participant=ans.participant)
    made = create(workshop, me, kind="individual_action", description="Ik bel")
    pk = made.event.payload["id"]
    services.agreement_progress(
        workshop_id=workshop.pk, actor=me, client_op_id=op(), agreement_id=pk, text="Gebeld"
    )
    before = unchanged(workshop)
    with pytest.raises(NotAllowed):
        services.agreement_delete(
            workshop_id=workshop.pk, actor=me, client_op_id=op(), agreement_id=pk
        )
    assert unchanged(workshop) == before

    result = services.agreement_delete(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), agreement_id=pk
    )
    assert result.event.payload == {"id": pk}
    assert not Agreement.objects.exists() and not ProgressUpdate.objects.exists()
    with pytest.raises(NotFound):
        services.agreement_delete(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), agreement_id=pk
        )


def test_an_agreement_of_another_workshop_is_not_found(workshop, other_workshop, fac_actor):
    from wijktafel.accounts.models import User

    other = Actor(user=User.objects.get(email="fac@elders.example"))
    theirs = create(other_workshop, other, owner_names="Gemeente").event.payload["id"]
    with pytest.raises(NotFound):
        services.agreement_update(
            workshop_id=workshop.pk,
            actor=fac_actor,
            client_op_id=op(),
            agreement_id=theirs,
            fields={"status": "done"},
        )


def test_the_distribution_is_recorded_for_every_participant(workshop, fac_actor, ans, bram):
    create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    create(
        workshop,
        Actor(participant=bram.participant),
        kind="individual_action",
        description="Ik ruim op",
    )
    engine.participant_remove(
        workshop_id=workshop.pk, actor=fac_actor, participant_id=bram.participant.pk
    )
    result = services.agreement_distribution_record(
        workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), kinds=["joint_agreement"]
    )
    payload = result.event.payload
    assert result.event.kind == "agreement.distributed"
    assert payload["recipients"] == [{"participant_id": ans.participant.pk, "name": "Ans"}]
    assert payload["kinds"] == ["joint_agreement"] and len(payload["agreement_ids"]) == 1
    assert "@" not in str(payload)
    assert Distribution.objects.get().sent_by == fac_actor.user
    assert agreements_payload(workshop)["agreement_distributions"] == [payload]


def test_a_distribution_needs_agreements_and_is_the_facilitators(workshop, fac_actor, ans):
    before = unchanged(workshop)
    with pytest.raises(Conflict):
        services.agreement_distribution_record(
            workshop_id=workshop.pk, actor=fac_actor, client_op_id=op()
        )
    create(workshop, fac_actor, owner_ids=[ans.participant.pk])
    before = unchanged(workshop)
    for kinds in (["wish"], [], "joint_agreement"):
        with pytest.raises(Invalid):
            services.agreement_distribution_record(
                workshop_id=workshop.pk, actor=fac_actor, client_op_id=op(), kinds=kinds
            )
    with pytest.raises(NotAllowed):
        services.agreement_distribution_record(
            workshop_id=workshop.pk, actor=Actor(participant=ans.participant), client_op_id=op()
        )
    assert unchanged(workshop) == before


def test_a_participant_may_not_write_after_the_session_ended(workshop, fac_actor, ans):
    me = Actor(participant=ans.participant)
    made = create(workshop, me, kind="individual_action", description="Ik bel")
    engine.workshop_end(workshop_id=workshop.pk, actor=fac_actor)
    before = unchanged(workshop)
    with pytest.raises(NotAllowed):
        services.agreement_progress(
            workshop_id=workshop.pk,
            actor=me,
            client_op_id=op(),
            agreement_id=made.event.payload["id"],
            text="Gebeld",
        )
    assert unchanged(workshop) == before
    # The facilitator keeps the register up to date after the session (the follow-up).
    services.agreement_progress(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=op(),
        agreement_id=made.event.payload["id"],
        text="Ans heeft gebeld",
    )


def test_an_op_repeated_with_its_key_changes_nothing(workshop, fac_actor, ans):
    key = op()
    first = services.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=key,
        kind="follow_up",
        description="Terugkoppelen",
        owner_ids=[ans.participant.pk],
    )
    again = services.agreement_create(
        workshop_id=workshop.pk,
        actor=fac_actor,
        client_op_id=key,
        kind="follow_up",
        description="Terugkoppelen",
        owner_ids=[ans.participant.pk],
    )
    assert again.seq == first.seq and not again.created
    assert Agreement.objects.count() == 1


def test_register_for_groups_by_kind_with_labels(workshop, fac_actor, ans):
    create(workshop, fac_actor, kind="follow_up", owner_names="Gemeente")
    create(workshop, fac_actor, kind="work_agreement", owner_ids=[ans.participant.pk])
    register = register_for(workshop)
    assert [a["kind"] for a in register["agreements"]] == ["work_agreement", "follow_up"]
    assert register["agreements"][0]["kind_label"] and register["agreements"][0]["status_label"]
    assert register["distributions"] == []
