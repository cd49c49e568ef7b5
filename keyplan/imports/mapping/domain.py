"""Which source column feeds which canonical field: preset, remembered and explicit choices."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.utils.translation import gettext as _

from ..common.domain import normalise_header
from ..kinds.domain import KINDS, NEEDS_ONE_OF, FieldSpec, field_specs
from ..presets.domain import GENERIC, PRESETS


class MappingError(ValueError):
    """The columns cannot feed this kind; the message (in the active language) says what
    is missing or wrong."""


def header_signature(header: list[str]) -> str:
    joined = "\x1f".join(normalise_header(h) for h in header)
    return hashlib.sha256(joined.encode()).hexdigest()


def expected_columns(kind: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The column names (normalised) that a correctly decoded header of `kind` may hold:
    the kind's field names, every preset's names for it, and `extra` (columns the user
    mapped). Reading the header in the wrong encoding turns its non-ASCII names into
    ones that are not in here."""
    names = {normalise_header(field.name) for field in KINDS.get(kind, ())}
    for preset in PRESETS.values():
        for columns in preset.columns.get(kind, {}).values():
            names.update(normalise_header(column) for column in columns)
    names.update(normalise_header(column) for column in extra)
    return frozenset(names)


def preset_mapping(kind: str, preset_name: str, header: list[str]) -> dict[str, str]:
    """canonical field -> header name, from the preset's column names (first match wins)."""
    if preset_name not in PRESETS:
        raise MappingError(
            _("Unknown preset “%(preset)s”; choose one of: %(presets)s.")
            % {"preset": preset_name, "presets": ", ".join(PRESETS)}
        )
    preset = PRESETS[preset_name]
    if kind not in preset.kinds:
        raise MappingError(
            _("The preset “%(preset)s” is for %(kinds)s, not %(kind)s.")
            % {"preset": preset_name, "kinds": ", ".join(preset.kinds), "kind": kind}
        )
    columns = preset.columns.get(kind) or GENERIC[kind]
    normalised = {normalise_header(h): h for h in reversed(header)}
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for field, names in columns.items():
        for name in names:
            source = normalised.get(normalise_header(name))
            if source is not None and source not in taken:
                mapping[field] = source
                taken.add(source)
                break
    return mapping


def resolve_mapping(
    kind: str,
    preset_name: str,
    header: list[str],
    overrides: dict[str, str] | None = None,
    *,
    base: dict[str, str] | None = None,
) -> dict[str, str]:
    """The final mapping, checked. `overrides` is source column -> field ("" unmaps the
    column); `base` (a remembered or user-edited mapping, field -> column) replaces the
    preset's guess when given."""
    if kind not in KINDS:
        raise MappingError(
            _("Unknown kind “%(kind)s”; choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    specs = field_specs(kind)
    mapping = dict(base) if base is not None else preset_mapping(kind, preset_name, header)
    _check_columns(kind, specs, header, mapping)
    for source, field in (overrides or {}).items():
        mapping = _override(kind, specs, header, mapping, source, field)
    _check_complete(kind, specs, header, mapping)
    return mapping


def _check_columns(
    kind: str, specs: dict[str, FieldSpec], header: list[str], mapping: dict[str, str]
) -> None:
    for field, source in mapping.items():
        if field not in specs:
            raise MappingError(
                _("“%(field)s” is not a field of %(kind)s: %(fields)s.")
                % {"field": field, "kind": kind, "fields": ", ".join(specs)}
            )
        if source not in header:
            raise MappingError(
                _("The file has no column “%(column)s” (for %(field)s).")
                % {"column": source, "field": field}
            )


def _override(
    kind: str,
    specs: dict[str, FieldSpec],
    header: list[str],
    mapping: dict[str, str],
    source: str,
    field: str,
) -> dict[str, str]:
    """`mapping` with the column `source` feeding `field` (or nothing, when "")."""
    by_normalised = {normalise_header(h): h for h in header}
    column = source if source in header else by_normalised.get(normalise_header(source))
    if column is None:
        raise MappingError(
            _("The file has no column “%(column)s”. Its columns: %(columns)s.")
            % {"column": source, "columns": ", ".join(header)}
        )
    mapping = {f: c for f, c in mapping.items() if c != column}
    if field:
        if field not in specs:
            raise MappingError(
                _("“%(field)s” is not a field of %(kind)s; choose one of: %(fields)s.")
                % {"field": field, "kind": kind, "fields": ", ".join(specs)}
            )
        mapping[field] = column
    return mapping


def _check_complete(
    kind: str, specs: dict[str, FieldSpec], header: list[str], mapping: dict[str, str]
) -> None:
    missing = [name for name, spec in specs.items() if spec.required and name not in mapping]
    if missing:
        raise MappingError(
            _(
                "Required column(s) not found: %(fields)s. The file's columns: %(columns)s. "
                "Map them with --map COLUMN=field."
            )
            % {"fields": ", ".join(missing), "columns": ", ".join(header)}
        )
    for group in NEEDS_ONE_OF.get(kind, []):
        if not any(name in mapping for name in group):
            raise MappingError(_("Map at least one of: %(fields)s.") % {"fields": ", ".join(group)})
    if kind == "invoices" and "cost" not in mapping and "gross_profit" not in mapping:
        raise MappingError(
            _("Map a cost column or a gross profit column (cost = revenue - gross profit).")
        )
