"""API of the post-it wall: post-its and columns, by participants (bearer token) and facilitators."""

import uuid

import pytest

from tests.support.api import call, op, state_of
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.workshops.models import Workshop, WorkshopEvent
from wijktafel.workshops.services import Actor


def postits_url(workshop, suffix=""):
    return f"/workshops/{workshop.pk}/postits{suffix}"


def test_participant_adds_a_postit_with_a_reason_and_a_new_problem_owner(anon, workshop, ans):
    response = call(
        anon,
        "POST",
        postits_url(workshop),
        {
            "text": "Zwerfvuil bij de school",
            "why": "Kinderen lopen erdoor",
            "column_title": "Gemeente",
        },
        token=ans.token,
    )

    assert response.status_code == 201, response.content
    body = response.json()
    postit = Postit.objects.get(pk=body["postit"]["id"])
    assert (postit.text, postit.why, postit.author_id) == (
        "Zwerfvuil bij de school",
        "Kinderen lopen erdoor",
        ans.participant.pk,
    )
    assert body["column"] == {"id": postit.column_id, "title": "Gemeente", "position": 0}
    assert body["seq"] == Workshop.objects.get(pk=workshop.pk).last_seq


def test_facilitator_adds_a_postit_too(fac_client, workshop):
    response = call(fac_client, "POST", postits_url(workshop), {"text": "Parkeren"})

    assert response.status_code == 201
    assert response.json()["postit"]["by_facilitator"] is True
    assert response.json()["postit"]["author_id"] is None


def test_the_wall_lists_every_postit_for_members(anon, workshop, ans, wall_of_a):
    postit, column = wall_of_a

    response = call(anon, "GET", postits_url(workshop), token=ans.token)

    assert response.status_code == 200
    assert [(p["id"], p["column_id"], p["text"]) for p in response.json()] == [
        (postit.pk, column.pk, "Zwerfvuil")
    ]


def test_html_and_script_are_stored_and_returned_literally(anon, workshop, ans):
    text = '<script>alert(1)</script><img src=x onerror="x()">'

    response = call(anon, "POST", postits_url(workshop), {"text": text}, token=ans.token)

    assert response.status_code == 201
    assert response.json()["postit"]["text"] == text
    assert Postit.objects.get(pk=response.json()["postit"]["id"]).text == text


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "text"),
        ({"text": "x" * 5000}, "text"),
        ({"text": "Zwerfvuil", "why": "y" * 5000}, "why"),
        ({"text": 5}, "text"),
        ({"text": ["Zwerfvuil"]}, "text"),
        ({}, "text"),
        ({"text": "Zwerfvuil", "column_id": "eerste"}, "column_id"),
    ],
)
def test_a_bad_postit_is_refused_with_a_message_and_changes_nothing(
    anon, workshop, ans, body, field
):
    before = state_of(workshop)

    response = call(anon, "POST", postits_url(workshop), body, token=ans.token)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert state_of(workshop) == before


def test_a_postit_in_a_column_of_another_workshop_is_404(
    anon, workshop, workshop_b, ans, fac_actor
):
    column_b = Column.objects.create(workshop=workshop_b, title="Elders", position=0)
    before = state_of(workshop)

    response = call(
        anon,
        "POST",
        postits_url(workshop),
        {"text": "Zwerfvuil", "column_id": column_b.pk},
        token=ans.token,
    )

    assert response.status_code == 404
    assert state_of(workshop) == before


def test_a_repeated_idempotency_key_gives_the_same_seq_and_one_postit(anon, workshop, ans):
    key = op()

    first = call(
        anon, "POST", postits_url(workshop), {"text": "Zwerfvuil"}, token=ans.token, key=key
    )
    second = call(
        anon, "POST", postits_url(workshop), {"text": "Zwerfvuil"}, token=ans.token, key=key
    )

    assert first.status_code == second.status_code == 201
    assert second.json()["seq"] == first.json()["seq"]
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Postit.objects.filter(workshop=workshop).count() == 1
    assert WorkshopEvent.objects.filter(workshop=workshop, kind="postit.created").count() == 1


def test_an_idempotency_key_reused_for_another_route_is_409_and_changes_nothing(
    anon, fac_client, workshop, ans, wall_of_a
):
    postit, _ = wall_of_a
    key, fac_key = str(uuid.uuid4()), str(uuid.uuid4())
    assert call(anon, "POST", postits_url(workshop), {"text": "Glas"}, token=ans.token, key=key)
    assert call(fac_client, "POST", postits_url(workshop), {"text": "Glas"}, key=fac_key)
    before = state_of(workshop)

    edit = call(
        anon,
        "PATCH",
        postits_url(workshop, f"/{postit.pk}"),
        {"text": "Scherven"},
        token=ans.token,
        key=key,
    )
    column = call(
        fac_client, "POST", f"/workshops/{workshop.pk}/columns", {"title": "Politie"}, key=fac_key
    )

    for response in (edit, column):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "conflict"
        assert response.json()["field"] == "Idempotency-Key"
    assert state_of(workshop) == before
    assert Postit.objects.get(pk=postit.pk).text == "Zwerfvuil"


def test_an_idempotency_key_that_is_not_a_uuid_is_400(anon, workshop, ans):
    before = state_of(workshop)

    response = call(
        anon,
        "POST",
        postits_url(workshop),
        {"text": "Zwerfvuil"},
        token=ans.token,
        key="nog-een-keer",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert state_of(workshop) == before


def test_participant_edits_their_own_postit_and_keeps_the_reason(anon, workshop, ans, wall_of_a):
    postit, _ = wall_of_a
    Postit.objects.filter(pk=postit.pk).update(why="Stinkt")

    response = call(
        anon,
        "PATCH",
        postits_url(workshop, f"/{postit.pk}"),
        {"text": "Zwerfvuil en glas"},
        token=ans.token,
    )

    assert response.status_code == 200
    postit.refresh_from_db()
    assert (postit.text, postit.why, postit.version) == ("Zwerfvuil en glas", "Stinkt", 2)
    assert response.json()["postit"]["version"] == 2


def test_an_edit_on_an_old_version_is_a_conflict(anon, workshop, ans, wall_of_a):
    postit, _ = wall_of_a
    call(anon, "PATCH", postits_url(workshop, f"/{postit.pk}"), {"text": "Eerste"}, token=ans.token)
    before = state_of(workshop)

    response = call(
        anon,
        "PATCH",
        postits_url(workshop, f"/{postit.pk}"),
        {"text": "Tweede", "version": 1},
        token=ans.token,
    )

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert state_of(workshop) == before


def test_a_participant_cannot_edit_or_delete_someone_elses_postit(anon, workshop, bram, wall_of_a):
    postit, _ = wall_of_a
    before = state_of(workshop)

    edit = call(
        anon, "PATCH", postits_url(workshop, f"/{postit.pk}"), {"text": "Gekaapt"}, token=bram.token
    )
    delete = call(anon, "DELETE", postits_url(workshop, f"/{postit.pk}"), token=bram.token)

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert edit.json()["code"] == delete.json()["code"] == "forbidden"
    assert state_of(workshop) == before


def test_participant_deletes_their_own_postit(anon, workshop, ans, wall_of_a):
    postit, _ = wall_of_a

    response = call(anon, "DELETE", postits_url(workshop, f"/{postit.pk}"), token=ans.token)

    assert response.status_code == 200
    assert response.json() == {
        "seq": Workshop.objects.get(pk=workshop.pk).last_seq,
        "id": postit.pk,
        "unmerged_ids": [],
    }
    assert not Postit.objects.filter(pk=postit.pk).exists()


def test_facilitator_moves_merges_unmerges_and_parks(fac_client, anon, workshop, ans, wall_of_a):
    postit, column = wall_of_a
    other = call(anon, "POST", postits_url(workshop), {"text": "Afval"}, token=ans.token).json()[
        "postit"
    ]

    moved = call(
        fac_client,
        "POST",
        postits_url(workshop, f"/{other['id']}/move"),
        {"column_id": column.pk, "position": 3},
    )
    assert moved.status_code == 200
    assert (moved.json()["postit"]["column_id"], moved.json()["postit"]["position"]) == (
        column.pk,
        3,
    )

    merged = call(
        fac_client, "POST", postits_url(workshop, f"/{other['id']}/merge"), {"into_id": postit.pk}
    )
    assert merged.status_code == 200
    assert merged.json()["postit"]["merged_into_id"] == postit.pk

    unmerged = call(fac_client, "POST", postits_url(workshop, f"/{other['id']}/unmerge"))
    assert unmerged.status_code == 200
    assert unmerged.json()["postit"]["merged_into_id"] is None

    parked = call(
        fac_client,
        "POST",
        postits_url(workshop, f"/{other['id']}/park"),
        {"parked": True, "note": "Later bespreken"},
    )
    assert parked.status_code == 200
    assert (parked.json()["postit"]["parked"], parked.json()["postit"]["parked_note"]) == (
        True,
        "Later bespreken",
    )
    back = call(
        fac_client, "POST", postits_url(workshop, f"/{other['id']}/park"), {"parked": False}
    )
    assert back.json()["postit"]["parked"] is False
    assert Postit.objects.get(pk=other["id"]).parked is False

    moved_out = call(
        fac_client, "POST", postits_url(workshop, f"/{other['id']}/move"), {"column_id": None}
    )
    assert moved_out.json()["postit"]["column_id"] is None


@pytest.mark.parametrize(
    "suffix, body, status",
    [
        ("/merge", {"into_id": "self"}, 409),
        ("/merge", {}, 400),
        ("/unmerge", None, 409),
        ("/park", {"parked": "misschien"}, 400),
        ("/move", {"column_id": 999999}, 404),
    ],
)
def test_bad_wall_operations_are_refused_and_change_nothing(
    fac_client, workshop, wall_of_a, suffix, body, status
):
    postit, _ = wall_of_a
    if body == {"into_id": "self"}:
        body = {"into_id": postit.pk}
    before = state_of(workshop)

    response = call(fac_client, "POST", postits_url(workshop, f"/{postit.pk}{suffix}"), body)

    assert response.status_code == status
    assert response.json()["message"]
    assert state_of(workshop) == before


def test_merging_into_itself_or_into_a_merged_postit_is_a_conflict(
    fac_client, workshop, ans, wall_of_a
):
    """Which post-it an id names, and whether it is merged, is the wall as stored: 409."""
    postit, column = wall_of_a
    ids = [
        wall.postit_create(
            workshop_id=workshop.pk,
            actor=Actor(participant=ans.participant),
            client_op_id=None,
            text=text,
            column_id=column.pk,
        ).event.payload["id"]
        for text in ("Zwerfvuil bij de flat", "Vuil op straat")
    ]
    wall.postit_merge(
        workshop_id=workshop.pk,
        actor=Actor(user=workshop.created_by),
        client_op_id=None,
        postit_id=ids[0],
        into_id=postit.pk,
    )
    before = state_of(workshop)

    for merged, into, message in (
        (postit.pk, postit.pk, "Je kunt een post-it niet met zichzelf samenvoegen."),
        (ids[1], ids[0], "Voeg samen met een post-it die zelf niet samengevoegd is."),
    ):
        response = call(
            fac_client, "POST", postits_url(workshop, f"/{merged}/merge"), {"into_id": into}
        )

        assert response.status_code == 409, response.content
        assert response.json() == {"code": "conflict", "message": message, "field": "into_id"}
        assert state_of(workshop) == before


def test_columns_are_listed_created_renamed_and_deleted(fac_client, anon, workshop, ans, wall_of_a):
    postit, column = wall_of_a
    url = f"/workshops/{workshop.pk}/columns"

    created = call(fac_client, "POST", url, {"title": "Woningcorporatie"})
    assert created.status_code == 201
    new_id = created.json()["column"]["id"]
    assert created.json()["column"]["title"] == "Woningcorporatie"

    listed = call(anon, "GET", url, token=ans.token)
    assert [c["title"] for c in listed.json()] == ["Bewoners", "Woningcorporatie"]

    renamed = call(fac_client, "PATCH", f"{url}/{new_id}", {"title": "Corporatie"})
    assert renamed.status_code == 200
    assert Column.objects.get(pk=new_id).title == "Corporatie"

    deleted = call(fac_client, "DELETE", f"{url}/{column.pk}")
    assert deleted.status_code == 200
    assert deleted.json() == {"seq": Workshop.objects.get(pk=workshop.pk).last_seq, "id": column.pk}
    postit.refresh_from_db()
    assert postit.column_id is None


@pytest.mark.parametrize("title, status", [("bewoners", 409), ("", 400), ("k" * 81, 400)])
def test_a_bad_column_title_is_refused_and_changes_nothing(
    fac_client, workshop, wall_of_a, title, status
):
    before = state_of(workshop)

    response = call(fac_client, "POST", f"/workshops/{workshop.pk}/columns", {"title": title})

    assert response.status_code == status
    assert state_of(workshop) == before


def test_a_body_over_the_upload_limit_is_413_and_changes_nothing(anon, workshop, ans):
    before = state_of(workshop)

    response = call(anon, "POST", postits_url(workshop), {"text": "x" * 300_000}, token=ans.token)

    assert response.status_code == 413
    assert response.json()["code"] == "too_big"
    assert state_of(workshop) == before


def test_api_writes_have_the_sockets_limit_per_participant(anon, workshop, ans, bram, settings):
    settings.WIJKTAFEL = {**settings.WIJKTAFEL, "WS_BURST": 5, "WS_RATE": 0.5}  # 5 per 10 s
    for n in range(5):
        response = call(anon, "POST", postits_url(workshop), {"text": f"P{n}"}, token=ans.token)
        assert response.status_code == 201
    before = state_of(workshop)

    refused = call(anon, "POST", postits_url(workshop), {"text": "Nog een"}, token=ans.token)

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 10
    assert state_of(workshop) == before
    # Another participant writes as before.
    other = call(anon, "POST", postits_url(workshop), {"text": "Van Bram"}, token=bram.token)
    assert other.status_code == 201
