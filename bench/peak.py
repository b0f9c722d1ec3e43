"""Run a module as ``python -m`` would and write the process's peak resident memory.

    VC_SYNC_PEAK=FILE python -m bench.peak MODULE [ARGS…]

The peak is ``VmHWM`` of ``/proc/self/status`` at exit (Linux), which exec resets, so it is
this program's own, not the parent's that started it; written to ``FILE`` in KiB.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys


def _write_peak() -> None:
    with open("/proc/self/status", encoding="ascii") as fh:
        kib = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
    with open(os.environ["VC_SYNC_PEAK"], "w", encoding="ascii") as out:
        out.write(kib)


if __name__ == "__main__":
    atexit.register(_write_peak)
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
