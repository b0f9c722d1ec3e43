"""Requests and body sizes of a sync to the Google Sheet, over gspread against the fake Sheets.

    python -m bench.sheet_requests [--participants 10 5000 20000] [--latency 0]

For each size, a generated session (``bench.scaling``'s programme, about that many
participants; its session tab also holds a row per absent invitee) is synced twice to an
empty fake spreadsheet (``tests/fakes/sheets.py``): the first sync writes every tab, the
second finds nothing to change. Counted at the fake's door:
requests by kind, the values.batchUpdate bodies (how many, the largest in bytes, all of them
together) and the ranges they hold, and the wall time of each sync. ``--latency`` adds that
many milliseconds to every request the fake answers.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.files import write_programme
from bench.scaling import programme_of
from tests.fakes.google import google_user_credentials
from tests.fakes.server import Server
from tests.fakes.sheets import FakeSheets

SEGMENTS_PER_PARTICIPANT = 1.66  # what bench.scaling's programmes give, measured


class _Folder:
    """What tests.fakes.google writes credentials into."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")


class SlowSheets(FakeSheets):
    """The fake Sheets, answering each request ``delay`` seconds late (a network's round trip)."""

    def __init__(self, delay: float = 0.0):
        super().__init__()
        self.delay = delay

    def handle(self, req):
        if self.delay:
            time.sleep(self.delay)
        return super().handle(req)


def sync_once(config: Path) -> tuple[int, float]:
    """One ``vc-sync sync`` of S1 in this process; exit code and wall seconds."""
    from click.testing import CliRunner

    from vc_sync.cli import cli

    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["--quiet", "sync", "--config", str(config), "--session", "S1"])
    took = time.perf_counter() - started
    if result.exit_code:
        raise SystemExit(f"sync failed ({result.exit_code}): {result.output[-2000:]}")
    return result.exit_code, took


def measure(participants: int, latency_ms: float = 0.0) -> dict[str, float]:
    programme = programme_of(max(20, round(participants * SEGMENTS_PER_PARTICIPANT)))
    app = SlowSheets(latency_ms / 1000)
    with Server(app) as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = write_programme(programme, folder)
        creds = google_user_credentials(_Folder(folder), f"{server.url}/token")
        text = config.read_text(encoding="utf-8").replace(
            "[policy]",
            f'[output]\nsheet = "{app.id}"\ncredentials = "{creds}"\nendpoint = "{server.url}"\n\n[policy]',
        )
        config.write_text(text, encoding="utf-8")
        _, first = sync_once(config)
        bodies = [len(r.body) for r in app.requests if r.path.endswith("values:batchUpdate")]
        ranges = sum(len(w["data"]) for w in app.value_writes())
        calls = dict(app.calls())
        tab = app.tab("Session S1")
        rows = len(tab.row_keys())
        absent = sum(1 for r in tab.records() if r.get("Status") == "Absent")
        app.requests.clear()
        _, second = sync_once(config)
        again = sum(app.calls().values())
    return {
        "participants": rows - absent,
        "rows": rows,
        "requests": sum(calls.values()),
        "value_requests": len(bodies),
        "largest": max(bodies, default=0),
        "total": sum(bodies),
        "ranges": ranges,
        "first_s": first,
        "again": again,
        "second_s": second,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, nargs="+", default=[10, 5000, 20000])
    parser.add_argument("--latency", type=float, default=0.0, help="milliseconds added to each request")
    args = parser.parse_args()
    head = ("participants", "rows", "requests", "value_requests", "largest", "total", "ranges")
    head += ("first_s", "again", "second_s")
    print("".join(f"{h:>15}" for h in head))
    for n in args.participants:
        m = measure(n, args.latency)
        print(
            "".join(
                f"{m[h]:15.2f}" if isinstance(m[h], float) else f"{m[h]:15,d}".replace(",", " ") for h in head
            )
        )


if __name__ == "__main__":
    main()
