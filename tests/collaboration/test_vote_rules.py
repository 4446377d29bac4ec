"""The vote on the meeting's cards (METHODS.md §4.5) holds its rules in the service layer, for
the ballot the meeting is built on: three stickers each, one per card, the organiser and
co-facilitators do not vote and the facilitator's account places none, blank cards until voting
opens, a tie at the third place that the facilitator settles, the top three; and the ballot
cannot be deleted. Under concurrency on a real database: eight taps of one person at once end
with three stickers, and no card gets in after voting opened. Every refusal changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.collaboration.conftest import as_, goto, refused, rows
from tests.support.api import call
from tests.support.factories import join
from wijktafel.collaboration import services as meeting_services
from wijktafel.collaboration.models import Meeting, Note
from wijktafel.core.errors import Conflict, NotAllowed
from wijktafel.stickers import services as st
from wijktafel.stickers.models import Ballot, Sticker, Target
from wijktafel.stickers.selectors import ballot_payload, result
from wijktafel.workshops import services
from wijktafel.workshops.selectors import workshop_snapshot

ROOT = Path(__file__).resolve().parents[2]
SPENT = (
    "Je hebt al je 3 stickers geplakt. Haal er eerst een weg als je hem ergens anders wilt plakken."
)
CAPPED = "Je kunt maar één sticker op deze keuze plakken."
NOT_YOUR_ROLE = "In jouw rol stem je niet mee in deze sessie."
TOO_LATE = "Het stemmen is begonnen. Je kunt nu geen keuzes meer toevoegen."


def _status(session, fac_actor, meeting, status):
    return st.ballot_update(
        workshop_id=session.pk, actor=fac_actor, ballot_id=meeting.ballot_id, status=status
    )


def _place(session, meeting, who, card):
    return st.sticker_place(
        workshop_id=session.pk, actor=who, ballot_id=meeting.ballot_id, target_id=card
    )


def _add(session, meeting, who, label):
    return st.target_add(
        workshop_id=session.pk, actor=who, ballot_id=meeting.ballot_id, label=label
    )


def _outcome(meeting) -> dict:
    return result(ballot_payload(Ballot.objects.get(pk=meeting.ballot_id)))


@pytest.mark.django_db
def test_the_meetings_vote_is_three_stickers_one_per_card_on_the_ten_questions(
    session, fac_actor, meeting, cards
):
    ballot = Ballot.objects.get(pk=meeting.ballot_id)

    assert (ballot.workshop_id, ballot.purpose) == (session.pk, "")  # the session's own vote
    assert (ballot.budget, ballot.cap, ballot.top_n, ballot.status) == (3, 1, 3, "collecting")
    assert ballot.title == "Welke vragen eerst?"
    labels = list(Target.objects.filter(ballot=ballot).values_list("label", flat=True))
    assert len(labels) == 10 and labels == [q["wording"] for q in meeting.questions]
    assert labels[0] == "Hoe maak ik ruimte in mijn agenda en takenpakket?"
    assert [q["number"] for q in meeting.questions] == list(range(1, 11))
    # The snapshot shows it among the session's votes, and the meeting names it.
    snapshot = workshop_snapshot(session)
    assert [b["id"] for b in snapshot["ballots"]] == [ballot.pk]
    assert snapshot["meeting"]["ballot_id"] == ballot.pk


@pytest.mark.django_db
def test_a_fourth_sticker_and_a_second_on_one_card_are_refused(
    session, fac_actor, meeting, cards, ans
):
    refused(session, Conflict, lambda: _place(session, meeting, as_(ans), cards[0]))  # not open
    _status(session, fac_actor, meeting, "voting")
    _place(session, meeting, as_(ans), cards[0])

    capped = refused(session, Conflict, lambda: _place(session, meeting, as_(ans), cards[0]))
    assert (capped.message, capped.field) == (CAPPED, "target_id")

    _place(session, meeting, as_(ans), cards[1])
    _place(session, meeting, as_(ans), cards[2])
    spent = refused(session, Conflict, lambda: _place(session, meeting, as_(ans), cards[3]))
    assert (spent.message, spent.field) == (SPENT, "target_id")

    # Taking one off frees it for another card; the budget still holds after.
    st.sticker_remove(
        workshop_id=session.pk, actor=as_(ans), ballot_id=meeting.ballot_id, target_id=cards[0]
    )
    _place(session, meeting, as_(ans), cards[3])
    refused(session, Conflict, lambda: _place(session, meeting, as_(ans), cards[4]))
    mine = Sticker.objects.filter(ballot_id=meeting.ballot_id, voter=ans.participant)
    assert sorted(mine.values_list("target_id", flat=True)) == sorted(cards[1:4])


@pytest.mark.django_db
@pytest.mark.parametrize("roles", [["organiser"], ["co_facilitator"], ["participant", "organiser"]])
def test_the_organiser_and_co_facilitators_do_not_vote(
    session, fac_actor, meeting, cards, ans, roles
):
    _status(session, fac_actor, meeting, "voting")
    actor = as_(ans)  # made before the role changes: the roles are read as they are now
    services.participant_update(
        workshop_id=session.pk, actor=fac_actor, participant_id=ans.participant.pk, roles=roles
    )

    error = refused(session, NotAllowed, lambda: _place(session, meeting, actor, cards[0]))

    assert error.message == NOT_YOUR_ROLE
    assert not Sticker.objects.filter(ballot_id=meeting.ballot_id).exists()


@pytest.mark.django_db
def test_the_facilitators_account_places_no_sticker_and_a_chair_votes(
    session, fac_actor, meeting, cards, ans
):
    _status(session, fac_actor, meeting, "voting")

    error = refused(session, NotAllowed, lambda: _place(session, meeting, fac_actor, cards[0]))

    assert error.message == "Alleen deelnemers plakken stickers."
    services.participant_update(
        workshop_id=session.pk, actor=fac_actor, participant_id=ans.participant.pk, roles=["chair"]
    )
    _place(session, meeting, as_(ans), cards[0])
    assert list(
        Sticker.objects.filter(ballot_id=meeting.ballot_id).values_list("voter_id", flat=True)
    ) == [ans.participant.pk]


@pytest.mark.django_db
def test_participants_add_blank_cards_until_voting_opens(
    session, fac_actor, meeting, cards, ans, bram
):
    added = _add(session, meeting, as_(ans), "Wie betaalt de koffie?")

    blank = added.event.payload["targets"][-1]
    assert (blank["label"], blank["added_by_id"]) == ("Wie betaalt de koffie?", ans.participant.pk)
    assert len(added.event.payload["targets"]) == 11
    assert Target.objects.get(pk=blank["id"]).ballot_id == meeting.ballot_id
    # The ten questions stay the ten questions; the blank card is a choice of the vote beside them.
    assert len(Meeting.objects.get(pk=meeting.pk).questions) == 10

    _status(session, fac_actor, meeting, "voting")
    for who in (as_(bram), as_(ans)):
        late = refused(session, Conflict, lambda who=who: _add(session, meeting, who, "Te laat"))
        assert (late.message, late.field) == (TOO_LATE, "label")
    # It is a card like the others: it gets stickers, and a card of another person stays.
    _place(session, meeting, as_(bram), blank["id"])
    refused(
        session,
        Conflict,
        lambda: st.target_remove(
            workshop_id=session.pk,
            actor=as_(ans),
            ballot_id=meeting.ballot_id,
            target_id=blank["id"],
        ),
    )
    _status(session, fac_actor, meeting, "closed")
    closed = refused(session, Conflict, lambda: _add(session, meeting, as_(ans), "Na afloop"))
    assert closed.message == TOO_LATE


def _vote(session, meeting, voters, choices):
    for who, cards_of in zip(voters, choices, strict=True):
        for card in cards_of:
            _place(session, meeting, as_(who), card)


@pytest.mark.django_db
def test_a_tie_at_the_third_place_is_shown_and_the_facilitator_settles_it(
    session, fac_actor, meeting, cards, people
):
    a, b, c, d, e = cards[:5]
    _status(session, fac_actor, meeting, "voting")
    _vote(session, meeting, people[:4], ([a, b, c], [a, b, d], [a, b, e], [a, c, d]))

    outcome = _outcome(meeting)

    assert [(r["target_id"], r["count"]) for r in outcome["ranking"][:5]] == [
        (a, 4),
        (b, 3),
        (c, 2),
        (d, 2),
        (e, 1),
    ]
    assert outcome["top"] == [a, b, c] and outcome["tie"] == [c, d]
    # Every screen sees the same: the snapshot's ballot gives the same result.
    shown = next(
        b_ for b_ in workshop_snapshot(session)["ballots"] if b_["id"] == meeting.ballot_id
    )
    assert result(shown) == outcome

    # Only the facilitator settles, and only the choices tied now.
    refused(
        session,
        NotAllowed,
        lambda: st.ballot_settle(
            workshop_id=session.pk,
            actor=as_(people[0]),
            ballot_id=meeting.ballot_id,
            target_ids=[d, c],
        ),
    )
    wrong = refused(
        session,
        Conflict,
        lambda: st.ballot_settle(
            workshop_id=session.pk,
            actor=fac_actor,
            ballot_id=meeting.ballot_id,
            target_ids=[d, e],
        ),
    )
    assert wrong.message.startswith("Dit zijn niet de keuzes die nu gelijk staan bij de grens.")

    st.ballot_settle(
        workshop_id=session.pk, actor=fac_actor, ballot_id=meeting.ballot_id, target_ids=[d, c]
    )

    settled = _outcome(meeting)
    assert settled["top"] == [a, b, d] and settled["tie"] == []
    _status(session, fac_actor, meeting, "closed")
    assert _outcome(meeting)["top"] == [a, b, d]
    refused(session, Conflict, lambda: _place(session, meeting, as_(people[4]), e))


@pytest.mark.django_db
def test_six_people_three_stickers_each_make_a_top_three_without_a_tie(
    session, fac_actor, meeting, cards, people
):
    _status(session, fac_actor, meeting, "voting")
    # Everyone on questions 6 and 2; the third sticker three on 3, two on 4, one on 5.
    thirds = [cards[2]] * 3 + [cards[3]] * 2 + [cards[4]]
    _vote(session, meeting, people, [[cards[5], cards[1], third] for third in thirds])

    outcome = _outcome(meeting)

    assert [(r["target_id"], r["count"]) for r in outcome["ranking"][:6]] == [
        (cards[1], 6),
        (cards[5], 6),
        (cards[2], 3),
        (cards[3], 2),
        (cards[4], 1),
        (cards[0], 0),
    ]
    assert outcome["top"] == [cards[1], cards[5], cards[2]] and outcome["tie"] == []
    _status(session, fac_actor, meeting, "closed")
    assert _outcome(meeting)["top"] == [cards[1], cards[5], cards[2]]
    assert Sticker.objects.filter(ballot_id=meeting.ballot_id).count() == 18


@pytest.mark.django_db
def test_the_meetings_ballot_cannot_be_deleted_and_everything_stays(
    session, fac_actor, facilitator, meeting, cards, ans, client
):
    _status(session, fac_actor, meeting, "voting")
    _place(session, meeting, as_(ans), cards[0])
    _status(session, fac_actor, meeting, "closed")
    goto(session, facilitator, 4)
    meeting_services.flap_note_add(
        workshop_id=session.pk,
        actor=as_(ans),
        card_id=cards[0],
        text="Samen lunchen",
        origin="practice",
    )

    error = refused(
        session,
        Conflict,
        lambda: st.ballot_delete(
            workshop_id=session.pk, actor=fac_actor, ballot_id=meeting.ballot_id
        ),
    )

    assert (
        error.message == "Deze stemming hoort bij de werkvorm van de bijeenkomst en blijft bestaan."
    )
    client.force_login(facilitator)
    before = rows(session)
    response = call(client, "DELETE", f"/workshops/{session.pk}/ballots/{meeting.ballot_id}")
    assert response.status_code == 409, response.content
    assert response.json() == {"code": "conflict", "message": error.message, "field": None}
    assert rows(session) == before
    assert Ballot.objects.filter(pk=meeting.ballot_id).exists()
    assert Target.objects.filter(ballot_id=meeting.ballot_id).count() == 10
    assert Sticker.objects.filter(ballot_id=meeting.ballot_id).count() == 1
    assert Note.objects.filter(meeting=meeting).count() == 1
    # Another vote of the same session is deleted as before.
    other = st.ballot_create(workshop_id=session.pk, actor=fac_actor, title="Pauze?").event.payload
    st.ballot_delete(workshop_id=session.pk, actor=fac_actor, ballot_id=other["id"])
    assert not Ballot.objects.filter(pk=other["id"]).exists()


# --- Under concurrency, on a real database -------------------------------------------------------


def _stress(mode: str, threads: int, tmp_path) -> dict:
    """Run meeting_stress.py: on a SQLite file in the SQLite pass, on a fresh PostgreSQL database
    of the project's server in the PostgreSQL pass (DATABASE_URL is set there)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    base_url = os.environ.get("DATABASE_URL", "")
    database_url = None
    if base_url:
        from tests.support.scale import create_database

        database_url = create_database(base_url, prefix="wijktafel_meeting")
        env.update(
            {
                "DATABASE_URL": database_url,
                "WIJKTAFEL_DB_POOL_SIZE": str(threads + 3),
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
        )
    else:
        env["WIJKTAFEL_SQLITE_PATH"] = str(tmp_path / "meeting.sqlite3")
    try:
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("meeting_stress.py")),
                mode,
                str(threads),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
    finally:
        if database_url:
            from tests.support.scale import drop_database

            drop_database(base_url, database_url)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["vendor"] == ("postgresql" if base_url else "sqlite")
    assert summary["alive"] == 0 and summary["seqs_gapless"] is True
    return summary


@pytest.mark.backend
def test_eight_taps_of_one_participant_at_once_place_exactly_three_stickers(tmp_path):
    summary = _stress("stickers", 8, tmp_path)

    placed = [o for o in summary["outcomes"] if o == "placed"]
    refusals = [o for o in summary["outcomes"] if o != "placed"]
    assert len(placed) == 3 and len(refusals) == 5, summary["outcomes"]
    assert all(o == ["refused", SPENT, "target_id"] for o in refusals), refusals
    assert summary["stickers"] == 3 and summary["placed_events"] == 3


@pytest.mark.backend
def test_no_blank_card_gets_in_after_voting_opened_while_six_people_keep_adding(tmp_path):
    summary = _stress("cards", 6, tmp_path)

    outcomes = summary["outcomes"]
    assert not [o for o in outcomes if isinstance(o, str)], outcomes  # no error of any other kind
    added = [o for o in outcomes if o[0] == "added"]
    refusals = [o for o in outcomes if o[0] == "refused"]
    ran_out = [o for o in outcomes if o[0] == "ran out"]
    # Each adder stopped at its first refusal: a card tried after voting opened.
    assert len(refusals) == 6 and not ran_out, outcomes
    assert all(o[1:3] == [TOO_LATE, "label"] for o in refusals), refusals
    assert summary["status"] == "voting" and summary["opened_events"] == 1
    # Every card that got in was logged before voting opened, and the room saw them all then.
    assert all(seq < summary["voting_seq"] for _kind, seq, _label in added), added
    added_labels = sorted(label for _kind, _seq, label in added)
    blank = sorted(label for label in summary["labels"] if label.startswith("Blanco"))
    assert blank == added_labels
    assert summary["labels"] == summary["labels_when_opened"]
    assert not {o[3] for o in refusals} & set(summary["labels"])
    assert len(summary["labels"]) == 10 + len(added)


@pytest.mark.django_db
def test_a_participant_of_another_session_places_nothing_on_the_meetings_cards(
    session, fac_actor, meeting, cards, other_workshop
):
    _status(session, fac_actor, meeting, "voting")
    stranger = join(other_workshop, "Zoë")

    refused(session, NotAllowed, lambda: _place(session, meeting, as_(stranger), cards[0]))
    assert not Sticker.objects.filter(voter=stranger.participant).exists()
