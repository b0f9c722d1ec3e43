"""The shared Google Sheet (gspread), written in a constant number of requests.

A sync reads the spreadsheet's metadata once (tabs, merges, protected ranges and vc_sync's
anchors) and every tab it needs in one batch, then sends at most one structural batch (new
tabs, anchors, a restored header row, more rows, formatting) and one batch of values,
whatever the number of rows. Anchors are developer metadata, which Sheets moves with the
row, column or tab it sits on: ``vc_sync.tab`` on a tab, ``vc_sync.header`` on its header row,
``vc_sync.column`` on each of its columns. Values are written RAW, so a display name such as
'=IMPORTXML(…)' stays text. gspread's own back-off never gives up; each call here goes
through the bounded retries of ``vc_sync.http`` instead.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import os
import secrets
import socket
import time
import uuid
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from vc_sync.errors import InputError, LockBusy, Problem, ProviderError, VcSyncError
from vc_sync.google_credentials import SCOPES as GOOGLE_SCOPES
from vc_sync.google_credentials import SPREADSHEET_ID
from vc_sync.http import Refusals, RetryPolicy, Transient, call, transient
from vc_sync.outputs.base import Plan, pick_columns_beside, position, resolve, scoped, unique_title, unscoped
from vc_sync.outputs.grid import Grid, Rect, RowOp, a1, blocked_by_merges
from vc_sync.outputs.layout import CHOICES, TabRef
from vc_sync.outputs.plan import TabPlan, Write, applied
from vc_sync.outputs.words import words_of

SHEETS = "https://sheets.googleapis.com"
SCOPES = [GOOGLE_SCOPES["sheets"]]


def refusals(session: requests.Session) -> Refusals:
    """The Sheets API's refusals, naming the account the sheet must be shared with: a service
    account's address (the one to type into Share), or the account that signed in."""
    email = getattr(getattr(session, "credentials", None), "service_account_email", None)
    whom = email if email else "the Google account that signed in with vc-sync auth google"
    share = f"share the sheet with {whom} as Editor"
    return Refusals(
        "sheets",
        unauthenticated_hint=share,
        forbidden_hint=share,
        not_found_hint=f"check the address in output.sheet, and {share}",
    )


TAB, HEADER, COLUMN = "vc_sync.tab", "vc_sync.header", "vc_sync.column"
PROGRAMME, LEASE, WRITTEN = "vc_sync.programme", "vc_sync.lease", "vc_sync.written"
LEASE_SECONDS = 300  # a lease whose holder died is free after this (plus CLOCK_SKEW)
CLOCK_SKEW = 300  # how far behind ours another machine's clock may be
_FIELDS = (
    "properties.title,developerMetadata,sheets(properties,merges,"
    "protectedRanges(range,requestingUserCanEdit),developerMetadata,charts(chartId,spec),"
    "data(rowMetadata(developerMetadata),columnMetadata(developerMetadata)))"
)
PIXELS_PER_CHAR = 7


def spreadsheet_id(value: str) -> str:
    """The id from a spreadsheet URL, or the value itself when it is a bare id."""
    found = SPREADSHEET_ID.search(value)
    return found.group(1) if found else value.strip()


def quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def session_for(credentials_path: str, endpoint: str | None) -> requests.Session:
    """An authorised requests session for a service-account or authorised-user JSON, sending
    to ``endpoint`` instead of Google's host when one is configured (proxies, test servers)."""
    from google.auth.transport.requests import AuthorizedSession

    from vc_sync.google_credentials import load

    creds = load(credentials_path, SCOPES, where="output.credentials")

    class Session(AuthorizedSession):
        def request(  # type: ignore[override]  # the same call, its arguments passed on
            self, method: str, url: str, *args: Any, **kwargs: Any
        ) -> requests.Response:
            if endpoint and url.startswith(SHEETS):
                url = endpoint.rstrip("/") + url[len(SHEETS) :]
            kwargs.setdefault("timeout", 60)
            return super().request(method, url, *args, **kwargs)

    return Session(creds)


@dataclass(eq=False)
class _Sheet:
    """One tab as the metadata read describes it."""

    id: int
    title: str
    rows: int
    cols: int
    tab: str | None = None
    header: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    anchors: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (key, value) -> metadata ids
    merges: tuple[Rect, ...] = ()
    protected: tuple[Rect, ...] = ()
    charts: list[dict[str, Any]] = field(default_factory=list)  # as read: chartId and spec


def _rect(grid_range: dict[str, Any]) -> Rect:
    return (
        grid_range.get("startRowIndex", 0),
        grid_range.get("startColumnIndex", 0),
        grid_range.get("endRowIndex", 10_000_000) - 1,
        grid_range.get("endColumnIndex", 18_278) - 1,
    )


def _parse(sheet: dict[str, Any]) -> _Sheet:
    props = sheet["properties"]
    grid = props.get("gridProperties", {})
    out = _Sheet(props["sheetId"], props["title"], grid.get("rowCount", 1000), grid.get("columnCount", 26))
    found: list[tuple[dict[str, Any], int | None]] = [(m, None) for m in sheet.get("developerMetadata", [])]
    for data in sheet.get("data", []):
        for kind, start in (("rowMetadata", "startRow"), ("columnMetadata", "startColumn")):
            for i, dim in enumerate(data.get(kind, [])):
                found += [(m, data.get(start, 0) + i) for m in dim.get("developerMetadata", [])]
    for meta, index in found:
        key, value = meta.get("metadataKey"), str(meta.get("metadataValue", ""))
        if key not in (TAB, HEADER, COLUMN):
            continue
        out.anchors.setdefault((key, value), []).append(meta["metadataId"])
        where = meta.get("location", {}).get("dimensionRange", {}).get("startIndex", index)
        if key == TAB and out.tab is None:
            out.tab = value
        elif key == HEADER and where is not None and out.header is None:
            out.header = where
        elif key == COLUMN and where is not None:
            out.columns[value] = min(where, out.columns.get(value, where))  # two of one: the leftmost
    out.merges = tuple(_rect(m) for m in sheet.get("merges", []))
    out.protected = tuple(
        _rect(p.get("range", {}))
        for p in sheet.get("protectedRanges", [])
        if not p.get("requestingUserCanEdit")
    )
    out.charts = list(sheet.get("charts", []))
    return out


class SheetOutput:
    """The plan applied to a Google Sheet through gspread's HTTP client."""

    def __init__(
        self,
        sheet: str,
        session: requests.Session,
        policy: RetryPolicy | None = None,
        programme: str = "",
        lock_wait: float = 10.0,
        prefix: str = "",
    ):
        import gspread

        self.id = spreadsheet_id(sheet)
        # the session signs its requests itself (gspread takes one in place of credentials)
        self.http = gspread.Client(auth=None, session=session).http_client  # type: ignore[arg-type]
        self.refusals = refusals(session)
        self.policy = policy or RetryPolicy()
        self.programme = programme
        self.lock_wait = lock_wait
        self.prefix = prefix
        self._mark = PROGRAMME + (f".{prefix}" if prefix else "")
        self.warnings: list[str] = []
        self._sheets: list[_Sheet] = []
        self._found: dict[str, _Sheet] = {}
        self._grids: dict[str, Grid] = {}
        self._choices: TabPlan | None = None  # the run's last plan of the Choices tab
        self._structure: list[dict[str, Any]] = []
        self._values: dict[_Sheet, list[Write]] = {}
        self._leases: list[dict[str, Any]] = []
        self._claim = False
        self._written = WRITTEN + (f".{prefix}" if prefix else "")
        self.mark: str | None = None  # the mark of vc_sync's last write, as read (see ``set_mark``)
        self._marks: list[int] = []  # its metadata ids
        self._next_mark: str | None = None

    @property
    def identity(self) -> str:
        """The output as the state store records what vc_sync wrote in it."""
        return f"sheet:{self.id}"

    def set_mark(self, mark: str) -> None:
        """Written as the lease is given back, after the values: which write of vc_sync's the
        spreadsheet holds, so that a record of what it wrote is known to be of the sheet as it is
        (another machine's write since leaves another mark)."""
        self._next_mark = mark

    def __str__(self) -> str:
        return f"https://docs.google.com/spreadsheets/d/{self.id}"

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
                if again := transient(status, exc.response.headers, exc.error.get("status", "")):
                    raise again from None
                detail = f"HTTP {status}: {exc.error.get('message')}"
                raise (
                    self.refusals.error(what, status, detail) or ProviderError(f"sheets: {what}: {detail}")
                ) from None
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(type(exc).__name__) from None

        return call(f"sheets: {what}", once, self.policy)

    def read(self, refs: Sequence[TabRef]) -> dict[str, Grid]:
        self.warnings = []
        self._choices = None
        self._structure, self._values = [], {}
        meta = self._call(
            "read metadata", lambda: self.http.fetch_sheet_metadata(self.id, params={"fields": _FIELDS})
        )
        top = meta.get("developerMetadata", [])
        self._leases = [m for m in top if m.get("metadataKey") == LEASE]
        marks = [m for m in top if m.get("metadataKey") == self._written]
        self.mark = str(marks[0].get("metadataValue", "")) if len(marks) == 1 else None
        self._marks = [m["metadataId"] for m in marks]
        theirs = next((m.get("metadataValue") for m in top if m.get("metadataKey") == self._mark), None)
        if theirs is not None and self.programme and theirs != self.programme:
            raise InputError(
                Problem(
                    str(self),
                    f"the sheet of the programme {theirs!r}; {self.programme!r} cannot write it too: give "
                    "it its own output.sheet, or its own tabs with [output] prefix",
                )
            )
        self._claim = theirs is None and bool(self.programme)
        self._sheets = [_parse(s) for s in meta.get("sheets", [])]
        for sheet in self._sheets:  # anchors of another programme's tabs (another prefix) are not ours
            sheet.tab = None if sheet.tab is None else unscoped(sheet.tab, self.prefix)
        found, warned = resolve(refs, [(s.title, s.tab) for s in self._sheets])
        self.warnings += warned
        self._found = {tab_id: self._sheets[i] for tab_id, i in found.items()}
        self._grids = {}
        if not self._found:
            return {}
        present = list(self._found.items())
        body = self._call(
            "read tabs",
            lambda: self.http.values_batch_get(
                self.id,
                [quoted(s.title) for _, s in present],
                params={"valueRenderOption": "UNFORMATTED_VALUE", "majorDimension": "ROWS"},
            ),
        )
        for (tab_id, s), got in zip(present, body.get("valueRanges", []), strict=False):
            self._grids[tab_id] = Grid(
                s.title,
                tuple(tuple(r) for r in got.get("values", [])),
                s.tab,
                s.header,
                dict(s.columns),
                blocked_by_merges(s.merges) + s.protected,
                s.merges,
            )
        return dict(self._grids)

    def apply(self, plan: Plan) -> None:
        """Stage ``plan`` and write it."""
        self.stage(plan)
        self.flush()

    def stage(self, plan: Plan) -> dict[str, Grid]:
        """Queue ``plan``'s requests, which later plans of the same run follow (their row changes
        move the cells queued before them); the tabs as they will be."""
        if plan.changed:
            self._stage(plan)
        for tab in plan.tabs:
            self._grids[tab.tab.id] = applied(self._grids.get(tab.tab.id), tab)
        return dict(self._grids)

    def flush(self) -> None:
        """Write what was staged: one structural batch, then the values."""
        structure, self._structure = self._structure, []
        if structure:
            self._batch("prepare tabs", structure)
        data = [rng for sheet, writes in self._values.items() for rng in _ranges(sheet.title, writes)]
        self._values = {}
        # Google recommends bodies of at most 2 MB (it refuses them near 10 MB): above the
        # bound the values go in several requests, so their number grows only with the size.
        # Each is whole or nothing; after a failure a rerun writes what is still missing.
        batches: list[list[dict[str, Any]]] = []
        size = VALUES_BODY  # as json.dumps writes the body for requests: ', ' between items
        for rng in data:
            grows = len(json.dumps(rng)) + 2
            if size + grows > VALUES_BODY:
                batches.append([])
                size = len('{"valueInputOption": "RAW", "data": []}')
            batches[-1].append(rng)
            size += grows
        for n, batch in enumerate(batches, start=1):
            what = "write values" + (f" ({n} of {len(batches)})" if len(batches) > 1 else "")
            self._call(
                what,
                functools.partial(
                    self.http.values_batch_update, self.id, {"valueInputOption": "RAW", "data": batch}
                ),
            )

    def _stage(self, plan: Plan) -> None:
        structure = self._structure
        if self._claim:
            structure.append(_anchor(self._mark, self.programme, {"spreadsheet": True}))
            self._claim = False
        taken = {s.id for s in self._sheets}
        for tab in plan.tabs:
            if tab.create:
                sid = _new_id(tab.title, taken)
                taken.add(sid)
                tab.title = unique_title(tab.title, [s.title for s in self._sheets])
                at = position([s.tab for s in self._sheets], plan.order, tab.tab.id)
                new = _Sheet(sid, tab.title, max(1000, tab.rows + 100), max(26, tab.cols), tab.tab.id)
                self._sheets.insert(at, new)
                self._found[tab.tab.id] = new
                structure.append(
                    {
                        "addSheet": {
                            "properties": {
                                "sheetId": sid,
                                "title": tab.title,
                                "index": at,
                                "gridProperties": {
                                    "rowCount": new.rows,
                                    "columnCount": new.cols,
                                    "frozenRowCount": tab.header + 1,
                                },
                                "hidden": tab.tab.hidden,
                            }
                        }
                    }
                )
        choices = next((t for t in plan.tabs if t.tab.id == CHOICES), None)
        repoint = choices is not None and bool(
            choices.create or choices.retitle or "choice" in choices.anchor_columns
        )
        # a later session of the run does not plan Choices again: its dropdowns use the last one
        choices = self._choices = choices or self._choices
        for tab in plan.tabs:
            sheet = self._found[tab.tab.id]
            sid = sheet.id
            if not tab.create:
                structure += _reanchor(sheet, tab)
                if tab.retitle:
                    structure.append(
                        {
                            "updateSheetProperties": {
                                "properties": {"sheetId": sid, "title": tab.retitle},
                                "fields": "title",
                            }
                        }
                    )
                    sheet.title = tab.retitle
                queued = self._values.get(sheet, [])
                for op in tab.ops:
                    structure.append(_row_op(sid, op))
                    sheet.rows += op.n if op.kind == "insert" else -op.n if op.kind == "delete" else 0
                    queued = [Write(r, w.col, w.value) for w in queued if (r := op.row(w.row)) is not None]
                self._values[sheet] = queued
                if tab.rows > sheet.rows:
                    structure.append(_append(sid, "ROWS", tab.rows - sheet.rows + 100))
                    sheet.rows = tab.rows + 100
                if tab.cols > sheet.cols:
                    structure.append(_append(sid, "COLUMNS", tab.cols - sheet.cols))
                    sheet.cols = tab.cols
            tab_id = scoped(tab.tab.id, self.prefix)
            if tab.anchor_tab:
                structure.append(self._anchored(sheet, TAB, tab_id, {"sheetId": sid}))
            if tab.anchor_header:
                structure.append(
                    self._anchored(sheet, HEADER, tab_id, {"dimensionRange": _dim(sid, "ROWS", tab.header)})
                )
            for cid, col in tab.anchor_columns.items():
                structure.append(
                    self._anchored(sheet, COLUMN, cid, {"dimensionRange": _dim(sid, "COLUMNS", col)})
                )
            if tab.create:
                structure += _formatting(sid, tab, choices, plan)
            else:
                if tab.tab.chart is not None:
                    structure += _stretch_chart(sheet, tab, plan.chart_title)
                if repoint or tab.anchor_columns.keys() & {c.id for c in tab.tab.inputs}:
                    structure += _dropdowns(sid, tab, choices)  # the list moved, or the column did
            self._values.setdefault(sheet, []).extend(tab.writes)
        if repoint:  # every other tab's dropdowns too: a deleted list left them '#REF!' for good
            for tab_id, grid, cols in pick_columns_beside(self._grids, plan):
                if (found := self._found.get(tab_id)) is not None:
                    structure += _dropdowns_at(found.id, grid.header, cols, choices)  # type: ignore[arg-type]

    def _anchored(self, sheet: _Sheet, key: str, value: str, location: dict[str, Any]) -> dict[str, Any]:
        """An anchor with an id chosen here, so that a later plan of the same run can replace it."""
        metadata_id = secrets.randbelow(2**31 - 2) + 1
        sheet.anchors[(key, value)] = [metadata_id]
        return _anchor(key, value, location, metadata_id)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """A lease on the spreadsheet while this run writes it, kept in the spreadsheet itself so
        that machines which share no lock never write it at once: written, then read back; a
        machine that reads back its own lease alone holds it, two that see each other both give
        way and retry after a random pause. A lease whose holder died expires. Another's live
        lease is waited for (``lock_wait``), then exit 4."""
        holder = f"{_machine()}:{os.getpid()}:{secrets.token_hex(4)}"
        deadline = time.monotonic() + self.lock_wait
        mine: int | None = None
        state = self._leases  # as the read before this one found them
        while True:
            live = [m for m in state if _alive(m)]
            if mine is None:
                if live:
                    self._wait_for(live, deadline)
                    state = self._lease_state()
                    continue
                mine = secrets.randbelow(2**31 - 2) + 1
                stale = [_delete_metadata(m["metadataId"]) for m in state if m not in live]
                value = f"{time.time() + LEASE_SECONDS:.0f}|{holder}"
                self._batch("take the lease", [*stale, _anchor(LEASE, value, {"spreadsheet": True}, mine)])
                state = self._lease_state()  # read it back: another machine may have written one too
                continue
            others = [m for m in live if m.get("metadataId") != mine]
            if not others and len(live) == 1:
                break
            # Another lease was written meanwhile: both give way and try again after a random
            # pause. Safe whatever the clocks say: of two writers, the later one's read-back
            # always sees the earlier one's lease.
            self._batch("give the lease way", [_delete_metadata(mine)])
            mine = None
            self._wait_for(others, deadline, jitter=True)
            state = self._lease_state()
        try:
            yield
        finally:
            release = [_delete_metadata(mine)]
            mark, self._next_mark = self._next_mark, None
            if mark:
                release += [_delete_metadata(m) for m in self._marks]
                release.append(_anchor(self._written, mark, {"spreadsheet": True}))
            with contextlib.suppress(VcSyncError):  # a lease left behind expires on its own
                self._batch("release the lease", release)
                if mark:
                    self.mark = mark

    def _wait_for(self, live: list[dict[str, Any]], deadline: float, jitter: bool = False) -> None:
        if time.monotonic() >= deadline:
            held = ", ".join(str(m.get("metadataValue", "")).split("|", 1)[-1] for m in live)
            raise LockBusy(f"sheets: another machine is writing {self} ({held}); waited {self.lock_wait:g} s")
        pause = 0.05 + secrets.randbelow(950) / 1000 if jitter else 1.0
        time.sleep(min(pause, max(0.05, deadline - time.monotonic())))

    def _batch(self, what: str, requests_: list[dict[str, Any]]) -> Any:
        return self._call(what, lambda: self.http.batch_update(self.id, {"requests": requests_}))

    def _lease_state(self) -> list[dict[str, Any]]:
        meta = self._call(
            "read the lease",
            lambda: self.http.fetch_sheet_metadata(self.id, params={"fields": "developerMetadata"}),
        )
        return [m for m in meta.get("developerMetadata", []) if m.get("metadataKey") == LEASE]


def _alive(lease: dict[str, Any]) -> bool:
    """A lease not yet expired (allowing for another machine's clock being up to
    ``CLOCK_SKEW`` behind) whose holder may still be writing: one held on this very machine
    (same host name and machine id) by a process that is gone (killed, crashed) is not."""
    if _lease_expiry(lease) + CLOCK_SKEW <= time.time():
        return False
    host, _, rest = str(lease.get("metadataValue", "")).split("|", 1)[-1].partition(":")
    pid = rest.partition(":")[0]
    if host == _machine() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # another user's process: alive
    return True


@functools.cache
def _machine() -> str:
    """This machine as a lease names it: the host name, and the machine id so that two
    machines called alike (cloned VMs, containers) are told apart."""
    ident = ""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        with contextlib.suppress(OSError):
            ident = Path(path).read_text().strip()[:12]
            break
    return f"{socket.gethostname()}@{ident or f'{uuid.getnode():012x}'}"


def _lease_expiry(meta: dict[str, Any]) -> float:
    try:
        return float(str(meta.get("metadataValue", "")).split("|", 1)[0])
    except ValueError:
        return 0.0


def _delete_metadata(metadata_id: int) -> dict[str, Any]:
    return {
        "deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}}
    }


def _row_op(sheet_id: int, op: RowOp) -> dict[str, Any]:
    if op.kind == "insert":
        rng = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": op.at, "endIndex": op.at + op.n}
        return {"insertDimension": {"range": rng, "inheritFromBefore": False}}
    if op.kind == "delete":
        rng = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": op.at, "endIndex": op.at + op.n}
        return {"deleteDimension": {"range": rng}}
    source = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": op.at, "endIndex": op.at + 1}
    return {"moveDimension": {"source": source, "destinationIndex": op.to}}


def _dim(sheet_id: int, dimension: str, index: int) -> dict[str, Any]:
    return {"sheetId": sheet_id, "dimension": dimension, "startIndex": index, "endIndex": index + 1}


def _append(sheet_id: int, dimension: str, length: int) -> dict[str, Any]:
    return {"appendDimension": {"sheetId": sheet_id, "dimension": dimension, "length": length}}


def _anchor(key: str, value: str, location: dict[str, Any], metadata_id: int | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "metadataKey": key,
        "metadataValue": value,
        "location": location,
        "visibility": "DOCUMENT",
    }
    if metadata_id is not None:
        meta["metadataId"] = metadata_id
    return {"createDeveloperMetadata": {"developerMetadata": meta}}


def _reanchor(old: _Sheet, tab: TabPlan) -> list[dict[str, Any]]:
    """Deletions of the anchors a plan replaces, so that one anchor never has two places."""
    stale: list[int] = []
    if tab.anchor_tab:
        stale += [i for (k, _v), ids in old.anchors.items() if k == TAB for i in ids]
    if tab.anchor_header:
        stale += [i for (k, _v), ids in old.anchors.items() if k == HEADER for i in ids]
    for cid in tab.anchor_columns:
        stale += old.anchors.get((COLUMN, cid), [])
    return [_delete_metadata(i) for i in stale]


def _new_id(title: str, taken: set[int]) -> int:
    sid = zlib.crc32(title.encode()) & 0x7FFFFFFF
    while sid in taken:
        sid = (sid + 1) & 0x7FFFFFFF
    return sid


VALUES_BODY = 2_000_000  # bytes of one values.batchUpdate body, at most


def _ranges(title: str, writes: Sequence[Write]) -> list[dict[str, Any]]:
    """Contiguous blocks of cells as 2-D ranges: runs of adjacent cells in a row, stacked with
    the same run of the rows below (new rows come as a few blocks, not a range per cell); a
    cleared cell is sent as ''. No block outgrows a request body: a long one is cut into
    several, a row too wide for one into pieces."""
    by_row: dict[int, dict[int, Any]] = {}
    for w in writes:
        by_row.setdefault(w.row, {})[w.col] = "" if w.value is None else w.value
    room = VALUES_BODY // 2  # for one block's values, beside the range and the other blocks
    runs: list[tuple[int, int, int, list[Any], int]] = []  # row, first col, last col, values, bytes
    for row in sorted(by_row):
        cells = by_row[row]
        run: list[Any] = []
        start = prev = -2
        size = 0
        for col in sorted(cells):
            cost = len(json.dumps(cells[col])) + 2
            if run and (col != prev + 1 or size + cost > room):
                runs.append((row, start, prev, run, size))
                run = []
            if not run:
                start, size = col, 2
            run.append(cells[col])
            prev, size = col, size + cost
        if run:
            runs.append((row, start, prev, run, size))
    blocks: list[tuple[int, int, int, int, list[list[Any]]]] = []  # first row, last row, cols, rows
    open_: dict[tuple[int, int], tuple[int, int, list[list[Any]], int]] = {}
    for row, start, end, values, size in runs:
        key = (start, end)
        block = open_.get(key)
        if block is not None and block[1] == row - 1 and block[3] + size <= room:
            block[2].append(values)
            open_[key] = (block[0], row, block[2], block[3] + size)
            continue
        if block is not None:
            blocks.append((block[0], block[1], start, end, block[2]))
        open_[key] = (row, row, [values], size + 2)
    blocks += [(first, last, start, end, rows) for (start, end), (first, last, rows, _) in open_.items()]
    return [
        {
            "range": f"{quoted(title)}!{a1(start)}{first + 1}:{a1(end)}{last + 1}",
            "majorDimension": "ROWS",
            "values": rows,
        }
        for first, last, start, end, rows in sorted(blocks)
    ]


def _rgb(colour: str) -> dict[str, float]:
    return {k: int(colour[i : i + 2], 16) / 255 for k, i in (("red", 0), ("green", 2), ("blue", 4))}


def _formatting(sid: int, tab: TabPlan, choices: TabPlan | None, plan: Plan) -> list[dict[str, Any]]:
    """A new tab's look: bold header, widths, wrapping, filter, colours, organisers' dropdowns,
    technical columns hidden in a group, and the summary's chart."""
    header = tab.header
    spec = tab.tab
    reqs: list[dict[str, Any]] = [
        {
            "repeatCell": {
                "range": {"sheetId": sid, "startRowIndex": header, "endRowIndex": header + 1},
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}, "wrapStrategy": "WRAP"}},
                "fields": "userEnteredFormat.textFormat.bold,userEnteredFormat.wrapStrategy",
            }
        },
        {
            "setBasicFilter": {
                "filter": {
                    "range": {
                        "sheetId": sid,
                        "startRowIndex": header,
                        "startColumnIndex": 0,
                        "endColumnIndex": tab.cols,
                    }
                }
            }
        },
    ]
    rule = 0
    for col in spec.columns:
        c = tab.columns[col.id]
        column = {"sheetId": sid, "startRowIndex": header + 1, "startColumnIndex": c, "endColumnIndex": c + 1}
        reqs.append(
            {
                "updateDimensionProperties": {
                    "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1},
                    "properties": {"pixelSize": col.width * PIXELS_PER_CHAR, "hiddenByUser": col.technical},
                    "fields": "pixelSize,hiddenByUser",
                }
            }
        )
        if col.wrap:
            reqs.append(
                {
                    "repeatCell": {
                        "range": column,
                        "cell": {"userEnteredFormat": {"wrapStrategy": "WRAP", "verticalAlignment": "TOP"}},
                        "fields": "userEnteredFormat.wrapStrategy,userEnteredFormat.verticalAlignment",
                    }
                }
            )
        for text, colour in col.colours.items():
            reqs.append(
                {
                    "addConditionalFormatRule": {
                        "index": rule,
                        "rule": {
                            "ranges": [column],
                            "booleanRule": {
                                "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": text}]},
                                "format": {"backgroundColor": _rgb(colour)},
                            },
                        },
                    }
                }
            )
            rule += 1
    for col in spec.columns:
        if col.strong:  # the totals' rows bold, by what they say: they stay bold when rows move
            formula = col.strong_formula(a1(tab.columns[col.id]), header + 2)  # 1-based
            reqs.append(
                {
                    "addConditionalFormatRule": {
                        "index": rule,
                        "rule": {
                            "ranges": [
                                {
                                    "sheetId": sid,
                                    "startRowIndex": header + 1,
                                    "startColumnIndex": 0,
                                    "endColumnIndex": tab.cols,
                                }
                            ],
                            "booleanRule": {
                                "condition": {
                                    "type": "CUSTOM_FORMULA",
                                    "values": [{"userEnteredValue": f"={formula}"}],
                                },
                                "format": {"textFormat": {"bold": True}},
                            },
                        },
                    }
                }
            )
            rule += 1
    technical = sorted(tab.columns[c.id] for c in spec.columns if c.technical)
    if technical and technical == list(range(technical[0], technical[-1] + 1)):
        reqs.append(
            {
                "addDimensionGroup": {
                    "range": {
                        "sheetId": sid,
                        "dimension": "COLUMNS",
                        "startIndex": technical[0],
                        "endIndex": technical[-1] + 1,
                    }
                }
            }
        )
    if spec.chart is not None:
        reqs.append(_chart(sid, tab, plan.chart_title))
    return reqs + _dropdowns(sid, tab, choices)


def _dropdowns(sid: int, tab: TabPlan, choices: TabPlan | None) -> list[dict[str, Any]]:
    """The organisers' columns' dropdowns, offering the choices tab's list."""
    return _dropdowns_at(sid, tab.header, [tab.columns[col.id] for col in tab.tab.inputs], choices)


def _dropdowns_at(
    sid: int, header: int, columns: Sequence[int], choices: TabPlan | None
) -> list[dict[str, Any]]:
    """Dropdowns offering the choices tab's list in ``columns`` below ``header``."""
    if choices is None:
        return []
    letter = a1(choices.columns["choice"])
    source = f"={quoted(choices.final_title)}!${letter}${choices.header + 2}:${letter}"
    reqs = []
    for c in columns:
        reqs.append(
            {
                "setDataValidation": {
                    "range": {
                        "sheetId": sid,
                        "startRowIndex": header + 1,
                        "startColumnIndex": c,
                        "endColumnIndex": c + 1,
                    },
                    "rule": {
                        "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": source}]},
                        "inputMessage": choices.tab.prompt,  # shown when a cell is picked
                        "strict": False,
                        "showCustomUi": True,
                    },
                }
            }
        )
    return reqs


def _chart(sid: int, tab: TabPlan, title: str) -> dict[str, Any]:
    """A bar per agency and session of the people present, beside the summary table."""
    category, series, _count = tab.tab.chart  # type: ignore[misc]
    header, last_row = tab.chart_rows
    first, last = header, last_row + 1  # header included: it names the series
    count = last - first - 1

    def column(cid: str) -> dict[str, Any]:
        c = tab.columns[cid]
        return {
            "sourceRange": {
                "sources": [
                    {
                        "sheetId": sid,
                        "startRowIndex": first,
                        "endRowIndex": last,
                        "startColumnIndex": c,
                        "endColumnIndex": c + 1,
                    }
                ]
            }
        }

    return {
        "addChart": {
            "chart": {
                "spec": {
                    "title": title,
                    "basicChart": {
                        "chartType": "BAR",
                        "legendPosition": "BOTTOM_LEGEND",
                        "axis": [{"position": "BOTTOM_AXIS"}, {"position": "LEFT_AXIS"}],
                        "domains": [{"domain": column(category)}],
                        "series": [{"series": column(cid), "targetAxis": "BOTTOM_AXIS"} for cid in series],
                        "headerCount": 1,
                    },
                },
                "position": {
                    "overlayPosition": {
                        "anchorCell": {"sheetId": sid, "rowIndex": max(tab.rows, last) + 1, "columnIndex": 0},
                        "widthPixels": 900,
                        "heightPixels": max(320, 22 * count + 120),
                    }
                },
            }
        }
    }


def _stretch_chart(sheet: _Sheet, tab: TabPlan, title: str) -> list[dict[str, Any]]:
    """vc_sync's chart (drawing its categories from the agency column, with the tool's title in
    either language) covers every
    agency row again after rows were added below its range, and takes the title of the
    sheet's language if it has the tool's title in another: its spec as read, with only those
    changed, so that an organiser's styling of it stays."""
    last_row = tab.chart_rows[1]
    col = tab.columns[tab.tab.chart[0]]  # type: ignore[index]
    out = []
    for chart in sheet.charts:
        spec = copy.deepcopy(chart.get("spec", {}))
        basic = spec.get("basicChart", {})
        parts = [d.get("domain", {}) for d in basic.get("domains", [])]
        parts += [s.get("series", {}) for s in basic.get("series", [])]
        sources = [src for part in parts for src in part.get("sourceRange", {}).get("sources", [])]
        ours = [src for src in sources if src.get("sheetId") == sheet.id]
        if not any(src.get("startColumnIndex") == col for src in ours[:1]):
            continue
        if spec.get("title") not in words_of("chart.title"):
            continue  # an organiser's own chart (or ours retitled: theirs now)
        short = [src for src in ours if src.get("endRowIndex", 0) < last_row + 1]
        for src in short:
            src["endRowIndex"] = last_row + 1
        retitle = spec.get("title") in words_of("chart.title") and spec.get("title") != title
        if retitle:
            spec["title"] = title
        if short or retitle:
            out.append({"updateChartSpec": {"chartId": chart["chartId"], "spec": spec}})
    return out
