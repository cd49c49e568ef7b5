"""keyplan.core.requestmemo: small shared reads once per GET request, never across
requests, never in writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from keyplan.core import requestmemo
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.selectors import planning_rates
from keyplan.sales.models import ExchangeRate


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


def run(method: str, view):
    request = getattr(RequestFactory(), method.lower())("/")
    return requestmemo.RequestMemoMiddleware(view)(request)


def test_outside_a_request_every_call_computes():
    compute = counter()
    assert [requestmemo.memo("k", compute) for _ in range(3)] == [1, 2, 3]
    assert not requestmemo.active()


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_request_computes_once_per_key(method):
    compute = counter()
    seen = []

    def view(request):
        seen.extend(requestmemo.memo("k", compute) for _ in range(3))
        seen.append(requestmemo.memo("other", lambda: "x"))
        return HttpResponse()

    run(method, view)
    assert seen == [1, 1, 1, "x"]
    assert not requestmemo.active()  # dropped with the response
    run(method, view)
    assert seen[-4:] == [2, 2, 2, "x"]  # the next request reads again


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_writing_request_computes_every_time(method):
    compute = counter()
    seen = []

    def view(request):
        seen.extend(requestmemo.memo("k", compute) for _ in range(2))
        return HttpResponse()

    run(method, view)
    assert seen == [1, 2]


def test_the_memo_is_dropped_when_the_view_fails():
    def view(request):
        requestmemo.memo("k", lambda: 1)
        raise RuntimeError

    with pytest.raises(RuntimeError):
        run("GET", view)
    assert not requestmemo.active()


@pytest.mark.django_db
def test_settings_and_rates_are_read_once_a_page_and_callers_get_their_own_copies():
    ExchangeRate.objects.create(currency="EUR", rate="4.3")
    PortfolioSettings.load()  # created with its defaults

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            first, second = PortfolioSettings.load(), PortfolioSettings.load()
            rates = planning_rates("PLN")
            rates["XXX"] = 1  # a caller adding to its dict
            again = planning_rates("USD")
        first.pareto_share = 0
        assert second.pareto_share != 0
        assert "XXX" not in again and again["USD"] == 1 and "PLN" not in again
        return HttpResponse(str(len(queries)))

    assert run("GET", view).content == b"2"  # the settings once, the rates once
    assert run("POST", view).content == b"4"


@pytest.mark.django_db
def test_the_data_version_is_read_once_a_page():
    from keyplan.core import dataversion

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            dataversion.cached("a", lambda: 1)
            dataversion.cached("b", lambda: 2)
        return HttpResponse(str(sum("core_datachange" in q["sql"] for q in queries)))

    assert run("GET", view).content == b"1"
    assert run("POST", view).content == b"2"
