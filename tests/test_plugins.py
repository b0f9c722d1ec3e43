"""Extension points: a provider from another distribution declares its own settings and
session keys and works from a config; a file format registers the same way."""

from __future__ import annotations

import importlib
import json
import textwrap

import pytest
from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import InputError
from vc_sync.providers.base import provider_for

PLUGIN = '''
"""A provider in another package: a session's ``echo`` lists who came, as "name=minutes"."""
from datetime import timedelta
from typing import ClassVar

from vc_sync.model import Segment
from vc_sync.providers.base import Pull, RawPage
from vc_sync.providers.schema import Ref, SessionKey, Setting


def read_people(value, ctx):
    if not isinstance(value, str) or "=" not in value:
        ctx.problem("must list people as name=minutes, separated by '|'")
        return None
    return Ref(value)


def read_offset(value, ctx):
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 60:
        ctx.problem("must be a whole number of minutes from 0 to 60")
    return value


class EchoProvider:
    name: ClassVar[str] = "echo"
    sources: ClassVar[tuple[str, ...]] = ("echo",)
    settings: ClassVar[tuple] = (Setting("room", required=True), Setting("token", secret=True))
    session_keys: ClassVar[tuple] = (
        SessionKey("echo", read=read_people, label="Echo room"),
        SessionKey("echo_late", source=False, read=read_offset),
    )

    def __init__(self, config):
        self.room = config.providers["echo"]["room"]

    def pull(self, session, progress=None):
        page = RawPage(self.room, session.ref.encode())
        return Pull(tuple(self.replay([page], session)), (page,), origin=f"echo {self.room}")

    def replay(self, pages, session):
        start = session.start + timedelta(minutes=session.options.get("echo_late", 0))
        out = []
        for n, item in enumerate(pages[0].body.decode().split("|")):
            name, minutes = item.rsplit("=", 1)
            leave = start + timedelta(minutes=int(minutes))
            out.append(Segment(name.strip(), start, leave, source="echo", seq=n))
        return out

    def check(self):
        return f"room {self.room}"
'''


@pytest.fixture
def echo(tmp_path, monkeypatch, programme):
    """``vcs-echo``, installed into a folder on sys.path as pip would lay it out."""
    site = tmp_path / "site"
    (site / "vcs_echo").mkdir(parents=True)
    (site / "vcs_echo" / "__init__.py").write_text(PLUGIN)
    dist = site / "vcs_echo-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: vcs-echo\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[vc_sync.providers]\necho = vcs_echo:EchoProvider\n")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    programme.edit(
        "config.toml",
        'file = "s1.csv"\n\n[[sessions]]',
        'echo = "Andi Kurniawan=120|Drs. Bambang Hadi=20"\necho_late = 5\n\n[[sessions]]',
    )
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + '\n[providers.echo]\nroom = "ruang-1"\ntoken = "tok-123456"\n',
    )
    yield programme
    monkeypatch.delitem(__import__("sys").modules, "vcs_echo", raising=False)


def test_an_outside_provider_declares_its_session_keys_and_works(echo):
    config = load_config(echo.config)
    session = config.session("S1")
    assert (session.source, session.options["echo_late"]) == ("echo", 5)
    assert session.describe() == "Echo room"
    assert config.redact("the token tok-123456 leaked") == "the token *** leaked"  # declared secret
    pull = provider_for(session, config).pull(session)
    assert [s.name for s in pull.segments] == ["Andi Kurniawan", "Drs. Bambang Hadi"]
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(echo.config), "--session", "S1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    found = {
        n: (p["invitee"], p["status"])
        for p in json.loads(result.stdout)["participants"]
        for n in p["display_names"]
    }
    assert found == {"Andi Kurniawan": ("R001", "verified"), "Drs. Bambang Hadi": ("R002", "short")}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("echo_late = 5", "echo_late = 90"), "sessions[1] (S1).echo_late: must be a whole number"),
        (('"Andi Kurniawan=120|Drs. Bambang Hadi=20"', '"all"'), "sessions[1] (S1).echo: must list people"),
        (('room = "ruang-1"', 'room = ""'), "providers.echo.room: required and empty"),
        (("token = ", "colour = "), "providers.echo.colour: unknown key"),
        (
            ("echo_late = 5\n\n[[sessions]]", "\n\n[[sessions]]\necho_late = 5"),
            "(S2).echo_late: goes with a echo",
        ),
    ],
)
def test_its_declarations_are_checked_when_the_config_is_read(echo, edit, message):
    echo.edit("config.toml", *edit)
    with pytest.raises(InputError) as exc:
        load_config(echo.config)
    assert message in str(exc.value)


def test_built_in_sources_read_their_own_keys(programme, monkeypatch):
    """Each built-in provider's key reader: a webinar link makes a webinar session; a Teams
    join link's passcode is masked; sessions show their source as before."""
    monkeypatch.setenv("ZS", "secret-123456")
    programme.edit(
        "config.toml",
        'file = "s1.csv"\n\n[[sessions]]',
        'zoom = "https://kemenpan.zoom.us/w/81234567890?pwd=Pa55word99"\n\n[[sessions]]',
    )
    programme.edit(
        "config.toml",
        'file = "s2.csv"\n',
        'teams = "https://teams.microsoft.com/meet/2543787654321?p=Xq7RtYb2Lk"\nteams_organizer = "o-1"\n',
    )
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + '[providers.zoom]\naccount_id = "a"\nclient_id = "c"\nclient_secret = "${ZS}"\n'
        + '[providers.teams]\ntenant = "t"\nclient_id = "c"\nclient_secret = "literal-secret-9"\n',
    )
    config = load_config(programme.config)
    s1, s2 = config.sessions
    assert (s1.source, s1.ref, s1.describe()) == ("zoom_webinar", "81234567890", "Zoom webinar 81234567890")
    assert (s2.source, s2.options["teams_organizer"], s2.describe()) == (
        "teams",
        "o-1",
        "Microsoft Teams meeting",
    )
    shown = config.redact(f"{s2.ref} with Pa55word99 and literal-secret-9")
    assert "Xq7RtYb2Lk" not in shown and "Pa55word99" not in shown and "literal-secret-9" not in shown


TEAMS_REPORT = textwrap.dedent(
    """\
    1. Summary
    Meeting title\tBimtek Pelayanan Publik
    Attended participants\t3
    Start time\t4/14/20, 8:58:00 AM
    End time\t4/14/20, 11:35:00 AM

    2. Participants
    Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole
    Andi K\t4/14/20, 9:00:00 AM\t4/14/20, 11:20:00 AM\t2h 18m\tandi.k@slemankab.go.id\tandi.k\tAttendee
    Drs. Bambang Hadi\t4/14/20, 9:05:00 AM\t4/14/20, 9:35:00 AM\t30m\t\t\tAttendee

    3. In-Meeting Activities
    Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole
    Andi K\t4/14/20, 9:00:00 AM\t4/14/20, 10:00:00 AM\t1h\tandi.k@slemankab.go.id\tAttendee
    Andi K\t4/14/20, 10:02:00 AM\t4/14/20, 11:20:00 AM\t1h 18m\tandi.k@slemankab.go.id\tAttendee
    Drs. Bambang Hadi\t4/14/20, 9:05:00 AM\t4/14/20, 9:35:00 AM\t30m\t\tAttendee
    """
)


@pytest.mark.parametrize("declared", [False, True])
def test_a_saved_teams_attendance_report_is_a_file_format(programme, declared):
    (programme.root / "s1.csv").write_bytes(TEAMS_REPORT.encode("utf-16"))  # as Teams saves it
    if declared:
        programme.edit(
            "config.toml",
            'file = "s1.csv"\n\n[[sessions]]',
            'file = "s1.csv"\nformat = "teams-csv"\n\n[[sessions]]',
        )
    config = load_config(programme.config)
    session = config.session("S1")
    pull = provider_for(session, config).pull(session)
    assert [(s.name, s.join.strftime("%H:%M"), s.leave.strftime("%H:%M")) for s in pull.segments] == [
        ("Andi K", "02:00", "03:00"),
        ("Andi K", "03:02", "04:20"),
        ("Drs. Bambang Hadi", "02:05", "02:35"),
    ]
    assert pull.segments[0].email == "andi.k@slemankab.go.id"


def test_a_report_without_activities_reads_the_participants(programme):
    text = TEAMS_REPORT.split("3. In-Meeting")[0]
    (programme.root / "s1.csv").write_bytes(text.encode("utf-16"))
    config = load_config(programme.config)
    session = config.session("S1")
    segments = provider_for(session, config).pull(session).segments
    assert [(s.name, s.join.strftime("%H:%M"), s.leave.strftime("%H:%M")) for s in segments] == [
        ("Andi K", "02:00", "04:18"),  # 2h 18m in the meeting, not the 2h 20m span
        ("Drs. Bambang Hadi", "02:05", "02:35"),
    ]
