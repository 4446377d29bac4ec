"""Every write of areas: importing a municipality's gemeente, wijken and buurten."""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils.translation import gettext as _

from wijktafel.core.errors import Invalid

from .models import Area

# The demo data set shipped in wijktafel/neighbourhoods/data (a copy of the team's shared/data; see its
# README.md for source, licence CC BY 4.0 and attribution): Den Helder, CBS vintage 2022.
DEMO_YEAR = 2022
DEMO_FILES = {
    "areas_csv": "den_helder_gebieden_{year}.csv",
    "districts_geojson": "den_helder_wijken_{year}.geojson",
    "neighbourhoods_geojson": "den_helder_buurten_{year}.geojson",
}


@dataclass
class AreaImport:
    """What an import did, per area code."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    without_boundary: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def default_data_dir() -> Path:
    """The folder with the demo boundary files: $WIJKTAFEL_DATA_DIR or the shipped copy."""
    configured = os.environ.get("WIJKTAFEL_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent / "data"


def demo_files(data_dir: Path, *, year: int = DEMO_YEAR) -> dict[str, Path]:
    """The three demo files in ``data_dir``, as keyword arguments for ``areas_import_geojson``."""
    files = {
        name: Path(data_dir) / pattern.format(year=year) for name, pattern in DEMO_FILES.items()
    }
    for path in files.values():
        if not path.is_file():
            raise Invalid(
                _("The area file %(path)s does not exist.") % {"path": path}, field="data_dir"
            )
    return files


def to_multipolygon(geometry: GEOSGeometry) -> tuple[MultiPolygon, bool]:
    """A valid MultiPolygon for a (Multi)Polygon, and whether it had to be repaired."""
    # make_valid returns a valid geometry unchanged; asking ``.valid`` first would log a
    # GEOS notice for every known defect of the source files.
    fixed = geometry.make_valid()
    repaired = not (fixed.geom_type == geometry.geom_type and fixed.equals_exact(geometry, 0))
    if repaired:
        # make_valid keeps every part of a self-intersecting ring, but may add lines or
        # points next to the polygons; keep only the polygons.
        polygons = _polygons(fixed)
        if not polygons:
            polygons = _polygons(geometry.buffer(0))
        geometry = MultiPolygon(polygons, srid=geometry.srid)
    if isinstance(geometry, Polygon):
        geometry = MultiPolygon(geometry, srid=geometry.srid)
    if not isinstance(geometry, MultiPolygon) or geometry.empty or not geometry.valid:
        raise Invalid(_("A boundary is not a valid polygon."), field="geometry")
    return geometry, repaired


def _polygons(geometry: GEOSGeometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.empty else []
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        found: list[Polygon] = []
        for part in geometry:
            found.extend(_polygons(part))
        return found
    return []


def _read_features(path: Path, *, level: str, year: int) -> dict[str, dict]:
    """The features of a CBS GeoJSON file by code, checked against the expected level and year."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError):
        raise Invalid(_("The file %(path)s is not GeoJSON.") % {"path": path}) from None
    by_code: dict[str, dict] = {}
    for feature in features:
        props = feature.get("properties") or {}
        code = props.get("statcode") or feature.get("id")
        if not code or props.get("rubriek") != level:
            raise Invalid(
                _("The file %(path)s has an area that is not a %(level)s.")
                % {"path": path, "level": level}
            )
        if props.get("jrstatcode") not in (None, f"{year}{code}"):
            raise Invalid(
                _("Area %(code)s in %(path)s is not from %(year)s.")
                % {"code": code, "path": path, "year": year}
            )
        by_code[code] = feature
    return by_code


def _geometry(feature: dict | None, code: str) -> tuple[MultiPolygon | None, bool]:
    if feature is None or feature.get("geometry") is None:
        return None, False
    try:
        geometry = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
    except (GEOSException, ValueError, TypeError):
        raise Invalid(
            _("Area %(code)s has a geometry that cannot be read.") % {"code": code}
        ) from None
    return to_multipolygon(geometry)


def _same_boundary(a: MultiPolygon | None, b: MultiPolygon | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.equals_exact(b, tolerance=1e-9)


def areas_import_geojson(
    *,
    organisation,
    areas_csv: Path,
    districts_geojson: Path,
    neighbourhoods_geojson: Path,
    year: int,
) -> AreaImport:
    """Create or update an organisation's gemeente, wijken and buurten of one CBS year.

    The CSV lists the areas (``rubriek, statcode, statnaam, wijkcode, ...``); the two
    GeoJSON files give the wijk and buurt boundaries. The gemeente's boundary is the
    union of its wijken. Invalid rings are repaired; a missing geometry stores an
    area without a boundary. Rows are keyed on (organisation, code, year), so a second
    run with the same files changes nothing. All or nothing, in one transaction.
    """
    try:
        with open(areas_csv, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        raise Invalid(_("The file %(path)s cannot be read.") % {"path": areas_csv}) from None
    required = {"rubriek", "statcode", "statnaam", "wijkcode"}
    if not rows or not required <= set(rows[0]):
        raise Invalid(_("The file %(path)s is not a list of areas.") % {"path": areas_csv})

    districts = _read_features(districts_geojson, level=Area.Level.DISTRICT, year=year)
    neighbourhoods = _read_features(
        neighbourhoods_geojson, level=Area.Level.NEIGHBOURHOOD, year=year
    )
    by_level: dict[str, list[dict]] = {level: [] for level in Area.Level.values}
    for row in rows:
        if row["rubriek"] not in by_level:
            raise Invalid(_("Area %(code)s has an unknown level.") % {"code": row["statcode"]})
        by_level[row["rubriek"]].append(row)
    if len(by_level[Area.Level.MUNICIPALITY]) != 1:
        raise Invalid(_("The list of areas must have exactly one municipality."))
    listed = {row["statcode"] for row in rows}
    unlisted = (set(districts) | set(neighbourhoods)) - listed
    if unlisted:
        raise Invalid(
            _("These areas have a boundary but are not in the list: %(codes)s.")
            % {"codes": ", ".join(sorted(unlisted))}
        )

    result = AreaImport()

    def save(
        *, code: str, name: str, level: str, parent: Area | None, boundary: MultiPolygon | None
    ) -> Area:
        values = {"name": name, "level": level, "parent": parent, "boundary": boundary}
        area = Area.objects.filter(organisation=organisation, code=code, year=year).first()
        if area is None:
            area = Area.objects.create(organisation=organisation, code=code, year=year, **values)
            result.created.append(code)
        else:
            changed = [
                name_ for name_ in ("name", "level") if getattr(area, name_) != values[name_]
            ]
            if area.parent_id != (parent.pk if parent is not None else None):
                changed.append("parent")
            if not _same_boundary(area.boundary, boundary):
                changed.append("boundary")
            if changed:
                for name_ in changed:
                    setattr(area, name_, values[name_])
                area.save(update_fields=changed)
                result.updated.append(code)
            else:
                result.unchanged.append(code)
        if boundary is None:
            result.without_boundary.append(code)
        return area

    with transaction.atomic():
        municipality_row = by_level[Area.Level.MUNICIPALITY][0]
        district_areas: dict[str, Area] = {}
        district_shapes: list[Polygon] = []
        prepared = []
        for row in by_level[Area.Level.DISTRICT]:
            code = row["statcode"]
            boundary, repaired = _geometry(districts.get(code), code)
            if repaired:
                result.repaired.append(code)
            if boundary is not None:
                district_shapes.extend(boundary)
            prepared.append((row, boundary))

        municipality_boundary = None
        if district_shapes:
            union = MultiPolygon(district_shapes, srid=4326).unary_union
            municipality_boundary, _repaired = to_multipolygon(union)
        municipality = save(
            code=municipality_row["statcode"],
            name=municipality_row["statnaam"],
            level=Area.Level.MUNICIPALITY,
            parent=None,
            boundary=municipality_boundary,
        )

        for row, boundary in prepared:
            district_areas[row["statcode"]] = save(
                code=row["statcode"],
                name=row["statnaam"],
                level=Area.Level.DISTRICT,
                parent=municipality,
                boundary=boundary,
            )

        for row in by_level[Area.Level.NEIGHBOURHOOD]:
            code = row["statcode"]
            parent = district_areas.get(row["wijkcode"])
            if parent is None:
                raise Invalid(
                    _("Buurt %(code)s belongs to wijk %(wijk)s, which is not in the list.")
                    % {"code": code, "wijk": row["wijkcode"]}
                )
            boundary, repaired = _geometry(neighbourhoods.get(code), code)
            if repaired:
                result.repaired.append(code)
            save(
                code=code,
                name=row["statnaam"],
                level=Area.Level.NEIGHBOURHOOD,
                parent=parent,
                boundary=boundary,
            )
    return result
