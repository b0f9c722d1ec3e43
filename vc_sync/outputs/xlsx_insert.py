"""Insert a row into an openpyxl worksheet the way a spreadsheet program does.

openpyxl's ``insert_rows`` moves cells only. A program also moves everything that refers to
rows: formulas on every sheet, defined names, merged ranges, data validation, conditional
formatting, the filter, print titles, frozen panes, row heights, tables, images and charts.
vc_sync needs this once: to restore a header row an organiser deleted.
"""

from __future__ import annotations

import re

from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

LAST_ROW = 1_048_576
_CELLS = re.compile(r"(\$?[A-Za-z]{1,3}\$?)(\d+)(?::(\$?[A-Za-z]{1,3}\$?)(\d+))?")
_ROWS = re.compile(r"(\$?)(\d+):(\$?)(\d+)")


def _shift_area(area: str, first: int) -> str:
    """An unqualified A1 area with rows from ``first`` (1-based) one lower."""

    def down(row: str) -> str:
        return str(min(int(row) + 1, LAST_ROW)) if int(row) >= first else row  # the last row stays last

    if m := _CELLS.fullmatch(area):
        out = f"{m[1]}{down(m[2])}"
        return out + (f":{m[3]}{down(m[4])}" if m[3] else "")
    if m := _ROWS.fullmatch(area):
        return f"{m[1]}{down(m[2])}:{m[3]}{down(m[4])}"
    return area  # whole columns, names, errors


def _split_sheet(ref: str) -> tuple[str | None, str]:
    if "!" not in ref:
        return None, ref
    sheet, _, area = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, area


def shift_formula(formula: str, title: str, home: str | None, first: int) -> str:
    """``formula`` (with its '=') as it reads once a row is inserted at ``first`` in ``title``;
    ``home`` is the sheet the formula sits on (its unqualified references point there)."""
    try:
        tokens = Tokenizer(formula).items
    except Exception:  # not a formula openpyxl can read: leave it as it is
        return formula
    out = ["="]
    for token in tokens:
        value = token.value
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            sheet, area = _split_sheet(value)
            if (sheet or home) == title:
                shifted = _shift_area(area, first)
                value = value[: len(value) - len(area)] + shifted
        out.append(value)
    return "".join(out)


def _shift_range(text: str, first: int) -> str:
    return " ".join(_shift_area(part, first) for part in str(text).split())


def insert_row(book: Workbook, ws: Worksheet, at: int) -> None:
    """Insert an empty row at 0-based ``at`` of ``ws``."""
    first = at + 1
    title = ws.title
    heights = {r: d for r, d in ws.row_dimensions.items() if r >= first}
    ws.insert_rows(first)
    for r in sorted(heights, reverse=True):
        ws.row_dimensions[r + 1] = heights[r]
        ws.row_dimensions[r + 1].index = r + 1
        del ws.row_dimensions[r]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = shift_formula(cell.value, title, sheet.title, first)
        for name in list(sheet.defined_names.values()):
            name.attr_text = shift_formula("=" + name.attr_text, title, None, first)[1:]
    for name in list(book.defined_names.values()):
        name.attr_text = shift_formula("=" + name.attr_text, title, None, first)[1:]
    merged = []
    for rng in list(ws.merged_cells.ranges):
        moved = CellRange(rng.coord)
        if moved.min_row >= first:
            moved.shift(row_shift=1)
        elif moved.max_row >= first:
            moved.expand(down=1)
        merged.append(moved)
    ws.merged_cells = MultiCellRange(merged)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange(_shift_range(dv.sqref, first))
        for attr in ("formula1", "formula2"):
            value = getattr(dv, attr)
            if value:
                setattr(dv, attr, shift_formula("=" + value, title, title, first)[1:])
    rules = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        target = ConditionalFormatting(sqref=_shift_range(cf.sqref, first))
        for rule in cf.rules:
            rule.formula = [shift_formula("=" + f, title, title, first)[1:] for f in rule.formula or []]
            rules._cf_rules.setdefault(target, []).append(rule)
    rules.max_priority = ws.conditional_formatting.max_priority
    ws.conditional_formatting = rules
    if ws.auto_filter.ref:
        ws.auto_filter.ref = _shift_area(ws.auto_filter.ref, first)
    if ws.print_title_rows:
        ws.print_title_rows = _shift_area(ws.print_title_rows, first)
    if ws.freeze_panes:
        ws.freeze_panes = _shift_area(ws.freeze_panes, first)
    for table in ws.tables.values():
        table.ref = _shift_area(table.ref, first)
    for drawing in [*ws._images, *ws._charts]:
        anchor = drawing.anchor
        if isinstance(anchor, str):
            drawing.anchor = _shift_area(anchor, first)
            continue
        for end in (getattr(anchor, "_from", None), getattr(anchor, "to", None)):
            if end is not None and end.row >= at:
                end.row += 1
