"""Readability of Dutch text: the Flesch–Douma score (Douma 1960, Flesch's reading ease fitted to
Dutch): 206.835 - 0.93 x words per sentence - 77 x syllables per word. 0-30 is very hard,
60-70 fairly easy, 70-80 easy; plain language at B1 asks for short sentences of short words.

Syllables are counted as Dutch vowel groups (aa, ie, oei, ij ... count once; a diaeresis starts a
new one: ideeën has three), which is right for the words of these texts and needs no
dictionary."""

from __future__ import annotations

import re

VOWELS = "aeiouyáéíóúàèâêîôûäëïöü"
# A vowel with a diaeresis (or an acute accent used for stress) after another vowel is a new syllable.
BREAKS = "äëïöü"
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")


def syllables(word: str) -> int:
    """The number of syllables of one Dutch word (at least 1)."""
    word = word.lower().replace("ij", "y")
    count, previous = 0, False
    for char in word:
        vowel = char in VOWELS
        if vowel and (not previous or char in BREAKS):
            count += 1
        previous = vowel
    return max(1, count)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str) -> int:
    """The number of sentences (a colon or semicolon ends one too, as in a list of tasks)."""
    parts = [p for p in SENTENCE_END.split(text.strip()) if words(p)]
    return max(1, len(parts))


def flesch_douma(text: str) -> float:
    found = words(text)
    if not found:
        return 100.0
    per_sentence = len(found) / sentences(text)
    per_word = sum(syllables(w) for w in found) / len(found)
    return 206.835 - 0.93 * per_sentence - 77 * per_word
