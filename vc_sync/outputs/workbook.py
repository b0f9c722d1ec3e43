"""A local .xlsx workbook with the same tabs as the shared sheet (openpyxl)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from vc_sync.errors import InputError, Problem
from vc_sync.outputs.layout import (
    REVIEW,
    REVIEW_HEADER,
    SUMMARY,
    Tab,
    review_rows,
    session_tab,
    session_title,
    summary_tab,
)
from vc_sync.reconcile import Result


def _put(ws: Worksheet, row: int, values: Sequence[object]) -> None:
    """Write a row; text stays text (a display name '=HYPERLINK(…)' is never a formula)."""
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"


def _rows(ws: Worksheet) -> list[tuple[object, ...]]:
    return [
        tuple("" if v is None else v for v in r)
        for r in ws.iter_rows(min_row=2, values_only=True)
        if any(v not in (None, "") for v in r)
    ]


def _replace(book: openpyxl.Workbook, tab: Tab) -> None:
    ws = book[tab.title] if tab.title in book.sheetnames else book.create_sheet(tab.title)
    ws.delete_rows(1, ws.max_row)
    _put(ws, 1, tab.header)
    for n, row in enumerate(tab.rows, start=2):
        _put(ws, n, row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col, name in enumerate(tab.header, start=1):
        width = max([len(str(name))] + [len(str(r[col - 1])) for r in tab.rows[:500]])
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, width + 2))


class WorkbookOutput:
    """Writes one session's result into the workbook and refreshes the summary and review."""

    def __init__(self, path: Path, tz: str, session_ids: Sequence[str]):
        self.path = Path(path)
        self.tz = tz
        self.session_ids = list(session_ids)

    def _open(self) -> openpyxl.Workbook:
        if not self.path.exists():
            book = openpyxl.Workbook()
            book.remove(book.active)
            return book
        try:
            return openpyxl.load_workbook(self.path)
        except Exception as exc:
            raise InputError(Problem(str(self.path), f"not a readable .xlsx workbook: {exc}")) from None

    def write(self, result: Result) -> dict[str, int]:
        book = self._open()
        tab = session_tab(result, self.tz)
        _replace(book, tab)
        kept = [
            r for r in (_rows(book[REVIEW]) if REVIEW in book.sheetnames else []) if r[1] != result.session
        ]
        review = Tab(REVIEW, REVIEW_HEADER, tuple(kept + review_rows(result, self.tz)))
        _replace(book, review)
        tabs = {
            sid: _rows(book[session_title(sid)])
            for sid in self.session_ids
            if session_title(sid) in book.sheetnames
        }
        _replace(book, summary_tab(self.session_ids, tabs))
        order = [SUMMARY] + [session_title(s) for s in self.session_ids] + [REVIEW]
        book._sheets.sort(key=lambda ws: order.index(ws.title) if ws.title in order else len(order))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        book.save(tmp)
        tmp.replace(self.path)
        return {tab.title: len(tab.rows), REVIEW: len(review.rows)}
