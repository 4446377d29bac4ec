"""Each "probleem 1" mark becomes a sticker (decision 0013): in the session's sticker vote that the
appraisal owns (purpose "afwegen.probleem_1", budget 1, cap 1, open for voting), on the choice
that stands for the marked post-it (``Target.ref_id``). Backwards, each such sticker becomes a
mark of the appraisal whose session it is in, and those votes go."""

from django.db import migrations
from django.db.models import Max

PURPOSE = "afwegen.probleem_1"  # models.PROBLEM_1_PURPOSE, frozen here


def marks_to_stickers(apps, schema_editor):
    ProblemMark = apps.get_model("appraisals", "ProblemMark")
    Ballot = apps.get_model("stickers", "Ballot")
    Target = apps.get_model("stickers", "Target")
    Sticker = apps.get_model("stickers", "Sticker")
    for mark in ProblemMark.objects.select_related("postit").order_by("pk"):
        postit = mark.postit
        ballot, _made = Ballot.objects.get_or_create(
            workshop_id=postit.workshop_id,
            purpose=PURPOSE,
            defaults={
                "title": "probleem 1",
                "target_kind": "postit",
                "budget": 1,
                "cap": 1,
                "status": "voting",
            },
        )
        target = Target.objects.filter(ballot=ballot, ref_id=postit.pk).first()
        if target is None:
            top = Target.objects.filter(ballot=ballot).aggregate(m=Max("position"))["m"]
            target = Target.objects.create(
                ballot=ballot,
                label=postit.text[:200],
                ref_id=postit.pk,
                added_by_id=postit.author_id,
                position=0 if top is None else top + 1,
            )
        sticker = Sticker.objects.create(ballot=ballot, target=target, voter_id=mark.participant_id)
        Sticker.objects.filter(pk=sticker.pk).update(created_at=mark.created_at)


def stickers_to_marks(apps, schema_editor):
    Appraisal = apps.get_model("appraisals", "Appraisal")
    ProblemMark = apps.get_model("appraisals", "ProblemMark")
    Postit = apps.get_model("activities", "Postit")
    Ballot = apps.get_model("stickers", "Ballot")
    Sticker = apps.get_model("stickers", "Sticker")
    stickers = Sticker.objects.filter(ballot__purpose=PURPOSE).select_related("ballot", "target")
    for sticker in stickers.order_by("pk"):
        workshop_id = sticker.ballot.workshop_id
        appraisal = (  # as selectors.appraisal_for_workshop: session I first
            Appraisal.objects.filter(session_one_id=workshop_id).first()
            or Appraisal.objects.filter(session_two_id=workshop_id).first()
        )
        postit_id = sticker.target.ref_id
        if appraisal is None or not Postit.objects.filter(pk=postit_id).exists():
            continue  # a mark needs its appraisal and its post-it; neither can be made up
        mark = ProblemMark.objects.create(
            appraisal=appraisal, participant_id=sticker.voter_id, postit_id=postit_id
        )
        ProblemMark.objects.filter(pk=mark.pk).update(created_at=sticker.created_at)
    Ballot.objects.filter(purpose=PURPOSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0003_workshop_method"),
        ("activities", "0001_initial"),
        ("stickers", "0002_ballot_purpose"),
    ]

    operations = [migrations.RunPython(marks_to_stickers, stickers_to_marks)]
