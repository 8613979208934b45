"""Real-browser harness for the HTML map tests: Debian's chromium driven by Playwright.

Fixtures
--------
``browser`` (session)
    A headless ``playwright.sync_api.Browser`` on ``/usr/bin/chromium``. Skipped with a message
    when chromium is missing, unless the ``CI`` environment variable is set: then the test
    fails, so a CI run can never pass by skipping every browser test.
``open_map`` (function)
    ``open_map(path, *, viewport=VIEWPORT) -> MapPage``: opens a local HTML file (a path, or a
    ``file:`` URL with a ``#fragment``)
    in a fresh browser context and page, waits for the ``load`` event and returns a
    :class:`MapPage`. The page is closed when the test ends.

What a :class:`MapPage` records
-------------------------------
``requests_blocked``
    Every request other than the HTML file itself is aborted (``page.route("**/*")``) and its
    URL recorded: script, stylesheet, image, tile, fetch, other local files alike. ``data:``
    URIs are not requests and are never seen. A map that works offline has none.
``console_errors`` / ``console_messages``
    ``console.error`` output (including Chromium's "Failed to load resource" for aborted
    requests), and every console message as ``(type, text)``.
``page_errors``
    Uncaught exceptions and unhandled promise rejections.
``dialogs``
    Every ``alert()``, ``confirm()``, ``prompt()`` or ``beforeunload`` dialog as
    ``(type, message)``; the harness dismisses it so the page goes on.

XSS sentinel convention
-----------------------
A test that puts hostile text into a map (a source quote, a place name, a popup) writes its
payloads so that, if they ever ran, they would both set ``window.__xss`` and open a dialog, e.g.
``<img src=x onerror="window.__xss=1;alert(1)">`` or ``</script><script>window.__xss=1</script>``.
It then asserts ``not map_page.xss_fired()``: ``window.__xss`` is undefined and no dialog
opened. (The ``img`` form also shows up in ``requests_blocked``, for ``src=x``.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Page,
        Route,
        ViewportSize,
    )

CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1024, "height": 768}
_LOAD_TIMEOUT_MS = 30_000


@dataclass
class MapPage:
    """An HTML map open in chromium with the network cut off, and what happened on loading it."""

    page: Page
    url: str
    requests_blocked: list[str] = field(default_factory=list)
    console_messages: list[tuple[str, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[tuple[str, str]] = field(default_factory=list)

    def evaluate(self, js: str) -> Any:
        """Evaluate a JavaScript expression (or function source) in the page; return its value."""
        return self.page.evaluate(js)

    def xss_fired(self) -> bool:
        """Return whether an injected payload ran: ``window.__xss`` set, or a dialog opened."""
        return bool(self.dialogs) or self.evaluate("typeof window.__xss !== 'undefined'")

    def problems(self) -> list[str]:
        """Return everything that should not happen on an offline map, one line each."""
        return (
            [f"request attempted: {url}" for url in self.requests_blocked]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"dialog {kind}: {message}" for kind, message in self.dialogs]
        )

    # Playwright event handlers, installed by the ``open_map`` fixture.

    def _on_route(self, route: Route) -> None:
        if route.request.url == self.url.split("#")[0]:
            route.continue_()
        else:
            self.requests_blocked.append(route.request.url)
            route.abort()

    def _on_console(self, message: ConsoleMessage) -> None:
        self.console_messages.append((message.type, message.text))
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()


def _unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it on CI, where the browser is part of the test command."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium, launched once per test session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: `apt-get install chromium` to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable('playwright is not installed: pip install -e ".[test]"')
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def open_map(browser: Browser) -> Iterator[Callable[..., MapPage]]:
    """Open local HTML files in chromium with every request but the file itself blocked."""
    contexts: list[BrowserContext] = []

    def _open(path: Path | str, *, viewport: ViewportSize | None = None) -> MapPage:
        context = browser.new_context(viewport=viewport or VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        # a file path, or a file: URL that may carry a #fragment (a link to a view)
        url = (
            path
            if isinstance(path, str) and path.startswith("file:")
            else Path(path).resolve().as_uri()
        )
        map_page = MapPage(page=page, url=url)
        page.route("**/*", map_page._on_route)
        page.on("console", map_page._on_console)
        page.on("pageerror", map_page._on_page_error)
        page.on("dialog", map_page._on_dialog)
        page.goto(map_page.url, wait_until="load", timeout=_LOAD_TIMEOUT_MS)
        return map_page

    yield _open
    for context in contexts:
        context.close()
