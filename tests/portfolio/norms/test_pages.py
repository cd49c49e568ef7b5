"""The portfolio norms page and the account page's portfolio panel (class history, share
of wallet, SAM fitness, selection scores)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import unescape

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from keyplan.accounts import services as account_services
from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore, Criterion, PortfolioSettings, SamFitness
from keyplan.sales.models import WalletEstimate
from tests.factories import AccountFactory
from tests.portfolio.scoring.test_pages import sales

NORMS = reverse("scoring:norms")
HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def detail(world) -> str:
    # The portfolio panel (class history, scores, wallet, SAM fitness): the economics tab.
    return reverse("accounts:detail-economics", args=[world.account.pk])


# --- norms ----------------------------------------------------------------------------------


def test_norms_figures(world, client_for):
    sales(world.account, "1000", "600")  # strategic: 12 000 revenue, 4 800 GP
    sales(world.other_account, "3000", "2600")  # regular: 36 000 revenue, 4 800 GP
    Account.objects.filter(pk=world.other_account.pk).update(account_class="regular")

    response = client_for("director").get(NORMS)

    assert response.status_code == 200
    norms = response.context["norms"]
    assert norms["revenue"]["share"] == Decimal("25.00")
    assert norms["gross_profit"]["share"] == Decimal("50.00")
    assert norms["accounts"]["share"] == Decimal("50.00")
    page = html(response)
    assert "25.0%" in page and "50.0%" in page
    assert "Meets the target" in page  # 25% of revenue against a 25% target
    assert "Above the norm" in page  # half the accounts strategic against ~10%
    assert 'low="25' in page and 'value="25.00"' in page  # plain numbers in any language
    assert "Jan 2024 – Dec 2024" in page


def test_norms_strategic_per_kam_flags_the_limit(world, client_for):
    portfolio = PortfolioSettings.load()
    portfolio.max_strategic_per_kam = 2
    portfolio.save()
    for _ in range(2):
        AccountFactory(owner=world.owner, account_class="strategic")

    response = client_for("director").get(NORMS)

    per_kam = response.context["norms"]["per_kam"]
    assert per_kam[0]["owner_id"] == world.owner.pk and per_kam[0]["strategic"] == 3
    assert per_kam[0]["over"]
    page = html(response)
    assert "Over the limit" in page
    assert "1 manager is above the limit." in page


def test_norms_fitness_table(world, client_for):
    SamFitness.objects.create(
        account=world.account,
        sells_directly="yes",
        continuing_need="yes",
        values_added_value="yes",
        trust_possible="unknown",
    )
    AccountFactory(name="Unassessed SA", owner=world.owner, account_class="strategic")

    response = client_for("director").get(NORMS)

    rows = {row["name"]: row for row in response.context["fitness_rows"]}
    assert rows["Polmet Sp. z o.o."]["verdict_label"] == "Incomplete"
    assert [a["value"] for a in rows["Polmet Sp. z o.o."]["answer_list"]] == [
        "yes",
        "yes",
        "yes",
        "unknown",
    ]
    assert rows["Unassessed SA"]["verdict_label"] == "Not assessed"
    page = html(response)
    assert "Not assessed: 1" in page and "Incomplete: 1" in page
    assert f'href="/accounts/{world.account.pk}/economics/#sam-fitness"' in page


def test_norms_over_visible_accounts_only(world, client_for):
    sales(world.account, "1000", "600")
    sales(world.other_account, "3000", "2600")

    norms = client_for("owner").get(NORMS).context["norms"]

    assert norms["accounts"]["total"] == 1
    assert norms["revenue"]["share"] == Decimal("100.00")


def test_norms_without_sales_or_accounts(db, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="new-kam", role="kam"))

    response = client.get(NORMS)

    page = html(response)
    assert response.status_code == 200
    assert "No sales recorded yet" in page
    assert "No strategic accounts among the accounts you can see." in page


def test_norms_for_viewers_have_no_settings_link(world, client_for):
    assert "Targets and norms" not in html(client_for("viewer").get(NORMS))
    assert "Targets and norms" in html(client_for("director").get(NORMS))


# --- the account panel ------------------------------------------------------------------------


def test_panel_shows_class_history_wallet_fitness_and_scores(world, client_for):
    account_services.account_update(
        user=world.director, account=world.account, data={"account_class": "regular"}
    )
    WalletEstimate.objects.create(
        account=world.account, category_spend=Decimal("48000"), currency="PLN", source="CFO"
    )
    sales(world.account, "1000", "600")
    AccountScore.objects.create(
        account=world.account,
        criterion=Criterion.objects.get(key="partnership"),
        score=8,
        rationale="Joint projects",
        scored_by=world.owner,
        scored_at=timezone.now(),
    )

    response = client_for("owner").get(detail(world))

    page = html(response)
    history = response.context["panel"]["class_history"]
    assert [(e["before"], e["after"]) for e in history] == [
        ("strategic", "regular"),
        (None, "strategic"),
    ]
    assert str(world.director) in page
    wallet = response.context["panel"]["wallet"]
    assert wallet["revenue"] == Decimal("12000.00")
    assert wallet["share"] == Decimal("25.00")
    assert wallet["headroom"] == Decimal("36000.00")
    assert "PLN48,000.00" in page and "(CFO)" in page and "25.0%" in page
    assert "Not assessed yet" in page
    assert "Joint projects" in page
    assert response.context["panel"]["total"] == Decimal("8.00")
    assert f'action="/portfolio/accounts/{world.account.pk}/wallet/"' in page


def test_panel_without_data(world, client_for):
    page = html(client_for("member").get(detail(world)))

    assert "Not estimated yet" in page
    assert "Enter an estimate" in page
    assert "Not assessed yet" in page


def test_viewer_sees_the_panel_without_forms(world, client_for):
    page = html(client_for("viewer").get(detail(world)))

    assert "Share of wallet" in page
    assert "Enter an estimate" not in page
    assert "Assess the four conditions" not in page


def test_wallet_save(world, client_for):
    url = reverse("scoring:wallet", args=[world.account.pk])

    response = client_for("member").post(
        url,
        {"category_spend": "120000.50", "currency": "EUR", "source": "Annual report"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == detail(world) + "#wallet"
    estimate = WalletEstimate.objects.get(account=world.account)
    assert (estimate.category_spend, estimate.currency, estimate.source) == (
        Decimal("120000.50"),
        "EUR",
        "Annual report",
    )
    assert "Share of wallet estimate saved." in messages_of(response)


def test_wallet_validation_names_the_field(world, client_for):
    url = reverse("scoring:wallet", args=[world.account.pk])
    client = client_for("owner")

    plain = client.post(url, {"category_spend": "-5", "currency": "PLN"}, follow=True)
    partial = client.post(url, {"category_spend": "lots", "currency": "XXX"}, **HTMX)

    assert any(m.startswith("Yearly spend in our category: ") for m in messages_of(plain))
    assert partial.status_code == 422
    body = html(partial)
    assert 'id="portfolio-panel"' in body and "<html" not in body
    assert 'id="wallet-category_spend"' in body
    assert "Select a valid choice" in body
    assert not WalletEstimate.objects.exists()


def test_wallet_with_htmx_returns_the_fresh_panel(world, client_for):
    url = reverse("scoring:wallet", args=[world.account.pk])

    response = client_for("director").post(
        url, {"category_spend": "1000", "currency": "PLN"}, **HTMX
    )

    assert response.status_code == 200
    body = html(response)
    assert "<html" not in body and 'id="portfolio-panel"' in body
    assert "Share of wallet estimate saved." in body
    assert "PLN1,000.00" in body
    assert not list(response.wsgi_request._messages)  # nothing left for the next page


def test_sam_fitness_with_htmx_returns_the_fresh_panel(world, client_for):
    url = reverse("scoring:sam-fitness", args=[world.account.pk])

    answers = dict.fromkeys(SamFitness.CONDITIONS, "unknown") | {"sells_directly": "no"}

    response = client_for("owner").post(url, answers, **HTMX)

    assert response.status_code == 200
    body = html(response)
    assert "SAM fitness saved." in body
    assert "Not fit: a condition fails" in body


def test_sam_fitness_save_and_verdict(world, client_for):
    url = reverse("scoring:sam-fitness", args=[world.account.pk])
    answers = {
        "sells_directly": "yes",
        "continuing_need": "yes",
        "values_added_value": "yes",
        "trust_possible": "yes",
        "note": "Checked with the CEO",
    }

    response = client_for("owner").post(url, answers, follow=True)

    fitness = SamFitness.objects.get(account=world.account)
    assert fitness.verdict == "yes" and fitness.assessed_by == world.owner
    page = html(response)
    assert "Fit: all four conditions hold" in page
    assert "Checked with the CEO" in page


def test_sam_fitness_refuses_unknown_answers(world, client_for):
    url = reverse("scoring:sam-fitness", args=[world.account.pk])

    response = client_for("owner").post(url, {"sells_directly": "perhaps"}, **HTMX)

    assert response.status_code == 422
    assert 'id="sam-sells_directly"' in html(response)
    assert not SamFitness.objects.exists()


def test_panel_forms_refuse_viewers_and_outsiders(world, client_for):
    wallet = reverse("scoring:wallet", args=[world.account.pk])
    fitness = reverse("scoring:sam-fitness", args=[world.account.pk])
    data = {"category_spend": "1", "currency": "PLN", "sells_directly": "yes"}

    assert client_for("viewer").post(wallet, data).status_code == 403
    assert client_for("viewer").post(fitness, data).status_code == 403
    assert client_for("outsider").post(wallet, data).status_code == 404
    assert client_for("outsider").post(fitness, data).status_code == 404
    assert not WalletEstimate.objects.exists() and not SamFitness.objects.exists()


def test_meters_stay_machine_readable_in_polish(world, client_for):
    sales(world.account, "1000", "600")
    sales(world.other_account, "3000", "2600")
    client = client_for("director")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"

    page = html(client.get(NORMS))

    assert 'value="25.00"' in page
    assert "25,0%" in page


def _page_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the session is stamped on the first request
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_history(world, n: int) -> None:
    classes = ["regular", "strategic"]
    for i in range(n):
        account_services.account_update(
            user=world.director, account=world.account, data={"account_class": classes[i % 2]}
        )
    sales(world.account, "100", "50", months=n, last=date(2000 + n, 12, 1))  # no overlap


def test_account_page_queries_do_not_grow_with_the_panel_data(world, client_for):
    client = client_for("director")
    WalletEstimate.objects.create(
        account=world.account, category_spend=Decimal("1"), currency="PLN"
    )
    _more_history(world, 2)
    small = _page_queries(client, detail(world))
    _more_history(world, 20)

    assert _page_queries(client, detail(world)) == small
