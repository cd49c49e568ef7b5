"""Portal notices to the team keep a message key and its parameters, so each reader sees
them in their own language, whatever the language of the customer who caused them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from keyplan.execution.models import Notification
from keyplan.portal.comments.services import comment_add_by_customer
from keyplan.portal.joint.services import proposal_create
from tests.plans.support import add, this_year

from .support import share


def test_a_polish_reader_sees_in_polish_a_comment_notice_made_in_english(
    world, customer, client_for
):
    item = add(this_year(world), "swot", world.owner, text="Strong cash position")
    share(world, "swot")
    with translation.override("en"):
        comment_add_by_customer(user=customer, item=item, body="We also invest in Germany")

    notice = Notification.objects.get(user=world.owner)
    assert notice.message == "portal.commented"
    assert notice.params["person"] == "Anna Nowak"
    assert notice.title.startswith("Anna Nowak commented on")  # the English text as made
    with translation.override("pl"):
        assert notice.shown_title.startswith("Anna Nowak skomentował(a) „")
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    page = client.get(reverse("work:notifications")).content.decode()
    assert "Anna Nowak skomentował(a)" in page
    assert "commented on" not in page
    assert "We also invest in Germany" in page  # what the customer wrote, as written


def test_a_proposal_notice_follows_the_readers_language(world, customer):
    with translation.override("en"):
        proposal_create(user=customer, title="Free pallets")
    notice = Notification.objects.get(user=world.owner)
    with translation.override("pl"):
        assert notice.shown_title == "Anna Nowak proponuje działanie: Free pallets"
    with translation.override("en"):
        assert notice.shown_title == "Anna Nowak proposes an action: Free pallets"
