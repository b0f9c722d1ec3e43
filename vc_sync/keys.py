"""Row keys, built and read here only.

A key names what a row stands for and moves with the row when organisers sort: ``p-`` and
ten hex digits for a participant (one connection, or its rejoins, of a log), ``i-`` and an
invitee's roster id, ``a-`` and ten hex digits for an agency, ``c-`` for a dropdown choice,
``<session>/p-…`` on the review tab, where every session's rows sit together, and ``info:…``
on the About tab.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

CONNECTION = re.compile(r"p-[0-9a-f]{10}")  # a participant key: one connection (or rejoins) of a log
AGENCY = re.compile(r"a-[0-9a-f]{10}")
REVIEWED = re.compile(r"[^/\s]+/p-[0-9a-f]{10}")  # a review row's key
CHOICE = re.compile(r"c-\S.*")  # a dropdown choice's key
INFO = re.compile(r"info:\S+")  # an About row's key
_SYNCED = "info:synced:"


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:10]


def connection_key(identity: str) -> str:
    """A participant's key from its normalised identity (stable across pulls of one log)."""
    return "p-" + _digest(identity.encode("utf-8", "surrogatepass"))  # a lone surrogate is no crash


def invitee_key(invitee_id: str) -> str:
    return f"i-{invitee_id}"


def agency_key(name: str) -> str:
    return "a-" + _digest(name.encode())


def review(session: str, key: str) -> str:
    return f"{session}/{key}"


def of_review(key: str) -> tuple[str, str]:
    """(session, participant key) of a review row's key; ('', key) for any other key."""
    session, slash, rest = key.partition("/")
    return (session, rest) if slash else ("", key)


def choice(target: str, is_agency: bool) -> str:
    """A dropdown choice's key: an agency's or an invitee's, or 'c-ignore' for ``ignore``."""
    return "c-" + (agency_key(target) if is_agency else invitee_key(target))


IGNORE_CHOICE = "c-ignore"


def of_invitee_choice(key: str) -> str | None:
    """The invitee id of an invitee's dropdown choice key; None for any other key."""
    head = choice("", is_agency=False)
    if not key.startswith(head) or len(key) == len(head):
        return None
    return key[len(head) :]


def synced_info(session: str) -> str:
    """The About row's key that says when a session's tab last changed."""
    return _SYNCED + session


def of_synced_info(key: str) -> str | None:
    """The session of a ``synced_info`` key; None for any other key."""
    return key[len(_SYNCED) :] if key.startswith(_SYNCED) else None


def participant_rows(invitee_ids: Iterable[str]) -> re.Pattern[str]:
    """A session row's key: a connection's, or 'i-' and an id of this roster (an organiser's
    'i-Pad pinjaman' is no key of vc_sync's)."""
    ids = sorted((re.escape(i) for i in invitee_ids), key=len, reverse=True)
    return re.compile(CONNECTION.pattern + "|i-(?:" + "|".join(ids) + ")")
