"""Afwegen's actions move into the register of agreements (issue 10), then the Action model goes.

Each action becomes an Agreement with origin "appraisal" in a session of its appraisal (session
II for what came up from step 5 on, on a card or at the choice, when there is one; otherwise the
session there is): title -> description, who -> owner_names, kind, due date, status, source, and
a thing to investigate on a card is linked to its solution. An action of an appraisal with no
session left has no session to live in and cannot be kept (there is none in practice: every op
runs in a session)."""

from django.db import migrations

ORIGIN = "appraisal"
LATE = {"step5", "step6", "step7", "step8", "choice", "card"}


def forwards(apps, schema_editor):
    Action = apps.get_model("appraisals", "Action")
    Agreement = apps.get_model("agreements", "Agreement")
    for action in Action.objects.select_related("appraisal", "card__solution").order_by("pk"):
        appraisal = action.appraisal
        late = action.card_id is not None or action.source in LATE
        first, second = appraisal.session_one_id, appraisal.session_two_id
        workshop_id = (second or first) if late else (first or second)
        if workshop_id is None:
            continue
        solution = action.card.solution if action.card_id else None
        Agreement.objects.create(
            workshop_id=workshop_id,
            origin=ORIGIN,
            kind=action.kind,
            description=action.title,
            owner_names=action.owner_name,
            due_date=action.due_date,
            status=action.status,
            source=action.source,
            link_kind="solution" if solution else "",
            link_id=solution.pk if solution else None,
            link_label=solution.title[:200] if solution else "",
        )


def backwards(apps, schema_editor):
    Action = apps.get_model("appraisals", "Action")
    Appraisal = apps.get_model("appraisals", "Appraisal")
    SolutionCard = apps.get_model("appraisals", "SolutionCard")
    Agreement = apps.get_model("agreements", "Agreement")
    moved = Agreement.objects.filter(origin=ORIGIN).order_by("pk")
    for agreement in moved:
        appraisal = (
            Appraisal.objects.filter(session_one_id=agreement.workshop_id).first()
            or Appraisal.objects.filter(session_two_id=agreement.workshop_id).first()
        )
        if appraisal is None:
            continue
        card = None
        if agreement.link_kind == "solution" and agreement.link_id:
            card = SolutionCard.objects.filter(solution_id=agreement.link_id).first()
        Action.objects.create(
            appraisal=appraisal,
            title=agreement.description[:300],
            owner_name=agreement.owner_names[:100],
            due_date=agreement.due_date,
            kind=agreement.kind
            if agreement.kind in ("work_agreement", "research_task", "follow_up")
            else "follow_up",
            source=agreement.source,
            card=card,
            status=agreement.status,
        )
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0005_remove_problem_mark"),
        ("agreements", "0002_source_and_origin"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="Action"),
    ]
