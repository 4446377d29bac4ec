"""The migrations describe the models exactly (the test database itself is built by them)."""

import io

from django.core.management import call_command


def test_the_models_need_no_new_migration(db):
    out = io.StringIO()
    call_command(
        "makemigrations", "--check", "--dry-run", stdout=out
    )  # exits 1 when one is missing
    assert "No changes detected" in out.getvalue()
