"""``check --online`` against the fakes: each credential tried once, each failure one line that
says what to do, exit 0 only when every check passes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from tests.fakes.google import google_user_credentials
from tests.fakes.meet import FakeMeet
from tests.fakes.server import Server
from tests.fakes.sheets import FakeSheets
from tests.fakes.zoom import FakeZoom
from vc_sync import online
from vc_sync.cli import cli
from vc_sync.config import load_config

SECRET = "zoom-secret-Q9x7"
ENV = {"ZOOM_ACCOUNT_ID": "Xq3kAccT0kw9", "ZOOM_CLIENT_ID": "Zc1ientAb12", "ZOOM_CLIENT_SECRET": SECRET}
SERVICE_ACCOUNT = "vc-sync@bimtek-2020.iam.gserviceaccount.com"
JWT_REFUSED = {
    "error": "invalid_grant",
    "error_description": "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
    "timeframe. Check your iat and exp values in the JWT claim.",
}


def check(programme, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["check", "--config", str(programme.config), "--online"], env=env or ENV)


def lines(result, kind: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(f"{kind}: ")]


def append(programme, text: str) -> None:
    programme.write("config.toml", (programme.root / "config.toml").read_text() + text)


@pytest.fixture
def zoom(programme):
    app = FakeZoom(ENV["ZOOM_ACCOUNT_ID"], ENV["ZOOM_CLIENT_ID"], SECRET)
    with Server(app) as server:
        programme.edit("config.toml", 'file = "s1.csv"', 'zoom = "812 3456 7890"')
        append(
            programme,
            f"""
[providers.zoom]
account_id = "${{ZOOM_ACCOUNT_ID}}"
client_id = "${{ZOOM_CLIENT_ID}}"
client_secret = "${{ZOOM_CLIENT_SECRET}}"
base_url = "{server.url}/v2"
oauth_url = "{server.url}/oauth/token"
max_attempts = 2
""",
        )
        yield app


def service_account(programme, token_uri: str, name: str = "sa.json") -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "bimtek-2020",
        "private_key_id": "k1",
        "private_key": pem,
        "client_email": SERVICE_ACCOUNT,
        "client_id": "104612938475",
        "token_uri": token_uri,
    }
    programme.write(name, json.dumps(info))
    return name


@pytest.fixture
def meet(programme):
    app = FakeMeet()
    app.directory["1001"] = "andi.k@slemankab.go.id"
    with Server(app) as server:
        app.url = server.url
        google_user_credentials(programme, f"{server.url}/token")
        programme.edit("config.toml", 'file = "s2.csv"', 'meet = "abc-defg-hij"')
        append(
            programme,
            f'\n[providers.meet]\ncredentials = "google.json"\nendpoint = "{server.url}/"\n'
            "max_attempts = 2\n",
        )
        yield app


# --- Zoom ------------------------------------------------------------------------------------------


def test_zoom_passes_and_keeps_its_secret(programme, zoom):
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert lines(result, "zoom") == ["zoom: signed in; reports readable (none yet for S1's 81234567890)"]
    assert SECRET not in result.output


def test_zoom_without_the_report_scope_names_it(programme, zoom):
    zoom.scopes = {"meeting:read:admin"}
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: zoom: the app lacks the scope report:read:list_meeting_participants:admin (classic: "
        "report:read:admin): add it under Scopes of your app in the Zoom App Marketplace (Manage › your "
        "app), then activate the app again"
    ]


def test_zoom_on_a_plan_without_reports_says_so(programme, zoom):
    zoom.fail("/report/meetings/", 400, {"code": 200, "message": "No permission."})
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: zoom: meeting report 81234567890: not permitted (HTTP 400, code 200: No permission.); "
        "reports need a Pro or higher plan, and the app's user a role that may view usage reports"
    ]


def test_zoom_with_a_wrong_secret_says_where_the_credentials_are(programme, zoom):
    result = check(programme, dict(ENV, ZOOM_CLIENT_SECRET="wrong-secret-1"))
    assert result.exit_code == 1
    (line,) = lines(result, "error")
    assert line.startswith(
        "error: zoom: token request refused (HTTP 400: Invalid client_id or client_secret)"
    )
    assert "App Credentials" in line and "wrong-secret-1" not in result.output


# --- Google Meet -------------------------------------------------------------------------------------


def test_meet_and_directory_pass(programme, meet):
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert lines(result, "meet") == ["meet: conference records readable"]
    assert lines(result, "directory") == ["directory: e-mails of signed-in users readable"]


def test_a_google_api_not_enabled_is_named_with_its_console_link(programme, meet):
    message = (
        "Google Meet REST API has not been used in project 731204 before or it is disabled. Enable it by "
        "visiting https://console.developers.google.com/apis/api/meet.googleapis.com/overview?project=731204 "
        "then retry."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "SERVICE_DISABLED",
            "domain": "googleapis.com",
            "metadata": {"service": "meet.googleapis.com", "consumer": "projects/731204"},
        }
    ]
    meet.fail(
        "/v2/conferenceRecords",
        403,
        {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED", "details": details}},
    )
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: meet: the Google Meet REST API is not enabled for the Google Cloud project 731204: enable it "
        "at https://console.cloud.google.com/apis/library/meet.googleapis.com?project=731204, wait a few "
        "minutes and check again"
    ]


def test_missing_domain_wide_delegation_names_the_client_and_scopes(programme, meet):
    name = service_account(programme, f"{meet.url}/token")
    programme.edit(
        "config.toml",
        'credentials = "google.json"',
        f'credentials = "{name}"\nsubject = "panitia@menpan.go.id"',
    )
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: meet: the service account may not act for panitia@menpan.go.id: grant domain-wide delegation "
        "at admin.google.com › Security › Access and data control › API controls › Domain-wide delegation "
        "to client ID 104612938475 with the scopes https://www.googleapis.com/auth/meetings.space.readonly"
    ]
    meet.delegation.add("panitia@menpan.go.id")
    assert check(programme).exit_code == 0


def test_directory_lookups_refused_warn_without_failing(programme, meet):
    meet.directory_allowed = False
    result = check(programme)
    assert result.exit_code == 0, result.output
    (line,) = lines(result, "warning")
    assert line.startswith(
        "warning: directory: permission denied (Not Authorized to access this resource/api)"
    )
    assert line.endswith("without it Meet gives display names only (directory = false stops asking)")


def test_a_clock_google_refuses_is_named(programme, meet):
    name = service_account(programme, f"{meet.url}/token")
    programme.edit("config.toml", 'credentials = "google.json"', f'credentials = "{name}"')
    meet.fail("/token", 400, JWT_REFUSED, method="POST")
    result = check(programme)
    assert result.exit_code == 1
    (line,) = lines(result, "error")
    assert line.startswith("error: meet: Google says the token's time is wrong (invalid_grant: Invalid JWT")
    assert line.endswith("set the clock right (timedatectl set-ntp true) and check again")
    # measured against the token server's clock, an hour and a half off is said as such
    meet.fail("/token", 400, JWT_REFUSED, method="POST")
    config = load_config(programme.config)
    ahead = online.check_all(config, now=lambda: datetime.now(UTC) + timedelta(minutes=90))
    (result,) = ahead
    assert not result.ok and result.message.startswith("this machine's clock is 90 minutes ahead of Google's")


# --- the sheet ------------------------------------------------------------------------------------


@pytest.fixture
def sheet(programme):
    app = FakeSheets()
    with Server(app) as server:
        app.url = server.url
        name = service_account(programme, f"{server.url}/token")
        programme.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'sheet = "https://docs.google.com/spreadsheets/d/{app.id}/edit"\ncredentials = "{name}"\n'
            f'endpoint = "{server.url}"\nmax_attempts = 2',
        )
        yield app


def test_the_sheet_passes_and_names_whom_to_share_it_with(programme, sheet):
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert lines(result, "sheet") == [
        f"sheet: 'Absensi Bimtek' readable by {SERVICE_ACCOUNT}; it must be shared with that address "
        "as Editor"
    ]
    assert not sheet.tabs  # nothing was written


def test_a_sheet_not_shared_prints_the_address_to_share_it_with(programme, sheet):
    sheet.fail(
        f"/v4/spreadsheets/{sheet.id}",
        403,
        {
            "error": {
                "code": 403,
                "message": "The caller does not have permission",
                "status": "PERMISSION_DENIED",
            }
        },
    )
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        f"error: sheet: the spreadsheet is not shared with {SERVICE_ACCOUNT}: share it with that address "
        "as Editor"
    ]


def test_a_wrong_sheet_id_is_named(programme, sheet):
    programme.edit("config.toml", f"/d/{sheet.id}/edit", "/d/1NoSuchSheet0000/edit")
    result = check(programme)
    assert result.exit_code == 1
    assert lines(result, "error") == [
        "error: sheet: no spreadsheet 1NoSuchSheet0000: check output.sheet (the part of its address between "
        "/d/ and /edit)"
    ]


def test_one_failure_among_passes_is_exit_1(programme, zoom, sheet):
    zoom.scopes = set()
    result = check(programme)
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.output.splitlines()[1:]] == ["error", "sheet"]
