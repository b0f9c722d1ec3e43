"""Labelled, messy Bimtek programmes: a roster, participant logs, and the truth behind them.

Every habit of real logs appears: titles and degrees, agency prefixes in many forms and
separators, typing slips, swapped words, first names with a hint, nicknames, phone dial-ins
(plain and masked), signed-in e-mails behind device names, homonyms, delegates, wrong-session
visitors, strangers, second devices and rejoins. The generator keeps its own region and unit
spellings (not the matcher's data) so that scoring does not test the data against itself.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from vc_sync.model import Segment

WIB = timezone(timedelta(hours=7))

FIRST = [
    "Andi",
    "Budi",
    "Bambang",
    "Sri",
    "Siti",
    "Dwi",
    "Eko",
    "Agus",
    "Rina",
    "Dewi",
    "Joko",
    "Tri",
    "Yuni",
    "Heru",
    "Hendra",
    "Indah",
    "Wahyu",
    "Nur",
    "Retno",
    "Rudi",
    "Slamet",
    "Teguh",
    "Wulan",
    "Ahmad",
    "Muhammad",
    "Fajar",
    "Galih",
    "Hadi",
    "Ika",
    "Kurnia",
    "Lestari",
    "Maya",
    "Nanik",
    "Puji",
    "Ratna",
    "Setyo",
    "Tutik",
    "Umi",
    "Yanti",
    "Arif",
    "Bayu",
    "Citra",
    "Dian",
    "Erna",
    "Fitri",
    "Gunawan",
    "Hartini",
    "Irawan",
    "Krisna",
    "Lukman",
    "Mega",
    "Novi",
    "Okta",
    "Prasetyo",
    "Rizki",
    "Sigit",
    "Titik",
    "Yoga",
    "Anita",
    "Endang",
    "Haryanto",
    "Ninik",
    "Rahmat",
    "Suci",
]
LAST = [
    "Kurniawan",
    "Santoso",
    "Wahyuni",
    "Hartono",
    "Prasetyo",
    "Setiawan",
    "Aminah",
    "Marlina",
    "Saputra",
    "Lestari",
    "Susanto",
    "Purnomo",
    "Rahayu",
    "Nugroho",
    "Hidayat",
    "Wibowo",
    "Handayani",
    "Suryani",
    "Utomo",
    "Permana",
    "Astuti",
    "Sulistyo",
    "Pratama",
    "Maharani",
    "Kusuma",
    "Wijaya",
    "Hakim",
    "Firmansyah",
    "Anggraini",
    "Widodo",
    "Sugiarto",
    "Yulianto",
    "Puspitasari",
    "Rachman",
    "Subagyo",
    "Haryadi",
    "Mulyani",
    "Suharto",
    "Wulandari",
    "Riyanto",
    "Budiman",
    "Nurhayati",
    "Fauzi",
    "Iskandar",
    "Sasongko",
    "Triyono",
    "Sukmawati",
    "Darmawan",
]
SINGLE = [
    "Sutrisno",
    "Suparman",
    "Sumarni",
    "Wahyudi",
    "Sugiyanto",
    "Purwanto",
    "Suyatno",
    "Sukirman",
    "Paijo",
    "Tukiyem",
    "Mardiyah",
    "Supriyadi",
    "Sarjono",
    "Warsini",
]
NICK = {
    "Bambang": "Bams",
    "Budi": "Bud",
    "Andi": "Andy",
    "Muhammad": "Mamad",
    "Siti": "Ti",
    "Ahmad": "Mad",
    "Hendra": "Hen",
    "Rizki": "Kiki",
    "Indah": "Inda",
    "Wahyu": "Yuyu",
}
TITLES = ["Drs.", "Dra.", "Ir.", "Dr.", "H.", "Hj."]
DEGREES = [
    "S.Kom.",
    "S.E.",
    "S.H.",
    "S.Sos.",
    "S.IP.",
    "S.T.",
    "S.Pd.",
    "M.Si.",
    "M.M.",
    "M.Pd.",
    "M.Kes.",
    "M.A.P.",
    "M.T.",
    "A.Md.",
    "S.Psi.",
    "M.Eng.",
    "Ph.D.",
]
HONORIFICS = ["Bapak", "Pak", "Ibu", "Bu", "Mas", "Mbak"]
DEVICES = [
    "iPhone",
    "Galaxy A51",
    "Redmi Note 8",
    "OPPO A5s",
    "vivo 1906",
    "iPad",
    "Android",
    "Samsung Galaxy S10",
    "Infinix HOT 9",
]

# region: (canonical, level, display forms, e-mail domain label)
REGIONS = {
    "diy": (
        "DIY",
        "provinsi",
        ["DIY", "Prov DIY", "Pemda DIY", "D.I.Yogyakarta", "diy"],
        "jogjaprov",
    ),
    "sleman": (
        "Kabupaten Sleman",
        "kabupaten",
        ["SLEMAN", "Sleman", "Kab. Sleman", "Kab Sleman", "slm"],
        "slemankab",
    ),
    "kulonprogo": (
        "Kabupaten Kulon Progo",
        "kabupaten",
        ["Kulon Progo", "KULONPROGO", "Kab. Kulon Progo", "KP", "Kulonprogo"],
        "kulonprogokab",
    ),
    "gunungkidul": (
        "Kabupaten Gunungkidul",
        "kabupaten",
        ["Gunungkidul", "GUNUNG KIDUL", "Kab. Gunungkidul", "GK", "gunungkidul"],
        "gunungkidulkab",
    ),
    "bantul": (
        "Kabupaten Bantul",
        "kabupaten",
        ["Bantul", "BANTUL", "Kab. Bantul", "Kab Bantul", "btl"],
        "bantulkab",
    ),
    "kotayk": (
        "Kota Yogyakarta",
        "kota",
        ["Kota Jogja", "Kota Yogyakarta", "Pemkot Jogja", "KOTA YOGYA", "jogjakota"],
        "jogjakota",
    ),
    "jateng": (
        "Jawa Tengah",
        "provinsi",
        ["Jateng", "JATENG", "Prov. Jateng", "Jawa Tengah", "Prov Jawa Tengah"],
        "jatengprov",
    ),
    "banjarnegara": (
        "Kabupaten Banjarnegara",
        "kabupaten",
        ["Banjarnegara", "BANJARNEGARA", "Kab. Banjarnegara", "banjarnegara"],
        "banjarnegarakab",
    ),
    "banyumas": (
        "Kabupaten Banyumas",
        "kabupaten",
        ["Banyumas", "BANYUMAS", "Kab. Banyumas", "Kab Banyumas"],
        "banyumaskab",
    ),
    "brebes": (
        "Kabupaten Brebes",
        "kabupaten",
        ["Brebes", "BREBES", "Kab. Brebes", "Kab Brebes"],
        "brebeskab",
    ),
    "cilacap": (
        "Kabupaten Cilacap",
        "kabupaten",
        ["Cilacap", "CILACAP", "Kab. Cilacap", "Kab Cilacap"],
        "cilacapkab",
    ),
}
# More regencies and cities, unknown to the matcher's data: learnt from the roster alone.
for _name in [
    "Klaten",
    "Boyolali",
    "Sukoharjo",
    "Wonogiri",
    "Karanganyar",
    "Sragen",
    "Grobogan",
    "Blora",
    "Rembang",
    "Pati",
    "Kudus",
    "Jepara",
    "Demak",
    "Temanggung",
    "Kendal",
    "Batang",
    "Pemalang",
    "Purbalingga",
    "Kebumen",
    "Purworejo",
    "Wonosobo",
]:
    REGIONS[_name.lower()] = (
        f"Kabupaten {_name}",
        "kabupaten",
        [_name, _name.upper(), f"Kab. {_name}", f"Kab {_name}"],
        f"{_name.lower()}kab",
    )
for _name in ["Magelang", "Semarang", "Pekalongan", "Tegal"]:  # both a regency and a city
    REGIONS[f"kab{_name.lower()}"] = (
        f"Kabupaten {_name}",
        "kabupaten",
        [f"Kab. {_name}", f"Kab {_name}", f"KAB {_name.upper()}", f"Kabupaten {_name}"],
        f"{_name.lower()}kab",
    )
    REGIONS[f"kota{_name.lower()}"] = (
        f"Kota {_name}",
        "kota",
        [f"Kota {_name}", f"KOTA {_name.upper()}", f"Pemkot {_name}"],
        f"{_name.lower()}kota",
    )

# unit: display forms
UNITS = {
    "organisasi": [
        "ORG",
        "Bag Org",
        "Organisasi",
        "Bag. Organisasi",
        "Biro Org",
        "ORTALA",
        "bagian organisasi",
    ],
    "dpmptsp": ["DPMPTSP", "DPM-PTSP", "PTSP", "Dinas PMPTSP", "dpmptsp", "DPMPTSP"],
    "pariwisata": ["Dinpar", "Dispar", "Pariwisata", "DINPAR", "Disbudpar", "Dinas Pariwisata"],
}


def agency_name(region_key: str, unit: str) -> str:
    canonical, level, _forms, _domain = REGIONS[region_key]
    where = canonical if level != "provinsi" else ("DIY" if region_key == "diy" else f"Provinsi {canonical}")
    if unit == "organisasi":
        return f"Biro Organisasi Setda {where}" if level == "provinsi" else f"Bagian Organisasi Setda {where}"
    if unit == "dpmptsp":
        return f"DPMPTSP {where}"
    return f"Dinas Pariwisata {where}"


ORGANISER_AGENCY = "Kementerian PANRB"


@dataclass
class Person:
    pid: str
    name: str  # as on the roster ("" for people not on it)
    first: str
    agency: str | None
    region: str | None
    unit: str | None
    invitee: str | None = None  # roster id
    title: str = ""
    degree: str = ""
    email: str = ""
    phone: str = ""
    alias: str = ""
    sessions: tuple[str, ...] = ()
    role: str = "participant"


@dataclass(frozen=True)
class Label:
    """The truth about one segment."""

    person: str
    invitee: str | None  # who it is, when a careful person could tell
    agency: str | None  # the agency, when a careful person could tell
    kind: str  # invitee, delegate, visitor, stranger, organiser, device
    habit: str


@dataclass
class SessionLog:
    id: str
    title: str
    start: datetime
    end: datetime
    agencies: list[str]
    segments: list[Segment] = field(default_factory=list)
    labels: dict[str, Label] = field(default_factory=dict)  # segment ref -> label
    expected: dict[str, str] = field(default_factory=dict)  # person -> expected status
    devices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # person -> (display, device id)
    device_of: dict[str, str] = field(default_factory=dict)  # segment ref -> device id


@dataclass
class Programme:
    roster: list[Person]
    sessions: list[SessionLog]
    people: dict[str, Person]
    min_minutes: float


class Generator:
    def __init__(self, seed: int, min_minutes: float = 45.0, short_share: float = 0.08):
        self.rng = random.Random(seed)
        self.short_share = short_share
        self.min_minutes = min_minutes
        self.people: dict[str, Person] = {}
        self.used_names: set[str] = set()
        self.emails: set[str] = set()
        self._n = 0

    # --- names -----------------------------------------------------------------------------

    def _fresh_name(self, homonym_of: str | None = None) -> tuple[str, str]:
        if homonym_of:
            return homonym_of, homonym_of.split()[0]
        for _ in range(1000):
            r = self.rng.random()
            if r < 0.12:
                name = self.rng.choice(SINGLE)
            elif r < 0.85:
                name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            else:
                name = f"{self.rng.choice(FIRST)} {self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name not in self.used_names and len(set(name.split())) == len(name.split()):
                self.used_names.add(name)
                return name, name.split()[0]
        raise RuntimeError("name pool exhausted")

    def _pid(self) -> str:
        self._n += 1
        return f"P{self._n:05d}"

    def person(
        self,
        agency: str | None,
        region: str | None,
        unit: str | None,
        *,
        on_roster: bool,
        sessions: tuple[str, ...] = (),
        role: str = "participant",
        homonym_of: str | None = None,
    ) -> Person:
        name, first = self._fresh_name(homonym_of)
        rng = self.rng
        p = Person(
            self._pid(),
            name if on_roster else "",
            first,
            agency,
            region,
            unit,
            sessions=sessions,
            role=role,
        )
        p.title = rng.choice(TITLES) if rng.random() < 0.25 else ""
        p.degree = ", ".join(rng.sample(DEGREES, rng.choice([1, 1, 2]))) if rng.random() < 0.45 else ""
        if not on_roster:
            p.name = ""
            p._real = name  # type: ignore[attr-defined]
        else:
            p._real = name  # type: ignore[attr-defined]
            if rng.random() < 0.5:
                local = name.lower().replace(" ", rng.choice([".", "_", ""]))
                domain = (
                    f"{REGIONS[region][3]}.go.id"
                    if region and rng.random() < 0.5
                    else rng.choice(["gmail.com", "yahoo.co.id", "gmail.com"])
                )
                email = f"{local}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@{domain}"
                while email in self.emails:  # mailboxes are personal
                    email = f"{local}{rng.randint(1, 999)}@{domain}"
                self.emails.add(email)
                p.email = email
            if rng.random() < 0.35:
                p.phone = "08" + "".join(rng.choice(string.digits) for _ in range(rng.choice([9, 10])))
            if first in NICK and rng.random() < 0.6:
                p.alias = NICK[first]
        self.people[p.pid] = p
        return p

    # --- display names ---------------------------------------------------------------------

    def _region_form(self, p: Person) -> str:
        return self.rng.choice(REGIONS[p.region][2]) if p.region else ""

    def _unit_form(self, p: Person) -> str:
        return self.rng.choice(UNITS[p.unit]) if p.unit else ""

    def _typo(self, word: str) -> str:
        if len(word) < 5:
            return word
        i = self.rng.randrange(1, len(word) - 1)
        op = self.rng.choice(["drop", "swap", "double", "replace"])
        if op == "drop":
            return word[:i] + word[i + 1 :]
        if op == "swap":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if op == "double":
            return word[:i] + word[i] + word[i:]
        return word[:i] + self.rng.choice("aiueo") + word[i + 1 :]

    def display(self, p: Person, habit: str) -> str:
        """A display name for ``p`` in the given habit; ``self.hinted`` says whether it
        named the region and the unit."""
        text = self._display(p, habit)
        region, unit = self._last
        self.hinted = (bool(region) and region in text, bool(unit) and unit in text)
        return text

    def _display(self, p: Person, habit: str) -> str:
        rng = self.rng
        real = p._real  # type: ignore[attr-defined]
        region, unit = self._region_form(p), self._unit_form(p)
        self._last = (region, unit)
        sep = rng.choice(["_", " - ", "_", " ", "-", " | "])
        if habit == "titled":
            return f"{p.title or rng.choice(TITLES)} {real}" + (f", {p.degree}" if p.degree else "")
        if habit == "plain":
            return rng.choice([real, real.upper(), real.lower(), f"{rng.choice(HONORIFICS)} {real}"])
        if habit == "prefix":
            parts = [region, unit, rng.choice([real, real.upper(), real])]
            if rng.random() < 0.3:
                parts = [unit, region, parts[2]]
            return sep.join(parts)
        if habit == "suffix":
            return f"{real} ({unit} {region})" if rng.random() < 0.5 else f"{real}{sep}{region}{sep}{unit}"
        if habit == "first_hint":
            return sep.join([region, unit, rng.choice([p.first, f"{rng.choice(HONORIFICS)} {p.first}"])])
        if habit == "typo":
            words = real.split()
            j = max(range(len(words)), key=lambda k: len(words[k]))
            words[j] = self._typo(words[j])
            typoed = " ".join(words)
            return f"{region}{sep}{unit}{sep}{typoed}" if rng.random() < 0.7 else typoed
        if habit == "swapped":
            words = real.split()
            return " ".join(words[1:] + words[:1]) + (f" ({region})" if rng.random() < 0.5 else "")
        if habit == "nick":
            return rng.choice([p.alias, f"{p.alias} {region}", f"{region}_{p.alias}"])
        if habit == "phone":
            d = p.phone[1:]
            return rng.choice([p.phone, f"+62 {d[:3]}-{d[3:7]}-{d[7:]}", f"62{d}", f"+62{d}"])
        if habit == "masked":
            d = p.phone[1:]
            return f"+62 {d[:3]}-{'*' * (len(d) - 7)}-{d[-4:]}"
        if habit == "device":
            return rng.choice(
                [
                    *DEVICES,
                    f"{p.first}'s iPad",
                    f"{p.first}'s iPhone",
                    "DESKTOP-"
                    + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(7)),
                ]
            )
        if habit == "first_only":
            return p.first
        raise ValueError(habit)


def _segments_for(
    gen: Generator, start: datetime, end: datetime, verified: bool
) -> list[tuple[datetime, datetime]]:
    """Join-leave spans of one person: rejoins after dropped connections."""
    rng = gen.rng
    length = (end - start).total_seconds() / 60
    if verified:
        a = start + timedelta(minutes=rng.uniform(-10, 12))
        b = end - timedelta(minutes=rng.uniform(-8, 25))
    else:
        a = start + timedelta(minutes=rng.uniform(0, length - 45))
        b = a + timedelta(minutes=rng.uniform(5, min(gen.min_minutes - 8, 35)))
    spans = [(a, b)]
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
        a0, b0 = spans[-1]
        if (b0 - a0).total_seconds() < 20 * 60:
            break
        cut = a0 + (b0 - a0) * rng.uniform(0.3, 0.7)
        gap = timedelta(seconds=rng.uniform(20, 150))
        spans[-1] = (a0, cut)
        spans.append((cut + gap, b0))
    return [(x.replace(microsecond=0), y.replace(microsecond=0)) for x, y in spans]


# Habits an invitee's display name may take, with weights; those needing data check for it.
HABITS = [
    ("titled", 10),
    ("plain", 10),
    ("prefix", 26),
    ("suffix", 10),
    ("first_hint", 8),
    ("typo", 10),
    ("swapped", 5),
    ("nick", 4),
    ("phone", 4),
    ("masked", 2),
    ("device", 6),
    ("first_only", 5),
]


def _identifiable(
    gen: Generator, p: Person, habit: str, email_shown: bool, session_invitees: list[Person]
) -> tuple[bool, bool]:
    """(invitee identifiable, agency identifiable) for a careful person reading this display,
    who knows the roster and reads the region and unit the display name gives."""
    region_given, unit_given = gen.hinted
    agency_given = region_given and unit_given
    if email_shown and p.email:
        return True, True
    if habit in ("phone", "masked"):
        if not p.phone:
            return False, False
        if habit == "masked":
            same = [
                q
                for q in gen.people.values()
                if q.phone
                and q.phone[:4] == p.phone[:4]
                and q.phone[-4:] == p.phone[-4:]
                and len(q.phone) == len(p.phone)
            ]
            return len(same) == 1, len(same) == 1
        return True, True
    if habit == "nick":
        ok = bool(p.alias) and sum(q.alias == p.alias for q in gen.people.values()) == 1
        return ok, ok or agency_given
    real = p._real  # type: ignore[attr-defined]
    if habit == "device" or (habit == "first_only" and " " in real):
        return False, False
    pool = [q for q in gen.people.values() if q.name]
    if region_given:
        pool = [q for q in pool if q.region == p.region]
    if unit_given:
        pool = [q for q in pool if q.unit == p.unit]
    if habit == "first_hint":
        same = [q for q in pool if q.first == p.first]
    else:
        named = [q for q in pool if q._real == real]  # type: ignore[attr-defined]
        same = [q for q in named if q in session_invitees] or named
    ok = len(same) == 1 and bool(p.name)
    return ok, ok or agency_given


def generate(
    seed: int,
    sessions: list[tuple[str, list[str]]],
    *,
    day: datetime | None = None,
    people_per_agency: tuple[int, int] = (2, 3),
    attend: float = 0.85,
    delegates: float = 0.25,
    visitors: int = 2,
    strangers: int = 3,
    organisers: int = 4,
    homonyms: int = 2,
    min_minutes: float = 45.0,
    short_share: float = 0.08,
    open_seat_share: float = 0.15,
    hidden_email: frozenset[str] = frozenset(),
) -> Programme:
    """A programme: ``sessions`` is [(session id, [region keys])]; each region brings its
    three units as agencies."""
    gen = Generator(seed, min_minutes, short_share)
    rng = gen.rng
    day = day or datetime(2020, 4, 14, 9, 0, tzinfo=WIB)
    roster: list[Person] = []
    logs: list[SessionLog] = []
    homonym_pool: list[tuple[str, str]] = []
    for n, (sid, regions) in enumerate(sessions):
        start = day + timedelta(days=n // 2, hours=(n % 2) * 4)
        agencies = [agency_name(r, u) for r in regions for u in UNITS]
        logs.append(SessionLog(sid, f"Sesi {n + 1}", start, start + timedelta(minutes=150), agencies))
        for r in regions:
            for u in UNITS:
                for _ in range(rng.randint(*people_per_agency)):
                    here = agency_name(r, u)
                    twin = None
                    if homonym_pool and homonym_pool[-1][1] != here and rng.random() < 0.5:
                        twin = homonym_pool.pop()[0]  # a namesake in another agency
                    p = gen.person(here, r, u, on_roster=True, sessions=(sid,), homonym_of=twin)
                    if len(homonym_pool) < homonyms and twin is None and n == 0 and len(p.name.split()) == 2:
                        homonym_pool.append((p.name, here))
                    roster.append(p)
                if rng.random() < open_seat_share:
                    seat = Person(gen._pid(), "", "", agency_name(r, u), r, u, sessions=(sid,))
                    seat._real = ""  # type: ignore[attr-defined]
                    roster.append(seat)
    org = [
        gen.person(ORGANISER_AGENCY, None, None, on_roster=True, sessions=("*",), role="organiser")
        for _ in range(organisers)
    ]
    roster.extend(org)
    for i, p in enumerate(roster):
        p.invitee = f"R{i + 1:04d}"
    by_session = {log.id: [p for p in roster if log.id in p.sessions and p.name] for log in logs}

    for log in logs:
        invitees = by_session[log.id]
        attendees: list[tuple[Person, str]] = []
        for p in invitees:
            if rng.random() < attend:
                attendees.append((p, "invitee"))
        for agency in log.agencies:
            if rng.random() < delegates:
                q = next(x for x in invitees if x.agency == agency)
                attendees.append((gen.person(agency, q.region, q.unit, on_roster=False), "delegate"))
        others = [p for s, ps in by_session.items() if s != log.id for p in ps]
        for p in rng.sample(others, min(visitors, len(others))):
            attendees.append((p, "visitor"))
        for _ in range(strangers):
            attendees.append((gen.person(None, None, None, on_roster=False), "stranger"))
        for p in org:
            attendees.append((p, "organiser"))
        for p, kind in attendees:
            _attend(gen, log, p, kind, invitees, log.id in hidden_email)
        log.segments.sort(key=lambda s: (s.join, s.seq))
    return Programme(roster, logs, gen.people, min_minutes)


def _attend(
    gen: Generator, log: SessionLog, p: Person, kind: str, invitees: list[Person], meet: bool
) -> None:
    """Add one person's segments to the log. ``meet``: no e-mails shown, phones masked."""
    rng = gen.rng
    short = kind in ("invitee", "delegate") and rng.random() < gen.short_share
    if kind == "stranger":
        habit = rng.choice(["plain", "device", "plain"])
    elif kind == "organiser":
        habit = rng.choice(["titled", "plain"])
    elif kind in ("delegate", "visitor"):
        habit = rng.choice(["prefix", "suffix", "prefix"])
    else:
        choices = [
            (h, w)
            for h, w in HABITS
            if not (h in ("phone", "masked") and not p.phone) and not (h == "nick" and not p.alias)
        ]
        habit = rng.choices([h for h, _ in choices], weights=[w for _, w in choices])[0]
    if meet and habit == "phone":
        habit = "masked"
    email_shown = not meet and bool(p.email) and (habit == "device" or rng.random() < 0.3)
    display = gen.display(p, habit)
    real = p._real  # type: ignore[attr-defined]
    if habit == "device" and real and " " not in real and real in display:
        habit = "plain"  # "Sarjono's iPhone" shows a one-word name whole
    inv_ok, ag_ok = _identifiable(gen, p, habit, email_shown, invitees)
    if kind == "delegate":
        inv_ok, ag_ok = False, all(gen.hinted)
    if kind == "stranger":
        inv_ok, ag_ok = False, False
    device_id = f"{log.id}-{p.pid}-0"
    spans = _segments_for(gen, log.start, log.end, not short)
    label = Label(p.pid, p.invitee if inv_ok and p.name else None, p.agency if ag_ok else None, kind, habit)
    for a, b in spans:
        _add(log, display, a, b, p.email if email_shown else None, device_id, label)
    # a second device, overlapping: a phone signed in with the same account, or an anonymous one
    if kind == "invitee" and not short and rng.random() < 0.1:
        a, b = (
            spans[0][0] + timedelta(minutes=rng.uniform(5, 30)),
            spans[-1][1] - timedelta(minutes=rng.uniform(5, 30)),
        )
        if b > a:
            second = gen.display(p, "device")
            shown = p.email if p.email and email_shown else None
            lab = label if shown else Label(p.pid, None, None, "device", "device")
            _add(log, second, a, b, shown, f"{log.id}-{p.pid}-1", lab)
    minutes = _covered(spans, log.start, log.end)
    if kind == "stranger":
        status = "unmatched"
    elif kind == "organiser":
        status = "organiser" if (inv_ok or ag_ok) else "unmatched"
    elif kind == "visitor":
        status = "wrong_session" if (inv_ok or ag_ok) else "unmatched"
    else:
        status = ("verified" if minutes >= gen.min_minutes else "short") if (inv_ok or ag_ok) else "unmatched"
    log.expected[p.pid] = status


def _covered(spans, start, end) -> float:
    total, last = 0.0, start
    for a, b in sorted(spans):
        a, b = max(a, last, start), min(b, end)
        if b > a:
            total += (b - a).total_seconds()
            last = b
    return total / 60


def _add(
    log: SessionLog,
    name: str,
    a: datetime,
    b: datetime,
    email: str | None,
    device: str,
    label: Label,
) -> None:
    seg = Segment(
        name=name,
        join=a.astimezone(UTC),
        leave=b.astimezone(UTC),
        email=email,
        participant_id=None,
        source=f"gen:{log.id}",
        seq=len(log.segments),
    )
    log.segments.append(seg)
    log.labels[seg.ref] = label
    log.device_of[seg.ref] = device
