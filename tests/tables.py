"""Reading a workbook tab as a person would: by its header labels, wherever the header is."""

from __future__ import annotations

from typing import Any


def records(ws, label: str = "Key") -> list[dict[str, Any]]:
    """Rows below the first row holding ``label``, as {header label: value}, blank rows skipped."""
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if label in row)
    labels = {c: v for c, v in enumerate(rows[head]) if v not in (None, "")}
    out = []
    for row in rows[head + 1 :]:
        rec = {name: (row[c] if c < len(row) else None) for c, name in labels.items()}
        if any(v not in (None, "") for v in rec.values()):
            out.append(rec)
    return out


def by(ws, column: str, label: str = "Key") -> dict[Any, dict[str, Any]]:
    return {r[column]: r for r in records(ws, label)}
