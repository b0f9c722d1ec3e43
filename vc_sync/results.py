"""What reconciling a session gives: its participants, invitees and agencies, and totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
    status: str
    method: str
    score: float
    segments: tuple[Segment, ...]
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    connections: tuple[str, ...] = ()  # participant keys of the connections grouped here


@dataclass(frozen=True)
class InviteeStatus:
    id: str
    agency: str
    name: str
    status: str
    minutes: float


@dataclass(frozen=True)
class AgencyStatus:
    agency: str
    invited: int  # seats: invited participant rows of this agency in the session
    verified: int  # people counted as attendance
    status: str
    invitees: int = 0  # of them, named invitees
    delegates: int = 0  # of them, others the agency sent (delegates within its seats)
    beyond: int = 0  # delegates present beyond the agency's seats, not counted


@dataclass(frozen=True)
class Result:
    window: Window
    participants: tuple[Participant, ...]
    invitees: tuple[InviteeStatus, ...]
    agencies: tuple[AgencyStatus, ...]
    totals: Mapping[str, int]

    @property
    def session(self) -> str:
        return self.window.session_id
