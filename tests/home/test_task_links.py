"""The home leads to each role's main task in one click (issue #18): a pending
suggestion on the director's home opens its decision form, not just the account."""

from __future__ import annotations

from django.urls import reverse

from keyplan.portfolio.models import Suggestion


def test_a_pending_suggestion_links_to_its_decision(world, client_for):
    suggestion = Suggestion.objects.create(
        account=world.account, from_class="regular", to_class="strategic", reason="first_sale"
    )
    html = client_for("director").get(reverse("home")).content.decode()
    target = f"{reverse('scoring:suggestions')}#suggestion-{suggestion.pk}"
    assert f'<a href="{target}">Polmet Sp. z o.o.</a>' in html
    decisions = client_for("director").get(reverse("scoring:suggestions")).content.decode()
    assert f'id="suggestion-{suggestion.pk}"' in decisions
    assert reverse("scoring:suggestion-decide", args=[suggestion.pk]) in decisions
