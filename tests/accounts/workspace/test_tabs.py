"""The account workspace's tabs: each has its own address, renders the whole page when
opened directly and only its panel for htmx, and follows the account access rule."""

from __future__ import annotations

import pytest
from django.urls import reverse

from keyplan.accounts.workspace import TABS

# A piece of each tab's own content (a card's or section's id).
MARKERS = {
    "overview": ['id="overview-trend"', 'id="overview-pipeline"', 'id="overview-people"'],
    "plan": ['id="plan"', 'id="alignment"', 'id="resources"'],
    "people": ['id="contacts"', 'id="team"', 'id="people"', 'id="relationship-risks"'],
    "competition": ['id="competition"'],
    "economics": ['id="cash"', 'id="opportunities"', 'id="class-history"'],
    "activity": ['id="interactions"'],
    "history": ['id="history"'],
}
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(world, tab) -> str:
    return reverse(tab.url_name, args=[world.account.pk])


def test_every_tab_has_markers():
    assert set(MARKERS) == {tab.key for tab in TABS}


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.key)
def test_a_tab_opened_directly_renders_the_whole_page_with_it_active(world, client_for, tab):
    html = client_for("owner").get(_url(world, tab)).content.decode()
    assert "<html" in html and "Polmet Sp. z o.o." in html
    for marker in MARKERS[tab.key]:
        assert marker in html
    assert f'id="tab-{tab.key}" data-tab="{tab.key}"' in html
    active = html.split(f'id="tab-{tab.key}"', 1)[1].split(">", 1)[0]
    assert 'aria-selected="true"' in active and 'aria-current="page"' in active
    assert html.count('aria-selected="true"') == 1
    # The other tabs' content is not loaded.
    others = {m for key, ms in MARKERS.items() if key != tab.key for m in ms}
    assert not [m for m in others if m in html]


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.key)
def test_htmx_gets_only_the_tab_panel(world, client_for, tab):
    response = client_for("owner").get(_url(world, tab), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'class="page-head"' not in html
    assert 'role="tablist"' not in html
    assert html.lstrip().startswith('<div id="account-tab-panel"')
    assert f'aria-labelledby="tab-{tab.key}"' in html
    for marker in MARKERS[tab.key]:
        assert marker in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(world, client_for):
    url = reverse("accounts:detail-people", args=[world.account.pk])
    html = (
        client_for("owner")
        .get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
        .content.decode()
    )
    assert "<html" in html and 'role="tablist"' in html


def test_tabs_are_links_that_htmx_loads_into_the_panel(world, client_for):
    html = client_for("owner").get(reverse("accounts:detail", args=[world.account.pk]))
    html = html.content.decode()
    for tab in TABS:
        url = _url(world, tab)
        link = html.split(f'id="tab-{tab.key}"', 1)[1].split(">", 1)[0]
        assert f'href="{url}"' in link and f'hx-get="{url}"' in link
        assert 'role="tab"' in html.split(f'id="tab-{tab.key}"', 1)[0].rsplit("<a", 1)[1]
        assert 'hx-push-url="true"' in link and 'hx-target="#account-tab-panel"' in link
    assert "keyplan/workspace.js" in html


@pytest.mark.parametrize("user", ["outsider", "portal"])
@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.key)
def test_strangers_get_404_on_every_tab(world, client_for, tab, user):
    assert client_for(user).get(_url(world, tab)).status_code == 404
    assert client_for(user).get(_url(world, tab), **HTMX).status_code == 404


def test_the_overview_shows_what_matters(world, client_for):
    html = client_for("owner").get(reverse("accounts:detail", args=[world.account.pk]))
    html = html.content.decode()
    for title in (
        "Class and health",
        "Revenue and gross profit",
        "Open pipeline",
        "Next actions",
        "Early warnings",
        "Key people",
    ):
        assert title in html
    assert "Strategic" in html and "Jan Kowalski" in html.split('id="overview-people"')[1]


# Edit controls per tab, as (tab, text): the owner sees them, the read-only viewer not.
EDIT_CONTROLS = [
    ("overview", "/edit/"),
    ("people", "Add a contact"),
    ("people", "Add a team member"),
    ("people", "/accounts/contacts/"),
    ("activity", 'name="subject"'),
]


@pytest.mark.parametrize(("tab", "text"), EDIT_CONTROLS)
def test_read_only_users_see_the_tabs_without_edit_controls(world, client_for, tab, text):
    url = reverse(
        "accounts:detail" if tab == "overview" else f"accounts:detail-{tab}",
        args=[world.account.pk],
    )
    owner = client_for("owner").get(url).content.decode()
    viewer = client_for("viewer").get(url)
    assert viewer.status_code == 200
    assert text in owner
    assert text not in viewer.content.decode()
    for marker in MARKERS[tab]:
        assert marker in viewer.content.decode()
