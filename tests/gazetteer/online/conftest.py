"""Fixtures for online geocoders: a scripted Nominatim look-alike on 127.0.0.1, never the internet."""

from __future__ import annotations

import copy
import json
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from incidentmap.gazetteer.online import NominatimResolver

#: Results shaped like Nominatim's ``format=json&addressdetails=1`` answer (lat/lon are strings).
_AL_BAB_RESULTS: list[dict[str, Any]] = [
    {
        "place_id": 101,
        "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
        "osm_type": "relation",
        "osm_id": 5001,
        "lat": "36.3705",
        "lon": "37.5157",
        "class": "boundary",
        "type": "administrative",
        "addresstype": "city",
        "place_rank": 16,
        "importance": 0.52,
        "name": "al-Bab",
        "display_name": "al-Bab, al-Bab District, Aleppo Governorate, Syria",
        "address": {"city": "al-Bab", "state": "Aleppo Governorate", "country": "Syria",
                    "country_code": "sy"},
        "boundingbox": ["36.35", "36.39", "37.49", "37.54"],
    },
    {
        "place_id": 102,
        "osm_type": "relation",
        "osm_id": 5002,
        "lat": "36.30",
        "lon": "37.60",
        "class": "boundary",
        "type": "administrative",
        "addresstype": "district",
        "place_rank": 12,
        "importance": 0.61,
        "name": "al-Bab District",
        "display_name": "al-Bab District, Aleppo Governorate, Syria",
        "address": {"state": "Aleppo Governorate", "country": "Syria", "country_code": "sy"},
    },
    {
        "place_id": 103,
        "osm_type": "node",
        "osm_id": 5003,
        "lat": "33.20",
        "lon": "44.10",
        "class": "place",
        "type": "village",
        "addresstype": "village",
        "place_rank": 19,
        "importance": 0.12,
        "name": "Bab",
        "display_name": "Bab, Baghdad Governorate, Iraq",
        "address": {"village": "Bab", "country": "Iraq", "country_code": "iq"},
    },
]  # fmt: skip


def _nominatim_result(**fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": 42,
        "lat": "35.0",
        "lon": "38.0",
        "class": "place",
        "type": "locality",
        "addresstype": "locality",
        "place_rank": 25,
        "importance": 0.3,
        "name": "Somewhere",
        "display_name": "Somewhere, Syria",
        "address": {"country": "Syria", "country_code": "sy"},
    }
    result.update(fields)
    return result


@dataclass(frozen=True)
class Reply:
    """What the stub answers to one request."""

    status: int = 200
    body: bytes | Any = field(default_factory=list)  # bytes as they are, anything else as JSON
    delay_s: float = 0.0
    headers: tuple[tuple[str, str], ...] = ()

    def payload(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, "text/html; charset=utf-8"
        return json.dumps(self.body).encode("utf-8"), "application/json; charset=utf-8"


@dataclass(frozen=True)
class RecordedRequest:
    """A request the stub received."""

    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    time: float  # time.monotonic() at arrival

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None


class NominatimStub:
    """A scripted Nominatim: queued replies first, then ``default``; records every request."""

    def __init__(self) -> None:
        self.default = Reply(body=copy.deepcopy(_AL_BAB_RESULTS))
        self.requests: list[RecordedRequest] = []
        self.errors: list[BaseException] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.stub = self
        self.domain = f"127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def answer(
        self,
        body: bytes | Any,
        *,
        status: int = 200,
        delay_s: float = 0.0,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Answer every following request so (``bytes`` as they are, anything else as JSON)."""
        self.default = Reply(status, body, delay_s, headers)

    def answer_once(
        self,
        body: bytes | Any,
        *,
        status: int = 200,
        delay_s: float = 0.0,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Answer the next request not yet scripted so, then go back to the default."""
        with self._lock:
            self._queue.append(Reply(status, body, delay_s, headers))

    def next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            return self._queue.popleft() if self._queue else self.default

    def close(self) -> None:
        self.stopping.set()  # wakes handlers that sleep to simulate a slow service
        self._server.shutdown()
        self._server.server_close()  # joins the handler threads (daemon_threads=False)
        self._thread.join()


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # so server_close() waits for every handler: no thread leaks
    block_on_close = True
    stub: NominatimStub | None = None

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Keep test output clean; a client that gave up (timeout) resets the connection.
        if self.stub is not None:
            self.stub.errors.append(sys.exc_info()[1])  # type: ignore[arg-type]


def _handler_for(stub: NominatimStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            request = RecordedRequest(
                path=url.path,
                params=parse_qs(url.query),
                headers=dict(self.headers.items()),
                time=time.monotonic(),
            )
            reply = stub.next_reply(request)
            if reply.delay_s:
                stub.stopping.wait(reply.delay_s)
            body, content_type = reply.payload()
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def nominatim_server() -> Iterator[NominatimStub]:
    """A Nominatim look-alike on 127.0.0.1 answering al-Bab results unless scripted."""
    stub = NominatimStub()
    try:
        yield stub
    finally:
        stub.close()


@pytest.fixture
def al_bab_results() -> list[dict[str, Any]]:
    """What the stub answers by default: three results, the service's order is not importance."""
    return copy.deepcopy(_AL_BAB_RESULTS)


@pytest.fixture
def make_result() -> Callable[..., dict[str, Any]]:
    """Build one plausible result; keyword arguments override fields (``class`` via a dict)."""
    return _nominatim_result


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (connections are refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def make_resolver(
    nominatim_server: NominatimStub,
) -> Iterator[Callable[..., NominatimResolver]]:
    """Build NominatimResolvers aimed at the stub (fast settings), closed after the test."""
    made: list[NominatimResolver] = []

    def make(**settings: Any) -> NominatimResolver:
        options: dict[str, Any] = {
            "domain": nominatim_server.domain,
            "scheme": "http",
            "min_delay_s": 0.0,
            "timeout_s": 2.0,
            "retry_wait_s": 0.0,
        }
        options.update(settings)
        resolver = NominatimResolver(**options)
        made.append(resolver)
        return resolver

    try:
        yield make
    finally:
        for resolver in made:
            resolver.close()
