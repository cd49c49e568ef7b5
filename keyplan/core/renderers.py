"""The form renderer: Django 5's field groups (`{{ field.as_field_group }}`) drawn with the
product's one field template (label, widget, help, errors), so no template includes it by
hand."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Forms render through the project's template engine (our templates and tags)."""

    field_template_name = "core/field.html"
