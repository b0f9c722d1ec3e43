"""What a spreadsheet program does to a workbook when a person edits it, on an .xlsx file.

openpyxl moves cells and nothing else; Excel and LibreOffice also move defined names (a name
whose row or column is deleted becomes #REF!), merged ranges and data validation, and keep a
tab's names through a rename. This does the same for the edits organisers make, as
LibreOffice was seen to do them (``test_libreoffice`` checks a real LibreOffice where one is
installed). It is independent of vc_sync's own code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.cell_range import CellRange

_COLS = re.compile(r"^(\$?)([A-Z]+):(\$?)([A-Z]+)$")
_ROWS = re.compile(r"^(\$?)(\d+):(\$?)(\d+)$")


def _move(index: int, at: int, n: int) -> int | None:
    """1-based ``index`` after inserting (n > 0) or deleting (n < 0) at 1-based ``at``."""
    if n > 0:
        return index + n if index >= at else index
    if at <= index < at - n:
        return None
    return index + n if index >= at - n else index


class Excel:
    """One open workbook, edited as a person would, saved on ``save``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.book = openpyxl.load_workbook(self.path)

    def save(self) -> None:
        self.book.save(self.path)

    # --- the edits ------------------------------------------------------------------------------
    def type(self, title: str, row: int, col: int, value: Any) -> None:
        """Type into a cell (0-based position)."""
        self.book[title].cell(row + 1, col + 1).value = value

    def insert_cols(self, title: str, at: int, n: int = 1) -> None:
        ws = self.book[title]
        ws.insert_cols(at + 1, n)
        self._names(title, cols=(at + 1, n))
        self._merges(ws, cols=(at + 1, n))

    def delete_cols(self, title: str, at: int, n: int = 1) -> None:
        ws = self.book[title]
        ws.delete_cols(at + 1, n)
        self._names(title, cols=(at + 1, -n))
        self._merges(ws, cols=(at + 1, -n))

    def insert_rows(self, title: str, at: int, n: int = 1) -> None:
        ws = self.book[title]
        ws.insert_rows(at + 1, n)
        self._names(title, rows=(at + 1, n))
        self._merges(ws, rows=(at + 1, n))

    def delete_rows(self, title: str, at: int, n: int = 1) -> None:
        ws = self.book[title]
        ws.delete_rows(at + 1, n)
        self._names(title, rows=(at + 1, -n))
        self._merges(ws, rows=(at + 1, -n))

    def rename(self, old: str, new: str) -> None:
        ws = self.book[old]
        ws.title = new
        quoted_old = "'" + old.replace("'", "''") + "'"
        quoted_new = "'" + new.replace("'", "''") + "'"
        for names in [self.book.defined_names, *(s.defined_names for s in self.book.worksheets)]:
            for dn in names.values():
                if dn.attr_text:
                    dn.attr_text = dn.attr_text.replace(quoted_old + "!", quoted_new + "!")
        for sheet in self.book.worksheets:
            for dv in sheet.data_validations.dataValidation:
                if dv.formula1:
                    dv.formula1 = dv.formula1.replace(quoted_old + "!", quoted_new + "!")

    def delete_sheet(self, title: str) -> None:
        """Delete a tab: references to it in names and dropdowns become #REF!, as Excel does."""
        quoted = "'" + title.replace("'", "''") + "'!"
        self.book.remove(self.book[title])
        for names in [self.book.defined_names, *(s.defined_names for s in self.book.worksheets)]:
            for key in [k for k, dn in names.items() if dn.attr_text and quoted in dn.attr_text]:
                del names[key]
        for sheet in self.book.worksheets:
            for dv in sheet.data_validations.dataValidation:
                if dv.formula1 and (quoted in dv.formula1 or dv.formula1.startswith(title + "!")):
                    dv.formula1 = "#REF!"

    def sort(self, title: str, first: int, col: int, reverse: bool = False) -> None:
        """Sort rows from 0-based ``first`` to the last by column ``col``: whole rows move,
        cells with their values, comments and formats; names stay."""
        ws = self.book[title]
        last = ws.max_row
        rows = []
        for r in range(first + 1, last + 1):
            cells = {c: ws.cell(r, c) for c in range(1, ws.max_column + 1)}
            rows.append({c: (x.value, x.comment, x._style) for c, x in cells.items()})
        rows.sort(key=lambda row: (row[col + 1][0] is None, str(row[col + 1][0] or "")), reverse=reverse)
        for i, row in enumerate(rows):
            for c, (value, comment, style) in row.items():
                cell = ws.cell(first + 1 + i, c)
                cell.value, cell.comment, cell._style = value, comment, style

    def merge(self, title: str, ref: str) -> None:
        self.book[title].merge_cells(ref)

    # --- what the program keeps up to date ------------------------------------------------------
    def _names(
        self, title: str, rows: tuple[int, int] | None = None, cols: tuple[int, int] | None = None
    ) -> None:
        quoted = "'" + title.replace("'", "''") + "'"
        for names in [self.book.defined_names, *(s.defined_names for s in self.book.worksheets)]:
            for dn in names.values():
                text = dn.attr_text or ""
                sheet, bang, area = text.rpartition("!")
                if not bang or sheet not in (quoted, title):
                    continue
                dn.attr_text = f"{sheet}!{self._area(area, rows, cols)}"

    @staticmethod
    def _area(area: str, rows, cols) -> str:
        """A whole-column or whole-row area as the program leaves it: moved, shrunk when some of
        it is deleted, #REF! when all of it is."""

        def span(a: int, b: int, at: int, n: int) -> tuple[int, int] | None:
            if n > 0:
                return (a + n if a >= at else a, b + n if b >= at else b)
            end = at - n  # the first row (or column) after the deleted ones
            first = a if a < at else (at if a < end else a + n)
            last = b if b < at else (at - 1 if b < end else b + n)
            return None if last < first else (first, last)

        if m := _COLS.match(area):
            if cols is None:
                return area
            got = span(column_index_from_string(m[2]), column_index_from_string(m[4]), *cols)
            return (
                "#REF!"
                if got is None
                else f"{m[1]}{get_column_letter(got[0])}:{m[3]}{get_column_letter(got[1])}"
            )
        if m := _ROWS.match(area):
            if rows is None:
                return area
            got = span(int(m[2]), int(m[4]), *rows)
            return "#REF!" if got is None else f"{m[1]}{got[0]}:{m[3]}{got[1]}"
        return area

    @staticmethod
    def _merges(ws, rows=None, cols=None) -> None:
        kept = []
        for rng in list(ws.merged_cells.ranges):
            r0, c0, r1, c1 = rng.min_row, rng.min_col, rng.max_row, rng.max_col
            ws.merged_cells.remove(rng)
            if rows:
                r0, r1 = _move(r0, *rows), _move(r1, *rows)
            if cols:
                c0, c1 = _move(c0, *cols), _move(c1, *cols)
            if None not in (r0, c0, r1, c1):
                kept.append(CellRange(min_row=r0, min_col=c0, max_row=r1, max_col=c1))
        for rng in kept:
            ws.merged_cells.add(rng)
