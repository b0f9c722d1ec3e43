"""Where ``vc-sync reconcile --format json`` spends its time, stage by stage, in fresh processes.

    python -m bench.cli_phases CONFIG [--session S1] [--repeat 7]

Each repetition is a new interpreter (imports are part of the cost) that goes through the
command's own steps in its order, with the command line's GC thresholds: importing click and
the CLI, importing what ``reconcile`` imports, loading the config, the roster, the index,
the overrides, reading the export, reconciling, building the JSON payload and writing its
text. Prints the CPU milliseconds of each stage (the least over the repetitions: the figure
least disturbed by the rest of the machine) and of the whole. Interpreter start-up and exit
are not in it: ``bench.cli_reconcile`` times the whole process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from typing import Any


def child(config: str, session_id: str) -> None:
    """One run of the command's steps, printing {stage: CPU seconds} as JSON on stdout."""
    import gc

    marks: list[tuple[str, float]] = [("", time.process_time())]

    def mark(stage: str) -> None:
        marks.append((stage, time.process_time()))

    import click  # noqa: F401

    from vc_sync import cli

    gc.set_threshold(*cli.ONE_SHOT_GC)
    mark("import click and vc_sync.cli")
    from vc_sync import report
    from vc_sync.sync import Programme, reconcile_pull

    mark("import what reconcile imports")
    from vc_sync.config import load_config

    cfg = load_config(config)
    mark("load the config")
    from vc_sync.roster import load_roster

    roster = load_roster(cfg.roster, [s.id for s in cfg.sessions])
    mark("read the roster")
    from vc_sync.domain import build_index

    index = build_index(roster, cfg.data_files)
    mark("build the index")
    from vc_sync.matching.names import names_someone
    from vc_sync.overrides import load_overrides

    ids = [s.id for s in cfg.sessions]
    overrides = load_overrides(cfg.overrides, roster, ids, lambda n: names_someone(n, index.words))
    programme = Programme(cfg, index, tuple(overrides))
    mark("read the overrides")
    from vc_sync.providers.base import provider_for

    session = cfg.session(session_id)
    pull = provider_for(session, cfg).pull(session)
    mark("read the export")
    result = reconcile_pull(programme, session, pull)
    mark("reconcile")
    payload = report.to_json(result, cfg.timezone)
    mark("the JSON payload")
    from vc_sync.terminal import json_text

    text = cfg.redact(json_text(payload))
    mark("the JSON text")
    assert text
    out = {stage: t - marks[i][1] for i, (stage, t) in enumerate(marks[1:])}
    print(json.dumps(out))


def stages(config: str, session_id: str, **run: Any) -> dict[str, float]:
    """One fresh process's CPU seconds per stage (``run``: subprocess.run's cwd and env)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.cli_phases", "--child", config, session_id],
        capture_output=True,
        text=True,
        check=True,
        **run,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("config")
    parser.add_argument("--session", default="S1")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from bench.cli_reconcile import compiled

    compiled()
    best: dict[str, float] = {}
    totals = []
    for _ in range(args.repeat):
        found = stages(args.config, args.session)
        totals.append(sum(found.values()))
        for stage, seconds in found.items():
            best[stage] = min(best.get(stage, seconds), seconds)
    for stage, seconds in best.items():
        print(f"{stage:32s} {seconds * 1000:7.1f} ms")
    print(f"{'sum of the least':32s} {sum(best.values()) * 1000:7.1f} ms")
    print(f"{'least whole run':32s} {min(totals) * 1000:7.1f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3])
    else:
        main()
