"""``vc-sync reconcile --format json`` against the I/O floor, whole processes, in one run.

    python -m bench.cli_reconcile [--sizes 8000] [--repeat 5]

For each size, a generated session (``bench.scaling``'s programme) is written as files (roster
CSV, a Zoom JSON export, a config) and two commands are timed as separate processes, best of
``--repeat`` wall times, start-up included, output to a pipe:

- ``python -m vc_sync reconcile --config … --session S1 --format json``
- ``python -m bench.exact_match …`` (a linear exact-match script: dictionary lookups by
  e-mail then name, the same input, JSON out)

and their ratio. Also the start-up alone (``python -m vc_sync --version``) and each
process's peak resident memory (``VmHWM``, through ``bench.peak``).

The packages' bytecode is compiled first, as ``pip install`` leaves it: a run that has to
compile vc_sync's modules (an editable install under ``PYTHONDONTWRITEBYTECODE``) spends
about 0.1 s more on every start, which no installed copy does.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.files import write_programme
from bench.scaling import programme_of


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    runs = [_rusage_run(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def _rusage_run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds of ``python -m MODULE …`` and its own peak RSS (MiB, from ``bench.peak``)."""
    with tempfile.NamedTemporaryFile() as peak:
        env = dict(os.environ, VC_SYNC_PEAK=peak.name)
        t0 = time.perf_counter()
        done = subprocess.run(
            [cmd[0], "-m", "bench.peak", *cmd[2:]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        took = time.perf_counter() - t0
        if done.returncode:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        return took, int(Path(peak.name).read_text() or 0) / 1024


def compiled() -> None:
    """Bytecode for every module of vc_sync and bench, where it is stale or missing."""
    import bench
    import vc_sync

    for package in (vc_sync, bench):
        compileall.compile_dir(Path(package.__file__).parent, quiet=2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[8000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    compiled()
    py = sys.executable
    start, start_rss = best([py, "-m", "vc_sync", "--version"], args.repeat)
    print(f"start-up (python -m vc_sync --version): {start:.3f} s, {start_rss:.0f} MiB")
    print(
        f"{'segments':>9} {'invitees':>9} {'exact s':>8} {'MiB':>5} {'vc-sync s':>10} {'MiB':>5} {'ratio':>6}"
    )
    for size in args.sizes:
        programme = programme_of(size)
        with tempfile.TemporaryDirectory() as tmp:
            config = write_programme(programme, Path(tmp))
            floor, floor_rss = best([py, "-m", "bench.exact_match", str(config), "S1"], args.repeat)
            ours, ours_rss = best(
                [
                    py,
                    "-m",
                    "vc_sync",
                    "reconcile",
                    "--config",
                    str(config),
                    "--session",
                    "S1",
                    "--format",
                    "json",
                ],
                args.repeat,
            )
        segments, invitees = len(programme.sessions[0].segments), len(programme.roster)
        print(
            f"{segments:9d} {invitees:9d} {floor:8.3f} {floor_rss:5.0f} "
            f"{ours:10.3f} {ours_rss:5.0f} {ours / floor:6.2f}"
        )


if __name__ == "__main__":
    main()
