"""Import forms: the upload (kind, preset, file, options) and the column mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms import BoundField
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..dates.domain import DATE_FORMATS
from ..kinds.domain import field_specs
from ..kinds.labels import field_label
from ..models import ImportKind
from ..presets.domain import PRESETS
from .services import MAX_UPLOAD_BYTES

AUTO = ("auto", _("Detect automatically"))


def date_pattern_label(pattern: str) -> str:
    """ "%d.%m.%Y" → "dd.mm.yyyy": what people recognise in a date format list."""
    for code, shown in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        pattern = pattern.replace(code, shown)
    return pattern


ENCODING_CHOICES = [
    AUTO,
    ("utf-8", "UTF-8"),
    ("cp1251", "Windows-1251 (cp1251)"),
    ("cp1250", "Windows-1250 (cp1250)"),
    ("cp1252", "Windows-1252 (cp1252)"),
    ("iso-8859-2", "ISO-8859-2 (Latin-2)"),
    ("koi8-r", "KOI8-R"),
]
DELIMITER_CHOICES = [
    AUTO,
    (";", _("Semicolon (;)")),
    (",", _("Comma (,)")),
    ("tab", _("Tab")),
]
DECIMAL_CHOICES = [AUTO, (",", _("Comma (1 234,56)")), (".", _("Point (1,234.56)"))]
DATE_FORMAT_CHOICES = [AUTO, *((key, date_pattern_label(p)) for key, p in DATE_FORMATS.items())]


class PresetSelect(forms.Select):
    """Each preset option says which kinds it is for (data-kinds), so keyplan.js can offer
    only the presets of the chosen kind; the server checks the pair regardless."""

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in PRESETS:
            option["attrs"]["data-kinds"] = " ".join(PRESETS[value].kinds)
        return option


def preset_choices() -> list[tuple[str, str]]:
    return [(name, f"{name}: {preset.description}") for name, preset in PRESETS.items()]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices)
    preset = forms.ChoiceField(
        label=_("Preset"),
        choices=preset_choices,
        initial="generic",
        widget=PresetSelect(attrs={"class": "js-preset-select", "data-kind-field": "id_kind"}),
        help_text=_("Column names of a known export; “generic” fits keyplan's own columns."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=format_lazy(
            _("CSV or XLSX, at most {mb} MB."), mb=MAX_UPLOAD_BYTES // 1024 // 1024
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODING_CHOICES, initial="auto")
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITER_CHOICES, initial="auto")
    decimal = forms.ChoiceField(
        label=_("Decimal separator"), choices=DECIMAL_CHOICES, initial="auto"
    )
    date_format = forms.ChoiceField(
        label=_("Date format"), choices=DATE_FORMAT_CHOICES, initial="auto"
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the %(mb)s MB limit."),
                params={"mb": MAX_UPLOAD_BYTES // 1024 // 1024},
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns
        kind, preset = data.get("kind"), data.get("preset")
        if kind and preset and kind not in PRESETS[preset].kinds:
            self.add_error(
                "preset",
                _("The preset “%(preset)s” does not fit %(kind)s; it is for: %(kinds)s.")
                % {
                    "preset": preset,
                    "kind": ImportKind(kind).label,
                    "kinds": ", ".join(str(ImportKind(k).label) for k in PRESETS[preset].kinds),
                },
            )
        return data

    def options(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("encoding", "delimiter", "decimal", "date_format")
        }


def presets_for(kind: str) -> list[tuple[str, str]]:
    return [(name, label) for name, label in preset_choices() if kind in PRESETS[name].kinds]


class MappingForm(forms.Form):
    """One select per source column: which canonical field it feeds, or none."""

    preset = forms.ChoiceField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, kind: str, header: list[str], mapping: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.header = header
        self.specs = field_specs(kind)
        self.fields["preset"].choices = presets_for(kind)  # type: ignore[attr-defined]
        choices: list[tuple[str, object]] = [("", _("— ignore —"))]
        for name, spec in self.specs.items():
            shown = field_label(kind, name)
            label = _("%(field)s (required)") % {"field": shown} if spec.required else shown
            choices.append((name, label))
        column_to_field = {column: field for field, column in mapping.items()}
        for index, column in enumerate(header):
            if not column:  # a column without a name cannot be told apart from the next one
                continue
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column,
                choices=choices,
                required=False,
                initial=column_to_field.get(column, ""),
            )

    def column_fields(self) -> list[tuple[str, BoundField | None]]:
        """(column name, bound field or None) for each source column, in the file's order."""
        return [
            (column, self[f"col_{i}"] if column else None) for i, column in enumerate(self.header)
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns
        chosen: dict[str, list[str]] = {}
        for index, column in enumerate(self.header):
            field = data.get(f"col_{index}") if column else None
            if field:
                chosen.setdefault(field, []).append(column)
        for field, columns in chosen.items():
            if len(columns) > 1:
                raise forms.ValidationError(
                    _("“%(field)s” is chosen for more than one column: %(columns)s.")
                    % {"field": field_label(self.kind, field), "columns": ", ".join(columns)}
                )
        missing = [n for n, spec in self.specs.items() if spec.required and n not in chosen]
        if missing:
            raise forms.ValidationError(
                _("Choose a column for each required field: %(fields)s.")
                % {"fields": ", ".join(field_label(self.kind, name) for name in missing)}
            )
        data["mapping"] = {field: columns[0] for field, columns in chosen.items()}
        return data
