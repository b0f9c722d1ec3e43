"""How reconcile time and memory grow with the size of a session's log.

    python -m bench.scaling [--sizes 1000 2000 5000 10000 20000 50000]

One session per size, with about one invitee per two segments (10,000 segments against
about 5,000 invitees), every habit of the generator, and invented regions so the roster
can grow. Prints segments, invitees, wall time of the reconcile alone (best of three; the
index is built beforehand and timed separately), and the peak memory the reconcile allocates
(tracemalloc, in a separate run).
"""

from __future__ import annotations

import argparse
import itertools
import time
import tracemalloc

from bench import generator
from bench.accuracy import roster_of
from vc_sync.domain import build_index
from vc_sync.matching.index import RosterIndex
from vc_sync.model import Policy, Window
from vc_sync.reconcile import reconcile

SYLLABLES = [
    "ka",
    "ra",
    "ng",
    "su",
    "mbe",
    "wa",
    "ngi",
    "jo",
    "lo",
    "sa",
    "ri",
    "to",
    "ba",
    "di",
    "pu",
    "tan",
]


def invented_regions(n: int) -> list[str]:
    """Region keys for ``n`` invented regencies (added to the generator's table)."""
    keys = []
    for combo in itertools.islice(itertools.product(SYLLABLES, repeat=3), n):
        place = "".join(combo).capitalize()
        key = f"x{place.lower()}"
        generator.REGIONS[key] = (
            f"Kabupaten {place}",
            "kabupaten",
            [place, place.upper(), f"Kab. {place}", f"Kab {place}"],
            f"{place.lower()}kab",
        )
        keys.append(key)
    return keys


def programme_of(segments_wanted: int, seed: int = 7) -> generator.Programme:
    """One session of about ``segments_wanted`` segments, with its roster."""
    # about 2.2 segments per attendee, 0.85 attend, 3 units per region, ~10 people per agency
    regions = max(1, round(segments_wanted / (2.2 * 0.85 * 3 * 10)))
    return generator.generate(
        seed,
        [("S1", invented_regions(regions))],
        people_per_agency=(8, 12),
        visitors=0,
        strangers=max(3, segments_wanted // 200),
        delegates=0.3,
    )


def measure_input(segments_wanted: int, seed: int = 7) -> tuple[generator.SessionLog, RosterIndex]:
    """The session's log and the roster's index."""
    programme = programme_of(segments_wanted, seed)
    return programme.sessions[0], build_index(roster_of(programme))


def measure(segments_wanted: int, seed: int = 7) -> dict[str, float]:
    programme = programme_of(segments_wanted, seed)
    log = programme.sessions[0]
    t0 = time.perf_counter()
    index = build_index(roster_of(programme))
    built = time.perf_counter() - t0
    window = Window(log.id, log.start, log.end)
    times = []
    for _ in range(3):  # best of three: the figure least disturbed by the rest of the machine
        t0 = time.perf_counter()
        result = reconcile(log.segments, index, window, Policy(min_minutes=45))
        times.append(time.perf_counter() - t0)
    took = min(times)
    tracemalloc.start()  # a separate run: tracing slows the code it watches
    reconcile(log.segments, index, window, Policy(min_minutes=45))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "segments": len(log.segments),
        "invitees": len(programme.roster),
        "index_s": built,
        "reconcile_s": took,
        "peak_mib": peak / 2**20,
        "participants": len(result.participants),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000, 50000])
    args = parser.parse_args()
    print(
        f"{'segments':>9} {'invitees':>9} {'index s':>8} {'reconcile s':>12} {'s/1k seg':>9} {'peak MiB':>9}"
    )
    for size in args.sizes:
        m = measure(size)
        print(
            f"{m['segments']:9d} {m['invitees']:9d} {m['index_s']:8.2f} {m['reconcile_s']:12.2f} "
            f"{1000 * m['reconcile_s'] / m['segments']:9.3f} {m['peak_mib']:9.1f}"
        )


if __name__ == "__main__":
    main()
