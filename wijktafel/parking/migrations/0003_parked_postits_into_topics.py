"""Every post-it already parked on a wall becomes a parked topic of its session (issue 10).

Its text, its note as the reason, its author as who raised it; the agenda item it was parked in
was never kept, so it stays empty. In a session of Afwegen with a step 4 on its agenda the
step 4 screen has always offered the parked post-its as ideas: they are solution ideas that come
back at step 4 (METHODS.md A1, §2.7)."""

from django.db import migrations

AFWEGEN = "afwegen"
SOLUTION_STEP = 4


def forwards(apps, schema_editor):
    Postit = apps.get_model("activities", "Postit")
    ParkedTopic = apps.get_model("parking", "ParkedTopic")
    AgendaItem = apps.get_model("workshops", "AgendaItem")
    with_step_4 = set(
        AgendaItem.objects.filter(workshop__method=AFWEGEN, step=SOLUTION_STEP).values_list(
            "workshop_id", flat=True
        )
    )
    for postit in Postit.objects.filter(parked=True, parked_topic__isnull=True).order_by("pk"):
        idea = postit.workshop_id in with_step_4
        ParkedTopic.objects.create(
            workshop_id=postit.workshop_id,
            postit=postit,
            text=postit.text[:300],
            reason=postit.parked_note,
            kind="solution_idea" if idea else "topic",
            status="parked",
            raised_by_id=postit.author_id,
            return_at_step=SOLUTION_STEP if idea else None,
        )


def backwards(apps, schema_editor):
    # The post-its keep their flag and note: the topics made from them go.
    apps.get_model("parking", "ParkedTopic").objects.filter(postit__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parking", "0002_parked_postits"),
        ("workshops", "0002_workshop_method"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
