"""THE authorization policy: who may do what, for every page, API route and socket message.

This table is the specification; ``test_matrix.py`` checks the running app against it and
``test_meta.py`` fails when an endpoint exists without a row here (or a row names something
that no longer exists). Expected outcomes are written down from the rules (docs/security.md),
never read from the code under test.

Roles (``world.ROLES``): anonymous; participant_a (joined workshop A of organisation X);
participant_b (joined workshop B of X); facilitator_a (facilitator of X); facilitator_other
(facilitator of the mirror organisation Y); org_admin (of X); platform_admin (superuser).
Every request targets workshop A of X and its objects.

Outcome strings (a small DSL, parsed by ``parse``):

* pages and API: ``"<status>"``, optionally the URL name a redirect must lead to, and ``+write``
  when the request must change the database. Without ``+write`` the database must stay exactly
  as it was (a refusal changes nothing). API refusals also carry the JSON code of
  ``config.api.STATUS_CODES``. Examples: ``"200"``, ``"302 accounts:login"``,
  ``"302 workshops:console +write"``, ``"404"``.
* websocket: ``"close 4401"`` (closed right after connect, before any message is read),
  ``"welcome participant"`` / ``"welcome facilitator"`` (hello answered with that role),
  ``"frames"`` (resync answered with catch-up frames), ``"silent"`` (no answer),
  ``"ack +write"``, ``"rejected forbidden"``, ``"rejected not_found"``; ``"... close 4408"``
  when the socket must then close with that code.

Keys: pages by URL name (``namespace:name``; unnamed admin patterns by their route), API routes
as ``"METHOD /path"`` as in the OpenAPI document (without /api/v1), socket messages by ``type``
and op kinds as ``"op:<kind>"``. A ``" #variant"`` suffix adds a row for the same endpoint with
other targets: ``#others`` (another participant's post-it), ``#mirror`` (ids of organisation
Y's mirror objects inside workshop A's path or data).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "facilitator_a",
    "facilitator_other",
    "org_admin",
    "platform_admin",
)
PARTICIPANTS = ("participant_a", "participant_b")
ACCOUNTS = ("facilitator_a", "facilitator_other", "org_admin", "platform_admin")
FACILITATORS_OF_A = ("facilitator_a", "org_admin", "platform_admin")

LOGIN = "302 accounts:login"
ADMIN_LOGIN = "302 admin:login"


def row(default: str | None = None, *groups: dict[str, str], **cells: str) -> dict[str, str]:
    """A full row: ``default`` for every role, then the groups, then the named exceptions."""
    out = dict.fromkeys(ROLES, default)
    for group in groups:
        out.update(group)
    out.update(cells)
    missing = [role for role, value in out.items() if value is None]
    assert not missing, f"no outcome for {missing}"
    return out


def each(roles, outcome: str) -> dict[str, str]:
    return dict.fromkeys(roles, outcome)


# --- Families: the defaults ---------------------------------------------------------------------


def facilitator_page(allowed: str) -> dict:
    """A page of one workshop for its facilitators (login_required + can_facilitate).
    Others logged in get 404: another organisation's workshop looks like one that does not exist."""
    return row(LOGIN, each(FACILITATORS_OF_A, allowed), facilitator_other="404")


def wrong_method(not_logged_in: str = LOGIN) -> dict:
    """A method the page does not accept: the login check comes first, then 405."""
    return row(not_logged_in, each(ACCOUNTS, "405"))


def everyone(outcome: str, *groups: dict[str, str], **cells: str) -> dict:
    return row(outcome, *groups, **cells)


def admin_page(staff: str, others: str = ADMIN_LOGIN) -> dict:
    """Django admin (/beheer/): only staff (the platform admin); everyone else to its login."""
    return row(others, platform_admin=staff)


def api_account(allowed: str, **cells: str) -> dict:
    """An API route without a workshop in the path: logged-in accounts only (no bearer token)."""
    return row("401", each(ACCOUNTS, allowed), **cells)


def api_member(allowed: str) -> dict:
    """A route of workshop A that its participants and facilitators may use. A bearer token of
    workshop B is no credential for A (401); another organisation's facilitator gets 404."""
    return row(
        "401", each(FACILITATORS_OF_A, allowed), participant_a=allowed, facilitator_other="404"
    )


def api_facilitator(allowed: str) -> dict:
    """A route of workshop A only for its facilitators: its own participants get 403."""
    return row(
        "401", each(FACILITATORS_OF_A, allowed), participant_a="403", facilitator_other="404"
    )


def ws(participant: str, facilitator: str) -> dict:
    """A socket of workshop A: everyone who is not a member is closed with 4401 at connect."""
    return row("close 4401", each(FACILITATORS_OF_A, facilitator), participant_a=participant)


def mirror(base: dict, denied: str) -> dict:
    """The same endpoint with organisation Y's ids inside workshop A: whoever was allowed now
    gets ``denied`` (not found, and nothing changes); the refusals stay as they were."""
    allowed = ("200", "201", "302", "ack")
    return {
        role: (denied if outcome.split()[0] in allowed else outcome)
        for role, outcome in base.items()
    }


# --- Pages (Django URL names) -------------------------------------------------------------------

FAC_WRITE = "302 workshops:console +write"

PAGES: dict[str, dict[str, dict]] = {
    "home": {
        "GET": everyone("200", each(ACCOUNTS, "302 workshops:list")),
        "POST": everyone("405"),
    },
    "set_language": {
        # GET changes nothing and only redirects; POST sets the language cookie (no row changes).
        "GET": everyone("302 home"),
        "POST": everyone("302 home"),
    },
    "javascript-catalog": {"GET": everyone("200"), "POST": everyone("405")},
    # Accounts
    "accounts:login": {
        "GET": everyone("200", each(ACCOUNTS, "302 workshops:list")),
        # A wrong password is posted: the failure is recorded for the lockout (django-axes).
        "POST": everyone("200 +write", each(ACCOUNTS, "302 workshops:list")),
    },
    "accounts:logout": {"GET": everyone("405"), "POST": everyone("302 accounts:login")},
    # Workshops: facilitators
    "workshops:list": {
        "GET": row(LOGIN, each(ACCOUNTS, "200")),  # each sees only their own organisation's
        "POST": wrong_method(),
    },
    "workshops:create": {
        # Creates in the user's own organisation; a platform admin belongs to none.
        "GET": row(LOGIN, each(ACCOUNTS, "200"), platform_admin="403"),
        "POST": row(LOGIN, each(ACCOUNTS, FAC_WRITE), platform_admin="403"),
    },
    "workshops:console": {"GET": facilitator_page("200"), "POST": wrong_method()},
    "workshops:screen": {"GET": facilitator_page("200"), "POST": wrong_method()},
    "workshops:qr": {"GET": facilitator_page("200"), "POST": wrong_method()},
    "workshops:agenda": {"GET": facilitator_page("200"), "POST": wrong_method()},
    "workshops:agenda_add": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    "workshops:agenda_update": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    "workshops:agenda_remove": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    "workshops:agenda_move": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    "workshops:rotate_code": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    "workshops:end": {"GET": facilitator_page("200"), "POST": facilitator_page(FAC_WRITE)},
    "workshops:remove_participant": {"GET": wrong_method(), "POST": facilitator_page(FAC_WRITE)},
    # Workshops: participants. Joining is open to anyone with the code; the device that already
    # joined A goes straight back into A.
    "workshops:join": {
        "GET": everyone("200"),
        "POST": everyone("302 workshops:join_name", participant_a="302 workshops:participate"),
    },
    "workshops:join_name": {  # without a code typed first: back to the code form
        "GET": everyone("302 workshops:join"),
        "POST": everyone("302 workshops:join"),
    },
    "workshops:join_qr": {
        "GET": everyone("302 workshops:join_name", participant_a="302 workshops:participate"),
        "POST": everyone("405"),
    },
    "workshops:participate": {
        # Only the device that joined A; a facilitator is not a participant.
        "GET": everyone("302 workshops:join", participant_a="200"),
        "POST": everyone("405"),
    },
    "workshops:events": {
        "GET": row("403", each(FACILITATORS_OF_A, "200"), participant_a="200"),
        "POST": everyone("405"),
    },
    # API documents (the routes themselves are in API below)
    # Public and read-only; Ninja serves them for any method.
    "api:openapi-json": {"GET": everyone("200"), "POST": everyone("200")},
    "api:openapi-view": {"GET": everyone("200"), "POST": everyone("200")},
    "api:api-root": {"GET": everyone("404"), "POST": everyone("404")},
    # Django admin (/beheer/); the model pages are under ADMIN_MODELS
    "admin:index": {"GET": admin_page("200"), "POST": admin_page("200")},
    "admin:login": {
        "GET": everyone("200", platform_admin="302 admin:index"),
        "POST": everyone("200 +write"),  # a wrong password: the failure is recorded (django-axes)
    },
    # Not staff: back to the admin (which sends them to its login), nothing happens.
    "admin:logout": {
        "GET": admin_page("405", "302 admin:index"),
        "POST": admin_page("302 accounts:login", "302 admin:index"),
    },
    "admin:password_change": {"GET": admin_page("200"), "POST": admin_page("200")},  # invalid form
    "admin:password_change_done": {"GET": admin_page("200"), "POST": admin_page("405")},
    "admin:autocomplete": {
        "GET": admin_page("403"),
        "POST": admin_page("405"),
    },  # GET: no field given
    "admin:jsi18n": {"GET": admin_page("200"), "POST": admin_page("405")},
    "admin:view_on_site": {"GET": admin_page("404"), "POST": admin_page("404")},  # no public URL
    "admin:app_list": {"GET": admin_page("200"), "POST": admin_page("200")},
    "beheer/(?P<url>.*)$": {"GET": admin_page("404"), "POST": admin_page("404")},
}


# Organisation Y's ids inside workshop A's URL: A's facilitators get the page's refusal (the
# console again with the message, 400; or back to the console with it), nothing changes.
for _name in ("workshops:agenda_update", "workshops:agenda_remove", "workshops:agenda_move"):
    PAGES[f"{_name} #mirror"] = {"GET": wrong_method(), "POST": facilitator_page("400")}
PAGES["workshops:remove_participant #mirror"] = {
    "GET": wrong_method(),
    "POST": facilitator_page("302 workshops:console"),
}

# Afwegen in de Wijk: the facilitator's appraisal pages (wijktafel/appraisals/views.py). X's
# appraisal (workshop A as session I) is for the facilitators and admins of X, the rule of
# GET /appraisals/{appraisal_id}: another organisation's facilitator gets 404, participants have no
# account and go to the login. The link row links workshop B as session II.
_AP_DETAIL = "302 appraisals:detail"
PAGES.update(
    {
        "appraisals:list": {"GET": row(LOGIN, each(ACCOUNTS, "200")), "POST": wrong_method()},
        "appraisals:create": {  # in one's own organisation; a platform admin belongs to none
            "GET": row(LOGIN, each(ACCOUNTS, "200"), platform_admin="403"),
            "POST": row(LOGIN, each(ACCOUNTS, f"{_AP_DETAIL} +write"), platform_admin="403"),
        },
        "appraisals:detail": {"GET": facilitator_page("200"), "POST": wrong_method()},
        "appraisals:edit": {
            "GET": facilitator_page("200"),
            "POST": facilitator_page(f"{_AP_DETAIL} +write"),
        },
        "appraisals:link": {
            "GET": wrong_method(),
            "POST": facilitator_page(f"{_AP_DETAIL} +write"),
        },
    }
)
# Organisation Y's workshop B offered as session II of X's appraisal: back to the overview with
# the refusal, nothing changes.
PAGES["appraisals:link #mirror"] = {"GET": wrong_method(), "POST": facilitator_page(_AP_DETAIL)}

# Models in the Django admin (only staff may reach them; for staff, Django's own behaviour).
# app_model -> (app label, staff may add, a change POST stores something)
ADMIN_MODELS = {
    "auth_group": ("auth", True, True),
    "axes_accessattempt": ("axes", False, False),  # django-axes: records are read-only
    "axes_accesslog": ("axes", False, False),
    "axes_accessfailurelog": ("axes", False, False),
}
for _model, (_app, _add, _change_writes) in ADMIN_MODELS.items():
    _changelist = f"302 admin:{_model}_changelist"
    PAGES |= {
        f"admin:{_model}_changelist": {"GET": admin_page("200"), "POST": admin_page("200")},
        f"admin:{_model}_add": {
            "GET": admin_page("200" if _add else "403"),
            "POST": admin_page(f"{_changelist} +write" if _add else "403"),
        },
        f"admin:{_model}_change": {
            "GET": admin_page("200"),
            "POST": admin_page(_changelist + (" +write" if _change_writes else "")),
        },
        f"admin:{_model}_delete": {
            "GET": admin_page("200"),
            "POST": admin_page(f"{_changelist} +write"),
        },
        f"admin:{_model}_history": {"GET": admin_page("200"), "POST": admin_page("200")},
        # the old-style object URL redirects to the change page
        f"beheer/{_app}/{_model.removeprefix(_app + '_')}/<path:object_id>/": {
            "GET": admin_page(f"302 admin:{_model}_change"),
            "POST": admin_page(f"302 admin:{_model}_change"),
        },
    }


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
    "GET /workshops/{workshop_id}/state": api_member("200"),
    "GET /workshops/{workshop_id}/events": api_member("200"),
    "GET /workshops/{workshop_id}/participants": api_member("200"),
    "DELETE /workshops/{workshop_id}/participants/{participant_id}": api_facilitator(W200),
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
    "POST /workshops/{workshop_id}/postits",  # column_id of Y
    "PATCH /workshops/{workshop_id}/postits/{postit_id}",
    "DELETE /workshops/{workshop_id}/postits/{postit_id}",
    "POST /workshops/{workshop_id}/postits/{postit_id}/move",
    "POST /workshops/{workshop_id}/postits/{postit_id}/merge",  # into_id of Y
    "POST /workshops/{workshop_id}/postits/{postit_id}/unmerge",
    "POST /workshops/{workshop_id}/postits/{postit_id}/park",
    "PATCH /workshops/{workshop_id}/columns/{column_id}",
    "DELETE /workshops/{workshop_id}/columns/{column_id}",
    "POST /workshops/{workshop_id}/timer",
):  # goto an item of Y
    API[f"{_key} #mirror"] = mirror(API[_key], "404")
# A new order naming Y's items is not a valid order of A's agenda.
API["PUT /workshops/{workshop_id}/agenda-items/order #mirror"] = mirror(
    API["PUT /workshops/{workshop_id}/agenda-items/order"], "400"
)


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
        f"GET {_AW}": api_member("200"),
        f"GET {_AW}/aggregate": api_member("200"),
        f"POST {_AW}/groups": api_facilitator(W201),
        f"POST {_AW}/groups/form": api_facilitator("409"),  # allowed, but A already has a group
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


# The appraisal documents (wijktafel/appraisals/views_reports.py, api_reports.py): the report as
# PDF and Word and the solution cards as PDF, for the facilitators and admins of the appraisal's
# organisation, the rule of GET /appraisals/{appraisal_id}; others get 404 (the API: 401 without an
# account). Making a document changes nothing (the export counter lives in the cache).
for _name in ("appraisals:report_pdf", "appraisals:report_docx", "appraisals:cards_pdf"):
    PAGES[_name] = {"GET": facilitator_page("200"), "POST": wrong_method()}
for _route in ("report.pdf", "report.docx", "cards.pdf"):
    API[f"GET /appraisals/{{appraisal_id}}/{_route}"] = api_account("200", facilitator_other="404")


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
    "op:workshop.joining": ws(FORBIDDEN, ACK),
    "op:workshop.end": ws(FORBIDDEN, "ack +write close 4408"),
    "op:agenda_item.add": ws(FORBIDDEN, ACK),
    "op:agenda_item.update": ws(FORBIDDEN, ACK),
    "op:agenda_item.remove": ws(FORBIDDEN, ACK),
    "op:agenda.reorder": ws(FORBIDDEN, ACK),
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
    "agenda_item.update",
    "agenda_item.remove",
):
    WS[f"op:{_kind} #mirror"] = mirror(WS[f"op:{_kind}"], NOT_FOUND)
# A new order naming Y's items is not a valid order of A's agenda.
WS["op:agenda.reorder #mirror"] = mirror(WS["op:agenda.reorder"], "rejected invalid")

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


# The method defined inside the tests (tests/support/testmethod, decision 0011): every member of
# a session may add a note; its op is declared like any method's and plugs in through the seam.
API["POST /workshops/{workshop_id}/notes"] = api_member(W201)
WS["op:note.add"] = ws(ACK, ACK)


# --- Parsing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    words: tuple[str, ...]
    writes: bool

    @property
    def status(self) -> int:
        return int(self.words[0])

    @property
    def redirect_to(self) -> str | None:
        return self.words[1] if len(self.words) > 1 else None


def parse(outcome: str) -> Expect:
    words = outcome.split()
    writes = "+write" in words
    return Expect(tuple(w for w in words if w != "+write"), writes)


def base_key(key: str) -> str:
    """The endpoint a (variant) row is about: ``"X #mirror"`` -> ``"X"``."""
    return key.split(" #", 1)[0]


def cells() -> list[tuple[str, str, str, str]]:
    """Every cell as (family, endpoint, role, outcome); families: page, api, ws."""
    out = []
    for name, methods in PAGES.items():
        for method, roles in methods.items():
            out.extend(("page", f"{method} {name}", role, roles[role]) for role in ROLES)
    for key, roles in API.items():
        out.extend(("api", key, role, roles[role]) for role in ROLES)
    for key, roles in WS.items():
        out.extend(("ws", key, role, roles[role]) for role in ROLES)
    return out
