"""The Dutch catalogues are complete: every message translated, none fuzzy, all valid.

``make messages`` brings new source strings into the catalogues; this test then fails until
each has its Dutch text (decision 0005: Dutch first).
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "locale" / "nl" / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.name)
def test_every_dutch_message_is_translated(po):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext is required (scripts/setup.sh installs it)"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages?\.", stats), stats


def test_both_catalogues_exist():
    assert {p.name for p in CATALOGUES} == {"django.po", "djangojs.po"}
