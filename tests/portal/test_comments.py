"""Comments on shared items: the customer comments, the team replies; internal comments
stay internal; the team is notified; nothing of another account."""

from __future__ import annotations

from django.urls import reverse

from keyplan.execution.models import Notification
from keyplan.portal.models import PortalComment
from tests.plans.support import add, this_year

from .support import share


def _shared_swot(world):
    item = add(this_year(world), "swot", world.owner, text="Strong cash position")
    share(world, "swot")
    return item


def test_customer_comments_and_the_team_is_notified(world, customer, customer_client):
    item = _shared_swot(world)

    response = customer_client.post(
        reverse("portal:comment-add", args=["swot", item.pk]),
        {"body": "We also invest in Germany", "next": "/portal/shared/swot/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/portal/shared/swot/#item-swot-{item.pk}"
    comment = PortalComment.objects.get()
    assert (comment.author, comment.internal, comment.account) == (customer, False, world.account)
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"owner", "member"}  # the owner and the working team, not the viewer


def test_empty_comment_is_refused_with_a_message(world, customer_client):
    item = _shared_swot(world)

    response = customer_client.post(
        reverse("portal:comment-add", args=["swot", item.pk]), {"body": "  "}, follow=True
    )

    assert "Write a comment first." in response.content.decode()
    assert not PortalComment.objects.exists()


def test_team_replies_and_internal_notes_stay_internal(world, client_for, customer_client):
    item = _shared_swot(world)
    customer_client.post(reverse("portal:comment-add", args=["swot", item.pk]), {"body": "Hi"})
    owner = client_for("owner")
    reply_url = reverse("portal:comment-reply", args=[world.account.pk, "swot", item.pk])

    owner.post(reply_url, {"body": "Thanks, noted"})
    owner.post(reply_url, {"body": "They will ask for a discount", "internal": "1"})

    team_page = owner.get(reverse("portal:comments", args=[world.account.pk])).content.decode()
    assert "Thanks, noted" in team_page and "They will ask for a discount" in team_page
    portal_page = customer_client.get(reverse("portal:section", args=["swot"])).content.decode()
    assert "Thanks, noted" in portal_page and "Hi" in portal_page
    assert "discount" not in portal_page


def test_viewer_cannot_reply_and_outsider_gets_404(world, client_for):
    item = _shared_swot(world)
    url = reverse("portal:comment-reply", args=[world.account.pk, "swot", item.pk])

    assert client_for("viewer").post(url, {"body": "x"}).status_code == 403
    assert client_for("outsider").post(url, {"body": "x"}).status_code == 404
    assert (
        client_for("outsider").get(reverse("portal:comments", args=[world.account.pk])).status_code
        == 404
    )
    assert not PortalComment.objects.exists()


def test_comment_on_unshared_or_other_accounts_item_is_404(world, client_for, customer_client):
    plan = this_year(world)
    goal = add(plan, "goal", world.owner)
    swot = add(plan, "swot", world.owner)
    share(world, "swot")
    other_plan = this_year(world, account=world.other_account, user=world.outsider)
    theirs = add(other_plan, "swot", world.outsider)
    share(world, "swot", account=world.other_account)
    portal = client_for("portal")  # a portal user of the other account

    def post(client, kind, pk):
        url = reverse("portal:comment-add", args=[kind, pk])
        return client.post(url, {"body": "x"}).status_code

    assert post(customer_client, "goal", goal.pk) == 404  # goals not shared
    assert post(customer_client, "swot", theirs.pk) == 404  # another account's item
    assert post(portal, "swot", swot.pk) == 404  # our item, their portal user
    assert post(customer_client, "potential", 1) == 404
    assert not PortalComment.objects.exists()


def test_comments_page_query_count_is_bounded(
    world, client_for, customer, django_assert_max_num_queries
):
    from keyplan.portal.comments.services import comment_add_by_customer

    plan = this_year(world)
    share(world, "swot", "profile")
    for number in range(6):
        comment_add_by_customer(
            user=customer, item=add(plan, "swot", world.owner), body=f"c{number}"
        )
        comment_add_by_customer(user=customer, item=add(plan, "profile", world.owner), body="p")

    # sessions, axes and savepoints included; independent of the number of threads
    with django_assert_max_num_queries(30):
        response = client_for("owner").get(reverse("portal:comments", args=[world.account.pk]))
    assert response.status_code == 200
