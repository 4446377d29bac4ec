"""Load the Den Helder demo areas (gemeente, wijken, buurten) for an organisation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijktafel.accounts.models import Organisation
from wijktafel.core.errors import Refused
from wijktafel.neighbourhoods import services


class Command(BaseCommand):
    help = (
        "Load the gemeente Den Helder with its wijken and buurten (CBS 2022, real boundaries) "
        "for an organisation. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            required=True,
            metavar="SLUG",
            help="Slug of the organisation that owns the areas.",
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            metavar="PATH",
            help="Folder with the boundary files (default: $WIJKTAFEL_DATA_DIR "
            "or the data shipped in wijktafel/neighbourhoods/data).",
        )

    def handle(self, *args, **options):
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation with slug {options['organisation']!r}.") from None
        data_dir = options["data_dir"] or services.default_data_dir()
        try:
            result = services.areas_import_geojson(
                organisation=organisation,
                year=services.DEMO_YEAR,
                **services.demo_files(data_dir, year=services.DEMO_YEAR),
            )
        except Refused as refusal:
            raise CommandError(str(refusal.message)) from None
        self.stdout.write(
            f"Areas for {organisation.slug}: {len(result.created)} created, {len(result.updated)} "
            f"updated, {len(result.unchanged)} unchanged ({result.total} in all; without boundary: "
            f"{', '.join(result.without_boundary) or 'none'}; repaired: "
            f"{', '.join(result.repaired) or 'none'})."
        )
