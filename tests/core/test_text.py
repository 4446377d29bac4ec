import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijktafel.core.errors import Invalid
from wijktafel.core.text import clean_text


def clean(value, **kw):
    return clean_text(value, max_length=kw.pop("max_length", 100), field="f", label="Veld", **kw)


def test_line_breaks_in_a_one_line_field_become_spaces():
    assert clean("zwerf\nvuil\r\nbij\tschool") == "zwerf vuil bij school"


def test_multiline_keeps_lines_and_drops_trailing_space():
    assert clean("eerste  \r\ntweede\n", multiline=True) == "eerste\ntweede"


def test_bidi_overrides_and_controls_are_removed():
    assert clean("Ans\u202e\u2066 \x07de Vries") == "Ans de Vries"


def test_text_is_nfc():
    assert clean("cafe\u0301") == "caf\u00e9"


@pytest.mark.parametrize("value", [None, "", "  \n ", 12, ["a"], "a\x00b", "x\ud800"])
def test_refused_values(value):
    with pytest.raises(Invalid):
        clean(value)


# Text that renders as nothing: zero-width and format characters, combining marks alone, the
# Hangul fillers and the empty braille cell (issue 12: they were stored as invisible post-its).
BLANK = [
    "\u200b\u200d",
    "\u0301",
    "\u3164",
    "\u2800\u2800",
    "\u115f\u1160",
    "\uffa0",
    "\u3000\u2800",
]


@pytest.mark.parametrize("value", BLANK)
def test_text_that_shows_nothing_is_empty(value):
    with pytest.raises(Invalid) as refused:
        clean(value)
    assert "leeg" in str(refused.value.message) or "empty" in str(refused.value.message)
    assert clean(value, required=False) == ""


def test_a_blank_glyph_inside_real_text_stays():
    assert clean("Ja\u3164nee") == "Ja\u3164nee"


def test_too_long_is_refused_with_the_counts():
    with pytest.raises(Invalid) as exc:
        clean("x" * 101)
    assert "100" in str(exc.value.message) and "101" in str(exc.value.message)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_refused_or_comes_out_clean(value):
    try:
        out = clean(value, max_length=10_000)
    except Invalid:
        return
    assert out == unicodedata.normalize("NFC", out)
    assert out == out.strip() and out
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in out)
