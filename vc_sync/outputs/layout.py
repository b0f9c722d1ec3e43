"""The tabs every output shows, built from a reconcile result, in the organisers' language.

- **Summary**: per agency and session, invited seats, people present (counted), of them the
  named invitees, the delegates the agency sent, and whether it was present; a total row and
  an "agencies present n/m" row; derived from the session tabs, so a sync of one session keeps
  the others' figures.
- **About**: the programme, each session's title, date, time and source, the rule, when each
  session last changed, a legend of the statuses and how to correct.
- **Session tabs**: a row per participant and per absent invitee, what people read first,
  roster columns carried, technical columns at the right (hidden).
- **Review**: participants vc_sync could not place (open, with up to three suggestions), and
  those an organiser settled (below the open ones); the Assign dropdown settles them.
- **Choices** (hidden): what the dropdowns offer, as a person says it: "name · agency".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import pendulum

from vc_sync import keys
from vc_sync.hints import ZONE_WORDS
from vc_sync.keys import agency_key, invitee_key
from vc_sync.kinds import IGNORE, Delegates, Doubt, OverrideSource, PickedIn, Presence, ReviewState, Status
from vc_sync.matching.names import NameWords, person_tokens, roster_name, split_display
from vc_sync.model import Invitee, Override, Policy, Roster
from vc_sync.outputs.tabs import ALIASES, KEY, Column, Tab
from vc_sync.outputs.words import STATUSES, Words, ignore_words, status_code, words_of
from vc_sync.reconcile import Participant, Result
from vc_sync.report import minute

SUMMARY, INFO, REVIEW, CHOICES = "summary", "info", "review", "choices"
SEP = " · "
# fills (RGB hex) for status words, in every language
STATUS_COLOURS = {
    Status.VERIFIED: "C6EFCE",
    Status.SHORT: "FFEB9C",
    Status.ABSENT: "F4CCCC",
    Status.UNMATCHED: "FFC7CE",
    Status.WRONG_SESSION: "E4D7F5",
    Status.ORGANISER: "D9E7FD",
    Status.DELEGATE: "FCE4D6",
    Status.IGNORED: "EEEEEE",
}
AGENCY_COLOURS = {  # short: not present either
    Presence.PRESENT: "C6EFCE",
    Presence.SHORT: "F8CBAD",
    Presence.ABSENT: "F4CCCC",
}
REVIEW_COLOURS = {ReviewState.OPEN: "FFC7CE"}
TIE = 0.06  # suggestions closer than this are said to fit about equally
_AGENCY = re.compile(keys.AGENCY.pattern + "|total|present")
_INFO = keys.INFO
_CHOICE = keys.CHOICE
ZONES = {iana: word.upper() for word, iana in ZONE_WORDS.items()}  # "Asia/Jakarta": "WIB"
# the headers vc_sync 0.1 wrote (it had no anchors): a tab beginning so is vc_sync's to adopt
LEGACY_SESSION = (
    "Key", "Agency", "Name", "Display names", "Email", "First join", "Last leave", "Minutes", "Status",
    "Method", "Score", "Invitee", "Override",
)  # fmt: skip
LEGACY_REVIEW = ("Key", "Session", "Display names", "Email", "Minutes", "First join", "Assign")


@dataclass(frozen=True)
class TabRef:
    """A tab of the output as an output looks it up: its anchor id and the titles it may have."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionInfo:
    id: str
    title: str
    start: datetime
    end: datetime
    source: str  # where its log comes from, as a person reads it


@dataclass(frozen=True)
class Context:
    """What every tab is built with: the language, the zone, the roster and the programme."""

    words: Words
    tz: str
    roster: Roster
    sessions: tuple[SessionInfo, ...]
    name: str = ""
    policy: Policy = field(default_factory=Policy)
    names: NameWords | None = None  # titles, honorifics and device words, to tell a name's words
    # (invitee id, dropdown entry) of every roster an earlier sync wrote with (the state store's)
    seen: tuple[tuple[str, str], ...] = ()

    @property
    def session_ids(self) -> list[str]:
        return [s.id for s in self.sessions]

    @cached_property
    def participant_keys(self) -> re.Pattern[str]:
        """A connection's key, or 'i-' and an id of this roster or of one an earlier sync wrote
        with (a row of an invitee the roster dropped stays vc_sync's): an organiser's 'i-Pad
        pinjaman' is no key of vc_sync's."""
        return keys.participant_rows({*(i.id for i in self.roster.invitees), *(i for i, _ in self.seen)})

    @cached_property
    def former_entries(self) -> dict[str, frozenset[str]]:
        """A dropdown entry an earlier sync offered (as typed cells compare: spaces collapsed, any
        case) -> the invitee ids it stood for."""
        out: dict[str, set[str]] = defaultdict(set)
        for inv_id, label in self.seen:
            if label:
                out[" ".join(label.split()).casefold()].add(inv_id)
        return {k: frozenset(v) for k, v in out.items()}


def _col(
    w: Words, cid: str, word: str, *, legacy: Iterable[str] = (), args: Mapping[str, Any] = {}, **kw: Any
) -> Column:
    """A column labelled in the programme's language, knowing its labels in the others."""
    return Column(cid, w(word, **args), tuple(dict.fromkeys([*w.others(word, **args), *legacy])), **kw)


def _status_words() -> frozenset[str]:
    """Every status as any language writes it, and as a code."""
    return frozenset(v.casefold() for s in STATUSES for v in words_of(f"status.{s}")) | frozenset(STATUSES)


def _colours(prefix: str, colours: Mapping[Any, str]) -> dict[str, str]:
    return {word: colour for code, colour in colours.items() for word in words_of(f"{prefix}.{code}")}


# --- tab references --------------------------------------------------------------------------


def session_ref(w: Words, session_id: str) -> TabRef:
    return TabRef(
        f"session:{session_id}", w("tab.session", id=session_id), w.others("tab.session", id=session_id)
    )


def tab_refs(w: Words, session_ids: Sequence[str]) -> list[TabRef]:
    """Every tab of a programme, in the order new tabs are placed."""
    return [
        TabRef(SUMMARY, w("tab.summary"), w.others("tab.summary")),
        TabRef(INFO, w("tab.info"), w.others("tab.info")),
        *(session_ref(w, s) for s in session_ids),
        TabRef(REVIEW, w("tab.review"), w.others("tab.review")),
        TabRef(CHOICES, w("tab.choices"), w.others("tab.choices")),
    ]


# --- session tabs ------------------------------------------------------------------------------


PICK_COLUMNS = ("override", "assign")  # the organisers' columns (a session tab's, Review's): a dropdown


def session_columns(w: Words, extras: Sequence[str] = ()) -> tuple[Column, ...]:
    statuses: dict[str, Any] = {
        "kind": "word",
        "words": _status_words(),
        "colours": _colours("status", STATUS_COLOURS),
    }
    return (
        _col(w, "agency", "col.agency", width=30, wrap=True, guarded=True),
        _col(w, "name", "col.name", width=24, wrap=True, guarded=True),
        _col(w, "status", "col.status", width=13, **statuses),
        _col(w, "minutes", "col.minutes", width=7, kind="number"),
        _col(w, "display_names", "col.display_names", width=28, wrap=True, guarded=True),
        _col(w, "email", "col.email", width=34, wrap=True, guarded=True),
        _col(w, "first_join", "col.first_join", width=16, kind="time"),
        _col(w, "last_leave", "col.last_leave", width=16, kind="time"),
        _col(w, "region", "col.region", width=13, wrap=True, guarded=True),
        _col(w, "unit", "col.unit", width=12, wrap=True, guarded=True),
        *(Column(f"x:{name}", name, width=14, wrap=True, guarded=True) for name in extras),
        _col(w, "override", "col.override", input=True, width=30, wrap=True),
        _col(w, KEY, "col.key", width=14, technical=True),
        _col(w, "method", "col.method", width=10, technical=True),
        _col(w, "score", "col.score", width=7, kind="number", technical=True),
        _col(w, "invitee", "col.invitee", width=12, technical=True),
        _col(w, "connections", "col.connections", width=26, technical=True),
    )


def session_tab(ctx: Context, session_id: str, rows: Iterable[Mapping[str, Any]] = ()) -> Tab:
    ref = session_ref(ctx.words, session_id)
    return Tab(
        ref.id,
        ref.title,
        session_columns(ctx.words, _extras(ctx.roster)),
        tuple(rows),
        ctx.participant_keys,
        identity=("display_names", "name", "agency", "first_join"),
        aliases=ref.aliases,
        legacy=LEGACY_SESSION,
    )


def _extras(roster: Roster) -> tuple[str, ...]:
    return tuple(c for c in roster.extra_columns if c.strip().lower() not in ("region", "unit"))


def _where(roster: Roster) -> dict[str, tuple[str, str]]:
    """An agency's region and unit, when its roster rows agree on them."""
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for inv in roster.invitees:
        seen[inv.agency].add((inv.region, inv.unit))
    return {a: next(iter(v)) for a, v in seen.items() if len(v) == 1}


def shown_pick(ctx: Context, o: Override, labels: Mapping[str, str]) -> str:
    """A recorded pick as its cell shows it: the dropdown's entry, or the word for ignore."""
    if o.target.casefold() in ignore_words():
        return ctx.words("choice.ignore")
    return labels.get(o.target, o.target)


def _picks_in(decided: Mapping[str, Override], place: PickedIn) -> dict[str, Override]:
    """The recorded picks made in ``place`` (a blank place, recorded before places were kept,
    counts as the review tab's), by connection."""
    places = (place, PickedIn.ANYWHERE) if place == PickedIn.REVIEW else (place,)
    return {c: o for c, o in decided.items() if o.source == OverrideSource.PICK and o.picked_in in places}


def session_rows(
    ctx: Context, result: Result, decided: Mapping[str, Override] | None = None, kept: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The session tab's rows; a row's Override cell holds the pick made on it (written only on
    a row vc_sync adds: one re-made after organisers deleted it): on the row of its key, or,
    when that row is gone, the row of its connections. ``kept``: rows vc_sync no longer writes
    that are still there (an invitee since removed from the roster): a pick made on one is there."""
    w, tz = ctx.words, ctx.tz
    picks = _picks_in(decided or {}, PickedIn.SESSION)
    labels = {target: label for label, target in choice_labels(ctx.roster).items()} if picks else {}
    here = {p.key for p in result.participants} | {invitee_key(st.id) for st in result.invitees} | set(kept)
    on_row: dict[str, dict[str, Override]] = defaultdict(dict)  # row key -> target -> a pick
    for conn, o in picks.items():
        on_row[o.picked_row if o.picked_row in here else conn][o.target] = o

    def shown(key: str, conns: Sequence[str] = ()) -> str:
        made = {t: o for k in (key, *conns) for t, o in on_row.get(k, {}).items()}
        return shown_pick(ctx, next(iter(made.values())), labels) if len(made) == 1 else ""

    people = {i.id: i for i in ctx.roster.invitees}
    where = _where(ctx.roster)
    extras = _extras(ctx.roster)

    def roster_cells(inv: Invitee | None, agency: str | None) -> dict[str, Any]:
        region, unit = (inv.region, inv.unit) if inv else where.get(agency or "", ("", ""))
        cells = {"region": region, "unit": unit}
        for name in extras:
            cells[f"x:{name}"] = inv.extra.get(name, "") if inv else ""
        return cells

    rows: list[dict[str, Any]] = []
    for p in result.participants:
        inv = people.get(p.invitee or "")
        rows.append(
            {
                "override": shown(p.key, p.connections),
                KEY: p.key,
                ALIASES: p.connections if p.key not in p.connections else (),
                "agency": p.agency or "",
                "name": inv.name if inv else "",
                "status": w.status(p.status),
                "minutes": round(p.minutes, 1),
                "display_names": "; ".join(p.display_names),
                "email": p.email or "",
                "first_join": minute(p.segments[0].join, tz),
                "last_leave": minute(max(s.leave for s in p.segments), tz),
                **roster_cells(inv, p.agency),
                "method": p.method,
                "score": p.score,
                "invitee": p.invitee or "",
                "connections": "; ".join(p.connections),
            }
        )
    for st in result.invitees:
        if st.status == Status.ABSENT:
            inv = people.get(st.id)
            rows.append(
                {
                    KEY: invitee_key(st.id),
                    "agency": st.agency,
                    "name": st.name,
                    "status": w.status(Status.ABSENT),
                    "override": shown(invitee_key(st.id)),
                }
                | {"minutes": 0.0, "invitee": st.id}
                | roster_cells(inv, st.agency)
            )
    return rows


# --- review ------------------------------------------------------------------------------------


def review_columns(w: Words) -> tuple[Column, ...]:
    return (
        _col(w, "session", "col.session", width=6),
        _col(w, "display_names", "col.display_names", width=26, wrap=True, guarded=True),
        _col(w, "email", "col.email", width=20, wrap=True, guarded=True),
        _col(w, "minutes", "col.minutes", width=7, kind="number"),
        _col(w, "first_join", "col.first_join", width=16, kind="time"),
        _col(w, "candidates", "col.candidates", width=50, wrap=True),
        _col(w, "assign", "col.assign", input=True, width=34, wrap=True),
        _col(w, "state", "col.state", width=22, wrap=True, colours=_colours("review", REVIEW_COLOURS)),
        _col(w, KEY, "col.key", width=20, technical=True),
    )


OPEN_SEP = " — "  # between the open state and why a pick was refused


def _review_rank(record: Mapping[str, Any]) -> int:
    state = str(record.get("state") or "").split(OPEN_SEP)[0]
    return 0 if status_code(state, "review") == ReviewState.OPEN else 1


def review_tab(ctx: Context, rows: Iterable[Mapping[str, Any]] = (), session: str | None = None) -> Tab:
    """Every session's review rows; a sync of ``session`` answers for its rows only."""
    w = ctx.words
    return Tab(
        REVIEW,
        w("tab.review"),
        review_columns(w),
        tuple(rows),
        keys.REVIEWED,
        identity=("session", "display_names", "first_join"),
        aliases=w.others("tab.review"),
        legacy=LEGACY_REVIEW,
        scope=(lambda key: keys.of_review(key)[0] == session) if session else (lambda _key: True),
        rank=_review_rank,
    )


def review_rows(
    ctx: Context,
    result: Result,
    decided: Mapping[str, Override],
    refused: Mapping[tuple[str, str], tuple[str, Mapping[str, Any]]] = {},
) -> list[dict[str, Any]]:
    """Open rows for participants vc_sync could not place (with why a pick made on one was
    refused, ``refused``: (connection, session) -> reason); settled rows for connections an
    organiser decided by key (``decided``: connection key -> their override), whose Assign cell
    holds a pick made there (written only on a row vc_sync adds: one re-made after organisers
    deleted it)."""
    w, sid = ctx.words, result.session
    labels = {target: label for label, target in choice_labels(ctx.roster).items()}
    here = _picks_in(decided, PickedIn.REVIEW)
    not_here = _NotHere.of(
        ctx,
        [i.id for i in result.invitees if i.status in (Status.ABSENT, Status.SHORT)],
        [i.id for i in result.invitees if i.status == Status.VERIFIED],
    )
    rows = []
    for p in result.participants:
        base = {
            "session": sid,
            "display_names": "; ".join(p.display_names),
            "email": p.email or "",
            "minutes": round(p.minutes, 1),
            "first_join": minute(p.segments[0].join, ctx.tz),
        }
        picked = [c for c in p.connections if c in decided]
        for conn in picked:
            target = decided[conn].target
            state = (
                w("review.ignored")
                if target.casefold() in ignore_words()
                else w("review.settled", choice=labels.get(target, target))
            )
            shown = shown_pick(ctx, here[conn], labels) if conn in here else ""
            rows.append(
                {KEY: keys.review(sid, conn), **base, "candidates": "", "assign": shown, "state": state}
            )
        if p.status == Status.UNMATCHED and not picked:
            hint = suggestions(ctx, p, not_here)
            state = w("review.open")
            why = next((refused[(c, sid)] for c in (p.key, *p.connections) if (c, sid) in refused), None)
            if why is not None:
                state += OPEN_SEP + w(f"review.refused.{why[0]}", **why[1])
            rows.append({KEY: keys.review(sid, p.key), **base, "candidates": hint, "state": state})
    return rows


@dataclass(frozen=True)
class _NotHere:
    """Invitees of a session not counted present (absent or too short), in order, with their
    name words (three letters or more) read once for every open row of the Review tab."""

    people: Mapping[str, Invitee]
    order: Sequence[str]
    words: Mapping[str, tuple[str, ...]]  # invitee -> name words, in the name's order
    by_word: Mapping[str, frozenset[int]]  # word -> positions in ``order`` of those carrying it
    present: frozenset[str] = frozenset()  # invitees counted present: a suggestion says so

    @classmethod
    def of(cls, ctx: Context, not_here: Sequence[str], present: Iterable[str] = ()) -> _NotHere:
        people = {i.id: i for i in ctx.roster.invitees}
        words: dict[str, tuple[str, ...]] = {}
        by_word: dict[str, set[int]] = defaultdict(set)
        if ctx.names is not None:
            for at, inv_id in enumerate(not_here):
                if (inv := people.get(inv_id)) is not None:
                    words[inv_id] = tuple(t for t in roster_name(inv.name, ctx.names) if len(t) >= 3)
                    for t in words[inv_id]:
                        by_word[t].add(at)
        by = {t: frozenset(at) for t, at in by_word.items()}
        return cls(people, tuple(not_here), words, by, frozenset(present))

    def sharing(self, said: set[str]) -> Iterable[tuple[str, str]]:
        """(invitee, the first of their name words said), in the session's order."""
        for at in sorted(set().union(*(self.by_word.get(t, ()) for t in said))):
            inv_id = self.order[at]
            yield inv_id, next(t for t in self.words[inv_id] if t in said)


def suggestions(ctx: Context, p: Participant, not_here: _NotHere | None = None) -> str:
    """Why a participant is open, then up to three invitees it may be, with a short reason
    (and whether they are already counted present): the matcher's candidates first, then
    invitees of the session not counted present (``not_here``) whose name shares a word with
    the display name. No score: a figure no organiser can use (``reconcile --explain`` has it)."""
    w = ctx.words
    not_here = not_here or _NotHere.of(ctx, ())
    people = not_here.people
    ranked = sorted(p.candidates, key=lambda c: (-c.in_session, -c.score, c.invitee))[:3]
    lines = []
    for n, c in enumerate(ranked, start=1):
        inv = people[c.invitee]
        why = w(f"method.{c.method}")
        other = "" if c.in_session else f", {w('why.other_session')}"
        if c.invitee in not_here.present:
            other += f", {w('why.present')}"
        lines.append(f"{n}. {inv.name}{SEP}{inv.agency} — {why}{other}")
    shown = {c.invitee for c in ranked}
    if ctx.names is not None:
        names = ctx.names
        said = {t for n in p.display_names for t in person_tokens(split_display(n, names).tokens, names)}
        for inv_id, word in not_here.sharing(said):
            if len(lines) >= 3:
                break
            if inv_id not in shown:
                inv = people[inv_id]
                why = w("why.not_here", word=word.title())
                lines.append(f"{len(lines) + 1}. {inv.name}{SEP}{inv.agency} — {why}")
    if not lines:
        return w("why.none")
    first = _why_open(w, p, people[ranked[0].invitee].name) if ranked else w("why.low")
    return "\n".join([first, *lines])


def _why_open(w: Words, p: Participant, best: str) -> str:
    if p.doubt is Doubt.HELD:
        return w("why.held", name=best)
    if p.doubt is Doubt.CLAIMED:
        return w("why.claimed", name=best)
    if p.doubt is Doubt.STOOD_IN:
        return w("why.stood_in", name=best)
    return w("why.tie") if p.doubt is Doubt.TIE else w("why.low")


# --- choices -----------------------------------------------------------------------------------


def choice_labels(roster: Roster) -> dict[str, str]:
    """Dropdown label -> override target: 'name · agency' for invitees (the id added only where
    two read alike), the agency itself for an agency."""
    named = [i for i in roster.invitees if i.name.strip()]
    counts = Counter(f"{i.name}{SEP}{i.agency}" for i in named)
    out: dict[str, str] = {}
    for i in sorted(named, key=lambda i: (i.name.casefold(), i.agency, i.id)):
        label = f"{i.name}{SEP}{i.agency}"
        out[label if counts[label] == 1 else f"{label} ({i.id})"] = i.id
    for agency in sorted({i.agency for i in roster.invitees}):
        out.setdefault(agency, agency)
    return out


def offered(roster: Roster) -> list[tuple[str, str]]:
    """(invitee id, dropdown entry) for every invitee of ``roster``; '' for an open seat (no
    name: not offered, but its row is keyed by its id). What the state store records a sync
    wrote with."""
    ids = {i.id for i in roster.invitees}
    named = [(target, label) for label, target in choice_labels(roster).items() if target in ids]
    return named + [(i, "") for i in sorted(ids - {t for t, _ in named})]


def choices_tab(ctx: Context) -> Tab:
    w = ctx.words
    rows: list[dict[str, Any]] = [{KEY: keys.IGNORE_CHOICE, "choice": w("choice.ignore")}]
    ids = {i.id for i in ctx.roster.invitees}
    for label, target in choice_labels(ctx.roster).items():
        kind = "a" if target == label and target not in ids else "i"
        rows.append({KEY: keys.choice(target, is_agency=kind == "a"), "choice": label})
    columns = (_col(w, "choice", "col.choice", width=70), _col(w, KEY, "col.key", width=16, technical=True))
    return Tab(
        CHOICES,
        w("tab.choices"),
        columns,
        tuple(rows),
        _CHOICE,
        identity=("choice",),
        aliases=w.others("tab.choices"),
        hidden=True,
        exclusive=True,
        legacy=("Choice",),
        prompt=w("prompt.pick"),
    )


def typed(cell: Any) -> str:
    """What an organiser's cell says as they see it: invisible format characters (zero-width
    spaces, direction marks, a BOM, as text copied from a chat carries) dropped, spaces
    collapsed."""
    text = "".join(ch for ch in str(cell or "") if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def parse_choice(text: Any, roster: Roster, names: NameWords | None = None) -> str | None:
    """The override target an organiser's choice names (in any language, or as an older
    version wrote it: 'R003 · name · agency'; or an invitee's name typed whole, when only one
    invitee has it), or None if it names nothing."""
    text = typed(text)
    if not text:
        return None
    if text.casefold() in ignore_words():
        return IGNORE
    labels = {" ".join(k.split()): v for k, v in choice_labels(roster).items()}
    if text in labels:
        return labels[text]
    folded = [v for k, v in labels.items() if k.casefold() == text.casefold()]
    if len(set(folded)) == 1:  # 'dpmptsp kabupaten sleman', typed as names are, in any case
        return folded[0]
    head = text.split(SEP.strip())[0].strip()
    if head in {i.id for i in roster.invitees}:
        return head
    return _named(text, roster, names)


def _named(text: str, roster: Roster, names: NameWords | None) -> str | None:
    """The one invitee whose name ``text`` is, whole, or (with the matcher's words) without
    titles and degrees: 'Sigit Joko Setiawan' for 'Sigit Joko Setiawan, S.IP.'."""
    folded = text.casefold()
    named = [i.id for i in roster.invitees if " ".join(i.name.split()).casefold() == folded]
    if not named and names is not None:
        said = person_tokens(split_display(text, names).tokens, names)
        named = [i.id for i in roster.invitees if said and roster_name(i.name, names) == said]
    return named[0] if len(named) == 1 else None


# --- summary -----------------------------------------------------------------------------------


def summary_columns(w: Words, session_ids: Sequence[str]) -> tuple[Column, ...]:
    per_session = []
    for s in session_ids:
        per_session += [
            _col(
                w, f"seats:{s}", "col.seats", args={"id": s}, width=8, kind="number", legacy=(f"{s} kursi",)
            ),
            _col(w, f"present:{s}", "col.present", args={"id": s}, width=8, kind="number", legacy=(s,)),
            _col(
                w,
                f"invitees:{s}",
                "col.invitees",
                args={"id": s},
                width=10,
                kind="number",
                legacy=(f"{s} invitees", f"{s} undangan"),
            ),
            _col(
                w,
                f"delegates:{s}",
                "col.delegates",
                args={"id": s},
                width=10,
                kind="number",
                legacy=(f"{s} delegates", f"{s} delegasi"),
            ),
            _col(w, f"beyond:{s}", "col.beyond", args={"id": s}, width=10, kind="number"),
            _col(
                w,
                f"state:{s}",
                "col.agency_state",
                args={"id": s},
                width=12,
                colours=_colours("agency", AGENCY_COLOURS),
            ),
        ]
    return (
        _col(
            w,
            "agency",
            "col.agency",
            width=42,
            strong=tuple(sorted(words_of("row.total") | words_of("row.agencies_present"))),
        ),
        *per_session,
        _col(w, "total", "col.total", width=9, kind="number", legacy=("Total",)),
        _col(w, KEY, "col.key", width=14, technical=True),
    )


def _seats(roster: Roster) -> dict[str, Counter[str]]:
    """Agency -> session -> invited seats (participant rows; '*' counts in every session)."""
    seats: dict[str, Counter[str]] = defaultdict(Counter)
    for inv in roster.invitees:
        if not inv.is_organiser:
            seats.setdefault(inv.agency, Counter())  # an agency invited to no session still has a row
            for s in inv.sessions if inv.sessions is not None else ("*",):
                seats[inv.agency][s] += 1
    return seats


def _summary_rank(record: Mapping[str, Any]) -> int:
    """Agencies first, the Total and agencies-present lines below them all (a late agency too)."""
    return {"total": 1, "present": 2}.get(str(record.get(KEY) or ""), 0)


def summary_tab(ctx: Context, sessions: Mapping[str, Iterable[Mapping[str, Any]] | None]) -> Tab:
    """The agency × session figures from the session tabs' rows (``None``: not synced yet)."""
    w = ctx.words
    ids = ctx.session_ids
    seats = _seats(ctx.roster)
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for s in ids:
        for found in sessions.get(s) or ():
            agency = str(found.get("agency") or "")
            status = status_code(found.get("status"))
            if not agency or status is None:
                continue
            c = counts[agency][s]
            c[status] += 1
            if status == Status.VERIFIED:
                c["invitees" if str(found.get("invitee") or "") else "sent"] += 1
            if status == Status.DELEGATE:
                c["beyond"] += 1
    rows: list[dict[str, Any]] = []
    totals: Counter[str] = Counter()
    present_line: dict[str, str] = {}
    for s in ids:
        invited = [a for a in seats if seats[a][s] + seats[a]["*"]]
        if sessions.get(s) is not None:
            present = sum(1 for a in invited if counts[a][s][Status.VERIFIED])
            present_line[f"state:{s}"] = f"{present}/{len(invited)}"
    for agency in sorted(seats):
        row: dict[str, Any] = {KEY: agency_key(agency), "agency": agency}
        total = 0
        for s in ids:
            n = seats[agency][s] + seats[agency]["*"]
            row[f"seats:{s}"] = n or ""
            totals[f"seats:{s}"] += n
            if sessions.get(s) is None or not n:
                continue  # not synced yet, or not invited (its people there are in the wrong session)
            c = counts[agency][s]
            row[f"present:{s}"] = c[Status.VERIFIED]
            row[f"invitees:{s}"] = c["invitees"]
            row[f"delegates:{s}"] = c["sent"]
            row[f"beyond:{s}"] = c["beyond"]
            here, short = c[Status.VERIFIED], c[Status.SHORT]
            state = Presence.PRESENT if here else Presence.SHORT if short else Presence.ABSENT
            row[f"state:{s}"] = w(f"agency.{state}")
            for k in ("present", "invitees", "delegates", "beyond"):
                totals[f"{k}:{s}"] += row[f"{k}:{s}"]
            total += c[Status.VERIFIED]
        row["total"] = total
        totals["total"] += total
        rows.append(row)
    total_row: dict[str, Any] = {KEY: "total", "agency": w("row.total")}
    for s in ids:
        total_row[f"seats:{s}"] = totals[f"seats:{s}"]
        if sessions.get(s) is not None:
            for k in ("present", "invitees", "delegates", "beyond"):
                total_row[f"{k}:{s}"] = totals[f"{k}:{s}"]
    total_row["total"] = totals["total"]
    rows.append(total_row)
    rows.append({KEY: "present", "agency": w("row.agencies_present"), **present_line})
    return Tab(
        SUMMARY,
        w("tab.summary"),
        summary_columns(w, ids),
        tuple(rows),
        _AGENCY,
        identity=("agency",),
        aliases=w.others("tab.summary"),
        legacy=("Agency", *ids, "Total"),
        rank=_summary_rank,
        chart=("agency", tuple(f"present:{s}" for s in ids), len(rows) - 2),
    )


# --- about -------------------------------------------------------------------------------------


def zone_name(tz: str) -> str:
    short = ZONES.get(tz)
    return f"{short} ({tz})" if short else tz


def info_tab(
    ctx: Context,
    sessions: Mapping[str, Iterable[Mapping[str, Any]] | None],
    changed: Mapping[str, str],
) -> Tab:
    """The programme at a glance. ``changed``: session -> when its figures last changed."""
    w = ctx.words
    p = ctx.policy
    rule = (
        w("info.rule.minutes", n=p.min_minutes)
        if p.min_minutes is not None
        else w("info.rule.fraction", pct=(p.min_fraction or 0) * 100)
    )
    rows: list[dict[str, Any]] = [
        {KEY: "info:programme", "item": w("info.programme"), "value": ctx.name},
        {KEY: "info:timezone", "item": w("info.timezone"), "value": zone_name(ctx.tz)},
        {KEY: "info:rule", "item": w("info.rule"), "value": rule},
        {KEY: "info:delegates", "item": w("info.delegates"), "value": w(f"info.delegates.{p.delegates}")},
    ]
    seats = _seats(ctx.roster)
    for s in ctx.sessions:
        start = pendulum.instance(s.start).in_tz(ctx.tz)
        end = pendulum.instance(s.end).in_tz(ctx.tz)
        value = w(
            "info.session.value",
            title=s.title,
            date=w.date(start),
            start=start.format("HH:mm"),
            end=end.format("HH:mm"),
            source=s.source,
        )
        rows.append({KEY: f"info:session:{s.id}", "item": w("info.session", id=s.id), "value": value})
        records = sessions.get(s.id)
        value = w("info.not_synced")  # every session's lines from the first sync: they stay together
        if records is not None:
            records = list(records)
            invited = {a for a in seats if seats[a][s.id] + seats[a]["*"]}
            verified = [r for r in records if status_code(r.get("status")) == Status.VERIFIED]
            present = {str(r.get("agency")) for r in verified}
            counted = len(verified)
            agencies = f"{len(invited & present)}/{len(invited)}"
            value = w("info.counts.value", present=counted, agencies=agencies)
        rows.append({KEY: f"info:counts:{s.id}", "item": w("info.counts", id=s.id), "value": value})
        rows.append(
            {
                KEY: keys.synced_info(s.id),
                "item": w("info.synced", id=s.id),
                "value": changed.get(s.id, w("info.not_synced")),
            }
        )
    for code in STATUSES:
        if code == Status.DELEGATE and p.delegates != Delegates.SEATS:
            continue  # no one is a delegate beyond seats under this policy
        word = w.status(code)
        rows.append(
            {KEY: f"info:legend:{code}", "item": w("info.legend", word=word), "value": w(f"legend.{code}")}
        )
    rows.append({KEY: "info:howto", "item": w("info.howto"), "value": w("info.howto.value")})
    legend = {
        w2: STATUS_COLOURS[c]
        for c in STATUSES
        for w2 in words_of("info.legend", [{"word": x} for x in words_of(f"status.{c}")])
    }
    columns = (
        _col(w, "item", "col.item", width=34, colours=legend),
        _col(w, "value", "col.value", width=110, wrap=True),
        _col(w, KEY, "col.key", width=18, technical=True),
    )
    return Tab(
        INFO, w("tab.info"), columns, tuple(rows), _INFO, identity=("item",), aliases=w.others("tab.info")
    )
