"""The gazetteer: every region of Indonesia, how people write it, and the common offices."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from vc_sync.domain import build_index, load_domain
from vc_sync.errors import InputError
from vc_sync.matching.names import person_tokens, split_display
from vc_sync.model import Invitee, Roster

CONFIG = Path(__file__).resolve().parent.parent / "config"
AGENCIES = [
    "Bagian Organisasi Setda Kota Magelang",
    "Bagian Organisasi Setda Kabupaten Magelang",
    "Dinas Kesehatan Kota Surakarta",
    "BKPSDM Kabupaten Sleman",
    "Bappeda Kabupaten Banyumas",
    "Inspektorat Provinsi Jawa Tengah",
    "Dinas Pendidikan Kota Jakarta Selatan",
    "Bagian Hukum Setda Kabupaten Bima",
    "Diskominfo Kabupaten Grobogan",
    "DPMPTSP DIY",
    "DPMPTSP Kota Yogyakarta",
    "Dinas Kesehatan Kabupaten Sukoharjo",
    "Inspektorat Kota Gorontalo",
    "Inspektorat Kabupaten Gorontalo",
    "Bagian Hukum Setda Kabupaten Konawe",
    "Bagian Hukum Setda Kabupaten Konawe Selatan",
    "Dinas Kesehatan Kabupaten Tegal",
    "Dinas Kesehatan Kota Tegal",
    "Bagian Hukum Setda Kabupaten Tanjung Jabung Barat",
]
ROSTER = Roster(
    (
        *(Invitee(f"A{i}", a, None) for i, a in enumerate(AGENCIES)),
        Invitee("N1", "BKPSDM Kabupaten Sleman", None, name="Lingga Pratama"),
        Invitee("N2", "Bagian Hukum Setda Kabupaten Bima", None, name="Rahmat Tanjung"),
        Invitee("N3", "Dinas Kesehatan Kabupaten Sukoharjo", None, name="Tegar Wibowo"),
    )
)
INDEX = build_index(ROSTER)


def agencies(display: str) -> list[str]:
    return sorted(INDEX.catalog.hint(split_display(display, INDEX.words).tokens).agencies)


def test_every_province_regency_and_city_with_its_code():
    data = tomllib.loads((CONFIG / "regions.toml").read_text("utf-8"))
    provinces = data["province"]
    regions = [line for p in provinces for line in p["regions"]]
    assert (len(provinces), len(regions)) == (38, 514)
    codes = [p["code"] for p in provinces] + [line.split()[0] for line in regions]
    assert len(set(codes)) == len(codes)
    for p in provinces:
        for line in p["regions"]:
            assert re.fullmatch(rf"{p['code']}\.\d\d (Kabupaten|Kota) .+", line), line
    catalog = INDEX.catalog
    assert catalog.regions["kabupaten cilacap"].code == "33.01"
    assert catalog.regions["kota surakarta"].province == "33"
    assert catalog.regions["provinsi papua barat daya"].level == "provinsi"


def test_the_generated_file_says_where_it_came_from():
    head = (CONFIG / "regions.toml").read_text("utf-8").splitlines()[:8]
    assert any("idn-area-data 4.0.1" in line for line in head)
    assert any("Open Database License" in line for line in head)
    assert any("tools/make_gazetteer.py" in line for line in head)


def test_curated_forms_name_regions_of_the_gazetteer():
    curated = tomllib.loads((CONFIG / "agencies.toml").read_text("utf-8"))
    gazetteer_only = build_index(Roster(())).catalog.regions
    for region in curated["region"]:
        assert gazetteer_only[region["key"]].code, region["key"]


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Org Kab. Magelang Sri", ["Bagian Organisasi Setda Kabupaten Magelang"]),
        ("ORG PEMKAB MAGELANG Sri", ["Bagian Organisasi Setda Kabupaten Magelang"]),
        ("Org Kota Magelang Sri", ["Bagian Organisasi Setda Kota Magelang"]),
        ("Org magelangkota Sri", ["Bagian Organisasi Setda Kota Magelang"]),
        (  # Kota and Kabupaten of one name stay apart: the bare name is either
            "Org Magelang Sri",
            ["Bagian Organisasi Setda Kabupaten Magelang", "Bagian Organisasi Setda Kota Magelang"],
        ),
        ("Dinkes Solo_Andi", ["Dinas Kesehatan Kota Surakarta"]),  # a city's everyday name
        ("DINKES PEMKOT SOLO - andi", ["Dinas Kesehatan Kota Surakarta"]),
        ("Bappeda Purwokerto", ["Bappeda Kabupaten Banyumas"]),  # a regency's capital
        ("Diskominfo Purwodadi - Rina", ["Diskominfo Kabupaten Grobogan"]),
        ("Itda Jateng", ["Inspektorat Provinsi Jawa Tengah"]),
        ("Disdik Jaksel", ["Dinas Pendidikan Kota Jakarta Selatan"]),
        ("BKD Sleman Andi", ["BKPSDM Kabupaten Sleman"]),  # BKD and BKPSDM are one kind of office
        ("Bag Hukum Kab Bima", ["Bagian Hukum Setda Kabupaten Bima"]),
        ("Dinas Kesehatan Sukoharjo", ["Dinas Kesehatan Kabupaten Sukoharjo"]),
        ("Kominfo Kab. Grobogan", ["Diskominfo Kabupaten Grobogan"]),
        ("jogja dpmptsp tono", ["DPMPTSP DIY", "DPMPTSP Kota Yogyakarta"]),
        ("Pemkot Jogja DPMPTSP tono", ["DPMPTSP Kota Yogyakarta"]),
        ("jakarta-selatankota disdik", ["Dinas Pendidikan Kota Jakarta Selatan"]),  # a hyphen kept
    ],
)
def test_regions_and_units_in_the_forms_people_type(display, expected):
    assert agencies(display) == expected


@pytest.mark.parametrize(
    ("display", "expected"),
    [  # an office's form that ends in a level word leaves the place its level
        ("Inspektorat KOTA GORONTALO - Fajar", ["Inspektorat Kota Gorontalo"]),
        ("Inspektorat Kabupaten Gorontalo - Fajar", ["Inspektorat Kabupaten Gorontalo"]),
        ("Inspektorat Gorontalo - Fajar", ["Inspektorat Kabupaten Gorontalo", "Inspektorat Kota Gorontalo"]),
    ],
)
def test_the_reading_that_covers_most_and_names_fewest(display, expected):
    assert agencies(display) == expected


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Diskominfo grobgoankab - Rina", ["Diskominfo Kabupaten Grobogan"]),  # a transposition
        ("Hukum_Konawe Selatn_Sitti", ["Bagian Hukum Setda Kabupaten Konawe Selatan"]),  # not Konawe
        ("Dinkes Sukohajro Andi", ["Dinas Kesehatan Kabupaten Sukoharjo"]),
        ("Dinkes Tgeal Yuli", ["Dinas Kesehatan Kabupaten Tegal", "Dinas Kesehatan Kota Tegal"]),
        # 'tamjung' is also one slip from an invitee's name: set right only inside a longer place
        ("Bag Hukum Pemkab Tamjung Jabung Barat", ["Bagian Hukum Setda Kabupaten Tanjung Jabung Barat"]),
        (
            "Bag Hukum Tamjung",
            [
                "Bagian Hukum Setda Kabupaten Bima",
                "Bagian Hukum Setda Kabupaten Konawe",
                "Bagian Hukum Setda Kabupaten Konawe Selatan",
                "Bagian Hukum Setda Kabupaten Tanjung Jabung Barat",
            ],
        ),
        # an invitee's name one slip from a place ('Tegar', Tegal) stays a name
        ("Dinkes Sukoharjo - Tegar Wibowo", ["Dinas Kesehatan Kabupaten Sukoharjo"]),
        ("Dinkes - Tegar", sorted(a for a in AGENCIES if a.startswith("Dinas Kesehatan"))),
        ("Dinkes Slemn", sorted(a for a in AGENCIES if a.startswith("Dinas Kesehatan"))),  # no agency there
    ],
)
def test_a_place_with_a_typing_slip(display, expected):
    assert agencies(display) == expected


def test_a_slipped_place_is_not_read_as_the_name():
    hint = INDEX.catalog.hint(split_display("Hukum-Konawee-Sitti Latif", INDEX.words).tokens)
    assert hint.used == {0, 1}
    assert hint.agencies == {"Bagian Hukum Setda Kabupaten Konawe"}


def test_a_region_off_the_roster_is_still_a_region():
    hint = INDEX.catalog.hint(split_display("Kediri - Andi Kurniawan", INDEX.words).tokens)
    assert hint.regions == {"kabupaten kediri", "kota kediri"} and not hint.agencies
    assert hint.used == {0}


def test_a_lone_place_name_an_invitee_carries_is_read_as_a_name():
    # Lingga is a regency of the Riau Islands and an invitee's first name
    assert not INDEX.catalog.hint(("lingga", "pratama"))
    assert INDEX.catalog.hint(("kab", "lingga")).regions == {"kabupaten lingga"}


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("a@surakarta.go.id", ["Dinas Kesehatan Kota Surakarta"]),  # listed: no 'kota' in it
        ("a@dinkes.surakarta.go.id", ["Dinas Kesehatan Kota Surakarta"]),
        ("a@bkd.slemankab.go.id", ["BKPSDM Kabupaten Sleman"]),  # a unit's subdomain
        ("a@jatengprov.go.id", ["Inspektorat Provinsi Jawa Tengah"]),
        ("a@magelangkota.go.id", ["Bagian Organisasi Setda Kota Magelang"]),
        ("a@grobogan.go.id", ["Diskominfo Kabupaten Grobogan"]),
        ("a@gmail.com", []),
    ],
)
def test_government_email_domains(email, expected):
    assert sorted(INDEX.catalog.email_hint(email).agencies) == expected


def test_a_secretariat_adds_everyday_names_with_its_own_data(tmp_path):
    extra = tmp_path / "regions.toml"
    extra.write_text(
        '[[region]]\nkey = "kabupaten grobogan"\nnames = ["grobog"]\ndomains = ["grobogankab.go.id"]\n'
        '[[unit]]\nkey = "kominfo"\nforms = ["dkisp"]\n'
    )
    index = build_index(ROSTER, [extra])
    for display in ("DKISP Pemkab Grobog Rina", "dkisp grobog rina", "Kominfo grobogkab"):
        hint = index.catalog.hint(split_display(display, index.words).tokens)
        assert hint.agencies == {"Diskominfo Kabupaten Grobogan"}, display
    assert not INDEX.catalog.hint(("grobog",))  # the bundled index is untouched


def test_programme_data_with_a_bad_list_is_reported(tmp_path):
    extra = tmp_path / "bad.toml"
    extra.write_text('[[region]]\nkey = "kota solo"\nnames = "solo"\n')
    with pytest.raises(InputError) as info:
        load_domain([extra])
    assert [str(p) for p in info.value.problems] == [f"{extra}: region[1].names: must be a list of strings"]


def test_short_forms_of_place_words_come_from_data_and_count_only_inside_a_place(tmp_path):
    roster = Roster(
        (
            Invitee("Y1", "DPMPTSP Kabupaten Belitung", None, name="Rudi Hartono"),
            Invitee("Y2", "DPMPTSP Kabupaten Belitung Timur", None, name="Sri Wahyuni"),
            Invitee("Y3", "DPMPTSP Kabupaten Tanjung Jabung Barat", None, name="Joko Susilo"),
        )
    )
    index = build_index(roster)

    def read(display: str) -> list[str]:
        return sorted(index.catalog.hint(split_display(display, index.words).tokens).agencies)

    assert read("Kab Belitung Tmr_DPMPTSP_Andi") == ["DPMPTSP Kabupaten Belitung Timur"]
    assert read("DPMPTSP Belitung - Tim Monev") == ["DPMPTSP Kabupaten Belitung"]  # a team, not a place
    assert read("Kab Tanjung Jabung Brt - Andi") == ["DPMPTSP Kabupaten Tanjung Jabung Barat"]
    data = tmp_path / "more.toml"
    data.write_text('place_words = { barat = ["brt"], timur = "tmr" }\n')
    with pytest.raises(InputError, match="place_words: must map a word to a list of its short forms"):
        load_domain([data])


def test_a_programme_adds_forms_of_a_name_word_and_a_bad_table_is_reported(tmp_path):
    roster = Roster((Invitee("M1", "DPMPTSP Kabupaten Sleman", None, name="Muhammad Rizky"),))
    data = tmp_path / "forms.toml"
    data.write_text('[name_forms]\nmuhammad = ["mhmd"]\n')

    def name(index, shown: str) -> tuple[str, ...]:
        return person_tokens(split_display(shown, index.words).tokens, index.words)

    assert name(build_index(roster), "Mhmd Rizky") == ("mhmd", "rizky")
    index = build_index(roster, [data])
    assert name(index, "Mhmd Rizky") == name(index, "Moh. Rizky") == ("muhammad", "rizky")
    data.write_text('name_forms = { muhammad = "mhmd" }\n')
    with pytest.raises(InputError, match="name_forms: must map a word to a list of its short forms"):
        load_domain([data])
