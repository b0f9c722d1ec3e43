"""Where solving an assignment in Python stops being cheaper than importing scipy.

    python -m bench.assignment

Prints the import time of ``scipy.optimize`` (a fresh process, best of three) and, for square
matrices of contested-claim-like weights (0, 0.8, 0.9 or 1, so with many ties), the time of
``vc_sync.matching.assignment`` in pure Python and of ``scipy.optimize.linear_sum_assignment``
(best of five each). ``assignment.SMALL`` is set well below the size where the first
reaches the import time.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

from vc_sync.matching import assignment


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import scipy.optimize; print(time.perf_counter() - t)"
    return min(float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(3))


def best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    from scipy.optimize import linear_sum_assignment

    print(f"import scipy.optimize: {import_time() * 1000:.0f} ms (fresh process)")
    print(f"assignment.SMALL = {assignment.SMALL} cells are solved in Python")
    rng = random.Random(7)
    print(f"{'size':>9} {'cells':>7} {'python ms':>10} {'scipy ms':>9}")
    for n in (2, 5, 10, 30, 60, 100, 200):
        w = [[rng.choice([0.0, 0.8, 0.9, 1.0]) for _ in range(n)] for _ in range(n)]
        py = best(lambda w=w: assignment._col4row([[-x for x in row] for row in w]))
        sc = best(lambda w=w: linear_sum_assignment(w, maximize=True))
        print(f"{f'{n}x{n}':>9} {n * n:7d} {py * 1000:10.3f} {sc * 1000:9.3f}")


if __name__ == "__main__":
    main()
