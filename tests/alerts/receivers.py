"""Real local HTTP receivers for webhooks (a thread with http.server): each records what it got.

``Receiver(mode="verify", secret=…)`` checks every signature the way docs/ALERTS.md tells
receivers to; ``fail_first=2`` answers 500 twice, then 200; ``delay=…`` answers too late.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from alerts import signing


@dataclass
class Receipt:
    headers: dict[str, str]
    body: bytes
    answered: int
    signature_ok: bool | None

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str | None = None
    fail_first: int = 0
    delay: float = 0.0
    receipts: list[Receipt] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.delay:
                    time.sleep(receiver.delay)
                ok: bool | None = None
                if receiver.secret is not None:
                    try:
                        signing.verify(receiver.secret, body, self.headers.get(signing.HEADER))
                        ok = True
                    except signing.SignatureError:
                        ok = False
                with receiver.lock:
                    failing = len(receiver.receipts) < receiver.fail_first
                    status = 401 if ok is False else (500 if failing else 200)
                    receiver.receipts.append(Receipt(dict(self.headers), body, status, ok))
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting (the timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def accepted(self) -> list[Receipt]:
        with self.lock:
            return [r for r in self.receipts if 200 <= r.answered < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
