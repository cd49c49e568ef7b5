"""The pages of keyplan.core: the portal's home, what portal users may not see, and the
error pages in the user's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import translation

from keyplan.core import views as core_views


def test_portal_user_home_is_the_empty_portal(world, client_for):
    client = client_for("portal")

    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("portal-home")

    portal = client.get(reverse("portal-home"))
    html = portal.content.decode()
    assert "Welcome, Other Customer GmbH" in html
    assert "Nothing has been shared with you yet." in html
    assert reverse("accounts:list") not in html  # no internal navigation


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/",
        "/accounts/new/",
        "/portfolio/",
        "/accounts/{other}/",  # not even their own account's internal page
    ],
)
def test_portal_user_cannot_see_internal_pages(world, client_for, path):
    response = client_for("portal").get(path.format(other=world.other_account.pk))

    assert response.status_code == 404
    assert "Other Customer GmbH" not in response.content.decode()


def test_404_page_in_the_language_of_the_cookie(world, client_for):
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()

    # Hidden accounts answer with the same page.
    response = client.get(reverse("accounts:detail", args=[world.other_account.pk]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()


def test_404_page_defaults_to_english(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_403_page_in_the_language_of_the_cookie(world, client_for):
    client = client_for("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    response = client.get(reverse("accounts:edit", args=[world.account.pk]))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()


def test_500_handler_renders_the_500_template(db):
    from keyplan import urls

    assert urls.handler500 == "keyplan.core.views.error_500"
    used = []

    def record(sender, template, context, **kwargs):
        used.append(template.name)

    template_rendered.connect(record)
    try:
        with translation.override("pl"):
            response = core_views.error_500(RequestFactory().get("/somewhere/"))
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 500
    assert used == ["500.html"]
    assert '<html lang="pl">' in response.content.decode()
