"""How many Zoom requests a pull costs, over the real zoomus client against the fake Zoom.

    python -m bench.zoom_requests

One pull per case, counted at the fake's door: token requests, instance lists, report pages,
registrant pages, and all of them together. Zoom's report endpoints are rate-limited as
"Heavy", so this is the figure that matters for a cron job that syncs many sessions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.fakes.server import Server
from tests.fakes.zoom import FakeZoom, participant, registrant
from vc_sync.config import load_config
from vc_sync.http import RetryPolicy
from vc_sync.providers.zoom import ZoomProvider

MID = "81234567890"
CONFIG = """\
[event]
name = "bench"
roster = "roster.csv"
[policy]
min_minutes = 45
[providers.zoom]
account_id = "acc"
client_id = "cid"
client_secret = "secret"
base_url = "{url}/v2"
oauth_url = "{url}/oauth/token"
[[sessions]]
id = "S1"
start = "2020-04-14 09:00"
end = "2020-04-14 11:30"
zoom = "{ref}"
"""
CASES = [  # name, instances, connections per instance, registrants, session reference
    ("one instance, no registration", 1, 300, 0, MID),
    ("two instances, 640 connections, 350 registrants", 2, 320, 350, MID),
    ("three instances, 3,000 connections, 2,000 registrants", 3, 1000, 2000, MID),
    ("one instance by UUID with a '/', 500 registrants", 1, 450, 500, "AbCdEfGh/IjKlMnOpQrStU=="),
]


def count(instances: int, per: int, registrants: int, ref: str) -> dict[str, int]:
    app = FakeZoom()
    uuids = ["AbCdEfGh/IjKlMnOpQrStU=="] if ref != MID else [f"inst-{n}+x/y==" for n in range(instances)]
    for n, uuid in enumerate(uuids):
        people = [
            participant(
                f"Peserta {n}-{i}",
                "2020-04-14T02:00:00Z",
                "2020-04-14T04:00:00Z",
                registrant_id=f"r-{i}" if registrants else "",
            )
            for i in range(per)
        ]
        app.add_instance(MID, uuid, f"2020-04-14T0{2 + n}:00:00Z", people)
    app.registrants[MID] = [registrant(f"r-{i}", f"p{i}@example.go.id", f"P{i}") for i in range(registrants)]
    with Server(app) as server, tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "roster.csv").write_text("sessions;agency\nS1;X\n")
        Path(tmp, "c.toml").write_text(CONFIG.format(url=server.url, ref=ref))
        config = load_config(Path(tmp, "c.toml"))
        provider = ZoomProvider(config, policy=RetryPolicy(sleep=lambda _s: None))
        pull = provider.pull(config.session("S1"))
    paths = [r.path for r in app.requests]
    return {
        "segments": len(pull.segments),
        "token": sum(p == "/oauth/token" for p in paths),
        "instances": sum(p.endswith("/instances") for p in paths),
        "reports": sum(p.endswith("/participants") for p in paths),
        "detail": sum("/report/" in p and not p.endswith("/participants") for p in paths),
        "registrants": sum(p.endswith("/registrants") for p in paths),
        "total": len(paths),
    }


def main() -> None:
    head = ("segments", "token", "instances", "reports", "detail", "registrants", "total")
    print(f"{'case':<56}" + "".join(f"{h:>12}" for h in head))
    for name, instances, per, registrants, ref in CASES:
        row = count(instances, per, registrants, ref)
        print(f"{name:<56}" + "".join(f"{row[h]:>12}" for h in head))


if __name__ == "__main__":
    main()
