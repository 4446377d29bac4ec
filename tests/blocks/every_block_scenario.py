"""Run by test_every_block.py in a subprocess on a real SQLite file (the worker processes of the
test share it): one series of two sessions of the test method ("notes"), which uses every
building block, the way a facilitator and five phones would. Writes the documents into the
directory given as the first argument and prints a JSON summary as its last line; the test
asserts on it and then runs the real workers for the mail and the reminder."""

import datetime as dt
import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

OUT = Path(sys.argv[1])
REMINDER_SECONDS = float(sys.argv[2])
call_command("migrate", verbosity=0)

from wijktafel.accounts.models import Organisation, User  # noqa: E402
from wijktafel.agreements import services as register  # noqa: E402
from wijktafel.agreements.models import Agreement  # noqa: E402
from wijktafel.core.documents.calendar import CalendarEvent, ics_bytes  # noqa: E402
from wijktafel.core.documents.pdf import render_pdf  # noqa: E402
from wijktafel.core.documents.sheets import csv_text, xlsx_bytes  # noqa: E402
from wijktafel.core.documents.word import WordWriter, new_document  # noqa: E402
from wijktafel.core.errors import Conflict  # noqa: E402
from wijktafel.evaluations import services as pmi  # noqa: E402
from wijktafel.evaluations.selectors import pmi_report  # noqa: E402
from wijktafel.groups import services as groups  # noqa: E402
from wijktafel.jobs import services as jobs  # noqa: E402
from wijktafel.parking import services as parking  # noqa: E402
from wijktafel.series import services as series_services  # noqa: E402
from wijktafel.series.models import Person  # noqa: E402
from wijktafel.stickers import services as stickers  # noqa: E402
from wijktafel.stickers.models import Sticker  # noqa: E402
from wijktafel.workshops import codes  # noqa: E402
from wijktafel.workshops import services as engine  # noqa: E402
from wijktafel.workshops.models import Participant, Workshop  # noqa: E402
from wijktafel.workshops.services import Actor  # noqa: E402

summary: dict = {}
org = Organisation.objects.create(name="Gemeente Den Helder", slug="den-helder")
user = User.objects.create_user(
    "fenna@example.nl", "x-very-secret-1", organisation=org, role=User.Role.FACILITATOR
)
fac = Actor(user=user)
staff = Client()
staff.force_login(user)

# --- A series of two sessions of the test method ---------------------------------------------
series = series_services.series_create(user=user, title="Wijkteam Zuid")
one, two = (
    engine.workshop_create(
        user=user,
        title=title,
        template_key="notes",
        planned_start=timezone.make_aware(dt.datetime(2026, 12, day, 19, 30)),
    )
    for title, day in (("Avond 1", 10), ("Avond 2", 17))
)
for workshop in (one, two):
    series_services.series_add_session(user=user, series_id=series.pk, workshop_id=workshop.pk)

PEOPLE = (("Ans", "Bewoners"), ("Bram", "Bewoners"), ("Cor", "Gemeente"))
PEOPLE += (("Dewi", "Corporatie"), ("Eva", "Welzijn"))
phones = {name: Client() for name, _org in PEOPLE}


def join(phone: Client, workshop: Workshop, name: str, organisation: str) -> str:
    """Type the code and the name as on a phone; returns the heading of the name form."""
    code = codes.display_code(engine.join_code(workshop))
    assert phone.post(reverse("workshops:join"), {"code": code}).status_code == 302
    form = phone.get(reverse("workshops:join_name")).content.decode()
    heading = form.split('<h1 class="utrecht-heading-1"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    done = phone.post(
        reverse("workshops:join_name"), {"display_name": name, "organisation_name": organisation}
    )
    assert done.status_code == 302, done.content
    return heading


for name, organisation in PEOPLE:
    join(phones[name], one, name, organisation)
people = {p.display_name: p for p in Participant.objects.filter(workshop=one)}

# --- A duo round beside the agenda timer, with an odd number of people -------------------------
engine.timer_control(workshop_id=one.pk, actor=fac, action="start")
item_ends_at = Workshop.objects.get(pk=one.pk).item_ends_at
groups.acquaintance_set(  # Ans and Bram are neighbours: the app should not pair them
    workshop_id=one.pk,
    actor=Actor(participant=people["Ans"]),
    known_ids=[people["Bram"].pk],
)
engine.round_start(workshop_id=one.pk, actor=fac, preset="duos")
running = Workshop.objects.get(pk=one.pk)
duos = groups.grouping_form(workshop_id=one.pk, actor=fac, kind="duo").event.payload
names = {p.pk: p.display_name for p in people.values()}
summary["duos"] = sorted(
    [sorted(names[i] for i in g["member_ids"]), g["status"]] for g in duos["groups"]
)
engine.round_stop(workshop_id=one.pk, actor=fac)
stopped = Workshop.objects.get(pk=one.pk)
summary["round"] = {
    "title": running.round_title,
    "minutes": running.round_minutes,
    "ran_beside_timer": running.item_ends_at == item_ends_at and running.round_ends_at is not None,
    "after_done": [
        stopped.round_ends_at is None,
        stopped.timer_state,
        stopped.item_ends_at == item_ends_at,
    ],
}

# --- A sticker vote of three stickers, one per choice, tapped at once on two phones ----------
ballot = stickers.ballot_create(
    workshop_id=one.pk,
    actor=fac,
    title="Wat pakken we eerst aan?",
    budget=3,
    cap=1,
    targets=["Zwerfvuil", "Hangplek", "Verlichting", "Speeltuin"],
).event.payload
stickers.ballot_update(workshop_id=one.pk, actor=fac, ballot_id=ballot["id"], status="voting")
taps = [t["id"] for t in ballot["targets"]] * 2  # two phones of Ans, every choice twice
barrier = threading.Barrier(len(taps), timeout=30)
outcomes: list[str] = []


def tap(target_id: int) -> None:
    try:
        barrier.wait()
        stickers.sticker_place(
            workshop_id=one.pk,
            actor=Actor(participant=people["Ans"]),
            ballot_id=ballot["id"],
            target_id=target_id,
        )
        outcomes.append("placed")
    except Conflict:
        outcomes.append("refused")
    except Exception as exc:  # reported, never hidden
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


threads = [threading.Thread(target=tap, args=(t,)) for t in taps]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(timeout=120)
placed = list(Sticker.objects.filter(ballot_id=ballot["id"], voter=people["Ans"]))
summary["stickers"] = {
    "outcomes": sorted(outcomes),
    "placed": len(placed),
    "choices": len({s.target_id for s in placed}),
}

# --- An agreement with two owners, a parked topic, a PMI board -------------------------------
agreement = register.agreement_create(
    workshop_id=one.pk,
    actor=fac,
    client_op_id=None,
    kind="joint_agreement",
    description="Bewonersavond over de hangplek",
    owner_ids=[people["Ans"].pk, people["Bram"].pk],
    due_date="2027-01-15",
).event.payload
parking.topic_park(
    workshop_id=one.pk,
    actor=Actor(participant=people["Cor"]),
    text="Budget voor het buurtfeest",
    reason="Hoort bij de volgende avond",
)
pmi.pmi_update(workshop_id=one.pk, actor=fac, open=True)
notes = (
    ("Ans", "plus", "Iedereen kwam aan het woord"),
    ("Bram", "minus", "Te weinig pauze"),
    ("Cor", "minus", "Zaal te koud"),
    ("Dewi", "interesting", "Jongeren willen meedenken, als het 's avonds is"),
)
for name, column, text in notes:
    pmi.pmi_add(workshop_id=one.pk, actor=Actor(participant=people[name]), column=column, text=text)
dots = pmi.pmi_dots(workshop_id=one.pk, actor=fac, top_n=1).event.payload  # the ballot
pmi_ballot, minus = dots["id"], {t["label"]: t["id"] for t in dots["targets"]}
if dots["status"] != "voting":
    stickers.ballot_update(workshop_id=one.pk, actor=fac, ballot_id=pmi_ballot, status="voting")
for name in ("Ans", "Cor", "Eva"):
    stickers.sticker_place(
        workshop_id=one.pk,
        actor=Actor(participant=people[name]),
        ballot_id=pmi_ballot,
        target_id=minus["Te weinig pauze"],
    )
report = pmi_report(one)
summary["pmi"] = report
engine.workshop_end(workshop_id=one.pk, actor=fac)

# --- Session II: the phones of session I are recognised, a parked topic comes back -----------
summary["session_two_headings"] = {
    name: join(phones[name], two, name, organisation) for name, organisation in PEOPLE[:3]
}
summary["people"] = Person.objects.filter(series=series).count()
table = series_services.attendance_table(series)
summary["attendance"] = {r["person"].display_name: r["marks"] for r in table["rows"]}
console = staff.get(reverse("workshops:console", args=[two.pk])).content.decode()
summary["comes_back"] = {
    "topic": "Budget voor het buurtfeest" in console,
    "agreement": "Bewonersavond over de hangplek" in console,
}

# --- A document of each kind, from the session's own data -------------------------------------
owners = "Ans, Bram"
rows = [[a.description, owners, a.due_date] for a in Agreement.objects.filter(workshop=one)]
context = {
    "title": "Verslag Avond 1",
    "agreements": [{"description": r[0], "owners": r[1]} for r in rows],
    "pmi": report,
    "parked": ["Budget voor het buurtfeest"],
}
(OUT / "verslag.pdf").write_bytes(render_pdf("testmethod/report.html", context))
word = WordWriter(new_document(title="Verslag Avond 1", lang="nl-NL"), nothing="Niets")
word.h(1, "Verslag Avond 1")
word.table(["Afspraak", "Wie", "Wanneer"], [[r[0], r[1], str(r[2])] for r in rows])
for text in report["interesting"]:
    word.para(text)
(OUT / "verslag.docx").write_bytes(word.bytes())
header = ["Afspraak", "Wie", "Wanneer"]
typed = [['=HYPERLINK("http://x")', "Eva", None]]
(OUT / "afspraken.xlsx").write_bytes(xlsx_bytes([("Afspraken", header, rows + typed)]))
(OUT / "afspraken.csv").write_text(csv_text(header, rows + typed), encoding="utf-8")
meeting = CalendarEvent(
    uid=f"workshop-{two.pk}@wijktafel.test",
    start=two.planned_start,
    end=two.planned_start + dt.timedelta(hours=2),
    summary="Avond 2",
    location="Buurthuis De Schakel",
)
(OUT / "avond-2.ics").write_bytes(ics_bytes([meeting]))

# --- Mail now, and a reminder later: the test's workers send them ------------------------------
jobs.mail_send(
    to=["ans@example.nl", "bram@example.nl"],
    subject="Afspraken Avond 1",
    body="Bewonersavond over de hangplek, klaar op 15 januari.",
    attachments=[("avond-2.ics", (OUT / "avond-2.ics").read_bytes(), "text/calendar")],
    caused_by=user,
    cause="agreements",
)
reminder = jobs.schedule(
    "mail.reminder",
    timezone.now() + dt.timedelta(seconds=REMINDER_SECONDS),
    {"to": ["ans@example.nl"], "subject": "Herinnering Avond 2", "body": "Morgen om 19.30 uur."},
    started_by=user,
)
summary["reminder"] = {"id": reminder.pk, "run_at": reminder.run_at.timestamp()}
print(json.dumps(summary, default=str))
