"""What a compiled core would buy: the reconcile core built with mypyc, against the same code run
by the interpreter, in one sitting.

    python -m bench.compiled CONFIG [--session S1] [--repeat 7] [--results]

Copies ``vc_sync/`` and ``config/`` to a temporary folder, compiles the pure core there with
mypyc (``mypy`` from the test extras; a C compiler and the Python headers), and runs
``bench.cli_phases`` and the whole ``vc-sync reconcile --format json`` command on both trees,
alternately, so that both see the same machine. Nothing in the repository is built or changed.

Compiled: every module of ``vc_sync/matching`` but ``rules.py`` (its ``functools.cached_property``
on a class mypyc compiles to a native class does not build), ``reconcile.py``, ``tallies.py``
and ``intervals.py``. ``--results`` also runs ``bench.same_results`` on the compiled tree: its
digests must be the interpreter's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.cli_phases import stages
from bench.cli_reconcile import best

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = ("__init__.py", "rules.py")
CORE = ("reconcile.py", "tallies.py", "intervals.py")
SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(name="vc_sync_compiled", ext_modules=mypycify({modules!r}, opt_level="3"))
"""


def build(into: Path) -> list[str]:
    """A copy of the package and its data in ``into``, its core compiled; the modules compiled."""
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.pyc")
    shutil.copytree(ROOT / "vc_sync", into / "vc_sync", ignore=ignore)
    shutil.copytree(ROOT / "config", into / "config", ignore=ignore)
    modules = sorted(
        str(p.relative_to(into))
        for p in (into / "vc_sync" / "matching").glob("*.py")
        if p.name not in SKIPPED
    ) + [f"vc_sync/{name}" for name in CORE]
    (into / "setup.py").write_text(SETUP.format(modules=["--ignore-missing-imports", *modules]))
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"], cwd=into, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"mypyc could not build the core:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return modules


def phases(config: str, session: str, repeat: int, trees: list[Path]) -> list[dict[str, float]]:
    """``bench.cli_phases``' least CPU seconds per stage with each of ``trees``' vc_sync, in turn."""
    least: list[dict[str, float]] = [{} for _ in trees]
    for _ in range(repeat):
        for tree, found in zip(trees, least, strict=True):
            # the tree is the first entry of sys.path: its vc_sync is the one imported
            took = stages(config, session, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=tree)
            for stage, seconds in took.items():
                found[stage] = min(found.get(stage, seconds), seconds)
    return least


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("config")
    parser.add_argument("--session", default="S1")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--results", action="store_true", help="also compare bench.same_results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        modules = build(Path(tmp))
        print(f"compiled with mypyc: {len(modules)} modules")
        os.environ["PYTHONPATH"] = str(ROOT)  # bench, from the compiled tree too
        where = subprocess.run(
            [sys.executable, "-c", "import vc_sync.reconcile as r; print(r.__file__)"],
            capture_output=True,
            text=True,
            cwd=tmp,
            check=True,
        ).stdout.strip()
        if not where.endswith(".so"):
            raise SystemExit(f"the compiled copy is not the one imported: {where}")
        config = str(Path(args.config).resolve())
        ours, theirs = phases(config, args.session, args.repeat, [ROOT, Path(tmp)])
        print(f"{'stage (least CPU ms)':32s} {'interpreted':>11s} {'compiled':>9s}")
        for stage in ours:
            print(f"{stage:32s} {ours[stage] * 1000:11.1f} {theirs[stage] * 1000:9.1f}")
        print(f"{'sum':32s} {sum(ours.values()) * 1000:11.1f} {sum(theirs.values()) * 1000:9.1f}")
        command = [sys.executable, "-m", "vc_sync", "reconcile", "--config", config]
        command += ["--session", args.session, "--format", "json"]
        os.chdir(ROOT)
        floor = best([sys.executable, "-m", "bench.exact_match", config, args.session], args.repeat)[0]
        wall_plain = best(command, args.repeat)[0]
        os.chdir(tmp)
        wall_fast = best(command, args.repeat)[0]
        os.chdir(ROOT)
        print(
            f"whole command, best wall: exact-match floor {floor:.3f} s, interpreted {wall_plain:.3f} s "
            f"({wall_plain / floor:.2f}x), compiled {wall_fast:.3f} s ({wall_fast / floor:.2f}x)"
        )
        if args.results:
            subprocess.run([sys.executable, "-m", "bench.same_results"], cwd=tmp, check=True)


if __name__ == "__main__":
    main()
