"""keyplan's form renderer writes select boxes in Python; the text must be exactly what
Django's widget templates write, for every kind of select and option."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from keyplan.accounts.models import Account
from keyplan.core.renderers import FormRenderer, select_html
from tests.factories import AccountFactory


def through_templates(widget: forms.Widget, name: str, value) -> str:
    return widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=TemplatesSetting())


def through_keyplan(widget: forms.Widget, name: str, value) -> str:
    return widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=FormRenderer())


CHOICES = [("", "—"), ("a&b", 'Tom & "Jerry" <b>'), ("2", gettext_lazy("Revenue")), (3, "x")]
GROUPS = [("Europe", [("pl", "Poland"), ("de", "Germany")]), ("ru", "Russia"), ("", "None")]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "a&b"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"required": True, "disabled": False}), 3),
        (forms.Select(choices=CHOICES, attrs={"data-x": mark_safe("<i>"), "title": "<i>"}), "2"),
        (forms.Select(choices=GROUPS), "de"),
        (forms.Select(choices=[]), ""),
        (forms.SelectMultiple(choices=GROUPS), ["pl", "ru"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[(1, mark_safe("<b>safe</b>"))]), 1),
    ],
)
def test_selects_read_as_djangos_templates_write_them(widget, value):
    assert through_keyplan(widget, "field", value) == through_templates(widget, "field", value)


def test_labels_the_templates_would_localize_are_left_to_them():
    widget = forms.Select(choices=[(1, 1234), (2, 2.5)])
    assert select_html(widget.get_context("n", 1, {})["widget"]) is None
    assert through_keyplan(widget, "n", 1) == through_templates(widget, "n", 1)


@pytest.mark.django_db
def test_a_model_choice_select_reads_the_same():
    AccountFactory(name="Zeta & Co")
    AccountFactory(name="Alpha")
    field = forms.ModelChoiceField(queryset=Account.objects.order_by("name"), required=False)
    chosen = Account.objects.get(name="Zeta & Co").pk
    html = through_keyplan(field.widget, "account", chosen)
    assert html == through_templates(field.widget, "account", chosen)
    assert "Zeta &amp; Co</option>" in html
    assert f'<option value="{chosen}" selected>' in html
