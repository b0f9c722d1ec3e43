"""One conformance suite that every provider passes, whatever its source.

A provider's pull returns segments with aware UTC times and unique positions, the raw pages it
read, and a replay of those pages rebuilds exactly the same segments.
"""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from tests.fakes.google import google_user_credentials
from tests.fakes.server import Server
from tests.fakes.zoom import FakeZoom, participant
from vc_sync.config import load_config
from vc_sync.http import RetryPolicy
from vc_sync.providers.base import provider_for

RECORDS = [
    participant("Drs. Bambang Hadi", "2020-04-14T02:00:00Z", "2020-04-14T03:00:00Z", "", "u-1"),
    participant("Drs. Bambang Hadi", "2020-04-14T03:01:00Z", "2020-04-14T04:00:00Z", "", "u-1"),
    participant("iPhone", "2020-04-14T02:10:00Z", "2020-04-14T02:40:00Z", "andi.k@slemankab.go.id"),
]


def file_source(programme, monkeypatch):
    programme.write("s1.json", json.dumps({"participants": RECORDS}))
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'file = "s1.json"\n\n[[sessions]]')
    yield load_config(programme.config)


def zoom_source(programme, monkeypatch):
    app = FakeZoom("acct-123456", "client-123456", "secret-123456")
    app.add_instance("81234567890", "uuid/1==", "2020-04-14T01:55:00Z", RECORDS)
    with Server(app) as server:
        monkeypatch.setenv("ZS", "secret-123456")
        programme.edit(
            "config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'zoom = "812 3456 7890"\n\n[[sessions]]'
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f"""
[providers.zoom]
account_id = "acct-123456"
client_id = "client-123456"
client_secret = "${{ZS}}"
base_url = "{server.url}/v2"
oauth_url = "{server.url}/oauth/token"
""",
        )
        yield load_config(programme.config)


def meet_source(programme, monkeypatch):
    from tests.fakes.meet import FakeMeet

    app = FakeMeet()
    record = app.add_record("r1", "abc-defg-hij", "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z")
    app.add_participant(
        record,
        "1",
        "anonymousUser",
        "Drs. Bambang Hadi",
        [("2020-04-14T02:00:00Z", "2020-04-14T03:00:00Z"), ("2020-04-14T03:01:00Z", "2020-04-14T04:00:00Z")],
    )
    app.add_participant(
        record,
        "2",
        "signedinUser",
        "iPhone",
        [("2020-04-14T02:10:00Z", "2020-04-14T02:40:00Z")],
        user="users/7",
    )
    app.directory["7"] = "andi.k@slemankab.go.id"
    with Server(app) as server:
        creds = google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'meet = "abc-defg-hij"\n\n[[sessions]]'
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f'\n[providers.meet]\ncredentials = "{creds}"\nendpoint = "{server.url}/"\n',
        )
        yield load_config(programme.config)


def teams_source(programme, monkeypatch):
    from tests.fakes.graph import FakeGraph, TlsServer, certificate, join_url, record

    app = FakeGraph()
    link = join_url(oid="9f0c1d2e-0000-4000-8000-00000000c0de")
    meeting = app.add_meeting("9f0c1d2e-0000-4000-8000-00000000c0de", link)
    app.add_report(
        meeting,
        "2020-04-14T01:55:00Z",
        "2020-04-14T04:30:00Z",
        [
            record(
                RECORDS[0]["name"],
                [(r["join_time"], r["leave_time"]) for r in RECORDS[:2]],
                uid=RECORDS[0]["user_id"],
            ),
            record(
                RECORDS[2]["name"],
                [(RECORDS[2]["join_time"], RECORDS[2]["leave_time"])],
                RECORDS[2]["user_email"],
            ),
        ],
    )
    app.page_size = 1  # every record on a page of its own
    cert, key = certificate(programme.root)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    with TlsServer(app, cert, key) as server:
        monkeypatch.setenv("TS", app.secret)
        programme.edit(
            "config.toml",
            'file = "s1.csv"\n\n[[sessions]]',
            f'provider = "teams"\nref = "{link}"\n\n[[sessions]]',
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f"""
[providers.teams]
tenant = "{app.tenant}"
client_id = "{app.client_id}"
client_secret = "${{TS}}"
authority = "{server.url}"
graph_url = "{server.url}/v1.0"
""",
        )
        yield load_config(programme.config)


SOURCES = {"file": file_source, "zoom": zoom_source, "meet": meet_source, "teams": teams_source}


@pytest.fixture(params=sorted(SOURCES))
def source(request, programme, monkeypatch):
    yield from SOURCES[request.param](programme, monkeypatch)


def test_pull_replay_and_shape(source):
    session = source.session("S1")
    provider = provider_for(session, source)
    if hasattr(provider, "policy"):
        provider.policy = RetryPolicy(sleep=lambda _s: None)
    pull = provider.pull(session)
    assert len(pull.segments) == 3 and pull.pages and pull.origin
    assert all(s.join.tzinfo is not None and s.join.utcoffset() == UTC.utcoffset(None) for s in pull.segments)
    assert all(s.leave >= s.join for s in pull.segments)
    assert len({s.seq for s in pull.segments}) == len(pull.segments)
    assert provider.replay(pull.pages, session) == list(pull.segments)
    assert [s.name for s in pull.segments] == [r["name"] for r in RECORDS]
    assert {s.email for s in pull.segments} == {None, "andi.k@slemankab.go.id"}
    assert isinstance(pull.warnings, tuple) and all(isinstance(w, str) for w in pull.warnings)
    assert isinstance(provider.check(), str)
