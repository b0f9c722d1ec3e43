"""What a person at the terminal sees while and after a run: waits named as rate limits, a live
line that leaves the report whole, where the attendance went, times in the programme's zone."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.fakes.server import Server
from tests.fakes.zoom import FakeZoom, participant
from vc_sync.cli import cli

ENV = {"ZOOM_ACCOUNT_ID": "Xq3kAccT0kw9", "ZOOM_CLIENT_ID": "Zc1ientAb12", "ZOOM_CLIENT_SECRET": "zs-Q9x7abc"}


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_sync_says_where_the_attendance_went(programme):
    first = run("sync", "--config", str(programme.config), "--session", "S1")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1] == f"output: {programme.xlsx.resolve()} (written)"
    again = run("sync", "--config", str(programme.config), "--session", "S2", "--dry-run")
    assert again.output.splitlines()[-1] == f"output: {programme.xlsx.resolve()} (would be written)"
    same = run("sync", "--config", str(programme.config), "--session", "S1")
    assert same.output.splitlines()[-1] == f"output: {programme.xlsx.resolve()} (up to date)"


def test_sync_names_the_sheet_it_wrote(programme, sheets):
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        f"output: {programme.xlsx.resolve()} (written)",
        f"output: https://docs.google.com/spreadsheets/d/{sheets.id} (written)",
    ]


def test_status_shows_times_in_the_programmes_zone(programme):
    run("sync", "--config", str(programme.config), "--session", "S1")
    result = run("status", "--config", str(programme.config), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    import pendulum

    assert "status (times in Asia/Jakarta)" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ S1"))
    now = pendulum.now("Asia/Jakarta")
    ended, pulled, synced = re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d", row)
    assert ended == "2020-04-14 11:30"  # S1's end, as the config says it
    for shown in (pulled, synced):  # minutes ago, as the clock in Jakarta shows them
        then = pendulum.from_format(shown, "YYYY-MM-DD HH:mm", tz="Asia/Jakarta")
        assert abs((now - then).total_seconds()) < 120, result.stdout


def test_a_rate_limit_wait_is_said_as_such(programme):
    app = FakeZoom(*ENV.values())
    app.add_instance(
        "81234567890",
        "u1==",
        "2020-04-14T01:55:00Z",
        [participant("Andi Kurniawan", "2020-04-14T02:00:00Z", "2020-04-14T04:00:00Z")],
    )
    with Server(app) as server:
        programme.edit("config.toml", 'file = "s1.csv"', 'zoom = "812 3456 7890"')
        programme.write(
            "config.toml",
            (programme.root / "config.toml").read_text()
            + '\n[providers.zoom]\naccount_id = "${ZOOM_ACCOUNT_ID}"\nclient_id = "${ZOOM_CLIENT_ID}"\n'
            f'client_secret = "${{ZOOM_CLIENT_SECRET}}"\nbase_url = "{server.url}/v2"\n'
            f'oauth_url = "{server.url}/oauth/token"\n',
        )
        app.fail("/participants", 429, {"code": 429, "message": "Too many requests"}, {"Retry-After": "1"})
        result = run("reconcile", "--config", str(programme.config), "--session", "S1", env=ENV)
    assert result.exit_code == 0, result.output
    assert re.search(r"^\S+ Zoom rate limit: waiting 1 s$", result.stderr, re.MULTILINE), result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_live_line_leaves_the_report_whole(programme):
    """On a terminal the progress line is drawn and erased; every line of the report is whole and
    the screen ends with the last of them."""
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vc_sync", "sync", "--config", str(programme.config), "--session", "S1"],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
        env=dict(os.environ, COLUMNS="200", TERM="xterm"),
    )
    os.close(child)
    raw = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        raw += chunk
    proc.wait(timeout=60)
    os.close(main)
    assert proc.returncode == 0, raw.decode(errors="replace")
    screen = _screen(raw.decode(errors="replace"))
    assert "S1: 3 present, 1 too short, 2 not recognised, 1 wrong session, 1 organisers" in screen
    assert screen[-1] == f"output: {programme.xlsx.resolve()} (written)"
    assert not any("starting" in line or "read 9 segments" in line for line in screen)


def _screen(text: str) -> list[str]:
    """The lines a terminal shows after ``text``: carriage returns, erased lines and cursor moves
    up applied (what rich's live display sends)."""
    lines = [""]
    row = col = 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", text):
        if token == "\n":
            row += 1
            col = 0
            if row == len(lines):
                lines.append("")
        elif token == "\r":
            col = 0
        elif token.startswith("\x1b["):
            n = int(re.sub(r"\D", "", token[2:-1]) or 1)
            if token.endswith("A"):
                row = max(0, row - n)
            elif token.endswith("K"):
                lines[row] = lines[row][:col] if token[2:-1] in ("", "0") else ""
        else:
            line = lines[row]
            lines[row] = line[:col].ljust(col) + token + line[col + len(token) :]
            col += len(token)
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.rstrip() for line in lines]
