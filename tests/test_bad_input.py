"""The bad-input corpus: every malformed file a tired secretariat or a stranger could hand over.

Each file under ``tests/bad_input/`` takes the place of one file of a small, valid programme (the
config, the roster, session S1's export in any of the four formats, or overrides.csv), and
``vc-sync sync --session S1`` must then answer, within seconds, with exit code 2 and exactly one
line on stderr naming the file and its line or key (``expected.toml`` says which), no traceback,
nothing on stdout, and nothing written: no workbook, no state folder, no file touched. A few
cases cannot live in git (a FIFO, a device, a file past a size limit, deep nesting) and are made
here.

Most cases run in a child forked from this process (it has the imports already: a fresh
interpreter costs a second per case); those that once hung or crashed the interpreter also run
as ``python -m vc_sync``. Either way the child is killed and the case fails when it has not
answered within ``TIMEOUT`` seconds.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import vc_sync.cli
import vc_sync.providers.files
import vc_sync.store
import vc_sync.sync  # imported here, so that forked children start with them  # noqa: F401
from tests.conftest import Programme

CORPUS = Path(__file__).resolve().parent / "bad_input"
EXPECTED: dict[str, str] = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))
TIMEOUT = 5.0  # seconds for a forked child; a fresh interpreter gets twice as long to start
ROLES = ("config", "roster", "zoom-csv", "zoom-json", "meet-csv", "meet-json", "overrides")


@dataclass(frozen=True)
class Case:
    name: str
    place: Callable[[Programme], None]  # puts the bad input into the programme folder
    says: str  # what the one error line must contain
    interpreter: bool = False  # also run as `python -m vc_sync`


def _export(programme: Programme, name: str, body: bytes) -> None:
    path = programme.root / name
    path.write_bytes(body)
    if name != "s1.csv":
        programme.edit("config.toml", 'file = "s1.csv"', f'file = "{name}"')


def _placer(rel: str) -> Callable[[Programme], None]:
    role, _, file = rel.partition("/")
    body = (CORPUS / rel).read_bytes()

    def place(programme: Programme) -> None:
        if role == "config":
            (programme.root / "config.toml").write_bytes(body)
        elif role == "roster" and file.endswith(".xlsx"):
            (programme.root / "roster.xlsx").write_bytes(body)
            programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "roster.xlsx"')
        elif role == "roster":
            (programme.root / "roster.csv").write_bytes(body)
        elif role == "overrides":
            (programme.root / "overrides.csv").write_bytes(body)
        else:
            _export(programme, "s1.json" if role.endswith("json") else "s1.csv", body)

    return place


def _fifo(name: str) -> Callable[[Programme], None]:
    def place(programme: Programme) -> None:
        path = programme.root / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return place


def _edit(old: str, new: str) -> Callable[[Programme], None]:
    return lambda programme: programme.edit("config.toml", old, new)


def _write(name: str, text: str) -> Callable[[Programme], None]:
    return lambda programme: _export(programme, name, text.encode())


def _sparse(name: str, size: int) -> Callable[[Programme], None]:
    def place(programme: Programme) -> None:
        with open(programme.root / name, "r+b") as fh:  # holes: nothing reaches the disk
            fh.truncate(size)

    return place


def _folder(name: str) -> Callable[[Programme], None]:
    def place(programme: Programme) -> None:
        path = programme.root / name
        path.unlink(missing_ok=True)
        path.mkdir(parents=True)

    return place


def _roster(text: str) -> Callable[[Programme], None]:
    return lambda programme: (programme.root / "roster.csv").write_text(text)


ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
ZOOM_ROW = "Andi,,04/14/2020 09:00:00 AM,04/14/2020 10:00:00 AM,60,No\n"
ROSTER_HEADER = "id;sessions;agency;name\n"
ROSTER_ROWS = [f"X{i};S1;Dinas {i} Kabupaten Sleman;Nama Orang {i}\n" for i in range(5000)]
MADE = [
    Case("export-fifo", _fifo("s1.csv"), "config.toml: sessions[1] (S1).file: a named pipe (FIFO)", True),
    Case("export-dev-zero", _edit('file = "s1.csv"', 'file = "/dev/zero"'), "(S1).file: a device", True),
    Case("export-folder", _folder("s1.csv"), "config.toml: sessions[1] (S1).file: a folder, not a regular"),
    Case("export-over-256-MiB", _sparse("s1.csv", 256 * 1024 * 1024 + 1), "s1.csv: larger than 256 MiB"),
    Case(
        "export-cell-over-128-KiB",
        _write("s1.csv", ZOOM_HEADER + ZOOM_ROW + "B" * 140_000 + ",,,,,\n"),
        "s1.csv: line 3: a cell longer than 131,072 characters",
        True,
    ),
    Case(
        "export-unclosed-quote-past-128-KiB",
        _write("s1.csv", ZOOM_HEADER + ZOOM_ROW + '"' + ZOOM_ROW * 3000),
        "s1.csv: line 3: a quote opened on this line is never closed",
    ),
    Case(
        "export-json-nested-100k-deep",
        _write("s1.json", "[" * 100_000 + "]" * 100_000),
        "s1.json: line 1: JSON nested too deeply",
        True,
    ),
    Case(
        "export-json-object-nested-100k-deep",
        _write("s1.json", '{"participants": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001),
        "s1.json: line 1: JSON nested too deeply",
    ),
    Case("roster-fifo", _fifo("roster.csv"), "config.toml: event.roster: a named pipe (FIFO)", True),
    Case(
        "roster-cell-over-128-KiB",
        _roster(ROSTER_HEADER + "R1;S1;DIY;" + "x" * 140_000 + "\n"),
        "roster.csv: line 2: a cell longer than 131,072 characters",
    ),
    Case(
        "roster-stray-quote-in-a-large-file",
        _roster(ROSTER_HEADER + "".join(ROSTER_ROWS[:200]) + 'X;S1;"Dinas;Nama\n' + "".join(ROSTER_ROWS)),
        "roster.csv: line 202: a quote opened on this line is never closed",
    ),
    Case("overrides-fifo", _fifo("overrides.csv"), "config.toml: matching.overrides: a named pipe (FIFO)"),
    Case("overrides-folder", _folder("overrides.csv"), "config.toml: matching.overrides: a folder, not"),
    Case("config-fifo", _fifo("config.toml"), "config.toml: a named pipe (FIFO), not a regular file", True),
    Case("state-lock-is-a-folder", _folder(".vc_sync/lock"), "config.toml: output.state: a folder, not a"),
    Case("state-db-is-a-folder", _folder(".vc_sync/state.db"), "config.toml: output.state: a folder, not a"),
]
CASES = [Case(rel, _placer(rel), says) for rel, says in sorted(EXPECTED.items())] + MADE


def test_the_corpus_covers_every_kind_of_input_file():
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "expected.toml"]
    assert len(files) >= 60
    assert sorted({p.relative_to(CORPUS).as_posix() for p in files}) == sorted(EXPECTED)
    assert {p.relative_to(CORPUS).parts[0] for p in files} == set(ROLES)


# --- running one case ---------------------------------------------------------------------


def _child(argv: list[str], out: str, err: str) -> None:
    """In the forked child: stdout and stderr to files, then the command as `vc-sync` runs it."""
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )
    from vc_sync.cli import cli

    cli.main(args=argv, prog_name="vc-sync")


def _fork(argv: list[str], scratch: Path) -> tuple[int, str, str]:
    out, err = scratch / "stdout", scratch / "stderr"
    child = multiprocessing.get_context("fork").Process(target=_child, args=(argv, str(out), str(err)))
    child.start()
    child.join(TIMEOUT)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail(f"no answer within {TIMEOUT:g} s: {' '.join(argv)}")
    return child.exitcode, out.read_text(errors="replace"), err.read_text(errors="replace")


def _interpreter(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k != "VC_SYNC_CORPUS_UNSET"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "vc_sync", *argv],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=2 * TIMEOUT,
            cwd=cwd,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {2 * TIMEOUT:g} s: python -m vc_sync {' '.join(argv)}")
    return done.returncode, done.stdout, done.stderr


def _state(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under ``root`` with its type, size and modification time."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            info = os.lstat(os.path.join(dirpath, name))
            found[os.path.relpath(os.path.join(dirpath, name), root)] = (
                info.st_mode,
                info.st_size,
                info.st_mtime_ns,
            )
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_exit_2_and_nothing_written(case: Case, tmp_path, monkeypatch):
    monkeypatch.delenv("VC_SYNC_CORPUS_UNSET", raising=False)
    programme = Programme(tmp_path / "programme")  # S2 reads a file of its own: only S1's is bad
    case.place(programme)
    before = _state(programme.root)
    argv = ["sync", "--config", str(programme.config), "--session", "S1"]
    runs = [_fork(argv, tmp_path)]
    if case.interpreter:
        runs.append(_interpreter(argv, programme.root))
    for code, stdout, stderr in runs:
        assert "Traceback" not in stderr + stdout
        assert (code, stdout) == (2, ""), stderr
        (line,) = stderr.splitlines()
        assert line.startswith("error: ") and case.says in line, line
        assert _state(programme.root) == before
        assert not programme.xlsx.exists() and not (programme.root / ".vc_sync" / "state.db").is_file()
