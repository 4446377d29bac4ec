"""Plain Dutch (B1) for what participants read: the titles and instructions of every agenda
template and the texts of every method step (title, task, assignment, what it works with), and
for the method terms also every text the live views draw (the engine's and the methods' scripts).

* Readability: every instruction, task and assignment scores at least THRESHOLD on Flesch–Douma
  (tests/support/readability.py; 60 is "fairly easy", the lower edge of plain language at B1).
  A title, or a text of fewer than MIN_WORDS words, is too short to score; a method term in
  brackets is small print and not scored.
* Method terms: a term of the methods (basisalternatief, kerneffect, ...) appears only in
  brackets after its plain label, as "wat er gebeurt zonder nieuw plan (het basisalternatief)";
  words that no participant should read (Kemeny–Young, spiegelbeeld) never appear.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

from django.utils import translation

from tests.support.readability import flesch_douma, words
from wijktafel.workshops import seam

ROOT = Path(__file__).resolve().parents[1]
THRESHOLD = 60
MIN_WORDS = 8  # a title or a short line is too short to score

# A method term and the words of its plain label that must stand before it.
TERMS = {
    r"basisalternatie\w*": "zonder nieuw plan",
    r"inventari\w*": "verzamelen",
    r"kerneffect\w*": "zwaarst",
    r"out[ -]of[ -]the[ -]box": "verrassend",
    r"reikwijdte": "hoe ver",
}
NEVER = (r"kemeny", r"spiegelbeeld")
# The texts of a method's steps in its scripts: stepTexts() in steps.js and its kind.
STEP_TEXT = re.compile(r'\b(title|task|assignment|input): gettext\("((?:[^"\\]|\\.)+)"\)')
# Every translatable text of a live view's script.
SCRIPT_TEXT = re.compile(r'\b(?:gettext|gettext_noop|ngettext)\("((?:[^"\\]|\\.)+)"')
LIVE_SCRIPTS = ("static/js/*.js", "wijktafel/*/static/*/js/*.js")


def js_string(literal: str) -> str:
    """The text of a JavaScript string literal's body (its escapes undone, non-ASCII kept)."""
    return json.loads(f'"{literal}"')


def catalogue():
    return gettext.translation("djangojs", localedir=ROOT / "locale", languages=["nl"])


def participant_texts() -> list[tuple[str, str]]:
    """(where, Dutch text) of everything the checks read."""
    texts = []
    with translation.override("nl"):
        for template in seam.templates():
            for item in template.items:
                texts.append((f"{template.key} title", str(item.title)))
                if str(item.instruction):
                    texts.append((f"{template.key}: {item.title}", str(item.instruction)))
    dutch = catalogue()
    for script in sorted(ROOT.glob("wijktafel/*/static/*/js/steps.js")):
        for kind, msgid in STEP_TEXT.findall(script.read_text()):
            where = f"{script.relative_to(ROOT)} {kind}"
            texts.append((where, dutch.gettext(js_string(msgid))))
    return texts


def live_view_texts() -> list[tuple[str, str]]:
    """(script, Dutch text) of every translatable text the live views draw."""
    dutch = catalogue()
    return [
        (str(script.relative_to(ROOT)), dutch.gettext(js_string(msgid)))
        for pattern in LIVE_SCRIPTS
        for script in sorted(ROOT.glob(pattern))
        for msgid in SCRIPT_TEXT.findall(script.read_text())
    ]


def scored(text: str) -> float:
    """The Flesch–Douma score of ``text`` without a method term in brackets (the small print),
    or 100 for a text too short to score."""
    plain = re.sub(r"\s*\((?:het |de )?[^()]*\)", "", text)
    return flesch_douma(plain) if len(words(plain)) >= MIN_WORDS else 100.0


def term_problems(text: str) -> list[str]:
    problems = [
        f"{word!r} is not for participants" for word in NEVER if re.search(word, text, re.I)
    ]
    for term, plain in TERMS.items():
        # Outside brackets the term may not appear; in brackets only after its plain label.
        outside = re.sub(r"\([^)]*\)", "", text)
        if re.search(term, outside, re.I):
            problems.append(f"{term!r} without brackets")
        for inside in re.finditer(r"\(([^)]*)\)", text):
            if (
                re.search(term, inside.group(1), re.I)
                and plain not in text[: inside.start()].lower()
            ):
                problems.append(f"{term!r} without its plain label {plain!r} before it")
    return problems


def test_the_checks_read_every_template_and_method_step():
    texts = participant_texts()
    wheres = {where for where, _ in texts}
    for method in seam.methods():
        for template in method.templates:
            assert f"{template.key} title" in wheres
    assert any("appraisals" in where and "task" in where for where in wheres)
    assert all(text.strip() for _, text in texts)


def test_instructions_and_tasks_are_plain_dutch():
    hard = [
        f"{flesch_douma(text):.0f} {where}: {text}"
        for where, text in participant_texts()
        if not where.endswith("title") and scored(text) < THRESHOLD
    ]
    assert hard == [], "\n".join(hard)


def test_method_terms_appear_only_after_their_plain_label():
    found = [
        f"{where}: {text} -> {problems}"
        for where, text in participant_texts()
        if (problems := term_problems(text))
    ]
    assert found == [], "\n".join(found)


def test_the_live_views_name_method_terms_only_after_their_plain_label():
    """A label in a card editor or a heading on the big screen is read by participants too: a
    term of the method is small print after the plain words, and explained on tap (termHelp)."""
    texts = live_view_texts()
    assert len(texts) > 300 and any("step-5.js" in where for where, _ in texts)
    found = [
        f"{where}: {text} -> {problems}"
        for where, text in texts
        if (problems := term_problems(text))
    ]
    assert found == [], "\n".join(found)


def test_the_score_and_the_term_rule_tell_plain_from_hard():
    plain = "Schrijf je problemen op post-its. Kies daarna de belangrijkste."
    hard = (
        "Rangschik de oplossingskaarten op probleemoplossend vermogen per probleemeigenaar, "
        "meerkosten en overige maatschappelijke effecten ten opzichte van het basisalternatief."
    )
    assert scored(plain) >= THRESHOLD > scored(hard)
    assert term_problems("Vergelijk met het basisalternatief.") != []
    assert (
        term_problems("Vergelijk met wat er gebeurt zonder nieuw plan (het basisalternatief).")
        == []
    )
    assert term_problems("Het basisalternatief (zonder nieuw plan).") != []
    assert term_problems("Consensusvolgorde (Kemeny–Young)") != []
