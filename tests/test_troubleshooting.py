"""The README's troubleshooting table, proven: every message it lists is produced here by the
command line, against the fakes where an account is involved."""

from __future__ import annotations

import fcntl
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import Programme
from tests.fakes.google import google_user_credentials
from tests.fakes.meet import FakeMeet
from tests.fakes.server import Server
from tests.fakes.sheets import FakeSheets
from tests.fakes.zoom import FakeZoom
from vc_sync.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
ENV = {"ZOOM_ACCOUNT_ID": "Xq3kAccT0kw9", "ZOOM_CLIENT_ID": "Zc1ientAb12", "ZOOM_CLIENT_SECRET": "zs-Q9x7abc"}
Producer = Callable[[Programme], str]
PRODUCERS: dict[str, Producer] = {}


def produces(message: str) -> Callable[[Producer], Producer]:
    def add(fn: Producer) -> Producer:
        PRODUCERS[message] = fn
        return fn

    return add


def run(p: Programme, *args: str, env: dict[str, str] | None = None) -> str:
    argv = [args[0], "--config", str(p.config), *args[1:]]
    return CliRunner().invoke(cli, argv, env=env if env is not None else ENV).output


def table() -> list[str]:
    """The first column of the README's troubleshooting table."""
    text = README.read_text()
    section = text[text.index("## Troubleshooting") :]
    section = section[: section.index("\n## ", 3)]
    return re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE)


def zoom_config(p: Programme, url: str, extra: str = "") -> None:
    p.edit("config.toml", 'file = "s1.csv"', 'zoom = "812 3456 7890"')
    p.write(
        "config.toml",
        (p.root / "config.toml").read_text()
        + '\n[providers.zoom]\naccount_id = "${ZOOM_ACCOUNT_ID}"\nclient_id = "${ZOOM_CLIENT_ID}"\n'
        f'client_secret = "${{ZOOM_CLIENT_SECRET}}"\nbase_url = "{url}/v2"\noauth_url = "{url}/oauth/token"\n'
        f"max_attempts = 2\n{extra}",
    )


@produces("environment variable ZOOM_CLIENT_SECRET is not set")
def _(p: Programme) -> str:
    zoom_config(p, "http://127.0.0.1:9")
    return run(p, "check", env={k: v for k, v in ENV.items() if k != "ZOOM_CLIENT_SECRET"})


@produces("unknown key (did you mean")
def _(p: Programme) -> str:
    p.edit("config.toml", 'xlsx = "out/attendance.xlsx"', 'xlsx = "out/attendance.xlsx"\nlock_wiat = 5')
    return run(p, "check")


@produces("unknown time zone")
def _(p: Programme) -> str:
    p.edit("config.toml", 'timezone = "Asia/Jakarta"', 'timezone = "Jakarta"')
    return run(p, "check")


@produces("not a date and time")
def _(p: Programme) -> str:
    p.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "14/04/2020 9 pagi"')
    return run(p, "check")


@produces("missing required column 'sessions' or 'sesi'")
def _(p: Programme) -> str:
    p.write("roster.csv", "nama;instansi\nAndi;DPMPTSP Kabupaten Sleman\n")
    return run(p, "check")


@produces("unknown session")
def _(p: Programme) -> str:
    p.edit("roster.csv", "R001;S1;", "R001;Sesi 1;")
    return run(p, "check")


@produces("not UTF-8 text")
def _(p: Programme) -> str:
    text = (p.root / "roster.csv").read_text(encoding="utf-8")
    (p.root / "roster.csv").write_bytes(text.replace("Andi", "André").encode("cp1252"))
    return run(p, "check")


@produces("not a readable .xlsx workbook")
def _(p: Programme) -> str:
    (p.root / "roster.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an Excel 97-2003 file")
    p.edit("config.toml", 'roster = "roster.csv"', 'roster = "roster.xlsx"')
    return run(p, "check")


@produces("not valid TOML")
def _(p: Programme) -> str:
    p.edit("config.toml", 'start = "2020-04-14 09:00"', "start = 2020-04-14 09:00")
    return run(p, "check")


@produces("so it may be")
def _(p: Programme) -> str:
    p.edit("config.toml", 'file = "s1.csv"', 'file = "s2.csv"')
    return run(p, "check")


@produces("is not a credentials JSON file")
def _(p: Programme) -> str:
    p.edit(
        "config.toml",
        'xlsx = "out/attendance.xlsx"',
        'sheet = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"\n'
        'credentials = "google-credentials.json"',
    )
    p.write("google-credentials.json", "<html>Sign in - Google Accounts</html>")
    return run(p, "check")


@produces('looks like an unquoted "S1,S2"')
def _(p: Programme) -> str:
    p.write("roster.csv", "name,agency,sessions\nAndi,DPMPTSP Kabupaten Sleman,S1,S2\n")
    return run(p, "check")


@produces("no connection of the log falls inside the session")
def _(p: Programme) -> str:
    p.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-04-13 09:00"')
    p.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2020-04-13 11:30"')
    return run(p, "sync", "--session", "S1")


@produces("read day first")
def _(p: Programme) -> str:
    p.write(
        "s1.csv",
        "Name (Original Name),User Email,Join Time,Leave Time\n"
        "Andi Kurniawan,,04/12/2020 09:01,04/12/2020 11:00\n",
    )
    p.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-12-04 09:00"')
    p.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2020-12-04 11:30"')
    return run(p, "reconcile", "--session", "S1")


@produces("unrecognised participant log")
def _(p: Programme) -> str:
    p.write("s1.csv", "Topic,Start Time\nBimtek,04/14/2020 09:00\n")
    return run(p, "check")


@produces("is not there yet")
def _(p: Programme) -> str:
    p.edit("config.toml", 'start = "2020-04-14 13:00"', 'start = "2999-04-14 13:00"')
    p.edit("config.toml", 'end = "2020-04-14 15:30"', 'end = "2999-04-14 15:30"')
    (p.root / "s2.csv").unlink()
    return run(p, "check")


@produces("the example row of vc-sync init")
def _(p: Programme) -> str:
    CliRunner().invoke(cli, ["init", str(p.root / "new"), "--provider", "file"])
    return CliRunner().invoke(cli, ["check", "--config", str(p.root / "new" / "config.toml")]).output


@produces("token request refused")
def _(p: Programme) -> str:
    with Server(FakeZoom(*ENV.values())) as server:
        zoom_config(p, server.url)
        return run(p, "check", "--online", env=dict(ENV, ZOOM_CLIENT_SECRET="wrong-secret"))


@produces("the app lacks the scope")
def _(p: Programme) -> str:
    app = FakeZoom(*ENV.values())
    app.scopes = {"report:read:admin"}
    with Server(app) as server:
        zoom_config(p, server.url)
        return run(p, "check", "--online")


@produces("code 200: No permission.")
def _(p: Programme) -> str:
    app = FakeZoom(*ENV.values())
    app.fail("/report/meetings/", 400, {"code": 200, "message": "No permission."})
    with Server(app) as server:
        zoom_config(p, server.url)
        return run(p, "check", "--online")


def meet_config(p: Programme, url: str) -> None:
    google_user_credentials(p, f"{url}/token")
    p.edit("config.toml", 'file = "s1.csv"', 'meet = "abc-defg-hij"')
    p.write(
        "config.toml",
        (p.root / "config.toml").read_text()
        + f'\n[providers.meet]\ncredentials = "google.json"\nendpoint = "{url}/"\nmax_attempts = 2\n',
    )


@produces("is not enabled for the Google Cloud project")
def _(p: Programme) -> str:
    app = FakeMeet()
    message = "Google Meet REST API has not been used in project 731204 before or it is disabled."
    app.fail("/v2/conferenceRecords", 403, {"error": {"code": 403, "message": message}})
    with Server(app) as server:
        meet_config(p, server.url)
        return run(p, "check", "--online")


@produces("the spreadsheet is not shared with")
def _(p: Programme) -> str:
    app = FakeSheets()
    app.fail(f"/v4/spreadsheets/{app.id}", 403, {"error": {"code": 403, "status": "PERMISSION_DENIED"}})
    with Server(app) as server:
        creds = google_user_credentials(p, f"{server.url}/token")
        p.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'sheet = "{app.id}"\ncredentials = "{creds}"\nendpoint = "{server.url}"\nmax_attempts = 2',
        )
        return run(p, "check", "--online")


def service_account(p: Programme, token_uri: str) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )
    info = {
        "type": "service_account",
        "private_key": pem,
        "client_email": "vc-sync@bimtek.iam.gserviceaccount.com",
        "client_id": "1046",
        "token_uri": token_uri,
    }
    p.write("google.json", json.dumps(info))


@produces("the service account may not act for")
def _(p: Programme) -> str:
    with Server(FakeMeet()) as server:
        meet_config(p, server.url)
        service_account(p, f"{server.url}/token")
        p.edit(
            "config.toml", 'credentials = "google.json"', 'credentials = "google.json"\nsubject = "a@b.go.id"'
        )
        return run(p, "check", "--online")


@produces("Google says the token's time is wrong")
def _(p: Programme) -> str:
    app = FakeMeet()
    app.fail(
        "/token",
        400,
        {
            "error": "invalid_grant",
            "error_description": "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
            "reasonable timeframe. Check your iat and exp values in the JWT claim.",
        },
        method="POST",
    )
    with Server(app) as server:
        meet_config(p, server.url)
        service_account(p, f"{server.url}/token")
        return run(p, "check", "--online")


@produces("another vc-sync run of this programme holds")
def _(p: Programme) -> str:
    p.edit("config.toml", 'xlsx = "out/attendance.xlsx"', 'xlsx = "out/attendance.xlsx"\nlock_wait = 0.2')
    (p.root / ".vc_sync").mkdir()
    with open(p.root / ".vc_sync" / "lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        return run(p, "sync", "--session", "S1")


@produces("reports no participants yet")
def _(p: Programme) -> str:
    end = datetime.now(UTC) - timedelta(hours=1)
    start = end - timedelta(hours=2)
    app = FakeZoom(*ENV.values())
    app.add_instance("81234567890", "u1==", start.strftime("%Y-%m-%dT%H:%M:%SZ"), [])
    with Server(app) as server:
        zoom_config(p, server.url)
        p.edit(
            "config.toml", 'start = "2020-04-14 09:00"', f'start = "{start.isoformat(timespec="minutes")}"'
        )
        p.edit("config.toml", 'end = "2020-04-14 11:30"', f'end = "{end.isoformat(timespec="minutes")}"')
        return run(p, "reconcile", "--session", "S1")


def test_the_table_lists_only_messages_a_test_produces():
    listed = table()
    assert len(listed) >= 15
    assert set(listed) == set(PRODUCERS), "README troubleshooting rows and producers differ"


@pytest.mark.parametrize("message", sorted(PRODUCERS))
def test_each_message_is_printed(message, tmp_path):
    output = PRODUCERS[message](Programme(tmp_path))
    assert message in output, output
