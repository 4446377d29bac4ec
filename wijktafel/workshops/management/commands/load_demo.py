"""Load a demo for a local instance: an organisation, a facilitator, Den Helder's areas and a
session; every method adds its own demo to it (``seam.Method.demo``: the session runs the first
method's template, and that method builds what belongs to it).

Running it again keeps what is there (the demo session, its code, its post-its) and
prints the same login and join link. The organisation and the account are seed data
without a service of their own; the areas, the session and its columns go through
their services like any other write.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wijktafel.accounts.models import Organisation, User
from wijktafel.core.errors import Refused
from wijktafel.neighbourhoods import services as neighbourhoods
from wijktafel.neighbourhoods.models import Area
from wijktafel.workshops import codes, seam, services
from wijktafel.workshops.agenda_templates import PLAIN_TEMPLATES
from wijktafel.workshops.models import Workshop

ORGANISATION_NAME = "Gemeente Den Helder (demo)"
ORGANISATION_SLUG = "demo-den-helder"
FACILITATOR_EMAIL = "demo@wijktafel.example"
# A fixed, documented password so the demo works out of the box. Local use only.
FACILITATOR_PASSWORD = "wijktafel-demo"
WORKSHOP_TITLE = "Wijksessie Nieuw Den Helder"
WORKSHOP_DISTRICT = "Nieuw Den Helder"
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def tomorrow_at_nine() -> dt.datetime:
    """09:00 Amsterdam time on the day after today (in Amsterdam)."""
    today = timezone.now().astimezone(LOCAL_TIME).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 0), tzinfo=LOCAL_TIME)


class Command(BaseCommand):
    help = (
        "Load the demo: an organisation, a facilitator account, the areas of Den Helder and one "
        "prepared session. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            default=None,
            help="Folder with the boundary files (default: $WIJKTAFEL_DATA_DIR "
            "or the data shipped in wijktafel/neighbourhoods/data).",
        )

    def handle(self, *args, **options):
        try:
            organisation, facilitator = self.ensure_accounts()
            self.load_areas(organisation, options["data_dir"])
            workshop = self.ensure_workshop(organisation, facilitator)
            links = [
                link
                for method in seam.methods()
                if method.demo is not None
                for link in method.demo.build(
                    organisation=organisation,
                    facilitator=facilitator,
                    workshop=workshop,
                    stdout=self.stdout,
                )
            ]
        except Refused as refusal:
            raise CommandError(str(refusal.message)) from None
        self.print_welcome(workshop, links)

    def ensure_accounts(self) -> tuple[Organisation, User]:
        with transaction.atomic():
            organisation, _ = Organisation.objects.get_or_create(
                slug=ORGANISATION_SLUG, defaults={"name": ORGANISATION_NAME}
            )
            user = User.objects.filter(email=FACILITATOR_EMAIL).first()
            if user is None:
                user = User.objects.create_user(
                    FACILITATOR_EMAIL,
                    FACILITATOR_PASSWORD,
                    organisation=organisation,
                    first_name="Demo",
                    last_name="Begeleider",
                    role=User.Role.FACILITATOR,
                )
            else:
                # Keep the account, but make sure the printed login works.
                changed = []
                if user.organisation_id != organisation.pk:
                    user.organisation = organisation
                    changed.append("organisation")
                if not user.is_active:
                    user.is_active = True
                    changed.append("is_active")
                if user.role not in (User.Role.FACILITATOR, User.Role.ORG_ADMIN):
                    user.role = User.Role.FACILITATOR
                    changed.append("role")
                if not user.check_password(FACILITATOR_PASSWORD):
                    user.set_password(FACILITATOR_PASSWORD)
                    changed.append("password")
                if changed:
                    user.save(update_fields=changed)
        return organisation, user

    def load_areas(self, organisation: Organisation, data_dir) -> None:
        data_dir = data_dir or neighbourhoods.default_data_dir()
        result = neighbourhoods.areas_import_geojson(
            organisation=organisation,
            year=neighbourhoods.DEMO_YEAR,
            **neighbourhoods.demo_files(data_dir, year=neighbourhoods.DEMO_YEAR),
        )
        self.stdout.write(
            f"Areas of Den Helder: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged."
        )

    def ensure_workshop(self, organisation: Organisation, facilitator: User) -> Workshop:
        existing = (
            Workshop.objects.filter(organisation=organisation, title=WORKSHOP_TITLE)
            .exclude(status=Workshop.Status.ENDED)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            self.stdout.write(f"The demo session already exists (#{existing.pk}); kept as it is.")
            return existing
        districts = Area.objects.filter(organisation=organisation, level=Area.Level.DISTRICT)
        district = (
            districts.filter(name__icontains=WORKSHOP_DISTRICT).order_by("code").first()
            or districts.order_by("code").first()
        )
        template = next(
            (m.demo.template for m in seam.methods() if m.demo is not None), PLAIN_TEMPLATES[0].key
        )
        workshop = services.workshop_create(
            user=facilitator,
            title=WORKSHOP_TITLE,
            template_key=template,
            planned_start=tomorrow_at_nine(),
            area=district,
        )
        self.stdout.write(f"Created the demo session #{workshop.pk}.")
        return workshop

    def print_welcome(self, workshop: Workshop, links: list[tuple[str, str]]) -> None:
        site = settings.SITE_URL
        code = codes.display_code(services.join_code(workshop))
        qr_url = site + reverse("workshops:join_qr", args=[services.join_token(workshop)])
        lines = [
            "",
            "=" * 64,
            f"Wijktafel is ready at {site}/",
            "",
            "Log in as the facilitator:",
            f"  e-mail:    {FACILITATOR_EMAIL}",
            f"  password:  {FACILITATOR_PASSWORD}",
            f"  console:   {site}{reverse('workshops:console', args=[workshop.pk])}",
            f"  screen:    {site}{reverse('workshops:screen', args=[workshop.pk])}",
            *(f"  {label + ':':<10} {site}{path}" for label, path in links),
            "",
            f'Join "{workshop.title}" as a participant (on a phone or another browser):',
            f"  go to {site}{reverse('workshops:join')} and type the code {code}",
            f"  or open the QR link {qr_url}",
        ]
        if not workshop.joining_open:
            lines.append("  (joining is closed now; open it again in the console)")
        lines.append("=" * 64)
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            self.style.WARNING(
                "Warning: the demo password is public. This demo is for local use only; "
                "never run it on a server that others can reach."
            )
        )
