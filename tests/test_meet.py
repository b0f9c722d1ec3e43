"""The Meet provider through the real googleapiclient against a fake Meet on loopback."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests.fakes.google import google_user_credentials
from tests.fakes.meet import FakeMeet, call_ended, iso
from tests.fakes.server import Server
from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import NotReady
from vc_sync.http import RetryPolicy
from vc_sync.providers.meet import MeetProvider


def people(app: FakeMeet, record, start: str = "2020-04-14T02:00:00Z", end: str = "2020-04-14T04:20:00Z"):
    app.add_participant(
        record,
        "1",
        "signedinUser",
        "Andi K",
        [(start, "2020-04-14T03:00:00Z"), ("2020-04-14T03:02:00Z", end)],
        user="users/1001",
    )
    app.add_participant(record, "2", "anonymousUser", "Drs. Bambang Hadi", [(start, end)])
    app.add_participant(record, "3", "phoneUser", "+62 812-****-7890", [("2020-04-14T02:10:00Z", end)])
    app.add_participant(record, "4", "anonymousUser", "BANTUL_BAG ORG_Joko", [(start, end)])
    app.add_participant(record, "5", "anonymousUser", "iPhone", [(start, "2020-04-14T02:40:00Z")])


@pytest.fixture
def meet(programme):
    app = FakeMeet()
    app.directory["1001"] = "andi.k@slemankab.go.id"
    with Server(app) as server:
        google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'meet = "abc-defg-hij"\n\n[[sessions]]'
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f"""
[providers.meet]
credentials = "google.json"
endpoint = "{server.url}/"
max_attempts = 3
""",
        )
        app.url = server.url
        yield app


def reconcile(programme, *extra: str):
    return CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json", *extra]
    )


def provider(programme) -> MeetProvider:
    p = MeetProvider(load_config(programme.config), policy=RetryPolicy(sleep=lambda _s: None))
    return p


def test_signed_in_anonymous_and_phone_participants(programme, meet):
    people(meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z"))
    result = reconcile(programme)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["participants"]
    got = {n: (p["invitee"], p["method"], p["status"]) for p in found for n in p["display_names"]}
    assert got["Andi K"] == ("R001", "email", "verified")  # e-mail from the Directory
    # the masked number fits one invitee; with his laptop's display name it is one person
    assert got["+62 812-****-7890"][0] == got["Drs. Bambang Hadi"][0] == "R002"
    bambang = next(p for p in found if p["invitee"] == "R002")
    assert sorted(bambang["display_names"]) == ["+62 812-****-7890", "Drs. Bambang Hadi"]
    assert got["iPhone"] == (None, "none", "unmatched")


def test_api_and_saved_json_give_the_same_reconcile(programme, meet):
    meet.directory_allowed = False
    people(meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z"))
    live = reconcile(programme)
    assert live.exit_code == 0, live.output
    assert "directory lookups are not allowed" in live.output  # said once, then display names
    record = meet.records[0]
    saved = {
        "participants": record.participants,
        "participantSessions": {p["name"]: meet.sessions[p["name"]] for p in record.participants},
    }
    programme.write("s1.json", json.dumps(saved))
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'file = "s1.json"')
    from_file = reconcile(programme)
    assert json.loads(live.stdout) == json.loads(from_file.stdout)


def test_paging_and_a_restarted_conference(programme, meet):
    early = meet.add_record(
        "r0", "abc-defg-hij", "2020-04-13T02:00:00Z", "2020-04-13T04:00:00Z"
    )  # the day before
    first = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T03:00:00Z")
    second = meet.add_record(
        "r2", "abc-defg-hij", "2020-04-14T03:05:00Z", "2020-04-14T04:30:00Z"
    )  # restarted
    people(meet, early)
    for n in range(300):
        meet.add_participant(
            first, f"g{n}", "anonymousUser", f"Tamu {n}", [("2020-04-14T02:00:00Z", "2020-04-14T02:50:00Z")]
        )
    people(meet, second, start="2020-04-14T03:06:00Z")
    pull = provider(programme).pull(load_config(programme.config).session("S1"))
    assert pull.meta["records"] == ["conferenceRecords/r2", "conferenceRecords/r1"]
    listed = [r for r in meet.requests if r.path.endswith("/participants")]
    assert [(r.path.split("/")[3], r.query.get("pageToken")) for r in listed] == [
        ("r1", None),
        ("r1", "p250"),
        ("r2", None),
    ]
    assert len(pull.segments) == 300 + 6  # five people, Andi twice; nothing from the day before
    p = provider(programme)
    assert p.replay(pull.pages, load_config(programme.config).session("S1")) == list(pull.segments)


def test_429_then_success(programme, meet):
    people(meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z"))
    meet.fail(
        "/participants",
        429,
        {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota"}},
        times=2,
    )
    pull = provider(programme).pull(load_config(programme.config).session("S1"))
    assert len(pull.segments) == 6


def test_a_running_conference_or_none_yet_is_not_ready(programme, meet):
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 3 and "no conference record of abc-defg-hij" in result.output
    people(meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", None))
    with pytest.raises(NotReady, match="still running"):
        provider(programme).pull(load_config(programme.config).session("S1"))


def recent(programme, days: int = 3) -> tuple[datetime, datetime]:
    """Move the programme's sessions to ``days`` ago (the Admin SDK keeps events 180 days);
    the start and end of S1, in UTC."""
    day = (datetime.now(UTC) - timedelta(days=days)).date()
    for old, new in (("2020-04-14 09:00", "09:00"), ("2020-04-14 11:30", "11:30")):
        programme.edit("config.toml", f'"{old}"', f'"{day.isoformat()} {new}"')
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=2)  # 09:00 WIB
    return start, start + timedelta(minutes=150)


def test_the_reports_source(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "reports"')
    start, end = recent(programme)
    meet.activities = [
        call_ended("Andi Kurniawan", "andi.k@slemankab.go.id", iso(end - timedelta(minutes=10)), 8400),
        call_ended("Tamu", "", iso(start + timedelta(minutes=30)), 600),
    ]
    result = reconcile(programme)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    andi = next(p for p in doc["participants"] if p["invitee"] == "R001")
    assert andi["method"] == "email" and andi["minutes"] == 140
    assert meet.count() == {"token": 1, "reports": 1}  # the whole log in one request


def test_domain_wide_delegation(programme, meet):
    from tests.fakes.google import google_service_account

    google_service_account(programme, f"{meet.url}/token")
    pem = json.loads((programme.root / "sa.json").read_text())["private_key"]
    programme.edit(
        "config.toml",
        'credentials = "google.json"',
        'credentials = "sa.json"\nsubject = "panitia@menpan.go.id"',
    )
    people(meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z"))
    refused = reconcile(programme)
    assert refused.exit_code == 1
    assert "the credentials were refused" in refused.output and "domain-wide delegation" in refused.output
    meet.delegation.add("panitia@menpan.go.id")
    allowed = reconcile(programme)
    assert allowed.exit_code == 0, allowed.output
    claims = [g for g in meet.grants if g.get("grant_type", "").endswith("jwt-bearer")]
    assert claims and pem not in allowed.output


def test_check_online(programme, meet):
    result = CliRunner().invoke(cli, ["check", "--config", str(programme.config), "--online"])
    assert result.exit_code == 0, result.output
    assert "meet: conference records readable" in result.output
    assert "gsecret-77" not in result.output


def test_auth_google_refuses_a_bad_client_file(tmp_path):
    bad = tmp_path / "client.json"
    bad.write_text('{"nothing": true}')
    result = CliRunner().invoke(
        cli, ["auth", "google", "--client-secrets", str(bad), "--out", str(tmp_path / "t.json")]
    )
    assert result.exit_code == 2
    assert "not an OAuth client secrets file" in result.output
    assert not (tmp_path / "t.json").exists()
