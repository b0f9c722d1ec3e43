"""Organisers at work on vc_sync's output: the same edits on the Google Sheet (through the
fake Sheets API, as a browser sends them) and on the local workbook (as a spreadsheet program
makes them). Positions are 0-based."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tests.fakes.excel import Excel
from vc_sync.cli import cli

PREVIOUS = Path(__file__).parent / "data" / "v0_1_attendance.xlsx"
KEYISH = re.compile(r"p-[0-9a-f]{10}|i-\S+|a-[0-9a-f]{10}|total|c-\S+|[^/\s]+/p-[0-9a-f]{10}")


class Surface:
    """One output as organisers see and edit it."""

    name = ""

    def __init__(self, programme):
        self.programme = programme

    def sync(self, *extra: str, session: str | None = "S1", code: int = 0) -> str:
        """``vc-sync sync`` of one session (``session=None``: as ``extra`` says, e.g. --due)."""
        chosen = ["--session", session] if session else []
        result = CliRunner().invoke(cli, ["sync", "--config", str(self.programme.config), *chosen, *extra])
        assert result.exit_code == code, result.output
        return result.output

    # --- reading ----------------------------------------------------------------------------------
    def cells(self, title: str) -> dict[tuple[int, int], Any]:
        raise NotImplementedError

    def titles(self) -> list[str]:
        raise NotImplementedError

    def find(self, title: str, value: Any) -> tuple[int, int]:
        return min(rc for rc, v in self.cells(title).items() if v == value)

    def key_column(self, title: str) -> int:
        """The column holding the most keys; on a session tab the one with invitees' keys too
        (the technical Connections column holds connection keys only)."""
        counts = Counter(
            c for (_r, c), v in self.cells(title).items() if isinstance(v, str) and KEYISH.fullmatch(v)
        )
        other = Counter(
            c
            for (_r, c), v in self.cells(title).items()
            if isinstance(v, str) and KEYISH.fullmatch(v) and not v.startswith("p-")
        )
        return max(counts, key=lambda c: (other[c], counts[c]))

    def keys(self, title: str) -> list[str]:
        col = self.key_column(title)
        cells = self.cells(title)
        return [
            v
            for (r, c), v in sorted(cells.items())
            if c == col and isinstance(v, str) and KEYISH.fullmatch(v)
        ]

    def row(self, title: str, key: str) -> dict[int, Any]:
        col = self.key_column(title)
        cells = self.cells(title)
        r = next(r for (r, c), v in sorted(cells.items()) if c == col and v == key)
        return {c: v for (rr, c), v in cells.items() if rr == r}

    def value(self, title: str, key: str, label: str) -> Any:
        """The value in the column headed ``label`` on ``key``'s row."""
        _r, c = self.find(title, label)
        return self.row(title, key).get(c)

    # --- editing ----------------------------------------------------------------------------------
    def charts(self, title: str) -> list[tuple[int, int, int]]:
        """Each chart of a tab: the first and last row (0-based) its categories are drawn
        from, and the row it is anchored at."""
        raise NotImplementedError

    def type(self, title: str, row: int, col: int, value: Any) -> None: ...
    def insert_cols(self, title: str, at: int) -> None: ...
    def delete_cols(self, title: str, at: int) -> None: ...
    def insert_rows(self, title: str, at: int) -> None: ...
    def delete_rows(self, title: str, at: int) -> None: ...
    def sort(self, title: str, first: int, col: int, reverse: bool = False) -> None: ...
    def rename_tab(self, old: str, new: str) -> None: ...
    def delete_tab(self, title: str) -> None: ...
    def dropdown_sources(self, title: str) -> list[str]: ...
    def merge(self, title: str, r0: int, c0: int, r1: int, c1: int) -> None: ...
    def strip_anchors(self) -> None: ...

    def load_previous_version(self) -> None:
        """The workbook vc_sync 0.1 wrote for the test programme (S1 and S2 synced)."""
        raise NotImplementedError


class SheetSurface(Surface):
    name = "sheet"

    def __init__(self, programme, fake):
        super().__init__(programme)
        self.fake = fake
        programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"\n', "")

    def cells(self, title):
        return dict(self.fake.tab(title).cells)

    def titles(self):
        return [t.title for t in sorted(self.fake.tabs, key=lambda t: t.index)]

    def _id(self, title):
        return self.fake.tab(title).sheet_id

    def chart_titles(self, title):
        return [c["spec"].get("title") for c in self.fake.tab(title).charts]

    def charts(self, title):
        out = []
        for chart in self.fake.tab(title).charts:
            (src,) = chart["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"]
            anchor = chart["position"]["overlayPosition"]["anchorCell"]["rowIndex"]
            out.append((src["startRowIndex"] + 1, src["endRowIndex"] - 1, anchor))  # +1: the header
        return out

    def _dim(self, title, dimension, at, n=1):
        return {"sheetId": self._id(title), "dimension": dimension, "startIndex": at, "endIndex": at + n}

    def type(self, title, row, col, value):
        tab = self.fake.tab(title)
        if value in (None, ""):
            tab.cells.pop((row, col), None)
        else:
            tab.cells[(row, col)] = value

    def insert_cols(self, title, at):
        self.fake.edit(
            {"insertDimension": {"range": self._dim(title, "COLUMNS", at), "inheritFromBefore": False}}
        )

    def delete_cols(self, title, at):
        self.fake.edit({"deleteDimension": {"range": self._dim(title, "COLUMNS", at)}})

    def insert_rows(self, title, at):
        self.fake.edit(
            {"insertDimension": {"range": self._dim(title, "ROWS", at), "inheritFromBefore": False}}
        )

    def delete_rows(self, title, at):
        self.fake.edit({"deleteDimension": {"range": self._dim(title, "ROWS", at)}})

    def sort(self, title, first, col, reverse=False):
        self.fake.edit(
            {
                "sortRange": {
                    "range": {"sheetId": self._id(title), "startRowIndex": first},
                    "sortSpecs": [
                        {"dimensionIndex": col, "sortOrder": "DESCENDING" if reverse else "ASCENDING"}
                    ],
                }
            }
        )

    def rename_tab(self, old, new):
        self.fake.edit(
            {
                "updateSheetProperties": {
                    "properties": {"sheetId": self._id(old), "title": new},
                    "fields": "title",
                }
            }
        )

    def delete_tab(self, title):
        self.fake.edit({"deleteSheet": {"sheetId": self._id(title)}})

    def dropdown_sources(self, title) -> list[str]:
        return [
            v["userEnteredValue"]
            for rule in self.fake.tab(title).validations
            for v in rule["rule"]["condition"]["values"]
        ]

    def merge(self, title, r0, c0, r1, c1):
        rng = {
            "sheetId": self._id(title),
            "startRowIndex": r0,
            "endRowIndex": r1 + 1,
            "startColumnIndex": c0,
            "endColumnIndex": c1 + 1,
        }
        self.fake.edit({"mergeCells": {"range": rng, "mergeType": "MERGE_ALL"}})

    def strip_anchors(self):
        self.fake.metadata.clear()

    def load_previous_version(self):
        import openpyxl

        from tests.fakes.sheets import Tab

        book = openpyxl.load_workbook(PREVIOUS)
        self.fake.tabs = []
        for i, ws in enumerate(book.worksheets):
            tab = Tab(100 + i, ws.title, i)
            tab.cells = {
                (c.row - 1, c.column - 1): c.value
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            }
            self.fake.tabs.append(tab)


class WorkbookSurface(Surface):
    name = "workbook"

    def _edit(self, fn) -> None:
        excel = Excel(self.programme.xlsx)
        fn(excel)
        excel.save()

    def cells(self, title):
        import openpyxl

        ws = openpyxl.load_workbook(self.programme.xlsx)[title]
        return {
            (c.row - 1, c.column - 1): c.value for row in ws.iter_rows() for c in row if c.value is not None
        }

    def chart_titles(self, title):
        import openpyxl

        charts = openpyxl.load_workbook(self.programme.xlsx)[title]._charts
        return ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in charts]

    def charts(self, title):
        import re

        import openpyxl

        out = []
        for chart in openpyxl.load_workbook(self.programme.xlsx)[title]._charts:
            ref = chart.series[0].cat.numRef or chart.series[0].cat.strRef
            first, last = map(int, re.findall(r"\$?[A-Z]+\$?(\d+)", ref.f.split("!")[-1]))
            out.append((first - 1, last - 1, chart.anchor._from.row))
        return out

    def titles(self):
        import openpyxl

        if not self.programme.xlsx.exists():
            return []
        return openpyxl.load_workbook(self.programme.xlsx).sheetnames

    def type(self, title, row, col, value):
        self._edit(lambda x: x.type(title, row, col, value))

    def insert_cols(self, title, at):
        self._edit(lambda x: x.insert_cols(title, at))

    def delete_cols(self, title, at):
        self._edit(lambda x: x.delete_cols(title, at))

    def insert_rows(self, title, at):
        self._edit(lambda x: x.insert_rows(title, at))

    def delete_rows(self, title, at):
        self._edit(lambda x: x.delete_rows(title, at))

    def sort(self, title, first, col, reverse=False):
        self._edit(lambda x: x.sort(title, first, col, reverse))

    def rename_tab(self, old, new):
        self._edit(lambda x: x.rename(old, new))

    def delete_tab(self, title):
        self._edit(lambda x: x.delete_sheet(title))

    def dropdown_sources(self, title) -> list[str]:
        import openpyxl

        ws = openpyxl.load_workbook(self.programme.xlsx)[title]
        return [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]

    def merge(self, title, r0, c0, r1, c1):
        from openpyxl.utils import get_column_letter as L

        self._edit(lambda x: x.merge(title, f"{L(c0 + 1)}{r0 + 1}:{L(c1 + 1)}{r1 + 1}"))

    def load_previous_version(self):
        import shutil

        self.programme.xlsx.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PREVIOUS, self.programme.xlsx)

    def strip_anchors(self):
        def strip(x):
            for name in [n for n in x.book.defined_names if n.startswith("_vcsync.")]:
                del x.book.defined_names[name]

        self._edit(strip)
