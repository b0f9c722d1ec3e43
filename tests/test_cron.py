"""Cron-ready syncs: the state store, due sessions, replay, the lock, crashes and reruns."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.fakes.server import Server
from tests.fakes.sheets import FakeSheets
from vc_sync.cli import cli
from vc_sync.store import MIGRATIONS, SCHEMA_VERSION, Store
from vc_sync.sync import Programme, due_sessions, run, run_due

ROOT = Path(__file__).resolve().parent.parent
END_S1 = datetime(2020, 4, 14, 4, 30, tzinfo=UTC)  # 11:30 WIB


def cli_run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def test_due_selection_with_a_frozen_clock(programme, tmp_path):
    prog = Programme.load(programme.config)
    store = Store(tmp_path / "state")
    assert due_sessions(prog, store, END_S1) == []  # just ended: the delay has not passed
    later = END_S1 + timedelta(minutes=31)
    assert [(s.id, why) for s, why in due_sessions(prog, store, later)] == [("S1", "first sync")]
    (only,) = run_due(prog, store, later)
    assert (only.session, only.exit_code, only.message) == ("S1", 0, "ok")
    assert [(s.id, why) for s, why in due_sessions(prog, store, later)] == [
        ("S1", "checking for a changed log")
    ]
    (again,) = run_due(prog, store, later)
    assert again.message == "unchanged"
    week_on = [(s.id, why) for s, why in due_sessions(prog, store, END_S1 + timedelta(days=8))]
    assert week_on == [("S2", "first sync")]  # S1 is synced and too old to change
    evening = datetime(2020, 4, 14, 9, 1, tzinfo=UTC)  # S2 ended 15:30 WIB plus the delay
    assert [s.id for s, _ in due_sessions(prog, store, evening)] == ["S1", "S2"]


def test_a_failed_session_does_not_stop_the_others_and_the_worst_code_wins(programme):
    programme.edit(
        "config.toml",
        'end = "2020-04-14 15:30"\nfile = "s2.csv"',
        'end = "2020-04-14 15:30"\nfile = "gone.csv"',
    )
    (programme.root / "gone.csv").write_text("garbage\n")
    result = cli_run("sync", "--config", str(programme.config), "--due", code=2)
    assert "S1 (first sync): 3 present" in result.output
    assert "error: S2 (first sync): gone.csv: unrecognised participant log" in result.output
    store = Store(programme.root / ".vc_sync")
    assert [(r.session, r.outcome) for r in store.runs()] == [("S1", "ok"), ("S2", "failed")]


def test_ledger_and_archive(programme):
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    store = Store(programme.root / ".vc_sync")
    runs = store.runs("S1")
    assert [r.outcome for r in runs] == ["ok", "unchanged"]
    assert runs[0].counts["verified"] == 3 and any("Session S1: 8 added" in c for c in runs[0].changes)
    assert runs[0].pull_id == runs[1].pull_id  # the same log is archived once
    pull = store.last_pull("S1")
    assert pull.origin == "file s1.csv" and pull.segments == 9
    assert store.pages(pull.id)[0].body == (programme.root / "s1.csv").read_bytes()
    assert oct((programme.root / ".vc_sync" / "state.db").stat().st_mode & 0o777) == "0o600"
    assert oct((programme.root / ".vc_sync").stat().st_mode & 0o777) == "0o700"


def test_replay_equals_the_live_pull_after_the_source_is_gone(programme):
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    live = cli_run("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    (programme.root / "s1.csv").unlink()  # Meet's 30 days have passed
    replay = cli_run(
        "reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json", "--offline"
    )
    assert json.loads(replay.stdout) == json.loads(live.stdout)
    cli_run("sync", "--config", str(programme.config), "--session", "S1", "--offline")


def test_offline_without_an_archive_is_bad_input(programme):
    result = cli_run("sync", "--config", str(programme.config), "--session", "S1", "--offline", code=2)
    assert "no archived log for S1 yet" in result.output


def test_migration_from_an_older_schema(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    db = sqlite3.connect(state / "state.db")
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO pulls (session, pulled_at, origin, digest, segments) "
        "VALUES ('S1', 't', 'file x', 'd', 2)"
    )
    db.execute(
        "INSERT INTO runs (session, started_at, ended_at, outcome, pull_id) VALUES ('S1', 't', 't', 'ok', 1)"
    )
    db.commit()
    db.close()
    store = Store(state)
    assert store.version == SCHEMA_VERSION == 5
    assert store.invitees_seen() == []  # schema 4: recorded from the next sync that writes
    assert store.written("sheet:x", "m") == {}  # schema 5: no record of what vc_sync wrote, as before
    (old,) = store.runs("S1")
    assert (old.outcome, old.pull_id, old.changes) == ("ok", 1, [])
    new = store.start_run("S2")
    store.end_run(new, "ok", changes=["Session S2: 1 added"])
    assert store.runs("S2")[0].changes == ["Session S2: 1 added"]


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_a_store_written_at_schema_2_is_backed_up_then_migrated(programme):
    """tests/data/state_v2.db is a state store as vc_sync wrote it at schema 2, for this file's
    programme (conftest.Programme): sync S1, sync S1 again, ``sync --due`` with S2's file
    garbage, then ``sync --due`` with it restored. Schema 3 dropped runs.digest and
    pages.media_type."""
    state = programme.root / ".vc_sync"
    state.mkdir(mode=0o700)
    shutil.copyfile(ROOT / "tests" / "data" / "state_v2.db", state / "state.db")
    with contextlib.closing(sqlite3.connect(state / "state.db")) as old:
        before = {t: old.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("pulls", "runs")}
        pages = old.execute("SELECT pull_id, seq, label, body FROM pages ORDER BY 1, 2").fetchall()

    store = Store(state)
    assert store.version == SCHEMA_VERSION == 5
    backup = sqlite3.connect(state / "state.db.before-v5")  # the file as it was, kept
    assert backup.execute("PRAGMA user_version").fetchone() == (2,)
    assert "media_type" in _columns(backup, "pages") and "digest" in _columns(backup, "runs")
    assert backup.execute("SELECT * FROM runs ORDER BY 1, 2").fetchall() == before["runs"]
    backup.close()
    assert "digest" not in _columns(store.db, "runs") and "media_type" not in _columns(store.db, "pages")
    assert store.db.execute("SELECT * FROM pulls ORDER BY 1, 2").fetchall() == before["pulls"]
    assert store.db.execute("SELECT pull_id, seq, label, body FROM pages ORDER BY 1, 2").fetchall() == pages
    runs = store.runs()
    kept = [r[:7] + r[8:] for r in before["runs"]]  # every column but digest (after counts)
    assert [
        (
            r.id,
            r.session,
            r.started_at,
            r.ended_at,
            r.outcome,
            r.pull_id,
            json.dumps(r.counts),
            json.dumps(r.changes),
            r.message,
        )
        for r in runs
    ] == kept
    assert [(r.session, r.outcome) for r in runs] == [
        ("S1", "ok"),
        ("S1", "unchanged"),
        ("S2", "failed"),
        ("S2", "ok"),
    ]
    assert "unrecognised participant log" in runs[2].message
    store.close()

    # the archive replays to what the ledger counted when it was written, and runs go on
    replayed = cli_run(
        "reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json", "--offline"
    )
    assert json.loads(replayed.stdout)["totals"] == runs[0].counts
    cli_run("sync", "--config", str(programme.config), "--session", "S1", "--offline")
    assert [r.outcome for r in Store(state).runs("S1")] == ["ok", "unchanged", "ok"]
    assert "S2" in cli_run("status", "--config", str(programme.config)).output


def test_a_second_run_waits_then_gives_up_with_exit_4(programme):
    short_wait = 'xlsx = "out/attendance.xlsx"\nlock_wait = 0.5'
    programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"', short_wait)
    state = programme.root / ".vc_sync"
    state.mkdir()
    with open(state / "lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = cli_run("sync", "--config", str(programme.config), "--session", "S1", code=4)
    assert "another vc-sync run of this programme holds" in result.output
    assert not programme.xlsx.exists()


def sync_process(programme) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vc_sync", "sync", "--config", str(programme.config), "--session", "S1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def killed_sync(programme, sheets, hook: str, when: Any = None) -> None:
    """``vc-sync sync`` as a process, killed (SIGKILL) from the fake sheet's ``hook``
    (``before_values``, ``after_values`` or ``after_batch``), when ``when`` holds of what the
    hook is called with; the hook is cleared afterwards."""
    proc: dict[str, subprocess.Popen] = {}

    def kill(*args: Any) -> None:
        if when is None or when(*args):
            os.kill(proc["p"].pid, signal.SIGKILL)
            proc["p"].wait()

    setattr(sheets, hook, kill)
    proc["p"] = sync_process(programme)
    proc["p"].communicate(timeout=60)
    assert proc["p"].returncode == -signal.SIGKILL
    setattr(sheets, hook, None)


def test_two_concurrent_runs_never_write_at_once(programme, sheets):
    sheets.slow = 0.3
    programme.edit("config.toml", "lock_wait = 1", "lock_wait = 20")
    first, second = sync_process(programme), sync_process(programme)
    outs = [p.communicate(timeout=60) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    keys = sheets.tab("Session S1").row_keys()
    assert len(keys) == len(set(keys)) == 8
    assert sorted(r.outcome for r in Store(programme.root / ".vc_sync").runs("S1")) == ["ok", "unchanged"]


def reference_grids(programme_root: Path) -> dict[str, list]:
    """What an uninterrupted first sync leaves, from a fresh fake of its own."""
    app = FakeSheets()
    with Server(app) as server:
        cfg = (programme_root / "config.toml").read_text()
        cfg = cfg.replace(cfg.split('endpoint = "')[1].split('"')[0], server.url)
        alt = programme_root / "alt"
        alt.mkdir()
        for name in ("roster.csv", "s1.csv"):
            (alt / name).write_bytes((programme_root / name).read_bytes())
        creds = json.loads((programme_root / "google.json").read_text())
        creds["token_uri"] = f"{server.url}/token"
        (alt / "google.json").write_text(json.dumps(creds))
        (alt / "config.toml").write_text(cfg)
        cli_run("sync", "--config", str(alt / "config.toml"), "--session", "S1")
    return settled(app)


def settled(app: FakeSheets) -> dict[str, list]:
    """Every tab's cells but the About tab's 'last changed' times (two runs a minute apart)."""
    return {
        t.title: [row for row in t.grid() if not (row and str(row[-1]).startswith("info:synced:"))]
        for t in app.tabs
    }


@pytest.mark.parametrize("when", ["before the write lands", "after the write lands"])
def test_a_killed_sync_converges_on_rerun(programme, sheets, when):
    killed_sync(programme, sheets, "before_values" if when == "before the write lands" else "after_values")
    store = Store(programme.root / ".vc_sync")
    assert [r.outcome for r in store.runs("S1")] == ["running"]  # the crash is on record
    assert store.last_pull("S1") is not None  # and the log was archived before the write
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    # a write that landed before the crash leaves nothing to do; one that did not is done now
    assert [r.outcome for r in store.runs("S1")][-1] == ("ok" if when.startswith("before") else "unchanged")
    assert settled(sheets) == reference_grids(programme.root)
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    assert [r.outcome for r in store.runs("S1")][-1] == "unchanged"


def test_due_retries_a_crashed_run(programme, tmp_path):
    prog = Programme.load(programme.config)
    store = Store(tmp_path / "state")
    store.start_run("S1")  # a run that never ended
    due = dict((s.id, why) for s, why in due_sessions(prog, store, END_S1 + timedelta(days=30)))
    assert due["S1"] == "last run running"  # however old the session


def test_progress_lines_when_not_a_terminal_and_quiet(programme):
    loud = subprocess.run(
        [sys.executable, "-m", "vc_sync", "sync", "--config", str(programme.config), "--session", "S1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loud.returncode == 0
    lines = loud.stderr.splitlines()
    assert any(ln[:4].isdigit() and "read 9 segments from s1.csv" in ln for ln in lines)  # timestamped
    quiet = subprocess.run(
        [
            sys.executable,
            "-m",
            "vc_sync",
            "--quiet",
            "sync",
            "--config",
            str(programme.config),
            "--session",
            "S1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_status_table(programme):
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    result = CliRunner().invoke(cli, ["status", "--config", str(programme.config)], env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    s1 = next(ln for ln in result.output.splitlines() if "│ S1" in ln)
    s2 = next(ln for ln in result.output.splitlines() if "│ S2" in ln)
    assert "9 segments" in s1 and "│ 3 " in s1
    assert "never" in s2 and "due: first sync" in s2


def test_sync_needs_exactly_one_of_session_and_due(programme):
    result = cli_run("sync", "--config", str(programme.config), code=2)
    assert "give exactly one of --session ID and --due" in result.output


def test_thread_safety_of_the_library_api_is_not_assumed(programme, tmp_path):
    """The library call itself holds no lock: the CLI does. Two threads share one store safely
    only through separate Store objects; this guards the documented contract."""
    prog = Programme.load(programme.config)
    errors: list[BaseException] = []

    def go() -> None:
        try:
            store = Store(tmp_path / "shared")
            run(prog, "S1", store=store, xlsx=tmp_path / f"{threading.get_ident()}.xlsx")
            store.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(Store(tmp_path / "shared").runs("S1")) == 2


def test_every_session_tab_made_in_one_due_run_has_its_dropdown(programme, sheets):
    """Choices is planned once per run; the tabs of later sessions still offer its list."""
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--due"])
    assert result.exit_code == 0, result.output
    for title in ("Session S1", "Session S2"):
        (check,) = sheets.tab(title).validations
        assert check["rule"]["condition"]["values"] == [{"userEnteredValue": "='Choices'!$A$2:$A"}]
    book = openpyxl.load_workbook(programme.xlsx)
    for title in ("Session S1", "Session S2"):
        (check,) = [dv for dv in book[title].data_validations.dataValidation if dv.type == "list"]
        assert check.formula1 == "'Choices'!$A$2:$A$1048576"


def test_status_on_an_80_column_terminal_shows_the_times_whole(programme):
    """Review 27d: at 80 columns the end time was cut to '2020-04…'; the titles give way."""
    cli_run("sync", "--config", str(programme.config), "--session", "S1")
    result = CliRunner().invoke(cli, ["status", "--config", str(programme.config)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output and "Title" not in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    lines = result.output.splitlines()
    s1 = next(i for i, ln in enumerate(lines) if "│ S1" in ln)
    ended = " ".join(ln.split("│")[2].strip() for ln in lines[s1 : s1 + 2])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", ended), ended
