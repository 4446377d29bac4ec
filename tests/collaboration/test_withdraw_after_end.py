"""Consent can always be taken back: after the meeting ended a participant still withdraws or
removes their contact details, and nothing else of theirs can change."""

from __future__ import annotations

import pytest

from tests.support.factories import join, make_workshop
from wijktafel.collaboration import services
from wijktafel.collaboration.models import Contact
from wijktafel.collaboration.selectors import shared_contacts
from wijktafel.core.errors import NotAllowed
from wijktafel.workshops import services as engine
from wijktafel.workshops.services import Actor

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Ans de Vries", "phone": "06 12345678", "email": "ans@wijk.example"}


@pytest.fixture
def ended(facilitator):
    workshop = make_workshop(facilitator, template_key="samenwerken")
    ans = join(workshop, "Ans")
    me = Actor(participant=ans.participant)
    services.contact_save(workshop_id=workshop.pk, actor=me, share=True, **DETAILS)
    engine.workshop_end(workshop_id=workshop.pk, actor=Actor(user=facilitator))
    return workshop, me


def test_after_the_end_a_withdrawal_is_taken_and_a_new_consent_is_not(ended):
    workshop, me = ended
    with pytest.raises(NotAllowed):
        services.contact_save(
            workshop_id=workshop.pk, actor=me, share=True, **{**DETAILS, "phone": "06 87654321"}
        )
    assert Contact.objects.get().phone == "06 12345678"

    services.contact_save(workshop_id=workshop.pk, actor=me, share=False, **DETAILS)

    assert shared_contacts(workshop.meeting) == []
    assert Contact.objects.get().share is False


def test_after_the_end_the_details_can_be_removed(ended):
    workshop, me = ended
    services.contact_remove(workshop_id=workshop.pk, actor=me)
    assert not Contact.objects.exists()
    with pytest.raises(NotAllowed):
        services.flap_note_add(
            workshop_id=workshop.pk,
            actor=me,
            card_id=workshop.meeting.questions[0]["target_id"],
            text="Te laat",
        )


def test_a_removed_participant_leaves_the_shared_list(facilitator):
    workshop = make_workshop(facilitator, template_key="samenwerken")
    ans = join(workshop, "Ans")
    services.contact_save(
        workshop_id=workshop.pk, actor=Actor(participant=ans.participant), share=True, **DETAILS
    )
    assert [c["email"] for c in shared_contacts(workshop.meeting)] == [DETAILS["email"]]

    engine.participant_remove(
        workshop_id=workshop.pk, actor=Actor(user=facilitator), participant_id=ans.participant.pk
    )

    assert shared_contacts(workshop.meeting) == []
