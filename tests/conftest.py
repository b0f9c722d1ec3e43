"""Shared fixtures: a small programme written into a temporary folder."""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the benchmark generator is used by property tests
    sys.path.insert(0, str(ROOT))

ROSTER = """\
id;sessions;agency;name;email;phone;aliases;role
R001;S1;DPMPTSP Kabupaten Sleman;Andi Kurniawan;andi.k@slemankab.go.id;;Andy;participant
R002;S1;DPMPTSP Kabupaten Sleman;Drs. Bambang Hadi, M.Si.;;0812-3456-7890;;participant
R003;S1;Dinas Pariwisata Kabupaten Bantul;Sri Wahyuni;;;;participant
R004;S2;Dinas Pariwisata Kabupaten Brebes;Sri Wahyuni;;;;participant
R005;S1;Bagian Organisasi Setda Kabupaten Bantul;;;;;participant
R006;*;Kementerian PANRB;Damayani Tyastianti;;;;organiser
R007;S2;DPMPTSP Kabupaten Cilacap;Joko Susanto;joko@cilacapkab.go.id;;;participant
"""

ZOOM_CSV = """\
Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Bimtek,04/14/2020 08:55:00 AM,04/14/2020 11:40:00 AM,host@menpan.go.id,165,9

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent
iPhone,andi.k@slemankab.go.id,04/14/2020 08:58:00 AM,04/14/2020 10:00:00 AM,62,No,
iPhone,andi.k@slemankab.go.id,04/14/2020 10:02:00 AM,04/14/2020 11:31:00 AM,89,No,
+62 812-3456-7890,,04/14/2020 09:05:00 AM,04/14/2020 11:20:00 AM,135,Yes,
Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM,30,Yes,
BANTUL_BAG ORG_Joko,,04/14/2020 09:01:00 AM,04/14/2020 11:29:00 AM,148,Yes,
Ibu Damayani Tyastianti,,04/14/2020 08:55:00 AM,04/14/2020 11:40:00 AM,165,Yes,
Cilacap_DPMPTSP_Joko Susanto,,04/14/2020 09:10:00 AM,04/14/2020 10:10:00 AM,60,Yes,
Galaxy A51,,04/14/2020 09:12:00 AM,04/14/2020 09:40:00 AM,28,Yes,
Galaxy A51,,04/14/2020 09:50:00 AM,04/14/2020 10:40:00 AM,50,Yes,
"""

CONFIG = """\
[event]
name = "Test programme"
timezone = "Asia/Jakarta"
roster = "roster.csv"

[policy]
min_minutes = 45

[output]
xlsx = "out/attendance.xlsx"

[[sessions]]
id = "S1"
title = "Session one"
start = "2020-04-14 09:00"
end = "2020-04-14 11:30"
file = "s1.csv"

[[sessions]]
id = "S2"
title = "Session two"
start = "2020-04-14 13:00"
end = "2020-04-14 15:30"
file = "s2.csv"
"""


def _later(m: re.Match[str], hours: int) -> str:
    from datetime import datetime, timedelta

    when = datetime.strptime(m.group(0), "%m/%d/%Y %I:%M:%S %p") + timedelta(hours=hours)
    return when.strftime("%m/%d/%Y %I:%M:%S %p")


# the same people in the afternoon session: S1's log four hours later
ZOOM_CSV_S2 = re.sub(
    r"(\d\d)/(\d\d)/2020 (\d\d):(\d\d):00 (AM|PM)",
    lambda m: _later(m, 4),
    ZOOM_CSV,
)


class Programme:
    """A programme folder the test can edit before loading."""

    def __init__(self, root: Path):
        self.root = root
        self.write("roster.csv", ROSTER)
        self.write("s1.csv", ZOOM_CSV)
        self.write("s2.csv", ZOOM_CSV_S2)
        self.write("config.toml", CONFIG)

    @property
    def config(self) -> Path:
        return self.root / "config.toml"

    @property
    def xlsx(self) -> Path:
        return self.root / "out" / "attendance.xlsx"

    def write(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding=encoding)
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def programme(tmp_path: Path) -> Programme:
    return Programme(tmp_path)


@pytest.fixture
def sheets(programme):
    """A fake Google Sheet the programme writes to, beside its local workbook."""
    from tests.fakes.google import google_user_credentials
    from tests.fakes.server import Server
    from tests.fakes.sheets import FakeSheets

    app = FakeSheets()
    with Server(app) as server:
        creds = google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'''xlsx = "out/attendance.xlsx"
sheet = "https://docs.google.com/spreadsheets/d/{app.id}/edit#gid=0"
credentials = "{creds}"
endpoint = "{server.url}"
max_attempts = 4
lock_wait = 1''',
        )
        yield app


@pytest.fixture(params=["sheet", "workbook"])
def surface(request, programme):
    """The programme's output as organisers edit it, once as the Google Sheet (the real gspread
    against the fake) and once as the local workbook (a module may narrow it to one)."""
    from tests.organisers import SheetSurface, WorkbookSurface

    if request.param == "sheet":
        return SheetSurface(programme, request.getfixturevalue("sheets"))
    return WorkbookSurface(programme)
