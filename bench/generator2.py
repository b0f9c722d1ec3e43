"""A second labelled-programme generator, written from another view than ``generator.py``.

``generator.py`` starts from a handful of regions and the matcher's own units. This one starts
from a secretariat that invites "seluruh pemerintah kabupaten/kota" of whole provinces (most
of Central Java, all of DIY, one other province drawn from the gazetteer, a scatter of
regions from anywhere) and a dozen kinds of office, people named after the customs of their
region (Javanese, Sundanese, Batak, Balinese, Bugis, Minang, and national names), and an
explicit typing-slip model. Each session the organisers ask for one display-name format
("Region_Office_Name" or another) which most follow; everyone else has a habit of their own.

Only official region names come from the gazetteer (``config/regions.toml``), and a region's
colloquial names from ``config/agencies.toml``: how people write levels, offices, names and
slips is this module's own. The truth is what a careful organiser could tell from a display
name knowing the roster (see ``_Reader``), written in ``generator.py``'s label format so that
``bench.accuracy`` scores both alike.

    python -m bench.accuracy --generator 2 --seeds 1 2 3
"""

from __future__ import annotations

import random
import string
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rapidfuzz.distance import OSA

from bench.generator import WIB, Label, Person, Programme, SessionLog
from vc_sync.model import Segment

CONFIG = Path(__file__).resolve().parent.parent / "config"


def _words(text: str) -> list[str]:
    return text.split()


# --- names by custom -----------------------------------------------------------------------
JAVANESE = _words(
    "Sri Budi Agus Endang Slamet Joko Wahyu Dwi Tri Eko Setyo Puji Rini Sutrisno Ani Ari Nur Adi "
    "Bayu Dani Eka Ika Iin Tutik Wiwik Yuli Heru Hari Susi Tari Bowo Teguh Gatot Ratri Sigit Wahyuni "
    "Nining Lilik Edi Rudi Arif Ratih Dyah Ayu Sekar Galuh Bambang Untung Harjono Purwanti Suparmi"
)
JAVANESE_LAST = _words(
    "Susanto Wibowo Prasetyo Nugroho Purnomo Hartono Santoso Rahayu Lestari Wahyudi Kusumawati "
    "Setyawan Widodo Handoko Suryani Wijayanti Pamungkas Hadiwijaya Sulistyowati Haryanto Saputro "
    "Kurniasih Pratiwi Utami Nugraheni Cahyono Mulyono Triyanto Sasmita Darmaji"
)
SUNDANESE = _words("Asep Ujang Dedi Cecep Euis Neneng Yayat Iwan Dadang Entin Yeti Aep Deden Tatang")
SUNDANESE_LAST = _words("Sunarya Hidayat Permana Suryana Kurniawan Sopandi Ruhiyat Supriatna Mulyana")
BATAK = _words("Maruli Hotman Lamhot Roy Friska Tiurma Jonni Dame Rotua Bonar Rosmauli Hendrik Marintan")
MARGA = _words("Siregar Simanjuntak Nasution Harahap Lubis Sitompul Hutapea Pardede Sinaga Simatupang")
BALI_PREFIX = ["I Wayan", "I Made", "I Nyoman", "I Ketut", "Ni Luh", "Ni Made", "Ni Putu", "I Gede"]
BALI_NAME = _words("Sudarsana Suardana Astawa Yasa Artini Sukerti Mahendra Widiastuti Suarjana Ariani")
BUGIS = _words("Syamsul Hasanuddin Nurhayati Kaharuddin Rahman Haeruddin Sitti Jumriah Irwan Bahtiar")
BUGIS_LAST = _words("Rahman Hamzah Latif Tahir Saleh Amir Basri Syarif Mappa Nur")
MINANG = _words("Rahmat Fauzan Yulia Rika Afrizal Novita Yusrizal Desi Elfi Zulkifli Hendri")
MINANG_LAST = _words("Putra Syahputra Chaniago Tanjung Koto Piliang Jambak Sikumbang Rangkuti")
NATIONAL = _words("Muhammad Ahmad Abdul Siti Fitri Dewi Rizky Andi Putri Nurul Indra Yusuf Intan Fajar Rina")
NATIONAL_LAST = _words("Pratama Saputra Ramadhan Hidayat Firmansyah Maulana Wulandari Anggraini Setiawan")
TITLES = ["Dr.", "Drs.", "Dra.", "Ir.", "H.", "Hj.", "dr.", "Prof. Dr."]
DEGREES = [
    "S.Sos",
    "S.STP",
    "M.AP",
    "S.Kep., Ners",
    "S.Farm., Apt.",
    "S.Kom",
    "SE, MM",
    "S.H., M.H.",
    "M.Kes",
    "S.KM",
    "S.Pd",
    "S.IP, M.Si",
    "ST, MT",
    "A.Md",
    "S.E., Ak.",
    "M.Sc",
    "S.Psi",
    "MPA",
]
HONORIFICS = ["Pak", "Bu", "Bapak", "Ibu", "Mas", "Mbak", "Bang", "Kak"]
DEVICE_NAMES = ["iPhone", "Galaxy A12", "OPPO A53", "Redmi 9", "vivo Y20", "iPad Pro", "Zoom user", "Laptop"]
SECOND_DEVICE = ["{}'s iPhone", "HP {}", "{} (HP)", "{} laptop", "{}'s iPad", "{}'s Android", "hp {}"]

# --- offices: the roster's name, and what people type ----------------------------------------
OFFICES = {
    "bappeda": ("Badan Perencanaan Pembangunan Daerah", ["Bappeda", "BAPPEDA", "Bapeda"]),
    "kominfo": ("Dinas Komunikasi dan Informatika", ["Diskominfo", "Kominfo", "DISKOMINFO", "Dinkominfo"]),
    "bkd": ("BKPSDM", ["BKPSDM", "BKD", "Kepegawaian", "bkpsdm"]),
    "dinkes": ("Dinas Kesehatan", ["Dinkes", "DINKES", "Dinas Kesehatan", "Kesehatan"]),
    "itda": ("Inspektorat Daerah", ["Inspektorat", "Itda", "INSPEKTORAT"]),
    "disdik": ("Dinas Pendidikan", ["Disdik", "Dindik", "Pendidikan", "DISDIK"]),
    "hukum": ("Bagian Hukum Setda", ["Bag. Hukum", "Hukum", "Bagian Hukum", "BAG HUKUM"]),
    "organisasi": ("Bagian Organisasi Setda", ["Organisasi", "Bag. Organisasi", "ORTALA", "Bag Org"]),
    "ptsp": ("DPMPTSP", ["DPMPTSP", "DPM-PTSP", "PTSP", "Dinas PMPTSP"]),
    "dinsos": ("Dinas Sosial", ["Dinsos", "DINSOS", "Dinas Sosial"]),
    "bapenda": ("Badan Pendapatan Daerah", ["Bapenda", "BAPENDA"]),
    "dukcapil": ("Dinas Kependudukan dan Pencatatan Sipil", ["Disdukcapil", "Dukcapil", "DUKCAPIL"]),
}
# Descriptors of a sub-office the matcher's data may not know: words beside a name.
SUBOFFICE = ["Subbag Umum", "Bidang Aptika", "Seksi Pelayanan", "Kasubbag Program", "Staf", "Tim Teknis"]
ORGANISER_AGENCY = "Kementerian PANRB"
ORGANISER_TAGS = ["Panitia", "Host", "Narasumber", "MC", "KemenPANRB", "Co-Host"]
LEVEL_WORDS = {
    "kabupaten": ["Kab.", "Kab", "KAB.", "Kabupaten", "Pemkab", "", "", ""],
    "kota": ["Kota", "KOTA", "Pemkot", "", ""],
    "provinsi": ["Prov.", "Provinsi", "Pemprov", "Prov", ""],
}
GLUE = {"kabupaten": "kab", "kota": "kota", "provinsi": "prov"}
SEPARATORS = ["_", " - ", " | ", " ", "-", ". ", " / "]


@dataclass(frozen=True)
class Place:
    key: str  # 'kabupaten klaten'
    level: str
    official: str  # 'Kabupaten Klaten'
    place: str  # 'Klaten'
    province: str  # code
    everyday: tuple[str, ...]  # colloquial names from the gazetteer


def load_places() -> dict[str, Place]:
    regions = tomllib.loads((CONFIG / "regions.toml").read_text("utf-8"))
    curated = tomllib.loads((CONFIG / "agencies.toml").read_text("utf-8"))
    everyday: dict[str, list[str]] = {}
    for r in curated.get("region", []):
        words = [w for w in r.get("names", []) + r.get("forms", []) if len(w) > 2 and " " not in w]
        everyday.setdefault(r["key"], []).extend(words)
    places = {}
    for prov in regions["province"]:
        key = "provinsi " + prov["name"].lower()
        places[key] = Place(key, "provinsi", f"Provinsi {prov['name']}", prov["name"], prov["code"], ())
        for line in prov["regions"]:
            _code, official = line.split(" ", 1)
            words = official.split()
            level = words[0].lower()
            place = " ".join(words[2:] if words[1] == "Administrasi" else words[1:])
            k = f"{level} {place.lower().replace('-', ' ')}"
            places[k] = Place(k, level, official, place, prov["code"], ())
    for key, words in everyday.items():
        if key in places:
            p = places[key]
            places[key] = Place(p.key, p.level, p.official, p.place, p.province, tuple(words))
    return places


def custom(province: str) -> str:
    if province in ("33", "34", "35"):
        return "java"
    if province in ("32", "36"):
        return "sunda"
    if province == "12":
        return "batak"
    if province == "51":
        return "bali"
    if province in ("73", "76", "74"):
        return "bugis"
    if province == "13":
        return "minang"
    return "national"


# --- the typing-slip model -----------------------------------------------------------------
KEYBOARD = {
    "a": "sq",
    "s": "ad",
    "d": "sf",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "n": "bm",
    "m": "n",
    "r": "et",
    "t": "ry",
    "h": "gj",
    "k": "jl",
    "l": "k",
    "g": "fh",
    "y": "tu",
    "w": "qe",
    "b": "vn",
}


def slip(rng: random.Random, word: str) -> tuple[str, str]:
    """One typing slip in a word: (slipped word, kind)."""
    if len(word) < 2:
        return word + word, "double"
    kinds = (
        ["transpose", "double"] + (["drop"] if len(word) > 3 else []) + (["near"] if len(word) > 4 else [])
    )
    kind = rng.choice(kinds)
    if kind == "transpose" and len(word) >= 2:
        i = rng.randrange(0, len(word) - 1)
        if word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :], kind
        kind = "double"
    if kind == "double":
        i = rng.randrange(0, len(word))
        return word[:i] + word[i] + word[i:], kind
    if kind == "drop":
        i = rng.randrange(1, len(word))
        return word[:i] + word[i + 1 :], kind
    i = rng.randrange(1, len(word))
    c = word[i].lower()
    if c in KEYBOARD:
        return word[:i] + rng.choice(KEYBOARD[c]) + word[i + 1 :], "near"
    return word[:i] + word[i] + word[i:], "double"


class Gen2:
    def __init__(self, seed: int, min_minutes: float = 45.0):
        self.rng = random.Random(seed * 7919 + 13)
        self.places = load_places()
        self.min_minutes = min_minutes
        self.people: dict[str, Person] = {}
        self.place_of: dict[str, Place] = {}  # pid -> region
        self.office_of: dict[str, str] = {}  # pid -> office key
        self._n = 0
        self.taken: set[str] = set()

    def pid(self) -> str:
        self._n += 1
        return f"Q{self._n:05d}"

    def name(self, place: Place | None) -> str:
        rng = self.rng
        c = custom(place.province) if place else rng.choice(["java", "national", "sunda"])
        for _ in range(200):
            if c == "java":
                r = rng.random()
                if r < 0.2:
                    n = rng.choice(JAVANESE)
                elif r < 0.85:
                    n = f"{rng.choice(JAVANESE)} {rng.choice(JAVANESE_LAST)}"
                else:
                    n = f"{rng.choice(JAVANESE)} {rng.choice(JAVANESE)} {rng.choice(JAVANESE_LAST)}"
            elif c == "sunda":
                n = f"{rng.choice(SUNDANESE)} {rng.choice(SUNDANESE_LAST)}"
            elif c == "batak":
                n = f"{rng.choice(BATAK)} {rng.choice(MARGA)}"
            elif c == "bali":
                n = f"{rng.choice(BALI_PREFIX)} {rng.choice(BALI_NAME)}"
            elif c == "bugis":
                n = f"{rng.choice(['Andi ', 'Muh. ', ''])}{rng.choice(BUGIS)} {rng.choice(BUGIS_LAST)}"
            elif c == "minang":
                n = f"{rng.choice(MINANG)} {rng.choice(MINANG_LAST)}"
            else:
                n = f"{rng.choice(NATIONAL)} {rng.choice(NATIONAL + NATIONAL_LAST)}"
            if _ > 50:  # a crowded custom: a second given name, or a name from anywhere
                n = (
                    f"{rng.choice(NATIONAL)} {n}"
                    if rng.random() < 0.5
                    else f"{n} {rng.choice(NATIONAL_LAST)}"
                )
            words = n.split()
            key = " ".join(sorted(words))  # 'Indra Fajar' is no one else's 'Fajar Indra'
            if key not in self.taken and len(set(words)) == len(words):
                self.taken.add(key)
                return n
        raise RuntimeError("names exhausted")

    def person(
        self,
        place: Place | None,
        office: str | None,
        *,
        on_roster: bool,
        agency: str | None,
        sessions: tuple[str, ...] = (),
        role: str = "participant",
        name: str | None = None,
    ) -> Person:
        rng = self.rng
        real = name or self.name(place)
        first = real.split()[0] if not real.startswith(("I ", "Ni ", "Muh. ", "Andi ")) else real.split()[1]
        p = Person(
            self.pid(),
            real if on_roster else "",
            first,
            agency,
            place.key if place else None,
            office,
            sessions=sessions,
            role=role,
        )
        p._real = real  # type: ignore[attr-defined]
        if on_roster:
            if rng.random() < 0.3:
                p.title = rng.choice(TITLES)
            if rng.random() < 0.5:
                p.degree = rng.choice(DEGREES)
            if rng.random() < 0.4:
                local = ".".join(real.lower().replace(".", "").split()[-2:])
                label = (place.place.lower().replace(" ", "") + GLUE[place.level]) if place else "gmail"
                domain = rng.choice([f"{label}.go.id", "gmail.com", "yahoo.com"])
                p.email = f"{local}{rng.randint(1, 999)}@{domain}"
            if rng.random() < 0.3:
                p.phone = "08" + "".join(rng.choice(string.digits) for _ in range(rng.choice([9, 10])))
        self.people[p.pid] = p
        self.place_of[p.pid] = place  # type: ignore[assignment]
        self.office_of[p.pid] = office or ""
        return p


def agency_name(place: Place, office: str) -> str:
    official = OFFICES[office][0]
    if place.level == "provinsi" and official.startswith("Bagian "):
        official = "Biro " + official[len("Bagian ") :]
    return f"{official} {place.official}"


@dataclass
class Shown:
    """A display name and what it shows, for the careful reader."""

    text: str
    region: bool = False  # the region can be told (even misspelt or colloquial)
    office: bool = False
    name: str = "full"  # full, slip, initials, first, none, phone
    words: str = ""  # the name as shown, for 'slip'
    places: frozenset[str] = frozenset()  # the regions the region as written may be


class Writer:
    """How one person writes a display name."""

    def __init__(self, gen: Gen2):
        self.gen = gen
        self.rng = gen.rng
        self.places: frozenset[str] = frozenset()  # what the last region written may be

    def region(self, place: Place, misspell: bool = False, everyday: bool = False) -> str:
        rng = self.rng
        r = 0.0 if everyday else rng.random()
        everywhere = self.gen.places.values()
        if place.everyday and r < 0.25:
            said = rng.choice(place.everyday)
            text = said.upper() if rng.random() < 0.3 else said.capitalize()
            self.places = self.meaning(said)
        elif r < 0.35:
            text = place.place.replace(" ", "").lower() + GLUE[place.level]
            self.places = frozenset({place.key})
        else:
            level = rng.choice(LEVEL_WORDS[place.level])
            text = f"{level} {place.place}".strip()
            text = text.upper() if rng.random() < 0.25 else text
            same = [p for p in everywhere if p.place == place.place and (not level or p.level == place.level)]
            self.places = frozenset(p.key for p in same)
            if not level:  # a bare name may also be what people call another region ('Yogyakarta')
                self.places |= self.meaning(place.place)
        if misspell:
            words = text.split()
            j = max(range(len(words)), key=lambda k: len(words[k]))
            if len(words[j]) >= 5:
                words[j] = slip(rng, words[j])[0]
            text = " ".join(words)
        return text

    def meaning(self, said: str) -> frozenset[str]:
        """The regions a bare word may be: by their official or their everyday name."""
        said = said.lower()
        return frozenset(
            p.key
            for p in self.gen.places.values()
            if said in (p.place.lower(), *p.everyday) or said.replace(" ", "") in p.everyday
        )

    def office(self, key: str) -> str:
        return self.rng.choice(OFFICES[key][1])

    def name(self, real: str, style: str) -> tuple[str, str]:
        rng = self.rng
        words = real.split()
        if style == "slip":
            j = rng.choice([k for k, word in enumerate(words) if len(word) >= 3] or [len(words) - 1])
            words[j] = slip(rng, words[j])[0]
            return " ".join(words), "slip"
        if style == "caps":
            return real.upper(), "full"
        if style == "lower_nospace":
            return real.lower().replace(" ", ""), "full"
        if style == "camel":
            return "".join(words), "full"
        if style == "dotted":
            return ".".join(w.lower() for w in words), "full"
        if style == "swapped":
            if len(words) < 2:
                return real, "full"
            return rng.choice(
                [" ".join(words[1:] + words[:1]), f"{words[-1]}, {' '.join(words[:-1])}"]
            ), "full"
        if style == "split":
            j = max(range(len(words)), key=lambda k: len(words[k]))
            if len(words[j]) >= 7:
                cut = rng.randrange(3, len(words[j]) - 2)
                words[j] = words[j][:cut] + " " + words[j][cut:]
                return " ".join(words), "slip"
            return real, "full"
        if style == "initials":
            if len(words) < 2 or words[0] in ("I", "Ni"):
                return real, "full"
            return rng.choice(
                [f"{words[0][0]}. {' '.join(words[1:])}", f"{' '.join(words[:-1])} {words[-1][0]}."]
            ), "initials"
        if style == "first":
            return rng.choice([words[0], f"{rng.choice(HONORIFICS)} {words[0]}"]) if words[0] not in (
                "I",
                "Ni",
            ) else real, ("first" if words[0] not in ("I", "Ni") else "full")
        if style == "titled":
            return real, "full"
        return real, "full"


# Habits, with weights; each returns a Shown. The session's requested format is habit 'asked'.
HABITS = {
    "asked": 30,
    "unit_region_name": 6,
    "name_paren_agency": 6,
    "plain": 6,
    "caps_region": 4,
    "titled": 6,
    "nospace": 3,
    "slip_agency": 8,
    "slip_plain": 3,
    "swapped": 3,
    "initials_agency": 4,
    "first_agency": 5,
    "honorific_first_agency": 2,
    "colloquial_agency": 4,
    "misspelt_region": 4,
    "suboffice": 4,
    "seat_number": 3,
    "dotted": 2,
    "split": 2,
    "phone": 2,
    "device_only": 3,
}


def write(gen: Gen2, w: Writer, p: Person, habit: str, asked: tuple[str, str]) -> Shown:
    rng = gen.rng
    place = gen.place_of[p.pid]
    office = gen.office_of[p.pid]
    real = p._real  # type: ignore[attr-defined]
    order, sep = asked
    if place is None or not office:  # organisers, strangers from nowhere in particular
        if habit == "device_only":
            return Shown(rng.choice(DEVICE_NAMES), name="none")
        text, kind = w.name(real, rng.choice(["titled", "caps", "full"]))
        tag = rng.choice(ORGANISER_TAGS) if p.role == "organiser" else ""
        return Shown(f"{tag} - {text}" if tag and rng.random() < 0.6 else text, name=kind)

    def agency(misspell: bool = False, colloquial: bool = False) -> str:
        region = w.region(place, misspell, everyday=colloquial)
        unit = w.office(office)
        return f"{region}{sep}{unit}" if order == "region" else f"{unit}{sep}{region}"

    if habit == "asked":
        text, kind = w.name(real, rng.choice(["full", "full", "caps", "titled"]))
        if kind == "full" and rng.random() < 0.3 and (p.title or p.degree):
            text = f"{p.title + ' ' if p.title else ''}{text}{', ' + p.degree if p.degree else ''}"
        return Shown(f"{agency()}{sep}{text}", True, True, kind)
    if habit == "unit_region_name":
        return Shown(f"{w.office(office)} {w.region(place)} - {real}", True, True)
    if habit == "name_paren_agency":
        return Shown(f"{real} ({w.office(office)} {w.region(place)})", True, True)
    if habit == "plain":
        return Shown(rng.choice([real, real.lower(), f"{rng.choice(HONORIFICS)} {real}"]))
    if habit == "caps_region":
        return Shown(f"{real.upper()} - {w.region(place).upper()}", region=True)
    if habit == "titled":
        title = p.title or rng.choice(TITLES)
        return Shown(f"{title} {real}" + (f", {p.degree}" if p.degree else ""))
    if habit == "nospace":
        return Shown(w.name(real, rng.choice(["lower_nospace", "camel"]))[0])
    if habit in ("slip_agency", "slip_plain"):
        text, kind = w.name(real, "slip")
        if habit == "slip_agency":
            return Shown(f"{agency()}{sep}{text}", True, True, kind, text)
        return Shown(text, name=kind, words=text)
    if habit == "swapped":
        text = w.name(real, "swapped")[0]
        if rng.random() < 0.5:  # the region in brackets, for the reader too
            return Shown(f"{text} ({w.region(place)})", region=True)
        return Shown(text)
    if habit == "initials_agency":
        text, kind = w.name(real, "initials")
        return Shown(f"{agency()}{sep}{text}", True, True, kind, text)
    if habit in ("first_agency", "honorific_first_agency"):
        text, kind = w.name(real, "first")
        if habit == "honorific_first_agency" and kind == "first" and " " not in text:
            text = f"{rng.choice(HONORIFICS)} {text}"
        return Shown(f"{text} - {w.office(office)} {w.region(place)}", True, True, kind, text)
    if habit == "colloquial_agency":
        return Shown(f"{agency(colloquial=True)}{sep}{real}", True, True)
    if habit == "misspelt_region":
        return Shown(f"{agency(misspell=True)}{sep}{real}", True, True)
    if habit == "suboffice":
        return Shown(f"{w.region(place)}{sep}{rng.choice(SUBOFFICE)}{sep}{real}", region=True)
    if habit == "seat_number":
        return Shown(f"{rng.randint(1, 99):02d}{sep}{real}{sep}{w.region(place)}", region=True)
    if habit == "dotted":
        return Shown(w.name(real, "dotted")[0])
    if habit == "split":
        text, kind = w.name(real, "split")
        return Shown(text, name=kind, words=text)
    if habit == "phone":
        d = p.phone[1:]
        return Shown(rng.choice([p.phone, f"+62 {d[:3]}-{d[3:7]}-{d[7:]}", f"62{d}"]), name="phone")
    if habit == "device_only":
        return Shown(rng.choice(DEVICE_NAMES), name="none")
    raise ValueError(habit)


class _Reader:
    """A careful organiser: knows the roster, reads the region and office a display name shows
    (even misspelt or colloquial) and the name, and tells who it is when only one fits."""

    def __init__(self, gen: Gen2, roster: list[Person]):
        self.gen = gen
        self.roster = [q for q in roster if q.name]
        self.all = roster

    def scope(self, p: Person, shown: Shown) -> list[Person]:
        place, office = self.gen.place_of[p.pid], self.gen.office_of[p.pid]
        pool = self.roster
        if shown.region and place:
            pool = [q for q in pool if (at := self.gen.place_of[q.pid]) and at.key in shown.places]
        if shown.office and office:
            pool = [q for q in pool if self.gen.office_of[q.pid] == office]
        return pool

    def agency(self, p: Person, shown: Shown) -> bool:
        """Whether the region and office shown fit one agency of the roster."""
        if not (shown.region and shown.office and p.agency):
            return False
        office = self.gen.office_of[p.pid]
        fits = {
            q.agency
            for q in self.all
            if self.gen.office_of.get(q.pid) == office
            and (at := self.gen.place_of.get(q.pid))
            and at.key in shown.places
        }
        return fits == {p.agency}

    def who(self, p: Person, shown: Shown, session: str) -> Person | None:
        real = p._real  # type: ignore[attr-defined]
        pool = self.scope(p, shown)
        if shown.name == "full":
            fits = [q for q in pool if q.name == real]
            if " " not in real:  # a lone word may be anyone's first name
                fits += [q for q in pool if q.name.split()[0] == real and q.name != real]
        elif shown.name == "slip":
            said = shown.words.lower().replace(" ", "")
            away = {q.pid: OSA.distance(said, q.name.lower().replace(" ", "")) for q in pool}
            if " " not in real:  # a lone word may be anyone's first name, as above
                for q in pool:
                    if " " in q.name:
                        away[q.pid] = min(away[q.pid], OSA.distance(said, q.name.split()[0].lower()))
            fits = [q for q in pool if away[q.pid] <= 1]
        elif shown.name in ("initials", "first"):
            if not (shown.region and shown.office):
                return None  # a first name or initials say who only within one office
            fits = [q for q in pool if _initials(shown.words, q.name)]
        elif shown.name == "phone":
            fits = [q for q in self.roster if q.phone and q.phone == p.phone]
        else:
            return None
        here = [q for q in fits if session in q.sessions or q.sessions == ("*",)]
        fits = here or fits
        if shown.name == "slip" and fits:  # the letters as typed before a slip from them
            nearest = min(away[q.pid] for q in fits)
            fits = [q for q in fits if away[q.pid] == nearest]
        return fits[0] if len(fits) == 1 else None


def _initials(shown: str, name: str) -> bool:
    said = [
        w.strip(".,").lower()
        for w in shown.split()
        if w.strip(".,").lower() not in {h.lower() for h in HONORIFICS}
    ]
    full = [w.lower() for w in name.replace(".", "").split()]
    if not said or len(said) > len(full):
        return False
    return all(f == s or (len(s) == 1 and f.startswith(s)) for s, f in zip(said, full, strict=False))


def _spans(gen: Gen2, start: datetime, end: datetime, short: bool) -> list[tuple[datetime, datetime]]:
    rng = gen.rng
    length = (end - start).total_seconds() / 60
    if short:
        a = start + timedelta(minutes=rng.uniform(10, length - 50))
        b = a + timedelta(minutes=rng.uniform(8, gen.min_minutes - 10))
    else:
        a = start + timedelta(minutes=rng.uniform(-12, 15))
        b = end - timedelta(minutes=rng.uniform(-10, 30))
    spans = [(a, b)]
    while rng.random() < 0.35 and (spans[-1][1] - spans[-1][0]).total_seconds() > 30 * 60:
        a0, b0 = spans.pop()
        cut = a0 + (b0 - a0) * rng.uniform(0.2, 0.8)
        spans += [(a0, cut), (cut + timedelta(seconds=rng.uniform(15, 240)), b0)]
    return [(x.replace(microsecond=0), y.replace(microsecond=0)) for x, y in spans]


def _covered(spans, start, end) -> float:
    total, last = 0.0, start
    for a, b in sorted(spans):
        a, b = max(a, last, start), min(b, end)
        if b > a:
            total += (b - a).total_seconds()
            last = b
    return total / 60


def _plan(gen: Gen2, sessions: int) -> list[tuple[str, list[Place], list[str]]]:
    """Sessions: Central Java in two halves, DIY, one other province, a scatter of regions."""
    rng = gen.rng
    places = list(gen.places.values())
    jateng = sorted((p for p in places if p.province == "33"), key=lambda p: p.key)
    diy = [p for p in places if p.province == "34"]
    provinces = sorted({p.province for p in places} - {"33", "34"})
    other = rng.choice(provinces)
    groups = [
        jateng[: len(jateng) // 2],
        jateng[len(jateng) // 2 :],
        diy,
        [p for p in places if p.province == other],
        rng.sample([p for p in places if p.province not in ("33", "34", other)], 12),
    ]
    plan = []
    for i in range(sessions):
        offices = rng.sample(sorted(OFFICES), rng.choice([2, 3, 3, 4]))
        plan.append((f"S{i + 1}", groups[i % len(groups)], offices))
    return plan


def generate(seed: int, sessions: int = 5, min_minutes: float = 45.0) -> Programme:
    gen = Gen2(seed, min_minutes)
    rng = gen.rng
    roster: list[Person] = []
    logs: list[SessionLog] = []
    day = datetime(2024, 3, 5, 9, 0, tzinfo=WIB)
    plan = _plan(gen, sessions)
    namesakes: list[str] = []
    for n, (sid, places, offices) in enumerate(plan):
        start = day + timedelta(days=n)
        agencies = [agency_name(pl, o) for pl in places for o in offices]
        logs.append(SessionLog(sid, f"Sesi {n + 1}", start, start + timedelta(minutes=180), agencies))
        for pl in places:
            for o in offices:
                for _ in range(rng.choice([1, 2, 2, 3])):
                    twin = namesakes.pop() if namesakes and rng.random() < 0.3 else None
                    p = gen.person(
                        pl, o, on_roster=True, agency=agency_name(pl, o), sessions=(sid,), name=twin
                    )
                    if twin is None and rng.random() < 0.03 and " " in p.name:
                        namesakes.append(p.name)  # a homonym further down the roster
                    roster.append(p)
                if rng.random() < 0.12:
                    seat = Person(gen.pid(), "", "", agency_name(pl, o), pl.key, o, sessions=(sid,))
                    seat._real = ""  # type: ignore[attr-defined]
                    gen.place_of[seat.pid], gen.office_of[seat.pid] = pl, o
                    gen.people[seat.pid] = seat
                    roster.append(seat)
    organisers = [
        gen.person(None, None, on_roster=True, agency=ORGANISER_AGENCY, sessions=("*",), role="organiser")
        for _ in range(5)
    ]
    roster.extend(organisers)
    for i, p in enumerate(roster):
        p.invitee = f"T{i + 1:04d}"
    reader = _Reader(gen, roster)
    for (sid, _places, _offices), log in zip(plan, logs, strict=True):
        invitees = [p for p in roster if sid in p.sessions and p.name]
        asked = (rng.choice(["region", "unit"]), rng.choice(SEPARATORS))
        present: list[tuple[Person, str]] = [(p, "invitee") for p in invitees if rng.random() < 0.82]
        for agency in log.agencies:
            if rng.random() < 0.2:
                q = next(x for x in roster if x.agency == agency)
                place = gen.place_of[q.pid]
                d = gen.person(place, gen.office_of[q.pid], on_roster=False, agency=agency)
                present.append((d, "delegate"))
        others = [p for p in roster if p.name and sid not in p.sessions and p.role != "organiser"]
        present += [(p, "visitor") for p in rng.sample(others, min(3, len(others)))]
        for _ in range(rng.randint(4, 9)):
            present.append((gen.person(None, None, on_roster=False, agency=None), "stranger"))
        present += [(p, "organiser") for p in organisers]
        _attend_all(gen, log, present, invitees, reader, asked)
        log.segments.sort(key=lambda s: (s.join, s.seq))
    return Programme(roster, logs, gen.people, min_minutes)


def _attend_all(gen: Gen2, log: SessionLog, present, invitees, reader: _Reader, asked) -> None:
    rng = gen.rng
    w = Writer(gen)
    main: dict[str, tuple[Label, list[tuple[datetime, datetime]], str]] = {}
    for p, kind in present:
        short = kind in ("invitee", "delegate") and rng.random() < 0.08
        if kind == "stranger":
            habit = rng.choice(["plain", "device_only", "plain", "titled"])
        elif kind == "organiser":
            habit = "plain"
        elif kind in ("delegate", "visitor"):
            habit = rng.choice(["asked", "asked", "unit_region_name", "name_paren_agency"])
        else:
            choices = [(h, wt) for h, wt in HABITS.items() if h != "phone" or p.phone]
            habit = rng.choices([h for h, _ in choices], [wt for _, wt in choices])[0]
        w.places = frozenset()
        shown = write(gen, w, p, habit, asked)
        shown.places = w.places
        email_shown = bool(p.email) and rng.random() < 0.3
        who = reader.who(p, shown, log.id) if p.name else None
        inv_ok = who is p or (email_shown and bool(p.email))
        ag_ok = inv_ok or reader.agency(p, shown)
        if kind == "delegate":
            inv_ok, ag_ok = False, reader.agency(p, shown)
        if kind in ("stranger",):
            inv_ok = ag_ok = False
        label = Label(p.pid, p.invitee if inv_ok else None, p.agency if ag_ok else None, kind, habit)
        spans = _spans(gen, log.start, log.end, short)
        device = f"{log.id}-{p.pid}-0"
        for a, b in spans:
            _add(log, shown.text, a, b, p.email if email_shown else None, device, label)
        main[p.pid] = (label, spans, shown.text)
        minutes = _covered(spans, log.start, log.end)
        if not (inv_ok or ag_ok):
            status = "unmatched"
        elif kind == "organiser":
            status = "organiser"
        elif kind == "visitor":
            status = "wrong_session"
        else:
            status = "verified" if minutes >= gen.min_minutes else "short"
        log.expected[p.pid] = status
    # second devices named after their owner: a phone beside the laptop, now and then a backup
    callable_by = {q.pid: q.first.lower() for q, _ in present} | {q.pid: q.first.lower() for q in invitees}
    for p, kind in present:
        label, spans, _ = main[p.pid]
        if kind != "invitee" or rng.random() > 0.12 or label.invitee is None:
            continue
        first = p.first
        if first in ("I", "Ni") or len(first) < 3:
            continue
        text = rng.choice(SECOND_DEVICE).format(first)
        a0, b0 = spans[0][0], spans[-1][1]
        if rng.random() < 0.8:
            a, b = a0 + timedelta(minutes=rng.uniform(3, 30)), b0 - timedelta(minutes=rng.uniform(3, 30))
        else:  # the laptop dropped: the phone carries on after it
            a, b = b0 + timedelta(seconds=rng.uniform(30, 200)), b0 + timedelta(minutes=rng.uniform(10, 30))
        if b <= a:
            continue
        # a careful organiser tells whose it is when no one else here or invited goes by that name
        told = [pid for pid, f in callable_by.items() if f.startswith(first.lower())] == [p.pid]
        lab = label if told else Label(p.pid, None, None, "device", "second_device")
        _add(log, text, a, b, None, f"{log.id}-{p.pid}-1", lab)
        longer = _covered([*spans, (a, b)], log.start, log.end) >= gen.min_minutes
        if told and log.expected.get(p.pid) == "short" and longer:
            log.expected[p.pid] = "verified"


def _add(log: SessionLog, name: str, a: datetime, b: datetime, email, device: str, label: Label) -> None:
    seg = Segment(
        name=name,
        join=a.astimezone(UTC),
        leave=b.astimezone(UTC),
        email=email,
        participant_id=None,
        source=f"gen2:{log.id}",
        seq=len(log.segments),
    )
    log.segments.append(seg)
    log.labels[seg.ref] = label
    log.device_of[seg.ref] = device
