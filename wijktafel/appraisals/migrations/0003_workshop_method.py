"""Sessions of an appraisal run the method "afwegen" (Workshop.method, decision 0011): those made
from its templates and those linked to an appraisal as work session I or II."""

from django.db import migrations
from django.db.models import Q

TEMPLATES = ("afwegen-1", "afwegen-2")


def mark_sessions(apps, schema_editor):
    Appraisal = apps.get_model("appraisals", "Appraisal")
    Workshop = apps.get_model("workshops", "Workshop")
    linked = set()
    for one, two in Appraisal.objects.values_list("session_one_id", "session_two_id"):
        linked.update(pk for pk in (one, two) if pk is not None)
    Workshop.objects.filter(Q(template_key__in=TEMPLATES) | Q(pk__in=linked)).update(
        method="afwegen"
    )


def unmark_sessions(apps, schema_editor):
    apps.get_model("workshops", "Workshop").objects.filter(method="afwegen").update(method="")


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0002_pitches"),
        ("workshops", "0002_workshop_method"),
    ]

    operations = [migrations.RunPython(mark_sessions, unmark_sessions)]
