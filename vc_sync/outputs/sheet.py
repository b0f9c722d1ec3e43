"""The shared Google Sheet (gspread), written in a constant number of requests.

A sync reads the spreadsheet's metadata once and every tab it needs in one batch, then sends
at most one structural batch (new tabs, their formatting, more rows) and one batch of
values, whatever the number of rows. Values are written RAW, so a display name such as
'=IMPORTXML(…)' stays text. gspread's own back-off never gives up; each call here goes
through the bounded retries of ``vc_sync.http`` instead.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import requests

from vc_sync.errors import ProviderError
from vc_sync.http import RETRY_STATUSES, RetryPolicy, Transient, call, retry_after
from vc_sync.outputs.base import Plan, tab_order
from vc_sync.outputs.layout import CHOICES, COLOURS, SUMMARY
from vc_sync.outputs.plan import Grid, TabPlan, Write

SHEETS = "https://sheets.googleapis.com"
SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
_KEY = re.compile(r"/spreadsheets/d/([a-zA-Z0-9-_]+)")
WIDTHS = {"Key": 110, "Agency": 260, "Name": 200, "Display names": 280, "Email": 200, "Choice": 420}


def spreadsheet_id(value: str) -> str:
    """The id from a spreadsheet URL, or the value itself when it is a bare id."""
    found = _KEY.search(value)
    return found.group(1) if found else value.strip()


def a1(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def session_for(credentials_path: str, endpoint: str | None) -> requests.Session:
    """An authorised requests session for a service-account or authorised-user JSON, sending
    to ``endpoint`` instead of Google's host when one is configured (proxies, test servers)."""
    from google.auth.transport.requests import AuthorizedSession

    from vc_sync.google_credentials import load

    creds = load(credentials_path, SCOPES, where="output.credentials")

    class Session(AuthorizedSession):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
            if endpoint and url.startswith(SHEETS):
                url = endpoint.rstrip("/") + url[len(SHEETS) :]
            kwargs.setdefault("timeout", 60)
            return super().request(method, url, *args, **kwargs)

    return Session(creds)


class SheetOutput:
    """The plan applied to a Google Sheet through gspread's HTTP client."""

    def __init__(self, sheet: str, session: requests.Session, policy: RetryPolicy | None = None):
        import gspread

        self.id = spreadsheet_id(sheet)
        self.http = gspread.Client(auth=None, session=session).http_client
        self.policy = policy or RetryPolicy()
        self._meta: dict[str, Any] | None = None

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        from google.auth.exceptions import RefreshError, TransportError
        from gspread.exceptions import APIError

        def once() -> Any:
            try:
                return fn()
            except RefreshError as exc:
                reason = exc.args[0] if exc.args else type(exc).__name__
                raise ProviderError(f"sheets: {what}: the credentials were refused ({reason})") from None
            except TransportError as exc:
                raise Transient(f"token request: {type(exc).__name__}") from None
            except APIError as exc:
                status = exc.response.status_code
                if status in RETRY_STATUSES:
                    raise Transient(
                        f"HTTP {status} {exc.error.get('status', '')}".strip(),
                        retry_after(exc.response.headers.get("Retry-After")),
                    ) from None
                if status in (401, 403):
                    raise ProviderError(
                        f"sheets: {what}: access refused (HTTP {status}: {exc.error.get('message')}); "
                        "share the sheet with the credentials' account"
                    ) from None
                if status == 404:
                    raise ProviderError(f"sheets: {what}: spreadsheet {self.id} not found") from None
                raise ProviderError(f"sheets: {what}: HTTP {status}: {exc.error.get('message')}") from None
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(type(exc).__name__) from None

        return call(f"sheets: {what}", once, self.policy)

    def metadata(self) -> dict[str, Any]:
        if self._meta is None:
            fields = "properties.title,sheets.properties"
            self._meta = self._call(
                "read metadata",
                lambda: self.http.fetch_sheet_metadata(
                    self.id, params={"includeGridData": "false", "fields": fields}
                ),
            )
        return self._meta

    def _sheets(self) -> dict[str, dict[str, Any]]:
        return {s["properties"]["title"]: s["properties"] for s in self.metadata().get("sheets", [])}

    def read(self, session_ids: Sequence[str]) -> dict[str, Grid]:
        present = [t for t in tab_order(session_ids) if t in self._sheets()]
        if not present:
            return {}
        body = self._call(
            "read tabs",
            lambda: self.http.values_batch_get(
                self.id,
                [quoted(t) for t in present],
                params={"valueRenderOption": "UNFORMATTED_VALUE", "majorDimension": "ROWS"},
            ),
        )
        grids = {}
        for title, got in zip(present, body.get("valueRanges", []), strict=False):
            grids[title] = Grid(title, tuple(tuple(r) for r in got.get("values", [])))
        return grids

    def apply(self, plan: Plan, session_ids: Sequence[str]) -> None:
        if not plan.changed:
            return
        sheets = self._sheets()
        structure: list[dict[str, Any]] = []
        ids = {t: p["sheetId"] for t, p in sheets.items()}
        for tab in plan.tabs:
            if tab.title not in sheets:
                sid = _new_id(tab.title, set(ids.values()))
                ids[tab.title] = sid
                rows, cols = max(1000, tab.rows + 100), max(26, len(tab.header))
                structure.append(
                    {
                        "addSheet": {
                            "properties": {
                                "sheetId": sid,
                                "title": tab.title,
                                "index": tab_order(session_ids).index(tab.title)
                                if tab.title != SUMMARY
                                else 0,
                                "gridProperties": {
                                    "rowCount": rows,
                                    "columnCount": cols,
                                    "frozenRowCount": 1,
                                },
                            }
                        }
                    }
                )
                structure += _formatting(sid, tab)
            else:
                grid = sheets[tab.title].get("gridProperties", {})
                if tab.rows > grid.get("rowCount", 1000):
                    structure.append(
                        {
                            "appendDimension": {
                                "sheetId": ids[tab.title],
                                "dimension": "ROWS",
                                "length": tab.rows - grid["rowCount"] + 100,
                            }
                        }
                    )
                width = max((w.col for w in tab.writes), default=0) + 1
                if width > grid.get("columnCount", 26):
                    structure.append(
                        {
                            "appendDimension": {
                                "sheetId": ids[tab.title],
                                "dimension": "COLUMNS",
                                "length": width - grid["columnCount"],
                            }
                        }
                    )
        if structure:
            self._call("prepare tabs", lambda: self.http.batch_update(self.id, {"requests": structure}))
            self._meta = None
        data = [rng for tab in plan.tabs for rng in _ranges(tab.title, tab.writes)]
        if data:
            self._call(
                "write values",
                lambda: self.http.values_batch_update(self.id, {"valueInputOption": "RAW", "data": data}),
            )


def _new_id(title: str, taken: set[int]) -> int:
    sid = zlib.crc32(title.encode()) & 0x7FFFFFFF
    while sid in taken:
        sid = (sid + 1) & 0x7FFFFFFF
    return sid


def _ranges(title: str, writes: Sequence[Write]) -> list[dict[str, Any]]:
    """Runs of adjacent cells in a row become one range each."""
    by_row: dict[int, dict[int, Any]] = {}
    for w in writes:
        by_row.setdefault(w.row, {})[w.col] = w.value
    out = []
    for row in sorted(by_row):
        cols = sorted(by_row[row])
        start = prev = cols[0]
        run = [by_row[row][start]]
        for c in [*cols[1:], None]:
            if c is not None and c == prev + 1:
                run.append(by_row[row][c])
                prev = c
                continue
            out.append(
                {
                    "range": f"{quoted(title)}!{a1(start)}{row + 1}:{a1(prev)}{row + 1}",
                    "majorDimension": "ROWS",
                    "values": [run],
                }
            )
            if c is not None:
                start = prev = c
                run = [by_row[row][c]]
    return out


def _formatting(sid: int, tab: TabPlan) -> list[dict[str, Any]]:
    """A new tab's look: bold header, widths, filter, status colours, organisers' dropdowns."""
    reqs: list[dict[str, Any]] = [
        {
            "repeatCell": {
                "range": {"sheetId": sid, "startRowIndex": 0, "endRowIndex": 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold",
            }
        },
        {
            "setBasicFilter": {
                "filter": {
                    "range": {
                        "sheetId": sid,
                        "startRowIndex": 0,
                        "startColumnIndex": 0,
                        "endColumnIndex": len(tab.header),
                    }
                }
            }
        },
    ]
    for name, col in tab.columns.items():
        reqs.append(
            {
                "updateDimensionProperties": {
                    "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1},
                    "properties": {"pixelSize": WIDTHS.get(name, 120)},
                    "fields": "pixelSize",
                }
            }
        )
    if "Status" in tab.columns:
        col = tab.columns["Status"]
        for n, (status, colour) in enumerate(COLOURS.items()):
            rgb = {k: int(colour[i : i + 2], 16) / 255 for k, i in (("red", 0), ("green", 2), ("blue", 4))}
            reqs.append(
                {
                    "addConditionalFormatRule": {
                        "index": n,
                        "rule": {
                            "ranges": [
                                {
                                    "sheetId": sid,
                                    "startRowIndex": 1,
                                    "startColumnIndex": col,
                                    "endColumnIndex": col + 1,
                                }
                            ],
                            "booleanRule": {
                                "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": status}]},
                                "format": {"backgroundColor": rgb},
                            },
                        },
                    }
                }
            )
    for name in tab.inputs:
        col = tab.columns[name]
        reqs.append(
            {
                "setDataValidation": {
                    "range": {
                        "sheetId": sid,
                        "startRowIndex": 1,
                        "startColumnIndex": col,
                        "endColumnIndex": col + 1,
                    },
                    "rule": {
                        "condition": {
                            "type": "ONE_OF_RANGE",
                            "values": [{"userEnteredValue": f"={quoted(CHOICES)}!$A$2:$A"}],
                        },
                        "strict": False,
                        "showCustomUi": True,
                    },
                }
            }
        )
    return reqs
