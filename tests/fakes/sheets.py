"""A fake Google Sheets API v4 that keeps its cells, plus an OAuth token endpoint.

It serves what vc_sync sends through gspread: spreadsheets.get (metadata, honouring the parts
of a field mask vc_sync asks for), values:batchGet, values:batchUpdate and
spreadsheets:batchUpdate. Shapes follow the API reference. Grid limits are enforced; RAW
values stay text, USER_ENTERED strings starting with '=' become formulas.

The grid behaves as Sheets does when people edit it: inserting, deleting or moving rows and
columns shifts cells, notes, formats, merges, validations, conditional formats, the filter,
protected ranges and developer metadata; metadata on a deleted row or column is deleted with
it; sorting moves cell contents (values, notes, formats) but not what is attached to the rows
themselves. Organisers' edits are made through ``edit`` (the same requests a browser sends)
or on ``cells``, ``notes`` and ``formats`` directly.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from tests.fakes.server import App, Reply, Request

_CELL = re.compile(r"^([A-Z]+)(\d+)$")
BIG = 10_000_000


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Invalid(Exception):
    pass


@dataclass
class Tab:
    sheet_id: int
    title: str
    index: int
    rows: int = 1000
    cols: int = 26
    frozen: int = 0
    hidden: bool = False
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    formats: dict[tuple[int, int], dict] = field(default_factory=dict)
    conditional: list[dict] = field(default_factory=list)
    validations: list[dict] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)  # GridRanges
    protected: list[dict] = field(default_factory=list)  # ProtectedRanges
    basic_filter: dict | None = None
    widths: dict[int, int] = field(default_factory=dict)
    hidden_columns: set[int] = field(default_factory=set)
    groups: list[dict] = field(default_factory=list)  # DimensionRanges grouped
    charts: list[dict] = field(default_factory=list)

    def properties(self) -> dict:
        return {
            "sheetId": self.sheet_id,
            "title": self.title,
            "index": self.index,
            "sheetType": "GRID",
            "hidden": self.hidden,
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
        last: dict[int, int] = {}  # row -> its last column holding a cell (one pass, not a scan a row)
        for r, c in self.cells:
            last[r] = max(last.get(r, -1), c)
        out = [[self.cells.get((r, c), "") for c in range(last.get(r, -1) + 1)] for r in range(max(last) + 1)]
        while out and not any(v not in ("", None) for v in out[-1]):
            out.pop()
        return out

    # --- inspection helpers for tests (by header label, first row holding it) -------------------
    def find(self, value: Any) -> tuple[int, int]:
        return min(rc for rc, v in self.cells.items() if v == value)

    def column(self, label: str) -> int:
        return self.find(label)[1]

    def header_row(self, label: str = "Key") -> int:
        return self.find(label)[0]

    def row_of(self, key: str, label: str = "Key") -> int:
        col = self.column(label)
        return next(r for (r, c), v in sorted(self.cells.items()) if c == col and v == key)

    def value(self, key: str, column: str) -> Any:
        return self.cells.get((self.row_of(key), self.column(column)))

    def row_keys(self, label: str = "Key") -> list[str]:
        col, head = self.column(label), self.header_row(label)
        return [
            v for (r, c), v in sorted(self.cells.items()) if c == col and r != head and v not in ("", None)
        ]

    def records(self, label: str = "Key") -> list[dict[str, Any]]:
        """Rows below the header as {label: value}, by the header row that holds ``label``."""
        head = self.header_row(label)
        labels = {c: v for (r, c), v in self.cells.items() if r == head and v not in ("", None)}
        last = max((r for r, _ in self.cells), default=head)
        out = []
        for r in range(head + 1, last + 1):
            row = {name: self.cells.get((r, c), "") for c, name in labels.items()}
            if any(v not in ("", None) for v in row.values()):
                out.append(row)
        return out


def _shift_index(i: int, start: int, n: int) -> int:
    return i + n if i >= start else i


class FakeSheets(App):
    def __init__(self, spreadsheet_id: str = "1AbCdEfGhIjKlMnOpQrStUvWxYz"):
        super().__init__()
        self.id = spreadsheet_id
        self.title = "Absensi Bimtek"
        self.tabs: list[Tab] = []
        self.metadata: list[dict] = []
        self._next_meta = 1000
        self.tokens_issued = 0
        self.before_values: Any = None  # called as a values batch arrives, which is then dropped
        self.after_values: Any = None  # called once it is applied, before the answer
        self.after_batch: Any = None  # called with each applied spreadsheets.batchUpdate body
        self.slow: float = 0.0  # seconds every batchGet takes

    # --- inspection helpers ---------------------------------------------------------------
    def tab(self, title: str) -> Tab:
        return next(t for t in self.tabs if t.title == title)

    def by_anchor(self, tab_id: str) -> Tab:
        sid = next(
            m["location"]["sheetId"]
            for m in self.metadata
            if m["metadataKey"] == "vc_sync.tab" and m["metadataValue"] == tab_id
        )
        return next(t for t in self.tabs if t.sheet_id == sid)

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

    def structure_requests(self) -> list[dict]:
        return [
            q
            for r in self.requests
            if r.path.endswith(":batchUpdate") and "values" not in r.path
            for q in r.json()["requests"]
        ]

    def anchors(self, tab: Tab) -> list[dict]:
        """vc_sync's developer metadata on a tab, with where it now is."""
        out = []
        for m in self.metadata:
            loc = m["location"]
            if (
                loc.get("sheetId") == tab.sheet_id
                or loc.get("dimensionRange", {}).get("sheetId") == tab.sheet_id
            ):
                out.append(m)
        return out

    def edit(self, *requests: dict) -> None:
        """An organiser's edit: the requests a browser would send."""
        reply = self.batch_update({"requests": list(requests)})
        assert reply.status == 200, reply.body

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
            return Reply(200, self.spreadsheet(req.query.get("fields", "")))
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

    def _meta_out(self, m: dict) -> dict:
        loc = dict(m["location"])
        loc["locationType"] = (
            "SPREADSHEET"
            if loc.get("spreadsheet")
            else "SHEET"
            if "sheetId" in loc
            else loc["dimensionRange"]["dimension"][:-1]
        )
        return {**m, "location": loc}

    def spreadsheet(self, fields: str) -> dict:
        """The Spreadsheet resource; parts of it only when the field mask asks (or there is none)."""

        def wants(part: str) -> bool:
            return not fields or part in fields

        sheets = []
        for t in sorted(self.tabs, key=lambda t: t.index):
            s: dict[str, Any] = {"properties": t.properties()}
            if wants("merges") and t.merges:
                s["merges"] = [dict(m) for m in t.merges]
            if wants("protectedRanges") and t.protected:
                s["protectedRanges"] = [dict(p) for p in t.protected]
            if wants("charts") and t.charts:
                s["charts"] = [{"chartId": c["chartId"], "spec": copy.deepcopy(c["spec"])} for c in t.charts]
            if wants("developerMetadata"):
                sheet_level = [
                    self._meta_out(m) for m in self.metadata if m["location"].get("sheetId") == t.sheet_id
                ]
                if sheet_level:
                    s["developerMetadata"] = sheet_level
            if fields and "data(" in fields:
                rows = [{} for _ in range(t.rows)]
                cols = [{} for _ in range(t.cols)]
                for m in self.metadata:
                    rng = m["location"].get("dimensionRange")
                    if rng and rng["sheetId"] == t.sheet_id:
                        target = rows if rng["dimension"] == "ROWS" else cols
                        target[rng["startIndex"]].setdefault("developerMetadata", []).append(
                            self._meta_out(m)
                        )
                s["data"] = [{"rowMetadata": rows, "columnMetadata": cols}]
            sheets.append(s)
        out: dict[str, Any] = {
            "spreadsheetId": self.id,
            "properties": {"title": self.title, "locale": "in_ID", "timeZone": "Asia/Jakarta"},
            "sheets": sheets,
        }
        top = [self._meta_out(m) for m in self.metadata if m["location"].get("spreadsheet")]
        if top and wants("developerMetadata"):
            out["developerMetadata"] = top
        return out

    def _range(self, text: str) -> tuple[Tab, int, int, int | None, int | None]:
        text = unquote(text)
        if text.startswith("'"):  # a quoted title may hold '!' and doubled quotes
            end = 1
            while True:
                end = text.index("'", end)
                if text[end : end + 2] == "''":
                    end += 2
                    continue
                break
            title, cells = text[1:end].replace("''", "'"), text[end + 2 :]
        elif "!" in text:
            title, cells = text.rsplit("!", 1)
        else:
            title, cells = text, ""
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
        staged = []
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
                    for p in tab.protected:
                        if _inside(p["range"], r, c) and not p.get("requestingUserCanEdit"):
                            return self.error(
                                400,
                                "INVALID_ARGUMENT",
                                "You are trying to edit a protected cell or object. Please contact the "
                                "spreadsheet owner to remove protection if you need to edit.",
                            )
                    staged.append((tab, r, c, value))
        for tab, r, c, value in staged:  # a batch applies whole or not at all
            if value in ("", None):
                tab.cells.pop((r, c), None)
            else:
                tab.cells[(r, c)] = value
            if mode == "USER_ENTERED" and isinstance(value, str) and value.startswith("="):
                tab.formulas.add((r, c))
            else:
                tab.formulas.discard((r, c))
        return Reply(200, {"spreadsheetId": self.id, "totalUpdatedCells": len(staged)})

    # --- batchUpdate ------------------------------------------------------------------------------
    def batch_update(self, body: dict) -> Reply:

        saved = copy.deepcopy((self.tabs, self.metadata, self._next_meta))
        replies = []
        try:
            for n, request in enumerate(body.get("requests", [])):
                ((kind, args),) = request.items()
                handler = getattr(self, f"_req_{kind}", None)
                if handler is None:
                    raise Invalid(f"Invalid requests[{n}]: unsupported request {kind}")
                replies.append(handler(args) or {})
        except Invalid as exc:  # atomic: nothing of a failed batch stays
            self.tabs, self.metadata, self._next_meta = saved
            return self.error(400, "INVALID_ARGUMENT", str(exc))
        if self.after_batch:
            self.after_batch(body)
        return Reply(200, {"spreadsheetId": self.id, "replies": replies})

    def _sheet(self, sheet_id: Any) -> Tab:
        for t in self.tabs:
            if t.sheet_id == sheet_id:
                return t
        raise Invalid(f"No grid with id: {sheet_id}")

    def _req_addSheet(self, args: dict) -> dict:
        p = args["properties"]
        if any(t.title == p["title"] for t in self.tabs):
            raise Invalid(
                f'Invalid requests[0].addSheet: A sheet with the name "{p["title"]}" already exists.'
            )
        if any(t.sheet_id == p.get("sheetId") for t in self.tabs):
            raise Invalid(f"Invalid requests[0].addSheet: sheet id {p['sheetId']} is already in use")
        grid = p.get("gridProperties", {})
        tab = Tab(
            p.get("sheetId", 1000 + len(self.tabs)),
            p["title"],
            p.get("index", len(self.tabs)),
            grid.get("rowCount", 1000),
            grid.get("columnCount", 26),
            grid.get("frozenRowCount", 0),
            p.get("hidden", False),
        )
        for other in self.tabs:
            if other.index >= tab.index:
                other.index += 1
        self.tabs.append(tab)
        return {"addSheet": {"properties": tab.properties()}}

    def _req_deleteSheet(self, args: dict) -> None:
        tab = self._sheet(args["sheetId"])
        self.tabs.remove(tab)
        gone = re.compile(
            "'" + re.escape(tab.title.replace("'", "''")) + "'!|\\b" + re.escape(tab.title) + "!"
        )
        for other in self.tabs:  # as in Sheets, a reference to the deleted tab is #REF! for good
            for rule in other.validations:
                for v in rule["rule"]["condition"].get("values", []):
                    v["userEnteredValue"] = gone.sub("#REF!", v.get("userEnteredValue", ""))
        self.metadata = [
            m
            for m in self.metadata
            if m["location"].get("sheetId") != tab.sheet_id
            and m["location"].get("dimensionRange", {}).get("sheetId") != tab.sheet_id
        ]

    def _req_updateSheetProperties(self, args: dict) -> None:
        p = args["properties"]
        tab = self._sheet(p["sheetId"])
        fields = args.get("fields", "*")
        if "title" in p and ("title" in fields or fields == "*"):
            tab.title = p["title"]
        if "hidden" in p:
            tab.hidden = p["hidden"]
        if "index" in p and ("index" in fields or fields == "*"):  # the tab moves; the others close up
            order = [t for t in sorted(self.tabs, key=lambda t: t.index) if t is not tab]
            order.insert(min(p["index"], len(order)), tab)
            for i, t in enumerate(order):
                t.index = i
        tab.frozen = p.get("gridProperties", {}).get("frozenRowCount", tab.frozen)

    def _req_appendDimension(self, args: dict) -> None:
        tab = self._sheet(args["sheetId"])
        if args["dimension"] == "ROWS":
            tab.rows += args["length"]
        else:
            tab.cols += args["length"]

    def _req_insertDimension(self, args: dict) -> None:
        rng = args["range"]
        tab = self._sheet(rng["sheetId"])
        start, n, rows = rng["startIndex"], rng["endIndex"] - rng["startIndex"], rng["dimension"] == "ROWS"
        if start > (tab.rows if rows else tab.cols):
            raise Invalid("insertDimension: range beyond the grid")
        self._shift(tab, rows, lambda i: _shift_index(i, start, n), None)
        if rows:
            tab.rows += n
        else:
            tab.cols += n

    def _req_deleteDimension(self, args: dict) -> None:
        rng = args["range"]
        tab = self._sheet(rng["sheetId"])
        start, end, rows = rng["startIndex"], rng["endIndex"], rng["dimension"] == "ROWS"
        n = end - start

        def move(i: int) -> int | None:
            if start <= i < end:
                return None
            return i - n if i >= end else i

        self._shift(tab, rows, move, (start, end))
        if rows:
            tab.rows -= n
        else:
            tab.cols -= n

    def _req_moveDimension(self, args: dict) -> None:
        src = args["source"]
        tab = self._sheet(src["sheetId"])
        rows = src["dimension"] == "ROWS"
        size = tab.rows if rows else tab.cols
        order = list(range(size))
        moving = order[src["startIndex"] : src["endIndex"]]
        rest = [i for i in order if i not in moving]
        dest = args["destinationIndex"]
        before = sum(1 for i in order[:dest] if i not in moving)
        new = rest[:before] + moving + rest[before:]
        where = {old: pos for pos, old in enumerate(new)}
        self._shift(tab, rows, lambda i: where.get(i, i), None)

    def _shift(self, tab: Tab, rows: bool, move, deleted: tuple[int, int] | None) -> None:
        """Every position-bound thing of ``tab`` follows ``move`` (None: deleted)."""

        def cell_map(d: dict) -> dict:
            out = {}
            for (r, c), v in d.items():
                i = move(r if rows else c)
                if i is not None:
                    out[(i, c) if rows else (r, i)] = v
            return out

        tab.cells = cell_map(tab.cells)
        tab.notes = cell_map(tab.notes)
        tab.formats = cell_map(tab.formats)
        tab.formulas = set(cell_map({k: 1 for k in tab.formulas}))
        start_key, end_key = (
            ("startRowIndex", "endRowIndex") if rows else ("startColumnIndex", "endColumnIndex")
        )

        def grid_range(g: dict) -> dict | None:
            g = dict(g)
            s, e = g.get(start_key, 0), g.get(end_key, BIG)
            if deleted:
                ds, de = deleted
                left = (e - s) - max(0, min(e, de) - max(s, ds))
                if left <= 0:
                    return None  # the whole range was deleted
                new_s = s if s < ds else (ds if s < de else s - (de - ds))
                if start_key in g:
                    g[start_key] = new_s
                if end_key in g and e != BIG:
                    g[end_key] = new_s + left
            else:
                if start_key in g:
                    g[start_key] = move(s)
                if end_key in g and e != BIG:
                    g[end_key] = move(e - 1) + 1  # a range grows when something is inserted inside it
            return g

        tab.merges = [m for m in (grid_range(g) for g in tab.merges) if m is not None]
        for p in tab.protected:
            p["range"] = grid_range(p["range"]) or p["range"]
        for v in tab.validations:
            v["range"] = grid_range(v["range"]) or v["range"]
        for rule in tab.conditional:
            rule["ranges"] = [g for g in (grid_range(r) for r in rule["ranges"]) if g is not None]
        if tab.basic_filter:
            tab.basic_filter["range"] = grid_range(tab.basic_filter["range"]) or tab.basic_filter["range"]
        for (
            chart
        ) in tab.charts:  # source ranges grow with rows inserted inside them; the chart's anchor moves
            basic = chart["spec"]["basicChart"]
            for part in [*(d["domain"] for d in basic["domains"]), *(x["series"] for x in basic["series"])]:
                sources = part["sourceRange"]["sources"]
                part["sourceRange"]["sources"] = [
                    g for g in (grid_range(x) if x["sheetId"] == tab.sheet_id else x for x in sources) if g
                ]
            cell = chart["position"]["overlayPosition"]["anchorCell"]
            key = "rowIndex" if rows else "columnIndex"
            moved = move(cell[key])
            cell[key] = moved if moved is not None else max(0, cell[key] - 1)
        kept = []
        dim = "ROWS" if rows else "COLUMNS"
        for m in self.metadata:
            rng = m["location"].get("dimensionRange")
            if rng and rng["sheetId"] == tab.sheet_id and rng["dimension"] == dim:
                i = move(rng["startIndex"])
                if i is None:
                    continue  # metadata on a deleted row or column goes with it
                rng["startIndex"], rng["endIndex"] = i, i + 1
            kept.append(m)
        self.metadata = kept

    def _req_sortRange(self, args: dict) -> None:
        rng = args["range"]
        tab = self._sheet(rng["sheetId"])
        r0, r1 = rng.get("startRowIndex", 0), min(rng.get("endRowIndex", tab.rows), tab.rows)
        c0, c1 = rng.get("startColumnIndex", 0), min(rng.get("endColumnIndex", tab.cols), tab.cols)
        spec = args["sortSpecs"][0]
        key_col, reverse = spec["dimensionIndex"], spec.get("sortOrder") == "DESCENDING"
        rows = list(range(r0, r1))

        def sort_key(r: int):
            v = tab.cells.get((r, key_col))
            return (v in (None, ""), str(v) if not isinstance(v, int | float) else f"{v:020.6f}")

        present = [r for r in rows if any((r, c) in tab.cells for c in range(c0, c1))]
        ordered = sorted(present, key=sort_key, reverse=reverse)
        if reverse:  # blanks still last
            ordered = [r for r in ordered if tab.cells.get((r, key_col)) not in (None, "")] + [
                r for r in ordered if tab.cells.get((r, key_col)) in (None, "")
            ]
        mapping = {old: r0 + i for i, old in enumerate(ordered)}
        for store in (tab.cells, tab.notes, tab.formats):
            moved = {}
            for (r, c), v in list(store.items()):
                if r in mapping and c0 <= c < c1:
                    moved[(mapping[r], c)] = v
                    del store[(r, c)]
            store.update(moved)

    def _req_mergeCells(self, args: dict) -> None:
        """Merging keeps the first cell's value, as Sheets does; the others are cleared."""
        rng = dict(args["range"])
        tab = self._sheet(rng["sheetId"])
        tab.merges.append(rng)
        for r in range(rng["startRowIndex"], rng["endRowIndex"]):
            for c in range(rng["startColumnIndex"], rng["endColumnIndex"]):
                if (r, c) != (rng["startRowIndex"], rng["startColumnIndex"]):
                    tab.cells.pop((r, c), None)

    def _req_unmergeCells(self, args: dict) -> None:
        tab = self._sheet(args["range"]["sheetId"])
        tab.merges = [m for m in tab.merges if m != args["range"]]

    def _req_addProtectedRange(self, args: dict) -> None:
        p = dict(args["protectedRange"])
        p.setdefault("requestingUserCanEdit", False)
        self._sheet(p["range"]["sheetId"]).protected.append(p)

    def _req_createDeveloperMetadata(self, args: dict) -> dict:
        meta = dict(args["developerMetadata"])
        loc = meta.get("location", {})
        if "dimensionRange" in loc:
            rng = loc["dimensionRange"]
            tab = self._sheet(rng["sheetId"])
            if rng["endIndex"] - rng["startIndex"] != 1:
                raise Invalid(
                    "createDeveloperMetadata: a dimension range must span exactly one row or column"
                )
            if rng["startIndex"] >= (tab.rows if rng["dimension"] == "ROWS" else tab.cols):
                raise Invalid("createDeveloperMetadata: range beyond the grid")
            loc = {"dimensionRange": dict(rng)}
        elif "sheetId" in loc:
            self._sheet(loc["sheetId"])
            loc = {"sheetId": loc["sheetId"]}
        elif loc.get("spreadsheet"):
            loc = {"spreadsheet": True}
        else:
            raise Invalid("createDeveloperMetadata: no location")
        if not meta.get("metadataKey"):
            raise Invalid("createDeveloperMetadata: metadataKey is required")
        self._next_meta += 1
        stored = {
            "metadataId": meta.get("metadataId", self._next_meta),
            "metadataKey": meta["metadataKey"],
            "metadataValue": meta.get("metadataValue", ""),
            "visibility": meta.get("visibility", "DOCUMENT"),
            "location": loc,
        }
        self.metadata.append(stored)
        return {"createDeveloperMetadata": {"developerMetadata": self._meta_out(stored)}}

    def _req_deleteDeveloperMetadata(self, args: dict) -> dict:
        lookup = args["dataFilter"]["developerMetadataLookup"]
        gone = [
            m
            for m in self.metadata
            if all(
                m.get(k) == v
                for k, v in lookup.items()
                if k in ("metadataId", "metadataKey", "metadataValue")
            )
        ]
        self.metadata = [m for m in self.metadata if m not in gone]
        return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": [self._meta_out(m) for m in gone]}}

    def _req_repeatCell(self, args: dict) -> None:
        rng = args["range"]
        tab = self._sheet(rng["sheetId"])
        for r in range(rng.get("startRowIndex", 0), min(rng.get("endRowIndex", tab.rows), tab.rows)):
            for c in range(
                rng.get("startColumnIndex", 0), min(rng.get("endColumnIndex", tab.cols), tab.cols)
            ):
                tab.formats.setdefault((r, c), {}).update(args["cell"].get("userEnteredFormat", {}))

    def _req_setBasicFilter(self, args: dict) -> None:
        self._sheet(args["filter"]["range"]["sheetId"]).basic_filter = args["filter"]

    def _req_updateDimensionProperties(self, args: dict) -> None:
        rng = args["range"]
        tab = self._sheet(rng["sheetId"])
        props = args["properties"]
        for i in range(rng["startIndex"], rng["endIndex"]):
            if "pixelSize" in props:
                tab.widths[i] = props["pixelSize"]
            if rng["dimension"] == "COLUMNS" and "hiddenByUser" in props:
                (tab.hidden_columns.add if props["hiddenByUser"] else tab.hidden_columns.discard)(i)

    def _req_addDimensionGroup(self, args: dict) -> None:
        rng = args["range"]
        self._sheet(rng["sheetId"]).groups.append(dict(rng))

    def _req_addChart(self, args: dict) -> dict:
        chart = dict(args["chart"])
        anchor = chart["position"]["overlayPosition"]["anchorCell"]
        tab = self._sheet(anchor["sheetId"])
        spec = chart["spec"]["basicChart"]
        for part in [*(d["domain"] for d in spec["domains"]), *(s["series"] for s in spec["series"])]:
            for source in part["sourceRange"]["sources"]:
                if source["sheetId"] != tab.sheet_id:
                    raise Invalid("addChart: a source range on another sheet")
        chart.setdefault("chartId", 5000 + len(tab.charts))
        tab.charts.append(chart)
        return {"addChart": {"chart": chart}}

    def _req_updateChartSpec(self, args: dict) -> None:
        for tab in self.tabs:
            for chart in tab.charts:
                if chart["chartId"] == args["chartId"]:
                    chart["spec"] = copy.deepcopy(args["spec"])
                    return
        raise Invalid(f"updateChartSpec: no chart with id {args['chartId']}")

    def _req_addConditionalFormatRule(self, args: dict) -> None:
        self._sheet(args["rule"]["ranges"][0]["sheetId"]).conditional.append(args["rule"])

    def _req_setDataValidation(self, args: dict) -> None:
        tab = self._sheet(args["range"]["sheetId"])
        tab.validations = [v for v in tab.validations if v["range"] != args["range"]]  # set, not added
        tab.validations.append(args)


def _inside(g: dict, r: int, c: int) -> bool:
    return g.get("startRowIndex", 0) <= r < g.get("endRowIndex", BIG) and g.get(
        "startColumnIndex", 0
    ) <= c < g.get("endColumnIndex", BIG)
