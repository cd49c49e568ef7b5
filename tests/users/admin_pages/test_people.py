"""The administrators' user pages (issue #18): who may open them, the list's filters,
role and business unit changes, deactivation, the last-administrator rule, password
resets."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from keyplan.users.models import AuditEvent, BusinessUnit, User
from tests.factories import UserFactory
from tests.support import login, session_user_ids

PAGES = [
    reverse("administration:users"),
    reverse("administration:invite"),
    reverse("administration:units"),
    reverse("administration:unit-create"),
    reverse("administration:audit"),
]


@pytest.mark.parametrize("name", ["director", "owner", "member", "viewer", "outsider", "portal"])
def test_every_page_is_404_for_non_administrators(world, client_for, name):
    client = client_for(name)
    for url in [*PAGES, reverse("administration:user", args=[world.member.pk])]:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("administration:deactivate", args=[world.member.pk]))
    assert response.status_code == 404
    assert User.objects.get(pk=world.member.pk).is_active


def test_deactivated_administrator_loses_the_pages(world, client_for):
    client = client_for("admin")
    other = UserFactory(username="admin2", role="admin")
    User.objects.filter(pk=world.admin.pk).update(is_active=False)
    assert client.get(reverse("administration:users")).status_code == 302  # signed out
    assert other.is_active


def test_navigation_leads_administrators_to_the_pages(client_for):
    admin_page = client_for("admin").get(reverse("home")).content.decode()
    assert f'href="{reverse("administration:users")}"' in admin_page
    director_page = client_for("director").get(reverse("home")).content.decode()
    assert reverse("administration:users") not in director_page


def _usernames(response) -> list[str]:
    return [user.username for user in response.context["page"].object_list]


def test_list_filters_by_role_unit_status_and_search(world, client_for):
    north = BusinessUnit.objects.create(name="North", code="north")
    UserFactory(username="anna", role="kam", business_unit=north, email="anna@firm.pl")
    UserFactory(username="bob", role="kam", is_active=False)
    client = client_for("admin")
    url = reverse("administration:users")

    assert _usernames(client.get(url, {"role": "kam"})) == ["anna", "outsider", "owner"]
    assert _usernames(client.get(url, {"unit": north.pk})) == ["anna"]
    assert _usernames(client.get(url, {"active": "inactive"})) == ["bob"]
    assert "bob" in _usernames(client.get(url, {"active": "all"}))
    assert _usernames(client.get(url, {"q": "FIRM.PL"})) == ["anna"]
    # What cannot be read is ignored, never an error.
    response = client.get(url, {"role": "king", "unit": "x", "active": "?", "sort": "pk"})
    assert response.status_code == 200
    assert "bob" not in _usernames(response)


def test_list_sorts_and_pages(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 3
    client = client_for("admin")
    url = reverse("administration:users")
    first = client.get(url, {"sort": "-username"})
    assert _usernames(first) == ["viewer", "portal", "owner"]
    second = client.get(url, {"sort": "-username", "page": 2})
    assert _usernames(second) == ["outsider", "member", "director"]
    assert 'rel="next"' in first.content.decode()
    by_role = _usernames(client.get(url, {"sort": "role"}))
    assert by_role[0] == "admin"


def test_admin_changes_role_and_unit_with_history_and_audit(world, client_for):
    north = BusinessUnit.objects.create(name="North", code="north")
    client = client_for("admin")
    url = reverse("administration:user", args=[world.member.pk])

    response = client.post(url, {"role": "director", "business_unit": north.pk})

    assert response.status_code == 302
    member = User.objects.get(pk=world.member.pk)
    assert (member.role, member.business_unit) == ("director", north)
    assert not member.is_staff
    latest = member.history.first()
    assert latest.history_user == world.admin and latest.role == "director"
    events = {e.kind: e for e in AuditEvent.objects.filter(target=member, actor=world.admin)}
    assert (events["role_changed"].before, events["role_changed"].after) == ("team", "director")
    assert events["unit_changed"].after == "North"
    page = client.get(url).content.decode()
    assert "Sales director" in page and "North" in page


def test_promoting_to_administrator_gives_the_django_admin_too(world, client_for):
    client_for("admin").post(
        reverse("administration:user", args=[world.owner.pk]), {"role": "admin"}
    )
    owner = User.objects.get(pk=world.owner.pk)
    assert owner.role == "admin" and owner.is_staff and owner.is_superuser


def test_portal_role_is_not_offered_nor_accepted(world, client_for):
    response = client_for("admin").post(
        reverse("administration:user", args=[world.member.pk]), {"role": "portal"}
    )
    assert response.status_code == 400
    assert User.objects.get(pk=world.member.pk).role == "team"


def test_last_active_administrator_cannot_be_demoted_or_deactivated(world, client_for):
    client = client_for("admin")
    url = reverse("administration:user", args=[world.admin.pk])
    response = client.post(url, {"role": "director"})
    assert response.status_code == 400
    assert "last active administrator" in response.content.decode()
    assert User.objects.get(pk=world.admin.pk).role == "admin"

    # Another administrator, deactivated, does not count.
    other = UserFactory(username="admin2", role="admin", is_active=False)
    assert client.post(url, {"role": "director"}).status_code == 400
    response = client_for("admin").post(reverse("administration:deactivate", args=[world.admin.pk]))
    assert User.objects.get(pk=world.admin.pk).is_active

    User.objects.filter(pk=other.pk).update(is_active=True)
    helper = Client()
    helper.force_login(other)
    helper.post(reverse("administration:deactivate", args=[world.admin.pk]))
    assert not User.objects.get(pk=world.admin.pk).is_active
    # Now `other` is the last one: cannot be deactivated by anyone, demoted neither.
    response = helper.post(reverse("administration:user", args=[other.pk]), {"role": "kam"})
    assert response.status_code == 400


def test_nobody_deactivates_themself(world, client_for):
    UserFactory(username="admin2", role="admin")
    client = client_for("admin")
    response = client.post(reverse("administration:deactivate", args=[world.admin.pk]), follow=True)
    assert "You cannot deactivate yourself." in response.content.decode()
    assert User.objects.get(pk=world.admin.pk).is_active


def test_deactivation_ends_sessions_and_reactivation_restores(world, client_for, password):
    victim = Client()
    login(victim, "owner", password)
    assert str(world.owner.pk) in session_user_ids()
    admin = client_for("admin")

    admin.post(reverse("administration:deactivate", args=[world.owner.pk]))

    assert not User.objects.get(pk=world.owner.pk).is_active
    assert str(world.owner.pk) not in session_user_ids()
    assert victim.get(reverse("accounts:list")).status_code == 302
    assert AuditEvent.objects.filter(kind="deactivated", target=world.owner).count() == 1

    admin.post(reverse("administration:reactivate", args=[world.owner.pk]))
    assert User.objects.get(pk=world.owner.pk).is_active
    assert login(Client(), "owner", password).status_code == 302
    assert AuditEvent.objects.filter(kind="reactivated", target=world.owner).count() == 1
    assert Session.objects.exists()


@override_settings(KEYPLAN_BASE_URL="https://keyplan.example.com")
def test_password_reset_sends_a_one_time_link(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            reverse("administration:reset-password", args=[world.owner.pk])
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.owner.email]
    link = re.search(r"https://keyplan\.example\.com(/password/reset/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    client = Client()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    new = "Another-long-pass-7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302 and done["Location"] == reverse("administration:reset-done")
    assert User.objects.get(pk=world.owner.pk).check_password(new)
    assert AuditEvent.objects.filter(kind="password_reset_done", target=world.owner).exists()
    assert AuditEvent.objects.filter(kind="password_reset_sent", actor=world.admin).exists()
    # Once used, the link is dead.
    again = Client().get(link.group(1), follow=True)
    assert not again.context["validlink"]


def test_password_reset_of_a_deactivated_user_is_refused(world, client_for):
    User.objects.filter(pk=world.owner.pk).update(is_active=False)
    response = client_for("admin").post(
        reverse("administration:reset-password", args=[world.owner.pk]), follow=True
    )
    assert "Reactivate the user" in response.content.decode()
    assert mail.outbox == []


def test_unknown_user_is_404(client_for):
    client = client_for("admin")
    assert client.get(reverse("administration:user", args=[999999])).status_code == 404
    assert client.post(reverse("administration:deactivate", args=[999999])).status_code == 404


def test_user_list_queries_do_not_grow_with_users(world, client_for, django_assert_max_num_queries):
    north = BusinessUnit.objects.create(name="North", code="north")
    for n in range(20):
        UserFactory(username=f"extra{n}", business_unit=north)
    client = client_for("admin")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("administration:users"), {"sort": "unit"})
    assert len(response.context["page"].object_list) == 25
