"""A fingerprint of everything reconcile decides, to show that a faster version decides the same.

    python -m bench.same_results [--quick]

Reconciles many generated programmes and prints, per group, a SHA-256 over every field of
every result (participants with their segments, scores, candidates and reasons; invitee and
agency rows; totals) and, for the groups read from files, the JSON ``vc-sync reconcile --format
json`` prints (``docs/results.md``).
Run it before and after a change: equal digests mean equal results, not only equal accuracy.

Groups: generator 1 on the default and development seeds, generator 2 on its development
seeds, one large session of ``bench.scaling`` per size, and the same programmes written as a
Zoom JSON and a Zoom CSV export and read back through ``vc_sync.providers.formats`` (the path
``vc-sync reconcile`` takes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from bench.accuracy import programme_for, roster_of
from bench.files import write_programme
from bench.scaling import measure_input
from vc_sync.domain import build_index
from vc_sync.model import Policy, Window
from vc_sync.reconcile import Result, reconcile


def canonical(result: Result) -> list:
    """Every field of a result as plain data, times as written."""
    people = [
        [
            p.key,
            list(p.display_names),
            p.email,
            repr(p.minutes),
            p.invitee,
            p.agency,
            p.status,
            p.method,
            repr(p.score),
            [[s.ref, s.name, s.email, s.join.isoformat(), s.leave.isoformat()] for s in p.segments],
            [[c.invitee, repr(c.score), c.method, c.in_session] for c in p.candidates],
            p.reason,
            list(p.connections),
        ]
        for p in result.participants
    ]
    invitees = [[i.id, i.agency, i.name, i.status, repr(i.minutes)] for i in result.invitees]
    agencies = [
        [a.agency, a.invited, a.verified, a.status, a.invitees, a.delegates, a.beyond]
        for a in result.agencies
    ]
    return [result.session, people, invitees, agencies, sorted(result.totals.as_dict().items())]


def digest(items: Iterable) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def generated(seeds: list[int], generator: int) -> tuple[str, int]:
    out, segments = [], 0
    for seed in seeds:
        programme = programme_for(seed, 5, generator)
        index = build_index(roster_of(programme))
        for log in programme.sessions:
            policy = Policy(min_minutes=programme.min_minutes)
            result = reconcile(log.segments, index, Window(log.id, log.start, log.end), policy)
            out.append(canonical(result))
            segments += len(log.segments)
    return digest(out), segments


def from_files(seeds: list[int], fmt: str) -> tuple[str, int]:
    """Write each programme as files, read them back as ``vc-sync`` does, reconcile, and hash
    the ``reconcile --format json`` document as well as the whole result."""
    from vc_sync import report
    from vc_sync.providers.base import provider_for
    from vc_sync.sync import Programme, reconcile_pull

    out, segments = [], 0
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_programme(programme_for(seed, 5, 1), Path(tmp), fmt)
            programme = Programme.load(path)
            for session in programme.config.sessions:
                pull = provider_for(session, programme.config).pull(session)
                result = reconcile_pull(programme, session, pull)
                out.append(canonical(result))
                out.append(report.to_json(result, programme.config.timezone))
                segments += len(pull.segments)
    return digest(out), segments


def scaled(sizes: list[int]) -> tuple[str, int]:
    out, segments = [], 0
    for size in sizes:
        log, index = measure_input(size)
        result = reconcile(log.segments, index, Window(log.id, log.start, log.end), Policy(min_minutes=45))
        out.append(canonical(result))
        segments += len(log.segments)
    return digest(out), segments


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer seeds and sizes")
    args = parser.parse_args()
    quick = args.quick
    g1 = [101, 102, 103, 104, 105] + ([] if quick else list(range(501, 541)))
    g2 = list(range(1, 21 if quick else 61))
    files = [101, 102] if quick else [101, 102, 103, 104, 105]
    sizes = [1000, 5000] if quick else [1000, 5000, 10000, 20000]
    groups = [
        (f"generator 1, seeds {g1[0]}..{g1[-1]} ({len(g1)})", lambda: generated(g1, 1)),
        (f"generator 2, seeds {g2[0]}..{g2[-1]} ({len(g2)})", lambda: generated(g2, 2)),
        (f"zoom-json files, seeds {files}", lambda: from_files(files, "zoom-json")),
        (f"zoom-csv files, seeds {files}", lambda: from_files(files, "zoom-csv")),
        (f"bench.scaling sessions {sizes}", lambda: scaled(sizes)),
    ]
    for label, run in groups:
        t0 = time.perf_counter()
        value, segments = run()
        print(f"{label:<46} {segments:>8} segments  {value}  ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
