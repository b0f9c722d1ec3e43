"""Values bodies to the Google Sheet stay under Google's recommended 2 MB: 2-D blocks instead
of a range per cell, and several requests when one would be too large."""

from __future__ import annotations

import json
import random

import openpyxl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fakes.sheets import col_index
from vc_sync.cli import cli
from vc_sync.outputs.plan import Write
from vc_sync.outputs.sheet import VALUES_BODY, _ranges

BIG = ["é" * 120_000, "x" * 400_000, "\U0001f600" * 30_000]  # escaped by json: 6 or 12 bytes each


def cells_of(ranges: list[dict]) -> dict[tuple[int, int], object]:
    """What the ranges write, cell by cell, as the fake applies them."""
    out: dict[tuple[int, int], object] = {}
    for item in ranges:
        first, _, last = item["range"].split("!", 1)[1].partition(":")
        r0, c0 = int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1, col_index(first.rstrip("0123456789"))
        r1, c1 = int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1, col_index(last.rstrip("0123456789"))
        assert len(item["values"]) == r1 - r0 + 1
        for dr, row in enumerate(item["values"]):
            assert len(row) == c1 - c0 + 1  # a full rectangle: no cell it does not mean to write
            for dc, value in enumerate(row):
                assert (r0 + dr, c0 + dc) not in out  # every cell once
                out[(r0 + dr, c0 + dc)] = value
    return out


values = st.one_of(st.none(), st.text(max_size=8), st.integers(0, 500), st.sampled_from(BIG))
writes = st.lists(st.builds(Write, st.integers(0, 60), st.integers(0, 30), values), max_size=400)


@settings(max_examples=150, deadline=None)
@given(writes)
def test_blocks_write_exactly_the_planned_cells_within_the_bound(planned):
    ranges = _ranges("Sesi S1", planned)
    want = {}
    for w in planned:
        want[(w.row, w.col)] = "" if w.value is None else w.value  # the last write of a cell wins
    assert cells_of(ranges) == want
    assert all(len(json.dumps(r)) < VALUES_BODY - 100 for r in ranges)
    rows = {(w.row) for w in planned}
    assert len(ranges) <= len(planned) and (not rows or len(ranges) >= 1)


def test_a_full_block_of_new_rows_is_one_range():
    planned = [Write(r, c, f"{r}:{c}") for r in range(5, 505) for c in range(16)]
    (only,) = _ranges("Sesi S1", planned)
    assert only["range"] == "'Sesi S1'!A6:P505" and len(only["values"]) == 500


def roster_and_log(people: int) -> tuple[str, str]:
    rng = random.Random(17)
    first = ["Andi", "Budi", "Siti", "Dewi", "Eko", "Rina", "Agus", "Yuni", "Heru", "Tri", "Wulan", "Fajar"]
    last = ["Kurniawan", "Santoso", "Lestari", "Wibowo", "Hidayat", "Saputra", "Rahayu", "Nugroho"]
    roster = ["id;sessions;agency;name"]
    log = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    for n in range(people):
        name = f"{rng.choice(first)} {rng.choice(last)} {n:04d}x"
        agency = f"Dinas Pariwisata Kabupaten Wilayah{n // 30:03d}"
        roster.append(f"R{n:04d};S1;{agency};{name}")
        note = " ".join(rng.choice(last) for _ in range(400))  # a long display name, as some type
        log.append(f'"{name} ({note})",,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM,120,Yes')
    return "\n".join(roster) + "\n", "\n".join(log) + "\n"


def test_a_large_session_is_written_in_bounded_bodies_and_the_sheet_matches_the_workbook(programme, sheets):
    roster, log = roster_and_log(450)
    programme.write("roster.csv", roster)
    programme.write("s1.csv", log)
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 0, result.output
    bodies = [r.body for r in sheets.requests if r.path.endswith("values:batchUpdate")]
    assert len(bodies) >= 2 and all(len(b) <= VALUES_BODY for b in bodies)  # split, each under 2 MB
    assert sum(len(b) for b in bodies) > VALUES_BODY
    book = openpyxl.load_workbook(programme.xlsx)
    for title in ("Session S1", "Review", "Summary", "About", "Choices"):
        in_book = [["" if v is None else v for v in row] for row in book[title].iter_rows(values_only=True)]
        in_sheet = sheets.tab(title).grid()
        assert [r + [""] * (len(in_book[0]) - len(r)) for r in in_sheet] == in_book, title
    assert len(sheets.tab("Session S1").row_keys()) >= 450  # a row per participant, at least
