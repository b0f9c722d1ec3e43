"""The I/O floor: a linear exact-match reconcile, to measure ``vc-sync reconcile`` against.

    python -m bench.exact_match CONFIG SESSION

Reads what ``vc-sync reconcile`` reads (the config, the roster CSV, the session's Zoom JSON
export), credits each segment by dictionary lookups (e-mail, then the name lower-cased with
spaces folded), sums each person's covered minutes in the window, and prints JSON of the same
shape. Standard library only, no matching worth the name: what any reconcile must at least
cost on this input, start-up included. ``bench.cli_reconcile`` times both.
"""

from __future__ import annotations

import csv
import json
import sys
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

WIB = timezone(timedelta(hours=7))  # the bench programmes' zone


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def main(config_path: str, session_id: str) -> None:
    folder = Path(config_path).parent
    config = tomllib.loads(Path(config_path).read_text("utf-8"))
    session = next(s for s in config["sessions"] if s["id"] == session_id)
    start, end = _local(session["start"]), _local(session["end"])
    by_email: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    with (folder / config["event"]["roster"]).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["email"]:
                by_email[row["email"].lower()] = row["id"]
            by_name.setdefault(" ".join(row["name"].lower().split()), []).append(row["id"])
    log = json.loads((folder / session["file"]).read_text("utf-8"))
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for rec in log["participants"]:
        who = by_email.get(rec["user_email"].lower())
        if who is None:
            ids = by_name.get(" ".join(rec["name"].lower().split()), [])
            who = ids[0] if len(ids) == 1 else "?" + rec["name"]
        join = max(datetime.fromisoformat(rec["join_time"]), start)
        leave = min(datetime.fromisoformat(rec["leave_time"]), end)
        spans.setdefault(who, []).append((join, leave))
    people = []
    for who, found in spans.items():
        covered, last = 0.0, None
        for a, b in sorted(found):
            if last is not None and a < last:
                a = last
            if b > a:
                covered += (b - a).total_seconds()
                last = b
        people.append({"key": who, "minutes": round(covered / 60, 1)})
    json.dump({"session": session_id, "participants": people}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
