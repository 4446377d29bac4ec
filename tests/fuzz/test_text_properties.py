"""B1: property tests of text normalisation and of rendering user text (docs/reliability.md §3.4).

Every property runs with the hypothesis profile of tests/conftest.py ("ci": 300 examples,
derandomized). The text strategy draws from every Unicode category, lone surrogates included,
and mixes in the characters that cause trouble (controls, bidi controls, NUL, line breaks).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import json_script
from hypothesis import assume, example, given
from hypothesis import strategies as st

from wijktafel.core.errors import Invalid
from wijktafel.core.text import clean_text
from wijktafel.workshops.forms import AgendaItemForm, JoinCodeForm, JoinNameForm


def unstorable_char(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
SPECIAL = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\v",
    "\f",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
    "\ud800",
    "\udfff",
    *sorted(BIDI_CONTROLS),
    "\u0301",
    "\u0308",
    "\u05b4",
    "e\u0301",
    "\u212b",
    "\u0344",
    "\ufb2c",
    " ",
    "\u00a0",
    "\u3000",
    "<",
    ">",
    "&",
    '"',
    "'",
    "`",
    "{{",
    "}}",
    "{%",
    "</script>",
    "\U0001f469\u200d\U0001f692",
]
STORABLE_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from([s for s in SPECIAL if not unstorable_char(s)]),
    ),
    max_size=80,
).map("".join)
# Every category, surrogates (Cs) included: exclude_categories=() switches off hypothesis' default.
ANY_CHAR = st.characters(exclude_categories=())
TEXT = st.lists(st.one_of(ANY_CHAR, st.sampled_from(SPECIAL)), max_size=120).map("".join)
CLEAN_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cc")),
        st.sampled_from([s for s in SPECIAL if s not in ("\x00", "\ud800", "\udfff")]),
    ),
    max_size=60,
).map("".join)


@dataclass(frozen=True)
class Spec:
    """One place people type text, with the limits its service passes to clean_text."""

    name: str
    max_length: int
    required: bool = True
    multiline: bool = False
    is_name: bool = False


# The real call sites (wijktafel/*/services.py); test_every_call_site_is_listed keeps this honest.
SPECS = [
    Spec("postit text", 280),
    Spec("postit why", 500, required=False, multiline=True),
    Spec("column title", 80),
    Spec("park note", 300, required=False),
    Spec("workshop title", 200),
    Spec("agenda title", 200),
    Spec("agenda instruction", 2000, required=False, multiline=True),
    Spec("agenda expected output", 300, required=False),
    Spec("display name", 60, is_name=True),
    Spec("organisation", 100, required=False, is_name=True),
    Spec("role", 100, required=False, is_name=True),
    Spec("sticker vote title", 120),
    Spec("short field", 5),  # a small limit so the length rule is hit often
]


def clean(value, spec: Spec, **overrides):
    kwargs = {
        "max_length": spec.max_length,
        "required": spec.required,
        "multiline": spec.multiline,
        **overrides,
    }
    return clean_text(value, field="f", label="Veld", **kwargs)


def unstorable(text: str) -> bool:
    return "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def has_glyph(text: str) -> bool:
    """Something that shows: not only controls, format characters, spaces or combining marks."""
    return any(
        unicodedata.category(ch) not in {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Mc", "Me"}
        for ch in text
    )


def visible_invariants(out: str, spec: Spec) -> None:
    assert unicodedata.is_normalized("NFC", out)
    allowed = {"\n", "\t"} if spec.multiline else set()
    assert not [ch for ch in out if unicodedata.category(ch) == "Cc" and ch not in allowed], repr(
        out
    )
    assert not BIDI_CONTROLS & set(out), repr(out)
    assert not unstorable(out)
    assert len(out) <= spec.max_length
    assert out == out.strip()
    if not spec.multiline:
        assert "\n" not in out and "\t" not in out
        assert "  " not in out
    if spec.required:
        assert has_glyph(out), "a required text must show something"


@given(text=TEXT, spec=st.sampled_from(SPECS))
@example(text="cafe\u0301", spec=SPECS[0])
@example(text="a\u202eb\u2066c", spec=SPECS[8])
@example(text="x\r\ny\x85z", spec=SPECS[1])
@example(text="\u200b\u200d\u0301", spec=SPECS[8])
def test_any_text_is_refused_for_a_reason_or_comes_out_clean(text, spec):
    try:
        out = clean(text, spec)
    except Invalid as refusal:
        assert refusal.field == "f" and str(refusal.message)
        if unstorable(text):
            return
        # Not NUL or a surrogate: then the only reasons are "empty" and "too long".
        relaxed = clean(text, spec, max_length=10**6, required=False)
        assert (spec.required and not has_glyph(relaxed)) or len(relaxed) > spec.max_length, (
            text,
            relaxed,
        )
        return
    assert not unstorable(text), "NUL or a lone surrogate must be refused, not cleaned away"
    visible_invariants(out, spec)
    # Idempotent: cleaning the stored text again changes nothing (edits round-trip).
    assert clean(out, spec) == out


@given(
    prefix=CLEAN_TEXT,
    bad=st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff"]),
    suffix=CLEAN_TEXT,
    spec=st.sampled_from(SPECS),
)
def test_nul_and_lone_surrogates_are_always_refused(prefix, bad, suffix, spec):
    with translation.override("en"), pytest.raises(Invalid) as refusal:
        clean(prefix + bad + suffix, spec)
    assert "contains characters we cannot store" in str(refusal.value.message)


@given(
    value=st.one_of(
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.binary(),
        st.lists(st.text(max_size=3), max_size=3),
        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    ),
    spec=st.sampled_from(SPECS),
)
def test_values_that_are_not_text_are_refused(value, spec):
    with pytest.raises(Invalid) as refusal:
        clean(value, spec)
    assert refusal.value.field == "f"


@given(text=CLEAN_TEXT, spec=st.sampled_from(SPECS))
def test_names_never_keep_bidi_overrides_or_isolates(text, spec):
    """Even when every other character is kept, the bidi controls go (B1/B8 names)."""
    sneaky = "".join(ch + "\u202e" + "\u2067" for ch in text) + "\u202d\u2069"
    try:
        out = clean(sneaky, spec)
    except Invalid:
        assume(False)
    assert not BIDI_CONTROLS & set(out)
    assert out == clean(text, spec)


# --- Rendering -----------------------------------------------------------------------------------

TEXT_CONTEXT = Template("<p>{{ value }}</p>")
ATTRIBUTE_CONTEXT = Template("<input value=\"{{ value }}\" title='{{ value }}'>")
ESCAPED = re.compile(r"[<>\"']")


@given(value=TEXT)
@example(value="<script>alert(1)</script>")
@example(value='"><svg onload=alert(1)>')
@example(value="{{ 7*7 }}{% debug %}")
def test_template_output_of_any_text_has_no_markup_of_its_own(value):
    for template, start, end in ((TEXT_CONTEXT, "<p>", "</p>"),):
        out = template.render(Context({"value": value}))
        assert out.startswith(start) and out.endswith(end)
        inner = out[len(start) : -len(end)]
        assert not ESCAPED.search(inner), inner
        assert html.unescape(inner) == value
    out = ATTRIBUTE_CONTEXT.render(Context({"value": value}))
    assert (
        out.count("<") == 1 and out.count(">") == 1 and out.count('"') == 2 and out.count("'") == 2
    )


@given(
    value=st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), STORABLE_TEXT),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(STORABLE_TEXT, inner, max_size=4)
        ),
        max_leaves=12,
    )
)
@example(value={"title": "</script><script>window.__xss=1</script>", "x": "<!--"})
def test_json_script_keeps_any_value_inside_its_script_element(value):
    """The live pages ship their snapshot with json_script: no text may end the element early.
    (Stored text has no lone surrogates, clean_text refuses them, so none are drawn here.)"""
    out = str(json_script(value, "live-snapshot"))
    start = '<script id="live-snapshot" type="application/json">'
    assert out.startswith(start) and out.endswith("</script>")
    inner = out[len(start) : -len("</script>")]
    assert "<" not in inner and ">" not in inner
    assert json.loads(inner) == value


def count_markup(html_text: str) -> tuple[int, int]:
    return html_text.count("<"), html_text.count(">")


@given(name=TEXT, organisation=TEXT, role=TEXT)
def test_the_join_form_renders_posted_text_as_text(name, organisation, role):
    """The bound join form (as shown after a refusal) has exactly the markup of a harmless one."""
    form = JoinNameForm(
        {"display_name": name, "organisation_name": organisation, "role_text": role}
    )
    harmless = JoinNameForm({"display_name": "x", "organisation_name": "x", "role_text": "x"})
    form.is_valid(), harmless.is_valid()
    for field in ("display_name", "organisation_name", "role_text"):
        rendered, plain = str(form[field].as_field_group()), str(harmless[field].as_field_group())
        if form.errors.get(field):  # the error block adds its own (constant) markup
            continue
        assert count_markup(rendered) == count_markup(plain), rendered


@given(title=TEXT, instruction=TEXT, minutes=TEXT)
def test_the_agenda_and_code_forms_render_posted_text_as_text(title, instruction, minutes):
    form = AgendaItemForm(
        {
            "title": title,
            "instruction": instruction,
            "duration_minutes": minutes,
            "work_form": title,
            "activity": minutes,
        }
    )
    code = JoinCodeForm({"code": title})
    form.is_valid(), code.is_valid()
    for bound in (form["title"], form["instruction"], code["code"]):
        rendered = str(bound.as_widget())
        plain = str(type(bound.form)({bound.name: "x"})[bound.name].as_widget())
        assert count_markup(rendered) == count_markup(plain), rendered


def test_every_call_site_is_listed():
    """A new clean_text call site with other limits must be added to SPECS."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "wijktafel"
    limits = set()
    for path in root.rglob("*.py"):
        for call in re.finditer(r"clean_text\((.*?)\)\n", path.read_text(), re.S):
            found = re.search(r"max_length=(\d+|LIMITS\[\"(\w+)\"\])", call.group(1))
            if found:
                limits.add(int(found.group(1)) if found.group(1).isdigit() else found.group(2))
    from django.conf import settings

    known = {s.max_length for s in SPECS}
    for limit in limits:
        value = settings.WIJKTAFEL[limit] if isinstance(limit, str) else limit
        assert value in known, f"clean_text call with max_length {limit} is not in SPECS"
