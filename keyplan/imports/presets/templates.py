"""Downloadable templates: for a kind and a preset, the header row a file needs so that the
preset maps every column by itself (the required fields first)."""

from __future__ import annotations

from ..kinds.domain import KINDS
from .domain import PRESETS


def template_columns(preset_name: str, kind: str) -> list[tuple[str, str, bool]]:
    """(column name, canonical field, required) for each field of `kind` that the preset
    maps, required fields first, then in the kind's order. KeyError for an unknown preset
    or kind, or a kind the preset does not cover."""
    preset = PRESETS[preset_name]
    if kind not in preset.kinds:
        raise KeyError(kind)
    names = preset.columns.get(kind, {})
    specs = sorted(KINDS[kind], key=lambda spec: not spec.required)  # stable: kind order
    return [(names[spec.name][0], spec.name, spec.required) for spec in specs if spec.name in names]


def template_presets(kind: str) -> list[str]:
    """The presets that have a template for `kind`, the generic one first."""
    return sorted(
        (
            name
            for name, preset in PRESETS.items()
            if kind in preset.kinds and preset.columns.get(kind)
        ),
        key=lambda name: (name != "generic", name),
    )


def template_delimiter(preset_name: str) -> str:
    return PRESETS[preset_name].options.get("delimiter", ",")
