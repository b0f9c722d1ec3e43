"""The closed sets of words vc_sync decides, writes and reads back, each in one place.

Every member is a ``StrEnum``: it equals, hashes, formats and serialises as its value, so the
JSON of ``reconcile --format json``, the sheet, the workbook and the state store hold exactly
these strings (``docs/results.md`` says what each one means to someone reading the output).
The matching methods are not here: a rule of the cascade brings its own, so they are data, in
``matching/methods.py``.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a row of a session stands: a participant's (the first seven) or an invitee's."""

    VERIFIED = "verified"  # placed, and connected long enough within the window
    SHORT = "short"  # placed, connected less than the policy asks
    DELEGATE = "delegate"  # sent by an agency beyond its invited seats: shown, not counted
    ORGANISER = "organiser"  # a host, a committee member or a speaker: not counted
    WRONG_SESSION = "wrong_session"  # invited to another session
    UNMATCHED = "unmatched"  # placed nowhere: left for the organisers' review
    IGNORED = "ignored"  # set aside by an organiser's decision
    ABSENT = "absent"  # an invitee of the session found nowhere in its log


# a participant's statuses, in the order ``Result.totals`` counts them
PERSON_STATUSES = (
    Status.VERIFIED,
    Status.SHORT,
    Status.DELEGATE,
    Status.ORGANISER,
    Status.WRONG_SESSION,
    Status.UNMATCHED,
    Status.IGNORED,
)


class Presence(StrEnum):
    """An invited agency in a session."""

    PRESENT = "present"  # at least one of its people verified
    SHORT = "short"  # someone of it connected, no one long enough
    ABSENT = "absent"


class Role(StrEnum):
    """An invitee's role on the roster."""

    PARTICIPANT = "participant"
    ORGANISER = "organiser"  # not counted as attendance


class Delegates(StrEnum):
    """``[policy] delegates``: how people an agency sent in place of its invitees count."""

    SEATS = "seats"  # up to the agency's invited seats; anyone beyond is a delegate
    ALL = "all"  # every one of them


class RunOutcome(StrEnum):
    """How a run of one session ended, in the state store's ledger."""

    RUNNING = "running"  # not ended yet (or its process is gone: ``crashed`` next time)
    OK = "ok"  # written
    UNCHANGED = "unchanged"  # nothing to write
    NOT_READY = "not_ready"  # the provider has no report yet
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # Ctrl-C or a signal
    CRASHED = "crashed"  # found still running by a later run


SYNCED = (RunOutcome.OK, RunOutcome.UNCHANGED)  # a run that left the outputs up to date


class OverrideSource(StrEnum):
    """Where an organiser's decision (a row of ``overrides.csv``) came from."""

    HAND = ""  # written in the file by hand
    PICK = "pick"  # recorded from a choice in the sheet: clearing it there undoes it


class PickedOn(StrEnum):
    """Which output a recorded pick was made in: its rows there show it, and only there is it
    undone (a workbook added later, or written afresh, shows it not: its empty cell is no
    clearing and its copy would be a second cell making the pick)."""

    ANY = ""  # recorded before the output was kept: shown in both, undone where both are empty
    SHEET = "sheet"
    WORKBOOK = "workbook"


class PickedIn(StrEnum):
    """Where on the sheet a recorded pick was made: the cell that shows it, and the only one
    whose clearing undoes it (an empty cell elsewhere, on a row re-made after the organisers
    deleted it, is no clearing)."""

    ANYWHERE = ""  # recorded before the place was kept: any empty pick cell of its row undoes it
    REVIEW = "review"  # Tetapkan / Assign on the review tab
    SESSION = "session"  # Koreksi / Override on the session's tab


IGNORE = "ignore"  # the override target that sets a participant aside (any case)


class Doubt(StrEnum):
    """Why a person was left open, as the Review tab tells the organiser (``--explain`` says the
    matcher's own sentence)."""

    TIE = "tie"  # several invitees fit as well: pick one
    HELD = "held"  # close to someone stronger evidence already matched: another device?
    CLAIMED = "claimed"  # close to someone a closer name claimed
    LOW = "low"  # nothing fits well enough
    STOOD_IN = "stood_in"  # an invitee's own account, and a name saying someone came in their place


class ReviewState(StrEnum):
    """A row of the review tab."""

    OPEN = "open"  # waiting for an organiser's pick
    SETTLED = "settled"  # picked
    IGNORED = "ignored"  # picked "ignore"


class Refusal(StrEnum):
    """Why a pick in the sheet was not applied (said on its review row)."""

    UNKNOWN = "unknown"  # names no invitee, agency or "ignore"
    SEVERAL = "several"  # the name of several invitees
