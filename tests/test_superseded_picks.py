"""A pick cell whose pick was made again in another cell is superseded (``overrides.csv``, ``source =
superseded``): left as it was, it picks nothing, whatever its row holds now; changed, it picks
anew; cleared, it is forgotten. Through the sheet (the real gspread client against the stateful
fake) and the workbook, with ``vc-sync sync`` runs in sequence.
"""

from __future__ import annotations

import csv

import pytest

from tests.test_hostile_review_25e import (
    ANDI,
    LATER,
    assign,
    connections,
    lines,
    log_gains,
    override,
    settled,
)
from tests.test_organiser_edits import S1
from tests.test_review_loop import BAMBANG, review_rows
from vc_sync.errors import InputError
from vc_sync.kinds import PickedIn
from vc_sync.model import Superseded
from vc_sync.overrides import load_recorded, save_overrides
from vc_sync.roster import load_roster


def superseded(programme) -> list[tuple[str, str, str, str, str]]:
    """overrides.csv's superseded pick cells: (participant, assign, session, picked_in, picked_row)."""
    path = programme.root / "overrides.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return sorted(
            (r["participant"], r["assign"], r["session"], r["picked_in"], r["picked_row"])
            for r in csv.DictReader(fh)
            if r["source"] == "superseded"
        )


def galaxy_to_bambang_then_ignored_on_review(surface) -> tuple[str, str]:
    """The first Galaxy picked Bambang's on its session row (the row, and the cell, become
    Bambang's), then decided again on Review ('abaikan'); (the Galaxy, Bambang's phone)."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"].split("/")[1]
    (phone,) = connections(surface, "i-R002")
    override(surface, galaxy, BAMBANG)
    surface.sync()
    assign(surface, f"S1/{galaxy}", "abaikan")
    surface.sync()
    return galaxy, phone


def test_the_cell_a_pick_left_is_recorded_and_warns_instead_of_picking(surface):
    galaxy, phone = galaxy_to_bambang_then_ignored_on_review(surface)
    warned = settled(surface)
    assert lines(surface.programme) == [(galaxy, "ignore", "S1", "review", f"S1/{galaxy}")]
    assert superseded(surface.programme) == [(galaxy, "R002", "S1", "session", "i-R002")]
    assert all(len(w) == 1 and "its pick was made again elsewhere" in w[0] for w in warned)
    assert surface.value(S1, "i-R002", "Override") == BAMBANG  # the organisers' cell, as typed
    assert connections(surface, "i-R002") == [phone]
    assert surface.value(S1, galaxy, "Status") == "Ignored"


def test_changing_the_superseded_cell_picks_anew(surface):
    galaxy, phone = galaxy_to_bambang_then_ignored_on_review(surface)
    override(surface, "i-R002", ANDI)
    assert settled(surface) == [[], []]
    assert lines(surface.programme) == [
        (galaxy, "ignore", "S1", "review", f"S1/{galaxy}"),
        (phone, "R001", "S1", "session", "i-R002"),
    ]
    assert superseded(surface.programme) == []
    assert surface.value(S1, "i-R002", "Status") == "Absent"


def test_a_cleared_superseded_cell_is_forgotten_and_typed_again_is_a_pick(surface):
    _galaxy, phone = galaxy_to_bambang_then_ignored_on_review(surface)
    override(surface, "i-R002", None)
    assert settled(surface) == [[], []]
    assert superseded(surface.programme) == []
    override(surface, "i-R002", "abaikan")
    assert settled(surface) == [[], []]
    assert (phone, "ignore", "S1", "session", "i-R002") in lines(surface.programme)
    assert surface.value(S1, phone, "Status") == "Ignored"


def test_undoing_the_pick_made_again_leaves_the_superseded_cell_quiet(surface):
    """Review's 'abaikan' cleared: the Galaxy is open again; the session-tab cell on Bambang's
    row picks neither it (it left that row) nor Bambang's phone."""
    galaxy, phone = galaxy_to_bambang_then_ignored_on_review(surface)
    assign(surface, f"S1/{galaxy}", None)
    settled(surface)
    assert lines(surface.programme) == []
    assert superseded(surface.programme) == [(galaxy, "R002", "S1", "session", "i-R002")]
    assert surface.value(S1, galaxy, "Status") == "Not recognised"
    assert connections(surface, "i-R002") == [phone]


def test_a_connection_joining_a_superseded_cells_row_is_not_picked_by_it(surface):
    """'Andi' typed on Bambang's row sends his phone to Andi; 'abaikan' on the phone's Review row
    decides it again. A new connection of Bambang's joins his row, under the cell still saying
    'Andi': it stays Bambang's (the cell would have sent it to Andi)."""
    p = surface.programme
    surface.sync()
    (phone,) = connections(surface, "i-R002")
    override(surface, "i-R002", ANDI)
    surface.sync()
    assign(surface, f"S1/{phone}", "abaikan")
    settled(surface)
    assert superseded(p) == [(phone, "R001", "S1", "session", "i-R002")]
    log_gains(p, LATER)
    settled(surface)
    (newcomer,) = connections(surface, "i-R002")
    assert lines(p) == [(phone, "ignore", "S1", "review", f"S1/{phone}")]
    assert surface.value(S1, "i-R002", "Status") == "Present"
    assert newcomer != phone


# --- the file -------------------------------------------------------------------------------------


@pytest.fixture
def roster(programme):
    return load_roster(programme.root / "roster.csv", ["S1", "S2"])


def test_superseded_lines_round_trip_and_decide_nothing(programme, roster):
    path = programme.root / "overrides.csv"
    cell = Superseded("p-47c8a696ad", "R009", "S9", PickedIn.SESSION, "i-R002")  # gone from roster
    save_overrides(path, [], [cell])
    assert load_recorded(path, roster, ["S1", "S2"]) == ([], [cell])


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("p-47c8a696ad,R002,S1,superseded,,tab,i-R002", "picked_in 'tab' is neither 'review' nor 'session'"),
        ("p-47c8a696ad,R002,S1,superseded,,session,", "picked_row is empty"),
    ],
)
def test_a_broken_superseded_line_is_bad_input_naming_its_line(programme, roster, line, said):
    path = programme.root / "overrides.csv"
    header = "participant,assign,session,source,note,picked_in,picked_row"
    path.write_text(f"{header}\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_recorded(path, roster, ["S1", "S2"])
    assert "overrides.csv: line 2" in str(err.value) and said in str(err.value)
