"""Reconcile time for display names a stranger could type: very long, repetitive or markup.

    python -m bench.hostile_names

One segment per name against the bundled sample's roster (session S1); prints the length of
each name and the wall time of the reconcile alone (best of three).
"""

from __future__ import annotations

import time
from importlib.resources import as_file, files

from vc_sync.model import Segment
from vc_sync.sync import Programme, reconcile_pull

NAMES = {
    "'a' * 100000": "a" * 100_000,
    "'Andi Kurniawan ' * 7000": "Andi Kurniawan " * 7000,
    "'[b]' * 30000": "[b]" * 30_000,
    "'\\x1b[2J' * 20000": "\x1b[2J" * 20_000,
    "20000 distinct words": " ".join(f"Kata{i}" for i in range(20_000)),
}


def main() -> None:
    from vc_sync.providers.base import Pull

    with as_file(files("vc_sync.sample").joinpath("programme.toml")) as path:
        programme = Programme.load(path)
    session = programme.config.session("S1")
    print(f"{'name':>26}  {'chars':>7}  reconcile s")
    for label, name in NAMES.items():
        pull = Pull((Segment(name, session.start, session.end, None, None, "bench", 0),), (), "bench")
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            reconcile_pull(programme, session, pull)
            best = min(best, time.perf_counter() - started)
        print(f"{label:>26}  {len(name):>7}  {best:11.4f}")


if __name__ == "__main__":
    main()
