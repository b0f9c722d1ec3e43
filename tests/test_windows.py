"""Sessions that cannot be right are refused: a log none of whose connections falls inside the
session's window is exit 2 with one line giving both spans, and nothing is written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vc_sync.cli import cli

SPANS = "the log runs 2020-04-14 08:55–11:40 Asia/Jakarta, the session"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def refused(programme, command: str, says: str) -> None:
    argv = [command, "--config", str(programme.config)] + ([] if command == "check" else ["--session", "S1"])
    result = run(*argv)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1 and says in lines[0], result.output
    assert lines[0].endswith("check the session date or time zone")
    assert not programme.xlsx.exists() and not (programme.root / ".vc_sync").exists()


@pytest.mark.parametrize("command", ["sync", "reconcile", "check"])
def test_a_session_date_one_day_off(programme, command):
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-04-15 09:00"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2020-04-15 11:30"')
    refused(
        programme,
        command,
        "error: config.toml: session S1 (file s1.csv): no connection of the log falls inside the session: "
        f"{SPANS} 2020-04-15 09:00–11:30 Asia/Jakarta; check",
    )


def test_a_start_written_in_utc(programme):
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-04-14T09:00:00Z"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2020-04-14T11:30:00Z"')
    refused(
        programme,
        "sync",
        f"{SPANS} 2020-04-14 16:00–18:30 Asia/Jakarta; the log is 7 hours before the session, Asia/Jakarta's "
        "offset from UTC: is one of them in UTC where local time was meant (a session time ending in Z or "
        "+00:00, or an export of an account set to UTC)?",
    )


def test_an_export_in_utc_for_a_session_in_local_time(programme):
    text = (programme.root / "s1.csv").read_text()
    for hour in range(8, 13):  # the log's local hours written as UTC ones, seven hours earlier
        text = text.replace(f"/2020 {hour:02d}:", f"/2020 X{hour - 7:02d}:")
    programme.write("s1.csv", text.replace(" X", " "))
    refused(programme, "reconcile", "the log runs 2020-04-14 01:55–04:40 Asia/Jakarta, the session")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2020-09-07", "2020-07-09"),
        ("2020-03-01", "2020-01-03"),  # months back: pendulum's sum of the difference missed it
    ],
)
def test_day_and_month_swapped_in_the_config(programme, written, meant):
    programme.write(
        "s1.csv",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        f"Andi Kurniawan,,{meant} 09:01:00,{meant} 11:00:00,119\n",
    )
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', f'start = "{written} 09:00"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', f'end = "{written} 11:30"')
    refused(programme, "sync", f"with day and month swapped ({meant}) it would fit")


def test_a_log_that_fits_passes(programme):
    result = run("reconcile", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 0, result.output
