"""Every appraisal becomes a series of its two work sessions (wijktafel.series).

The participants of session I become the people of the series. A participant of session II is
the same person when exactly one person of session I has the same name and organisation
(ignoring case and spaces) and no other participant of session II claims them; everyone else
becomes a person of their own, which the facilitator can merge on the series page.
"""

import django.db.models.deletion
from django.db import migrations, models


def _key(participant) -> tuple[str, str]:
    return (
        " ".join(participant.display_name.split()).casefold(),
        " ".join(participant.organisation_name.split()).casefold(),
    )


def to_series(apps, schema_editor):
    Appraisal = apps.get_model("appraisals", "Appraisal")
    Series = apps.get_model("series", "Series")
    SeriesSession = apps.get_model("series", "SeriesSession")
    Person = apps.get_model("series", "Person")
    Attendance = apps.get_model("series", "Attendance")
    Participant = apps.get_model("workshops", "Participant")
    for appraisal in Appraisal.objects.filter(series__isnull=True).order_by("pk"):
        series = Series.objects.create(
            organisation_id=appraisal.organisation_id,
            title=appraisal.title,
            method="afwegen",  # models.METHOD_KEY
            created_by_id=appraisal.created_by_id,
        )
        appraisal.series = series
        appraisal.save(update_fields=["series"])
        by_key: dict[tuple[str, str], list] = {}
        for position, workshop_id in ((1, appraisal.session_one_id), (2, appraisal.session_two_id)):
            if workshop_id is None:
                continue
            if SeriesSession.objects.filter(workshop_id=workshop_id).exists():
                continue  # cannot happen: a session belongs to one appraisal
            SeriesSession.objects.create(series=series, workshop_id=workshop_id, position=position)
            participants = list(Participant.objects.filter(workshop_id=workshop_id).order_by("pk"))
            keys = [_key(p) for p in participants]
            for participant, key in zip(participants, keys):
                earlier = by_key.get(key, [])
                if position == 2 and len(earlier) == 1 and keys.count(key) == 1:
                    person = earlier[0]
                else:
                    person = Person.objects.create(
                        series=series,
                        display_name=participant.display_name,
                        organisation_name=participant.organisation_name,
                        kind=participant.kind,
                    )
                    if position == 1:
                        by_key.setdefault(key, []).append(person)
                Attendance.objects.create(
                    person=person, participant=participant, workshop_id=workshop_id
                )


def from_series(apps, schema_editor):
    Appraisal = apps.get_model("appraisals", "Appraisal")
    Series = apps.get_model("series", "Series")
    ids = list(Appraisal.objects.filter(series__isnull=False).values_list("series_id", flat=True))
    Appraisal.objects.update(series=None)
    Series.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appraisals", "0006_actions_into_the_register"),
        ("series", "0001_initial"),
        ("workshops", "0004_participant_kind_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="appraisal",
            name="series",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="appraisal",
                to="series.series",
            ),
        ),
        migrations.RunPython(to_series, from_series),
    ]
