"""Copy the few front-end files we use from node_modules into static/vendor (no bundler)."""

import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FILES = {
    "htmx.org": ["dist/htmx.min.js"],
    "@utrecht/component-library-css": ["dist/index.css"],
    "@nl-design-system-unstable/voorbeeld-design-tokens": ["dist/theme.css"],
}


class Command(BaseCommand):
    help = "Copy pinned front-end files from node_modules to static/vendor/<package>/."

    def handle(self, *args, **options):
        node_modules = Path(settings.BASE_DIR) / "node_modules"
        target_root = Path(settings.BASE_DIR) / "static" / "vendor"
        for package, files in FILES.items():
            package_dir = node_modules / package
            if not (package_dir / "package.json").exists():
                raise CommandError(f"{package} is not installed; run `npm ci` first.")
            version = json.loads((package_dir / "package.json").read_text())["version"]
            for relative in files:
                source = package_dir / relative
                target = target_root / package.lstrip("@").replace("/", "-") / Path(relative).name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            self.stdout.write(f"{package}@{version}", self.style.SUCCESS) if options[
                "verbosity"
            ] > 1 else None
