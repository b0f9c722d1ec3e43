"""How reconcile time and memory grow with the size of a session's log.

    python -m bench.scaling [--sizes 1000 2000 5000 10000 20000 50000] [--gc cli|default]
    python -m bench.scaling --configs DIR/config.toml …   # programmes written by bench.files

One session per size, with about one invitee per two segments (10,000 segments against
about 5,000 invitees), every habit of the generator, and invented regions so the roster
can grow (generating 100,000 segments takes about twenty minutes: write it once with
``python -m bench.files 100000 DIR`` and pass ``--configs``). Prints segments, invitees,
the time to build the index, the wall and CPU time of the reconcile alone (best of three),
time per thousand segments and its ratio to the first size's, and the peak memory the
reconcile allocates (tracemalloc, in a separate run). ``--gc cli`` (the default) runs with
the garbage-collector thresholds the command line sets, ``--gc default`` with CPython's.
``--office-only 0.3`` renames that share of the connections to an office and a first name
('Dinpar Andi K'), the hints with the largest candidate pools.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import itertools
import random
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
    return timed(log.segments, index, Window(log.id, log.start, log.end), len(programme.roster), built)


def measure_files(config: str, office_only: float = 0.0) -> dict[str, float]:
    """The same for a programme written as files: its first session, read as vc-sync reads it."""
    from vc_sync.providers.base import provider_for
    from vc_sync.sync import Programme

    t0 = time.perf_counter()
    programme = Programme.load(config)
    built = time.perf_counter() - t0
    session = programme.config.sessions[0]
    segments = provider_for(session, programme.config).pull(session).segments
    invitees = len(programme.index.roster.invitees)
    return timed(office_named(segments, office_only), programme.index, session.window, invitees, built)


def office_named(segments, share: float, seed: int = 5) -> list:
    """``share`` of the connections renamed to an office and a first name ('Dinpar Andi K', no
    e-mail): hints that name an office of many agencies, the largest candidate pools."""
    if not share:
        return list(segments)
    rng = random.Random(seed)
    out = []
    for seg in segments:
        if rng.random() < share:
            first = seg.name.replace("_", " ").split()[-1]
            office = rng.choice(["Dinpar", "DPMPTSP", "Bag Org"])
            seg = dataclasses.replace(seg, name=f"{office} {first} {rng.choice('AKS')}", email=None)
        out.append(seg)
    return out


def timed(segments, index: RosterIndex, window: Window, invitees: int, built: float) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(3):  # best of three: the figure least disturbed by the rest of the machine
        t0, c0 = time.perf_counter(), time.process_time()
        result = reconcile(segments, index, window, Policy(min_minutes=45))
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    tracemalloc.start()  # a separate run: tracing slows the code it watches
    reconcile(segments, index, window, Policy(min_minutes=45))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "segments": len(segments),
        "invitees": invitees,
        "index_s": built,
        "reconcile_s": min(walls),
        "cpu_s": min(cpus),
        "peak_mib": peak / 2**20,
        "participants": len(result.participants),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 10000, 20000, 50000])
    parser.add_argument("--configs", nargs="+", help="programmes written by bench.files, instead")
    parser.add_argument("--gc", choices=("cli", "default"), default="cli")
    parser.add_argument(
        "--office-only", type=float, default=0.0, help="share of connections named by office only (files)"
    )
    args = parser.parse_args()
    if args.gc == "cli":
        from vc_sync.cli import ONE_SHOT_GC

        gc.set_threshold(*ONE_SHOT_GC)
    print(f"garbage collection thresholds {gc.get_threshold()}")
    print(
        f"{'segments':>9} {'invitees':>9} {'index s':>8} {'reconcile s':>12} {'cpu s':>7} "
        f"{'s/1k seg':>9} {'ratio':>6} {'peak MiB':>9}"
    )
    first = None
    for item in args.configs or args.sizes:
        m = measure_files(item, args.office_only) if args.configs else measure(item)
        per = 1000 * m["cpu_s"] / m["segments"]
        first = first or per
        print(
            f"{m['segments']:9d} {m['invitees']:9d} {m['index_s']:8.2f} {m['reconcile_s']:12.2f} "
            f"{m['cpu_s']:7.2f} {1000 * m['reconcile_s'] / m['segments']:9.3f} {per / first:6.2f} "
            f"{m['peak_mib']:9.1f}"
        )


if __name__ == "__main__":
    main()
