"""Issue #18, items 1 and 2: every date input shows ISO in every language (a browser
drops anything else from <input type="date">), and one date format per language."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date, datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import keyplan
from keyplan.core.widgets import DateInput, MonthInput
from keyplan.plans.items.forms import item_form_class
from keyplan.plans.models import ItemKind
from tests.competition.core_support import presence
from tests.plans.support import add, make_plan

LANGUAGES = ("en", "ru", "pl")
DAY = date(2026, 12, 4)
DATE_INPUT = re.compile(r'<input type="(date|month)"[^>]*>')


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for info in pkgutil.walk_packages(keyplan.__path__, "keyplan."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    found += [item_form_class(kind) for kind in ItemKind.values]
    return found


def _date_fields() -> list[tuple[str, str, forms.Field]]:
    return [
        (cls.__qualname__, name, field)
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField) and not field.widget.is_hidden
    ]


def test_the_walk_finds_the_forms_of_the_issue():
    names = {(form, name) for form, name, _field in _date_fields()}
    assert ("AssessmentStartForm", "assessed_on") in names  # the competitor assessment
    assert ("InteractionForm", "occurred_on") in names
    assert ("ServiceCostForm", "date") in names
    assert any(name == "due_on" for _form, name in names)  # the plan action
    assert len(names) >= 15


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_date_field_of_every_form_renders_iso(language):
    with translation.override(language):
        for form, name, field in _date_fields():
            html = field.widget.render(name, DAY)
            kind = DATE_INPUT.search(html)
            assert kind, f"{form}.{name} is not a date input: {html}"
            value = "2026-12" if kind[1] == "month" else "2026-12-04"
            assert f'value="{value}"' in html, f"{form}.{name} in {language}: {html}"


@pytest.mark.parametrize("language", ("ru", "pl"))
def test_the_shared_widgets_render_iso_and_parse_it_back(language):
    with translation.override(language):
        assert 'value="2026-12-04"' in DateInput().render("d", DAY)
        assert 'value="2026-12"' in MonthInput().render("m", DAY)
        field = forms.DateField(widget=DateInput())
        assert field.clean("2026-12-04") == DAY
        assert field.clean("04.12.2026") == DAY  # the language's own format still parses


def _date_inputs(html: str) -> list[tuple[str, str]]:
    found = []
    for tag in DATE_INPUT.finditer(html):
        name = re.search(r'name="([^"]+)"', tag[0])
        value = re.search(r'value="([^"]*)"', tag[0])
        found.append((name[1] if name else "?", value[1] if value else ""))
    return found


def _pages(world) -> list[str]:
    plan = make_plan(world)
    add(plan, "action", world.owner, due_on=DAY)
    return [
        reverse("competition:presence", args=[presence(world).pk]),
        reverse("plans:section", args=[plan.pk, "actions"]),
        reverse("interactions:account", args=[world.account.pk]),
        reverse("economics:cost-create", args=[world.account.pk]),
    ]


@pytest.mark.parametrize("language", ("ru", "pl"))
def test_pages_prefill_their_date_inputs_in_iso(world, client_for, language):
    client = client_for("owner")
    client.cookies["keyplan_language"] = language
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        inputs = _date_inputs(response.content.decode())
        assert inputs, f"no date input on {url}"
        for name, value in inputs:
            assert value == "" or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value), (url, name, value)
        if "competition" in url:  # pre-filled with today
            assert any(value for _name, value in inputs), url


def test_the_assessment_form_saves_in_polish(world, client_for):
    """The bug of the issue: the pre-filled date now reaches the server as it was shown."""
    client = client_for("owner")
    client.cookies["keyplan_language"] = "pl"
    found = presence(world)
    page = client.get(reverse("competition:presence", args=[found.pk])).content.decode()
    value = dict(_date_inputs(page))["assessed_on"]
    assert value == timezone.localdate().isoformat()


# --- one date format per language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "4 Dec 2026"), ("ru", "04.12.2026"), ("pl", "04.12.2026")]
)
def test_one_date_format_per_language(language, shown):
    with translation.override(language):
        assert date_format(DAY) == shown
        assert date_format(DAY, "SHORT_DATE_FORMAT") == shown
        moment = datetime(2026, 12, 4, 9, 30)
        assert date_format(moment, "DATETIME_FORMAT") == date_format(
            moment, "SHORT_DATETIME_FORMAT"
        )
        assert date_format(moment, "SHORT_DATETIME_FORMAT").startswith(shown)


def test_a_page_prints_its_dates_alike(world, client_for):
    """The plan page prints the action's due date and the plan's dates one way."""
    plan = make_plan(world)
    add(plan, "action", world.owner, due_on=DAY)
    client = client_for("owner")
    client.cookies["keyplan_language"] = "pl"
    html = client.get(reverse("plans:section", args=[plan.pk, "actions"])).content.decode()
    assert "04.12.2026" in html
    assert not re.search(r"\b\d{2}-\d{2}-20\d{2}\b|\b\d{2}/\d{2}/20\d{2}\b", html)
    assert "Dec." not in html
