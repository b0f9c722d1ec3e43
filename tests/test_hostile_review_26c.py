"""Hostile review 26c of the Teams provider: Microsoft Graph as it is documented, and a
secretariat running its programme on Teams.

Every test goes through msal and requests over TLS to the stateful fake Graph
(tests/fakes/graph.py), the code path the provider uses; nothing of ours is mocked.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests import test_teams
from tests.fakes.graph import REPORTS_LISTED, FakeGraph, join_url, record
from tests.test_teams import LATE, LINK, ORGANIZER, people, provider
from vc_sync.cli import cli
from vc_sync.errors import InputError, NotReady, ProviderError

S1_START, S1_END = "2020-04-14T02:00:00Z", "2020-04-14T04:30:00Z"  # 09:00-11:30 Asia/Jakarta


@pytest.fixture
def graph(programme, monkeypatch, tmp_path_factory):
    """test_teams' fake Graph over TLS, the programme's S1 pulled from it."""
    yield from test_teams.graph.__wrapped__(programme, monkeypatch, tmp_path_factory)


def records_path(app: FakeGraph, meeting, report) -> str:
    meeting_path = f"/v1.0/users/{ORGANIZER}/onlineMeetings/{meeting.id}"
    return f"{meeting_path}/attendanceReports/{report.id}/attendanceRecords"


def set_link(programme, link: str) -> None:
    """The session's join link as the config holds it (a TOML basic string, JSON-escaped)."""
    programme.edit("config.toml", f'ref = "{LINK}"', f"ref = {json.dumps(link)}")


# --- paging --------------------------------------------------------------------------------


def test_a_next_link_that_points_back_is_refused_not_followed(programme, graph):
    """A Graph page whose @odata.nextLink repeats a page already read would be followed for
    as long as Graph answers, each lap adding the same people again; it must fail instead."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    report = graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    again = graph.url + records_path(graph, meeting, report)
    graph.fail(
        "/attendanceRecords",
        200,
        {"value": people()[:1], "@odata.nextLink": again},
        times=25,
    )
    p, session = provider(programme)
    with pytest.raises(ProviderError, match="repeats"):
        p.pull(session)
    assert len([r for r in graph.requests if "/attendanceRecords" in r.path]) <= 2


@pytest.mark.parametrize("later", [REPORTS_LISTED - 1, REPORTS_LISTED + 3])
def test_reports_beyond_the_fifty_graph_lists_never_pass_as_the_session(programme, graph, later):
    """Graph lists only the 50 most recent reports of a meeting. A session whose meeting was
    restarted (two reports) on a link reused for weeks after: with 49 later reports the
    first half of the session falls off the list and the second half would pass as whole;
    with 53 both fall off and the error blamed the session's times."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T03:00:00Z", people()[:2])
    graph.add_report(meeting, "2020-04-14T03:05:00Z", S1_END, people()[2:])
    day = datetime(2020, 4, 15, 2, tzinfo=UTC)
    for n in range(later):
        start = day + timedelta(days=n)
        graph.add_report(
            meeting,
            start.isoformat().replace("+00:00", "Z"),
            (start + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            [record("Later", [])],
        )
    p, session = provider(programme, now=LATE + timedelta(days=later))
    with pytest.raises(ProviderError, match="50 most recent") as exc:
        p.pull(session)
    assert "teams-csv" in str(exc.value)


def test_fifty_reports_all_after_the_window_start_is_no_false_alarm_for_the_newest(programme, graph):
    """The limit only matters for a session older than the listed reports: the newest
    session of a link with many reports is read as before."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    day = datetime(2020, 2, 1, 2, tzinfo=UTC)
    for n in range(REPORTS_LISTED + 5):
        start = day + timedelta(days=n)
        graph.add_report(
            meeting,
            start.isoformat().replace("+00:00", "Z"),
            (start + timedelta(hours=2)).isoformat().replace("+00:00", "Z"),
            [record("Earlier", [])],
        )
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    pull = provider(programme)[0].pull(provider(programme)[1])
    assert len(pull.segments) == 5


@pytest.mark.xfail(
    strict=True,
    reason="finding: totalParticipantCount is not compared with the records read: a report "
    "Graph counts 4 people in but lists 3 passes as whole (lead: whether Graph's count can be "
    "trusted as a completeness check; no evidence was found either way)",
)
def test_fewer_records_than_the_report_counts_is_not_a_whole_report(programme, graph):
    """A report that says 4 participants but whose records, every page followed, hold 3 is
    cut short somewhere; it must not become a smaller attendance with exit 0."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    report = graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people()[:3])
    report.count = 4
    p, session = provider(programme)
    with pytest.raises((ProviderError, NotReady)):
        p.pull(session)


# --- when the report is there --------------------------------------------------------------


def test_a_pull_while_the_session_is_still_on_is_not_ready(programme, graph):
    """The meeting dropped at 09:50 and was restarted: its first report exists at 10:30 while
    the session runs to 11:30. Pulled then, that first half passed as the session."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T02:50:00Z", people())
    p, session = provider(programme, now=datetime(2020, 4, 14, 3, 30, tzinfo=UTC))
    with pytest.raises(NotReady, match="has not ended"):
        p.pull(session)
    assert not [r for r in graph.requests if "/v1.0/" in r.path]  # not one Graph call


def test_a_restarted_meeting_whose_second_report_is_not_out_yet(programme, graph):
    """A restarted meeting's last report appears minutes after it ends: pulled right after the
    session's end, the first report alone passed as whole. Reports are read reports_settle (15)
    minutes after the end; until then the pull is not ready, and Graph is not called."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", "2020-04-14T02:50:00Z", people())
    calls = len(graph.requests)
    p, session = provider(programme, now=datetime(2020, 4, 14, 4, 44, tzinfo=UTC))
    with pytest.raises(NotReady, match=r"read from 2020-04-14 04:45 UTC, .*reports_settle"):
        p.pull(session)
    assert len(graph.requests) == calls
    graph.add_report(meeting, "2020-04-14T02:55:00Z", S1_END, people())  # the second, out now
    p, session = provider(programme, now=datetime(2020, 4, 14, 4, 45, tzinfo=UTC))
    pull = p.pull(session)
    assert len(pull.meta["reports"]) == 2 and len({s.source for s in pull.segments}) == 2


# --- the sign-in authority -----------------------------------------------------------------


def test_a_sign_in_outage_is_retried_after_retry_after(programme, graph):
    """login.microsoftonline.com answering 503 once: msal raises requests' HTTPError for a
    5xx, which fell out of the provider as 'unexpected HTTPError' without a retry."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    graph.fail(
        "/oauth2/v2.0/token",
        503,
        {"error": "temporarily_unavailable", "error_description": "AADSTS90033: busy"},
        {"Retry-After": "3"},
        method="POST",
    )
    sleeps: list[float] = []
    p, session = provider(programme, sleeps=sleeps)
    assert len(p.pull(session).segments) == 5
    assert 3 in sleeps


def test_a_lasting_sign_in_outage_is_one_line_without_the_secret(programme, graph, monkeypatch):
    monkeypatch.setenv("TEAMS_SECRET", graph.secret)
    graph.add_meeting(ORGANIZER, LINK)
    graph.fail("/oauth2/v2.0/token", 502, b"<html>Bad gateway</html>", {"Retry-After": "0"}, 20, "POST")
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1"], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    assert "gave up after 4 attempts" in result.output and "unexpected" not in result.output
    assert graph.secret not in result.output


# --- what reaches Graph's URL --------------------------------------------------------------


def test_an_apostrophe_in_the_join_link_is_one_odata_literal(programme, graph):
    """OData ends a string literal at a lone quote: the link's apostrophe must be doubled,
    and a double quote (a link pasted with its context decoded) passes as it is."""
    link = (
        "https://teams.microsoft.com/l/meetup-join/19:meeting_O'Brien@thread.v2/0"
        f'?context={{"Tid":"tenant-1","Oid":"{ORGANIZER}"}}'
    )
    set_link(programme, link)
    meeting = graph.add_meeting(ORGANIZER, link)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    p, session = provider(programme)
    assert len(p.pull(session).segments) == 5
    lookup = next(r for r in graph.requests if r.path.endswith("/onlineMeetings"))
    assert lookup.query["$filter"] == "JoinWebUrl eq '{}'".format(link.replace("'", "''"))


OBRIEN = "0a1b2c3d-0000-4000-8000-0000000b41e5"


def test_an_organizer_with_an_apostrophe_stays_one_path_segment(programme, graph):
    organizer = 'teams_organizer = "o\'brien@kemenpan.go.id"'
    programme.edit("config.toml", f'ref = "{LINK}"', f'ref = "{LINK}"\n{organizer}')
    graph.users["o'brien@kemenpan.go.id"] = OBRIEN
    meeting = graph.add_meeting(OBRIEN, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    p, session = provider(programme)
    assert len(p.pull(session).segments) == 5
    calls = [r.raw_path for r in graph.requests if r.path.startswith("/v1.0/")]
    assert calls[0].startswith("/v1.0/users/o%27brien@kemenpan.go.id?")  # looked up once, by e-mail
    assert calls[1:] and all(c.startswith(f"/v1.0/users/{OBRIEN}/") for c in calls[1:])


def test_an_organizer_given_by_e_mail_is_found_by_the_object_id_graph_gives_for_it(programme, graph):
    """Under application permissions Graph's onlineMeetings take the organizer's object id
    alone (onlinemeeting-get); the README's teams_organizer = "panitia@…" was sent as it is
    and failed. It is looked up once (users-get, $select=id) and the id used."""
    programme.edit(
        "config.toml", f'ref = "{LINK}"', f'ref = "{LINK}"\nteams_organizer = "Panitia@kemenpan.go.id"'
    )
    graph.users["panitia@kemenpan.go.id"] = OBRIEN
    meeting = graph.add_meeting(OBRIEN, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    p, session = provider(programme)
    assert len(p.pull(session).segments) == 5
    p.pull(session)
    lookups = [r for r in graph.requests if r.path == "/v1.0/users/Panitia@kemenpan.go.id"]
    assert len(lookups) == 1 and lookups[0].query.get("$select") == "id"


@pytest.mark.parametrize(("directory", "said"), [(False, "permission denied"), (True, "not found")])
def test_an_organizer_by_e_mail_that_cannot_be_looked_up_says_what_to_give(programme, graph, directory, said):
    programme.edit(
        "config.toml", f'ref = "{LINK}"', f'ref = "{LINK}"\nteams_organizer = "panitia@kemenpan.go.id"'
    )
    graph.directory = directory  # without User.Read.All; or a user the tenant does not have
    p, session = provider(programme)
    with pytest.raises(
        ProviderError, match=rf"organizer panitia@kemenpan.go.id: {said}.*User.Read.All.*object id"
    ):
        p.pull(session)


@pytest.mark.parametrize("oid", ["..", "../../admin", "x/../.."])
def test_a_join_link_cannot_steer_the_request_path(programme, graph, oid):
    """The organizer comes from the link's context when no teams_organizer is set; a link
    whose Oid is '..' sent the lookup to /v1.0/onlineMeetings (requests drops dot segments).
    A join link names its organizer by object id: anything else is not an organizer."""
    set_link(programme, join_url(oid=oid))
    p, session = provider(programme)
    with pytest.raises(InputError, match="organizer"):
        p.pull(session)
    assert not [r for r in graph.requests if "/v1.0/" in r.path]


# --- who Graph says was there --------------------------------------------------------------


def test_guests_dial_in_and_nameless_records_come_through_as_graph_gives_them(programme, graph):
    """attendanceRecord: emailAddress may be null (guests, anonymous users, phone dial-in),
    identity carries id/displayName/tenantId, role is None|Attendee|Presenter|Organizer
    (learn.microsoft.com/graph/api/resources/attendancerecord)."""
    guest = record("Sri Wahyuni (Guest)", [("2020-04-14T02:00:00Z", "2020-04-14T03:00:00Z")], role="None")
    guest["identity"]["tenantId"] = None
    phone = record("+62 812-****-7890", [("2020-04-14T02:05:00Z", "2020-04-14T04:20:00Z")])
    bare = record("", [("2020-04-14T02:10:00Z", "2020-04-14T02:40:00Z")], email="andi.k@slemankab.go.id")
    bare["identity"] = None
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, [guest, phone, bare])
    pull = provider(programme)[0].pull(provider(programme)[1])
    got = [(s.name, s.email, s.participant_id) for s in pull.segments]
    assert got == [
        ("Sri Wahyuni (Guest)", None, None),
        ("+62 812-****-7890", None, None),
        ("andi.k@slemankab.go.id", "andi.k@slemankab.go.id", None),
    ]


# --- secrets -------------------------------------------------------------------------------


def test_client_id_and_secret_swapped_never_shows_the_secret(programme, graph, monkeypatch):
    """Two environment variables swapped: the secret sits in client_id, and the identity
    platform names the client id it did not find (AADSTS700016) in its error, which the
    provider printed; the redaction masks client_secret's value, which here is the id."""
    programme.edit("config.toml", f'client_id = "{graph.client_id}"', 'client_id = "${TEAMS_ID}"')
    monkeypatch.setenv("TEAMS_ID", graph.secret)
    monkeypatch.setenv("TEAMS_SECRET", graph.client_id)
    graph.add_meeting(ORGANIZER, LINK)
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1"], catch_exceptions=False
    )
    assert result.exit_code == 2, result.output
    assert graph.secret not in result.output
    assert "[providers.teams] client_id" in result.output
    assert not [r for r in graph.requests if r.path.endswith("/token")]  # the secret never sent as an id


def test_a_records_page_without_its_value_list_is_no_empty_page(programme, graph):
    """A 200 whose body is no collection page (a proxy's JSON, a truncated answer) counted
    as a page of nobody: late, that was a report of fewer people with exit 0."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    graph.page_size = 2
    graph.fail("$skiptoken=2", 200, {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata"})
    p, session = provider(programme)
    with pytest.raises(ProviderError, match="without a value list"):
        p.pull(session)


def _lacking(duration: int | None, total: int | None, second: bool = False) -> dict:
    """Bambang's record, one interval lacking its leave time ('when data is lacking')."""
    rec = record("Drs. Bambang Hadi", [("2020-04-14T02:00:00Z", None)])
    rec["attendanceIntervals"][0]["durationInSeconds"] = duration
    if second:  # another interval lacking a time: the record's total cannot tell them apart
        rec["attendanceIntervals"].append(
            {"joinDateTime": None, "leaveDateTime": None, "durationInSeconds": 0}
        )
    rec["totalAttendanceInSeconds"] = total
    return rec


@pytest.mark.parametrize(
    ("duration", "total", "second", "minutes"),
    [
        (5400, 5400, False, 90),  # the interval's own duration
        (None, 4800, False, 80),  # none: the record's total, the interval alone lacking a time
        (None, 4800, True, None),  # two lacking: left out
        (None, None, False, None),  # nothing to tell its length: left out
    ],
)
def test_a_connection_graph_lacks_the_leave_of_is_ended_by_its_duration_or_named(
    programme, graph, duration, total, second, minutes
):
    """Graph sets joinDateTime or leaveDateTime to null 'when data is lacking'
    (attendanceInterval). The connection was dropped and the warning only counted it, so
    Bambang could fall under min_minutes and count absent with nobody told who."""
    meeting = graph.add_meeting(ORGANIZER, LINK)
    graph.add_report(
        meeting, "2020-04-14T01:55:00Z", S1_END, [*people()[:1], _lacking(duration, total, second)]
    )
    p, session = provider(programme)
    pull = p.pull(session)
    his = [s for s in pull.segments if s.name == "Drs. Bambang Hadi"]
    assert [(s.leave - s.join).total_seconds() / 60 for s in his] == ([minutes] if minutes else [])
    (said,) = [w for w in pull.warnings if "Drs. Bambang Hadi" in w]  # named, whichever befell him
    assert ("recorded durations" in said) == bool(minutes)


def test_a_short_join_link_finds_its_meeting_by_the_meeting_id_it_carries(programme, graph):
    """Teams' short links (teams.microsoft.com/meet/<id>?p=…) are not the meeting's joinWebUrl,
    so the lookup by link found nothing; Graph finds a meeting by its joinMeetingId too
    (onlinemeeting-get), and the passcode never leaves the config."""
    short = "https://teams.microsoft.com/meet/2543787654321?p=Xq7RtYb2"
    programme.edit("config.toml", f'ref = "{LINK}"', f'ref = "{short}"\nteams_organizer = "{ORGANIZER}"')
    meeting = graph.add_meeting(ORGANIZER, LINK, join_id="2543787654321")
    graph.add_report(meeting, "2020-04-14T01:55:00Z", S1_END, people())
    p, session = provider(programme)
    assert len(p.pull(session).segments) == 5
    (lookup,) = [r for r in graph.requests if r.path == f"/v1.0/users/{ORGANIZER}/onlineMeetings"]
    assert lookup.query["$filter"] == "joinMeetingIdSettings/joinMeetingId eq '2543787654321'"
    assert not [r for r in graph.requests if "Xq7RtYb2" in r.raw_path]


def test_a_national_cloud_s_graph_with_the_global_sign_in_is_bad_input(programme, graph):
    """graph_url set to the US Government cloud and authority left at the global sign-in: the
    token was refused, the error advising to check tenant, client_id and client_secret."""
    programme.edit(
        "config.toml", f'graph_url = "{graph.url}/v1.0"', 'graph_url = "https://graph.microsoft.us/v1.0"'
    )
    programme.edit(
        "config.toml", f'authority = "{graph.url}"', 'authority = "https://login.microsoftonline.com"'
    )
    result = CliRunner().invoke(cli, ["reconcile", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 2, result.output
    assert (
        "[providers.teams] authority" in result.output and "https://login.microsoftonline.us" in result.output
    )
    assert "Traceback" not in result.output
