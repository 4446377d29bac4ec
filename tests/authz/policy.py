"""THE authorization policy: who may do what, for every page, API route and socket message.

This table is the specification (the pages here, the API routes and socket messages in
``policy_live.py``, both built from the families of ``families.py``); ``test_matrix.py`` checks
the running app against it and ``test_meta.py`` fails when an endpoint exists without a row here
(or a row names something that no longer exists). Expected outcomes are written down from the
rules (docs/security.md), never read from the code under test.

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

from .families import (
    ACCOUNTS,
    ADMIN_LOGIN,
    FACILITATORS_OF_A,
    LOGIN,
    PARTICIPANTS,
    ROLES,
    admin_page,
    api_account,
    api_facilitator,
    api_member,
    each,
    everyone,
    facilitator_page,
    mirror,
    row,
    wrong_method,
    ws,
)
from .policy_live import API, WS

__all__ = [
    "ACCOUNTS",
    "ADMIN_LOGIN",
    "ADMIN_MODELS",
    "API",
    "FACILITATORS_OF_A",
    "LOGIN",
    "PAGES",
    "PARTICIPANTS",
    "ROLES",
    "WS",
    "Expect",
    "admin_page",
    "api_account",
    "api_facilitator",
    "api_member",
    "base_key",
    "cells",
    "each",
    "everyone",
    "facilitator_page",
    "mirror",
    "parse",
    "row",
    "wrong_method",
    "ws",
]

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
    # django-tasks-db: the task queue, shown read-only (no add, change or delete)
    "django_tasks_database_dbtaskresult": ("django_tasks_database", False, False),
}
ADMIN_READ_ONLY = {"django_tasks_database_dbtaskresult"}
for _model, (_app, _add, _change_writes) in ADMIN_MODELS.items():
    _changelist = f"302 admin:{_model}_changelist"
    _read_only = _model in ADMIN_READ_ONLY
    PAGES |= {
        f"admin:{_model}_changelist": {"GET": admin_page("200"), "POST": admin_page("200")},
        f"admin:{_model}_add": {
            "GET": admin_page("200" if _add else "403"),
            "POST": admin_page(f"{_changelist} +write" if _add else "403"),
        },
        f"admin:{_model}_change": {
            "GET": admin_page("200"),
            "POST": admin_page(
                "403" if _read_only else _changelist + (" +write" if _change_writes else "")
            ),
        },
        f"admin:{_model}_delete": {
            "GET": admin_page("403" if _read_only else "200"),
            "POST": admin_page("403" if _read_only else f"{_changelist} +write"),
        },
        f"admin:{_model}_history": {"GET": admin_page("200"), "POST": admin_page("200")},
        # the old-style object URL redirects to the change page
        f"beheer/{_app}/{_model.removeprefix(_app + '_')}/<path:object_id>/": {
            "GET": admin_page(f"302 admin:{_model}_change"),
            "POST": admin_page(f"302 admin:{_model}_change"),
        },
    }


# The appraisal documents (wijktafel/appraisals/views_reports.py): the report as PDF and Word and
# the solution cards as PDF, for the facilitators and admins of the appraisal's organisation, the
# rule of GET /appraisals/{appraisal_id}; others get 404. Asking for one schedules the worker's job
# that makes it (the world's report is of an older state) and leads to that job's page; the job's
# page and its file (the world's report) are read like the appraisal. The API is in
# policy_live.py.
for _name in ("appraisals:report_pdf", "appraisals:report_docx", "appraisals:cards_pdf"):
    PAGES[_name] = {
        "GET": facilitator_page("302 appraisals:document_job +write"),
        "POST": wrong_method(),
    }
for _name in ("appraisals:document_job", "appraisals:document_file"):
    PAGES[_name] = {"GET": facilitator_page("200"), "POST": wrong_method()}


# Background work (wijktafel/jobs/views.py). Organisation X's outbox holds one mail with an
# attachment: its facilitators and admins (and platform admins) read it, as they see X's
# sessions; Y's facilitator gets 404. Every account has an outbox page and a jobs page, each
# showing only their own organisation's mail and the jobs they started themselves. X's
# facilitator scheduled a reminder: only she may cancel it; for everyone else it does not exist.
PAGES.update(
    {
        "jobs:outbox": {"GET": row(LOGIN, each(ACCOUNTS, "200")), "POST": wrong_method()},
        "jobs:outbox_message": {"GET": facilitator_page("200"), "POST": wrong_method()},
        "jobs:outbox_attachment": {"GET": facilitator_page("200"), "POST": wrong_method()},
        "jobs:list": {"GET": row(LOGIN, each(ACCOUNTS, "200")), "POST": wrong_method()},
        "jobs:cancel": {
            "GET": wrong_method(),
            "POST": row(LOGIN, each(ACCOUNTS, "404"), facilitator_a="302 jobs:list +write"),
        },
    }
)
# Series (wijktafel/series/views.py). X's series is its appraisal's, with workshop A as session
# I; it is for X's facilitators and admins (and platform admins), like its sessions; Y's
# facilitator gets 404. A platform admin belongs to no organisation and cannot start one. The
# merge row merges two people who were both in workshop A: refused, nothing changes. Workshop B
# is added as a session. The pages of a person who comes back need no account: the personal link
# itself is the credential (it notes when it was used); without a device that the series
# recognises, "join back" sends to the code page and an update on an action is refused.
_SERIES = "302 series:detail"
PAGES.update(
    {
        "series:list": {
            "GET": row(LOGIN, each(ACCOUNTS, "200")),
            "POST": row(LOGIN, each(ACCOUNTS, f"{_SERIES} +write"), platform_admin="400"),
        },
        "series:detail": {"GET": facilitator_page("200"), "POST": wrong_method()},
        "series:add_session": {
            "GET": wrong_method(),
            "POST": facilitator_page(f"{_SERIES} +write"),
        },
        "series:link_create": {
            "GET": wrong_method(),
            "POST": facilitator_page(f"{_SERIES} +write"),
        },
        "series:link_revoke": {
            "GET": wrong_method(),
            "POST": facilitator_page(f"{_SERIES} +write"),
        },
        "series:merge": {"GET": wrong_method(), "POST": facilitator_page(_SERIES)},
        "series:forget_devices": {
            "GET": wrong_method(),
            "POST": facilitator_page(f"{_SERIES} +write"),
        },
        # Workshop A is the first session of X's series: no groups before it, nothing changes.
        "series:carry_groups": {
            "GET": wrong_method(),
            "POST": facilitator_page("302 workshops:console"),
        },
        "series:me": {"GET": everyone("200"), "POST": everyone("405")},
        "series:join_back": {
            "GET": everyone("302 workshops:join"),
            "POST": everyone("302 workshops:join"),
        },
        "series:action_update": {"GET": everyone("405"), "POST": everyone("302 series:me")},
        "series:link": {"GET": everyone("302 series:me +write"), "POST": everyone("405")},
    }
)
# Y's link withdrawn under X's series: refused (the series has no such link), nothing changes.
PAGES["series:link_revoke #mirror"] = {"GET": wrong_method(), "POST": facilitator_page(_SERIES)}

# Samenwerken in de wijk (wijktafel/collaboration/views.py): the ten questions as the account's
# organisation words them (X's question 1 and Y's carry their markers). A platform admin, of no
# organisation, has no wording to change (403). Participants have no account: to the login. The
# matrix's empty POST is refused as a form (400) and changes nothing.
PAGES["collaboration:questions"] = {
    "GET": row(LOGIN, each(ACCOUNTS, "200"), platform_admin="403"),
    "POST": row(LOGIN, each(ACCOUNTS, "400"), platform_admin="403"),
}

# Y's attachment asked for under X's mail: not found, for everyone.
PAGES["jobs:outbox_attachment #mirror"] = {
    "GET": row(LOGIN, each(ACCOUNTS, "404")),
    "POST": wrong_method(),
}


# The meeting report of Samenwerken in de wijk (wijktafel/collaboration/views_reports.py), PDF and
# Word: made in the request, for the facilitators and admins of the meeting's organisation (and
# platform admins), like the console; another organisation's facilitator gets 404, participants
# have no account and go to the login. Workshop A is a meeting (``world._meeting``). A report
# counts against the export limit, in the cache: no row changes. The API is in policy_live.py.
# Its exports (wijktafel/collaboration/exports.py: the actions as XLSX and CSV, the calendar, the
# shared contact list as vCard and CSV) are the report's, with the same rule.
for _name in (
    "collaboration:report_pdf",
    "collaboration:report_docx",
    "collaboration:actions_xlsx",
    "collaboration:actions_csv",
    "collaboration:calendar_ics",
    "collaboration:contacts_vcf",
    "collaboration:contacts_csv",
):
    PAGES[_name] = {"GET": facilitator_page("200"), "POST": wrong_method()}


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
