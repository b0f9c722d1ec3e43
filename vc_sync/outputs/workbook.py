"""A local .xlsx workbook with the shared sheet's tabs and rules (openpyxl).

vc_sync's anchors here are defined names, which Excel and LibreOffice move with the grid and
follow through a tab's rename: ``_vcsync.t.<tab>`` (which sheet is that tab), ``_vcsync.h.<tab>``
(its header row) and ``_vcsync.c.<tab>.<column>`` (each of its columns). Only planned cells
are written, so organisers' columns, rows, comments, formatting, images and charts survive a
sync; shapes and text boxes are beyond openpyxl, and a workbook holding them is kept beside
the new one. The file is
written only when something changed, atomically, and never while another program changed it.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import tempfile
import time
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from vc_sync.errors import InputError, Problem, ProviderError
from vc_sync.outputs.base import Plan, pick_columns_beside, position, resolve, scoped, unique_title, unscoped
from vc_sync.outputs.grid import Grid, blocked_by_merges
from vc_sync.outputs.layout import CHOICES, TabRef
from vc_sync.outputs.plan import TabPlan, applied
from vc_sync.outputs.words import words_of
from vc_sync.outputs.xlsx_edit import chart_refs, delete_rows, insert_rows, move_row, rename_sheet

PREFIX = "_vcsync."
MAX_ROW, MAX_COL = 1_048_576, 16_384
_COLS = re.compile(r"\$?([A-Z]{1,3})(?:\$?1)?:\$?([A-Z]{1,3})(?:\$?1048576)?")
_ROWS = re.compile(r"(?:\$?A)?\$?(\d+):(?:\$?XFD)?\$?(\d+)")
_SHAPES = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)[\s>]")


def _escape(text: str) -> str:
    """Text for a defined name: lower-case letters and digits as they are, anything else as
    _xxxx (names may hold letters, digits, '_' and '.', and ignore case)."""
    return "".join(
        ch if ch.isascii() and (ch.islower() or ch.isdigit()) else f"_{ord(ch):04x}" for ch in text
    )


def _unescape(text: str) -> str:
    return re.sub(r"_([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), text)


def anchor_name(kind: str, tab: str, column: str = "") -> str:
    """The workbook-level name of an anchor: ``_vcsync.t.<tab>`` (the tab), ``.h.<tab>`` (its
    header row), ``.c.<tab>.<column>``. Names live in the workbook, not in a tab: a tab's own
    names would be copied with it, and openpyxl misplaces them beside chart sheets."""
    return f"{PREFIX}{kind}.{_escape(tab)}" + (f".{_escape(column)}" if column else "")


def _target(attr_text: str) -> tuple[str | None, str]:
    """The sheet a name's reference names, and the area in it ('#REF!' when gone)."""
    sheet, bang, area = (attr_text or "").rpartition("!")
    if not bang:
        return None, area
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, area


@dataclass
class _Anchors:
    tab: dict[str, str] = field(default_factory=dict)  # sheet title -> tab id
    header: dict[str, int] = field(default_factory=dict)  # tab id -> row
    columns: dict[str, dict[str, int]] = field(default_factory=dict)  # tab id -> column id -> column


def _anchors(book: openpyxl.Workbook) -> _Anchors:
    found = _Anchors()
    where: dict[str, str] = {}  # tab id -> its sheet
    names = sorted((n, dn.attr_text or "") for n, dn in book.defined_names.items() if n.startswith(PREFIX))
    for name, text in names:
        kind, _, rest = name[len(PREFIX) :].partition(".")
        sheet, _area = _target(text)
        if kind == "t" and sheet is not None and sheet in book.sheetnames and sheet not in found.tab:
            found.tab[sheet] = _unescape(rest)
            where.setdefault(_unescape(rest), sheet)
    for name, text in names:
        kind, _, rest = name[len(PREFIX) :].partition(".")
        sheet, area = _target(text)
        tab, _, column = rest.partition(".")
        tab = _unescape(tab)
        if sheet is None or where.get(tab) != sheet:
            continue  # gone, or pointing at another tab than the one anchored as this
        if kind == "h" and (m := _ROWS.fullmatch(area)) and m[1] == m[2]:
            found.header[tab] = int(m[1]) - 1
        elif kind == "c" and column and (m := _COLS.fullmatch(area)) and m[1] == m[2]:
            found.columns.setdefault(tab, {})[_unescape(column)] = column_index_from_string(m[1]) - 1
    return found


def _programme_name(prefix: str) -> str:
    return PREFIX + "programme" + (f".{_escape(prefix)}" if prefix else "")


def _written_name(prefix: str) -> str:
    return PREFIX + "written" + (f".{_escape(prefix)}" if prefix else "")


def _programme_of(book: openpyxl.Workbook, prefix: str = "") -> str | None:
    """The programme whose workbook (or, with ``prefix``, whose tabs) this is: a constant name
    the tool writes once."""
    return _constant(book, _programme_name(prefix))


def _constant(book: openpyxl.Workbook, name: str) -> str | None:
    """The text a defined name holds as a constant ('"…"'), or None."""
    dn = book.defined_names.get(name)
    text = (dn.attr_text or "").strip() if dn is not None else ""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    return None


def _set_name(book: openpyxl.Workbook, name: str, text: str) -> None:
    book.defined_names[name] = DefinedName(name, attr_text=text)


class WorkbookOutput:
    """The plan applied to an .xlsx file, saved atomically."""

    def __init__(self, path: Path, programme: str = "", prefix: str = ""):
        self.path = Path(path)
        self.programme = programme
        self.prefix = prefix
        self.warnings: list[str] = []
        self._book: openpyxl.Workbook | None = None
        self._grids: dict[str, Grid] = {}
        self._choices: TabPlan | None = None  # the run's last plan of the Choices tab
        self._staged = False
        self._stamp: tuple[int, int] | None = None
        self._ids: dict[str, str] = {}  # sheet title -> vc_sync tab id
        self._shapes = False
        self._backup_path: Path | None = None
        self.mark: str | None = None  # the mark of vc_sync's last write, as read (see ``set_mark``)
        self._next_mark: str | None = None

    @property
    def identity(self) -> str:
        """The output as the state store records what vc_sync wrote in it."""
        return f"xlsx:{self.path.resolve()}"

    def set_mark(self, mark: str) -> None:
        """Saved with what is staged (a defined name): which write of vc_sync's the workbook
        holds, so that a record of what it wrote is known to be of this file as it is."""
        self._next_mark = mark

    def __str__(self) -> str:
        return str(self.path)

    def _load(self) -> openpyxl.Workbook | None:
        if not self.path.exists():
            return None
        try:
            stat = self.path.stat()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns of what it drops; we say it ourselves
                book = openpyxl.load_workbook(self.path)
            with zipfile.ZipFile(self.path) as z:
                self._shapes = any(
                    _SHAPES.search(z.read(n)) for n in z.namelist() if n.startswith("xl/drawings/drawing")
                )
        except OSError as exc:
            raise ProviderError(f"workbook {self.path}: cannot read it: {exc.strerror or exc}") from None
        except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
            raise InputError(Problem(str(self.path), f"not a readable .xlsx workbook: {exc}")) from None
        self._stamp = (stat.st_mtime_ns, stat.st_size)
        return book

    def _backup(self) -> Path:
        """Where the workbook as it was goes when a sync drops its shapes: one copy each time."""
        if self._backup_path is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            self._backup_path = self.path.with_name(
                f"{self.path.stem}.before-vc_sync-{stamp}{self.path.suffix}"
            )
        return self._backup_path

    def read(self, refs: Sequence[TabRef]) -> dict[str, Grid]:
        self.warnings = []
        self._choices = None
        self._grids = {}
        self._book = book = self._load()
        self.mark = None
        if book is None:
            return {}
        self.mark = _constant(book, _written_name(self.prefix))
        theirs = _programme_of(book, self.prefix)
        if theirs is not None and self.programme and theirs != self.programme:
            raise InputError(
                Problem(
                    str(self.path),
                    f"the workbook of the programme {theirs!r}; {self.programme!r} cannot write it too: "
                    "give it its own output.xlsx, or its own tabs with [output] prefix",
                )
            )
        anchors = _anchors(book)
        mine = {title: unscoped(value, self.prefix) for title, value in anchors.tab.items()}
        found, warned = resolve(refs, [(ws.title, mine.get(ws.title)) for ws in book.worksheets])
        self.warnings += [f"{self.path.name}: {w}" for w in warned]
        grids = {}
        for tab_id, i in found.items():
            ws = book.worksheets[i]
            anchored = mine.get(ws.title)
            key = scoped(tab_id, self.prefix)
            header = anchors.header.get(key) if anchored == tab_id else None
            columns = anchors.columns.get(key, {}) if anchored == tab_id else {}
            self._ids[ws.title] = tab_id
            merges = tuple(
                (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
            )
            grids[tab_id] = Grid(
                ws.title,
                tuple(tuple(r) for r in ws.iter_rows(values_only=True)),
                anchored,
                header,
                dict(columns),
                blocked_by_merges(merges),
                merges,
            )
        self._grids = dict(grids)
        return grids

    def hold(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()  # one machine's file: the programme's lock is enough

    def apply(self, plan: Plan) -> None:
        """Stage ``plan`` and write it."""
        self.stage(plan)
        self.flush()

    def stage(self, plan: Plan) -> dict[str, Grid]:
        """Apply ``plan`` to the workbook in memory; the tabs as they now are."""
        if plan.changed:
            self._stage(plan)
        for tab in plan.tabs:
            self._grids[tab.tab.id] = applied(self._grids.get(tab.tab.id), tab)
        return dict(self._grids)

    def flush(self) -> None:
        """Save what was staged, once; nothing when nothing was."""
        if not self._staged or self._book is None:
            return
        if self._stamp is not None and self._changed_since_read():
            raise ProviderError(
                f"workbook {self.path}: changed by another program during this sync; nothing was "
                "written, run again"
            )
        if self._next_mark:
            _set_name(self._book, _written_name(self.prefix), f'"{self._next_mark}"')
        self._save(self._book)
        self._staged = False
        if self._next_mark:
            self.mark, self._next_mark = self._next_mark, None

    def _stage(self, plan: Plan) -> None:
        book = self._book
        if book is None:
            book = self._book = openpyxl.Workbook()
            book.remove(book.active)
        self._staged = True
        if self.programme and _programme_of(book, self.prefix) is None:
            _set_name(book, _programme_name(self.prefix), '"' + self.programme.replace('"', '""') + '"')
        for tab in plan.tabs:
            if tab.create:
                tab.title = unique_title(tab.title, book.sheetnames)
                placed = [self._ids.get(ws.title) for ws in book._sheets]  # chart sheets count for the index
                book.create_sheet(tab.title, position(placed, plan.order, tab.tab.id))
                self._ids[tab.title] = tab.tab.id
        choices = next((t for t in plan.tabs if t.tab.id == CHOICES), None)
        repoint = choices is not None and bool(
            choices.create or choices.retitle or "choice" in choices.anchor_columns
        )
        # a later session of the run does not plan Choices again: its dropdowns use the last one
        choices = self._choices = choices or self._choices
        for tab in plan.tabs:
            ws = book[tab.title]
            if tab.retitle:
                rename_sheet(book, ws, tab.retitle)
                self._ids[tab.retitle] = self._ids.pop(tab.title, tab.tab.id)
            for op in tab.ops:
                if op.kind == "insert":
                    insert_rows(book, ws, op.at, op.n)
                elif op.kind == "delete":
                    delete_rows(book, ws, op.at, op.n)
                else:
                    move_row(book, ws, op.at, op.to)
            wrapped = {tab.columns[c.id] for c in tab.tab.columns if c.wrap}
            for w in tab.writes:
                cell = ws.cell(row=w.row + 1, column=w.col + 1)
                if isinstance(cell, MergedCell):
                    continue  # the plan leaves merged cells alone; a program may have merged since
                if w.row > tab.header and cell.alignment.vertical != "top":  # one row, one top line
                    cell.alignment = Alignment(wrap_text=w.col in wrapped, vertical="top")
                cell.value = _cell_value(w.value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text: '=IMPORTXML(…)' is never a formula
            _fit_heights(ws, tab)
            sheet = quote_sheetname(ws.title)
            tab_id = scoped(tab.tab.id, self.prefix)
            if tab.anchor_tab:
                # every row: no deleted row or column takes the tab's identity with it
                _set_name(book, anchor_name("t", tab_id), f"{sheet}!$1:${MAX_ROW}")
            if tab.anchor_header:
                _set_name(book, anchor_name("h", tab_id), f"{sheet}!${tab.header + 1}:${tab.header + 1}")
            for cid, col in tab.anchor_columns.items():
                letter = get_column_letter(col + 1)
                _set_name(book, anchor_name("c", tab_id, cid), f"{sheet}!${letter}:${letter}")
            if tab.create:
                _format(ws, tab, choices, plan)
            elif repoint or tab.anchor_columns.keys() & {c.id for c in tab.tab.inputs}:
                _dropdowns(ws, tab, choices)  # the list moved, or the column did
            elif ws.auto_filter.ref:
                _extend_filter(ws, tab)
            if not tab.create and tab.tab.chart is not None:
                _stretch_chart(ws, tab, plan.chart_title)
        if repoint:  # every other tab's dropdowns too: a deleted list left them '#REF!' for good
            for _tab_id, grid, cols in pick_columns_beside(self._grids, plan):
                if grid.title in book.sheetnames:
                    _dropdowns_at(book[grid.title], grid.header, cols, choices)  # type: ignore[arg-type]

    def _changed_since_read(self) -> bool:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return True
        return (stat.st_mtime_ns, stat.st_size) != self._stamp

    def _save(self, book: openpyxl.Workbook) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if self._shapes:
                shutil.copy2(self.path, self._backup())
                os.chmod(self._backup(), 0o600)
                self.warnings.append(
                    f"{self.path.name} held shapes or text boxes, which openpyxl cannot keep: the new "
                    f"copy has none; the workbook as it was is kept as {self._backup().name}"
                )
            mode = self.path.stat().st_mode & 0o777 if self.path.exists() else 0o600
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        except OSError as exc:
            raise ProviderError(f"workbook {self.path}: cannot write: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                book.save(fh)
            os.chmod(tmp, mode)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise ProviderError(f"workbook {self.path}: cannot write: {exc.strerror or exc}") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        stat = self.path.stat()
        self._stamp = (stat.st_mtime_ns, stat.st_size)
        self._book = book


LINE_HEIGHT = 15.0  # points


def _lines(text: Any, width: int) -> int:
    return sum(max(1, math.ceil(len(part) / max(1, width - 1))) for part in str(text or "").split("\n"))


def _fit_heights(ws: Worksheet, tab: TabPlan) -> None:
    """Rows it wrote that hold wrapped text, and its header, tall enough to show it: spreadsheet
    programs do not grow a row for wrapped text they did not lay out themselves."""
    wrapped = [(tab.columns[c.id], c.width) for c in tab.tab.columns if c.wrap]
    rows = {w.row for w in tab.writes if w.row != tab.header} if wrapped else set()
    for r in rows:
        lines = max(_lines(ws.cell(r + 1, col + 1).value, width) for col, width in wrapped)
        _grow(ws, r + 1, lines)
    if any(w.row == tab.header for w in tab.writes):
        lines = max(
            _lines(ws.cell(tab.header + 1, tab.columns[c.id] + 1).value, c.width) for c in tab.tab.columns
        )
        _grow(ws, tab.header + 1, lines)


def _grow(ws: Worksheet, row: int, lines: int) -> None:
    height = LINE_HEIGHT * lines
    current = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    if lines > 1 and (current is None or current < height):
        ws.row_dimensions[row].height = height


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, str) and value == ""):
        return None  # openpyxl's ws.cell(..., value=None) would leave the old value: clear it
    return value


def _extend_filter(ws: Worksheet, tab: TabPlan) -> None:
    """An autofilter that starts on vc_sync's header reaches its last row (appended rows)."""
    ref = ws.auto_filter.ref
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", ref)
    if m and int(m[2]) == tab.header + 1 and int(m[4]) < ws.max_row:
        ws.auto_filter.ref = f"{m[1]}{m[2]}:{m[3]}{ws.max_row}"


def _format(ws: Worksheet, tab: TabPlan, choices: TabPlan | None, plan: Plan) -> None:
    """A new tab's look: bold header, widths, wrapping, filter, colours, organisers' dropdowns,
    technical columns hidden in a group, the summary's chart, and pages that print well (A4
    landscape, one page wide, the header on every page, the grid drawn)."""
    spec = tab.tab
    header = tab.header + 1
    if spec.hidden:
        ws.sheet_state = "hidden"
    for col in spec.columns:
        letter = get_column_letter(tab.columns[col.id] + 1)
        # the body's face, bold: a font with no name prints in the program's fallback (a serif)
        ws[f"{letter}{header}"].font = Font(
            name=ws.parent._fonts[0].name, sz=ws.parent._fonts[0].sz, bold=True
        )
        ws[f"{letter}{header}"].alignment = Alignment(wrap_text=True, vertical="top")
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        if col.technical:
            dim.hidden, dim.outlineLevel = True, 1
        if col.wrap:
            for row in range(header + 1, tab.rows + 1):
                ws[f"{letter}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        for text, colour in col.colours.items():
            fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
            text = text.replace('"', '""')
            ws.conditional_formatting.add(
                f"{letter}{header + 1}:{letter}{MAX_ROW}",
                CellIsRule(operator="equal", formula=[f'"{text}"'], fill=fill),
            )
    last = get_column_letter(max(tab.columns.values()) + 1)
    for col in spec.columns:
        if col.strong:  # the totals' rows bold, by what they say: they stay bold when rows move
            formula = col.strong_formula(get_column_letter(tab.columns[col.id] + 1), header + 1)
            ws.conditional_formatting.add(
                f"A{header + 1}:{last}{MAX_ROW}", FormulaRule(formula=[formula], font=Font(bold=True))
            )
    ws.freeze_panes = f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{last}{max(header, tab.rows)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
    ws.print_options.gridLines = True  # a wide row with empty cells is followed across the page
    ws.oddHeader.center.text = plan.programme.replace("&", "&&")
    ws.oddHeader.right.text = tab.final_title.replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"
    if spec.chart is not None:
        _chart(ws, tab, plan.chart_title)
    _dropdowns(ws, tab, choices)


def _dropdowns(ws: Worksheet, tab: TabPlan, choices: TabPlan | None) -> None:
    """The organisers' columns' dropdowns, offering the choices tab's list (replacing one that
    offered a list since moved or deleted)."""
    _dropdowns_at(ws, tab.header, [tab.columns[spec.id] for spec in tab.tab.inputs], choices)


def _dropdowns_at(ws: Worksheet, header: int, columns: Sequence[int], choices: TabPlan | None) -> None:
    """Dropdowns offering the choices tab's list in ``columns`` (0-based) below ``header``."""
    if choices is None:
        return
    col = get_column_letter(choices.columns["choice"] + 1)
    source = f"{quote_sheetname(choices.final_title)}!${col}${choices.header + 2}:${col}${MAX_ROW}"
    for c in columns:
        letter = get_column_letter(c + 1)
        for old in list(ws.data_validations.dataValidation):
            if old.type == "list" and any(r.min_col == r.max_col == c + 1 for r in old.sqref.ranges):
                ws.data_validations.dataValidation.remove(old)
        check = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=False,
            showInputMessage=bool(choices.tab.prompt),
            prompt=choices.tab.prompt or None,  # shown when a cell is picked
        )
        check.add(f"{letter}{header + 2}:{letter}{MAX_ROW}")
        ws.add_data_validation(check)


def _chart(ws: Worksheet, tab: TabPlan, title: str) -> None:
    """A bar per agency and session of the people present, below the summary table."""
    spec = tab.tab
    category, series, _count = spec.chart  # type: ignore[misc]
    header, last_row = tab.chart_rows
    first, last = header + 1, last_row + 1  # 1-based: the header names the series
    count = last - first
    chart = BarChart()
    chart.type, chart.title, chart.style = "bar", title, 10
    # agencies top to bottom as the table lists them (a bar chart draws the first at the foot),
    # and bars wide enough to see
    chart.x_axis.scaling.orientation, chart.gapWidth = "maxMin", 50
    # people are whole: steps of one or more (auto steps of 0.5 would read as half a person),
    # and both axes drawn (openpyxl leaves out <c:delete val="0"/>, and Excel then hides them)
    counts = [row.get(cid) for row in spec.rows if spec.rank is None or spec.rank(row) == 0 for cid in series]
    top = max((v for v in counts if isinstance(v, int | float)), default=1)
    chart.y_axis.majorUnit = max(1, math.ceil(top / 10))
    chart.y_axis.number_format = "0"
    chart.x_axis.delete = chart.y_axis.delete = False
    for cid in series:
        col = tab.columns[cid] + 1
        chart.add_data(Reference(ws, min_col=col, min_row=first, max_row=last), titles_from_data=True)
    col = tab.columns[category] + 1
    chart.set_categories(Reference(ws, min_col=col, min_row=first + 1, max_row=last))
    below = max(tab.rows, last) + 2
    # from column A to the table's last shown column, whatever widths a program gives them: on
    # paper the printed grid does not show beside the chart; a row a bar and a few for the rest
    anchor = TwoCellAnchor()
    last_shown = max((tab.columns[c.id], c.width) for c in spec.columns if not c.technical)
    anchor._from = AnchorMarker(col=0, row=below - 1)
    anchor.to = AnchorMarker(
        col=last_shown[0], colOff=_emu(last_shown[1]), row=below - 1 + max(16, count + 6)
    )
    ws.add_chart(chart, anchor)
    ws.row_breaks.append(Break(id=below - 1))  # the chart prints on a page of its own


def _emu(chars: int) -> int:
    """Most of a column's width, in EMU (seven pixels a character at 96 dpi, 9525 EMU a pixel):
    an anchor short of the next column's edge, which may be hidden."""
    return int(chars * 7 * 9525 * 0.95)


def _stretch_chart(ws: Worksheet, tab: TabPlan, title: str) -> None:
    """vc_sync's chart (drawing its categories from the agency column below the header, with
    the tool's title in either language)
    covers every agency row again after rows were added below its range, and takes the title
    of the workbook's language if it has the tool's title in another; an organiser's own
    styling of it stays."""
    category = tab.tab.chart[0]  # type: ignore[index]
    header, last_row = tab.chart_rows
    first, last = header + 1, last_row + 1
    letter = get_column_letter(tab.columns[category] + 1)
    for chart in ws._charts:
        refs = [(ref, _area(ref.f)) for ref in chart_refs(chart)]
        ours = any(
            a is not None and a[0] == ws.title and a[1] == letter and a[2] == first + 1 for _, a in refs
        )
        if not ours or _title_text(chart) not in words_of("chart.title"):
            continue  # an organiser's own chart (or ours retitled: theirs now)
        if _title_text(chart) != title:
            chart.title = title
        for ref, a in refs:
            if a is not None and a[0] == ws.title and a[2] in (first, first + 1) and a[4] < last:
                sheet, col, start, col2 = a[0], a[1], a[2], a[3]
                ref.f = f"{quote_sheetname(sheet)}!${col}${start}:${col2}${last}"


def _title_text(chart: Any) -> str | None:
    """A chart's title as plain text (None when it has none, or one drawn from a cell)."""
    try:
        return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
    except AttributeError:
        return None


def _area(formula: str | None) -> tuple[str, str, int, str, int] | None:
    """(sheet, first column, first row, last column, last row) of a one-area chart reference."""
    m = re.fullmatch(r"(?:'((?:[^']|'')+)'|([^!']+))!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", formula or "")
    if not m:
        return None
    sheet = m[1].replace("''", "'") if m[1] is not None else m[2]
    return sheet, m[3], int(m[4]), m[5], int(m[6])
