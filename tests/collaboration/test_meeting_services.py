"""The meeting's own writes (METHODS.md §4.4–4.7) in the service layer: the notes on the cards per
round, the follow-up, the closing, the round of actions and the contact form. Every refusal
changes nothing (``refused`` compares the rows and the log before and after); messages are the
Dutch ones a participant sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.collaboration.conftest import as_, goto, refused
from tests.support.factories import join
from wijktafel.collaboration import agenda, services
from wijktafel.collaboration.models import Contact, Meeting, Note
from wijktafel.core.errors import Conflict, Invalid, NotAllowed, NotFound
from wijktafel.groups import services as grouping
from wijktafel.groups.models import Membership
from wijktafel.workshops import services as engine
from wijktafel.workshops.selectors import workshop_snapshot
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db

AFTER = "De volgende bijeenkomst moet na deze zijn (%s)."


# --- Follow-up (part 10) ---------------------------------------------------------------------


@pytest.mark.parametrize("hour", [0, 1, 9, 23])
def test_the_next_meeting_comes_after_the_day_of_this_one_in_dutch_time(facilitator, hour):
    """A meeting at half past midnight on 3 December is on 2 December in UTC, as it is stored: the
    next one may not be on the 3rd, and the message names the 3rd."""
    workshop = engine.workshop_create(
        user=facilitator,
        title="Samenwerken",
        template_key="samenwerken",
        planned_start=timezone.make_aware(dt.datetime(2026, 12, 3, hour, 30)),
    )
    fac = Actor(user=facilitator)

    for day in ("2026-12-03", "2026-12-02"):
        error = refused(
            workshop,
            Invalid,
            lambda day=day: services.follow_up_set(
                workshop_id=workshop.pk, actor=fac, next_meeting_date=day
            ),
        )
        assert (error.message, error.field) == (AFTER % "2026-12-03", "next_meeting_date")

    done = services.follow_up_set(
        workshop_id=workshop.pk, actor=fac, next_meeting_date="2026-12-04"
    )
    assert done.event.payload["follow_up"]["next_meeting_date"] == "2026-12-04"
    assert Meeting.objects.get(workshop=workshop).next_meeting_date == dt.date(2026, 12, 4)


def _follow_up(session, fac_actor, **values):
    return services.follow_up_set(workshop_id=session.pk, actor=fac_actor, **values)


def test_the_follow_up_has_the_update_a_week_before_and_a_next_organiser_by_id_or_name(
    session, fac_actor, meeting, ans, other_workshop
):
    by_id = _follow_up(
        session,
        fac_actor,
        next_meeting_date="2027-01-14",
        report_back="Online, in de app",
        next_organiser_id=ans.participant.pk,
        next_organiser_name="wordt genegeerd",
    )

    assert by_id.event.kind == "meeting.changed"
    assert by_id.event.payload["follow_up"] == {
        "next_meeting_date": "2027-01-14",
        "update_due": "2027-01-07",
        "report_back": "Online, in de app",
        "next_organiser_id": ans.participant.pk,
        "next_organiser_name": "",
    }
    by_name = _follow_up(
        session, fac_actor, next_meeting_date="2027-02-01", next_organiser_name="Gerda Smit"
    )
    assert by_name.event.payload["follow_up"] == {
        "next_meeting_date": "2027-02-01",
        "update_due": "2027-01-25",
        "report_back": "",
        "next_organiser_id": None,
        "next_organiser_name": "Gerda Smit",
    }
    # A date at or before this meeting, someone of another session: refused, the follow-up stays.
    stranger = join(other_workshop, "Zoë")
    before_this = refused(
        session,
        Invalid,
        lambda: _follow_up(session, fac_actor, next_meeting_date="2026-11-30"),
    )
    assert before_this.message == AFTER % "2026-12-03"
    elsewhere = refused(
        session,
        NotFound,
        lambda: _follow_up(
            session,
            fac_actor,
            next_meeting_date="2027-03-01",
            next_organiser_id=stranger.participant.pk,
        ),
    )
    assert (elsewhere.message, elsewhere.field) == (
        "Deze persoon doet niet mee aan deze sessie.",
        "next_organiser_id",
    )
    refused(
        session,
        Invalid,
        lambda: _follow_up(session, fac_actor, next_meeting_date="14-01-2027"),
    )
    refused(
        session,
        NotAllowed,
        lambda: services.follow_up_set(
            workshop_id=session.pk, actor=as_(ans), next_meeting_date="2027-03-01"
        ),
    )
    meeting.refresh_from_db()
    assert (meeting.next_meeting_date, meeting.next_organiser_name) == (
        dt.date(2027, 2, 1),
        "Gerda Smit",
    )


def test_what_is_said_here_stays_here_makes_the_meeting_confidential(session, fac_actor, meeting):
    closed = services.closing_set(
        workshop_id=session.pk,
        actor=fac_actor,
        stays_here=True,
        ground_rules=["Er zijn geen domme vragen.", "Er zijn geen domme vragen.", "Telefoon weg."],
    )

    assert closed.event.payload["closing"] == {
        "stays_here": True,
        "ground_rules": ["Er zijn geen domme vragen.", "Telefoon weg."],
        "confidential": True,
    }
    meeting.refresh_from_db()
    assert meeting.confidential is True
    # A field left out stays; saying no again makes it not confidential.
    services.closing_set(workshop_id=session.pk, actor=fac_actor, ground_rules=["Telefoon weg."])
    meeting.refresh_from_db()
    assert (meeting.stays_here, meeting.ground_rules) == (True, ["Telefoon weg."])
    opened = services.closing_set(workshop_id=session.pk, actor=fac_actor, stays_here=False)
    assert opened.event.payload["closing"]["confidential"] is False
    bad = refused(
        session,
        Invalid,
        lambda: services.closing_set(workshop_id=session.pk, actor=fac_actor, stays_here="ja"),
    )
    assert (bad.message, bad.field) == ("Kies ja of nee.", "stays_here")


def test_the_big_screen_shows_the_actions_of_someone_of_this_session_only(
    session, fac_actor, meeting, ans, other_workshop
):
    stranger = join(other_workshop, "Zoë")
    services.actions_show(
        workshop_id=session.pk, actor=fac_actor, participant_id=ans.participant.pk
    )

    error = refused(
        session,
        NotFound,
        lambda: services.actions_show(
            workshop_id=session.pk, actor=fac_actor, participant_id=stranger.participant.pk
        ),
    )

    assert (error.message, error.field) == (
        "Deze persoon doet niet mee aan deze sessie.",
        "participant_id",
    )
    meeting.refresh_from_db()
    assert meeting.showing_actions_of_id == ans.participant.pk
    nobody = services.actions_show(workshop_id=session.pk, actor=fac_actor, participant_id=None)
    assert nobody.event.payload["showing_actions_of"] is None


# --- Notes on the cards (parts 4, 6 and 7) ---------------------------------------------------

ROUNDS_ONLY = "Je schrijft op de kaarten in de duoronde en in de stille ronde."
ORIGIN = "Zeg waar het idee vandaan komt: eigen praktijk, zelf bedacht of elders gevonden."
OWN_ONLY = "Je kunt alleen je eigen notities veranderen."


def _write(session, who, card, text="Samen lunchen", **extra):
    return services.flap_note_add(
        workshop_id=session.pk, actor=who, card_id=card, text=text, **extra
    ).event.payload


@pytest.mark.parametrize("step", [None, 1, 2, 3, 5, 7, 8, 9, 10, 11])
def test_participants_write_on_the_cards_only_in_the_duo_and_the_silent_round(
    session, facilitator, cards, ans, step
):
    if step is not None:
        goto(session, facilitator, step)

    error = refused(
        session,
        Conflict,
        lambda: _write(session, as_(ans), cards[0], origin="practice"),
    )

    assert (error.message, error.field) == (ROUNDS_ONLY, "text")


def test_a_duo_note_says_where_the_idea_comes_from_and_a_silent_one_need_not(
    session, facilitator, cards, ans
):
    goto(session, facilitator, agenda.DUOS)
    for origin in ("", "ergens"):
        error = refused(
            session,
            Invalid,
            lambda origin=origin: _write(session, as_(ans), cards[0], origin=origin),
        )
        assert (error.message, error.field) == (ORIGIN, "origin")

    duo = _write(session, as_(ans), cards[0], origin="invented")

    assert (duo["round"], duo["origin"], duo["author_id"], duo["on_sheet"]) == (
        "duo",
        "invented",
        ans.participant.pk,
        False,
    )
    goto(session, facilitator, agenda.SILENT)
    silent = _write(session, as_(ans), cards[1], text="Een vaste contactpersoon")
    assert (silent["round"], silent["origin"], silent["reacts_to_id"]) == ("silent", "", None)
    refused(session, Invalid, lambda: _write(session, as_(ans), cards[1], origin="ergens"))
    refused(session, Invalid, lambda: _write(session, as_(ans), cards[1], text="   "))


def test_a_reaction_goes_on_the_card_of_the_note_it_answers(session, facilitator, cards, ans, bram):
    goto(session, facilitator, agenda.DUOS)
    first = _write(session, as_(ans), cards[0], origin="practice")
    goto(session, facilitator, agenda.SILENT)

    wrong = refused(
        session,
        Invalid,
        lambda: _write(session, as_(bram), cards[1], text="Ja!", reacts_to_id=first["id"]),
    )
    gone = refused(
        session,
        NotFound,
        lambda: _write(session, as_(bram), cards[0], text="Ja!", reacts_to_id=first["id"] + 99),
    )

    assert (wrong.message, wrong.field) == (
        "Een reactie staat op dezelfde kaart als de notitie waarop je reageert.",
        "reacts_to_id",
    )
    assert gone.field == "reacts_to_id"
    reaction = _write(
        session, as_(bram), cards[0], text="Ja, om de beurt", reacts_to_id=first["id"]
    )
    assert (reaction["round"], reaction["reacts_to_id"], reaction["card_id"]) == (
        "silent",
        first["id"],
        cards[0],
    )


def test_removing_a_note_takes_its_reactions_along_and_nothing_else(
    session, facilitator, cards, ans, bram
):
    goto(session, facilitator, agenda.DUOS)
    note = _write(session, as_(ans), cards[0], origin="practice")
    other = _write(session, as_(bram), cards[0], text="Een andere", origin="elsewhere")
    goto(session, facilitator, agenda.SILENT)
    reaction = _write(session, as_(bram), cards[0], text="Ja", reacts_to_id=note["id"])
    answer = _write(session, as_(ans), cards[0], text="Precies", reacts_to_id=reaction["id"])
    beside = _write(session, as_(bram), cards[0], text="Op de ander", reacts_to_id=other["id"])

    removed = services.flap_note_remove(workshop_id=session.pk, actor=as_(ans), note_id=note["id"])

    assert removed.event.kind == "flap_note.removed"
    assert sorted(removed.event.payload["ids"]) == sorted(
        [note["id"], reaction["id"], answer["id"]]
    )
    assert sorted(Note.objects.values_list("pk", flat=True)) == sorted([other["id"], beside["id"]])


def test_only_your_own_notes_change_and_the_facilitator_changes_any(
    session, facilitator, fac_actor, cards, ans, bram
):
    goto(session, facilitator, agenda.DUOS)
    note = _write(session, as_(ans), cards[0], origin="practice")

    for attempt in (
        lambda: services.flap_note_update(
            workshop_id=session.pk, actor=as_(bram), note_id=note["id"], text="Van Bram"
        ),
        lambda: services.flap_note_remove(
            workshop_id=session.pk, actor=as_(bram), note_id=note["id"]
        ),
    ):
        error = refused(session, NotAllowed, attempt)
        assert error.message == OWN_ONLY

    own = services.flap_note_update(
        workshop_id=session.pk, actor=as_(ans), note_id=note["id"], text="Elke maand lunchen"
    )
    assert own.event.payload["text"] == "Elke maand lunchen"
    fixed = services.flap_note_update(
        workshop_id=session.pk, actor=fac_actor, note_id=note["id"], text="Maandelijks lunchen"
    )
    assert fixed.event.payload["text"] == "Maandelijks lunchen"
    assert Note.objects.get(pk=note["id"]).author_id == ans.participant.pk
    sheet = refused(
        session,
        NotAllowed,
        lambda: services.flap_note_sheet(
            workshop_id=session.pk, actor=as_(ans), note_id=note["id"], on_sheet=True
        ),
    )
    assert sheet.message == "Alleen de begeleider van deze sessie mag dit doen."


def test_the_facilitators_note_in_the_plenary_feedback_goes_on_the_sheet(
    session, facilitator, fac_actor, cards, ans
):
    goto(session, facilitator, agenda.DUOS)
    duo = _write(session, as_(ans), cards[0], origin="practice")
    goto(session, facilitator, agenda.FEEDBACK)

    plenary = _write(session, fac_actor, cards[0], text="Tip: begin klein")

    assert (plenary["round"], plenary["on_sheet"], plenary["author_id"], plenary["duo_id"]) == (
        "plenary",
        True,
        None,
        None,
    )
    # A duo's note goes on the sheet when the facilitator puts it there.
    put = services.flap_note_sheet(
        workshop_id=session.pk, actor=fac_actor, note_id=duo["id"], on_sheet=True
    )
    assert put.event.payload["on_sheet"] is True
    snapshot_notes = workshop_snapshot(session)["meeting"]["notes"]
    assert [(n["id"], n["on_sheet"]) for n in snapshot_notes] == [
        (duo["id"], True),
        (plenary["id"], True),
    ]


def test_a_duo_note_records_the_authors_duo(session, facilitator, fac_actor, cards, people):
    grouping.grouping_form(workshop_id=session.pk, actor=fac_actor, kind="duo")
    late = join(session, "Gijs")  # came after the duos were formed: in none
    goto(session, facilitator, agenda.DUOS)

    notes = [
        _write(session, as_(who), cards[n], text=f"Idee {n}", origin="practice")
        for n, who in enumerate([*people, late])
    ]

    duo_of = dict(Membership.objects.filter(kind="duo").values_list("participant_id", "group_id"))
    assert len(set(duo_of.values())) == 3
    assert [n["duo_id"] for n in notes] == [
        *(duo_of[who.participant.pk] for who in people),
        None,
    ]
    assert Note.objects.get(pk=notes[0]["id"]).duo_id == duo_of[people[0].participant.pk]


# --- The contact form (the break; bouwsteen 7) -----------------------------------------------

ANS = {
    "name": "Ans de Vries",
    "organisation": "Wijkteam Noord",
    "function": "Wijkcoach",
    "phone": "06 12345678",
    "email": "ans@wijkteam.example",
}


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"email": "ans@"}, "email", "Typ een e-mailadres, zoals naam@voorbeeld.nl."),
        (
            {"email": "ans wijkteam.example"},
            "email",
            "Typ een e-mailadres, zoals naam@voorbeeld.nl.",
        ),
        ({"phone": "bel mij maar"}, "phone", "Typ een telefoonnummer, zoals 06 12345678."),
        ({"phone": "06-12"}, "phone", "Typ een telefoonnummer, zoals 06 12345678."),
        ({"phone": "(((( ))))"}, "phone", "Typ een telefoonnummer, zoals 06 12345678."),
        ({"phone": "", "email": ""}, "phone", "Vul een telefoonnummer of een e-mailadres in."),
        ({"share": "ja"}, "share", "Kies ja of nee."),
    ],
)
def test_a_bad_contact_form_is_refused_and_the_saved_one_stays(
    session, meeting, ans, change, field, message
):
    services.contact_save(workshop_id=session.pk, actor=as_(ans), share=True, **ANS)
    saved = Contact.objects.get(participant=ans.participant)

    error = refused(
        session,
        Invalid,
        lambda: services.contact_save(
            workshop_id=session.pk, actor=as_(ans), **{**ANS, "share": False, **change}
        ),
    )

    assert (error.message, error.field) == (message, field)
    assert Contact.objects.get(participant=ans.participant).share is True
    assert Contact.objects.get(pk=saved.pk).email == ANS["email"]


def test_a_contact_form_needs_a_name_and_only_participants_fill_one_in(
    session, fac_actor, meeting, ans, bram
):
    nameless = refused(
        session,
        Invalid,
        lambda: services.contact_save(
            workshop_id=session.pk, actor=as_(ans), **{**ANS, "name": "  "}
        ),
    )
    assert nameless.field == "name"
    facilitator = refused(
        session,
        NotAllowed,
        lambda: services.contact_save(workshop_id=session.pk, actor=fac_actor, **ANS),
    )
    assert facilitator.message == "Alleen deelnemers vullen hun eigen contactgegevens in."
    assert not Contact.objects.exists()
    # Phone only, or e-mail only, is enough; not shared unless said.
    services.contact_save(
        workshop_id=session.pk, actor=as_(ans), name="Ans", phone="+31 6 1234 5678"
    )
    contact = Contact.objects.get(participant=ans.participant)
    assert (contact.phone, contact.email, contact.share) == ("+31 6 1234 5678", "", False)
    none_yet = refused(
        session,
        NotFound,
        lambda: services.contact_remove(workshop_id=session.pk, actor=as_(bram)),
    )
    assert none_yet.message == "Je hebt je contactgegevens nog niet ingevuld."
