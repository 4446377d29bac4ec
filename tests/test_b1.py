"""Plain Dutch (B1) for what participants read: the titles and instructions of every agenda
template and the texts of every method step (title, task, assignment, what it works with).

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


def participant_texts() -> list[tuple[str, str]]:
    """(where, Dutch text) of everything the checks read."""
    texts = []
    with translation.override("nl"):
        for template in seam.templates():
            for item in template.items:
                texts.append((f"{template.key} title", str(item.title)))
                if str(item.instruction):
                    texts.append((f"{template.key}: {item.title}", str(item.instruction)))
    catalogue = gettext.translation("djangojs", localedir=ROOT / "locale", languages=["nl"])
    for script in sorted(ROOT.glob("wijktafel/*/static/*/js/steps.js")):
        for kind, msgid in STEP_TEXT.findall(script.read_text()):
            where = f"{script.relative_to(ROOT)} {kind}"
            texts.append((where, catalogue.gettext(msgid.encode().decode("unicode_escape"))))
    return texts


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
