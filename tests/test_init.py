"""``vc-sync init`` and the configs vc_sync ships: a new programme that ``check`` accepts, files
never overwritten, questions only on a terminal, and one template behind the example."""

from __future__ import annotations

import os
import re
import shutil
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.config import _KEYS, load_config
from vc_sync.providers import base as registry
from vc_sync.roster import KNOWN, column_of, load_roster
from vc_sync.scaffold import Answers, config_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "vc_sync" / "sample"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_init_into_an_empty_folder_then_check_passes(tmp_path):
    folder = tmp_path / "bimtek"
    made = run("init", str(folder), "--name", "Bimtek SPBE 2024", "--timezone", "WITA")
    assert made.exit_code == 0, made.output
    assert "?" not in made.output  # no terminal: nothing was asked
    assert sorted(p.name for p in folder.iterdir()) == ["config.toml", "exports", "roster.csv"]
    config = load_config(folder / "config.toml")
    assert (config.name, config.timezone, config.language) == ("Bimtek SPBE 2024", "Asia/Makassar", "id")
    assert config.sessions[0].source == "file" and config.output["xlsx"].name == "attendance.xlsx"
    checked = run("check", "--config", str(folder / "config.toml"))
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines() == [
        "warning: roster.csv: line 2: the example row of vc-sync init: replace it with your invitees",
        f"warning: config.toml: session S1: exports/s1.csv is not there yet; save the export there after the "
        f"session ends ({config.sessions[0].end:%Y-%m-%d} 11:30 Asia/Makassar)",
        "config.toml: 1 session, 1 roster row, 0 overrides: OK",
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_roster_template_has_every_column_vc_sync_reads(tmp_path, language):
    run("init", str(tmp_path), "--language", language)
    header = (tmp_path / "roster.csv").read_text().splitlines()[0].split(";")
    assert [column_of(h) for h in header] == list(KNOWN)
    assert load_roster(tmp_path / "roster.csv", ["S1"]).invitees[0].sessions == {"S1"}


def test_init_never_overwrites_a_file(tmp_path):
    (tmp_path / "config.toml").write_text("# mine\n")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "s1.csv").write_text("mine too\n")
    result = run("init", str(tmp_path), "--provider", "zoom")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "config.toml").read_text() == "# mine\n"
    assert (tmp_path / "exports" / "s1.csv").read_text() == "mine too\n"
    assert result.output.splitlines()[:3] == [
        f"kept {tmp_path / 'config.toml'} (it was there)",
        f"wrote {tmp_path / 'roster.csv'}",
        f"kept {tmp_path / 'exports'}/ (it was there)",
    ]


def test_init_refuses_an_unknown_time_zone_with_a_suggestion(tmp_path):
    result = run("init", str(tmp_path), "--timezone", "Asia/Jakrta")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: --timezone: unknown time zone 'Asia/Jakrta' (did you mean 'Asia/Jakarta'?): use WIB, WITA or "
        "WIT, or an IANA name such as Asia/Jakarta, Asia/Makassar, Asia/Jayapura"
    ]
    assert not (tmp_path / "config.toml").exists()


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_init_asks_on_a_terminal(tmp_path):
    """Run as a person would, on a terminal: each question answered in turn."""
    import pty
    import select
    import subprocess

    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vc_sync", "init", str(tmp_path / "p")],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
    )
    os.close(child)
    answers = iter(["Bimtek Papua", "Asia/Jakrta", "WIT", "meet", "sheet", "en"])  # a slip, asked again
    seen = b""
    while proc.poll() is None:
        ready, _, _ = select.select([main], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        seen += chunk
        if seen.rstrip().endswith(b":"):
            os.write(main, (next(answers) + "\n").encode())
            seen += b"\n"
    proc.wait(timeout=30)
    os.close(main)
    assert proc.returncode == 0, seen.decode(errors="replace")
    assert b"Programme name" in seen and b"Sheet language" in seen
    assert b"did you mean 'Asia/Jakarta'?" in seen
    text = (tmp_path / "p" / "config.toml").read_text()
    assert 'name = "Bimtek Papua"' in text and 'timezone = "Asia/Jayapura"' in text
    assert '\nmeet = "abc-defg-hij"' in text and '\nsheet = "https://docs.google.com' in text
    assert '\nlanguage = "en"' in text
    assert (tmp_path / "p" / "roster.csv").read_text().startswith("id;sessions;agency;")


def test_the_example_is_the_template_and_shows_every_key():
    example = (ROOT / "config" / "example.toml").read_text()
    answers = Answers(
        "Bimtek Pelayanan Publik 2020", "Asia/Jakarta", "zoom", "sheet", "id", date(2020, 4, 14)
    )
    assert example == config_text(answers), "regenerate config/example.toml from vc_sync.scaffold.config_text"
    written = set(re.findall(r"^#? ?([a-z_]+) = ", example, re.MULTILINE))
    every = (
        {k for keys in _KEYS.values() for k in keys}
        | set(registry.session_keys())
        | {s.name for cls in set(registry.registry().values()) for s in getattr(cls, "settings", ())}
    )
    assert every - written == {"token"}  # providers.meet.token is read by nothing


@pytest.mark.parametrize("path", ["config/example.toml", "vc_sync/sample/programme.toml"])
def test_shipped_configs_say_language_and_delegates_with_a_comment(path):
    text = (ROOT / path).read_text()
    for key in ("language", "delegates"):
        (line,) = [ln for ln in text.splitlines() if ln.startswith(f"{key} = ")]
        assert "#" in line, line
    assert tomllib.loads(text)["output"]["language"] == "id"


def test_check_on_the_example_asks_only_for_what_the_sessions_use(tmp_path, monkeypatch):
    """The example with saved exports: no Zoom or Google account is asked for, and the export of a
    session that has not happened yet is said, not failed."""
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "GOOGLE_APPLICATION_CREDENTIALS"):
        monkeypatch.delenv(var, raising=False)
    text = (ROOT / "config" / "example.toml").read_text()
    text = text.replace('\nzoom = "812 3456 7890"', '\nfile = "exports/s1.csv"')
    text = text.replace('\nsheet = "https://docs', '\n# sheet = "https://docs')
    text = text.replace('\ncredentials = "google-credentials.json"  # for the sheet', "\n# for the sheet")
    text = text.replace('# xlsx = "attendance.xlsx"', 'xlsx = "attendance.xlsx"')
    text += (
        '\n[[sessions]]\nid = "S2"\nstart = "2999-01-05 09:00"\nend = "2999-01-05 11:30"\n'
        'file = "exports/s2.csv"\n'
    )
    (tmp_path / "exports").mkdir()
    (tmp_path / "config.toml").write_text(text)
    shutil.copy(SAMPLE / "roster.csv", tmp_path / "roster.csv")
    shutil.copy(SAMPLE / "s1_zoom.csv", tmp_path / "exports" / "s1.csv")
    result = run("check", "--config", str(tmp_path / "config.toml"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "warning: config.toml: session S2: exports/s2.csv is not there yet; save the export there after the "
        "session ends (2999-01-05 11:30 Asia/Jakarta)",
        "config.toml: 2 sessions, 92 roster rows, 0 overrides: OK",
    ]


@pytest.mark.parametrize("provider", ["zoom", "meet", "teams"])
def test_init_for_each_built_in_provider_writes_a_config_that_loads(tmp_path, monkeypatch, provider):
    made = run("init", str(tmp_path), "--provider", provider)
    assert made.exit_code == 0, made.output
    text = (tmp_path / "config.toml").read_text()
    assert f"\n[providers.{provider}]" in text  # its section is on, the others commented
    assert all(f"\n# [providers.{p}]" in text for p in ("zoom", "meet", "teams") if p != provider)
    for name in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "TEAMS_CLIENT_ID"):
        monkeypatch.setenv(name, "x")
    monkeypatch.setenv("TEAMS_TENANT", "bimtek.onmicrosoft.com")
    monkeypatch.setenv("TEAMS_CLIENT_SECRET", "y")
    (tmp_path / "google-credentials.json").write_text("{}")
    assert load_config(tmp_path / "config.toml").sessions[0].source == provider
