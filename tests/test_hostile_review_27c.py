"""Hostile review 27c of the Zoom and Google Meet providers: their APIs as documented, and a
secretariat pulling a Bimtek from them.

Every test goes through the real zoomus or googleapiclient client over HTTP to the stateful
fakes (tests/fakes/zoom.py, tests/fakes/meet.py); nothing of ours is mocked.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests import test_meet, test_zoom
from tests.fakes.meet import call_ended
from tests.fakes.zoom import participant
from tests.test_zoom import ENV, MID, RECORDS, SECRET, provider, use_zoom
from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import NotReady, ProviderError
from vc_sync.http import RetryPolicy
from vc_sync.providers.meet import MeetProvider

S1_START = datetime(2020, 4, 14, 2, 0, tzinfo=UTC)  # 09:00 Asia/Jakarta
S1_END = datetime(2020, 4, 14, 4, 30, tzinfo=UTC)  # 11:30 Asia/Jakarta


@pytest.fixture
def zoom():
    yield from test_zoom.zoom.__wrapped__()


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)


def s1(programme):
    return load_config(programme.config).session("S1")


def at(when: datetime):
    return lambda: when


# --- Zoom: paging -----------------------------------------------------------------------


def test_zoom_a_next_page_token_that_repeats_is_refused_not_followed(programme, zoom):
    """A report page whose next_page_token names a page already read would be followed for as
    long as Zoom answers so, each lap adding the same people again; it must fail instead."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS * 50)  # 400 records, 2 pages
    first = {"page_count": 2, "page_size": 300, "total_records": 400, "next_page_token": "npt-300"}
    zoom.fail("next_page_token=npt-300", 200, dict(first, participants=RECORDS[:1]), times=25)
    p = provider(programme, zoom)
    with pytest.raises(ProviderError, match="repeat"):
        p.pull(s1(programme))
    assert len([r for r in zoom.requests if "/report/" in r.path]) <= 3


def test_zoom_a_5xx_on_page_3_after_retries_is_exit_1_and_nothing_is_written(programme, zoom):
    """Pages 1 and 2 read, page 3 answers 503 past every retry: the command fails (exit 1),
    writes no workbook and archives no pull; never the 600 records it had as the session."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS * 100)  # 800 records, 3 pages
    zoom.fail("next_page_token=npt-600", 503, {"code": 503, "message": "unavailable"}, times=10)
    use_zoom(programme, zoom)
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"], env=ENV)
    assert result.exit_code == 1, result.output
    assert "HTTP 503" in result.output and "gave up after 3 attempts" in result.output
    assert not (programme.root / "out" / "attendance.xlsx").exists()
    assert test_zoom.archived(programme)[0] is None


def test_zoom_a_token_expiring_between_pages_is_renewed_and_the_pull_is_whole(programme, zoom):
    """Server-to-Server tokens last an hour: one that expires between page 1 and page 2 of a
    big report is renewed once and the listing goes on, every record read."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS * 50)  # 400 records, 2 pages
    zoom.fail("next_page_token=npt-300", 401, {"code": 124, "message": "Access token is expired."})
    p = provider(programme, zoom)
    pull = p.pull(s1(programme))
    assert len(pull.segments) == 400
    assert len([r for r in zoom.requests if r.path == "/oauth/token"]) == 2


def test_zoom_a_token_refused_again_after_renewal_fails_without_a_partial(programme, zoom):
    """A renewed token refused too (the app deactivated mid-pull) is an error naming the
    cause, not the first page's records as the session, and never the token itself."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS * 50)
    zoom.fail("next_page_token=npt-300", 401, {"code": 124, "message": "Invalid access token."}, times=5)
    p = provider(programme, zoom)
    with pytest.raises(ProviderError) as info:
        p.pull(s1(programme))
    assert "not authenticated" in str(info.value) or "401" in str(info.value)
    assert "tok-" not in str(info.value) and SECRET not in str(info.value)


@pytest.mark.parametrize("body", [b"<html><body>Proxy: session expired</body></html>", b"null", b"[]"])
def test_zoom_a_200_that_is_no_report_never_passes_as_an_empty_instance(programme, zoom, body):
    """A restarted meeting read three days later: instance two's report comes back 200 with
    a body that is no JSON object (a proxy's page, 'null'), every retry. Taken as an empty
    report, the pull passed with instance one's people alone and exit 0."""
    zoom.add_instance(MID, "half-1", "2020-04-14T01:55:00Z", RECORDS[:4])
    zoom.add_instance(MID, "half-2", "2020-04-14T03:05:00Z", RECORDS[4:])
    zoom.fail("/report/meetings/half-2/", 200, body, {"Content-Type": "text/html"}, times=9)
    p = provider(programme, zoom, now=at(S1_END + timedelta(days=3)))
    with pytest.raises(ProviderError, match="half-2"):
        p.pull(s1(programme))


# --- Zoom: a session still going on -------------------------------------------------------


def test_zoom_a_restarted_meeting_read_before_the_session_ends_is_not_ready(programme, zoom):
    """The host dropped out at 10:00 and the meeting restarted as a new instance, still going
    on: Zoom lists only the ended first instance. Read before the session's end, that half
    passed as the session with exit 0; it must be not ready (exit 3) until the end."""
    zoom.add_instance(MID, "first-half", "2020-04-14T01:55:00Z", RECORDS[:4])
    p = provider(programme, zoom, now=at(S1_START + timedelta(hours=1, minutes=15)))
    with pytest.raises(NotReady, match="not ended"):
        p.pull(s1(programme))
    assert not [r for r in zoom.requests if "/report/" in r.path]  # nothing asked, nothing kept


# --- Zoom: retries ------------------------------------------------------------------------


def test_zoom_a_daily_limit_is_not_retried_before_its_retry_after(programme, zoom):
    """A 429 of Zoom's daily limit asks to wait until the next day (Retry-After: hours). The
    retry budget (max_seconds = 5 here) cannot wait that long: retrying after 5 s only meets
    the same 429, so the pull fails at once (exit 1) saying how long Zoom asked to wait."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS)
    daily = {"Retry-After": "36000", "X-RateLimit-Type": "Daily", "X-RateLimit-Limit": "30000"}
    zoom.fail(
        "/report/", 429, {"code": 429, "message": "You have reached the maximum daily rate limit"}, daily, 9
    )
    p = provider(programme, zoom)
    with pytest.raises(ProviderError, match=r"asks to wait 10\.0 h") as info:
        p.pull(s1(programme))
    assert p.waits == [] and len([r for r in zoom.requests if "/report/" in r.path]) == 1
    assert "HTTP 429 Daily" in str(info.value)


def test_zoom_a_short_retry_after_is_waited_exactly(programme, zoom):
    """A QPS 429 with Retry-After: 2 is waited 2 s, once, and the pull is whole."""
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS)
    zoom.fail("/report/", 429, {"code": 429, "message": "Too many requests"}, {"Retry-After": "2"})
    p = provider(programme, zoom)
    assert len(p.pull(s1(programme)).segments) == 8 and p.waits == [2.0]


# --- Meet: the REST API's conference records ------------------------------------------------


@pytest.fixture
def meet(programme):
    yield from test_meet.meet.__wrapped__(programme)


def meet_provider(programme, now: datetime) -> MeetProvider:
    return MeetProvider(load_config(programme.config), policy=RetryPolicy(sleep=lambda _s: None), now=at(now))


def records_only(programme) -> None:
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "records"')


def test_meet_a_restarted_conference_read_before_the_session_ends_is_not_ready(programme, meet):
    """The organiser's laptop dropped at 10:00: the first conference record has ended, the
    second has not begun yet. Read before the session's end, the first half passed as the
    session with exit 0; it must be not ready (exit 3) until the end."""
    records_only(programme)
    test_meet.people(
        meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T03:00:00Z")
    )
    with pytest.raises(NotReady, match="not ended"):
        meet_provider(programme, S1_START + timedelta(hours=1, minutes=5)).pull(s1(programme))
    assert not [r for r in meet.requests if r.path.endswith("/participants")]


def test_meet_a_5xx_on_page_3_of_participants_after_retries_is_an_error(programme, meet):
    """A 600-person conference: pages 1 and 2 of its participants read, page 3 answers 503
    past every retry. The pull fails; the 500 it had never pass as the session."""
    records_only(programme)
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    for n in range(600):
        meet.add_participant(
            record, f"g{n}", "anonymousUser", f"Tamu {n}", [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")]
        )
    meet.fail(
        "pageToken=p500",
        503,
        {"error": {"code": 503, "message": "unavailable", "status": "UNAVAILABLE"}},
        times=9,
    )
    with pytest.raises(ProviderError, match="HTTP 503"):
        meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))


def test_meet_a_participants_page_token_that_repeats_is_refused(programme, meet):
    records_only(programme)
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    test_meet.people(meet, record)
    page = {"participants": record.participants[:1], "nextPageToken": "p1"}
    meet.fail("pageToken=p1", 200, page, times=25)
    meet.fail("/participants?", 200, page)
    with pytest.raises(ProviderError, match="one page twice"):
        meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    assert len([r for r in meet.requests if r.path.endswith("/participants")]) <= 3


@pytest.mark.parametrize("body", [b"<html><body>Proxy: session expired</body></html>", b"null", b"[]"])
def test_meet_a_200_that_is_no_list_is_a_provider_error_not_a_crash(programme, meet, body):
    """A participants page answered 200 with a body that is no JSON object (a proxy's page,
    'null'), every retry: a provider failure naming the list (exit 1), not an 'unexpected'
    crash nor an empty list."""
    records_only(programme)
    test_meet.people(
        meet, meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    )
    meet.fail("/participants", 200, body, {"Content-Type": "text/html"}, times=9)
    with pytest.raises(ProviderError, match="participants of conferenceRecords/r1"):
        meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))


# --- a meeting running past its scheduled end -----------------------------------------------


@pytest.mark.xfail(
    strict=True,
    reason="finding: a Zoom meeting restarted and still going on after the session's scheduled "
    "end (past ready delay) passes as its ended first instance: Zoom lists past instances only, "
    "so nothing in the instances or reports says another is live. GET /meetings/{id} (status "
    "'started') or the dashboard API could tell; neither is in the fake nor verified against "
    "Zoom's reference here (lead: whether to ask it, or to document delay_minutes for overruns)",
)
def test_zoom_a_restarted_meeting_still_going_on_after_its_scheduled_end_is_not_ready(programme, zoom):
    zoom.add_instance(MID, "first-half", "2020-04-14T01:55:00Z", RECORDS[:4])
    zoom.add_instance(MID, "second-half", "2020-04-14T03:05:00Z", None, live=True)
    p = provider(programme, zoom, now=at(S1_END + timedelta(minutes=40)))
    with pytest.raises(NotReady):
        p.pull(s1(programme))


@pytest.mark.xfail(
    strict=True,
    reason="finding: a Meet call running past its scheduled end, read from the Admin SDK reports "
    "once reports_settle has passed, is the connections that ended so far: call_ended events "
    "exist only for those, and the reports say nothing of a call still going on (the Meet "
    "API's conference record without endTime would; lead: ask it when the scope allows, or "
    "document reports_settle as 'longest overrun + Google's lag')",
)
def test_meet_reports_of_a_call_still_going_on_after_the_settle_are_not_ready(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "reports"')
    now = S1_END + timedelta(minutes=75)  # reports_settle (60 min) passed; the call goes on
    meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", None)
    meet.activities = [
        call_ended("Tamu 1", "", "2020-04-14T03:00:00Z", 3000, code="ABCDEFGHIJ"),
        call_ended("Tamu 2", "", "2020-04-14T03:10:00Z", 3600, code="ABCDEFGHIJ"),
    ]
    with pytest.raises(NotReady):
        meet_provider(programme, now).pull(s1(programme))


# --- untrusted display names ----------------------------------------------------------------

HOSTILE = [
    "Andi/../../v2/users?x=1#frag",
    "Budi %2F%0A 100%",
    'Sri\nWahyuni\r\n=HYPERLINK("http://x")',
    "\u202eilsA\u202c \u200fيوسف",
    "Joko 🙏🏽 (Dinas PU) ?page_size=1&next_page_token=x",
]


def test_zoom_hostile_display_names_stay_data_never_urls_never_broken_output(programme, zoom):
    """Names with '/', '?', '#', '%', line breaks, bidi marks and emoji come back in the JSON
    exactly as Zoom gave them, reach no request to Zoom, and the table keeps one line per
    participant (a line break inside a name would start a row of its own)."""
    records = [
        participant(name, "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z", pid=f"p{n}")
        for n, name in enumerate(HOSTILE)
    ]
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", records)
    use_zoom(programme, zoom)
    args = ["reconcile", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    names = {n for p in json.loads(result.stdout)["participants"] for n in p["display_names"]}
    assert names == {n.strip() for n in HOSTILE}
    for r in zoom.requests:
        assert not any(fragment in r.raw_path for fragment in ("Andi", "Budi", "Joko", "%25", "HYPERLINK"))
    table = CliRunner().invoke(cli, args, env=ENV)
    assert table.exit_code == 0, table.output
    assert "\u202e" not in table.output  # a bidi override would reorder the rest of the line
    assert not any(line.startswith("Wahyuni") for line in table.output.splitlines())


def test_meet_hostile_display_names_stay_data_never_urls(programme, meet):
    """The same names typed by anonymous Meet users: read back exactly, never sent to Google
    (a participant's resource name, not its display name, names its sessions)."""
    records_only(programme)
    meet.directory_allowed = False
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    for n, name in enumerate(HOSTILE):
        meet.add_participant(
            record, f"a{n}", "anonymousUser", name, [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")]
        )
    pull = meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    assert sorted(s.name for s in pull.segments) == sorted(n.strip() for n in HOSTILE)
    for r in meet.requests:
        assert not any(fragment in r.raw_path for fragment in ("Andi", "Budi", "Joko", "%25", "HYPERLINK"))


# --- time zones: a session across midnight in Asia/Jakarta ----------------------------------

NIGHT_START = datetime(2020, 4, 14, 16, 0, tzinfo=UTC)  # 23:00 WIB on the 14th
NIGHT_END = datetime(2020, 4, 14, 18, 30, tzinfo=UTC)  # 01:30 WIB on the 15th


def across_midnight(programme) -> None:
    programme.edit(
        "config.toml",
        'start = "2020-04-14 09:00"\nend = "2020-04-14 11:30"',
        'start = "2020-04-14 23:00"\nend = "2020-04-15 01:30"',
    )


def test_zoom_a_session_across_midnight_in_jakarta_reads_its_own_instance(programme, zoom):
    """23:00-01:30 WIB is 16:00-18:30 UTC of one day. Of a recurring meeting's instances the
    night's is read, not the morning's of either date; a time Zoom wrote with the account's
    offset (+07:00) is the same instant as its 'Z' twin."""
    across_midnight(programme)
    night = [
        participant("Andi", "2020-04-14T16:01:00Z", "2020-04-14T18:20:00Z", "andi.k@slemankab.go.id", "u1"),
        participant("Joko", "2020-04-14T23:05:00+07:00", "2020-04-15T01:25:00+07:00", pid="u2"),
    ]
    zoom.add_instance(MID, "morning-14", "2020-04-14T01:55:00Z", RECORDS)
    zoom.add_instance(MID, "night", "2020-04-14T15:55:00Z", night)
    zoom.add_instance(MID, "morning-15", "2020-04-15T01:55:00Z", RECORDS)
    pull = provider(programme, zoom, now=at(NIGHT_END + timedelta(hours=2))).pull(s1(programme))
    assert pull.meta["instances"] == ["night"]
    spans = sorted((s.join, s.leave) for s in pull.segments)
    assert spans == [
        (datetime(2020, 4, 14, 16, 1, tzinfo=UTC), datetime(2020, 4, 14, 18, 20, tzinfo=UTC)),
        (datetime(2020, 4, 14, 16, 5, tzinfo=UTC), datetime(2020, 4, 14, 18, 25, tzinfo=UTC)),
    ]


def test_meet_records_with_nanoseconds_across_midnight(programme, meet):
    """Meet writes RFC 3339 with up to nine fractional digits. A conference across midnight
    in Jakarta whose times carry nanoseconds is read at the instants they name (to the
    microsecond), and a conference of the next morning on the same code is not taken."""
    across_midnight(programme)
    records_only(programme)
    night = meet.add_record("n1", "abc-defg-hij", "2020-04-14T15:58:00.123456789Z", "2020-04-14T18:31:00.5Z")
    meet.add_participant(
        night,
        "1",
        "anonymousUser",
        "Tamu",
        [("2020-04-14T16:00:00.999999999Z", "2020-04-14T18:29:59.000000001Z")],
    )
    morning = meet.add_record("m1", "abc-defg-hij", "2020-04-15T01:58:00Z", "2020-04-15T04:30:00Z")
    test_meet.people(meet, morning, start="2020-04-15T02:00:00Z", end="2020-04-15T04:20:00Z")
    pull = meet_provider(programme, NIGHT_END + timedelta(hours=2)).pull(s1(programme))
    assert pull.meta["records"] == ["conferenceRecords/n1"]
    (seg,) = pull.segments
    assert seg.join == datetime(2020, 4, 14, 16, 0, 0, 999999, tzinfo=UTC)
    assert seg.leave == datetime(2020, 4, 14, 18, 29, 59, tzinfo=UTC)


def test_meet_reports_across_midnight_in_jakarta(programme, meet):
    """The Reports' call_ended time is the leave time in UTC: a connection that left at 01:20
    WIB on the 15th belongs to the session of the 14th's night, and its join is its leave
    less duration_seconds."""
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "reports"')
    across_midnight(programme)
    meet.activities = [
        call_ended("Andi Kurniawan", "andi.k@slemankab.go.id", "2020-04-14T18:20:00.250Z", 8340),
        call_ended("Pagi", "", "2020-04-15T04:00:00Z", 3600),  # the next morning's call
    ]
    pull = meet_provider(programme, NIGHT_END + timedelta(hours=3)).pull(s1(programme))
    (seg,) = pull.segments
    assert seg.email == "andi.k@slemankab.go.id"
    assert seg.join == datetime(2020, 4, 14, 16, 1, 0, 250000, tzinfo=UTC)


# --- secrets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 400, 401])
def test_zoom_no_secret_in_any_line_when_the_token_request_fails_verbose(programme, zoom, status):
    """The token endpoint failing (5xx past retries, a refusal) under --verbose: the lines
    name the cause, never the client secret, the account id or a token."""
    use_zoom(programme, zoom)
    zoom.fail(
        "/oauth/token", status, {"reason": "Bad Request", "error": "invalid_request"}, times=20, method="POST"
    )
    args = ["--verbose", "sync", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, args, env=ENV)
    assert result.exit_code == 1, result.output
    assert "token request" in result.output
    for secret in (SECRET, ENV["ZOOM_ACCOUNT_ID"], "tok-", "Basic "):
        assert secret not in result.output


def test_zoom_no_token_in_any_line_when_it_expires_twice_verbose(programme, zoom):
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", RECORDS)
    use_zoom(programme, zoom)
    zoom.fail("/report/", 401, {"code": 124, "message": "Invalid access token."}, times=9)
    args = ["--verbose", "sync", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, args, env=ENV)
    assert result.exit_code == 1, result.output
    for secret in (SECRET, ENV["ZOOM_ACCOUNT_ID"], "tok-", "Bearer"):
        assert secret not in result.output


@pytest.mark.parametrize("refusal", ["scope", "grant"])
def test_meet_no_secret_in_any_line_when_the_credentials_are_refused_verbose(programme, meet, refusal):
    """Google's token endpoint refusing the refresh token (invalid_grant, invalid_scope) under
    --verbose: the client secret, the refresh token and access tokens never show."""
    records_only(programme)
    if refusal == "scope":
        meet.denied_scopes.add("https://www.googleapis.com/auth/meetings.space.readonly")
    else:
        meet.fail(
            "/token",
            400,
            {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
            times=9,
            method="POST",
        )
    args = ["--verbose", "sync", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "refused" in result.output
    for secret in ("gsecret-77", "refresh-token-xyz", "fake-access", "Bearer"):
        assert secret not in result.output


def test_zoom_the_morning_instance_is_not_the_afternoon_session(programme, zoom):
    """S1 (09:00) and S2 (13:00) on one recurring meeting id, the same day: S2's pull reads
    S2's instance; the morning's people are no part of the afternoon."""
    from tests.conftest import ZOOM_CSV_S2  # noqa: F401 - the fixture's S2 runs 13:00-15:30 WIB

    programme.edit("config.toml", 'file = "s2.csv"', f'zoom = "{MID}"')
    afternoon = [
        participant("Cilacap_DPMPTSP_Joko Susanto", "2020-04-14T06:00:00Z", "2020-04-14T08:20:00Z", pid="j")
    ]
    zoom.add_instance(MID, "morning", "2020-04-14T01:55:00Z", RECORDS)
    zoom.add_instance(MID, "afternoon", "2020-04-14T05:55:00Z", afternoon)
    use_zoom(programme, zoom)
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S2", "--format", "json"], env=ENV
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    names = {n for p in doc["participants"] for n in p["display_names"]}
    assert names == {"Cilacap_DPMPTSP_Joko Susanto"}, doc["participants"]


@pytest.mark.parametrize("status", [502, 503])
def test_meet_a_token_endpoint_that_is_down_is_no_refusal_and_no_page_dump(programme, meet, status):
    """Google's token endpoint behind a failing proxy answers 502/503 with an HTML page. That
    is no refusal of the credentials (checking the delegation would be the wrong errand) and
    the page is no line of output: one line, retried within the budget, then exit 1."""
    records_only(programme)
    programme.edit("config.toml", "max_attempts = 3", "max_attempts = 2")
    page = b"<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
    meet.fail("/token", status, page, {"Content-Type": "text/html"}, times=20, method="POST")
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 1, result.output
    *waits, error = result.output.strip().splitlines()  # a line for the wait, one for the error
    assert len(waits) == 1 and "trying again" in waits[0], waits
    assert not any("<" in line or "refused" in line for line in [*waits, error])
    assert error.startswith("error: meet: conference records of abc-defg-hij: the sign-in")
    assert error.endswith("(gave up after 2 attempts)")


def test_zoom_the_morning_instance_alone_is_not_the_afternoon_not_yet_listed(programme, zoom):
    """Read just after the afternoon's end, before Zoom lists its instance: the morning's
    instance alone is in the window's early hours. It passed as the afternoon with exit 0;
    it is not ready (exit 3) until the afternoon's own instance is listed."""
    programme.edit("config.toml", 'file = "s2.csv"', f'zoom = "{MID}"')
    zoom.add_instance(MID, "morning", "2020-04-14T01:55:00Z", RECORDS)
    p = provider(programme, zoom, now=at(datetime(2020, 4, 14, 9, 0, tzinfo=UTC)))  # S2 ended 08:30
    with pytest.raises(NotReady, match="no instance in S2's window"):
        p.pull(load_config(programme.config).session("S2"))


def test_zoom_the_waiting_room_is_no_attendance(programme, zoom):
    """Zoom's report lists time in the waiting room as records of their own (status
    in_waiting_room): someone never admitted is no attendee, someone admitted late counts
    from their admission."""
    waiting = participant("Tamu Menunggu", "2020-04-14T02:00:00Z", "2020-04-14T04:30:00Z", pid="w")
    admitted = participant(
        "Andi", "2020-04-14T01:50:00Z", "2020-04-14T02:20:00Z", "andi.k@slemankab.go.id", "a"
    )
    inside = participant(
        "Andi", "2020-04-14T02:20:00Z", "2020-04-14T04:30:00Z", "andi.k@slemankab.go.id", "a"
    )
    waiting["status"] = admitted["status"] = "in_waiting_room"
    zoom.add_instance(MID, "u1", "2020-04-14T01:55:00Z", [waiting, admitted, inside])
    pull = provider(programme, zoom).pull(s1(programme))
    assert [(s.name, s.join) for s in pull.segments] == [("Andi", datetime(2020, 4, 14, 2, 20, tzinfo=UTC))]


def test_meet_a_participants_listing_cut_short_is_not_whole(programme, meet):
    """Google gives ``totalSize`` only when a field mask asks for it (the reference: by default
    the listing answers ``participants/*,nextPageToken``): the provider asks, so a page that
    names no next page before the count is reached fails the pull."""
    records_only(programme)
    meet.directory_allowed = False
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    for n in range(300):
        meet.add_participant(
            record, f"g{n}", "anonymousUser", f"Tamu {n}", [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")]
        )
    whole = meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    counted = [json.loads(p.body) for p in whole.pages if p.label == "participants"]
    assert [c["totalSize"] for c in counted] == [300, 300]  # asked for, on both pages
    assert len({s.participant_id for s in whole.segments}) == 300
    first = sorted(record.participants, key=lambda p: p["earliestStartTime"], reverse=True)[:250]
    meet.fail("/participants", 200, {"participants": first, "totalSize": 300})  # no page 2
    with pytest.raises(ProviderError, match="250 of the 300"):
        meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))


def test_meet_a_token_expiring_between_pages_is_renewed_and_the_pull_is_whole(programme, meet):
    """An access token refused between two participant pages (it lasts an hour) is renewed
    by google-auth and the listing goes on: every participant read, no page twice."""
    records_only(programme)
    meet.directory_allowed = False
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    for n in range(300):
        meet.add_participant(
            record, f"g{n}", "anonymousUser", f"Tamu {n}", [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")]
        )
    expired = {
        "error": {
            "code": 401,
            "message": "Request had invalid authentication credentials.",
            "status": "UNAUTHENTICATED",
        }
    }
    meet.fail("pageToken=p250", 401, expired)
    pull = meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    assert len(pull.segments) == 300 and meet.count()["token"] == 2


def test_meet_a_directory_user_id_with_slashes_stays_one_path_segment(programme, meet):
    """A signed-in user's resource name comes from Google's answer; whatever it holds, its id
    is one path segment of the Directory lookup, never a path or a query of its own."""
    records_only(programme)
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    odd = "users/1001/../../../v2/conferenceRecords?filter=x#y"
    meet.add_participant(
        record, "1", "signedinUser", "Andi K", [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")], user=odd
    )
    pull = meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    assert [s.name for s in pull.segments] == ["Andi K"]
    (lookup,) = meet.batched
    path, _, query = lookup.raw_path.partition("?")
    assert path.startswith("/admin/directory/v1/users/") and path.count("/") == 5, lookup.raw_path
    assert "filter=" not in query and "#" not in lookup.raw_path


def test_meet_a_google_sized_user_id_is_looked_up(programme, meet):
    """Google's user ids have 21 digits: the batch part's Content-ID then passes email's 78
    columns and comes folded, which a server reads unfolded (the fake answered it folded and
    googleapiclient could not read its own answer back)."""
    records_only(programme)
    record = meet.add_record("r1", "abc-defg-hij", "2020-04-14T01:58:00Z", "2020-04-14T04:30:00Z")
    meet.directory["112233445566778899001"] = "andi.k@slemankab.go.id"
    meet.add_participant(
        record,
        "1",
        "signedinUser",
        "Andi K",
        [("2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")],
        user="users/112233445566778899001",
    )
    pull = meet_provider(programme, S1_END + timedelta(hours=3)).pull(s1(programme))
    assert [s.email for s in pull.segments] == ["andi.k@slemankab.go.id"]
