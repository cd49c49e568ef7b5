"""The form renderer: Django 5's field groups (`{{ field.as_field_group }}`) drawn with the
product's one field template (label, widget, help, errors), so no template includes it by
hand.

Select boxes are written here in Python rather than through Django's three widget
templates (select, one include per option, one per option's attributes): a filter form
with its countries, owners and industries has hundreds of options, and through templates
they cost a list page about a sixth of its time. The text is Django's own, byte for byte
(tests/core/test_renderers.py renders the same widgets both ways); any select this does
not know how to write (option templates or labels of another kind) goes through the
templates as before."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(TemplatesSetting):
    """Forms render through the project's template engine (our templates and tags)."""

    field_template_name = "core/field.html"

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)


def _text(value) -> str | None:
    """A label as the template writes it, or None for a value the template would
    localize (a number or a date): those are left to the template."""
    if isinstance(value, str):
        return conditional_escape(value)
    if isinstance(value, Promise):
        return conditional_escape(str(value))
    return None


def _attribute_value(value) -> str:
    # `{{ value|stringformat:'s' }}`: the text of the value, escaped unless already safe.
    text = str(value)
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_attribute_value(value)}"')
    return "".join(parts)


def select_html(widget: dict) -> str | None:
    """Django's select.html for this widget context, or None to leave it to the
    templates."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            label = _text(group_name)
            if label is None:
                return None
            out.append(f'\n  <optgroup label="{label}">')
        for option in group_choices:
            label = _text(option["label"])
            if option["template_name"] != OPTION_TEMPLATE or label is None:
                return None
            value = _attribute_value(option["value"])
            out.append(f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
