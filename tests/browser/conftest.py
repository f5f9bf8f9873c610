"""Real-browser tests: Playwright for Python driving Debian's Chromium against the live test server.

Locally they skip, with the reason, when Chromium is missing (and the axe-core check alone skips
when npm never installed axe-core); Playwright is a dev dependency, so without it they fail. In CI
(CI=1) every one of these fails instead, so a broken install can never pass as "skipped".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason: str) -> None:
    """Skip on a developer's machine, fail in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module. Per module, not per session: while Playwright runs, its event
    loop counts as running in this thread, and the flag below would have to stay set for every
    later test — and leak into the subprocesses some of them start (``check --deploy`` refuses it)."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # a dev dependency like pytest itself: a broken install, never a reason to skip
        pytest.fail("Playwright is not installed (pip install -e '.[dev]')", pytrace=False)
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate (the fixtures load data).
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture
def site(browser, transactional_db, live_server, settings) -> str:
    """The demo of `make run` on the live server: the seed letter's motions and the letter itself."""
    from django.core.cache import cache
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    cache.clear()
    call_command("load_demo", "--no-staff-user", stdout=open(os.devnull, "w"))
    return live_server.url


@pytest.fixture
def context(browser) -> Iterator:
    """A fresh browser profile per test, in Dutch (a Dutch visitor's Accept-Language)."""
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"{AXE.relative_to(ROOT)} is missing (npm ci)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core (all rules but the experimental ones) on the page as it is now.

    Injected with evaluate(): that runs outside the page's Content-Security-Policy, which rightly
    forbids inline scripts."""
    page.evaluate(axe_source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "")),
            }));
        }"""
    )


def result_keys(page) -> list[str]:
    return page.locator(".results-list .result .key").all_inner_texts()
