"""The authorization world: organisation X and its mirror Y, built the same way.

Every organisation gets the same shape: a facilitator, an organisation admin, workshop A (two
participants, two columns, four post-its: one by each participant, one by the facilitator, one
merged into another; the building blocks' objects, an appraisal and a Samenwerken in de wijk
meeting) and workshop B (one participant, one column, one post-it). Only the
organisation tag differs, so an endpoint that forgets its scope answers with Y's data, and the
markers below make that visible.

Every user-visible text of a workshop carries its marker (``mrkXAmrk`` for workshop A of
organisation X). A response may only contain the markers of workshops the role may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from wijktafel.accounts.models import Organisation, User
from wijktafel.activities import services as wall
from wijktafel.activities.models import Column, Postit
from wijktafel.evaluations import services as pmi
from wijktafel.groups import services as grouping
from wijktafel.parking import services as parking
from wijktafel.stickers import services as stickers
from wijktafel.workshops import services
from wijktafel.workshops.models import AgendaItem, Participant, Workshop, WorkshopEvent
from wijktafel.workshops.ops import Op, Ref
from wijktafel.workshops.services import Actor

#: Which workshops' markers each role may see in what it receives.
VISIBLE = {
    "anonymous": set(),
    "participant_a": {"XA"},
    "participant_b": {"XB"},
    "facilitator_a": {"XA", "XB"},
    "facilitator_other": {"YA", "YB"},
    "org_admin": {"XA", "XB"},
    "platform_admin": {"XA", "XB", "YA", "YB"},
}
ALL_MARKS = ("XA", "XB", "YA", "YB")


def marker(mark: str) -> str:
    return f"mrk{mark}mrk"


def foreign_markers(role: str) -> list[str]:
    return [marker(m) for m in ALL_MARKS if m not in VISIBLE[role]]


@dataclass
class WorkshopObjects:
    workshop: Workshop
    participants: list  # Participant, in join order
    tokens: list  # their device tokens, same order
    columns: list  # Column
    postits: dict  # "own" (first participant's), "other" (second's), "facilitator", "merged"
    items: list  # AgendaItem in order
    join_code: str
    join_token: str
    # The register's agreements (``_agreements``): "own" (both participants own it), "other"
    # (the second participant's alone).
    agreements: dict = field(default_factory=dict)
    # Ids of the appraisal linked to workshop A and its objects (see ``_appraisal``).
    appraisal: dict = field(default_factory=dict)
    # Ids of the building blocks' objects in workshop A by "kind" or "kind:which" (``_blocks``).
    blocks: dict = field(default_factory=dict)
    # Ids of the Samenwerken in de wijk meeting in workshop A and its objects (``_meeting``).
    meeting: dict = field(default_factory=dict)


@dataclass
class OrgObjects:
    tag: str
    organisation: Organisation
    facilitator: User
    org_admin: User
    a: WorkshopObjects
    b: WorkshopObjects


@dataclass
class World:
    x: OrgObjects
    y: OrgObjects
    platform_admin: User
    group: Group
    extra: dict = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return {
            "facilitator_a": self.x.facilitator,
            "facilitator_other": self.y.facilitator,
            "org_admin": self.x.org_admin,
            "platform_admin": self.platform_admin,
        }.get(role)

    def participant_token(self, role: str) -> tuple[int, str] | None:
        """(workshop id, device token) of a participant role."""
        if role == "participant_a":
            return self.x.a.workshop.pk, self.x.a.tokens[0]
        if role == "participant_b":
            return self.x.b.workshop.pk, self.x.b.tokens[0]
        return None


def _make_user(email: str, org, role: str, **extra) -> User:
    # No usable password: the tests log in with force_login / a made session (fast, no hashing).
    return User.objects.create_user(email, None, organisation=org, role=role, **extra)


def _workshop(
    org_tag: str,
    name: str,
    facilitator: User,
    *,
    people: list[str],
    columns: list[str],
    wall_kind: str,
    contact: dict | None = None,
) -> WorkshopObjects:
    mark = marker(org_tag + name)
    workshop = services.workshop_create(
        user=facilitator,
        title=f"Werksessie {mark}",
        template_key="afwegen-1",
        planned_start=timezone.make_aware(dt.datetime(2026, 12, 3, 9, 0)),
    )
    joined = [
        services.participant_join(
            workshop=workshop,
            display_name=f"{person} {mark}",
            organisation_name=(contact or {}).get("organisation_name", f"Buurthuis {mark}"),
            role_text=(contact or {}).get("role_text", f"bewoner {mark}"),
        )
        for person in people
    ]
    fac = Actor(user=facilitator)
    cols = []
    for title in columns:
        result = wall.column_create(
            workshop_id=workshop.pk, actor=fac, client_op_id=None, title=f"{title} {mark}"
        )
        cols.append(Column.objects.get(pk=result.event.payload["id"]))
    postits: dict = {}

    def postit(key: str, actor: Actor, text: str, column: Column | None) -> None:
        result = wall.postit_create(
            workshop_id=workshop.pk,
            actor=actor,
            client_op_id=None,
            text=f"{text} {mark}",
            why=f"waarom {mark}",
            column_id=column.pk if column else None,
        )
        postits[key] = Postit.objects.get(pk=result.event.payload["id"])

    postit("own", Actor(participant=joined[0].participant), "Zwerfvuil", cols[0])
    if wall_kind == "full":
        postit("other", Actor(participant=joined[1].participant), "Te hard rijden", cols[0])
        postit("facilitator", fac, "Verlichting", cols[1])
        postit("merged", Actor(participant=joined[1].participant), "Zwerfvuil ook", cols[0])
        wall.postit_merge(
            workshop_id=workshop.pk,
            actor=fac,
            client_op_id=None,
            postit_id=postits["merged"].pk,
            into_id=postits["own"].pk,
        )
    agreements = _agreements(workshop, fac, joined, mark) if wall_kind == "full" else {}
    return WorkshopObjects(
        agreements=agreements,
        workshop=Workshop.objects.get(pk=workshop.pk),
        participants=[j.participant for j in joined],
        tokens=[j.token for j in joined],
        columns=cols,
        postits={k: Postit.objects.get(pk=p.pk) for k, p in postits.items()},
        items=list(AgendaItem.objects.filter(workshop=workshop).order_by("position")),
        join_code=services.join_code(workshop),
        join_token=services.join_token(workshop),
    )


def _agreements(workshop: Workshop, fac: Actor, joined: list, mark: str) -> dict:
    """Two agreements of the register: one both participants own, one the second alone."""
    from wijktafel.agreements import services as register

    def made(key, kind, owners):
        result = register.agreement_create(
            workshop_id=workshop.pk,
            actor=fac,
            client_op_id=None,
            kind=kind,
            description=f"Afspraak {key} {mark}",
            owner_ids=[j.participant.pk for j in owners],
        )
        return result.event.payload["id"]

    return {
        "own": made("own", "joint_agreement", joined),
        "other": made("other", "individual_action", joined[1:]),
    }


def build_org(
    tag: str,
    *,
    emails: dict | None = None,
    contact: dict | None = None,
    private: dict | None = None,
) -> OrgObjects:
    """``emails``: the accounts' addresses by role; ``contact``: what workshop A's participants
    typed as organisation and role (workshop B keeps the defaults); ``private``: what A's second
    participant filled in for the facilitator alone (``_meeting``)."""
    emails = emails or {}
    org = Organisation.objects.create(name=f"Organisatie {tag}", slug=f"org-{tag.lower()}")
    facilitator = _make_user(
        emails.get("facilitator", f"fac-{tag.lower()}@example.nl"),
        org,
        User.Role.FACILITATOR,
        first_name=f"Fenna{tag}",
    )
    org_admin = _make_user(
        emails.get("org_admin", f"admin-{tag.lower()}@example.nl"),
        org,
        User.Role.ORG_ADMIN,
        first_name=f"Olga{tag}",
    )
    a = _workshop(
        tag,
        "A",
        facilitator,
        people=["Ans", "Bram"],
        columns=["Bewoners", "Gemeente"],
        wall_kind="full",
        contact=contact,
    )
    b = _workshop(tag, "B", facilitator, people=["Cor"], columns=["Bewoners"], wall_kind="small")
    a.appraisal = _appraisal(tag, facilitator, a)
    a.blocks = _blocks(tag, facilitator, a)
    a.meeting = _meeting(tag, facilitator, a, private)
    # the appraisal, the blocks and the meeting moved its log head and its current item
    a.workshop = Workshop.objects.get(pk=a.workshop.pk)
    return OrgObjects(
        tag=tag, organisation=org, facilitator=facilitator, org_admin=org_admin, a=a, b=b
    )


def _blocks(tag: str, facilitator: User, a: WorkshopObjects) -> dict:
    """The building blocks' objects in workshop A: a sticker vote that collects choices, and one
    that votes, with the first choices tied at the top of one (participant A's sticker on the
    second, participant B's on the first); an open PMI with participant A's minus note; a topic
    participant A parked; a duo of participants A and B (no acquaintances)."""
    mark = marker(tag + "A")
    fac = Actor(user=facilitator)
    ws = a.workshop.pk

    def ballot(title, labels, **options):
        made = stickers.ballot_create(
            workshop_id=ws, actor=fac, title=f"{title} {mark}", targets=labels, **options
        )
        return made.event.payload

    collecting = ballot("Verzamelen", [f"Kaart {mark}"])
    voting = ballot("Stemmen", [f"Vraag {n} {mark}" for n in (1, 2, 3)], top_n=1)
    first, second, _third = (t["id"] for t in voting["targets"])
    stickers.ballot_update(workshop_id=ws, actor=fac, ballot_id=voting["id"], status="voting")
    for person, target in ((a.participants[0], second), (a.participants[1], first)):
        stickers.sticker_place(
            workshop_id=ws,
            actor=Actor(participant=person),
            ballot_id=voting["id"],
            target_id=target,
        )
    pmi.pmi_update(workshop_id=ws, actor=fac, open=True)
    note = pmi.pmi_add(
        workshop_id=ws,
        actor=Actor(participant=a.participants[0]),
        column="minus",
        text=f"Te weinig pauze {mark}",
    )
    topic = parking.topic_park(
        workshop_id=ws,
        actor=Actor(participant=a.participants[0]),
        text=f"Budget buurtfeest {mark}",
        reason="Later",
    )
    duo = grouping.grouping_create(
        workshop_id=ws,
        actor=fac,
        kind="duo",
        member_ids=[a.participants[0].pk, a.participants[1].pk],
    )
    return {
        "sized_group": duo.event.payload["groups"][0]["id"],
        "topic": topic.event.payload["id"],
        "pmi_entry": note.event.payload["id"],
        "ballot": voting["id"],
        "ballot:collecting": collecting["id"],
        "target": first,
        "target:second": second,
        "target:stickered": second,
        "target:collecting": collecting["targets"][0]["id"],
    }


def _meeting(tag: str, facilitator: User, a: WorkshopObjects, private: dict | None) -> dict:
    """A Samenwerken in de wijk meeting (wijktafel/collaboration) in workshop A, beside its
    appraisal: every cell aims at A, and the method's services ask only whether the session has a
    meeting (``create_meeting``, as a session made from the template gets one). The organisation
    words question 1 its own way (before the meeting, so its first card has that wording too).
    A's current item is its step-4 one, which the meeting reads as its duo round (participants
    write on the cards); its timer is stopped, so the item can still be removed (the session is
    live from then on). On the first card: a note of participant A and one of the second
    participant (``#others``). Participant A's contact form, shared (``contact.remove`` has one
    to take away); the second participant's, not shared, and their reflection answer: for A's
    facilitators alone (``private``: X's canaries, ``SEES_PRIVATE``)."""
    from wijktafel.collaboration import agenda as parts
    from wijktafel.collaboration import services as meetings

    mark = marker(tag + "A")
    ws, fac = a.workshop.pk, Actor(user=facilitator)
    first, second = (Actor(participant=p) for p in a.participants)
    private = private or {
        "email": f"bram-{tag.lower()}@example.nl",
        "phone": "06 87654321",
        "answer": f"Antwoord {mark}",
    }
    meetings.question_word(
        user=facilitator,
        number=1,
        wording=f"Hoe maken we tijd vrij? {mark}",
        directions=[f"Samen plannen {mark}"],
    )
    meeting = meetings.create_meeting(Workshop.objects.get(pk=ws))
    duos = next(item for item in a.items if item.step == parts.DUOS)
    services.timer_control(workshop_id=ws, actor=fac, action="goto", item_id=duos.pk)
    services.timer_control(workshop_id=ws, actor=fac, action="stop")
    card = meeting.questions[0]["target_id"]

    def note(actor: Actor, text: str) -> int:
        made = meetings.flap_note_add(
            workshop_id=ws, actor=actor, card_id=card, text=f"{text} {mark}", origin="practice"
        )
        return made.event.payload["id"]

    ids = {
        "meeting": meeting.pk,
        "card": card,
        "flap_note:own": note(first, "Samen lunchen"),
        "flap_note:other": note(second, "Vaste contactpersoon"),
    }
    meetings.contact_save(
        workshop_id=ws,
        actor=first,
        name=f"Ans {mark}",
        organisation=f"Wijkteam {mark}",
        phone="06 12345678",
        share=True,
    )
    meetings.contact_save(
        workshop_id=ws,
        actor=second,
        name=f"Bram {mark}",
        email=private["email"],
        phone=private["phone"],
    )
    meetings.reflection_save(workshop_id=ws, actor=second, answers={"stuck": private["answer"]})
    return ids


def _appraisal(tag: str, facilitator: User, a: WorkshopObjects) -> dict:
    """An appraisal (Afwegen in de Wijk) with workshop A as session I: a group with the first
    participant, a core problem and a selected solution of that group, an extra criterion, an
    insight, an action, and the second participant's "probleem 1"."""
    from wijktafel.appraisals import services as aps

    mark = marker(tag + "A")
    ws, fac, first = a.workshop.pk, Actor(user=facilitator), Actor(participant=a.participants[0])
    appraisal = aps.appraisal_create(
        user=facilitator, title=f"Afweging {mark}", trigger=f"Aanleiding {mark}", horizon_years=10
    )
    aps.appraisal_link(user=facilitator, appraisal_id=appraisal.pk, session=1, workshop_id=ws)

    def made(result, key):
        return result.event.payload[key]["id"]

    ids = {"appraisal": appraisal.pk}
    ids["group"] = made(
        aps.group_create(
            workshop_id=ws,
            actor=fac,
            client_op_id=None,
            name=f"Groep {mark}",
            member_ids=[a.participants[0].pk],
        ),
        "group",
    )
    ids["core_problem"] = made(
        aps.core_problem_create(
            workshop_id=ws,
            actor=first,
            client_op_id=None,
            owner_id=a.columns[0].pk,
            fields={"formulation": f"Kernprobleem {mark}"},
            source_postit_ids=[a.postits["own"].pk],
        ),
        "core_problem",
    )
    ids["solution"] = made(
        aps.solution_create(
            workshop_id=ws,
            actor=first,
            client_op_id=None,
            fields={"title": f"Oplossing {mark}", "out_of_the_box": True},
        ),
        "solution",
    )
    aps.selection_set(workshop_id=ws, actor=fac, client_op_id=None, solution_ids=[ids["solution"]])
    ids["criterion"] = made(
        aps.criterion_add(workshop_id=ws, actor=fac, client_op_id=None, title=f"Draagvlak {mark}"),
        "criterion",
    )
    ids["insight"] = made(
        aps.insight_add(workshop_id=ws, actor=fac, client_op_id=None, text=f"Inzicht {mark}"),
        "insight",
    )
    ids["action"] = made(
        aps.action_add(
            workshop_id=ws,
            actor=fac,
            client_op_id=None,
            fields={"title": f"Actie {mark}", "owner_name": f"Fenna {mark}"},
        ),
        "action",
    )
    aps.problem_mark_set(
        workshop_id=ws,
        actor=Actor(participant=a.participants[1]),
        client_op_id=None,
        postit_id=a.postits["other"].pk,
    )
    ids["pitch"] = aps.pitches_plan(workshop_id=ws, actor=fac, client_op_id=None).event.payload[
        "pitches"
    ][0]["id"]
    return ids


# --- Contact-detail canaries (test_canary.py; checked in every matrix cell too) ----------------
# Every account's e-mail address is a canary: no one but its owner may see it. A's participants
# typed a phone number in their role: only workshop A (its members and facilitators) may see it.
CANARY_EMAILS = {
    "facilitator_a": "canary-7f3a@invalid.example",
    "org_admin": "canary-admin-7f3a@invalid.example",
    "platform_admin": "canary-root-7f3a@invalid.example",
    "facilitator_other": "canary-other-7f3a@invalid.example",
    "org_admin_other": "canary-other-admin-7f3a@invalid.example",
}
CANARY_PHONE = "+31 6 0000 7f3a"
PHONE_NEEDLES = ("0000 7f3a", "0000+7f3a", "0000%207f3a")
SEES_PHONE = {"participant_a", "facilitator_a", "org_admin", "platform_admin"}
# What A's second participant filled in for the facilitator alone (Samenwerken in de wijk,
# ``_meeting``): a contact form they did not agree to share, and a reflection answer. Only A's
# facilitators may read them; the address is one of the e-mail canaries of the log too.
CANARY_PRIVATE = {
    "email": "contact-7f3a@invalid.example",
    "phone": "06 1618 0339",
    "answer": "Alleen voor de begeleider 7f3a-antwoord",
}
PRIVATE_NEEDLES = (
    "contact-7f3a@invalid.example",
    "contact-7f3a%40invalid.example",
    "1618 0339",
    "1618+0339",
    "1618%200339",
    "7f3a-antwoord",
)
SEES_PRIVATE = {"facilitator_a", "org_admin", "platform_admin"}
# Where a logged-in account is shown its own address (Django admin: "logged in as ...").
OWN_EMAIL_PLACES = {"GET admin:login", "POST admin:login"}


def allowed_email(endpoint: str, role: str) -> bool:
    """Places where an account's e-mail address may be shown to someone other than its owner."""
    method, name = endpoint.split(" ", 1)
    if method == "POST" and name in {"accounts:login", "admin:login"}:
        return True  # the login form shows back the address its user just typed
    # Django admin, platform admins only: failed logins are listed by the username typed.
    return role == "platform_admin" and name.startswith("admin:axes_")


def contact_leaks(endpoint: str, role: str, text: str) -> list[str]:
    """What of the canaries ``text`` shows to ``role`` that it may not."""
    leaks = []
    for owner, address in CANARY_EMAILS.items():
        if (address in text or address.replace("@", "%40") in text) and not (
            (owner == role and endpoint in OWN_EMAIL_PLACES) or allowed_email(endpoint, role)
        ):
            leaks.append(f"{endpoint} showed the e-mail address of {owner} to {role}")
    if role not in SEES_PHONE and any(needle in text for needle in PHONE_NEEDLES):
        leaks.append(f"{endpoint} showed what A's participants typed about themselves to {role}")
    if role not in SEES_PRIVATE and any(needle in text for needle in PRIVATE_NEEDLES):
        leaks.append(f"{endpoint} showed {role} what was filled in for A's facilitators alone")
    return leaks


def build_world() -> World:
    x = build_org(
        "X",
        emails={
            "facilitator": CANARY_EMAILS["facilitator_a"],
            "org_admin": CANARY_EMAILS["org_admin"],
        },
        contact={"role_text": f"bewoner {marker('XA')}, bel me op {CANARY_PHONE}"},
        private=CANARY_PRIVATE,
    )
    y = build_org(
        "Y",
        emails={
            "facilitator": CANARY_EMAILS["facilitator_other"],
            "org_admin": CANARY_EMAILS["org_admin_other"],
        },
    )
    platform_admin = User.objects.create_superuser(
        CANARY_EMAILS["platform_admin"], None, first_name="Piet"
    )
    group = Group.objects.create(name="Redactie")
    world = World(x=x, y=y, platform_admin=platform_admin, group=group)
    world.extra["admin_objects"] = _admin_objects(group)
    world.extra["jobs"] = {org.tag: _background_work(org) for org in (x, y)}
    world.extra["series"] = {org.tag: _series(org) for org in (x, y)}
    # the task queue's admin (django-tasks-db): the task of X's reminder
    world.extra["admin_objects"]["django_tasks_database_dbtaskresult"] = (
        apps.get_model("django_tasks_database", "DBTaskResult")
        .objects.filter(args_kwargs__args=[world.extra["jobs"]["X"]["job"].pk])
        .get()
    )
    return world


def _series(org: OrgObjects) -> dict:
    """The series of the org's appraisal (workshop A is its session I, so A's participants are
    its people) and a personal link of its first person (wijktafel/series)."""
    from wijktafel.appraisals.models import Appraisal
    from wijktafel.series import services

    series = Appraisal.objects.get(pk=org.a.appraisal["appraisal"]).series
    people = list(series.persons.order_by("pk"))
    link, token = services.link_create(
        user=org.facilitator, series_id=series.pk, person_id=people[0].pk
    )
    return {"series": series, "people": people, "link": link, "token": token}


def _background_work(org: OrgObjects) -> dict:
    """A mail with an attachment in the organisation's outbox, and a reminder its facilitator
    scheduled (wijktafel/jobs), each carrying workshop A's marker."""
    from wijktafel.jobs import mail, services
    from wijktafel.jobs.models import OutboxMessage

    mark = marker(org.tag + "A")
    data: mail.MailData = {
        "message_id": mail.message_id(f"world-{org.tag}"),
        "to": [f"bewoner-{org.tag.lower()}@example.nl"],
        "subject": f"Uitnodiging {mark}",
        "body": f"Tekst {mark}",
        "attachments": [mail.encode_attachment("agenda.txt", mark.encode(), "text/plain")],
        "organisation_id": org.organisation.pk,
        "caused_by_id": org.facilitator.pk,
        "cause": "world",
    }
    mail.OutboxBackend(alias="world").send_messages([mail.build_message(data)])
    message = OutboxMessage.objects.get(message_id=data["message_id"])
    job = services.schedule(
        "mail.reminder",
        timezone.now() + dt.timedelta(days=1),
        {"to": ["bewoner@example.nl"], "subject": f"Herinnering {mark}", "body": "Morgen."},
        started_by=org.facilitator,
    )
    return {
        "message": message,
        "attachment": message.attachments.get(),
        "job": job,
        "document_job": _document_made(org, mark),
    }


def _document_made(org: OrgObjects, mark: str):
    """A report the worker made of the organisation's appraisal, since changed (its fingerprint
    is of an older state): its file is still served by its job (wijktafel/appraisals)."""
    from wijktafel.appraisals.document_jobs import KIND
    from wijktafel.appraisals.models import AppraisalDocument
    from wijktafel.jobs.models import Job

    appraisal_id, stale = org.a.appraisal["appraisal"], "0" * 64
    job = Job.objects.create(
        kind=KIND,
        payload={
            "appraisal_id": appraisal_id,
            "kind": "report_pdf",
            "language": "nl",
            "fingerprint": stale,
        },
        run_at=timezone.now(),
        status=Job.Status.DONE,
        progress=100,
        started_by=org.facilitator,
        organisation=org.organisation,
    )
    content = f"%PDF-1.7 {mark}".encode()
    AppraisalDocument.objects.create(
        appraisal_id=appraisal_id,
        kind="report_pdf",
        language="nl",
        fingerprint=stale,
        filename="rapport.pdf",
        content_type="application/pdf",
        content=content,
        size=len(content),
        job=job,
    )
    return job


def _admin_objects(group: Group) -> dict:
    """One object of every model in the Django admin, by ``app_model`` (admin URL names)."""
    objects = {"auth_group": group}
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        common = {
            "user_agent": "test",
            "ip_address": "127.0.0.1",
            "username": "iemand@example.nl",
            "http_accept": "text/html",
            "path_info": "/inloggen/",
        }
        objects["axes_accessattempt"] = AccessAttempt.objects.create(
            **common, get_data="", post_data="", failures_since_start=1
        )
        objects["axes_accesslog"] = AccessLog.objects.create(**common)
        objects["axes_accessfailurelog"] = AccessFailureLog.objects.create(**common)
    return objects


def table_rows(models, *, without=()) -> dict:
    """Every row of each model's table as the database returns it, ordered by the primary key,
    leaving out the columns named in ``without``. Raw SQL, not the ORM: the matrix takes this
    snapshot twice per cell, and building model dicts was nine tenths of a cell's time."""
    rows = {}
    with connection.cursor() as cursor:
        for model in models:
            meta = model._meta
            names = ", ".join(
                f'"{f.column}"' for f in meta.concrete_fields if f.column not in without
            )
            cursor.execute(
                f'SELECT {names} FROM "{meta.db_table}" ORDER BY "{meta.pk.column}"'  # noqa: S608
            )
            rows[meta.label] = cursor.fetchall()
    return rows


def db_state() -> dict:
    """Every row a refused request must leave alone (both organisations, all tables we own)."""
    models = [Organisation, User, Group, Workshop, AgendaItem, Participant, Column, Postit]
    # the blocks, the method and background work (the outbox and the jobs, wijktafel/jobs)
    blocks = (
        "appraisals",
        "stickers",
        "agreements",
        "evaluations",
        "parking",
        "series",
        "groups",
        "collaboration",
    )
    for app in (*blocks, "jobs"):
        models += apps.get_app_config(app).get_models()
    # the owners of an agreement (a many-to-many table)
    models.append(apps.get_model("agreements", "Agreement").owners.through)
    # django-axes records login failures and the admin may delete them
    if apps.is_installed("axes"):
        models += apps.get_app_config("axes").get_models()
    state = table_rows(models)
    state["events"] = WorkshopEvent.objects.count()
    # the task queue: what was enqueued and its status (not its timestamps)
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    state["tasks"] = list(
        tasks.objects.order_by("enqueued_at", "id").values_list(
            "id", "status", "task_path", "args_kwargs"
        )
    )
    return state


# --- The data of an op row: its declared example, aimed at the world -----------------------------

# Rows whose variant needs other data than the example with the mirror's objects in it.
VARIANT_DATA = {
    # goto is the timer action that reads an item id: the mirror's
    ("timer.control", "mirror"): {"action": "goto", "item_id": Ref("item", "second")},
    # the merged solution stays A's; the one it is merged into is the mirror's
    ("solution.merge", "mirror"): {
        "solution_id": Ref("solution", mirror=False),
        "into_id": Ref("solution"),
    },
}


def _object(src: WorkshopObjects, ref: Ref, variant: str):
    """The id (or ids) of ``ref`` in workshop ``src``."""
    if ref.kind == "postit":
        which = ref.which or ("other" if variant == "others" else "own")
        return src.postits[which].pk
    if ref.kind == "items":
        return [i.pk for i in reversed(src.items)]
    if ref.kind == "flap_note":  # participant A's note; ``#others``: the second participant's
        which = ref.which or ("other" if variant == "others" else "own")
        return src.meeting[f"flap_note:{which}"]
    if ref.kind in src.meeting:  # the meeting's objects (``_meeting``)
        return src.meeting[ref.kind]
    block_key = f"{ref.kind}:{ref.which}" if ref.which else ref.kind
    if block_key in src.blocks:
        return src.blocks[block_key]
    if ref.kind == "agreement":
        return src.agreements[ref.which or ("other" if variant == "others" else "own")]
    index = {"": 0, "second": 1, "last": -1}[ref.which]
    if ref.kind == "column":
        return src.columns[index].pk
    if ref.kind == "item":
        return src.items[index].pk
    if ref.kind == "participant":
        return src.participants[index].pk
    return src.appraisal[ref.kind]  # an object of workshop A's appraisal (``_appraisal``)


def op_data(w: World, op: Op, variant: str = "") -> dict:
    """Valid ``data`` of ``op`` in workshop A: its declared example with the world's objects in
    place of its ``Ref``s (``#mirror``: organisation Y's, where the ref follows the mirror;
    ``#others``: the second participant's post-it)."""
    example = VARIANT_DATA.get((op.kind, variant), op.example)

    def fill(value):
        if isinstance(value, Ref):
            src = w.y.a if variant == "mirror" and value.mirror else w.x.a
            return _object(src, value, variant)
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    return fill(dict(example))
