"""What the service tests share: they run in Dutch (the autouse fixture ``dutch``, imported by
each module), prove that a refusal changed nothing and that a change wrote one event, and make a
core problem or a solution in one line."""

import pytest
from django.utils import translation

from tests.appraisals.conftest import events_of, op, state_of
from wijktafel.appraisals import services as aps
from wijktafel.core.errors import Refused


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def refused(workshop, call, error=Refused) -> Refused:
    """Run ``call``, expect ``error``, and prove that nothing changed."""
    before = state_of(workshop)
    with pytest.raises(error) as info:
        call()
    assert state_of(workshop) == before
    return info.value


def one_event(workshop, result, kind):
    """The change wrote exactly one log entry, of ``kind``, at the head of the log."""
    log = events_of(workshop)
    assert result.created
    assert log[-1].pk == result.event.pk and log[-1].kind == kind
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    return result.event.payload


def core_problem(workshop, who, column, text="Jongeren hangen rond de ingang", **extra):
    return aps.core_problem_create(workshop_id=workshop.pk, actor=who, client_op_id=op(),
                                   owner_id=column.pk,
                                   fields={"formulation": text, **extra})


def solution(workshop, who, title="Buurtconciërge", ootb=False, **kw):
    return aps.solution_create(workshop_id=workshop.pk, actor=who, client_op_id=op(),
                               fields={"title": title, "out_of_the_box": ootb}, **kw)
