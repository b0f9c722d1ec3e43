"""Plain data shared by every layer. No I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from vc_sync.kinds import Delegates, OverrideSource, PickedIn, PickedOn, Role

LANGUAGES = ("en", "id")  # what the outputs can be written in
_ORGANISER = Role.ORGANISER  # read once: an enum member's lookup costs a call on Python 3.11

YEARS = (1900, 2999)  # a date outside these years is a typing slip that overflows date arithmetic


@dataclass(frozen=True, slots=True)
class Segment:
    """One connection of one participant: a join and a leave, in aware UTC datetimes."""

    name: str
    join: datetime
    leave: datetime
    email: str | None = None
    participant_id: str | None = None  # the provider's id for the person within the meeting
    source: str = ""  # where it came from: file label, Zoom instance, Meet conference record
    seq: int = 0  # position in the pulled log; with ``source`` it names the segment
    # what the person said about themselves elsewhere (registration answers: agency, unit,
    # phone): read for agency and phone hints like a display name, never as their name
    details: tuple[str, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.source}#{self.seq}"


@dataclass(frozen=True, slots=True)
class Invitee:
    """One roster row."""

    id: str
    agency: str
    sessions: frozenset[str] | None  # None: every session ("*")
    name: str = ""
    email: str = ""
    phone: str = ""
    aliases: tuple[str, ...] = ()
    role: Role = Role.PARTICIPANT
    region: str = ""
    unit: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    line: int = 0

    def invited_to(self, session_id: str) -> bool:
        return self.sessions is None or session_id in self.sessions

    @property
    def is_organiser(self) -> bool:
        return self.role == _ORGANISER  # asked for every invitee many times a session

    @property
    def is_open_seat(self) -> bool:
        return not self.name.strip()


@dataclass(frozen=True, slots=True)
class Roster:
    invitees: tuple[Invitee, ...]
    source: str = ""
    extra_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was made of its columns, said once
    warnings: tuple[str, ...] = ()  # rows read in a way that may not be what was meant


@dataclass(frozen=True, slots=True)
class Window:
    """A session's scheduled span, aware datetimes."""

    session_id: str
    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Policy:
    """When attendance counts as verified: give min_minutes or min_fraction. ``delegates``:
    ``SEATS`` counts people an agency sent beyond its invited seats as delegates, not as
    attendance; ``ALL`` counts every one of them."""

    min_minutes: float | None = None
    min_fraction: float | None = None
    delegates: Delegates = Delegates.SEATS

    def threshold_minutes(self, window: Window) -> float:
        if self.min_minutes is not None:
            return float(self.min_minutes)
        fraction = self.min_fraction if self.min_fraction is not None else 0.0
        return fraction * window.length.total_seconds() / 60.0


@dataclass(frozen=True, slots=True)
class Override:
    """An organiser's decision: a display name or participant key assigned to a target."""

    match: str  # display name (compared normalised) or participant key
    target: str  # invitee id, agency name, or kinds.IGNORE
    session: str = ""  # blank: every session
    where: str = ""  # file:line, for messages
    source: OverrideSource = OverrideSource.HAND
    note: str = ""
    picked_in: PickedIn = PickedIn.ANYWHERE  # a pick's place on the sheet (``source = pick``)
    picked_row: str = ""  # the key of the row whose cell made it (blank: recorded before it was kept)
    picked_on: PickedOn = PickedOn.ANY  # the output it was made in (blank: recorded before it was kept)

    @property
    def cell(self) -> tuple[str, PickedIn, str]:
        """The pick cell that made it: (session, tab, row key)."""
        return (self.session, self.picked_in, self.picked_row)


@dataclass(frozen=True, slots=True)
class Superseded:
    """A pick cell whose pick was made again in another cell (``overrides.csv``, ``source =
    superseded``): while it says ``said`` it picks nothing; changed, it picks anew; cleared, it
    is forgotten."""

    match: str  # the connection whose pick it had made (for the reader of the file)
    said: str  # what it said when its pick was made again elsewhere: an invitee id, agency or ignore
    session: str
    picked_in: PickedIn
    picked_row: str  # the key of its row, or a connection that row holds

    @property
    def cell(self) -> tuple[str, PickedIn, str]:
        return (self.session, self.picked_in, self.picked_row)
