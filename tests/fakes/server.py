"""A loopback HTTP server that hands each request to a Python app and logs it."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict


@dataclass
class Request:
    method: str
    raw_path: str  # as sent, percent-encoding kept
    path: str  # without the query
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    query_all: dict[str, list[str]] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """Answer the next request whose path contains ``where`` with this reply instead."""

    where: str
    reply: Reply
    method: str = "GET"


class App:
    """Subclasses implement ``handle``; faults and the request log are common."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()

    def fail(
        self,
        where: str,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        method: str = "GET",
    ) -> None:
        for _ in range(times):
            self.faults.append(Fault(where, Reply(status, body, headers or {}), method))

    def dispatch(self, req: Request) -> Reply:
        with self.lock:
            self.requests.append(req)
            for fault in self.faults:
                if fault.method == req.method and fault.where in req.raw_path:
                    self.faults.remove(fault)
                    return fault.reply
            return self.handle(req)

    def handle(self, req: Request) -> Reply:  # pragma: no cover - overridden
        return Reply(404, {"message": "not found"})


class Server:
    def __init__(self, app: App):
        self.app = app
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                req = Request(
                    self.command,
                    self.path,
                    parts.path,
                    query,
                    CaseInsensitiveDict(self.headers),
                    self.rfile.read(length) if length else b"",
                    parse_qs(parts.query),
                )
                reply = outer.app.dispatch(req)
                data = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
                self.send_response(reply.status)
                if not any(k.lower() == "content-type" for k in reply.headers):
                    self.send_header("Content-Type", "application/json")
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                import sys

                if not isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError):
                    super().handle_error(request, client_address)  # a client killed mid-answer is no news

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
