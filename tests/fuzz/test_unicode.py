"""B8: names and texts from every script, and the characters that must never be stored.

A fixed list (emoji ZWJ sequences, Arabic and Hebrew names, decomposed accents, bidi
overrides, zero-width joiners, combining-mark floods, Cyrillic look-alikes) goes in through
the join page, the JSON API and the live socket. Pass: stored as NFC without bidi controls;
NUL and lone surrogates refused with a clear message and nothing stored; names shown in
``<bdi>`` or with ``dir="auto"`` (checked in the templates and in board.js).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.urls import reverse

from wijktafel.activities.models import Postit
from wijktafel.workshops import services
from wijktafel.workshops.models import Participant

ROOT = Path(__file__).resolve().parents[2]

# (typed, stored): what a person types and what must be stored and shown.
NAMES = [
    ("\U0001f469\u200d\U0001f692 Brandweer", "\U0001f469\u200d\U0001f692 Brandweer"),  # ZWJ emoji
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", None),  # family, 4 people, 3 ZWJ
    ("\U0001f1f3\U0001f1f1 Ans", None),  # flag (regional indicators)
    ("\U0001f44b\U0001f3fd", None),  # emoji with a skin-tone modifier
    ("\u0641\u0627\u0637\u0645\u0629 \u0627\u0644\u0632\u0647\u0631\u0627\u0621", None),  # Arabic
    ("\u0645\u062d\u0645\u062f \u0628\u0646 \u0639\u0644\u064a (Mo)", None),  # Arabic + Latin
    ("\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd \u05db\u05d4\u05df", None),  # Hebrew with points
    ("\u05d3\u05d5\u05d3 Cohen", None),  # Hebrew and Latin mixed
    ("Jose\u0301 Garci\u0301a", "Jos\u00e9 Garc\u00eda"),  # decomposed accents -> NFC
    ("Zoe\u0308 van Dijk", "Zo\u00eb van Dijk"),
    ("Nguye\u0302\u0303n", unicodedata.normalize("NFC", "Nguye\u0302\u0303n")),
    ("\u0141ukasz \u017b\u00f3\u0142w", None),  # Polish
    ("Ay\u015fe Y\u0131lmaz", None),  # Turkish dotless i
    ("F\u0430cilitator", "F\u0430cilitator"),  # Cyrillic a: kept as typed, not the facilitator
    ("\u202eroF rotatilicaF", "roF rotatilicaF"),  # right-to-left override removed
    (
        "An\u2066s\u2069 \u202a\u202bde\u202c Vries",
        "Ans de Vries",
    ),  # isolates and embeddings removed
    ("\u0627\u200d\u0644", None),  # a zero-width joiner inside Arabic stays
    ("Z" + "\u0301" * 20, unicodedata.normalize("NFC", "Z" + "\u0301" * 20)),  # combining marks
    ("  Bram\t\n  de  Boer ", "Bram de Boer"),  # whitespace runs in a one-line field
]
NAMES = [
    (typed, stored if stored is not None else unicodedata.normalize("NFC", typed))
    for typed, stored in NAMES
]
REFUSED = [
    "Ans\x00",
    "\x00",
    "A\ud800",
    "\udfff Bram",  # cannot be stored
    "Z" + "\u0301" * 300,  # a combining-mark flood past every limit
    "\u200b",
    "\u200d\u200d",
    "\u0301",
    "\u200e\u200f",
    "\ufeff \u2060",  # would show as nothing
]


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def join_page(client, workshop, name: str):
    response = client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    assert response.status_code == 302, response.content[:300]
    return client.post(
        reverse("workshops:join_name"),
        {"display_name": name, "organisation_name": name, "role_text": name},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), NAMES, ids=[f"name{i}" for i in range(len(NAMES))])
def test_names_through_the_join_page_are_stored_as_nfc(typed, stored, workshop, client):
    response = join_page(client, workshop, typed)
    assert response.status_code == 302, response.content.decode()[-2000:]
    participant = Participant.objects.get(workshop=workshop)
    assert participant.display_name == stored
    assert participant.organisation_name == stored and participant.role_text == stored
    assert unicodedata.is_normalized("NFC", participant.display_name)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Ans\x00", "\x00", "Bram\x00de Boer"])
def test_nul_in_a_name_on_the_join_page_is_refused_with_a_message(typed, workshop, client):
    response = join_page(client, workshop, typed)
    assert response.status_code == 400
    assert re.search(
        "contains characters we cannot store|Null characters are not allowed",
        response.content.decode(),
    )
    assert not Participant.objects.filter(workshop=workshop).exists()


@pytest.mark.django_db
def test_a_lone_surrogate_sent_to_the_join_page_never_reaches_the_database(workshop, client):
    """A browser cannot send one; raw bytes of one are not UTF-8 and decode to U+FFFD."""
    client.post(reverse("workshops:join"), {"code": services.join_code(workshop)})
    response = client.generic(
        "POST",
        reverse("workshops:join_name"),
        b"display_name=A%ED%A0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    name = Participant.objects.get(workshop=workshop).display_name
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in name) and name.startswith("A")


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), NAMES, ids=[f"name{i}" for i in range(len(NAMES))])
def test_names_through_the_api_are_stored_as_nfc(typed, stored, workshop, client):
    response = client.post(
        "/api/v1/join",
        {"code": services.join_code(workshop), "display_name": typed, "organisation_name": typed},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    participant = Participant.objects.get(pk=response.json()["participant_id"])
    assert (participant.display_name, participant.organisation_name) == (stored, stored)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", REFUSED)
def test_nul_surrogates_and_mark_floods_are_refused_by_the_api(typed, workshop, client):
    body = json.dumps(
        {"code": services.join_code(workshop), "display_name": typed}
    )  # \ud800 escaped
    response = client.post(
        "/api/v1/join", body, content_type="application/json", headers={"accept-language": "en"}
    )
    assert response.status_code == 400, response.content
    refusal = response.json()
    assert (
        refusal["code"] == "invalid" and refusal["field"] == "display_name" and refusal["message"]
    )
    assert not Participant.objects.filter(workshop=workshop).exists()


@pytest.mark.django_db(transaction=True)
async def test_post_its_through_the_socket_are_nfc_and_bad_characters_get_an_error(
    sockets, workshop, ans
):
    phone = await sockets(workshop, tokens={workshop.pk: ans.token})
    for typed, stored in NAMES:
        ack = await phone.op("postit.create", {"text": typed, "why": typed})
        assert ack["type"] == "ack", (typed, ack)
        event = await phone.recv()
        postit = await database_sync_to_async(Postit.objects.get)(pk=event["data"]["id"])
        assert postit.text == stored == event["data"]["text"]
        assert unicodedata.is_normalized("NFC", postit.why) and postit.why.strip()
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", postit.why)
    count = await database_sync_to_async(Postit.objects.filter(workshop=workshop).count)()
    for typed in REFUSED:
        frame = json.dumps(
            {
                "type": "op",
                "op": "0b6a2f3e-8a57-4c4e-9d53-3f1f0d1b2c4a",
                "kind": "postit.create",
                "data": {"text": typed},
            }
        )
        await phone.send(frame)
        reply = await phone.recv()
        assert reply["type"] in ("error", "rejected") and reply["message"], (typed, reply)
        assert reply["code"] in ("bad_message", "invalid"), reply
    assert await database_sync_to_async(Postit.objects.filter(workshop=workshop).count)() == count


# --- Shown isolated: <bdi> or dir="auto" ------------------------------------------------------------

# board.js and its parts (board-wall.js, board-people.js, ...), as one text.
BOARD = "\n".join(p.read_text() for p in sorted((ROOT / "static" / "js").glob("board*.js")))
NAME_KEYS = (
    "display_name",
    "author_name",
    "authorName(",
    "organisation_name",
    "role_text",
    "myName(",
)


def test_board_js_puts_every_name_in_a_bdi():
    """Where board.js builds an element from a name, that element is a <bdi>."""
    offenders, checked = [], 0
    for number, line in enumerate(BOARD.splitlines(), 1):
        for match in re.finditer(
            r"text: ([\w.]*(display_name|author_name)|authorName\(\w+\)|extra)", line
        ):
            checked += 1
            builder = line[: match.start()].rfind('h("')
            if builder < 0 or not line.startswith('h("bdi"', builder):
                offenders.append(f"board.js:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
    assert checked >= 5


def test_board_js_gives_user_texts_dir_auto():
    for cls in ("postit__text", "wall-column__title"):
        lines = [line for line in BOARD.splitlines() if f'class: "{cls}' in line and "h(" in line]
        assert lines and all('dir: "auto"' in line for line in lines), cls


USER_TEXT = re.compile(
    r"{{\s*(workshop\.title|item\.title|w\.title|participant\.display_name|"
    r"values\.title|values\.instruction)\s*}}"
)


def test_templates_show_user_text_with_dir_auto_or_bdi():
    """Every element whose text is a user-typed value isolates its direction."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in USER_TEXT.finditer(line):
                before = line[: match.start()]
                tag_start = before.rfind("<")
                tag = before[tag_start:] if tag_start >= 0 else ""
                if "{% block title %}" in before or "visually-hidden" in tag:
                    continue  # <title> cannot hold markup; hidden labels are read, not shown
                if 'dir="auto"' in tag or tag.startswith("<bdi") or "<bdi>" in before[-6:]:
                    continue
                if tag.startswith(("<input", "<textarea")) and 'dir="auto"' in tag:
                    continue
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:140]}")
    assert not offenders, "\n".join(offenders)
