"""Random organiser edits interleaved with syncs: no organiser cell is ever lost or changed by
a sync, and no row is ever duplicated. On the Google Sheet and on the workbook."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Programme
from tests.organisers import KEYISH, SheetSurface, WorkbookSurface

S1 = "Session S1"
LONGER = (
    "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
    "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
)
NEWCOMER = "Tamu Baru,,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM,30,Yes,\n"

LABELS = {"Key", "Agency", "Name", "Display names", "Email", "First join", "Last leave", "Minutes"}
LABELS |= {"Status", "Method", "Score", "Invitee", "Override", "Region", "Unit", "Connections"}
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
edit = st.one_of(
    st.tuples(st.just("insert_col"), fraction),
    st.tuples(st.just("insert_row"), fraction),
    st.tuples(st.just("delete_their_col"), fraction),
    st.tuples(st.just("delete_their_row"), fraction),
    st.tuples(st.just("delete_our_col"), fraction),
    st.tuples(st.just("delete_our_row"), fraction),
    st.tuples(st.just("delete_header"), fraction),
    st.tuples(st.just("sort"), fraction, st.booleans()),
    st.tuples(st.just("rename_header"), fraction),
    st.tuples(st.just("retitle"), fraction),
    st.tuples(st.just("log"), st.sampled_from(["first", "longer", "newcomer"])),
)
script = st.lists(st.lists(edit, min_size=1, max_size=4), min_size=1, max_size=3)


class Run:
    """One surface, its current session tab title and a counter for organisers' markers."""

    def __init__(self, surface):
        self.surface = surface
        self.title = S1
        self.n = 0
        self.base_log = (surface.programme.root / "s1.csv").read_text()

    def marker(self) -> str:
        self.n += 1
        return f"ORG-{self.n}"

    def markers(self) -> Counter:
        return Counter(
            v
            for title in self.surface.titles()
            for v in self.surface.cells(title).values()
            if str(v).startswith("ORG-")
        )

    def header(self) -> int | None:
        """The row holding most of vc_sync's labels, as a person would find it."""
        labels = {"Key", "Agency", "Name", "Display names", "Minutes", "Status"}
        counts = Counter(r for (r, _c), v in self.surface.cells(self.title).items() if v in labels)
        return counts.most_common(1)[0][0] if counts else None

    def apply(self, step: tuple) -> None:
        s, t = self.surface, self.title
        cells = s.cells(t)
        height = max((r for r, _ in cells), default=-1) + 1
        width = max((c for _, c in cells), default=-1) + 1
        kind, x, *rest = step
        ours = {c for (_r, c), v in cells.items() if isinstance(v, str) and KEYISH.fullmatch(v)}
        theirs_cols = sorted({c for (_r, c), v in cells.items() if str(v).startswith("ORG-")} - ours)
        theirs_rows = sorted(
            r
            for r in {r for (r, _c) in cells}
            if all(str(v).startswith("ORG-") for (rr, _c), v in cells.items() if rr == r)
        )
        key_rows = sorted({r for (r, c), v in cells.items() if isinstance(v, str) and KEYISH.fullmatch(v)})
        header = self.header()
        if kind == "insert_col":
            at = int(x * width)
            s.insert_cols(t, at)
            for r in {header or 0, *key_rows[:2]}:
                s.type(t, r, at, self.marker())
        elif kind == "insert_row":
            at = int(x * height)
            s.insert_rows(t, at)
            s.type(t, at, int(x * width) % max(width, 1), self.marker())
        elif kind == "delete_their_col" and theirs_cols:
            s.delete_cols(t, theirs_cols[int(x * (len(theirs_cols) - 1))])
        elif kind == "delete_their_row" and theirs_rows:
            s.delete_rows(t, theirs_rows[int(x * (len(theirs_rows) - 1))])
        elif kind == "delete_our_col" and header is not None:
            mine = sorted(c for (r, c), v in cells.items() if r == header and not str(v).startswith("ORG-"))
            if mine:
                s.delete_cols(t, mine[int(x * (len(mine) - 1))])
        elif kind == "delete_our_row" and key_rows:
            s.delete_rows(t, key_rows[int(x * (len(key_rows) - 1))])
        elif kind == "delete_header" and header is not None:
            s.delete_rows(t, header)
        elif kind == "sort" and header is not None and width:
            s.sort(t, header + 1, int(x * (width - 1)), rest[0])
        elif kind == "rename_header" and header is not None:
            mine = sorted(c for (r, c), v in cells.items() if r == header and not str(v).startswith("ORG-"))
            if mine:
                s.type(t, header, mine[int(x * (len(mine) - 1))], self.marker())
        elif kind == "retitle":
            new = f"Sesi {int(x * 100)}"
            if new not in s.titles():
                s.rename_tab(t, new)
                self.title = new
        elif kind == "log":
            text = self.base_log
            if x in ("longer", "newcomer"):
                text = text.replace(*LONGER)
            if x == "newcomer":
                text += NEWCOMER
            s.programme.write("s1.csv", text)

    def sync_and_check(self) -> None:
        before = self.markers()
        self.surface.sync()
        assert self.markers() == before, "a sync changed or lost an organiser's cell"
        keys = self.surface.keys(self.title)
        assert len(keys) == len(set(keys)), f"duplicated rows: {sorted(k for k in keys if keys.count(k) > 1)}"
        wanted = {"i-R001", "i-R002", "i-R003", "i-R006", "i-R007"}
        assert wanted <= set(keys), f"missing: {wanted - set(keys)}"
        # no header label on a keyed row, and the tool's values current on it
        key_col = self.surface.key_column(self.title)
        rows: dict[int, dict[int, object]] = {}
        for (r, c), v in self.surface.cells(self.title).items():
            rows.setdefault(r, {})[c] = v
        keyed = {
            row[key_col]: row
            for row in rows.values()
            if isinstance(row.get(key_col), str) and KEYISH.fullmatch(row[key_col])
        }
        for key, row in keyed.items():
            assert not LABELS & {v for v in row.values() if isinstance(v, str)}, (
                f"labels on {key}'s row: {row}"
            )
        log = (self.surface.programme.root / "s1.csv").read_text()
        sri = "Present" if LONGER[1] in log else "Too short"
        assert sri in keyed["i-R003"].values(), f"Sri's row is not current ({sri}): {keyed['i-R003']}"


def _play(make_surface, steps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = make_surface(Programme(Path(tmp)))
        run.sync_and_check()
        for batch in steps:
            for step in batch:
                run.apply(step)
            run.sync_and_check()


PROPERTY = settings(
    max_examples=int(os.environ.get("VC_SYNC_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(script)
def test_organiser_edits_and_syncs_on_the_workbook(steps):
    _play(lambda programme: Run(WorkbookSurface(programme)), steps)


@PROPERTY
@given(script)
def test_organiser_edits_and_syncs_on_the_google_sheet(steps):
    from tests.fakes.google import google_user_credentials
    from tests.fakes.server import Server
    from tests.fakes.sheets import FakeSheets

    def make(programme):
        app = FakeSheets()
        server = Server(app).__enter__()
        make.servers.append(server)
        creds = google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'''xlsx = "out/attendance.xlsx"
sheet = "{app.id}"
credentials = "{creds}"
endpoint = "{server.url}"''',
        )
        return Run(SheetSurface(programme, app))

    make.servers = []
    try:
        _play(make, steps)
    finally:
        for server in make.servers:
            server.__exit__(None, None, None)
