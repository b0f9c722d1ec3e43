"""The Teams provider through msal and requests against a fake Microsoft Graph over TLS."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from tests.fakes.graph import FakeGraph, TlsServer, certificate, join_url, record
from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import InputError, NotReady, ProviderError
from vc_sync.http import RetryPolicy
from vc_sync.providers.base import provider_for

ORGANIZER = "5c3b1f0e-0000-4000-8000-00000000a1b2"
LINK = join_url(oid=ORGANIZER)
LATE = datetime(2020, 4, 20, tzinfo=UTC)  # days after the sessions
SOON = datetime(2020, 4, 14, 5, 0, tzinfo=UTC)  # half an hour after S1 ended


def people() -> list[dict]:
    return [
        record(
            "Andi K",
            [
                ("2020-04-14T02:00:00.1234567Z", "2020-04-14T03:00:00Z"),
                ("2020-04-14T03:02:00Z", "2020-04-14T04:20:00Z"),
            ],
            email="andi.k@slemankab.go.id",
            uid="u-andi",
        ),
        record("Drs. Bambang Hadi", [("2020-04-14T02:00:00Z", "2020-04-14T04:20:00Z")]),
        record("BANTUL_BAG ORG_Joko", [("2020-04-14T02:01:00Z", "2020-04-14T04:25:00Z")]),
        record(
            "Ibu Damayani Tyastianti", [("2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z")], role="Organizer"
        ),
    ]


@pytest.fixture
def graph(programme, monkeypatch, tmp_path_factory):
    app = FakeGraph()
    cert, key = certificate(tmp_path_factory.mktemp("tls"))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    monkeypatch.setenv("TEAMS_SECRET", app.secret)
    with TlsServer(app, cert, key) as server:
        programme.edit(
            "config.toml",
            'file = "s1.csv"\n\n[[sessions]]',
            f'provider = "teams"\nref = "{LINK}"\n\n[[sessions]]',
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f"""
[providers.teams]
tenant = "{app.tenant}"
client_id = "{app.client_id}"
client_secret = "${{TEAMS_SECRET}}"
authority = "{server.url}"
graph_url = "{server.url}/v1.0"
max_attempts = 4
""",
        )
        yield app


def provider(programme, now=LATE, sleeps=None):
    config = load_config(programme.config)
    session = config.session("S1")
    p = provider_for(session, config)
    p.now = lambda: now
    p.policy = RetryPolicy(max_attempts=4, sleep=(sleeps.append if sleeps is not None else lambda _s: None))
    return p, session


def graph_calls(app: FakeGraph) -> list[str]:
    return [r.path for r in app.requests if "/v1.0/" in r.path]


def test_pull_reads_every_page_of_the_report_in_the_window(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-07T01:58:00Z", "2020-04-07T04:30:00Z", [record("Last week", [])])
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z", people())
    graph.page_size = 3
    p, session = provider(programme)
    pull = p.pull(session)
    assert [s.name for s in pull.segments] == [
        "Andi K",
        "Andi K",
        "Drs. Bambang Hadi",
        "BANTUL_BAG ORG_Joko",
        "Ibu Damayani Tyastianti",
    ]
    assert pull.segments[0].email == "andi.k@slemankab.go.id" and pull.segments[0].participant_id == "u-andi"
    assert pull.segments[0].join == datetime(2020, 4, 14, 2, 0, 0, 123456, tzinfo=UTC)
    records_pages = [pg for pg in pull.pages if "attendanceRecords" in pg.label]
    assert len(records_pages) == 2  # the second through @odata.nextLink
    assert not any("Last week" in pg.body.decode() for pg in pull.pages)  # another occurrence, not read
    assert p.replay(pull.pages, session) == list(pull.segments)
    lookup = next(r for r in graph.requests if r.path.endswith("/onlineMeetings"))
    assert lookup.query["$filter"] == f"JoinWebUrl eq '{LINK}'"


def test_every_occurrence_of_a_recurring_meeting_in_the_window(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T02:30:00Z", people()[:1])
    graph.add_report(meeting, "2020-04-14T02:40:00Z", "2020-04-14T04:30:00Z", people()[1:])
    pull = provider(programme)[0].pull(provider(programme)[1])
    assert len(pull.meta["reports"]) == 2
    assert {s.source for s in pull.segments} == {f"teams:{r.id}" for r in meeting.reports}
    assert len({s.seq for s in pull.segments}) == len(pull.segments) == 5


def test_429_waits_for_retry_after_and_expired_token_is_renewed(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z", people())
    graph.fail(
        "/attendanceRecords",
        429,
        {"error": {"code": "TooManyRequests", "message": "slow"}},
        {"Retry-After": "7"},
    )
    sleeps: list[float] = []
    p, session = provider(programme, sleeps=sleeps)
    p.token()  # a token now, expired before the pull uses it
    graph.expire_tokens()
    pull = p.pull(session)
    assert len(pull.segments) == 5
    assert 7 in sleeps
    tokens = [r for r in graph.requests if r.path.endswith("/oauth2/v2.0/token")]
    assert len(tokens) == 2


def test_a_failing_page_fails_the_whole_pull(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z", people())
    graph.page_size = 2
    graph.fail("$skiptoken=2", 503, {"error": {"code": "ServiceUnavailable", "message": "busy"}}, times=10)
    p, session = provider(programme)
    with pytest.raises(ProviderError, match="gave up after 4 attempts"):
        p.pull(session)


def test_no_report_yet_is_not_ready_and_late_is_an_error(programme, graph):
    graph.add_meeting(ORGANIZER, LINK)
    p, session = provider(programme, now=SOON)
    with pytest.raises(NotReady, match="no attendance report"):
        p.pull(session)
    p, session = provider(programme, now=LATE)
    with pytest.raises(ProviderError, match="check the session's times"):
        p.pull(session)


def test_an_empty_report_is_not_ready_soon_after_the_end(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z", [])
    p, session = provider(programme, now=SOON)
    with pytest.raises(NotReady, match="nothing was pulled"):
        p.pull(session)


def test_missing_access_policy_names_the_permissions(programme, graph):
    graph.add_meeting(ORGANIZER, LINK, grant=False)
    p, session = provider(programme)
    with pytest.raises(ProviderError, match="application access policy") as exc:
        p.pull(session)
    assert "OnlineMeetingArtifact.Read.All" in str(exc.value)


def test_unknown_link_says_so(programme, graph):
    graph.granted.add(ORGANIZER)
    p, session = provider(programme)
    with pytest.raises(ProviderError, match="no meeting with that join link"):
        p.pull(session)


def test_wrong_secret_is_refused_without_showing_it(programme, graph, monkeypatch):
    monkeypatch.setenv("TEAMS_SECRET", "not-the-secret-42")
    graph.add_meeting(ORGANIZER, LINK)
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1"], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert "token request refused (invalid_client" in result.output
    assert "not-the-secret-42" not in result.output


def test_a_link_without_organizer_needs_the_setting(programme, graph):
    programme.edit("config.toml", LINK, "https://teams.microsoft.com/meet/2543787654321?p=Xq7RtYb2")
    p, session = provider(programme)
    with pytest.raises(InputError, match="organizer"):
        p.pull(session)


def test_reconcile_from_teams_through_the_cli(programme, graph):
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T04:30:00Z", people())
    result = CliRunner().invoke(
        cli,
        ["reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert '"Andi Kurniawan"' in result.output and '"Drs. Bambang Hadi, M.Si."' in result.output
