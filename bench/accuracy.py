"""Accuracy of the matcher on labelled generated programmes the matcher was not tuned on.

    python -m bench.accuracy [--generator 1|2] [--seeds 101 102 103] [--sessions 5]
                             [--delegates seats|all] [--verbose]

Generator 1 is ``bench/generator.py``; generator 2 is ``bench/generator2.py``, written from
another view (whole provinces, a dozen offices, names by region, an explicit slip model).
Development seeds: 501-540 for generator 1, 1-180 for generator 2 (and 181-400, studied
from issue 12's seventh round on). Held back, run once at the end of a change to the
matcher: 9001-9020 (spent by issue 12), then every range of twenty up to 11701-11720 (spent
by its follow-ups, bench/README.md lists them); take a new range next time, 11721 onwards.

The verified count is scored under the ``[policy] delegates`` rule the tool runs with
(``seats`` by default, as in the config): the generators label everyone an agency sent who
stayed long enough as verified, so the expected count applies the same rule to the truth, an
agency counting at most its invited seats (named invitees and open seats).

Prints, per seed and overall: invitee precision and recall (over segments a careful person
could identify), agency precision and recall, invitee status accuracy, the verified-count
error per session and the share of sessions whose verified count is exact, homonyms credited
to the wrong person, and the same figures for the approach to beat (exact e-mail, then exact
name).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench import generator2
from bench.generator import Programme, generate
from vc_sync.domain import build_index
from vc_sync.kinds import Delegates
from vc_sync.matching.index import RosterIndex
from vc_sync.model import Invitee, Policy, Roster, Window
from vc_sync.reconcile import Result, reconcile

DEFAULT_POLICY = Policy()  # the tool's defaults; what counts here is its delegates rule
REGION_SETS = [
    ["diy", "sleman", "kulonprogo", "gunungkidul", "bantul", "kotayk"],
    ["jateng", "banjarnegara", "banyumas", "brebes", "cilacap"],
    [
        "klaten",
        "boyolali",
        "sukoharjo",
        "wonogiri",
        "karanganyar",
        "sragen",
        "kabmagelang",
        "kotamagelang",
    ],
    ["grobogan", "blora", "rembang", "pati", "kudus", "jepara", "kabsemarang", "kotasemarang"],
    ["demak", "temanggung", "kendal", "batang", "pemalang", "purbalingga", "kabtegal", "kotategal"],
    ["kebumen", "purworejo", "wonosobo", "kabpekalongan", "kotapekalongan"],
]


def programme_for(seed: int, sessions: int = 5, generator: int = 1, **kw) -> Programme:
    if generator == 2:
        return generator2.generate(seed, sessions)
    spec = [(f"S{i + 1}", REGION_SETS[i % len(REGION_SETS)]) for i in range(sessions)]
    defaults = dict(
        people_per_agency=(3, 6), attend=0.85, delegates=0.35, visitors=4, strangers=6, homonyms=4
    )
    defaults.update(kw)
    return generate(seed, spec, **defaults)


def roster_of(programme: Programme) -> Roster:
    rows = []
    for p in programme.roster:
        sessions = None if p.sessions == ("*",) else frozenset(p.sessions)
        shown = (
            f"{p.title + ' ' if p.title else ''}{p.name}{', ' + p.degree if p.degree else ''}"
            if p.name
            else ""
        )
        rows.append(
            Invitee(
                id=p.invitee,
                agency=p.agency,
                sessions=sessions,
                name=shown,
                email=p.email,
                phone=p.phone,
                aliases=(p.alias,) if p.alias else (),
                role=p.role,
            )
        )
    return Roster(tuple(rows))


@dataclass
class Score:
    inv_tp: int = 0
    inv_fp: int = 0
    inv_identifiable: int = 0
    ag_tp: int = 0
    ag_fp: int = 0
    ag_identifiable: int = 0
    status_ok: int = 0
    status_all: int = 0
    homonym_wrong: int = 0
    segments: int = 0
    count_errors: list[int] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k, v in vars(other).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
            else:
                getattr(self, k).extend(v)

    def line(self) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.4f}" if b else "n/a"

        return (
            f"segments {self.segments:6d}  invitee P {ratio(self.inv_tp, self.inv_tp + self.inv_fp)} "
            f"R {ratio(self.inv_tp, self.inv_identifiable)}  "
            f"agency P {ratio(self.ag_tp, self.ag_tp + self.ag_fp)} "
            f"R {ratio(self.ag_tp, self.ag_identifiable)}  status {ratio(self.status_ok, self.status_all)}  "
            f"verified count exact in {self.exact_counts()}  homonym errors {self.homonym_wrong}"
        )

    def exact_counts(self) -> str:
        exact = sum(1 for e in self.count_errors if e == 0)
        return f"{exact}/{len(self.count_errors)} sessions" + (
            f" (off: {sorted(e for e in self.count_errors if e)})" if exact < len(self.count_errors) else ""
        )


def expected_verified(programme: Programme, log, policy: Policy, found: Iterable[str] = ()) -> int:
    """How many people the truth counts as verified in a session, under the policy's
    delegates rule: with "seats", an agency counts at most its invited seats. ``found``: people
    the generator made unidentifiable (their truth is "unmatched") whom the tool credited to
    their own invitee all the same; they count, as a careful person who recognised them would."""
    verified = [pid for pid, status in log.expected.items() if status == "verified"]
    verified += [pid for pid in found if log.expected.get(pid) == "unmatched"]
    if policy.delegates == "all":
        return len(verified)
    seats = Counter(
        q.agency
        for q in programme.roster
        if q.role != "organiser" and (log.id in q.sessions or q.sessions == ("*",))
    )
    per_agency = Counter(programme.people[pid].agency for pid in verified)
    return sum(min(n, seats[a]) if a in seats else n for a, n in per_agency.items())


def score_session(programme: Programme, log, result: Result, policy: Policy = DEFAULT_POLICY) -> Score:
    s = Score(segments=len(log.segments))
    by_ref = {}
    for p in result.participants:
        for seg in p.segments:
            by_ref[seg.ref] = p
    for seg in log.segments:
        truth = log.labels[seg.ref]
        got = by_ref[seg.ref]
        owner = _invitee_of(programme, truth.person)
        if truth.invitee:
            s.inv_identifiable += 1
        if got.invitee:
            if got.invitee == truth.invitee:
                s.inv_tp += 1
            elif truth.invitee is None and got.invitee == owner:
                pass  # a segment no one could identify, credited to its real owner: no harm
            else:
                s.inv_fp += 1
                if (
                    sum(
                        1
                        for q in programme.roster
                        if q.name and q.name == programme.people[truth.person]._real
                    )
                    > 1
                ):  # type: ignore[attr-defined]
                    s.homonym_wrong += 1
                s.mistakes.append(
                    f"{log.id} {seg.name!r}: got {got.invitee} ({got.method} {got.score}), truth {truth}"
                )
        elif truth.invitee:
            s.mistakes.append(
                f"{log.id} {seg.name!r}: invitee missed ({got.status} {got.agency} {got.reason}), "
                f"truth {truth}"
            )
        if truth.kind == "organiser":
            continue
        if truth.agency:
            s.ag_identifiable += 1
        if got.agency:
            real = programme.people[truth.person].agency
            if got.agency == truth.agency:
                s.ag_tp += 1
            elif truth.agency is None and got.agency == real:
                pass
            else:
                s.ag_fp += 1
                s.mistakes.append(f"{log.id} {seg.name!r}: agency {got.agency} ({got.method}), truth {truth}")
        elif truth.agency:
            s.mistakes.append(
                f"{log.id} {seg.name!r}: agency missed ({got.status}, {got.reason}), truth {truth}"
            )
    owners = {q.invitee: q.pid for q in programme.roster if q.name}
    found = {
        owners[row.invitee]
        for row in result.participants
        if row.status == "verified" and row.invitee in owners
        for seg in row.segments
        if log.labels[seg.ref].person == owners[row.invitee]
    }
    s.count_errors.append(result.totals.verified - expected_verified(programme, log, policy, found))
    identified = {lab.person for lab in log.labels.values() if lab.invitee}
    truth_status = {}
    for pid, status in log.expected.items():
        inv = programme.people[pid].invitee
        if pid in identified and status in ("verified", "short"):
            truth_status[inv] = status
    for row in result.invitees:
        s.status_all += 1
        want = truth_status.get(row.id, "absent")
        owner = programme.people_by_invitee[row.id]
        if not owner.name or (owner.pid in log.expected and owner.pid not in identified):
            s.status_all -= 1  # an open seat, or a person only their agency can be told of
            continue
        s.status_ok += row.status == want
        if row.status != want:
            s.mistakes.append(f"{log.id} status {row.id} {row.name!r}: got {row.status}, truth {want}")
    return s


def _invitee_of(programme: Programme, pid: str) -> str | None:
    p = programme.people[pid]
    return p.invitee if p.name else None


def baseline(result_segments, index: RosterIndex, window: Window) -> dict[str, str | None]:
    """Exact e-mail, then exact name (lower-cased, spaces folded): segment ref -> invitee."""
    by_email = {i.email.lower(): i.id for i in index.roster.invitees if i.email}
    by_name: dict[str, list[str]] = {}
    for i in index.roster.invitees:
        by_name.setdefault(" ".join(i.name.lower().split()), []).append(i.id)
    out = {}
    for seg in result_segments:
        hit = by_email.get((seg.email or "").lower())
        if hit is None:
            ids = by_name.get(" ".join(seg.name.lower().split()), [])
            hit = ids[0] if len(ids) == 1 else None
        out[seg.ref] = hit
    return out


def run(
    seeds: list[int], sessions: int, verbose: bool, generator: int = 1, delegates: str = "seats"
) -> Score:
    total, base_tp, base_all = Score(), 0, 0
    print(f"generator {generator}, [policy] delegates = {delegates!r}")
    for seed in seeds:
        programme = programme_for(seed, sessions, generator)
        programme.people_by_invitee = {p.invitee: p for p in programme.roster}  # type: ignore[attr-defined]
        index = build_index(roster_of(programme))
        per_seed = Score()
        t0 = time.perf_counter()
        for log in programme.sessions:
            window = Window(log.id, log.start, log.end)
            policy = Policy(min_minutes=programme.min_minutes, delegates=Delegates(delegates))
            result = reconcile(log.segments, index, window, policy)
            per_seed.add(score_session(programme, log, result, policy))
            guess = baseline(log.segments, index, window)
            for seg in log.segments:
                truth = log.labels[seg.ref].invitee
                if truth:
                    base_all += 1
                    base_tp += guess[seg.ref] == truth
        took = time.perf_counter() - t0
        print(f"seed {seed}: {per_seed.line()}  ({took:.2f} s)")
        if verbose:
            for m in per_seed.mistakes:
                print("   ", m)
        total.add(per_seed)
    print(f"all    : {total.line()}")
    print(f"baseline (exact e-mail, then exact name): invitee recall {base_tp / base_all:.4f}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103, 104, 105])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--generator", type=int, choices=(1, 2), default=1)
    parser.add_argument("--delegates", choices=("seats", "all"), default=Policy().delegates.value)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    run(args.seeds, args.sessions, args.verbose, args.generator, args.delegates)


if __name__ == "__main__":
    main()
