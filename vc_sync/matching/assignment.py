"""Maximum-weight assignment of rows to columns, as ``scipy.optimize.linear_sum_assignment``.

Contested claims are almost always tiny (two people claiming one invitee: a 2×1 matrix), and
importing scipy costs more than a third of a second, so small matrices are solved here by the
same algorithm scipy runs (the shortest augmenting path of Crouse, 2016, with its order of
visiting columns and its rule for ties), which gives the same pairs, ties included; larger
ones go to scipy. ``tests/test_assignment.py`` holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence

# Matrices up to this many cells are solved here: 200×200 takes about 7 ms in pure Python,
# importing scipy.optimize about 450 ms (``python -m bench.assignment``).
SMALL = 40_000


def max_assignment(weight: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """(row, column) pairs of a maximum-weight assignment of ``weight`` (rows of equal length,
    at least one row and one column), sorted by row: min(rows, columns) pairs."""
    rows, cols = len(weight), len(weight[0])
    if rows * cols > SMALL:
        from scipy.optimize import linear_sum_assignment

        r, c = linear_sum_assignment(weight, maximize=True)
        return [(int(a), int(b)) for a, b in zip(r, c, strict=True)]
    cost = [[-w for w in row] for row in weight]  # maximise: minimise the negated weights
    if cols < rows:  # the algorithm wants at least as many columns as rows
        cost = [list(col) for col in zip(*cost, strict=True)]
        return sorted((r, c) for c, r in enumerate(_col4row(cost)))
    return list(enumerate(_col4row(cost)))


def _col4row(cost: list[list[float]]) -> list[int]:
    """The column of each row in a minimum-cost assignment (rows ≤ columns)."""
    nr, nc = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * nr, [0.0] * nc
    path, col4row, row4col = [-1] * nc, [-1] * nr, [-1] * nc
    for current in range(nr):
        shortest = [inf] * nc
        seen_rows, seen_cols = [False] * nr, [False] * nc
        remaining = list(range(nc - 1, -1, -1))  # reversed: a constant matrix gives the identity
        i, sink, least = current, -1, 0.0
        while sink == -1:
            index, lowest = -1, inf
            seen_rows[i] = True
            cost_i, u_i = cost[i], u[i]
            for it, j in enumerate(remaining):
                r = least + cost_i[j] - u_i - v[j]
                if r < shortest[j]:
                    path[j], shortest[j] = i, r
                # on a tie, prefer a column that ends the path (a free one)
                if shortest[j] < lowest or (shortest[j] == lowest and row4col[j] == -1):
                    lowest, index = shortest[j], it
            least = lowest
            j = remaining[index]
            if least == inf:  # cannot happen with finite weights
                raise ValueError("cost matrix is infeasible")
            if row4col[j] == -1:
                sink = j
            else:
                i = row4col[j]
            seen_cols[j] = True
            remaining[index] = remaining[-1]
            remaining.pop()
        u[current] += least
        for i in range(nr):
            if seen_rows[i] and i != current:
                u[i] += least - shortest[col4row[i]]
        for j in range(nc):
            if seen_cols[j]:
                v[j] -= least - shortest[j]
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == current:
                break
    return col4row
