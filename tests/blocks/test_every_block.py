"""The test method ("notes", tests/support/testmethod) uses every building block in one series
of two sessions, on a real SQLite file shared with real worker processes (issue 10, "what must
be shown"): a duo round with an odd number of people beside the agenda timer, a three-sticker
vote with cap 1 tapped at once on two phones, an agreement with two owners, a parked topic that
comes back in the next session, a PMI board, people recognised in session II, a document of
each kind read back, a mail received by a real SMTP server, and a reminder that survives a
worker killed before it is due and is sent exactly once by the next worker."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import time

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from tests.support.documents import pdf_text
from tests.support.mailserver import SmtpServer
from tests.support.worker_process import PYTHON, ROOT, Workers, wait_until

pytestmark = pytest.mark.slow

REMINDER_SECONDS = 25  # after the scenario's own work; the first worker dies well before


@pytest.fixture
def workers(tmp_path):
    workers = Workers(tmp_path)
    workers.env["DJANGO_SETTINGS_MODULE"] = "tests.settings"  # with the test method
    workers.env["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"  # its Django test clients
    yield workers
    workers.stop_all()


def run_scenario(workers: Workers, out) -> dict:
    done = subprocess.run(
        [PYTHON, str(ROOT / "tests" / "blocks" / "every_block_scenario.py"), str(out)]
        + [str(REMINDER_SECONDS)],
        cwd=ROOT,
        env=workers.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_test_method_uses_every_block(workers, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    summary = run_scenario(workers, out)

    # Duos of five people: two duos would leave one alone, so one trio, and the page says so;
    # Ans and Bram said they know each other and are not put together.
    duos = summary["duos"]
    assert sorted(len(members) for members, _status in duos) == [2, 3]
    assert [status for members, status in duos if len(members) == 3] == ["trio"]
    assert not any({"Ans", "Bram"} <= set(members) for members, _status in duos)
    # The duo round ran beside the agenda timer; "done" stopped only the round.
    assert summary["round"]["ran_beside_timer"] is True
    assert summary["round"]["minutes"] == 10
    assert summary["round"]["after_done"] == [True, "running", True]
    # Eight taps at once from two phones of one voter: three stickers on three choices.
    assert summary["stickers"]["outcomes"] == ["placed"] * 3 + ["refused"] * 5
    assert (summary["stickers"]["placed"], summary["stickers"]["choices"]) == (3, 3)
    # PMI: the interesting note word for word, the top improvement by its dots.
    assert summary["pmi"]["interesting"] == ["Jongeren willen meedenken, als het 's avonds is"]
    assert summary["pmi"]["top_improvements"] == [{"text": "Te weinig pauze", "dots": 3}]
    # Session II recognises the phones of session I: welcome back, the same five people.
    assert summary["session_two_headings"] == {
        "Ans": "Welkom terug, Ans",
        "Bram": "Welkom terug, Bram",
        "Cor": "Welkom terug, Cor",
    }
    assert summary["people"] == 5
    assert summary["attendance"]["Ans"] == [True, True]
    assert summary["attendance"]["Eva"] == [True, False]
    # The parked topic and the open agreement come back on session II's console.
    assert summary["comes_back"] == {"topic": True, "agreement": True}

    # Every document read back the way a person's tools read it.
    pdf = pdf_text((out / "verslag.pdf").read_bytes(), tmp_path)
    assert "Bewonersavond over de hangplek (Ans, Bram)" in pdf
    assert "Jongeren willen meedenken, als het 's avonds is" in pdf
    assert "Te weinig pauze: 3" in pdf
    word = Document(str(out / "verslag.docx"))
    assert [c.text for c in word.tables[0].rows[1].cells] == [
        "Bewonersavond over de hangplek",
        "Ans, Bram",
        "2027-01-15",
    ]
    sheet = load_workbook(out / "afspraken.xlsx").active
    assert [c.value for c in sheet[2]][:2] == ["Bewonersavond over de hangplek", "Ans, Bram"]
    assert sheet["A3"].value == '\'=HYPERLINK("http://x")'  # typed text never a formula
    assert sheet["A3"].data_type == "s"
    rows = list(csv.reader(io.StringIO((out / "afspraken.csv").read_text(encoding="utf-8"))))
    assert rows[1][:2] == ["Bewonersavond over de hangplek", "Ans, Bram"]
    assert rows[2][0] == '\'=HYPERLINK("http://x")'
    [event] = Calendar.from_ical((out / "avond-2.ics").read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Avond 2"
    assert event.decoded("DTSTART").tzinfo.key == "Europe/Amsterdam"
    assert event.decoded("DTSTART").hour == 19

    # The mail reaches a real SMTP server through a real worker; the reminder survives a
    # worker killed before it is due and the next worker sends it exactly once.
    reminder = summary["reminder"]
    with SmtpServer() as server:
        env = {
            **workers.env,
            "WIJKTAFEL_SMTP_HOST": "127.0.0.1",
            "WIJKTAFEL_SMTP_PORT": str(server.port),
            "WIJKTAFEL_SMTP_STARTTLS": "0",
        }
        first = workers.start("worker-1", env)
        wait_until(lambda: len(server.messages) == 1, 30, f"no mail:\n{workers.logs()}")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert time.time() < reminder["run_at"], "the worker must die before the reminder is due"
        assert workers.job(reminder["id"]) == ("scheduled", 0)

        workers.start("worker-2", env)
        wait_until(
            lambda: len(server.messages) >= 2,
            reminder["run_at"] - time.time() + 30,
            f"the reminder was not sent:\n{workers.logs()}",
        )
        wait_until(lambda: workers.job(reminder["id"])[0] == "done", 10, workers.logs())
        time.sleep(1.0)  # a few more polls of the worker: nothing else arrives
        mails = server.messages
    assert len(mails) == 2
    (to_1, agreements), (to_2, remind) = mails
    assert to_1 == ["ans@example.nl", "bram@example.nl"]
    assert agreements["Subject"] == "Afspraken Avond 1"
    [ics] = list(agreements.iter_attachments())
    assert ics.get_filename() == "avond-2.ics"
    assert (to_2, remind["Subject"]) == (["ans@example.nl"], "Herinnering Avond 2")
    assert workers.job(reminder["id"]) == ("done", 1)
