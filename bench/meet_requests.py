"""How many requests a Meet pull costs, and how long the quota makes it, against the fake Meet.

    python -m bench.meet_requests [--participants 10 500 5000] [--signed-in 0.6]

For each size, one ended conference whose participants each connected twice (a share of
them signed in, 60% by default), pulled through the real googleapiclient, counted at the
fake's door:

- ``records``: the Meet REST API (``meet_source = "records"``); with the fake enforcing
  Meet's 600 reads per minute per user (unless ``--no-quota``), and its minutes simulated
  (``VirtualClock``), so the column ``minutes`` is how long the quota makes the pull last and
  ``429`` how many requests it refused.
- ``auto, no reports``: credentials that may not read the Admin SDK reports: one refused
  question, then the REST path.
- ``auto, reports``: the Admin SDK Reports' call_ended events (one per connection).

Also what ``users.list`` would cost instead of Directory batches: pages of 500 users to list
a domain of ``--domain`` users (the signed-in ones among them).

Run against an older vc_sync (whose provider has no ``now``/``clock``) it measures that
version with the same fake: that is how the "before" figures were taken.
"""

from __future__ import annotations

import argparse
import inspect
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.fakes.google import google_user_credentials
from tests.fakes.meet import FakeMeet, VirtualClock, call_ended, iso
from tests.fakes.server import Server
from vc_sync.config import load_config
from vc_sync.http import RetryPolicy
from vc_sync.providers.meet import MeetProvider

START = datetime(2020, 4, 14, 2, 0, tzinfo=UTC)
END = START + timedelta(minutes=150)
CONFIG = """\
[event]
name = "bench"
timezone = "Asia/Jakarta"
roster = "roster.csv"
[policy]
min_minutes = 45
[providers.meet]
credentials = "google.json"
endpoint = "{url}/"
[[sessions]]
id = "S1"
start = "2020-04-14 09:00"
end = "2020-04-14 11:30"
meet = "abc-defg-hij"
{source}
"""


class _Folder:
    def __init__(self, root: Path):
        self.root = root

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")


def conference(app: FakeMeet, people: int, signed_in: float, events: bool) -> None:
    record = app.add_record("r1", "abc-defg-hij", iso(START - timedelta(minutes=2)), iso(END))
    for n in range(people):
        user = f"users/{100000 + n}" if n < people * signed_in else None
        spans = [(START, START + timedelta(minutes=50)), (START + timedelta(minutes=52), END)]
        app.add_participant(
            record,
            str(n),
            "signedinUser" if user else "anonymousUser",
            f"Peserta {n}",
            [(iso(a), iso(b)) for a, b in spans],
            user=user,
        )
        email = f"peserta{n}@menpan.go.id"
        if user:
            app.directory[str(100000 + n)] = email
        if events:
            app.activities += [
                call_ended(f"Peserta {n}", email if user else "", iso(b), int((b - a).total_seconds()))
                for a, b in spans
            ]


def pull(people: int, signed_in: float, mode: str, quota: bool = True) -> dict[str, float]:
    app = FakeMeet()
    app.reports_allowed = mode == "auto, reports"
    conference(app, people, signed_in, events=mode == "auto, reports")
    clock = VirtualClock(app)
    app.clock = clock
    if quota:
        app.meet_quota, app.admin_quota = 600, 2400
    with Server(app) as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        folder.joinpath("roster.csv").write_text("sessions;agency\nS1;X\n")
        google_user_credentials(_Folder(folder), f"{server.url}/token")
        source = "" if mode.startswith("auto") else 'meet_source = "records"'
        folder.joinpath("c.toml").write_text(CONFIG.format(url=server.url, source=source))
        config = load_config(folder / "c.toml")
        kw: dict = {"policy": RetryPolicy(sleep=clock.sleep)}
        if "clock" in inspect.signature(MeetProvider).parameters:  # this version limits its rate
            kw.update(now=lambda: END + timedelta(hours=3), clock=clock, sleep=clock.sleep)
        provider = MeetProvider(config, **kw)
        for limit in (getattr(provider, "meet_limit", None), getattr(provider, "admin_limit", None)):
            if limit is not None:
                clock.limiters.append(limit)
        try:
            got = provider.pull(config.session("S1"))
        except Exception as exc:  # an older version may give up under the quota: say so
            print(f"  {mode}, {people} participants: {type(exc).__name__}: {str(exc)[:120]}")
            got = None
    counts = app.count()
    return {
        "segments": len(got.segments) if got else -1,
        "emails": sum(bool(s.email) for s in got.segments) if got else -1,
        "token": counts.get("token", 0),
        "reports": counts.get("reports", 0),
        "records": counts.get("records", 0),
        "participants": counts.get("participants", 0),
        "sessions": counts.get("sessions", 0),
        "users.get": counts.get("users.get", 0),
        "batch": counts.get("batch", 0),
        "total": sum(counts.values()),
        "429": sum(1 for p in app.refused if p.startswith("/v2/")),
        "minutes": clock.now / 60,
    }


def users_list_pages(domain: int) -> int:
    """Requests ``users.list`` (500 a page) takes to list a domain, through googleapiclient."""
    app = FakeMeet()
    app.domain_users = domain
    with Server(app) as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        folder.joinpath("roster.csv").write_text("sessions;agency\nS1;X\n")
        google_user_credentials(_Folder(folder), f"{server.url}/token")
        folder.joinpath("c.toml").write_text(CONFIG.format(url=server.url, source=""))
        provider = MeetProvider(load_config(folder / "c.toml"), policy=RetryPolicy(sleep=lambda _s: None))
        directory = provider._service(
            "admin", "directory_v1", ["https://www.googleapis.com/auth/admin.directory.user.readonly"]
        )
        request = directory.users().list(
            customer="my_customer", maxResults=500, fields="users(id,primaryEmail),nextPageToken"
        )
        while request is not None:
            body = request.execute()
            request = directory.users().list_next(request, body)
    return app.count().get("users.list", 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, nargs="+", default=[10, 500, 5000])
    parser.add_argument("--signed-in", type=float, default=0.6)
    parser.add_argument("--domain", type=int, default=10_000, help="users of the domain, for users.list")
    parser.add_argument("--no-quota", action="store_true", help="the fake refuses nothing")
    args = parser.parse_args()
    modes = ["records"]
    if "clock" in inspect.signature(MeetProvider).parameters:
        modes += ["auto, no reports", "auto, reports"]
    head = ("segments", "emails", "token", "reports", "records", "participants", "sessions")
    head += ("users.get", "batch", "total", "429", "minutes")
    print(f"{'participants':>12} {'mode':<17}" + "".join(f"{h:>13}" for h in head))
    for n in args.participants:
        for mode in modes:
            row = pull(n, args.signed_in, mode, quota=not args.no_quota)
            cells = "".join(f"{row[h]:13.1f}" if h == "minutes" else f"{row[h]:13d}" for h in head)
            print(f"{n:12d} {mode:<17}" + cells)
    pages = users_list_pages(args.domain)
    print(f"users.list instead of batches: {pages} requests for a domain of {args.domain:,}")


if __name__ == "__main__":
    main()
