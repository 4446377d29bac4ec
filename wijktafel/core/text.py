"""Normalisation of everything people type: one function for forms, API and sockets."""

import unicodedata

from django.utils.translation import gettext as _

from .errors import Invalid

# Bidi embeddings, overrides and isolates: they can disguise text (B1, B8).
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_LINE_BREAKS = {"\n", "\r", "\t", "\v", "\f"}
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Mc", "Me"}  # categories that show no glyph alone
# Letters and symbols that are drawn as blank space: the Hangul fillers and the empty braille cell.
_BLANK_GLYPHS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def shows_nothing(text: str) -> bool:
    """Whether ``text`` renders as nothing: only spaces, zero-width, format or combining
    characters and blank glyphs (an empty text too)."""
    return all(unicodedata.category(ch) in _INVISIBLE or ch in _BLANK_GLYPHS for ch in text)


def clean_text(
    value: object,
    *,
    max_length: int,
    field: str,
    label: str,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Return ``value`` as NFC text without control characters, or raise ``Invalid`` in Dutch."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_("%(label)s must be text.") % {"label": label}, field=field)
    if "\x00" in value or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise Invalid(
            _("%(label)s contains characters we cannot store.") % {"label": label}, field=field
        )
    allowed = {"\n", "\t"} if multiline else set()
    kept = []
    for ch in value.replace("\r\n", "\n"):
        if ch in allowed:
            kept.append(ch)
        elif ch in _LINE_BREAKS:  # a line break in a one-line field separates words
            kept.append(" ")
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) == "Cc":
            continue
        else:
            kept.append(ch)
    text = unicodedata.normalize("NFC", "".join(kept))
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if shows_nothing(text):
        # What shows as nothing is empty (B8): refused where something is needed, "" elsewhere.
        if required:
            raise Invalid(
                _("%(label)s is empty. Please type something.") % {"label": label}, field=field
            )
        return ""
    if len(text) > max_length:
        raise Invalid(
            _("%(label)s is too long: at most %(max)d characters, you typed %(count)d.")
            % {"label": label, "max": max_length, "count": len(text)},
            field=field,
        )
    return text
