"""Loading Den Helder's gemeente, wijken and buurten with real boundaries into SpatiaLite."""

import csv
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wijktafel.core.errors import Invalid
from wijktafel.neighbourhoods import services
from wijktafel.neighbourhoods.models import Area


def load(org, data_dir=None):
    return services.areas_import_geojson(
        organisation=org,
        year=2022,
        **services.demo_files(data_dir or services.default_data_dir()),
    )


def snapshot(org):
    return [
        (
            a.pk,
            a.code,
            a.year,
            a.name,
            a.level,
            a.parent_id,
            a.boundary.wkb.hex() if a.boundary else None,
        )
        for a in Area.objects.filter(organisation=org).order_by("code")
    ]


@pytest.fixture
def areas(org):
    load(org)
    return {a.code: a for a in Area.objects.filter(organisation=org)}


def test_loads_one_gemeente_eight_wijken_and_65_buurten_of_2022(areas):
    levels = sorted(a.level for a in areas.values())
    assert levels.count("gemeente") == 1
    assert levels.count("wijk") == 8
    assert levels.count("buurt") == 65
    assert len(areas) == 74
    assert {a.year for a in areas.values()} == {2022}
    assert areas["GM0400"].name == "Den Helder"
    assert areas["WK040003"].name == "Wijk 03 Nieuw Den Helder-West"
    assert areas["BU04000100"].name == "Marinehaven"


def test_buurten_hang_under_their_wijk_and_wijken_under_the_gemeente(areas):
    gemeente = areas["GM0400"]
    assert gemeente.parent_id is None
    for area in areas.values():
        if area.level == "wijk":
            assert area.parent_id == gemeente.pk
        elif area.level == "buurt":
            assert area.parent_id == areas["WK" + area.code[2:8]].pk
    assert areas["BU04000809"].parent.code == "WK040008"
    assert gemeente.children.count() == 8
    assert (
        areas["WK040001"].children.count()
        == Area.objects.filter(code__startswith="BU040001").count()
    )


def test_73_areas_have_a_valid_multipolygon_boundary_and_the_dropped_buurt_has_none(areas):
    with_boundary = [a for a in areas.values() if a.boundary is not None]
    assert len(with_boundary) == 73
    assert sorted(a.level for a in with_boundary).count("buurt") == 64
    for area in with_boundary:
        assert area.boundary.geom_type == "MultiPolygon", area.code
        assert area.boundary.srid == 4326, area.code
        assert area.boundary.valid, area.code
        assert not area.boundary.empty, area.code
    assert areas["BU04000203"].boundary is None
    assert areas["BU04000203"].name == "Indische buurt-Zuid"


def test_self_intersecting_buurt_is_repaired_keeping_both_parts(areas):
    grachtengordel = areas["BU04000106"].boundary
    assert grachtengordel.valid
    assert grachtengordel.num_geom == 2


def test_gemeente_boundary_is_the_union_of_its_wijken(areas):
    gemeente = areas["GM0400"].boundary
    for area in areas.values():
        if area.level == "wijk":
            assert gemeente.contains(area.boundary.point_on_surface), area.code
    wijken = [a.boundary for a in areas.values() if a.level == "wijk"]
    assert gemeente.area == pytest.approx(sum(w.area for w in wijken), rel=0.05)


def test_a_point_inside_each_buurt_finds_that_buurt_with_a_spatial_query(areas):
    buurten = [a for a in areas.values() if a.level == "buurt" and a.boundary is not None]
    assert len(buurten) == 64
    for buurt in buurten:
        point = buurt.boundary.point_on_surface
        found = Area.objects.filter(boundary__contains=point, level="buurt")
        assert buurt in found, buurt.code
    marinehaven = areas["BU04000100"]
    point = marinehaven.boundary.point_on_surface
    assert list(Area.objects.filter(boundary__contains=point, level="buurt")) == [marinehaven]
    assert set(Area.objects.filter(boundary__contains=point).values_list("code", flat=True)) >= {
        "BU04000100",
        "WK040001",
        "GM0400",
    }


def test_loading_twice_changes_nothing(org):
    first = load(org)
    before = snapshot(org)
    second = load(org)
    assert len(first.created) == 74
    assert (len(second.created), len(second.updated), len(second.unchanged)) == (0, 0, 74)
    assert snapshot(org) == before
    assert Area.objects.count() == 74


def test_loading_fixes_a_changed_area(org):
    load(org)
    Area.objects.filter(organisation=org, code="WK040002").update(name="Wrong", boundary=None)
    result = load(org)
    assert result.updated == ["WK040002"]
    area = Area.objects.get(organisation=org, code="WK040002")
    assert area.name == "Wijk 02 Stad binnen de Linie-West"
    assert area.boundary is not None


def test_each_organisation_gets_its_own_areas(org, other_org):
    load(org)
    load(other_org)
    assert Area.objects.filter(organisation=org).count() == 74
    assert Area.objects.filter(organisation=other_org).count() == 74
    other_buurt = Area.objects.get(organisation=other_org, code="BU04000100")
    assert other_buurt.parent.organisation_id == other_org.pk


def test_a_buurt_with_an_unknown_wijk_rolls_back_the_whole_import(org, tmp_path):
    for path in services.demo_files(services.default_data_dir()).values():
        shutil.copy(path, tmp_path / path.name)
    csv_path = tmp_path / "den_helder_gebieden_2022.csv"
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[-1]["wijkcode"] = "WK049999"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(Invalid) as refusal:
        load(org, tmp_path)
    assert "WK049999" in str(refusal.value.message)
    assert Area.objects.count() == 0


def test_command_loads_areas_for_the_organisation_slug(org):
    out = StringIO()
    call_command("load_areas", "--organisation", org.slug, stdout=out)
    assert Area.objects.filter(organisation=org).count() == 74
    assert "74 created" in out.getvalue()
    assert "without boundary: BU04000203" in out.getvalue()
    assert "repaired: BU04000106" in out.getvalue()


def test_command_reads_the_data_dir_from_the_environment(org, tmp_path, monkeypatch):
    for path in services.demo_files(services.default_data_dir()).values():
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("WIJKTAFEL_DATA_DIR", str(tmp_path))
    assert services.default_data_dir() == tmp_path
    call_command("load_areas", "--organisation", org.slug, stdout=StringIO())
    assert Area.objects.filter(organisation=org).count() == 74


def test_command_refuses_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="No organisation with slug 'nope'"):
        call_command("load_areas", "--organisation", "nope", stdout=StringIO())
    assert Area.objects.count() == 0


def test_command_refuses_a_data_dir_without_the_files(org, tmp_path):
    with pytest.raises(CommandError, match="does not exist|bestaat niet"):
        call_command(
            "load_areas", "--organisation", org.slug, "--data-dir", str(tmp_path), stdout=StringIO()
        )
    assert Area.objects.count() == 0
