"""Meet without one request per participant: the Admin SDK Reports when the credentials allow
it, and on the REST path sessions fetched in parallel within the quota and Directory lookups
in batches. The real googleapiclient against the stateful fake Meet on loopback; what is
asserted is what reaches the fake's door (requests, refusals), never how long it took."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.google import google_user_credentials
from tests.fakes.meet import REPORTS_SCOPE, FakeMeet, VirtualClock, call_ended, iso
from tests.fakes.server import Server
from vc_sync.config import load_config
from vc_sync.errors import NotReady, ProviderError
from vc_sync.http import RetryPolicy
from vc_sync.providers.meet import MeetProvider
from vc_sync.ratelimit import RateLimiter

START = datetime(2020, 4, 14, 2, 0, tzinfo=UTC)  # the fixture's S1: 09:00–11:30 WIB
END = START + timedelta(minutes=150)
LATER = END + timedelta(hours=3)  # the report events have settled


@pytest.fixture
def meet(programme):
    app = FakeMeet()
    with Server(app) as server:
        google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'meet = "abc-defg-hij"\n\n[[sessions]]'
        )
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + f'\n[providers.meet]\ncredentials = "google.json"\nendpoint = "{server.url}/"\n'
            + "max_attempts = 4\n",
        )
        yield app


def provider(programme, now: datetime = LATER, clock: VirtualClock | None = None) -> MeetProvider:
    p = MeetProvider(
        load_config(programme.config),
        policy=RetryPolicy(sleep=lambda _s: None),
        now=lambda: now,
        clock=clock,
        sleep=clock.sleep if clock else None,
    )
    if clock:
        clock.limiters += [p.meet_limit, p.admin_limit]
    return p


def session(programme):
    return load_config(programme.config).session("S1")


def crowd(app: FakeMeet, people: int, signed_in: int = 0) -> None:
    """One ended conference of ``people`` participants, the first ``signed_in`` signed in."""
    record = app.add_record(
        "r1", "abc-defg-hij", iso(START - timedelta(minutes=2)), iso(END + timedelta(minutes=5))
    )
    for n in range(people):
        user = f"users/{1000 + n}" if n < signed_in else None
        app.add_participant(
            record,
            str(n),
            "signedinUser" if user else "anonymousUser",
            f"Peserta {n}",
            [
                (iso(START), iso(START + timedelta(minutes=40))),
                (iso(START + timedelta(minutes=45)), iso(END)),
            ],
            user=user,
        )
        if user:
            app.directory[str(1000 + n)] = f"peserta{n}@slemankab.go.id"


def events(app: FakeMeet, n: int, code: str = "ABCDEFGHIJ", conference: str = "conf-1") -> None:
    app.activities += [
        call_ended(
            f"Peserta {i}",
            f"peserta{i}@slemankab.go.id",
            iso(END - timedelta(seconds=i)),
            7000,
            code,
            conference,
        )
        for i in range(n)
    ]


def test_auto_reads_2500_connections_from_the_reports_in_three_requests(programme, meet):
    events(meet, 2500)
    p = provider(programme)
    pull = p.pull(session(programme))
    assert len(pull.segments) == 2500 and all(s.email for s in pull.segments)
    assert meet.count() == {"token": 1, "reports": 3}  # 1,000 events a page
    assert p.replay(pull.pages, session(programme)) == list(pull.segments)


def test_auto_reads_the_meet_api_when_the_account_may_not_read_reports_and_asks_once_per_run(programme, meet):
    meet.reports_allowed = False
    crowd(meet, 5)
    first = provider(programme)
    assert len(first.pull(session(programme)).segments) == 10
    assert any("cannot read the Admin SDK reports" in w for w in first.warnings)
    again = provider(programme)  # another session of the same run: the answer is remembered
    again.pull(session(programme))
    assert meet.count()["reports"] == 1 and meet.count()["sessions"] == 10


def test_auto_reads_the_meet_api_when_the_token_lacks_the_reports_scope(programme, meet):
    meet.denied_scopes = {REPORTS_SCOPE}  # invalid_scope at the token endpoint
    crowd(meet, 3)
    p = provider(programme)
    assert len(p.pull(session(programme)).segments) == 6
    assert "reports" not in meet.count() and meet.count()["sessions"] == 3


def test_reports_not_settled_are_not_ready_after_one_small_question_and_then_cost_nothing(programme, meet):
    events(meet, 10)
    soon = END + timedelta(minutes=20)
    with pytest.raises(NotReady, match="delay"):
        provider(programme, now=soon).pull(session(programme))
    (asked,) = [r for r in meet.requests if r.path.endswith("/meet")]
    assert asked.query["maxResults"] == "1"  # whether they may be read, not the events yet
    with pytest.raises(NotReady, match="delay"):
        provider(programme, now=soon).pull(session(programme))  # allowed is known: no request
    assert meet.count() == {"token": 1, "reports": 1}


def test_forced_reports_before_they_settle_ask_nothing(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "reports"')
    with pytest.raises(NotReady, match="reports_settle"):
        provider(programme, now=END + timedelta(minutes=5)).pull(session(programme))
    assert meet.requests == []


@pytest.mark.parametrize("status", [503, 403])
def test_a_reports_listing_that_breaks_midway_is_an_error_never_a_smaller_log(programme, meet, status):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "reports"')
    events(meet, 2500)
    meet.fail("pageToken=p1000", status, {"error": {"code": status, "message": "boom"}}, times=10)
    with pytest.raises(ProviderError):
        provider(programme).pull(session(programme))
    assert "sessions" not in meet.count()  # no fall-back that would pass a part for the whole


def test_obscured_external_addresses_are_no_identity_and_other_conferences_stay_out(programme, meet):
    meet.activities = [
        call_ended("Tamu A", "li***@s***.com", iso(END), 3000, external=True),
        call_ended("Tamu B", "li***@s***.com", iso(END - timedelta(minutes=5)), 3000, external=True),
        call_ended(
            "Kemarin", "andi.k@slemankab.go.id", iso(START - timedelta(hours=11)), 600, conference="conf-0"
        ),
    ]
    pull = provider(programme).pull(session(programme))
    assert sorted(s.name for s in pull.segments) == ["Tamu A", "Tamu B"]
    assert all(s.email is None and s.participant_id is None for s in pull.segments)


def test_the_dashed_spelling_of_a_meeting_code_is_asked_when_the_bare_one_finds_nothing(programme, meet):
    events(meet, 3, code="abc-defg-hij")
    pull = provider(programme).pull(session(programme))
    assert len(pull.segments) == 3 and meet.count()["reports"] == 2


def test_the_rest_path_asks_each_participant_once_and_the_directory_in_one_batch(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "records"')
    crowd(meet, 260, signed_in=150)
    pull = provider(programme).pull(session(programme))
    assert len(pull.segments) == 520 and sum(bool(s.email) for s in pull.segments) == 300
    counts = meet.count()
    assert {k: counts[k] for k in ("records", "participants", "sessions", "batch")} == {
        "records": 1,
        "participants": 2,
        "sessions": 260,
        "batch": 1,
    }
    assert "users.get" not in counts and len(meet.batched) == 150  # before: 150 users.get


def test_the_rest_path_stays_within_the_quota_with_parallel_requests(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "records"')
    programme.edit("config.toml", "max_attempts = 4", "max_attempts = 4\nreads_per_minute = 100\nworkers = 8")
    crowd(meet, 150)
    clock = VirtualClock(meet)
    meet.clock, meet.meet_quota = clock, 100
    p = provider(programme, clock=clock)
    pull = p.pull(session(programme))
    assert len(pull.segments) == 300
    assert meet.refused == []  # not one 429: the limiter kept within 100 reads a minute
    assert meet.count()["sessions"] == 150 and p.meet_limit.waited > 50


def test_directory_calls_the_quota_refuses_are_asked_again(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "records"')
    crowd(meet, 150, signed_in=150)
    clock = VirtualClock(meet)
    meet.clock, meet.admin_quota = clock, 100  # lower than the 2,400 the limiter allows
    pull = provider(programme, clock=clock).pull(session(programme))
    assert all(s.email for s in pull.segments)  # everyone found in the end
    assert len(meet.refused) == 50 and meet.count()["batch"] == 2  # 150, then the 50 refused


def test_one_user_in_two_records_is_looked_up_once(programme, meet):
    programme.edit("config.toml", 'meet = "abc-defg-hij"', 'meet = "abc-defg-hij"\nmeet_source = "records"')
    first = meet.add_record("r1", "abc-defg-hij", iso(START), iso(START + timedelta(minutes=60)))
    second = meet.add_record("r2", "abc-defg-hij", iso(START + timedelta(minutes=62)), iso(END))
    for record, (a, b) in (
        (first, (START, START + timedelta(minutes=59))),
        (second, (START + timedelta(minutes=63), END)),
    ):
        meet.add_participant(record, "1", "signedinUser", "Andi K", [(iso(a), iso(b))], user="users/1001")
    meet.directory["1001"] = "andi.k@slemankab.go.id"
    pull = provider(programme).pull(session(programme))
    assert {s.email for s in pull.segments} == {"andi.k@slemankab.go.id"}
    assert [r.path for r in meet.batched] == ["/admin/directory/v1/users/1001"]


def test_the_limiter_never_lets_more_than_the_budget_through_in_a_window():
    now = [0.0]
    limiter = RateLimiter(5, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s), window=60)
    sent = []
    for n in (1, 2, 3, 1, 4, 5, 2, 1):
        limiter.acquire(n)
        sent += [now[0]] * n
        now[0] += 7
    for i, t in enumerate(sent):
        assert sum(1 for u in sent if t <= u < t + 60) <= 5, (i, sent)
