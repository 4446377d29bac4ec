"""Reads of the post-it wall."""

from wijktafel.workshops.models import Workshop

from .models import Column, Postit


def postit_payload(postit: Postit) -> dict:
    """A post-it as every member of the workshop may see it."""
    if postit.author_id:
        author_name = postit.author.display_name if postit.author else ""
    else:
        author_name = ""
    return {
        "id": postit.pk,
        "text": postit.text,
        "why": postit.why,
        "column_id": postit.column_id,
        "position": postit.position,
        "parked": postit.parked,
        "parked_note": postit.parked_note,
        "merged_into_id": postit.merged_into_id,
        "author_id": postit.author_id,
        "author_name": author_name,
        "by_facilitator": postit.author_user_id is not None,
        "version": postit.version,
    }


def column_payload(column: Column) -> dict:
    return {"id": column.pk, "title": column.title, "position": column.position}


def wall_payload(workshop: Workshop) -> dict:
    postits = (
        Postit.objects.filter(workshop=workshop).select_related("author").order_by("position", "pk")
    )
    return {
        "columns": [column_payload(c) for c in workshop.columns.order_by("position", "pk")],
        "postits": [postit_payload(p) for p in postits],
    }
