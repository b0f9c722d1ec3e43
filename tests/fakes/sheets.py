"""A fake Google Sheets API v4 that keeps its cells, plus an OAuth token endpoint.

It serves what vc_sync sends through gspread: spreadsheets.get (metadata),
values:batchGet, values:batchUpdate and spreadsheets:batchUpdate with addSheet,
appendDimension, repeatCell, setBasicFilter, updateDimensionProperties,
addConditionalFormatRule, setDataValidation and updateSheetProperties. Shapes follow the
API reference. Grid limits are enforced; USER_ENTERED strings starting with '=' become
formulas, RAW ones stay text. Organisers' edits are made on ``cells``, ``notes`` and
``formats`` directly.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from tests.fakes.server import App, Reply, Request

_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


@dataclass
class Tab:
    sheet_id: int
    title: str
    index: int
    rows: int = 1000
    cols: int = 26
    frozen: int = 0
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], dict] = field(default_factory=dict)
    conditional: list[dict] = field(default_factory=list)
    validations: list[dict] = field(default_factory=list)
    basic_filter: dict | None = None
    widths: dict[int, int] = field(default_factory=dict)

    def properties(self) -> dict:
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "gridProperties": {
                "rowCount": self.rows,
                "columnCount": self.cols,
                "frozenRowCount": self.frozen,
            },
        }

    def grid(self) -> list[list[Any]]:
        """Values as the API returns them: trailing blanks trimmed."""
        if not self.cells:
            return []
        last_row = max(r for r, _ in self.cells)
        out = []
        for r in range(last_row + 1):
            row = [
                self.cells.get((r, c), "")
                for c in range(max((c for rr, c in self.cells if rr == r), default=-1) + 1)
            ]
            out.append(row)
        while out and not any(v not in ("", None) for v in out[-1]):
            out.pop()
        return out

    def column(self, name: str) -> int:
        return next(c for (r, c), v in self.cells.items() if r == 0 and v == name)

    def row_of(self, key: str) -> int:
        return next(r for (r, c), v in self.cells.items() if c == 0 and v == key)

    def value(self, key: str, column: str) -> Any:
        return self.cells.get((self.row_of(key), self.column(column)))


class FakeSheets(App):
    def __init__(self, spreadsheet_id: str = "1AbCdEfGhIjKlMnOpQrStUvWxYz"):
        super().__init__()
        self.id = spreadsheet_id
        self.title = "Absensi Bimtek"
        self.tabs: list[Tab] = []
        self.tokens_issued = 0
        self.before_values: Any = None  # called as a values batch arrives, which is then dropped
        self.after_values: Any = None  # called once it is applied, before the answer
        self.slow: float = 0.0  # seconds every batchGet takes

    # --- inspection helpers ---------------------------------------------------------------
    def tab(self, title: str) -> Tab:
        return next(t for t in self.tabs if t.title == title)

    def calls(self) -> Counter:
        """Sheets API requests by kind (the token endpoint is not the Sheets API)."""
        kinds = Counter()
        for r in self.requests:
            if r.path == "/token":
                continue
            if r.path.endswith("values:batchGet"):
                kinds["batchGet"] += 1
            elif r.path.endswith("values:batchUpdate"):
                kinds["values.batchUpdate"] += 1
            elif r.path.endswith(":batchUpdate"):
                kinds["batchUpdate"] += 1
            elif r.method == "GET":
                kinds["get"] += 1
            else:
                kinds[f"{r.method} {r.path}"] += 1
        return kinds

    def value_writes(self) -> list[dict]:
        return [r.json() for r in self.requests if r.path.endswith("values:batchUpdate")]

    # --- HTTP -------------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if req.path == "/token":
            self.tokens_issued += 1
            return Reply(
                200,
                {
                    "access_token": f"ya29.fake-{self.tokens_issued}",
                    "expires_in": 3599,
                    "token_type": "Bearer",
                    "scope": "https://www.googleapis.com/auth/spreadsheets",
                },
            )
        if not req.headers.get("Authorization", "").startswith("Bearer ya29.fake-"):
            return self.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        base = f"/v4/spreadsheets/{self.id}"
        if not req.path.startswith(base):
            return self.error(404, "NOT_FOUND", "Requested entity was not found.")
        rest = req.path[len(base) :]
        if req.method == "GET" and rest == "":
            return Reply(
                200,
                {
                    "spreadsheetId": self.id,
                    "properties": {"title": self.title, "locale": "in_ID", "timeZone": "Asia/Jakarta"},
                    "sheets": [
                        {"properties": t.properties()} for t in sorted(self.tabs, key=lambda t: t.index)
                    ],
                },
            )
        if req.method == "GET" and rest == "/values:batchGet":
            return self.batch_get(req)
        if req.method == "POST" and rest == "/values:batchUpdate":
            return self.values_update(req.json())
        if req.method == "POST" and rest == ":batchUpdate":
            return self.batch_update(req.json())
        return self.error(404, "NOT_FOUND", f"no such method {req.method} {rest}")

    @staticmethod
    def error(code: int, status: str, message: str) -> Reply:
        return Reply(code, {"error": {"code": code, "message": message, "status": status}})

    def _range(self, text: str) -> tuple[Tab, int, int, int | None, int | None]:
        text = unquote(text)
        if "!" in text:
            title, cells = text.rsplit("!", 1)
        else:
            title, cells = text, ""
        title = title[1:-1].replace("''", "'") if title.startswith("'") else title
        tab = self.tab(title)
        if not cells:
            return tab, 0, 0, None, None
        first, _, last = cells.partition(":")
        m1, m2 = _CELL.match(first), _CELL.match(last or first)
        return tab, int(m1.group(2)) - 1, col_index(m1.group(1)), int(m2.group(2)) - 1, col_index(m2.group(1))

    def batch_get(self, req: Request) -> Reply:
        if self.slow:
            import time

            time.sleep(self.slow)
        out = []
        for text in req.query_all.get("ranges", []):
            tab, *_ = self._range(text)
            out.append(
                {
                    "range": f"'{tab.title}'!A1:{chr(64 + min(tab.cols, 26))}{tab.rows}",
                    "majorDimension": "ROWS",
                    "values": tab.grid(),
                }
            )
        return Reply(200, {"spreadsheetId": self.id, "valueRanges": out})

    def values_update(self, body: dict) -> Reply:
        if self.before_values:
            self.before_values()
            return self.error(503, "UNAVAILABLE", "the client is gone; nothing was written")
        reply = self._values_update(body)
        if self.after_values:
            self.after_values()
        return reply

    def _values_update(self, body: dict) -> Reply:
        mode = body.get("valueInputOption")
        if mode not in ("RAW", "USER_ENTERED"):
            return self.error(400, "INVALID_ARGUMENT", "valueInputOption is required")
        updated = 0
        for item in body.get("data", []):
            tab, r0, c0, _r1, _c1 = self._range(item["range"])
            for dr, row in enumerate(item["values"]):
                for dc, value in enumerate(row):
                    r, c = r0 + dr, c0 + dc
                    if r >= tab.rows or c >= tab.cols:
                        return self.error(
                            400,
                            "INVALID_ARGUMENT",
                            f"Range ('{tab.title}'!{item['range']}) exceeds grid limits. "
                            f"Max rows: {tab.rows}, max columns: {tab.cols}",
                        )
                    if value in ("", None):
                        tab.cells.pop((r, c), None)
                    else:
                        tab.cells[(r, c)] = value
                    if mode == "USER_ENTERED" and isinstance(value, str) and value.startswith("="):
                        tab.formulas.add((r, c))
                    else:
                        tab.formulas.discard((r, c))
                    updated += 1
        return Reply(200, {"spreadsheetId": self.id, "totalUpdatedCells": updated})

    def batch_update(self, body: dict) -> Reply:
        replies = []
        by_id = {t.sheet_id: t for t in self.tabs}
        for request in body.get("requests", []):
            ((kind, args),) = request.items()
            if kind == "addSheet":
                p = args["properties"]
                if any(t.title == p["title"] for t in self.tabs):
                    return self.error(
                        400,
                        "INVALID_ARGUMENT",
                        f'Invalid requests[0].addSheet: A sheet with the name "{p["title"]}" already exists.',
                    )
                grid = p.get("gridProperties", {})
                tab = Tab(
                    p.get("sheetId", 1000 + len(self.tabs)),
                    p["title"],
                    p.get("index", len(self.tabs)),
                    grid.get("rowCount", 1000),
                    grid.get("columnCount", 26),
                    grid.get("frozenRowCount", 0),
                )
                for other in self.tabs:
                    if other.index >= tab.index:
                        other.index += 1
                self.tabs.append(tab)
                by_id[tab.sheet_id] = tab
                replies.append({"addSheet": {"properties": tab.properties()}})
                continue
            tab = by_id.get(_sheet_id(args))
            if tab is None:
                return self.error(400, "INVALID_ARGUMENT", f"No grid with id: {_sheet_id(args)}")
            if kind == "appendDimension":
                if args["dimension"] == "ROWS":
                    tab.rows += args["length"]
                else:
                    tab.cols += args["length"]
            elif kind == "repeatCell":
                rng = args["range"]
                for c in range(tab.cols):
                    tab.formats.setdefault((rng.get("startRowIndex", 0), c), {}).update(
                        args["cell"]["userEnteredFormat"]
                    )
            elif kind == "setBasicFilter":
                tab.basic_filter = args["filter"]
            elif kind == "updateDimensionProperties":
                tab.widths[args["range"]["startIndex"]] = args["properties"]["pixelSize"]
            elif kind == "addConditionalFormatRule":
                tab.conditional.append(args["rule"])
            elif kind == "setDataValidation":
                tab.validations.append(args)
            elif kind == "updateSheetProperties":
                tab.frozen = args["properties"].get("gridProperties", {}).get("frozenRowCount", tab.frozen)
            else:
                return self.error(400, "INVALID_ARGUMENT", f"unsupported request {kind}")
            replies.append({})
        return Reply(200, {"spreadsheetId": self.id, "replies": replies})


def _sheet_id(args: dict) -> int | None:
    for key in ("sheetId",):
        if key in args:
            return args[key]
    for key in ("range", "filter"):
        if key in args:
            inner = args[key]
            return inner.get("sheetId", inner.get("range", {}).get("sheetId"))
    if "rule" in args:
        return args["rule"]["ranges"][0]["sheetId"]
    if "properties" in args:
        return args["properties"].get("sheetId")
    return None
