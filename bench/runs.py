"""What a long programme costs a run: 200 sessions through ``sync --due``, the state store's
integrity check on open, and ``check`` on a large roster.

    python -m bench.runs [--sessions 200] [--pulls 2000] [--roster 200000]

Prints wall times and peak memory (``check`` runs in a child process, before anything else).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROSTER_HEAD = "id;sessions;agency;name;email\n"
CSV_HEAD = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
NAMES = ["Andi", "Budi", "Sri", "Wahyu", "Dewi", "Agus", "Eko", "Rina", "Joko", "Yuni", "Tri", "Nur"]
SURNAMES = ["Santoso", "Wahyuni", "Kurniawan", "Setiawan", "Lestari", "Pratama", "Hidayat", "Saputra"]


def programme(root: Path, sessions: int, per_session: int = 12) -> Path:
    """A programme of ``sessions`` sessions, one a day from a year ago, each with its export."""
    rows, cfg = [], ['[event]\nname = "Bench"\nroster = "roster.csv"\n\n[policy]\nmin_minutes = 45\n']
    cfg.append('[output]\nxlsx = "out.xlsx"\nlock_wait = 60\nrecheck_days = 366\n')
    start = datetime.now() - timedelta(days=sessions + 1)  # every session ended, all within recheck_days
    rng = random.Random(7)
    for n in range(sessions):
        sid = f"S{n + 1}"
        day = start + timedelta(days=n)
        lines = [CSV_HEAD]
        for k in range(per_session):
            name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {n}x{k}"
            rows.append(f"R{n}-{k};{sid};Dinas {k % 6} Kabupaten {n % 40};{name};\n")
            join = day + timedelta(minutes=rng.randint(0, 20))
            leave = join + timedelta(minutes=rng.randint(20, 150))
            fmt = "%m/%d/%Y %I:%M:%S %p"
            lines.append(f"Dinas {k % 6} {n % 40}_{name},,{join:{fmt}},{leave:{fmt}},60,Yes\n")
        (root / f"{sid}.csv").write_text("".join(lines))
        cfg.append(
            f'[[sessions]]\nid = "{sid}"\nstart = "{day:%Y-%m-%d %H:%M}"\n'
            f'end = "{day + timedelta(hours=3):%Y-%m-%d %H:%M}"\nfile = "{sid}.csv"\n'
        )
    (root / "roster.csv").write_text(ROSTER_HEAD + "".join(rows))
    (root / "config.toml").write_text("\n".join(cfg))
    return root / "config.toml"


def due(sessions: int) -> None:
    from vc_sync.store import Store
    from vc_sync.sync import Programme, run_due

    with tempfile.TemporaryDirectory() as tmp:
        config = programme(Path(tmp), sessions)
        prog = Programme.load(config)
        store = Store(Path(tmp) / ".vc_sync")
        now = datetime.now(UTC)
        for label in ("first run (every session due)", "second run (nothing changed)"):
            t0 = time.perf_counter()
            outcomes = run_due(prog, store, now)
            took = time.perf_counter() - t0
            kinds = sorted({o.message for o in outcomes})
            print(
                f"sync --due, {sessions} sessions, {label}: {took:.1f} s ({len(outcomes)} sessions: {kinds})"
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"sync --due, peak memory of this process: {peak:.0f} MiB")
        store.close()


def integrity(pulls: int) -> None:
    """The store's open-time check on an archive of ``pulls`` logs of a 300-person session."""
    from vc_sync.providers.base import Pull, RawPage
    from vc_sync.store import Store, _damage

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        for n in range(pulls):
            body = "".join(
                f"{rng.choice(NAMES)} {rng.choice(SURNAMES)},{rng.random()},{rng.random()}\n"
                for _ in range(300)
            ).encode()
            store.archive(f"S{n % 200}", Pull((), (RawPage(f"page {n}", body),), origin="bench"))
        store.close()
        size = (Path(tmp) / "state.db").stat().st_size
        best = min(_timed(lambda: _damage(Path(tmp) / "state.db")) for _ in range(3))
        mib = size / 2**20
        print(f"integrity check on open: {pulls} archived logs, {mib:.1f} MiB store, {best * 1000:.0f} ms")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def check(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        rng = random.Random(5)
        lines = [ROSTER_HEAD]
        for n in range(rows):
            name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {n}"
            lines.append(f"R{n};S1;Dinas {n % 30} Kabupaten {n % 500};{name};\n")
        (root / "roster.csv").write_text("".join(lines))
        (root / "s1.csv").write_text(CSV_HEAD)
        (root / "config.toml").write_text(
            '[event]\nname = "Bench"\nroster = "roster.csv"\n[policy]\nmin_minutes = 45\n'
            '[output]\nxlsx = "out.xlsx"\n[[sessions]]\nid = "S1"\nstart = "2025-01-06 09:00"\n'
            'end = "2025-01-06 12:00"\nfile = "s1.csv"\n'
        )
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "vc_sync", "check", "--config", str(root / "config.toml")],
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"check, {rows:,}-row roster: {took:.1f} s, peak {peak:.0f} MiB (exit {done.returncode})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--pulls", type=int, default=2000)
    parser.add_argument("--roster", type=int, default=200_000)
    args = parser.parse_args()
    check(args.roster)  # first: a child forked from a grown parent reports the parent's pages
    due(args.sessions)
    integrity(args.pulls)


if __name__ == "__main__":
    main()
