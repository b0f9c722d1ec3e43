"""Row and sheet changes on an openpyxl workbook, made the way a spreadsheet program makes them.

openpyxl's ``insert_rows``/``delete_rows`` move cells only, and a renamed sheet keeps stale
references. A program also keeps everything that refers to rows or to the sheet up to date:
formulas on every sheet, defined names, merged ranges, data validation, conditional
formatting, the filter, print titles, frozen panes, row heights, tables, images and charts.
vc_sync changes rows only on its own tabs: to restore a deleted header row, to remove a row
nothing of an organiser's is on, and to put settled review rows below open ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

LAST_ROW = 1_048_576
_CELLS = re.compile(r"(\$?[A-Za-z]{1,3}\$?)(\d+)(?::(\$?[A-Za-z]{1,3}\$?)(\d+))?")
_ROWS = re.compile(r"(\$?)(\d+):(\$?)(\d+)")
Span = Callable[[int, int], tuple[int, int] | None]  # (first, last) 1-based rows -> where they are now


def _span(at: int, n: int) -> Span:
    """Rows from 1-based ``at``: n inserted (n > 0) or -n deleted; a range spanning the change
    grows or shrinks, one wholly deleted is gone (None)."""

    def move(first: int, last: int) -> tuple[int, int] | None:
        if n > 0:
            return (
                first + n if first >= at else first,
                min(last + n, LAST_ROW) if last >= at else last,  # the last row stays last
            )
        end = at - n  # first row after the deleted band
        new_first = first if first < at else (at if first < end else first + n)
        new_last = last if last < at else (at - 1 if last < end else last + n)
        return None if new_last < new_first else (new_first, new_last)

    return move


def _row_moved(src: int, dst: int) -> Span:
    """References to exactly row ``src`` follow it to ``dst`` (a cut row pasted elsewhere)."""
    return lambda first, last: (dst, dst) if first == last == src else (first, last)


def _shift_area(area: str, span: Span) -> str:
    """An unqualified A1 area as ``span`` leaves it ('#REF!' when its rows are gone)."""
    if m := _CELLS.fullmatch(area):
        first = int(m[2])
        last = int(m[4]) if m[3] else first
        moved = span(first, last)
        if moved is None:
            return "#REF!"
        out = f"{m[1]}{moved[0]}"
        return out + (f":{m[3]}{moved[1]}" if m[3] else "")
    if m := _ROWS.fullmatch(area):
        moved = span(int(m[2]), int(m[4]))
        return "#REF!" if moved is None else f"{m[1]}{moved[0]}:{m[3]}{moved[1]}"
    return area  # whole columns, names, errors


def _split_sheet(ref: str) -> tuple[str | None, str]:
    if "!" not in ref:
        return None, ref
    sheet, _, area = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, area


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _rewrite(formula: str, fn: Callable[[str | None, str, str], str]) -> str:
    """``formula`` (with its '=') with each reference ``fn(sheet, area, text)`` rewritten."""
    try:
        tokens = Tokenizer(formula).items
    except Exception:  # not a formula openpyxl can read: leave it as it is
        return formula
    out = ["="]
    for token in tokens:
        value = token.value
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            sheet, area = _split_sheet(value)
            value = fn(sheet, area, value)
        out.append(value)
    return "".join(out)


def shift_formula(formula: str, title: str, home: str | None, span: Span | int) -> str:
    """``formula`` as it reads once rows of ``title`` change (an int: a row inserted there);
    ``home`` is the sheet it sits on (its unqualified references point there)."""
    if isinstance(span, int):
        span = _span(span, 1)

    def fn(sheet: str | None, area: str, text: str) -> str:
        if (sheet or home) != title:
            return text
        return text[: len(text) - len(area)] + _shift_area(area, span)

    return _rewrite(formula, fn)


def _rename_formula(formula: str, old: str, new: str, home: str | None) -> str:
    def fn(sheet: str | None, area: str, text: str) -> str:
        return f"{_quote(new)}!{area}" if sheet == old else text

    return _rewrite(formula, fn)


def _each_formula(book: Workbook, fn: Callable[[str, str | None], str]) -> None:
    """Every formula, array formula, name, validation, conditional format and chart reference
    of the workbook through ``fn(text, home sheet)``."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = fn(cell.value, sheet.title)
                elif isinstance(cell.value, ArrayFormula) and cell.value.text:
                    cell.value.text = fn(cell.value.text, sheet.title)
        for chart in sheet._charts:
            for ref in chart_refs(chart):
                if ref.f:
                    ref.f = fn("=" + ref.f, None)[1:]
        for name in list(sheet.defined_names.values()):
            if name.attr_text:
                name.attr_text = fn("=" + name.attr_text, None)[1:]
        for dv in sheet.data_validations.dataValidation:
            for attr in ("formula1", "formula2"):
                if value := getattr(dv, attr):
                    setattr(dv, attr, fn("=" + value, sheet.title)[1:])
        for cf in sheet.conditional_formatting:
            for rule in cf.rules:
                rule.formula = [fn("=" + f, sheet.title)[1:] for f in rule.formula or []]
    for name in list(book.defined_names.values()):
        if name.attr_text:
            name.attr_text = fn("=" + name.attr_text, None)[1:]


def chart_refs(chart: Any) -> list[Any]:
    """The formula references a chart's series draw from (values, categories, titles)."""
    refs = []
    for series in getattr(chart, "series", []) or []:
        for part in (series.val, series.cat, series.xVal, series.yVal, series.tx):
            for attr in ("numRef", "strRef"):
                if part is not None and (ref := getattr(part, attr, None)) is not None:
                    refs.append(ref)
    return refs


def _rows_of(ws: Worksheet, span: Span) -> None:
    """What of ``ws`` itself refers to rows, as ``span`` leaves them."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate  # a moved cell takes its link along
            if (
                isinstance(cell.value, ArrayFormula)
                and (moved := _shift_area(cell.value.ref, span)) != "#REF!"
            ):
                cell.value.ref = moved
    merged = []
    for rng in list(ws.merged_cells.ranges):
        rows = span(rng.min_row, rng.max_row)
        if rows is not None:
            merged.append(
                CellRange(min_col=rng.min_col, max_col=rng.max_col, min_row=rows[0], max_row=rows[1])
            )
    ws.merged_cells = MultiCellRange(merged)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = MultiCellRange(
            " ".join(a for p in str(dv.sqref).split() if (a := _shift_area(p, span)) != "#REF!")
        )
    rules = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        target = " ".join(a for p in str(cf.sqref).split() if (a := _shift_area(p, span)) != "#REF!")
        if target:
            for rule in cf.rules:
                rules._cf_rules.setdefault(ConditionalFormatting(sqref=target), []).append(rule)
    rules.max_priority = ws.conditional_formatting.max_priority
    ws.conditional_formatting = rules
    for attr in ("print_title_rows", "freeze_panes"):
        value = getattr(ws, attr)
        if value and (shifted := _shift_area(value, span)) != "#REF!":
            setattr(ws, attr, shifted)
    if ws.auto_filter.ref and (shifted := _shift_area(ws.auto_filter.ref, span)) != "#REF!":
        ws.auto_filter.ref = shifted
    for table in ws.tables.values():
        if (shifted := _shift_area(table.ref, span)) != "#REF!":
            table.ref = shifted
    breaks = []  # a manual page break goes with the row that begins the next page
    for brk in ws.row_breaks.brk:
        rows = span(brk.id + 1, brk.id + 1)
        if rows is not None:
            brk.id = rows[0] - 1
            breaks.append(brk)
    ws.row_breaks.brk = breaks
    for drawing in [*ws._images, *ws._charts]:
        anchor = drawing.anchor
        if isinstance(anchor, str):
            if (shifted := _shift_area(anchor, span)) != "#REF!":
                drawing.anchor = shifted
            continue
        for end in (getattr(anchor, "_from", None), getattr(anchor, "to", None)):
            if end is not None and (rows := span(end.row + 1, end.row + 1)) is not None:
                end.row = rows[0] - 1


def _heights(ws: Worksheet, mapping: Callable[[int], int | None]) -> None:
    old = {r: d for r, d in ws.row_dimensions.items()}
    for r in old:
        del ws.row_dimensions[r]
    for r, d in sorted(old.items()):
        if (new := mapping(r)) is not None:
            d.index = new
            ws.row_dimensions[new] = d


def insert_rows(book: Workbook, ws: Worksheet, at: int, n: int = 1) -> None:
    """Insert ``n`` empty rows at 0-based ``at`` of ``ws``."""
    first = at + 1
    ws.insert_rows(first, n)
    _heights(ws, lambda r: r + n if r >= first else r)
    span = _span(first, n)
    _each_formula(book, lambda f, home: shift_formula(f, ws.title, home, span))
    _rows_of(ws, span)


def delete_rows(book: Workbook, ws: Worksheet, at: int, n: int = 1) -> None:
    """Delete ``n`` rows from 0-based ``at`` of ``ws``; references to them become #REF!."""
    first = at + 1
    ws.delete_rows(first, n)
    _heights(ws, lambda r: None if first <= r < first + n else (r - n if r >= first + n else r))
    span = _span(first, -n)
    _each_formula(book, lambda f, home: shift_formula(f, ws.title, home, span))
    _rows_of(ws, span)


def move_row(book: Workbook, ws: Worksheet, at: int, to: int) -> None:
    """Move the 0-based row ``at`` to ``to`` (an index counted before it leaves, as the Sheets
    API counts it), with its cells, their formats and comments, and references to them."""
    insert_rows(book, ws, to)
    src = at + 1 if to <= at else at  # the row moved down if it was at or below the new one
    for col in range(1, ws.max_column + 1):
        cell, target = ws.cell(src + 1, col), ws.cell(to + 1, col)
        target.value, target._style, target.comment = cell.value, cell._style, cell.comment
        target.hyperlink = cell.hyperlink
        cell.value, cell.comment = None, None
    height = ws.row_dimensions[src + 1].height if (src + 1) in ws.row_dimensions else None
    if height is not None:
        ws.row_dimensions[to + 1].height = height
    span = _row_moved(src + 1, to + 1)
    _each_formula(book, lambda f, home: shift_formula(f, ws.title, home, span))
    delete_rows(book, ws, src)


def rename_sheet(book: Workbook, ws: Worksheet, new: str) -> None:
    """Rename ``ws``; every formula, name and validation that names it follows."""
    old = ws.title
    ws.title = new
    _each_formula(book, lambda f, home: _rename_formula(f, old, new, home))
