"""A generated programme laid out as a user would have it: roster CSV, exports, config.

    python -m bench.files SEGMENTS DIR   # bench.scaling's session of that size, as files

Used by the benches that run the command line (``bench.cli_reconcile``) or the readers
(``bench.same_results``): the files are what ``vc-sync`` reads, so the figures include
reading, parsing and printing, not only the reconcile core.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from bench import generator
from bench.generator import Programme

CONFIG = """\
[event]
name = "bench"
timezone = "Asia/Jakarta"
roster = "roster.csv"

[policy]
min_minutes = {min_minutes}

{sessions}
"""


def roster_csv(programme: Programme, path: Path) -> None:
    """The programme's roster as the CSV a secretariat keeps (titles and degrees in names)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "sessions", "agency", "name", "email", "phone", "aliases", "role"])
        for p in programme.roster:
            shown = (
                f"{p.title + ' ' if p.title else ''}{p.name}{', ' + p.degree if p.degree else ''}"
                if p.name
                else ""
            )
            out.writerow(
                [p.invitee, " ".join(p.sessions), p.agency, shown, p.email, p.phone, p.alias, p.role]
            )


def _z(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zoom_json(log: generator.SessionLog, path: Path) -> None:
    """A session's log as Zoom's report JSON (one page): times in UTC with a Z."""
    records = [
        {
            "name": s.name,
            "user_email": s.email or "",
            "join_time": _z(s.join),
            "leave_time": _z(s.leave),
            "duration": int((s.leave - s.join).total_seconds()),
        }
        for s in log.segments
    ]
    path.write_text(json.dumps({"participants": records}), encoding="utf-8")


def zoom_csv(log: generator.SessionLog, path: Path) -> None:
    """A session's log as the web portal's CSV export, local times in the account's zone."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"]
        )
        for s in log.segments:
            minutes = max(1, round((s.leave - s.join).total_seconds() / 60))
            out.writerow(
                [
                    s.name,
                    s.email or "",
                    s.join.astimezone(generator.WIB).strftime("%m/%d/%Y %I:%M:%S %p"),
                    s.leave.astimezone(generator.WIB).strftime("%m/%d/%Y %I:%M:%S %p"),
                    minutes,
                    "No" if s.email else "Yes",
                ]
            )


def write_programme(programme: Programme, folder: Path, fmt: str = "zoom-json") -> Path:
    """Roster, one export per session and a config naming them; the config's path."""
    folder.mkdir(parents=True, exist_ok=True)
    roster_csv(programme, folder / "roster.csv")
    blocks = []
    for log in programme.sessions:
        name = f"{log.id.lower()}.{'json' if fmt == 'zoom-json' else 'csv'}"
        (zoom_json if fmt == "zoom-json" else zoom_csv)(log, folder / name)
        local = generator.WIB
        blocks.append(
            "[[sessions]]\n"
            f'id = "{log.id}"\n'
            f'start = "{log.start.astimezone(local).strftime("%Y-%m-%d %H:%M")}"\n'
            f'end = "{log.end.astimezone(local).strftime("%Y-%m-%d %H:%M")}"\n'
            f'file = "{name}"\n'
            f'format = "{fmt}"\n'
        )
    config = folder / "config.toml"
    config.write_text(
        CONFIG.format(min_minutes=programme.min_minutes, sessions="\n".join(blocks)), encoding="utf-8"
    )
    return config


def main() -> None:
    import sys

    from bench.scaling import programme_of

    segments, folder = int(sys.argv[1]), Path(sys.argv[2])
    print(write_programme(programme_of(segments), folder))


if __name__ == "__main__":
    main()
