"""Reads shared by the parts of one page, done once per request.

An account page is built from a dozen selectors of several apps, and some of them read
the same small things: the portfolio settings, the exchange rates, the latest sales
month (the account page read the rates three times and the settings twice). Each
selector stays self-contained; `memo(key, compute)` gives the value the first caller
in the request computed.

Only while a GET or HEAD request is being answered (RequestMemoMiddleware): those do
not write, so nothing read can change under the page, except by another transaction,
which the page would not have seen consistently either. Writes (POST and the rest),
commands, tasks and streamed files (their rows are produced after the middleware has
returned) compute every time. Values are shared within the request: callers must not
change what they get (the wrappers below hand out copies where a caller might).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

SAFE_METHODS = frozenset({"GET", "HEAD"})

_store: ContextVar[dict[Hashable, object] | None] = ContextVar("keyplan_request_memo", default=None)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), once per GET/HEAD request for `key`; every time outside one."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]  # type: ignore[return-value]


def active() -> bool:
    return _store.get() is not None


class RequestMemoMiddleware:
    """Opens a memo for each GET or HEAD request and drops it with the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
