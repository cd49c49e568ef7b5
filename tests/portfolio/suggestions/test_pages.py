"""The reclassification suggestions page: lists, accept and reject, generation."""

from __future__ import annotations

from html import unescape

from django.urls import reverse
from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.portfolio.models import Suggestion
from tests.factories import AccountFactory
from tests.portfolio.scoring.test_pages import sales

LIST = reverse("scoring:suggestions")
GENERATE = reverse("scoring:suggestions-generate")
EVIDENCE = {
    "currency": "PLN",
    "revenue": "3600.00",
    "previous_revenue": "1000.00",
    "gross_profit": "1200.00",
    "growth": "260.00",
    "threshold": "20",
    "rank": 2,
    "cap": 1,
    "period": {"from": "2024-01-01", "to": "2024-12-31"},
}


def suggest(account, *, frm="regular", to="strategic", reason="revenue_growth", **fields):
    return Suggestion.objects.create(
        account=account,
        from_class=frm,
        to_class=to,
        reason=reason,
        evidence=fields.pop("evidence", EVIDENCE),
        **fields,
    )


def decide_url(suggestion) -> str:
    return reverse("scoring:suggestion-decide", args=[suggestion.pk])


def html(response) -> str:
    return unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def listed(response) -> list[int]:
    return [row["suggestion"].pk for row in response.context["rows"]]


def test_pending_suggestions_show_reason_and_figures(world, client_for):
    Account.objects.filter(pk=world.other_account.pk).update(account_class="regular")
    s = suggest(world.other_account)

    response = client_for("director").get(LIST)

    page = html(response)
    assert listed(response) == [s.pk]
    assert "Other Customer GmbH" in page
    assert "Revenue grew past the threshold." in page
    assert "Revenue grew 260.0% year on year" in page  # suggestions.reason_text
    assert "PLN3,600.00" in page and "PLN1,000.00" in page
    assert 'badge badge-regular">Regular' in page and 'badge badge-strategic">Strategic' in page
    assert "Accept" in page and "Reject" in page
    assert "Generate suggestions" in page


def test_decided_filter(world, client_for):
    pending = suggest(world.account, frm="strategic", to="regular", reason="decline")
    done = suggest(
        world.other_account,
        status="rejected",
        decided_by=world.director,
        decided_at=timezone.now(),
        comment="Not yet",
    )
    client = client_for("director")

    assert listed(client.get(LIST)) == [pending.pk]
    decided = client.get(LIST, {"status": "decided"})
    assert listed(decided) == [done.pk]
    page = html(decided)
    assert "Not yet" in page and "Rejected" in page
    assert f'name="s{done.pk}-decision"' not in page  # decided: no buttons


def test_accept_changes_the_class_with_history(world, client_for):
    Account.objects.filter(pk=world.other_account.pk).update(account_class="regular")
    s = suggest(world.other_account)

    response = client_for("director").post(
        decide_url(s), {f"s{s.pk}-decision": "accept", f"s{s.pk}-comment": ""}, follow=True
    )

    s.refresh_from_db()
    account = Account.objects.get(pk=world.other_account.pk)
    assert (s.status, s.decided_by, account.account_class) == (
        "accepted",
        world.director,
        "strategic",
    )
    assert any("Accepted" in m for m in messages_of(response))
    assert account.history.first().history_change_reason.startswith(f"suggestion #{s.pk}")


def test_reject_requires_a_comment(world, client_for):
    s = suggest(world.account, frm="strategic", to="regular", reason="decline")
    client = client_for("director")

    refused = client.post(decide_url(s), {f"s{s.pk}-decision": "reject"}, follow=True)
    s.refresh_from_db()
    assert s.status == "pending"
    assert any(m.startswith("Comment: ") for m in messages_of(refused)), messages_of(refused)

    client.post(decide_url(s), {f"s{s.pk}-decision": "reject", f"s{s.pk}-comment": "Keep them"})
    s.refresh_from_db()
    assert (s.status, s.comment) == ("rejected", "Keep them")
    assert Account.objects.get(pk=world.account.pk).account_class == "strategic"


def test_a_decided_suggestion_cannot_be_decided_again(world, client_for):
    s = suggest(world.account, frm="strategic", to="regular", reason="decline")
    client = client_for("admin")
    client.post(decide_url(s), {"decision": "reject", "comment": "No"})

    response = client.post(decide_url(s), {"decision": "accept"}, follow=True)

    assert any("already been decided" in m for m in messages_of(response))
    assert Account.objects.get(pk=world.account.pk).account_class == "strategic"


def test_invalid_decision_is_a_message(world, client_for):
    s = suggest(world.account, frm="strategic", to="regular", reason="decline")

    response = client_for("director").post(decide_url(s), {"decision": "maybe"}, follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert messages_of(response)
    s.refresh_from_db()
    assert s.status == "pending"


def test_others_see_their_accounts_suggestions_without_buttons(world, client_for):
    mine = suggest(world.account, frm="strategic", to="regular", reason="decline")
    suggest(world.other_account)
    client = client_for("owner")

    response = client.get(LIST)

    page = html(response)
    assert listed(response) == [mine.pk]
    assert "Other Customer GmbH" not in page
    assert "Generate suggestions" not in page
    assert f'name="s{mine.pk}-decision"' not in page
    assert client.post(decide_url(mine), {"decision": "reject", "comment": "x"}).status_code == 403
    assert client.post(GENERATE).status_code == 403


def test_unknown_suggestion_is_404_for_managers(world, client_for):
    url = reverse("scoring:suggestion-decide", args=[987654])

    assert client_for("director").post(url, {"decision": "accept"}).status_code == 404


def test_empty_states(world, client_for):
    client = client_for("director")

    assert "No suggestions are waiting for a decision." in html(client.get(LIST))
    assert "No suggestion has been decided yet." in html(client.get(LIST, {"status": "decided"}))
    assert "Suggestions about the accounts you can see" in html(client_for("member").get(LIST))


def test_generate_finds_a_first_sale(world, client_for):
    prospect = AccountFactory(name="New Buyer SA", owner=world.owner, account_class="prospect")
    sales(prospect, "500", "200")
    sales(world.account, "5000", "2000")

    response = client_for("director").post(GENERATE, follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert any("suggestions created or updated" in m for m in messages_of(response))
    s = Suggestion.objects.get(account=prospect)
    assert (s.from_class, s.to_class, s.reason) == ("prospect", "regular", "first_sale")
    assert "New Buyer SA" in html(response)
    assert "First sales" in html(response)


def test_generate_with_nothing_to_suggest(world, client_for):
    response = client_for("director").post(GENERATE, follow=True)

    assert any("No new suggestions" in m for m in messages_of(response)), messages_of(response)


def test_generate_with_htmx_reloads_the_list(world, client_for):
    response = client_for("director").post(GENERATE, HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"] == LIST


def test_list_is_paginated(world, client_for):
    accounts = [AccountFactory(owner=world.owner) for _ in range(30)]
    for account in accounts:
        suggest(account)
    client = client_for("director")

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert len(listed(first)) == 25 and len(listed(second)) == 5


def test_list_queries_do_not_grow_with_suggestions(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("director")

    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        suggest(AccountFactory(owner=world.owner))
    small = count()
    for _ in range(20):
        suggest(AccountFactory(owner=world.outsider))

    assert count() == small
