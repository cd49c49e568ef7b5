"""Helpers shared by the browser journeys: what the page reports (CSP violations, console
errors, uncaught exceptions) and waiting for a save that the page makes in the background.

Plain functions, not fixtures: a journey may open a second page (another user) and
watch it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Records every violation in the page itself: the DOM event fires for each one, whether
# or not Chromium also writes it to the console.
_RECORD_CSP_VIOLATIONS = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__cspViolations"
    ".push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));"
)


def watch_csp(page) -> list[str]:
    """The console messages of `page` that report a Content Security Policy violation, from
    now on; the returned list fills as the page runs."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    return violations


def watch_problems(page) -> list[str]:
    """Console errors, console CSP reports and uncaught exceptions of `page`, from now on;
    the returned list fills as the page runs."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return problems


def record_csp_violations(page) -> None:
    """Belt and braces for the console: every document `page` loads from now on keeps its
    own list of violations; read it with dom_csp_violations()."""
    page.add_init_script(_RECORD_CSP_VIOLATIONS)


def dom_csp_violations(page) -> list[str]:
    """Once the network is idle, the violations the current document recorded (needs
    record_csp_violations() before it was loaded)."""
    page.wait_for_load_state("networkidle")
    return [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]


def wait_until(check: Callable[[], bool], message: str, tries: int = 50) -> None:
    """Poll `check` every 0.1 s until it is true (a save the page sends in the background
    reaches the database after the page shows it); AssertionError(message) if it never is."""
    for _ in range(tries):
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(message)
