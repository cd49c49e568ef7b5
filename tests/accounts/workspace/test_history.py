"""The history tab: what changed, in the reader's language (field labels, choice labels,
a contact's buying roles as their names), newest first, 25 changes a page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from keyplan.accounts.history import HISTORY_PAGE_SIZE
from keyplan.core.history import save_with_history


def _history(client, world, **params) -> str:
    url = reverse("accounts:detail-history", args=[world.account.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode().split('id="history"', 1)[1]


def _give_roles(world) -> None:
    contact = world.contact
    contact.buying_roles = ["technical_buyer", "champion"]
    save_with_history(contact, world.owner, "changed: buying_roles")


def test_buying_roles_are_shown_as_their_labels(world, client_for):
    _give_roles(world)
    html = _history(client_for("owner"), world)
    assert "Roles in the buying decision" in html
    assert "Technical buyer, Champion" in html
    assert "technical_buyer" not in html and "[" not in html
    assert "Contact: Jan Kowalski" in html


@pytest.mark.parametrize(
    ("language", "label", "field"),
    [
        ("pl", "Nabywca techniczny", "Role w decyzji zakupowej"),
        ("ru", "Технический покупатель", None),
    ],
)
def test_history_labels_are_in_the_readers_language(world, client_for, language, label, field):
    _give_roles(world)
    world.account.account_class = "regular"
    save_with_history(world.account, world.owner, "changed: account_class")
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = _history(client, world)
    assert label in html
    assert "technical_buyer" not in html and "regular" not in html
    if field:
        assert field in html


def test_choice_and_yes_no_values_are_labels(world, client_for):
    world.account.account_class = "regular"
    save_with_history(world.account, world.owner, "changed: account_class")
    world.contact.biased_against_us = True
    save_with_history(world.contact, world.owner, "changed: biased_against_us")
    html = _history(client_for("owner"), world)
    assert "<del>Strategic</del> → <ins>Regular</ins>" in html
    assert "<del>no</del> → <ins>yes</ins>" in html
    assert "True" not in html and "False" not in html


def _renames(world, n: int) -> None:
    for i in range(n):
        world.account.region = f"Region {i:03d}"
        save_with_history(world.account, world.owner, "changed: region")


def test_history_is_paginated_newest_first(world, client_for):
    _renames(world, 40)
    client = client_for("owner")
    first = _history(client, world)
    assert first.count("<time ") == HISTORY_PAGE_SIZE
    shown = re.findall(r"<ins>Region (\d{3})</ins>", first)
    assert shown[:3] == ["039", "038", "037"]
    assert 'aria-current="page">1<' in first
    url = reverse("accounts:detail-history", args=[world.account.pk])
    assert f'href="{url}?page=2"' in first and 'rel="next"' in first
    second = _history(client, world, page=2)
    assert 'aria-current="page">2<' in second and 'rel="prev"' in second
    older = re.findall(r"<ins>Region (\d{3})</ins>", second)
    assert older[0] == f"{39 - len(shown):03d}"
    assert not set(older) & set(shown)
    # The account's creation (and the contacts' and team's) are on the last page.
    assert "created" in second


def test_a_page_out_of_range_shows_the_last_page(world, client_for):
    _renames(world, 30)
    html = _history(client_for("owner"), world, page=99)
    assert "<time " in html and 'aria-current="page">2<' in html


def test_history_shows_only_this_accounts_changes(world, client_for):
    world.other_account.region = "Elsewhere"
    save_with_history(world.other_account, world.outsider, "changed: region")
    html = _history(client_for("owner"), world)
    assert "Elsewhere" not in html
