"""The Zoom provider through the real zoomus client against a fake Zoom on loopback."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.fakes.server import Server
from tests.fakes.zoom import FakeZoom, participant, registrant
from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import NotReady, ProviderError
from vc_sync.http import RetryPolicy
from vc_sync.providers.zoom import ZoomProvider
from vc_sync.store import Store

SECRET = "zoom-secret-Q9x7"
ENV = {"ZOOM_ACCOUNT_ID": "Xq3kAccT0kw9", "ZOOM_CLIENT_ID": "Zc1ientAb12", "ZOOM_CLIENT_SECRET": SECRET}
RECORDS = [
    participant("iPhone", "2020-04-14T01:58:00Z", "2020-04-14T03:00:00Z", "andi.k@slemankab.go.id", "u-andi"),
    participant("iPhone", "2020-04-14T03:02:00Z", "2020-04-14T04:31:00Z", "andi.k@slemankab.go.id", "u-andi"),
    participant("+62 812-3456-7890", "2020-04-14T02:05:00Z", "2020-04-14T04:20:00Z"),
    participant("Sri Wahyuni (Dinpar Bantul)", "2020-04-14T02:00:00Z", "2020-04-14T02:30:00Z"),
    participant("BANTUL_BAG ORG_Joko", "2020-04-14T02:01:00Z", "2020-04-14T04:29:00Z"),
    participant("Ibu Damayani Tyastianti", "2020-04-14T01:55:00Z", "2020-04-14T04:40:00Z"),
    participant("Galaxy A51", "2020-04-14T02:12:00Z", "2020-04-14T02:40:00Z", user_id="16779264"),
    participant("Galaxy A51", "2020-04-14T02:50:00Z", "2020-04-14T03:40:00Z", user_id="16780288"),
]


@pytest.fixture
def zoom():
    app = FakeZoom(ENV["ZOOM_ACCOUNT_ID"], ENV["ZOOM_CLIENT_ID"], SECRET)
    with Server(app) as server:
        app.url = server.url
        yield app


def use_zoom(programme, zoom, ref: str = "812 3456 7890", key: str = "zoom") -> None:
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', f'{key} = "{ref}"\n\n[[sessions]]')
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + f"""
[providers.zoom]
account_id = "${{ZOOM_ACCOUNT_ID}}"
client_id = "${{ZOOM_CLIENT_ID}}"
client_secret = "${{ZOOM_CLIENT_SECRET}}"
base_url = "{zoom.url}/v2"
oauth_url = "{zoom.url}/oauth/token"
max_attempts = 3
max_seconds = 5
""",
    )


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), env=ENV)


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)


def provider(programme, zoom, now=None, **policy) -> ZoomProvider:
    if "[providers.zoom]" not in (programme.root / "config.toml").read_text():
        use_zoom(programme, zoom)
    config = load_config(programme.config)
    waits: list[float] = []
    p = ZoomProvider(config, now=now, policy=RetryPolicy(sleep=waits.append, **policy))
    p.waits = waits
    return p


def test_api_and_saved_json_give_the_same_reconcile(programme, zoom):
    zoom.add_instance("81234567890", "aBc+dE/fG==", "2020-04-14T01:55:00Z", RECORDS)
    use_zoom(programme, zoom)
    live = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert live.exit_code == 0, live.output
    # the same records saved as report pages, read by the file provider
    programme.write("s1.json", "\n".join(json.dumps({"participants": RECORDS[i : i + 3]}) for i in (0, 3, 6)))
    programme.edit("config.toml", 'zoom = "812 3456 7890"', 'file = "s1.json"')
    saved = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert saved.exit_code == 0, saved.output
    assert json.loads(live.stdout) == json.loads(saved.stdout)
    assert json.loads(live.stdout)["totals"]["verified"] == 3


def test_pages_are_followed_to_the_end(programme, zoom):
    zoom.add_instance("81234567890", "uuid-1", "2020-04-14T01:55:00Z", RECORDS * 80)  # 640 records
    p = provider(programme, zoom)
    pull = p.pull(load_config(programme.config).session("S1"))
    reports = [r for r in zoom.requests if "/report/" in r.path]
    assert len(reports) == 3 and [r.query.get("page_size") for r in reports] == ["300"] * 3
    assert len(pull.segments) == 640 and len(pull.pages) == 3
    assert p.replay(pull.pages, load_config(programme.config).session("S1")) == list(pull.segments)


def test_instances_inside_the_window_are_all_pulled(programme, zoom):
    zoom.add_instance("81234567890", "inst-yesterday", "2020-04-13T01:00:00Z", RECORDS[:2])
    zoom.add_instance("81234567890", "inst-a", "2020-04-14T01:55:00Z", RECORDS[:4])
    zoom.add_instance("81234567890", "inst-b", "2020-04-14T03:10:00Z", RECORDS[4:])  # restarted
    p = provider(programme, zoom)
    pull = p.pull(load_config(programme.config).session("S1"))
    asked = [r.path for r in zoom.requests if "/report/" in r.path]
    assert asked == ["/v2/report/meetings/inst-a/participants", "/v2/report/meetings/inst-b/participants"]
    assert len(pull.segments) == 8 and pull.meta["instances"] == ["inst-a", "inst-b"]


def test_429_honours_retry_after(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    zoom.fail(
        "/report/",
        429,
        {"code": 429, "message": "Too many requests"},
        {"Retry-After": "7", "X-RateLimit-Type": "QPS"},
    )
    p = provider(programme, zoom)
    pull = p.pull(load_config(programme.config).session("S1"))
    assert len(pull.segments) == 8 and p.waits == [7.0]


def test_500_then_success(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    zoom.fail("/report/", 500, {"message": "oops"}, times=2)
    p = provider(programme, zoom)
    assert len(p.pull(load_config(programme.config).session("S1")).segments) == 8
    assert len(p.waits) == 2 and all(w > 0 for w in p.waits)


def test_an_expired_token_is_refreshed_once(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    p = provider(programme, zoom)
    session = load_config(programme.config).session("S1")
    p.pull(session)
    zoom.revoked.update(zoom.tokens)  # an hour later
    assert len(p.pull(session).segments) == 8
    assert len([r for r in zoom.requests if r.path == "/oauth/token"]) == 2


def test_token_failure_names_the_cause(programme, zoom, monkeypatch):
    use_zoom(programme, zoom)
    env = dict(ENV, ZOOM_CLIENT_SECRET="wrong-secret")
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1"], env=env
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: zoom: token request refused (HTTP 400: Invalid client_id or client_secret); "
        "check account_id, client_id and client_secret (Zoom App Marketplace › Manage › your "
        "Server-to-Server OAuth app › App Credentials) and that the app is activated"
    ]
    assert "wrong-secret" not in result.output and "Bearer None" not in result.output


def test_an_empty_report_just_after_the_end_is_not_ready(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", [])
    soon = provider(programme, zoom, now=lambda: datetime(2020, 4, 14, 5, 0, tzinfo=UTC))
    with pytest.raises(NotReady):
        soon.pull(load_config(programme.config).session("S1"))
    later = ZoomProvider(load_config(programme.config), now=lambda: datetime(2020, 4, 20, tzinfo=UTC))
    with pytest.raises(ProviderError, match="reports no participants 6 days after"):  # README: exit 1
        later.pull(load_config(programme.config).session("S1"))


def test_guests_have_no_email(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    p = provider(programme, zoom)
    segs = p.pull(load_config(programme.config).session("S1")).segments
    assert [s.email for s in segs if s.name == "Galaxy A51"] == [None, None]


def test_retries_are_bounded_and_exhaustion_is_exit_1(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    zoom.fail("/report/", 503, {"message": "unavailable"}, times=10)
    p = provider(programme, zoom, max_attempts=4)
    with pytest.raises(ProviderError) as info:
        p.pull(load_config(programme.config).session("S1"))
    assert str(info.value) == "zoom: meetings report u1: HTTP 503 (gave up after 4 attempts)"
    assert len([r for r in zoom.requests if "/report/" in r.path]) == 4


def test_an_expired_page_token_restarts_the_listing(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS * 50)  # 400 records, 2 pages
    zoom.expire_next_page_token = True
    p = provider(programme, zoom)
    pull = p.pull(load_config(programme.config).session("S1"))
    assert len(pull.segments) == 400 and len(pull.pages) == 2  # no page kept twice


def test_webinar_report(programme, zoom):
    zoom.webinars["93456789012"] = RECORDS[:3]
    use_zoom(programme, zoom, ref="934 5678 9012", key="zoom_webinar")
    result = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["participants"]) == 2
    assert any(r.path == "/v2/report/webinars/93456789012/participants" for r in zoom.requests)


def test_check_online_and_secrets_stay_out_of_output(programme, zoom):
    use_zoom(programme, zoom)
    result = invoke("--verbose", "check", "--config", str(programme.config), "--online")
    assert result.exit_code == 0, result.output
    assert "zoom: signed in; reports readable (none yet for S1's 81234567890)" in result.output
    assert SECRET not in result.output


def test_raw_pages_keep_no_credentials(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    pull = provider(programme, zoom).pull(load_config(programme.config).session("S1"))
    for page in pull.pages:
        assert SECRET.encode() not in page.body and b"tok-" not in page.body and "tok-" not in page.label


# --- a pull is whole or fails; readiness that ends; UUIDs as the field encodes them ---------

MID = "81234567890"
END = datetime(2020, 4, 14, 4, 30, tzinfo=UTC)  # S1 ends 11:30 WIB
SOON = lambda: END + timedelta(hours=2)  # noqa: E731 - inside the readiness window (24 h)
LATER = lambda: END + timedelta(days=3)  # noqa: E731
MISSING = "Qm9Lk7/xTzWvY2uJ5pR1s=="  # a restarted instance whose UUID has one '/' inside


def session_s1(programme, **changes):
    return dataclasses.replace(load_config(programme.config).session("S1"), **changes)


def recent(programme) -> datetime:
    """Move S1 so that it ended an hour ago (inside the readiness window); its start in UTC."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start, end = now - timedelta(hours=3), now - timedelta(hours=1)
    wib = ZoneInfo("Asia/Jakarta")
    programme.edit(
        "config.toml",
        'start = "2020-04-14 09:00"\nend = "2020-04-14 11:30"',
        f'start = "{start.astimezone(wib):%Y-%m-%d %H:%M}"\nend = "{end.astimezone(wib):%Y-%m-%d %H:%M}"',
    )
    return start


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def archived(programme):
    store = Store(load_config(programme.config).state_dir)
    try:
        return store.last_pull("S1"), store.last_run("S1")
    finally:
        store.close()


def reports(zoom) -> list[str]:
    return [r.raw_path.split("?")[0] for r in zoom.requests if "/report/" in r.raw_path]


SHAPES = {  # UUID -> the path segment that reaches it
    "leading-slash": ("/AbCdEfGhIjKlMnOpQrStUv==", "%252FAbCdEfGhIjKlMnOpQrStUv%253D%253D"),
    "inner-slash": ("AbCdEfGh/IjKlMnOpQrStU==", "AbCdEfGh%252FIjKlMnOpQrStU%253D%253D"),
    "double-slash": ("AbCdEfGh//IjKlMnOpQrSt==", "AbCdEfGh%252F%252FIjKlMnOpQrSt%253D%253D"),
    "plus": ("AbCdEf+GhIjKlMnOpQrStU==", "AbCdEf%2BGhIjKlMnOpQrStU%3D%3D"),
    "equals": ("AbCdEfGhIjKlMnOpQrStUvW=", "AbCdEfGhIjKlMnOpQrStUvW%3D"),
}


@pytest.mark.parametrize(("uuid", "segment"), SHAPES.values(), ids=SHAPES.keys())
def test_each_uuid_shape_reaches_its_report(programme, zoom, uuid, segment):
    zoom.add_instance(MID, uuid, "2020-04-14T01:55:00Z", RECORDS)
    p = provider(programme, zoom)
    pull = p.pull(session_s1(programme, ref=uuid))
    assert reports(zoom) == [f"/v2/report/meetings/{segment}/participants"]  # no second try
    assert len(pull.segments) == 8
    # the fake decodes as Zoom does: a '/' encoded only once routes nowhere
    once = segment.replace("%25", "%")
    answer = p.client().report.get_request(f"/report/meetings/{once}/participants")
    assert answer.status_code == (404 if "/" in uuid else 200)


def test_a_404_tries_the_other_encoding_once_and_keeps_it(programme, zoom):
    zoom.route_raw = True  # a gateway that takes single encoding only
    uuid, double = SHAPES["inner-slash"]
    zoom.add_instance(MID, uuid, "2020-04-14T01:55:00Z", RECORDS * 50)  # 400 records: 2 pages
    pull = provider(programme, zoom).pull(session_s1(programme, ref=uuid))
    single = "AbCdEfGh%2FIjKlMnOpQrStU%3D%3D"
    assert reports(zoom) == [f"/v2/report/meetings/{s}/participants" for s in (double, single, single)]
    assert len(pull.segments) == 400


def test_a_missing_report_is_asked_for_at_most_twice(programme, zoom):
    p = provider(programme, zoom, now=SOON)
    for uuid, asked in ((SHAPES["inner-slash"][0], 2), (SHAPES["plus"][0], 1)):
        before = len(reports(zoom))
        with pytest.raises(NotReady):
            p.pull(session_s1(programme, ref=uuid))
        assert len(reports(zoom)) - before == asked


def test_a_restarted_meeting_with_a_slash_in_its_second_uuid_is_pulled_whole(programme, zoom):
    """The field report: 829 segments over two instances, the second UUID with one inner '/'."""
    zoom.add_instance(MID, "FirstAbCdEf+GhIjKlMnO==", "2020-04-14T01:55:00Z", (RECORDS * 52)[:414])
    zoom.add_instance(MID, MISSING, "2020-04-14T03:10:00Z", (RECORDS * 52)[:415])
    pull = provider(programme, zoom).pull(session_s1(programme))
    assert len(pull.segments) == 829 and pull.meta["instances"] == ["FirstAbCdEf+GhIjKlMnO==", MISSING]
    api = [r.path for r in zoom.requests if r.path.startswith("/v2/")]
    assert len(api) == 5  # the instance list and two pages per instance


def test_an_instance_without_a_report_fails_the_whole_pull(programme, zoom):
    zoom.add_instance(MID, "inst-a", "2020-04-14T01:55:00Z", RECORDS[:4])
    zoom.add_instance(MID, MISSING, "2020-04-14T03:10:00Z", None)  # listed, report not there
    with pytest.raises(NotReady) as soon:
        provider(programme, zoom, now=SOON).pull(session_s1(programme))
    assert MISSING in str(soon.value) and "nothing was pulled" in str(soon.value)
    with pytest.raises(ProviderError) as late:
        provider(programme, zoom, now=LATER).pull(session_s1(programme))
    assert str(late.value) == (
        f"zoom: S1: instance {MISSING} of meeting {MID}: no report 3 days after the session ended "
        f"(HTTP 404, code 3001: Meeting {MISSING} is not found or has expired.); nothing was pulled. "
        f'If that instance truly has none, leave it out: zoom_skip = ["{MISSING}"]'
    )


def test_restarted_meeting_missing_a_report_is_exit_3_within_the_window(programme, zoom):
    start = recent(programme)
    zoom.add_instance(MID, "inst-a", iso(start + timedelta(minutes=5)), RECORDS[:4])
    zoom.add_instance(MID, MISSING, iso(start + timedelta(minutes=70)), None)
    use_zoom(programme, zoom)
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 3, result.output
    assert MISSING in result.output
    pulled, last = archived(programme)
    assert pulled is None and last.outcome == "not_ready" and not programme.xlsx.exists()


def test_restarted_meeting_missing_a_report_is_exit_1_after_and_zoom_skip_leaves_it_out(programme, zoom):
    zoom.add_instance(MID, "inst-a", "2020-04-14T01:55:00Z", RECORDS[:4])
    zoom.add_instance(MID, MISSING, "2020-04-14T03:10:00Z", None)
    use_zoom(programme, zoom)
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 1
    assert f'zoom_skip = ["{MISSING}"]' in result.output
    pulled, last = archived(programme)
    assert pulled is None and last.outcome == "failed" and not programme.xlsx.exists()
    status = CliRunner().invoke(cli, ["status", "--config", str(programme.config)], env={"COLUMNS": "400"})
    assert "failed: zoom: S1: instance" in status.output
    programme.edit(
        "config.toml", 'zoom = "812 3456 7890"', f'zoom = "812 3456 7890"\nzoom_skip = ["{MISSING}"]'
    )
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 0, result.output
    pulled, last = archived(programme)
    assert "(1 instance(s)" in pulled.origin and pulled.segments == 4 and last.outcome == "ok"


def test_a_mistyped_meeting_id_long_after_the_session_is_an_error(programme, zoom):
    use_zoom(programme, zoom, ref="812 3456 7809")
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: zoom: S1: meeting 81234567809: no report ")
    assert "days after the session ended (HTTP 404, code 3001" in line
    assert line.endswith(
        "likely a wrong id, a meeting of another Zoom account than the app's, "
        "or a report older than Zoom keeps"
    )
    assert len([r for r in zoom.requests if r.path.startswith("/v2/")]) == 2  # instances, report
    status = CliRunner().invoke(cli, ["status", "--config", str(programme.config)], env={"COLUMNS": "400"})
    (row,) = [line for line in status.output.splitlines() if line.startswith("│ S1 ")]
    assert "failed: zoom: S1: meeting 81234567809: no report" in row  # failing, not pending


def test_a_mistyped_meeting_id_just_after_the_session_is_not_ready(programme, zoom):
    recent(programme)
    use_zoom(programme, zoom, ref="812 3456 7809")
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 3 and "meeting 81234567809: no report yet" in result.output


def test_the_readiness_window_is_configurable(programme, zoom):
    use_zoom(programme, zoom, ref="812 3456 7809")
    programme.edit("config.toml", "max_attempts = 3", "max_attempts = 3\nready_within = 96")
    p = provider(programme, zoom, now=LATER)  # 72 hours after the end
    with pytest.raises(NotReady):
        p.pull(session_s1(programme))


def test_listed_instances_outside_the_window_are_not_taken_for_the_session(programme, zoom):
    zoom.add_instance(MID, "inst-yesterday", "2020-04-13T01:00:00Z", RECORDS)
    with pytest.raises(NotReady):
        provider(programme, zoom, now=SOON).pull(session_s1(programme))
    with pytest.raises(ProviderError, match="has no instance in S1's window"):
        provider(programme, zoom, now=LATER).pull(session_s1(programme))
    assert reports(zoom) == []  # the latest instance is never read as this session's


def test_an_empty_instance_report_within_the_window_is_not_ready(programme, zoom):
    zoom.add_instance(MID, "inst-a", "2020-04-14T01:55:00Z", RECORDS)
    zoom.add_instance(MID, "inst-b", "2020-04-14T03:10:00Z", [])  # report not filled in yet
    with pytest.raises(NotReady, match="inst-b"):
        provider(programme, zoom, now=SOON).pull(session_s1(programme))
    assert len(provider(programme, zoom, now=LATER).pull(session_s1(programme)).segments) == 8


# --- meeting references as people paste them ---------------------------------------------

PWD = "Qk9xT2ZtR3Z3dXZ1dz09.1"


@pytest.mark.parametrize(
    ("text", "key", "ref", "source"),
    [
        (f"https://us06web.zoom.us/j/81234567890?pwd={PWD}", "zoom", MID, "zoom"),
        (f"https://kemenpan.zoom.us/j/81234567890?pwd={PWD}#success", "zoom", MID, "zoom"),
        (f"us06web.zoom.us/j/81234567890?pwd={PWD}", "zoom", MID, "zoom"),
        (f"https://us06web.zoom.us/w/81234567890?tk=AbCd-tk.DEF&pwd={PWD}", "zoom", MID, "zoom_webinar"),
        (f"https://zoom.us/wc/join/81234567890?pwd={PWD}", "zoom", MID, "zoom"),
        (f"zoommtg://zoom.us/join?action=join&confno=81234567890&pwd={PWD}", "zoom", MID, "zoom"),
        (f"https://us06web.zoom.us/j/93456789012?pwd={PWD}", "zoom_webinar", "93456789012", "zoom_webinar"),
        ("812-3456-7890", "zoom", MID, "zoom"),
        ("812 3456 7890", "zoom", MID, "zoom"),
        ("Meeting ID: 812 3456 7890", "zoom", MID, "zoom"),
        ("aBc+dE/fGhIjKlMnOpQ==", "zoom", "aBc+dE/fGhIjKlMnOpQ==", "zoom"),
        ("aBc%2BdE%2FfGhIjKlMnOpQ%3D%3D", "zoom", "aBc+dE/fGhIjKlMnOpQ==", "zoom"),
    ],
)
def test_meeting_references_as_pasted(programme, zoom, text, key, ref, source):
    use_zoom(programme, zoom, ref=text, key=key)
    session = load_config(programme.config).session("S1")
    assert (session.ref, session.source) == (ref, source)
    assert PWD not in repr(session)


def test_a_webinar_link_reads_the_webinar_report(programme, zoom):
    zoom.webinars[MID] = RECORDS[:3]
    use_zoom(programme, zoom, ref=f"https://us06web.zoom.us/w/81234567890?tk=AbCd-tk.DEF&pwd={PWD}")
    result = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert reports(zoom) == [f"/v2/report/webinars/{MID}/participants"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"https://us06web.zoom.us/meeting/register/tZ0kdO2vrD8?pwd={PWD}", "a registration link"),
        (f"https://zoom.us/my/bimtek.panrb?pwd={PWD}", "a personal link name"),
        (f"https://meet.google.com/abc-defg-hij?pwd={PWD}", "not a Zoom join link"),
    ],
)
def test_a_link_that_names_no_meeting_is_one_line_without_its_passcode(programme, zoom, text, message):
    use_zoom(programme, zoom, ref=text)
    result = invoke("check", "--config", str(programme.config))
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("error: config.toml: sessions[1] (S1).zoom: ") and message in line
    assert PWD not in result.output and "?…" in line


# --- registration as evidence --------------------------------------------------------------


def registered_meeting(zoom, fillers: int = 347) -> None:
    """A meeting with registration: an 'iPhone', a 'Galaxy A51' and an 'iPad' that registered
    (e-mail, phone and agency answers), one connection whose registration was denied, and
    ``fillers`` other registrants placing the three on the second page."""
    zoom.add_instance(
        MID,
        "u1",
        "2020-04-14T01:55:00Z",
        [
            participant("iPhone", "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z", registrant_id="r-andi"),
            participant("Galaxy A51", "2020-04-14T02:05:00Z", "2020-04-14T04:20:00Z", registrant_id="r-hp"),
            participant("iPad", "2020-04-14T02:00:00Z", "2020-04-14T03:30:00Z", registrant_id="r-bantul"),
            participant("Android", "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z", registrant_id="r-denied"),
            participant("Ibu Damayani Tyastianti", "2020-04-14T01:55:00Z", "2020-04-14T04:40:00Z"),
        ],
    )
    zoom.registrants[MID] = [
        registrant(f"r-{n:04}", f"peserta{n}@example.go.id", f"Peserta {n}", answers={"Instansi": "Dinas X"})
        for n in range(fillers)
    ] + [
        registrant(
            "r-andi",
            "andi.k@slemankab.go.id",
            "Andi",
            answers={"Instansi": "DPMPTSP Sleman", "Jabatan": "Analis"},
        ),
        registrant("r-hp", "bambang.h@gmail.com", "Bambang", answers={"No. HP/WA": "0812 3456 7890"}),
        registrant(
            "r-bantul",
            "staf.org@gmail.com",
            "Staf",
            answers={"Asal instansi": "Bagian Organisasi Setda Kab. Bantul"},
        ),
        registrant("r-denied", "andi.k@slemankab.go.id", "Andi", status="denied"),
    ]


def by_name(payload: dict) -> dict[str, dict]:
    return {p["display_names"][0]: p for p in payload["participants"]}


def test_registrants_raise_an_iphone_to_verified_and_replay_offline(programme, zoom):
    registered_meeting(zoom)
    use_zoom(programme, zoom)
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    asked = [r for r in zoom.requests if r.path == f"/v2/meetings/{MID}/registrants"]
    assert [(r.query["status"], r.query["page_size"]) for r in asked] == [("approved", "300")] * 2
    live = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    people = by_name(json.loads(live.stdout))
    assert (people["iPhone"]["invitee"], people["iPhone"]["method"], people["iPhone"]["status"]) == (
        "R001",
        "email",
        "verified",
    )
    assert people["iPhone"]["email"] == "andi.k@slemankab.go.id"
    assert (people["Galaxy A51"]["invitee"], people["Galaxy A51"]["method"]) == ("R002", "phone")
    assert people["Galaxy A51"]["status"] == "verified"
    assert (people["iPad"]["agency"], people["iPad"]["status"]) == (
        "Bagian Organisasi Setda Kabupaten Bantul",
        "verified",
    )
    assert people["Android"]["status"] == "unmatched"  # a denied registration is no evidence
    assert all(r.query["include_fields"] == "registrant_id" for r in zoom.requests if "/report/" in r.path)
    # the archive holds the registrant pages: --offline replays the same evidence
    offline = invoke(
        "reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json", "--offline"
    )
    assert offline.exit_code == 0, offline.output
    assert json.loads(offline.stdout) == json.loads(live.stdout)


def test_a_refused_registrant_scope_is_said_once_and_the_pull_goes_on(programme, zoom):
    registered_meeting(zoom)
    zoom.scopes = {"report:read:admin", "meeting:read:list_past_instances:admin"}  # granular, no registrants
    use_zoom(programme, zoom)
    result = invoke("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: zoom: registrants of meeting {MID}: permission denied (HTTP 400, code 4711: "
        "Invalid access token, does not contain scopes:[meeting:read:admin, "
        "meeting:read:list_registrants:admin].); the app needs meeting:read:list_registrants:admin "
        "(classic: meeting:read:admin); registrations not used as evidence"
    ]
    people = by_name(json.loads(result.stdout))
    assert people["iPhone"]["status"] == "unmatched" and people["iPhone"]["email"] is None


def test_request_counts_of_a_restarted_meeting_with_registration(programme, zoom):
    """Two instances of 320 connections each (640), 350 approved registrants."""
    many = [
        participant(f"Peserta {n}", "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z", registrant_id=f"r-{n:04}")
        for n in range(640)
    ]
    zoom.add_instance(MID, "inst-a", "2020-04-14T01:55:00Z", many[:320])
    zoom.add_instance(MID, SHAPES["inner-slash"][0], "2020-04-14T03:10:00Z", many[320:])
    zoom.registrants[MID] = [registrant(f"r-{n:04}", f"p{n}@example.go.id", f"P{n}") for n in range(350)]
    pull = provider(programme, zoom).pull(session_s1(programme))
    assert len(pull.segments) == 640 and pull.meta["registrants"] == 350
    asked = [r.path for r in zoom.requests]
    assert len([p for p in asked if p == "/oauth/token"]) == 1
    assert len([p for p in asked if p.endswith("/instances")]) == 1
    assert len([p for p in asked if "/report/" in p]) == 4  # two pages per instance
    assert len([p for p in asked if p.endswith("/registrants")]) == 2
    assert len(asked) == 8 and len(pull.pages) == 6


def test_a_pasted_passcode_is_never_kept_printed_or_archived(programme, zoom):
    registered_meeting(zoom, fillers=3)
    use_zoom(programme, zoom, ref=f"https://us06web.zoom.us/j/81234567890?pwd={PWD}")
    config = str(programme.config)
    outputs = [
        invoke("--verbose", "check", "--config", config),
        invoke("--verbose", "sync", "--config", config, "--session", "S1"),
        invoke("reconcile", "--config", config, "--session", "S1", "--format", "json", "--offline"),
        CliRunner().invoke(cli, ["status", "--config", config], env={"COLUMNS": "400"}),
    ]
    assert [r.exit_code for r in outputs] == [0, 0, 0, 0]
    assert not any(PWD in r.output for r in outputs)
    state = load_config(programme.config).state_dir
    assert not any(PWD.encode() in f.read_bytes() for f in state.iterdir())
    pulled, _ = archived(programme)
    store = Store(state)
    try:
        pages = store.pages(pulled.id)
    finally:
        store.close()
    assert any(b'"registrants"' in p.body for p in pages)
    for page in pages:  # nor a registrant's own join link, token or passcode
        assert PWD not in page.label and PWD.encode() not in page.body
        assert b"pwd-" not in page.body and b"tk-" not in page.body and b"join_url" not in page.body


def test_only_answers_that_place_a_person_become_details():
    from vc_sync.providers.formats import zoom_registrants

    page = {
        "registrants": [
            registrant(
                "r-1",
                "sri@gmail.com",
                "Sri",
                answers={
                    "Unit kerja": "Dinas Pariwisata",
                    "Jabatan": "Kepala Seksi",
                    "Apa harapan Anda untuk Bimtek ini?": "Semoga bermanfaat bagi Kab. Sleman",
                    "Kabupaten/Kota": "Bantul",
                },
                org="Pemkab Bantul",
                phone="+62 811 2233 4455",
            )
        ]
    }
    (found,) = zoom_registrants([page]).values()
    assert found.email == "sri@gmail.com"
    assert found.details == ("Pemkab Bantul", "+62 811 2233 4455", "Dinas Pariwisata", "Bantul")


def test_zoom_skip_is_checked_at_load(programme, zoom):
    use_zoom(programme, zoom)
    programme.edit(
        "config.toml", 'zoom = "812 3456 7890"', 'zoom = "812 3456 7890"\nzoom_skip = ["812 3456 7890"]'
    )
    programme.edit("config.toml", 'file = "s2.csv"', 'file = "s2.csv"\nzoom_skip = ["aBc+dE/fGhIjKlMnOpQ=="]')
    result = invoke("check", "--config", str(programme.config))
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: config.toml: sessions[1] (S1).zoom_skip[0]: not an instance UUID: '812 3456 7890'",
        "error: config.toml: sessions[2] (S2).zoom_skip: goes with a zoom or zoom_webinar session",
    ]


def test_registration_of_a_webinar_and_of_a_meeting_named_by_uuid(programme, zoom):
    records = [participant("iPhone", "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z", registrant_id="r-andi")]
    andi = registrant("r-andi", "andi.k@slemankab.go.id", "Andi")
    zoom.webinars["93456789012"] = records
    zoom.registrants["93456789012"] = [andi]
    p = provider(programme, zoom)
    webinar = p.pull(session_s1(programme, ref="93456789012", source="zoom_webinar"))
    assert [s.email for s in webinar.segments] == ["andi.k@slemankab.go.id"]
    uuid, double = SHAPES["leading-slash"]
    zoom.add_instance(MID, uuid, "2020-04-14T01:55:00Z", records)
    zoom.registrants[MID] = [andi]
    meeting = p.pull(session_s1(programme, ref=uuid))
    assert [s.email for s in meeting.segments] == ["andi.k@slemankab.go.id"]
    asked = [r.raw_path.split("?")[0] for r in zoom.requests if r.path.startswith("/v2/")]
    assert asked == [
        "/v2/report/webinars/93456789012/participants",
        "/v2/webinars/93456789012/registrants",
        f"/v2/report/meetings/{double}/participants",
        f"/v2/report/meetings/{double}",  # which meeting the instance belongs to
        f"/v2/meetings/{MID}/registrants",
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", min_size=20, max_size=22
    ),
    st.sampled_from(["", "=", "=="]),
)
def test_any_uuid_survives_the_encoding_and_a_paste(body, pad):
    """Zoom decodes a path, routes it, and decodes the id again: whatever the UUID, the
    encoding reaches it as one path segment, and a UUID pasted plain or percent-encoded
    (once or twice) reads back unchanged."""
    from urllib.parse import quote, unquote

    from vc_sync.providers.zoom import encode_uuid, zoom_ref

    uuid = body + pad
    assume(not uuid.isdigit())
    routed = unquote(encode_uuid(uuid))
    assert "/" not in routed and unquote(routed) == uuid
    for pasted in (uuid, quote(uuid, safe=""), quote(quote(uuid, safe=""), safe="")):
        assert zoom_ref(pasted).ref == uuid


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=10**8, max_value=10**11 - 1),
    st.sampled_from(
        [
            "{}",
            "{} {} {}",
            "{}-{}-{}",
            "Meeting ID: {} {} {}",
            "https://{h}/j/{}?pwd={p}",
            "{h}/j/{}?pwd={p}#success",
            "https://{h}/wc/join/{}?pwd={p}",
            "zoommtg://{h}/join?confno={}&pwd={p}",
        ]
    ),
    st.sampled_from(["zoom.us", "us06web.zoom.us", "kemenpan.zoom.us", "zoomgov.com"]),
    st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.", min_size=12, max_size=40
    ),
)
def test_any_pasted_meeting_id_reads_back_without_its_passcode(number, form, host, pwd):
    from vc_sync.providers.zoom import zoom_ref

    digits = str(number)
    parts = (digits[:3], digits[3:-4], digits[-4:]) if "{} {} {}" in form or "{}-{}-{}" in form else (digits,)
    found = zoom_ref(form.format(*parts, h=host, p=pwd))
    assert found.ref == digits and pwd not in repr(found)
