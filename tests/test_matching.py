"""Reading people and agencies out of display names, one habit at a time."""

from __future__ import annotations

import pytest

from vc_sync.domain import build_index, load_domain
from vc_sync.matching import phones
from vc_sync.matching.names import NameWords, person_tokens, roster_name, split_display
from vc_sync.matching.similarity import name_similarity
from vc_sync.model import Invitee, Roster

WORDS = NameWords.from_data(load_domain())
AGENCIES = [
    "Biro Organisasi Setda DIY",
    "DPMPTSP DIY",
    "Dinas Pariwisata DIY",
    "Bagian Organisasi Setda Kabupaten Kulon Progo",
    "DPMPTSP Kabupaten Sleman",
    "Dinas Pariwisata Kabupaten Bantul",
    "Dinas Pariwisata Kota Yogyakarta",
    "DPMPTSP Kota Yogyakarta",
    "Bagian Organisasi Setda Kota Magelang",
    "Bagian Organisasi Setda Kabupaten Magelang",
    "Dinas Kominfo Kabupaten Purworejo",
    "Kementerian PANRB",
]
INDEX = build_index(Roster(tuple(Invitee(f"A{i}", a, None) for i, a in enumerate(AGENCIES))))


def person(display: str) -> tuple[str, ...]:
    d = split_display(display, WORDS)
    hint = INDEX.catalog.hint(d.tokens)
    return person_tokens([t for i, t in enumerate(d.tokens) if i not in hint.used], WORDS)


def agencies(display: str) -> list[str]:
    return sorted(INDEX.catalog.hint(split_display(display, WORDS).tokens).agencies)


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Drs. Bambang Hadi, M.Si.", ("bambang", "hadi")),
        ("Hj. Sri Wahyuni, S.E., M.M.", ("sri", "wahyuni")),
        ("Dr.Ir.Agus Santoso,S.T.,M.Eng", ("agus", "santoso")),
        ("Ibu Retno", ("retno",)),
        ("Pak BUDI  santoso", ("budi", "santoso")),
        ("Budi's iPad", ("budi",)),
        ("Budi’s iPad", ("budi",)),  # a typographic apostrophe
        ("S. Widodo", ("s", "widodo")),  # an initial, not a possessive
        ("Widodo S", ("widodo", "s")),
        ("Samsung Galaxy S10", ()),
        ("DESKTOP-7H2K9LQ", ()),
        ("iPhone", ()),
        ("AndiKurniawan", ("andi", "kurniawan")),
        ("Soeharto", ("suharto",)),
        ("Djoko Tjahjono", ("joko", "cahjono")),  # old 'j' for 'y' is left to a one-slip match
    ],
)
def test_person_words(display, expected):
    assert person(display) == expected


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("SLEMAN_DPMPTSP_Andi", ["DPMPTSP Kabupaten Sleman"]),
        ("Andi (Dinpar Bantul)", ["Dinas Pariwisata Kabupaten Bantul"]),
        ("Kulon Progo | Bag Org | Sri", ["Bagian Organisasi Setda Kabupaten Kulon Progo"]),
        ("KULONPROGO-ORG-Sri", ["Bagian Organisasi Setda Kabupaten Kulon Progo"]),
        ("dpm-ptsp kota jogja - tono", ["DPMPTSP Kota Yogyakarta"]),
        ("Biro Org DIY Sri", ["Biro Organisasi Setda DIY"]),
        ("Org Kab. Magelang Sri", ["Bagian Organisasi Setda Kabupaten Magelang"]),
        ("Org Kota Magelang Sri", ["Bagian Organisasi Setda Kota Magelang"]),
        (
            "Org Magelang Sri",
            ["Bagian Organisasi Setda Kabupaten Magelang", "Bagian Organisasi Setda Kota Magelang"],
        ),
        ("jogja dpmptsp tono", ["DPMPTSP DIY", "DPMPTSP Kota Yogyakarta"]),  # DIY or the city: no one agency
        ("Kominfo Purworejo Agus", ["Dinas Kominfo Kabupaten Purworejo"]),  # learnt from the roster alone
        ("KemenPANRB - Admin", ["Kementerian PANRB"]),
        ("Andi Kurniawan", []),
    ],
)
def test_agency_hints_in_any_order_and_separator(display, expected):
    assert agencies(display) == expected


def test_email_domains_point_to_regions():
    hint = INDEX.catalog.email_hint("andi@slemankab.go.id")
    assert hint.agencies == {"DPMPTSP Kabupaten Sleman"}
    assert not INDEX.catalog.email_hint("andi@gmail.com")


@pytest.mark.parametrize(
    "number", ["081234567890", "+62 812-3456-7890", "62812 3456 7890", "(0812) 3456.7890", "812-3456-7890"]
)
def test_phone_forms(number):
    assert phones.normalise(number) == "081234567890"


def test_masked_phone():
    pattern = phones.mask_pattern("+62 812-****-7890")
    assert pattern == "0812????7890"
    assert phones.fits(pattern, "081234567890") and not phones.fits(pattern, "081234567891")
    assert phones.normalise("Andi 2") is None and phones.normalise("12345") is None


def test_phone_display_is_split_from_a_name():
    d = split_display("0812-3456-7890 (Sleman)", WORDS)
    assert d.phone == "081234567890" and d.tokens == ("sleman",)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("andi kurniawan", "andi kurniawan", 1.0, 1.0),
        ("kurniawan andi", "andi kurniawan", 1.0, 1.0),
        ("andi kurniawn", "andi kurniawan", 0.9, 0.99),
        ("joko cahjono", "joko cahyono", 0.9, 0.9),
        ("retno hakim", "reton hakim", 0.9, 0.9),  # a transposition is one slip
        ("ika setiawan", "rina setiawan", 0.0, 0.6),  # a shared surname does not carry a first name
        ("andikurniawan", "andi kurniawan", 1.0, 1.0),
        ("budi", "budy", 0.8, 0.8),  # one slip in a short word: only good enough with a hint
        ("ruid santoso", "rudi santoso", 0.9, 0.9),  # but a transposition is one slip in any word
        ("nru hidayat", "nur hidayat", 0.9, 0.9),
        ("andikurniawna", "andi kurniawan", 0.9, 0.95),  # also in a name written as one word
        ("nur hidayat", "nia hidayat", 0.0, 0.7),
    ],
)
def test_name_similarity(a, b, low, high):
    assert low <= name_similarity(tuple(a.split()), tuple(b.split())) <= high


def test_roster_names_drop_titles():
    assert roster_name("Drs. H. Bambang Hadi, M.Si.", WORDS) == ("bambang", "hadi")


def test_programme_data_extends_the_bundled_data(tmp_path):
    extra = tmp_path / "regions.toml"
    extra.write_text(
        'titles = ["kanjeng"]\n[[region]]\nkey = "kabupaten purworejo"\nforms = ["pwr", "purworejo"]\n'
    )
    roster = Roster((Invitee("A", "Dinas Kominfo Kabupaten Purworejo", None, name="Agus"),))
    index = build_index(roster, [extra])
    assert index.catalog.hint(("pwr", "kominfo")).agencies == {"Dinas Kominfo Kabupaten Purworejo"}
    assert "kanjeng" in index.words.titles


def test_bad_programme_data_is_reported(tmp_path):
    from vc_sync.errors import InputError

    extra = tmp_path / "bad.toml"
    extra.write_text('[[unit]]\nforms = ["x"]\n[colour]\n')
    with pytest.raises(InputError) as info:
        load_domain([extra])
    assert [p.what for p in info.value.problems] == ["needs a string 'key'", "unknown key"]
