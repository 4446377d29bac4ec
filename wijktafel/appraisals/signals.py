"""A deleted post-it takes the "probleem 1" marks on it along, as the foreign key of a mark did.

The marks are stickers whose choice names the post-it by id (``Target.ref_id``), so the database
cannot cascade; this receiver runs inside the transaction of the delete (the post-it op's)."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wijktafel.activities.models import Postit
from wijktafel.stickers.models import Target

from .models import PROBLEM_1_PURPOSE


@receiver(post_delete, sender=Postit, dispatch_uid="appraisals.problem_1.postit_deleted")
def drop_problem_1_marks(sender, instance: Postit, **kwargs) -> None:
    Target.objects.filter(
        ballot__workshop_id=instance.workshop_id,
        ballot__purpose=PROBLEM_1_PURPOSE,
        ref_id=instance.pk,
    ).delete()  # its stickers go with it
