"""The state store: an SQLite archive of pulled logs and a ledger of sync runs.

Every pull is kept, compressed, with when and from where it came (Meet deletes its records
after 30 days, Zoom its reports after a year: the archive is then the only evidence and what
``--offline`` replays). Every run is recorded from start to end, so a crash leaves a run
that never finished and the next ``--due`` picks the session up again. The schema carries a
version; ``MIGRATIONS`` bring an older file forward. Files are readable by the owner only.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tenacity

from vc_sync.errors import LockBusy, ProviderError
from vc_sync.kinds import RunOutcome
from vc_sync.model import Segment
from vc_sync.providers.base import Pull, RawPage

MIGRATIONS: tuple[str, ...] = (
    # 1: the archive and a first ledger
    """
    CREATE TABLE pulls (id INTEGER PRIMARY KEY, session TEXT NOT NULL, pulled_at TEXT NOT NULL,
                        origin TEXT NOT NULL, digest TEXT NOT NULL, segments INTEGER NOT NULL);
    CREATE TABLE pages (pull_id INTEGER NOT NULL REFERENCES pulls(id), seq INTEGER NOT NULL,
                        label TEXT NOT NULL, media_type TEXT NOT NULL, body BLOB NOT NULL,
                        PRIMARY KEY (pull_id, seq));
    CREATE TABLE runs (id INTEGER PRIMARY KEY, session TEXT NOT NULL, started_at TEXT NOT NULL,
                       ended_at TEXT, outcome TEXT NOT NULL, pull_id INTEGER REFERENCES pulls(id),
                       counts TEXT);
    CREATE INDEX pulls_by_session ON pulls (session, id);
    CREATE INDEX runs_by_session ON runs (session, id);
    """,
    # 2: what a run changed and why it ended so, and the digest it wrote
    """
    ALTER TABLE runs ADD COLUMN digest TEXT;
    ALTER TABLE runs ADD COLUMN changes TEXT;
    ALTER TABLE runs ADD COLUMN message TEXT;
    """,
    # 3: runs.digest (the digest of the pull that pull_id names) and pages.media_type were
    # written and never read. Tables are rebuilt (DROP COLUMN needs SQLite 3.35)
    """
    CREATE TABLE pages_v3 (pull_id INTEGER NOT NULL REFERENCES pulls(id), seq INTEGER NOT NULL,
                           label TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (pull_id, seq));
    INSERT INTO pages_v3 (pull_id, seq, label, body) SELECT pull_id, seq, label, body FROM pages;
    DROP TABLE pages;
    ALTER TABLE pages_v3 RENAME TO pages;
    CREATE TABLE runs_v3 (id INTEGER PRIMARY KEY, session TEXT NOT NULL, started_at TEXT NOT NULL,
                          ended_at TEXT, outcome TEXT NOT NULL, pull_id INTEGER REFERENCES pulls(id),
                          counts TEXT, changes TEXT, message TEXT);
    INSERT INTO runs_v3 (id, session, started_at, ended_at, outcome, pull_id, counts, changes, message)
        SELECT id, session, started_at, ended_at, outcome, pull_id, counts, changes, message FROM runs;
    DROP TABLE runs;
    ALTER TABLE runs_v3 RENAME TO runs;
    CREATE INDEX runs_by_session ON runs (session, id);
    """,
    # 4: every invitee of a roster a sync wrote with, and the dropdown entry it was offered as
    # ('' for an open seat): a row key 'i-<id>' stays vc_sync's once the roster drops the id,
    # and a pick cell holding an entry from before a rename still reads as its invitee
    """
    CREATE TABLE invitees_seen (id TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (id, label));
    """,
    # 5: what vc_sync last wrote in each cell of its session and review tabs, per output and tab
    # (a digest per row key and column, zlib-compressed JSON), and the marks the output holds
    # when those records are of it (another machine's write, or a lost store, leaves none)
    """
    CREATE TABLE written (output TEXT NOT NULL, tab TEXT NOT NULL, record BLOB NOT NULL,
                          PRIMARY KEY (output, tab));
    CREATE TABLE written_marks (output TEXT PRIMARY KEY, marks TEXT NOT NULL);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def digest(segments: Sequence[Segment]) -> str:
    """What a log says, independent of page boundaries: changes when any connection does."""
    h = hashlib.sha256()
    for s in sorted(segments, key=lambda s: (s.join, s.leave, s.name, s.email or "", s.participant_id or "")):
        told = "\x1f" + "\x1e".join(s.details) if s.details else ""  # registration answers
        h.update(
            f"{s.name}\x1f{s.email}\x1f{s.participant_id}\x1f{s.join.isoformat()}\x1f{s.leave.isoformat()}{told}\n".encode()
        )
    return h.hexdigest()


@dataclass(frozen=True)
class PullRecord:
    id: int
    session: str
    pulled_at: str
    origin: str
    digest: str
    segments: int


@dataclass(frozen=True)
class RunRecord:
    id: int
    session: str
    started_at: str
    ended_at: str | None
    outcome: RunOutcome
    pull_id: int | None
    counts: dict[str, Any]
    changes: list[str]
    message: str | None


# a tab's record: row key -> column id -> the digests of what vc_sync wrote there (several,
# space-separated, while a write is under way)
Record = dict[str, dict[str, str]]


def _pack(record: Record) -> bytes:
    columns = sorted({c for row in record.values() for c in row})
    at = {c: i for i, c in enumerate(columns)}
    rows = {}
    for key, row in record.items():
        cells: list[str | None] = [None] * len(columns)
        for c, d in row.items():
            cells[at[c]] = d
        rows[key] = cells
    return zlib.compress(json.dumps({"c": columns, "r": rows}, separators=(",", ":")).encode(), 6)


def _unpack(blob: bytes) -> Record:
    data = json.loads(zlib.decompress(blob))
    columns = data["c"]
    return {
        key: {c: d for c, d in zip(columns, cells, strict=True) if d is not None}
        for key, cells in data["r"].items()
    }


def _union(old: Record, new: Record) -> Record:
    """Per cell, what either record accepts."""
    out = {key: dict(row) for key, row in old.items()}
    for key, row in new.items():
        mine = out.setdefault(key, {})
        for c, d in row.items():
            was = mine.get(c)
            mine[c] = d if was is None or d in was.split() else f"{was} {d}"
    return out


class StoreError(ProviderError):
    """The state store cannot be read or written (disk full, read-only, permissions): exit 1."""


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "disk is full" in text or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return "the disk is full"
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return "the file grew beyond the size this process may write"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return "it cannot be written (read-only, or not yours: check its permissions)"
    if "unable to open" in text:
        return "it cannot be opened (check the folder's permissions)"
    return text


def _damage(path: Path) -> str | None:
    """Why ``path`` is no usable store (None: it is, or there is none yet)."""
    try:
        if not path.exists():
            return None
        if path.stat().st_size == 0:
            return "an empty file"
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except OSError as exc:
        raise StoreError(f"state store {path}: {_reason(exc)}") from None
    try:
        found = db.execute("PRAGMA integrity_check").fetchone()[0]
        return None if found == "ok" else f"damaged: {found}"
    except sqlite3.OperationalError as exc:  # could not read it (I/O, a full disk, locks): no damage
        raise StoreError(f"state store {path}: {_reason(exc)}") from None
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return str(exc)
    finally:
        db.close()


@contextlib.contextmanager
def _opening(directory: Path) -> Iterator[None]:
    with open(directory / "store.lock", "a") as fh:
        os.chmod(directory / "store.lock", 0o600)
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Store:
    """The archive and the ledger of one programme (``state.db`` in its state folder).

    Opening it checks the file first (``PRAGMA integrity_check``): an empty or unreadable one is
    moved aside as ``state.db.corrupt-<time>`` and a fresh store started, and ``notices`` says
    so; nothing is ever lost without a word. ``read_only`` (for ``status``) never moves or
    writes anything: a damaged store is said to be so in ``notices``, and its history is empty.
    The file is backed up before its schema is migrated."""

    def __init__(self, directory: Path, *, read_only: bool = False):
        self.dir = Path(directory)
        self.path = self.dir / "state.db"
        self.notices: list[str] = []
        self.read_only = read_only
        if read_only:
            damage = _damage(self.path)
            if damage:
                self.notices.append(
                    f"state store {self.path} is unreadable ({damage}); the next sync moves it aside and "
                    "starts a fresh one"
                )
            target = ":memory:" if damage or not self.path.exists() else f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(target, uri=True, isolation_level=None)
            if target == ":memory:":
                self._create()
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.dir, 0o700)
            with _opening(self.dir):  # one opener at a time: a new file is empty until sqlite writes it
                self._open()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"state store {self.path}: {_reason(exc)}") from None

    def _open(self) -> None:
        damage = _damage(self.path)
        if damage:
            self._move_aside(damage)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            os.chmod(self.path, 0o600)
            # switching to WAL ignores the busy timeout while another process opens the same file
            for attempt in tenacity.Retrying(
                stop=tenacity.stop_after_delay(30),
                wait=tenacity.wait_random(0.05, 0.3),
                retry=tenacity.retry_if_exception_type(sqlite3.OperationalError),
                retry_error_callback=None,
                reraise=True,
            ):
                with attempt:
                    try:
                        self.db.execute("PRAGMA journal_mode=WAL")
                    except sqlite3.OperationalError as exc:
                        if "locked" not in str(exc) and "busy" not in str(exc):
                            raise StoreError(f"state store {self.path}: {_reason(exc)}") from None
                        raise
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"state store {self.path}: {_reason(exc)}") from None

    def _create(self) -> None:
        for number in range(1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version = {number}")

    def _move_aside(self, damage: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"state.db.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                src.replace(Path(str(aside) + suffix))
        self.notices.append(
            f"state store {self.path} was unreadable ({damage}); moved aside to {aside.name} and "
            "started afresh: the archive of pulled logs and the run history until now are in that "
            "file, not in the new store"
        )

    def close(self) -> None:
        """Close the store. A writer leaves the file out of WAL mode (its journal checkpointed):
        a read-only open of a WAL file (``status``, ``--dry-run``) makes -wal and -shm files it
        cannot remove, so the state folder would change under a command that writes nothing.
        Best effort: another process still using the file keeps it in WAL."""
        if not self.read_only:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Bring the file to the current schema: each migration in one transaction that first
        takes the write lock and re-reads the version, so two processes opening a new state
        folder at once do not both migrate it. A file of an older schema is copied first."""
        if 0 < self.version < SCHEMA_VERSION:
            backup = self.path.with_name(f"state.db.before-v{SCHEMA_VERSION}")
            if not backup.exists():
                with contextlib.closing(sqlite3.connect(backup)) as copy:
                    self.db.backup(copy)
                os.chmod(backup, 0o600)
        while self.version < SCHEMA_VERSION:
            with self.transaction():
                number = self.version + 1
                if number > SCHEMA_VERSION:
                    break
                for statement in MIGRATIONS[number - 1].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
        for extra in ("state.db-wal", "state.db-shm"):
            if (self.dir / extra).exists():
                os.chmod(self.dir / extra, 0o600)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write, whole or not at all; a write the disk or the file refuses is one line."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise StoreError(f"state store {self.path}: {_reason(exc)}") from None

    def settle_crashed(self) -> int:
        """Runs still 'running' are of processes gone (killed, or the machine went down): say so.
        Call it holding the programme's lock."""
        with self.transaction():
            return self.db.execute(
                "UPDATE runs SET outcome = ?, ended_at = ?, message = ? WHERE outcome = ?",
                (
                    RunOutcome.CRASHED,
                    now_iso(),
                    "the run stopped before it ended (killed, or the machine went down)",
                    RunOutcome.RUNNING,
                ),
            ).rowcount

    # --- archive ---------------------------------------------------------------------------

    def archive(self, session: str, pull: Pull) -> PullRecord:
        """Keep a pull; an identical log to the session's last pull is not stored twice."""
        d = digest(pull.segments)
        last = self.last_pull(session)
        if last is not None and last.digest == d:
            return last
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO pulls (session, pulled_at, origin, digest, segments) VALUES (?, ?, ?, ?, ?)",
                (session, now_iso(), pull.origin, d, len(pull.segments)),
            )
            pid = cur.lastrowid
            assert pid is not None  # an INSERT's
            self.db.executemany(
                "INSERT INTO pages (pull_id, seq, label, body) VALUES (?, ?, ?, ?)",
                [(pid, n, p.label, zlib.compress(p.body, 6)) for n, p in enumerate(pull.pages)],
            )
        return self.pull_record(pid)

    def pull_record(self, pull_id: int) -> PullRecord:
        row = self.db.execute(
            "SELECT id, session, pulled_at, origin, digest, segments FROM pulls WHERE id = ?", (pull_id,)
        ).fetchone()
        return PullRecord(*row)

    def last_pull(self, session: str) -> PullRecord | None:
        row = self.db.execute(
            "SELECT id, session, pulled_at, origin, digest, segments FROM pulls "
            "WHERE session = ? ORDER BY id DESC LIMIT 1",
            (session,),
        ).fetchone()
        return PullRecord(*row) if row else None

    def pages(self, pull_id: int) -> list[RawPage]:
        rows = self.db.execute(
            "SELECT label, body FROM pages WHERE pull_id = ? ORDER BY seq", (pull_id,)
        ).fetchall()
        return [RawPage(label, zlib.decompress(body)) for label, body in rows]

    # --- invitees written -------------------------------------------------------------------

    def saw_invitees(self, entries: Iterable[tuple[str, str]]) -> None:
        """Record (invitee id, dropdown entry) pairs of a roster a sync writes with."""
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO invitees_seen (id, label) VALUES (?, ?)", entries)

    def invitees_seen(self) -> list[tuple[str, str]]:
        """Every (invitee id, dropdown entry) recorded; none in a store of an older schema opened
        read-only (``status``, ``--dry-run``), which is not migrated."""
        try:
            return self.db.execute("SELECT id, label FROM invitees_seen ORDER BY id, label").fetchall()
        except sqlite3.OperationalError:
            return []

    # --- what vc_sync wrote in an output's cells ---------------------------------------------

    def written(self, output: str, mark: str | None) -> dict[str, Record]:
        """Each tab's record of what vc_sync last wrote in ``output``, when ``mark`` (the one the
        output holds now) is one the store wrote it under; else none: another machine wrote
        since, or the records were lost."""
        if not mark:
            return {}
        try:
            row = self.db.execute("SELECT marks FROM written_marks WHERE output = ?", (output,)).fetchone()
            if row is None or mark not in row[0].split():
                return {}
            found = self.db.execute("SELECT tab, record FROM written WHERE output = ?", (output,)).fetchall()
        except sqlite3.OperationalError:  # an older store opened read-only (--dry-run): none
            return {}
        return {tab: _unpack(blob) for tab, blob in found}

    def will_write(self, output: str, held: str | None, mark: str, records: dict[str, Record]) -> None:
        """Before writing ``output`` (which holds the mark ``held``) under ``mark``: each cell
        accepts what it held and what is about to be written, under the old marks and the new,
        so a crash at any point of the write leaves no cell of vc_sync's taken for an
        organiser's. Records of another write than the one the output holds are dropped (they
        would come back to life under the new mark)."""
        with self.transaction():
            row = self.db.execute("SELECT marks FROM written_marks WHERE output = ?", (output,)).fetchone()
            if row is not None and (not held or held not in row[0].split()):
                self.db.execute("DELETE FROM written WHERE output = ?", (output,))
                row = None
            marks = [*(row[0].split() if row else [])[-2:], mark]
            for tab, record in records.items():
                old = self.db.execute(
                    "SELECT record FROM written WHERE output = ? AND tab = ?", (output, tab)
                ).fetchone()
                merged = _union(_unpack(old[0]), record) if old and row else record
                self._put(output, tab, merged)
            self.db.execute(
                "INSERT OR REPLACE INTO written_marks (output, marks) VALUES (?, ?)",
                (output, " ".join(marks)),
            )

    def wrote(self, output: str, mark: str, records: dict[str, Record]) -> None:
        """Once ``output`` holds what was written and ``mark``: the records, under that mark only."""
        with self.transaction():
            for tab, record in records.items():
                self._put(output, tab, record)
            self.db.execute(
                "INSERT OR REPLACE INTO written_marks (output, marks) VALUES (?, ?)", (output, mark)
            )

    def _put(self, output: str, tab: str, record: Record) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO written (output, tab, record) VALUES (?, ?, ?)",
            (output, tab, _pack(record)),
        )

    # --- ledger ----------------------------------------------------------------------------

    def start_run(self, session: str) -> int:
        with self.transaction():
            run = self.db.execute(
                "INSERT INTO runs (session, started_at, outcome) VALUES (?, ?, ?)",
                (session, now_iso(), RunOutcome.RUNNING),
            ).lastrowid
        assert run is not None  # an INSERT's
        return run

    def end_run(
        self,
        run_id: int,
        outcome: RunOutcome,
        *,
        pull: PullRecord | None = None,
        counts: dict | None = None,
        changes: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE runs SET ended_at = ?, outcome = ?, pull_id = ?, counts = ?, changes = ?, "
                "message = ? WHERE id = ?",
                (
                    now_iso(),
                    outcome,
                    pull.id if pull else None,
                    json.dumps(counts or {}),
                    json.dumps(list(changes)),
                    message,
                    run_id,
                ),
            )

    def runs(self, session: str | None = None) -> list[RunRecord]:
        sql = "SELECT id, session, started_at, ended_at, outcome, pull_id, counts, changes, message FROM runs"
        args: tuple = ()
        if session is not None:
            sql += " WHERE session = ?"
            args = (session,)
        rows = self.db.execute(sql + " ORDER BY id", args).fetchall()
        return [
            RunRecord(
                r[0],
                r[1],
                r[2],
                r[3],
                RunOutcome(r[4]),
                r[5],
                json.loads(r[6] or "{}"),
                json.loads(r[7] or "[]"),
                r[8],
            )
            for r in rows
        ]

    def last_run(self, session: str, outcomes: Sequence[RunOutcome] | None = None) -> RunRecord | None:
        found = [r for r in self.runs(session) if outcomes is None or r.outcome in outcomes]
        return found[-1] if found else None


class Lock:
    """One sync of a programme at a time: an advisory lock on a file in the state folder."""

    def __init__(self, directory: Path, wait: float = 10.0):
        self.path = Path(directory) / "lock"
        self.wait = wait
        self._fh: Any = None

    def __enter__(self) -> Lock:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._fh = open(self.path, "a+")
        os.chmod(self.path, 0o600)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._fh.close()
                    raise LockBusy(
                        f"another vc-sync run of this programme holds {self.path}; waited {self.wait:g} s"
                    ) from None
                time.sleep(0.2)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()
        return self

    def __exit__(self, *exc: Any) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
