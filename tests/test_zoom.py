"""The Zoom provider through the real zoomus client against a fake Zoom on loopback."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from tests.fakes.server import Server
from tests.fakes.zoom import FakeZoom, participant
from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import NotReady, ProviderError
from vc_sync.http import RetryPolicy
from vc_sync.providers.zoom import ZoomProvider, encode_uuid

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


def test_uuids_with_slashes_are_double_encoded(programme, zoom):
    p = provider(programme, zoom)
    session = load_config(programme.config).session("S1")
    for uuid, sent_as in (
        ("/abcd==", "%252Fabcd%253D%253D"),
        ("ab//cd==", "ab%252F%252Fcd%253D%253D"),
        ("ab/cd+e==", "ab%2Fcd%2Be%3D%3D"),
    ):
        zoom.add_instance("999", uuid, "2020-04-14T01:55:00Z", RECORDS[:1])
        pull = p.pull(dataclasses.replace(session, ref=uuid))
        assert len(pull.segments) == 1
        sent = [r.raw_path for r in zoom.requests if "/report/" in r.raw_path][-1]
        assert sent.startswith(f"/v2/report/meetings/{sent_as}/participants?")
        assert encode_uuid(uuid) == sent_as


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
        "check account_id, client_id and client_secret"
    ]
    assert "wrong-secret" not in result.output and "Bearer None" not in result.output


def test_no_report_yet_is_exit_3(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    zoom.fail("/report/", 404, {"code": 3001, "message": "Meeting does not exist: u1."})
    use_zoom(programme, zoom)
    result = invoke("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 3
    assert "no report yet" in result.output
    assert not programme.xlsx.exists()


def test_an_empty_report_just_after_the_end_is_not_ready(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", [])
    soon = provider(programme, zoom, now=lambda: datetime(2020, 4, 14, 5, 0, tzinfo=UTC))
    with pytest.raises(NotReady):
        soon.pull(load_config(programme.config).session("S1"))
    later = ZoomProvider(load_config(programme.config), now=lambda: datetime(2020, 4, 20, tzinfo=UTC))
    assert later.pull(load_config(programme.config).session("S1")).segments == ()


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
    assert "zoom: signed in as host@menpan.go.id" in result.output
    assert SECRET not in result.output


def test_raw_pages_keep_no_credentials(programme, zoom):
    zoom.add_instance("81234567890", "u1", "2020-04-14T01:55:00Z", RECORDS)
    pull = provider(programme, zoom).pull(load_config(programme.config).session("S1"))
    for page in pull.pages:
        assert SECRET.encode() not in page.body and b"tok-" not in page.body and "tok-" not in page.label
