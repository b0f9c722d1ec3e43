"""The state store's record of what vc_sync wrote in an output's cells: its size and its cost.

    python -m bench.written_record [--participants 5000] [--repeat 5]

A generated session (``bench.scaling``'s programme, about that many participants, its session
tab also holding a row per absent invitee) is synced to a local workbook once; the record the
sync left in the state store (schema 5, table ``written``) is then measured: the bytes it takes
per tab, and the time of each operation a sync makes on it (reading it, recording it before the
write, recording it after), best of ``--repeat``. A second, unchanged sync is timed beside a
sync of the same programme without a store record (a workbook written by an older version).
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.files import write_programme
from bench.scaling import programme_of
from bench.sheet_requests import SEGMENTS_PER_PARTICIPANT, sync_once
from vc_sync.store import Store


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(participants: int, repeat: int) -> dict[str, float]:
    programme = programme_of(max(20, round(participants * SEGMENTS_PER_PARTICIPANT)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = write_programme(programme, folder)
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace("[policy]", '[output]\nxlsx = "out.xlsx"\n\n[policy]'), encoding="utf-8"
        )
        sync_once(config)
        state = folder / ".vc_sync"
        db = sqlite3.connect(state / "state.db")
        sizes = dict(db.execute("SELECT tab, length(record) FROM written").fetchall())
        output, marks = db.execute("SELECT output, marks FROM written_marks").fetchone()
        db.close()
        store = Store(state)
        records = store.written(output, marks)
        rows = sum(len(r) for r in records.values())
        cells = sum(len(row) for r in records.values() for row in r.values())
        read_s = best(lambda: store.written(output, marks), repeat)
        before_s = best(lambda: store.will_write(output, marks, marks, records), repeat)
        after_s = best(lambda: store.wrote(output, marks, records), repeat)
        store.close()
        _, again_s = sync_once(config)
        db = sqlite3.connect(state / "state.db")
        db.execute("DELETE FROM written")
        db.execute("DELETE FROM written_marks")
        db.commit()
        db.close()
        _, unrecorded_s = sync_once(config)
    return {
        "rows": rows,
        "cells": cells,
        "session_kb": sizes.get("session:S1", 0) / 1024,
        "review_kb": sizes.get("review", 0) / 1024,
        "read_ms": read_s * 1000,
        "before_ms": before_s * 1000,
        "after_ms": after_s * 1000,
        "again_s": again_s,
        "unrecorded_s": unrecorded_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, nargs="+", default=[5000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    head = ("rows", "cells", "session_kb", "review_kb", "read_ms", "before_ms", "after_ms")
    head += ("again_s", "unrecorded_s")
    print("".join(f"{h:>14}" for h in head))
    for n in args.participants:
        m = measure(n, args.repeat)
        print("".join(f"{m[h]:14.1f}" if isinstance(m[h], float) else f"{m[h]:14d}" for h in head))


if __name__ == "__main__":
    main()
