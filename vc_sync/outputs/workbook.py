"""A local .xlsx workbook with the shared sheet's tabs and upsert rules (openpyxl).

Only planned cells are written, so an organiser's columns, rows, comments and formatting
survive a sync. A new tab gets a bold frozen header, widths, a filter, status colours and
the dropdown of choices on its organisers' column.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vc_sync.errors import InputError, Problem
from vc_sync.outputs.base import Plan, tab_order
from vc_sync.outputs.layout import CHOICES, COLOURS
from vc_sync.outputs.plan import Grid, TabPlan


class WorkbookOutput:
    """The plan applied to an .xlsx file, saved atomically."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _open(self) -> openpyxl.Workbook | None:
        if not self.path.exists():
            return None
        try:
            return openpyxl.load_workbook(self.path)
        except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
            raise InputError(Problem(str(self.path), f"not a readable .xlsx workbook: {exc}")) from None

    def read(self, session_ids: Sequence[str]) -> dict[str, Grid]:
        book = self._open()
        if book is None:
            return {}
        grids = {}
        for title in tab_order(session_ids):
            if title in book.sheetnames:
                rows = tuple(tuple(r) for r in book[title].iter_rows(values_only=True))
                grids[title] = Grid(title, rows)
        return grids

    def apply(self, plan: Plan, session_ids: Sequence[str]) -> None:
        if not plan.changed:
            return
        book = self._open()
        if book is None:
            book = openpyxl.Workbook()
            book.remove(book.active)
        for tab in plan.tabs:
            ws = book[tab.title] if tab.title in book.sheetnames else book.create_sheet(tab.title)
            for w in tab.writes:
                cell = ws.cell(row=w.row + 1, column=w.col + 1, value=w.value if w.value != "" else None)
                if isinstance(w.value, str) and w.value:
                    cell.data_type = "s"  # text stays text: '=IMPORTXML(…)' is never a formula
            if tab.create:
                _format(ws, tab)
            elif ws.auto_filter.ref:
                ws.auto_filter.ref = ws.dimensions
        order = tab_order(session_ids)
        book._sheets.sort(key=lambda ws: order.index(ws.title) if ws.title in order else len(order))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        book.save(tmp)
        tmp.replace(self.path)


def _format(ws: Worksheet, tab: TabPlan) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for name, col in tab.columns.items():
        width = max([len(name)] + [len(str(c.value or "")) for c in ws[get_column_letter(col + 1)][:300]])
        ws.column_dimensions[get_column_letter(col + 1)].width = min(60, max(8, width + 2))
    ws.auto_filter.ref = ws.dimensions
    if "Status" in tab.columns:
        letter = get_column_letter(tab.columns["Status"] + 1)
        for status, colour in COLOURS.items():
            fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
            ws.conditional_formatting.add(
                f"{letter}2:{letter}100000", CellIsRule(operator="equal", formula=[f'"{status}"'], fill=fill)
            )
    for name in tab.inputs:
        letter = get_column_letter(tab.columns[name] + 1)
        source = f"{quote_sheetname(CHOICES)}!$A$2:$A$100000"
        check = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=False)
        check.add(f"{letter}2:{letter}100000")
        ws.add_data_validation(check)
