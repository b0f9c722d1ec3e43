"""Runs that recover: a damaged state store, a full disk, a dry run, an interrupt, a crashed run,
two programmes on one workbook, and two machines on one sheet."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.store import Store


def vc(programme, *args: str):
    return CliRunner().invoke(cli, [*args, "--config", str(programme.config)])


def sync(programme, *extra: str, session: str = "S1"):
    return vc(programme, "sync", "--session", session, *extra)


def state(programme) -> Path:
    return programme.root / ".vc_sync"


def lines(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith(("error:", "warning:"))]


@pytest.mark.parametrize(
    "damage",
    ["random bytes", "truncated", "empty"],
)
def test_a_damaged_store_is_moved_aside_said_and_the_run_goes_on(programme, damage):
    assert sync(programme).exit_code == 0
    db = state(programme) / "state.db"
    body = db.read_bytes()
    damaged = {"random bytes": os.urandom(8192), "truncated": body[: len(body) // 2], "empty": b""}[damage]
    db.write_bytes(damaged)
    for extra in ("state.db-wal", "state.db-shm"):
        (state(programme) / extra).unlink(missing_ok=True)
    status = vc(programme, "status")
    assert status.exit_code == 0, status.output
    assert "is unreadable" in status.output and "the next sync moves it aside" in status.output
    result = sync(programme)
    assert result.exit_code == 0, result.output
    (notice,) = [ln for ln in lines(result.output) if "state store" in ln]
    assert "moved aside to state.db.corrupt-" in notice and "the archive of pulled logs" in notice
    (aside,) = [
        p for p in state(programme).glob("state.db.corrupt-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == damaged  # kept as it was
    assert [r.outcome for r in Store(state(programme)).runs("S1")] == [
        "unchanged"
    ]  # a fresh ledger, this run


def test_a_store_of_an_older_schema_is_copied_before_it_is_migrated(programme):
    import sqlite3

    from vc_sync.store import MIGRATIONS

    state(programme).mkdir()
    db = sqlite3.connect(state(programme) / "state.db")
    db.executescript(MIGRATIONS[0])
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    assert sync(programme).exit_code == 0
    (backup,) = state(programme).glob("state.db.before-v*")
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 1


def _immutable(path: Path) -> bool:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return done.returncode == 0


def test_an_unwritable_store_is_one_line_and_status_still_works(programme):
    assert sync(programme).exit_code == 0
    db = state(programme) / "state.db"
    Store(state(programme)).close()  # checkpointed: all in state.db
    if not shutil.which("chattr") or not _immutable(db):
        pytest.skip("chattr +i is not available here (a root-only, ext-filesystem attribute)")
    try:
        status = vc(programme, "status")
        assert status.exit_code == 0, status.output
        result = sync(programme)
        assert result.exit_code == 1
        (line,) = lines(result.output)
        assert line.startswith(f"error: state store {db}: ") and "Traceback" not in result.output
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_a_full_disk_is_one_line_leaves_no_temporary_file_and_keeps_the_workbook(programme):
    assert sync(programme).exit_code == 0
    before = programme.xlsx.read_bytes()
    programme.write(
        "s1.csv",
        (programme.root / "s1.csv").read_text()
        + "".join(
            f"Tamu {n:03d},,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM,120,Yes,\n" for n in range(300)
        ),
    )
    limit = len(before) + 4096  # the workbook cannot grow by 300 rows

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-m", "vc_sync", "sync", "--config", str(programme.config), "--session", "S1"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_files,
    )
    assert done.returncode == 1, done.stderr
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in done.stderr
    # the first file the disk refuses is named, with why: the store's log or the workbook
    assert str(programme.root) in errors[0] and ("disk" in errors[0] or "grow" in errors[0])
    assert programme.xlsx.read_bytes() == before
    assert not [p for p in programme.xlsx.parent.iterdir() if p.name.endswith(".tmp")]
    assert not list(state(programme).glob("state.db.corrupt-*"))  # a full disk damages nothing
    rerun = sync(programme)  # the disk has room again
    assert rerun.exit_code == 0, rerun.output
    outcomes = [r.outcome for r in Store(state(programme)).runs("S1")]
    assert outcomes[0] == "ok" and outcomes[-1] == "ok" and set(outcomes[1:-1]) <= {"failed", "crashed"}


def test_a_dry_run_on_a_fresh_programme_creates_nothing(programme):
    before = sorted(p.name for p in programme.root.rglob("*"))
    result = sync(programme, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would change Session S1: 8 added" in result.output
    assert sorted(p.name for p in programme.root.rglob("*")) == before  # no state folder, lock or workbook


def test_a_run_that_died_is_marked_crashed_and_shown_so(programme):
    assert sync(programme).exit_code == 0
    store = Store(state(programme))
    store.start_run("S1")  # a run whose process was killed: it never ended
    store.close()
    result = sync(programme)
    assert "1 earlier run(s) stopped before they ended" in result.output
    outcomes = [r.outcome for r in Store(state(programme)).runs("S1")]
    assert outcomes == ["ok", "crashed", "unchanged"]
    status = vc(programme, "status")
    assert "crashed: the run stopped before it ended" not in status.output  # the last run is fine


def test_an_interrupted_run_ends_in_the_ledger(programme, sheets):
    assert sync(programme).exit_code == 0
    sheets.requests.clear()
    sheets.slow = 5.0  # reading the tabs takes a while: time to press Ctrl-C
    proc = subprocess.Popen(
        [sys.executable, "-m", "vc_sync", "sync", "--config", str(programme.config), "--session", "S1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while (
        not any(r.path.endswith("values:batchGet") for r in sheets.requests) and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert [r.outcome for r in Store(state(programme)).runs("S1")] == ["ok", "interrupted"]


def test_a_second_programme_may_not_write_the_first_ones_workbook(programme):
    assert sync(programme).exit_code == 0
    programme.edit("config.toml", 'name = "Test programme"', 'name = "Another programme"')
    result = sync(programme)
    assert result.exit_code == 2
    (line,) = lines(result.output)
    assert "'Test programme'" in line and "'Another programme'" in line and "[output] prefix" in line


def test_two_machines_on_one_sheet_never_write_at_once(programme, sheets):
    """Two state folders (two laptops): the programme's lock does not stand between them, the
    sheet's lease does."""
    sheets.slow = 0.4
    other = programme.root / "laptop2.toml"
    other.write_text(
        (programme.root / "config.toml").read_text().replace("[output]\n", '[output]\nstate = "laptop2"\n')
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "vc_sync", "sync", "--config", str(cfg), "--session", "S1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cfg in (programme.config, other)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes in ([0, 0], [0, 4]), outs
    keys = sheets.tab("Session S1").row_keys()
    assert len(keys) == len(set(keys)) == 8
    assert not [m for m in sheets.metadata if m["metadataKey"] == "vc_sync.lease"]  # released


@pytest.mark.parametrize("output", ["workbook", "sheet"])
def test_a_second_programme_with_its_own_tabs_shares_an_output(request, programme, output):
    if output == "sheet":
        fake = request.getfixturevalue("sheets")
        programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"\n', "")
    assert sync(programme).exit_code == 0
    other = programme.root / "other.toml"
    other.write_text(
        (programme.root / "config.toml")
        .read_text()
        .replace('name = "Test programme"', 'name = "Another programme"')
        .replace("[output]\n", '[output]\nprefix = "B"\nstate = "other-state"\n')
    )

    def titles():
        if output == "sheet":
            return [t.title for t in sorted(fake.tabs, key=lambda t: t.index)]
        import openpyxl

        return openpyxl.load_workbook(programme.xlsx).sheetnames

    def cells():
        if output == "sheet":
            return {t.title: dict(t.cells) for t in fake.tabs}
        import openpyxl

        book = openpyxl.load_workbook(programme.xlsx)
        return {ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row} for ws in book}

    first = {t: c for t, c in cells().items() if not t.startswith("B ")}
    done = CliRunner().invoke(cli, ["sync", "--config", str(other), "--session", "S1"])
    assert done.exit_code == 0, done.output
    assert "B Summary" in titles() and "B Session S1" in titles()
    assert {t: c for t, c in cells().items() if not t.startswith("B ")} == first
    again = sync(programme)  # the first programme does not take the second one's tabs
    assert again.exit_code == 0 and "(new tab)" not in again.output, again.output
    assert all(
        "0 added, 0 updated" in ln for ln in again.output.splitlines() if "added" in ln and "About" not in ln
    )


def test_a_lease_written_meanwhile_by_another_machine_is_never_shared(programme, sheets):
    """The other machine wrote its lease after this run's first read and read it back alone,
    so it writes; this run, reading back both, must give way whatever the expiries say (the
    other's clock may be ahead)."""

    def another_machine(body: dict) -> None:
        if any(
            q.get("createDeveloperMetadata", {}).get("developerMetadata", {}).get("metadataKey")
            == "vc_sync.lease"
            for q in body["requests"]
        ) and not any("laptop2" in str(m["metadataValue"]) for m in sheets.metadata):
            sheets.metadata.append(
                {
                    "metadataId": 7,
                    "metadataKey": "vc_sync.lease",
                    "metadataValue": f"{time.time() + 3600:.0f}|laptop2:4242:beef",
                    "location": {"spreadsheet": True},
                    "visibility": "DOCUMENT",
                }
            )

    sheets.after_batch = another_machine
    result = sync(programme)
    assert result.exit_code == 4, result.output
    assert "laptop2:4242:beef" in result.output
    assert not sheets.value_writes() and not sheets.tabs
    assert [
        m["metadataValue"].split("|")[1] for m in sheets.metadata if m["metadataKey"] == "vc_sync.lease"
    ] == ["laptop2:4242:beef"]


def _lease_of(value: str, mid: int = 7) -> dict:
    return {
        "metadataId": mid,
        "metadataKey": "vc_sync.lease",
        "metadataValue": value,
        "location": {"spreadsheet": True},
        "visibility": "DOCUMENT",
    }


def test_a_live_lease_of_another_machine_with_the_same_hostname_is_not_taken(programme, sheets):
    """Two machines called alike (cloned VMs, 'localhost', containers with a fixed hostname):
    the other machine's pid does not exist here, so its live lease is judged dead, deleted, and
    this run writes while the other does."""
    programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"\n', "")
    other = f"{socket.gethostname()}:3999999:beef"  # a pid of the *other* machine
    sheets.metadata.append(_lease_of(f"{time.time() + 3600:.0f}|{other}"))
    result = sync(programme)
    assert result.exit_code == 4, f"wrote while {other} held the lease:\n{result.output}"


def test_a_lease_written_meanwhile_by_a_machine_whose_clock_is_behind_is_never_shared(programme, sheets):
    """As tests/test_recovery's interleaving, but the other machine's clock is 6 minutes behind
    (its expiry reads as past here): it read back its lease alone and writes; this run too."""
    programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"\n', "")

    def another_machine(body: dict) -> None:
        if any(
            q.get("createDeveloperMetadata", {}).get("developerMetadata", {}).get("metadataKey")
            == "vc_sync.lease"
            for q in body["requests"]
        ) and not any("laptop2" in str(m["metadataValue"]) for m in sheets.metadata):
            sheets.metadata.append(_lease_of(f"{time.time() + 300 - 360:.0f}|laptop2:4242:beef"))

    sheets.after_batch = another_machine
    result = sync(programme)
    assert result.exit_code == 4, "both machines hold the lease:\n" + result.output
