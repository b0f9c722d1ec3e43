"""What the command line's garbage-collector setting saves, and that it costs no memory.

    python -m bench.gc_tuning [--sizes 8000 50000] [--repeat 3]
    python -m bench.gc_tuning --configs DIR/config.toml … [--thresholds 10000,100,100 0,0,0]

For each size, a generated session is written as files (or, with ``--configs``, programmes
written by ``bench.files`` are read) and the whole reconcile (load the programme, read the
export, reconcile, the JSON text) runs in a fresh process under CPython's default thresholds
(700, 10, 10) and under ``vc_sync.cli.ONE_SHOT_GC``, or under each of ``--thresholds``
(a first threshold of 0: no automatic collection). Prints the CPU seconds of each (best of
``--repeat``; CPU time, because wall time on a shared machine measures the neighbours), the
number of full collections, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.files import write_programme
from bench.scaling import programme_of

CHILD = """
import gc, json, resource, sys
gc.set_threshold(*json.loads(sys.argv[2]))
from vc_sync import report
from vc_sync.providers.base import provider_for
from vc_sync.sync import Programme, reconcile_pull
from vc_sync.terminal import json_text
programme = Programme.load(sys.argv[1])
session = programme.config.sessions[0]
pull = provider_for(session, programme.config).pull(session)
result = reconcile_pull(programme, session, pull)
json_text(report.to_json(result, programme.config.timezone))
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([use.ru_utime + use.ru_stime, use.ru_maxrss / 1024, gc.get_stats()[2]["collections"],
                  len(pull.segments)]))
"""


def run(config: Path, threshold: tuple[int, int, int], repeat: int) -> tuple[float, float, int, int]:
    """Least CPU seconds, most peak MiB, full collections and segments of ``repeat`` runs."""
    runs = [
        json.loads(subprocess.check_output([sys.executable, "-c", CHILD, str(config), json.dumps(threshold)]))
        for _ in range(repeat)
    ]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2], runs[0][3]


def main() -> None:
    from vc_sync.cli import ONE_SHOT_GC

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[8000, 50000])
    parser.add_argument("--configs", nargs="+", type=Path, help="programmes written by bench.files, instead")
    parser.add_argument("--thresholds", nargs="+", type=_thresholds, help="e.g. 10000,100,100 0,0,0")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    thresholds = args.thresholds or [(700, 10, 10), ONE_SHOT_GC]
    print(f"{'segments':>9} {'thresholds':>18} {'CPU s':>7} {'full GCs':>9} {'peak MiB':>9}")
    for config in args.configs or ():
        for threshold in thresholds:
            show(config, threshold, args.repeat)
    for size in () if args.configs else args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            config = write_programme(programme_of(size), Path(tmp))
            for threshold in thresholds:
                show(config, threshold, args.repeat)


def _thresholds(text: str) -> tuple[int, int, int]:
    first, second, third = (int(t) for t in text.split(","))
    return first, second, third


def show(config: Path, threshold: tuple[int, int, int], repeat: int) -> None:
    cpu, peak, full, segments = run(config, threshold, repeat)
    print(f"{segments:9d} {','.join(map(str, threshold)):>18} {cpu:7.2f} {full:9d} {peak:9.0f}")


if __name__ == "__main__":
    main()
