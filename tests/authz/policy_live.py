"""The policy table (``policy.py``, which documents the outcome strings and the keys): the rows
of the JSON API and of the websocket. Built from the same families (``families.py``) as the pages;
``policy.API`` and ``policy.WS`` are these tables."""

from __future__ import annotations

from .families import api_account, api_facilitator, api_member, everyone, mirror, ws

# --- JSON API (/api/v1; routes as in the OpenAPI document) --------------------------------------

W200, W201 = "200 +write", "201 +write"

API: dict[str, dict] = {
    "GET /templates": api_account("200"),
    "GET /workshops": api_account("200"),  # each sees only their own organisation's
    "POST /workshops": api_account(W201, platform_admin="403"),
    "POST /join": everyone(W201),  # anyone with the code
    "GET /workshops/{workshop_id}": api_member("200"),
    "POST /workshops/{workshop_id}/joining": api_facilitator(W200),
    "POST /workshops/{workshop_id}/end": api_facilitator(W200),
    "POST /workshops/{workshop_id}/join-code/rotate": api_facilitator(W200),
    "GET /workshops/{workshop_id}/agenda-items": api_member("200"),
    "POST /workshops/{workshop_id}/agenda-items": api_facilitator(W201),
    "PATCH /workshops/{workshop_id}/agenda-items/{item_id}": api_facilitator(W200),
    "DELETE /workshops/{workshop_id}/agenda-items/{item_id}": api_facilitator(W200),
    "PUT /workshops/{workshop_id}/agenda-items/order": api_facilitator(W200),
    "GET /workshops/{workshop_id}/agenda-plan": api_facilitator("200"),
    "POST /workshops/{workshop_id}/timer": api_facilitator(W200),
    # A timed round beside the timer; none runs in the world, so stopping one is a conflict.
    "POST /workshops/{workshop_id}/round": api_facilitator(W200),
    "DELETE /workshops/{workshop_id}/round": api_facilitator("409"),
    "POST /workshops/{workshop_id}/spotlight": api_facilitator(W200),
    "GET /workshops/{workshop_id}/state": api_member("200"),
    "GET /workshops/{workshop_id}/events": api_member("200"),
    "GET /workshops/{workshop_id}/participants": api_member("200"),
    "DELETE /workshops/{workshop_id}/participants/{participant_id}": api_facilitator(W200),
    "PATCH /workshops/{workshop_id}/participants/{participant_id}": api_facilitator(W200),
    "GET /workshops/{workshop_id}/postits": api_member("200"),
    "POST /workshops/{workshop_id}/postits": api_member(W201),
    "PATCH /workshops/{workshop_id}/postits/{postit_id}": api_member(W200),  # own post-it
    "DELETE /workshops/{workshop_id}/postits/{postit_id}": api_member(W200),  # own post-it
    "POST /workshops/{workshop_id}/postits/{postit_id}/move": api_facilitator(W200),
    "POST /workshops/{workshop_id}/postits/{postit_id}/merge": api_facilitator(W200),
    "POST /workshops/{workshop_id}/postits/{postit_id}/unmerge": api_facilitator(W200),
    "POST /workshops/{workshop_id}/postits/{postit_id}/park": api_facilitator(W200),
    "GET /workshops/{workshop_id}/columns": api_member("200"),
    "POST /workshops/{workshop_id}/columns": api_facilitator(W201),
    "PATCH /workshops/{workshop_id}/columns/{column_id}": api_facilitator(W200),
    "DELETE /workshops/{workshop_id}/columns/{column_id}": api_facilitator(W200),
}
# Another participant's post-it: a participant may change and delete only their own.
API["PATCH /workshops/{workshop_id}/postits/{postit_id} #others"] = api_member(W200) | {
    "participant_a": "403"
}
API["DELETE /workshops/{workshop_id}/postits/{postit_id} #others"] = api_member(W200) | {
    "participant_a": "403"
}
# Organisation Y's ids inside workshop A's path or body: not found, nothing changes.
for _key in (
    "PATCH /workshops/{workshop_id}/agenda-items/{item_id}",
    "DELETE /workshops/{workshop_id}/agenda-items/{item_id}",
    "DELETE /workshops/{workshop_id}/participants/{participant_id}",
    "PATCH /workshops/{workshop_id}/participants/{participant_id}",
    "POST /workshops/{workshop_id}/postits",  # column_id of Y
    "PATCH /workshops/{workshop_id}/postits/{postit_id}",
    "DELETE /workshops/{workshop_id}/postits/{postit_id}",
    "POST /workshops/{workshop_id}/postits/{postit_id}/move",
    "POST /workshops/{workshop_id}/postits/{postit_id}/merge",  # into_id of Y
    "POST /workshops/{workshop_id}/postits/{postit_id}/unmerge",
    "POST /workshops/{workshop_id}/postits/{postit_id}/park",
    "PATCH /workshops/{workshop_id}/columns/{column_id}",
    "DELETE /workshops/{workshop_id}/columns/{column_id}",
    "POST /workshops/{workshop_id}/timer",  # goto an item of Y
    "PUT /workshops/{workshop_id}/agenda-items/order",  # a new order naming Y's items
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")


# Afwegen in de Wijk (wijktafel/appraisals/api.py). The appraisal itself is for facilitators of its
# organisation; its steps live in workshop A (session I). Participant A is in the appraisal's group,
# so it may write that group's items; what the method leaves to the facilitator is 403 for it.
_AW = "/workshops/{workshop_id}/appraisal"
API.update(
    {
        "GET /appraisals": api_account("200"),  # each sees only their own organisation's
        "POST /appraisals": api_account(
            W201, platform_admin="403"
        ),  # created in one's own organisation
        "GET /appraisals/{appraisal_id}": api_account("200", facilitator_other="404"),
        "PATCH /appraisals/{appraisal_id}": api_account(W200, facilitator_other="404"),
        "POST /appraisals/{appraisal_id}/sessions": api_account(
            W200, facilitator_other="404"
        ),  # B as session II
        # Series (wijktafel/series/api.py): X's series is its appraisal's, with workshop A as
        # session I. Merging two people who were both in A is refused.
        "GET /series": api_account("200"),
        "POST /series": api_account(W201, platform_admin="403"),
        "GET /series/{series_id}": api_account("200", facilitator_other="404"),
        "POST /series/{series_id}/sessions": api_account(W200, facilitator_other="404"),
        "POST /series/{series_id}/links": api_account(W201, facilitator_other="404"),
        "POST /series/{series_id}/links/{link_id}/revoke": api_account(
            W200, facilitator_other="404"
        ),
        "POST /series/{series_id}/merge": api_account("409", facilitator_other="404"),
        "POST /series/{series_id}/people/{person_id}/forget-devices": api_account(
            W200, facilitator_other="404"
        ),
        f"GET {_AW}": api_member("200"),
        f"GET {_AW}/aggregate": api_member("200"),
        f"POST {_AW}/groups": api_facilitator(W201),
        f"POST {_AW}/groups/form": api_facilitator("409"),  # allowed, but A already has a group
        f"POST {_AW}/groups/carry-over": api_facilitator("409"),  # allowed, but A is session I
        f"PATCH {_AW}/groups/{{group_id}}": api_facilitator(W200),
        f"DELETE {_AW}/groups/{{group_id}}": api_facilitator(W200),
        f"POST {_AW}/groups/{{group_id}}/steps": api_member(W200),  # own group
        f"PUT {_AW}/groups/{{group_id}}/ranking": api_member(W200),  # own group
        f"POST {_AW}/pitches/plan": api_facilitator(W201),
        f"PATCH {_AW}/pitches/{{pitch_id}}": api_facilitator(W200),
        f"POST {_AW}/problem-marks": api_member(W201),  # own post-it
        # The second participant's mark: a participant may remove only their own.
        f"DELETE {_AW}/problem-marks/{{participant_id}}": api_member(W200)
        | {"participant_a": "403"},
        f"POST {_AW}/core-problems": api_member(W201),
        f"PATCH {_AW}/core-problems/{{core_problem_id}}": api_member(W200),  # own group's
        f"DELETE {_AW}/core-problems/{{core_problem_id}}": api_member(W200),  # own group's
        f"POST {_AW}/core-problems/{{core_problem_id}}/confirm": api_facilitator(W200),
        f"PUT {_AW}/baseline": api_facilitator(W200),
        f"PUT {_AW}/horizon": api_facilitator(W200),
        f"POST {_AW}/solutions": api_member(W201),
        f"PATCH {_AW}/solutions/{{solution_id}}": api_member(W200),  # own group's
        f"DELETE {_AW}/solutions/{{solution_id}}": api_member(W200),  # own group's
        f"POST {_AW}/solutions/{{solution_id}}/merge": api_facilitator(W200),
        f"PUT {_AW}/solutions/{{solution_id}}/card": api_member(W200),  # own group's
        f"PUT {_AW}/core-effects": api_facilitator(W200),
        f"POST {_AW}/criteria": api_facilitator(W201),
        f"DELETE {_AW}/criteria/{{criterion_id}}": api_facilitator(W200),
        f"PUT {_AW}/selection": api_facilitator(W200),
        f"PUT {_AW}/effect-cards": api_member(W200),  # as its group
        f"PUT {_AW}/choice": api_facilitator(W200),
        f"POST {_AW}/insights": api_member(W201),
        f"DELETE {_AW}/insights/{{insight_id}}": api_facilitator(W200),
        f"POST {_AW}/actions": api_facilitator(W201),
        f"PATCH {_AW}/actions/{{action_id}}": api_facilitator(W200),
        f"DELETE {_AW}/actions/{{action_id}}": api_facilitator(W200),
    }
)
# Organisation Y's appraisal objects inside workshop A's path: not found, nothing changes.
for _key in (
    f"PATCH {_AW}/groups/{{group_id}}",
    f"DELETE {_AW}/groups/{{group_id}}",
    f"POST {_AW}/groups/{{group_id}}/steps",
    f"PUT {_AW}/groups/{{group_id}}/ranking",
    f"DELETE {_AW}/problem-marks/{{participant_id}}",
    f"PATCH {_AW}/pitches/{{pitch_id}}",
    f"PATCH {_AW}/core-problems/{{core_problem_id}}",
    f"DELETE {_AW}/core-problems/{{core_problem_id}}",
    f"POST {_AW}/core-problems/{{core_problem_id}}/confirm",
    f"PATCH {_AW}/solutions/{{solution_id}}",
    f"DELETE {_AW}/solutions/{{solution_id}}",
    f"POST {_AW}/solutions/{{solution_id}}/merge",
    f"PUT {_AW}/solutions/{{solution_id}}/card",
    f"DELETE {_AW}/criteria/{{criterion_id}}",
    f"DELETE {_AW}/insights/{{insight_id}}",
    f"PATCH {_AW}/actions/{{action_id}}",
    f"DELETE {_AW}/actions/{{action_id}}",
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")


# The appraisal documents (wijktafel/appraisals/api_reports.py): the report as PDF and Word and the
# solution cards as PDF, the rule of GET /appraisals/{appraisal_id} (401 without an account,
# another organisation's facilitator 404); their pages are in policy.py. Asking for a document not
# yet made of the appraisal as it is schedules the worker's job: 202 with the job.
for _route in ("report.pdf", "report.docx", "cards.pdf"):
    API[f"GET /appraisals/{{appraisal_id}}/{_route}"] = api_account(
        "202 +write", facilitator_other="404"
    )


# --- Websocket (/ws/workshops/<A>/): message types and op kinds ------------------------------------

ACK = "ack +write"
FORBIDDEN = "rejected forbidden"
NOT_FOUND = "rejected not_found"

WS: dict[str, dict] = {
    "hello": ws("welcome participant", "welcome facilitator"),
    "resync": ws("frames", "frames"),
    "hb_ack": ws("silent", "silent"),
    "op:postit.create": ws(ACK, ACK),
    "op:postit.update": ws(ACK, ACK),  # own post-it
    "op:postit.delete": ws(ACK, ACK),  # own post-it
    "op:postit.move": ws(FORBIDDEN, ACK),
    "op:postit.merge": ws(FORBIDDEN, ACK),
    "op:postit.unmerge": ws(FORBIDDEN, ACK),
    "op:postit.park": ws(FORBIDDEN, ACK),
    "op:column.create": ws(FORBIDDEN, ACK),
    "op:column.rename": ws(FORBIDDEN, ACK),
    "op:column.delete": ws(FORBIDDEN, ACK),
    "op:timer.control": ws(FORBIDDEN, ACK),
    "op:participant.remove": ws(FORBIDDEN, ACK),
    "op:participant.update": ws(FORBIDDEN, ACK),
    "op:workshop.joining": ws(FORBIDDEN, ACK),
    "op:workshop.end": ws(FORBIDDEN, "ack +write close 4408"),
    "op:agenda_item.add": ws(FORBIDDEN, ACK),
    "op:agenda_item.update": ws(FORBIDDEN, ACK),
    "op:agenda_item.remove": ws(FORBIDDEN, ACK),
    "op:agenda.reorder": ws(FORBIDDEN, ACK),
    "op:round.start": ws(FORBIDDEN, ACK),
    "op:round.stop": ws(FORBIDDEN, "rejected conflict"),  # no round runs in the world
    "op:spotlight.set": ws(FORBIDDEN, ACK),
}
WS["op:postit.update #others"] = ws(FORBIDDEN, ACK)
WS["op:postit.delete #others"] = ws(FORBIDDEN, ACK)
for _kind in (
    "postit.create",
    "postit.update",
    "postit.delete",
    "postit.move",
    "postit.merge",
    "postit.unmerge",
    "postit.park",
    "column.rename",
    "column.delete",
    "timer.control",
    "participant.remove",
    "participant.update",
    "agenda_item.update",
    "agenda_item.remove",
    "agenda.reorder",  # a new order naming Y's items
):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)

# Afwegen in de Wijk over the socket (wijktafel/appraisals/ops.py): the same rules as the appraisal
# API rows above (docs/security.md; decision 0009). Participant A is in the appraisal's group: it
# may write that group's items, mark its own "probleem 1" and add insights; what the method leaves
# to the session leader is refused before the service. Data: the ops' examples (world.op_data).
WS.update(
    {
        "op:group.create": ws(FORBIDDEN, ACK),
        "op:group.update": ws(FORBIDDEN, ACK),
        "op:group.delete": ws(FORBIDDEN, ACK),
        "op:groups.form": ws(FORBIDDEN, "rejected conflict"),  # allowed, but A already has a group
        "op:groups.carry_over": ws(FORBIDDEN, "rejected conflict"),  # allowed, but A is session I
        "op:group.step_close": ws(ACK, ACK),  # own group
        "op:pitches.plan": ws(FORBIDDEN, ACK),
        "op:pitch.update": ws(FORBIDDEN, ACK),
        "op:problem_mark.set": ws(ACK, ACK),  # own post-it (facilitators: for participant A)
        "op:problem_mark.remove": ws(
            FORBIDDEN, ACK
        ),  # the second participant's mark: only one's own
        "op:core_problem.create": ws(ACK, ACK),
        "op:core_problem.update": ws(ACK, ACK),  # own group's
        "op:core_problem.confirm": ws(FORBIDDEN, ACK),
        "op:core_problem.delete": ws(ACK, ACK),  # own group's
        "op:baseline.set": ws(FORBIDDEN, ACK),
        "op:horizon.set": ws(FORBIDDEN, ACK),
        "op:solution.create": ws(ACK, ACK),
        "op:solution.update": ws(ACK, ACK),  # own group's
        "op:solution.delete": ws(ACK, ACK),  # own group's
        "op:solution.merge": ws(FORBIDDEN, ACK),
        "op:solution_card.save": ws(ACK, ACK),  # own group's
        "op:core_effects.set": ws(FORBIDDEN, ACK),
        "op:criterion.add": ws(FORBIDDEN, ACK),
        "op:criterion.remove": ws(FORBIDDEN, ACK),
        "op:ranking.set": ws(ACK, ACK),  # own group
        "op:selection.set": ws(FORBIDDEN, ACK),
        "op:effect_card.set": ws(ACK, ACK),  # as its group
        "op:choice.set": ws(FORBIDDEN, ACK),
        "op:insight.add": ws(ACK, ACK),
        "op:insight.delete": ws(FORBIDDEN, ACK),
        "op:action.add": ws(FORBIDDEN, ACK),
        "op:action.update": ws(FORBIDDEN, ACK),
        "op:action.delete": ws(FORBIDDEN, ACK),
    }
)
# Organisation Y's appraisal objects in the data of an op in workshop A: not found, nothing changes.
for _kind in (
    "group.update",
    "group.delete",
    "group.step_close",
    "pitch.update",
    "problem_mark.set",
    "problem_mark.remove",
    "core_problem.create",
    "core_problem.update",
    "core_problem.confirm",
    "core_problem.delete",
    "solution.update",
    "solution.delete",
    "solution.merge",
    "solution_card.save",
    "criterion.remove",
    "ranking.set",
    "selection.set",
    "effect_card.set",
    "insight.add",
    "insight.delete",
    "action.update",
    "action.delete",
):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)


# The register of agreements and actions (wijktafel/agreements/plugin.py), a building block of
# every session. Workshop A has an agreement both participants own ("own") and one the second
# participant owns alone ("#others"). A participant may add an individual action of their own and
# report on (and set the status of) what they own; deleting and recording the distribution are the
# facilitator's. Y's participant as owner is no participant of A: 404, nothing changes.
_AG = "/workshops/{workshop_id}/agreements"
API.update(
    {
        f"GET {_AG}": api_member("200"),
        f"POST {_AG}": api_member(W201),  # an individual action of participant A's own
        f"PATCH {_AG}/{{agreement_id}}": api_member(W200),  # the status of one it owns
        f"DELETE {_AG}/{{agreement_id}}": api_facilitator(W200),
        f"POST {_AG}/{{agreement_id}}/progress": api_member(W201),  # one it owns
        f"GET {_AG}/distributions": api_member("200"),
        f"POST {_AG}/distributions": api_facilitator(W201),
    }
)
for _key in (f"PATCH {_AG}/{{agreement_id}}", f"POST {_AG}/{{agreement_id}}/progress"):
    API[f"{_key} #others"] = API[_key] | {"participant_a": "403"}
for _key in (
    f"PATCH {_AG}/{{agreement_id}}",
    f"DELETE {_AG}/{{agreement_id}}",
    f"POST {_AG}/{{agreement_id}}/progress",
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")
API[f"POST {_AG} #mirror"] = mirror(API[f"POST {_AG}"], "404")

WS.update(
    {
        "op:agreement.create": ws(ACK, ACK),
        "op:agreement.update": ws(ACK, ACK),
        "op:agreement.delete": ws(FORBIDDEN, ACK),
        "op:agreement.progress": ws(ACK, ACK),
        "op:agreement.distribute": ws(FORBIDDEN, ACK),
    }
)
WS["op:agreement.update #others"] = ws(FORBIDDEN, ACK)
WS["op:agreement.progress #others"] = ws(FORBIDDEN, ACK)
for _kind in ("agreement.update", "agreement.delete", "agreement.progress"):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)
WS["op:agreement.create #mirror"] = mirror(WS["op:agreement.create"], NOT_FOUND)


# The method defined inside the tests (tests/support/testmethod, decision 0011): every member of
# a session may add a note; its op is declared like any method's and plugs in through the seam.
API["POST /workshops/{workshop_id}/notes"] = api_member(W201)
WS["op:note.add"] = ws(ACK, ACK)


# Sticker votes (wijktafel/stickers): the facilitator runs a vote; everyone adds choices while it
# collects; participants who vote place and take off their own stickers; a facilitator, who is
# no participant, places none (403). The world's voting ballot has its first two choices tied at
# its top of one, so settling succeeds; the choice of the collecting ballot is the facilitator's.
from .families import FACILITATORS_OF_A, each, row  # noqa: E402

_B = "/workshops/{workshop_id}/ballots"


def _voter(allowed: str) -> dict:
    return row(
        "401", each(FACILITATORS_OF_A, "403"), participant_a=allowed, facilitator_other="404"
    )


API.update(
    {
        f"POST {_B}": api_facilitator(W201),
        f"PATCH {_B}/{{ballot_id}}": api_facilitator(W200),
        f"DELETE {_B}/{{ballot_id}}": api_facilitator(W200),
        f"POST {_B}/{{ballot_id}}/settle": api_facilitator(W200),
        f"POST {_B}/{{ballot_id}}/targets": api_member(W201),
        f"DELETE {_B}/{{ballot_id}}/targets/{{target_id}}": api_member(W200)
        | {"participant_a": "403"},
        f"POST {_B}/{{ballot_id}}/stickers": _voter(W201),
        f"DELETE {_B}/{{ballot_id}}/stickers/{{target_id}}": _voter(W200),
    }
)
for _key in (
    f"PATCH {_B}/{{ballot_id}}",
    f"DELETE {_B}/{{ballot_id}}",
    f"POST {_B}/{{ballot_id}}/settle",
    f"POST {_B}/{{ballot_id}}/targets",
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")
# Y's vote is not found before it is asked who places the sticker (a facilitator places none).
for _key in (
    f"POST {_B}/{{ballot_id}}/stickers",
    f"DELETE {_B}/{{ballot_id}}/stickers/{{target_id}}",
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404") | each(FACILITATORS_OF_A, "404")
# Y's choice is not found before it is asked whose it is.
API[f"DELETE {_B}/{{ballot_id}}/targets/{{target_id}} #mirror"] = mirror(
    API[f"DELETE {_B}/{{ballot_id}}/targets/{{target_id}}"], "404"
) | {"participant_a": "404"}

WS.update(
    {
        "op:ballot.create": ws(FORBIDDEN, ACK),
        "op:ballot.update": ws(FORBIDDEN, ACK),
        "op:ballot.delete": ws(FORBIDDEN, ACK),
        "op:ballot.settle": ws(FORBIDDEN, ACK),
        "op:target.add": ws(ACK, ACK),
        "op:target.remove": ws(FORBIDDEN, ACK),  # the facilitator's choice
        "op:sticker.place": ws(ACK, FORBIDDEN),
        "op:sticker.remove": ws(ACK, FORBIDDEN),  # participant A's own sticker
    }
)
for _kind in (
    "ballot.update",
    "ballot.delete",
    "ballot.settle",
    "target.add",
):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)
for _kind in ("sticker.place", "sticker.remove"):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND) | each(
        FACILITATORS_OF_A, NOT_FOUND
    )
WS["op:target.remove #mirror"] = mirror(WS["op:target.remove"], NOT_FOUND) | {
    "participant_a": NOT_FOUND
}


# The PMI evaluation (wijktafel/evaluations): the facilitator opens it and starts the dots; every
# member writes notes while it is open and takes back their own. The world's PMI is open, with
# participant A's minus note.
_P = "/workshops/{workshop_id}/pmi"
API.update(
    {
        f"PATCH {_P}": api_facilitator(W200),
        f"POST {_P}/entries": api_member(W201),
        f"DELETE {_P}/entries/{{entry_id}}": api_member(W200),  # participant A's own note
        f"POST {_P}/dots": api_facilitator(W201),
    }
)
API[f"DELETE {_P}/entries/{{entry_id}} #mirror"] = mirror(
    API[f"DELETE {_P}/entries/{{entry_id}}"], "404"
)
WS.update(
    {
        "op:pmi.update": ws(FORBIDDEN, ACK),
        "op:pmi.add": ws(ACK, ACK),
        "op:pmi.remove": ws(ACK, ACK),
        "op:pmi.dots": ws(FORBIDDEN, ACK),
    }
)
WS["op:pmi.remove #mirror"] = mirror(WS["op:pmi.remove"], NOT_FOUND)


# The parking lot (wijktafel/parking): every member parks a topic and takes back their own while it
# is parked; the facilitator schedules, resolves or drops it. The world's topic is participant A's.
_T = "/workshops/{workshop_id}/parked-topics"
API.update(
    {
        f"POST {_T}": api_member(W201),
        f"PATCH {_T}/{{topic_id}}": api_facilitator(W200),
        f"DELETE {_T}/{{topic_id}}": api_member(W200),  # participant A's own topic
    }
)
for _key in (f"PATCH {_T}/{{topic_id}}", f"DELETE {_T}/{{topic_id}}"):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")
WS.update(
    {
        "op:topic.park": ws(ACK, ACK),
        "op:topic.update": ws(FORBIDDEN, ACK),
        "op:topic.remove": ws(ACK, ACK),
    }
)
for _kind in ("topic.update", "topic.remove"):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)


# Groups of set sizes (wijktafel/groups): the facilitator forms, makes, moves, removes and closes
# groups; each participant says whom they already know (a facilitator, who is no participant,
# cannot: 403). The world's duo holds participants A and B.
_G = "/workshops/{workshop_id}/groups"
API.update(
    {
        f"POST {_G}/form": api_facilitator(W201),
        f"POST {_G}": api_facilitator(W201),
        f"POST {_G}/move": api_facilitator(W200),
        f"DELETE {_G}/{{group_id}}": api_facilitator(W200),
        f"PUT {_G}/done": api_facilitator(W200),
        "PUT /workshops/{workshop_id}/acquaintances": _voter(W200),
    }
)
for _key in (f"POST {_G}", f"POST {_G}/move", f"DELETE {_G}/{{group_id}}"):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")
API["PUT /workshops/{workshop_id}/acquaintances #mirror"] = mirror(
    API["PUT /workshops/{workshop_id}/acquaintances"], "404"
)
WS.update(
    {
        "op:grouping.form": ws(FORBIDDEN, ACK),
        "op:grouping.create": ws(FORBIDDEN, ACK),
        "op:grouping.move": ws(FORBIDDEN, ACK),
        "op:grouping.delete": ws(FORBIDDEN, ACK),
        "op:grouping.done": ws(FORBIDDEN, ACK),
        "op:acquaintance.set": ws(ACK, FORBIDDEN),
    }
)
for _kind in ("grouping.create", "grouping.move", "grouping.delete", "acquaintance.set"):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)


# Samenwerken in de wijk (wijktafel/collaboration, METHODS.md §4). Workshop A has a meeting beside
# its appraisal (world._meeting), at its duo round: every member writes on the cards and changes
# and takes off their own notes ("#others": the second participant's); the top-three sheet, the
# follow-up, the closing and whose actions the big screen shows are the facilitator's. Contact
# details and reflection answers are each participant's own: a facilitator, who is no participant,
# fills in none (403, as with stickers). Participant A has a shared contact form, so taking it away
# succeeds. Reading: the contact list for members (everyone's for the facilitators, only the shared
# ones for the others: the second participant's is a canary, world.SEES_PRIVATE), the reflection
# answers for the facilitators alone, and "me" (one's own) for members.
_S = "/workshops/{workshop_id}/samenwerken"
API.update(
    {
        f"POST {_S}/notes": api_member(W201),
        f"PATCH {_S}/notes/{{note_id}}": api_member(W200),  # participant A's own note
        f"DELETE {_S}/notes/{{note_id}}": api_member(W200),  # participant A's own note
        f"PUT {_S}/notes/{{note_id}}/sheet": api_facilitator(W200),
        f"PUT {_S}/contact": _voter(W200),
        f"DELETE {_S}/contact": _voter(W200),
        f"PUT {_S}/reflection": _voter(W200),
        f"PUT {_S}/follow-up": api_facilitator(W200),
        f"PATCH {_S}/closing": api_facilitator(W200),
        f"PUT {_S}/showing": api_facilitator(W200),
        f"GET {_S}/contacts": api_member("200"),
        f"GET {_S}/reflection": api_facilitator("200"),
        f"GET {_S}/me": api_member("200"),
        # The organisation's wording of the ten questions: every account reads its own
        # organisation's (a platform admin, of none, the original); its facilitators and admins
        # word and restore question 1 of their own organisation (Y's facilitator Y's: no path
        # names another organisation's wording). A platform admin has none to word.
        "GET /samenwerken/questions": api_account("200"),
        "PUT /samenwerken/questions/{number}": api_account(W200, platform_admin="403"),
        "DELETE /samenwerken/questions/{number}": api_account(W200, platform_admin="403"),
    }
)
for _key in (f"PATCH {_S}/notes/{{note_id}}", f"DELETE {_S}/notes/{{note_id}}"):
    API[f"{_key} #others"] = API[_key] | {"participant_a": "403"}
# Organisation Y's card, note or participant inside workshop A: not found, nothing changes.
for _key in (
    f"POST {_S}/notes",  # card_id of Y
    f"PATCH {_S}/notes/{{note_id}}",
    f"DELETE {_S}/notes/{{note_id}}",
    f"PUT {_S}/notes/{{note_id}}/sheet",
    f"PUT {_S}/showing",  # participant_id of Y
):
    API[f"{_key} #mirror"] = mirror(API[_key], "404")

WS.update(
    {
        "op:flap_note.add": ws(ACK, ACK),
        "op:flap_note.update": ws(ACK, ACK),  # participant A's own note
        "op:flap_note.remove": ws(ACK, ACK),  # participant A's own note
        "op:flap_note.sheet": ws(FORBIDDEN, ACK),
        "op:contact.save": ws(ACK, FORBIDDEN),
        "op:contact.remove": ws(ACK, FORBIDDEN),
        "op:reflection.save": ws(ACK, FORBIDDEN),
        "op:follow_up.set": ws(FORBIDDEN, ACK),
        "op:closing.set": ws(FORBIDDEN, ACK),
        "op:actions.show": ws(FORBIDDEN, ACK),
    }
)
WS["op:flap_note.update #others"] = ws(FORBIDDEN, ACK)
WS["op:flap_note.remove #others"] = ws(FORBIDDEN, ACK)
for _kind in (
    "flap_note.add",
    "flap_note.update",
    "flap_note.remove",
    "flap_note.sheet",
    "actions.show",
):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)

# The meeting report of Samenwerken in de wijk (wijktafel/collaboration/api_reports.py), PDF and
# Word, for the facilitators of workshop A (a meeting: ``world._meeting``): made in the request,
# the file at once (200); its participants get 403, another organisation's facilitator 404. The
# pages are in policy.py. Its exports (the actions as XLSX and CSV, the calendar, the shared
# contact list as vCard and CSV) are the report's, with the same rule.
for _route in (
    "report.pdf",
    "report.docx",
    "actions.xlsx",
    "actions.csv",
    "calendar.ics",
    "contacts.vcf",
    "contacts.csv",
):
    API[f"GET /workshops/{{workshop_id}}/samenwerken/{_route}"] = api_facilitator("200")
