"""What reconciling a session gives: its participants, invitees and agencies, and totals."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from vc_sync.kinds import Doubt, Presence, Status
from vc_sync.matching.people import Candidate
from vc_sync.model import Segment, Window


@dataclass(frozen=True)
class Participant:
    key: str
    display_names: tuple[str, ...]
    email: str | None
    minutes: float
    invitee: str | None
    agency: str | None
    status: Status
    method: str  # a name of matching/methods.py
    score: float
    segments: tuple[Segment, ...]
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    doubt: Doubt | None = None  # why an open participant is open (kinds.Doubt)
    connections: tuple[str, ...] = ()  # participant keys of the connections grouped here


@dataclass(frozen=True)
class InviteeStatus:
    id: str
    agency: str
    name: str
    status: Status
    minutes: float


@dataclass(frozen=True)
class AgencyStatus:
    agency: str
    invited: int  # seats: invited participant rows of this agency in the session
    verified: int  # people counted as attendance
    status: Presence
    invitees: int = 0  # of them, named invitees
    delegates: int = 0  # of them, others the agency sent (delegates within its seats)
    beyond: int = 0  # delegates present beyond the agency's seats, not counted


@dataclass(frozen=True)
class Totals:
    """A session's counts (``totals`` in the JSON, in this order): participants by status
    (``kinds.PERSON_STATUSES``), invited agencies and those present, people and connections."""

    verified: int
    short: int
    delegate: int
    organiser: int
    wrong_session: int
    unmatched: int
    ignored: int
    agencies_invited: int
    agencies_present: int
    participants: int
    segments: int

    def of(self, status: Status) -> int:
        """The participants of one status."""
        return int(getattr(self, status.value))

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Result:
    window: Window
    participants: tuple[Participant, ...]
    invitees: tuple[InviteeStatus, ...]
    agencies: tuple[AgencyStatus, ...]
    totals: Totals

    @property
    def session(self) -> str:
        return self.window.session_id
