"""Areas with their CBS codes and real boundaries."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """A gemeente, wijk or buurt, identified by CBS code and year."""

    class Level(models.TextChoices):
        MUNICIPALITY = "gemeente", _("municipality")
        DISTRICT = "wijk", _("district")
        NEIGHBOURHOOD = "buurt", _("neighbourhood")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="areas"
    )
    code = models.CharField(_("CBS code"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "year"], name="uniq_area_code_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
