"""Pick cells whose pick was made again in another cell: superseded, they pick nothing while
they say what they said then.

A pick lives in the cell it was typed in. When the same connection is decided again in another
cell (on the review tab, or on another row), the first cell may stay filled on a row that now
holds someone else's connections (the credited person's own, once the picked connection has
left for its new row). Read as it stands, it would be a new pick of those: ``overrides.csv``
keeps it (``source = superseded``) with what it said, and ``read_choices`` skips it while it
says the same. Changed, it is read as a new pick; cleared, it is forgotten. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vc_sync.kinds import OverrideSource
from vc_sync.model import Override, Superseded

if TYPE_CHECKING:
    from vc_sync.outputs.base import Cell, Picks


def quiet_cells(superseded: Sequence[Superseded]) -> dict[Cell, str]:
    """What ``read_choices`` skips: each superseded cell and what it said."""
    return {s.cell: s.said for s in superseded}


def now_at(picks: Picks, cell: Cell) -> Cell | None:
    """Where a pick cell is now, by the key its row has now: the row of that key, else the row
    holding that connection (a connection's row that became the credited person's); None when
    it is empty or not seen."""
    if cell in picks.said:
        return cell
    session, place, row = cell
    return picks.holds.get((row, session, place))


def supersede(
    before: Sequence[Override], merged: Sequence[Override], superseded: Sequence[Superseded], picks: Picks
) -> list[Superseded]:
    """The superseded cells once ``picks`` are merged: those still saying what they said (by
    their row's key now), those not seen (a deleted row forgets nothing), and the cells of
    recorded picks (``before``) that another cell made again (``merged``) and that still say
    something; a cell cleared, changed or making a pick again is no longer superseded."""
    made = [o for o in merged if o.source == OverrideSource.PICK and o.picked_row]
    claimed = {now_at(picks, o.cell) or o.cell for o in made}
    out: dict[Cell, Superseded] = {}
    for s in superseded:
        here = next((at for at, (was, _where, _typed) in picks.quiet.items() if was == s.cell), None)
        if here is not None:
            out[here] = Superseded(s.match, s.said, s.session, s.picked_in, here[2])
        elif s.cell not in picks.cleared_rows and now_at(picks, s.cell) is None and s.cell not in claimed:
            out[s.cell] = s  # not seen: its row deleted, or its tab
    again = {(o.match, o.session): o for o in made}
    for o in before:
        if (
            o.source != OverrideSource.PICK
            or not o.picked_row
            or (new := again.get((o.match, o.session))) is None
        ):
            continue
        old = now_at(picks, o.cell)
        if old is None or old in claimed or old == (now_at(picks, new.cell) or new.cell):
            continue
        said = picks.said.get(old)
        if said is not None and old not in out:
            out[old] = Superseded(o.match, said, o.session, o.picked_in, old[2])
    return sorted(out.values(), key=lambda s: (s.session, s.picked_in, s.picked_row))
