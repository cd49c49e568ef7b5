"""The pipeline's pure rules: each row's natural key, which keys repeat, and what pass 1
samples of a file's columns to decide its conventions (no database)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from ..dates.domain import DateSurvey
from ..kinds.domain import row_fingerprint
from ..numbers.domain import DecimalSurvey

MAX_DISTINCT_SAMPLES = 50_000

Group = tuple  # the cells (or parts of them) that make a row's natural key


class Keys:
    """The natural key of each row, and which rows repeat a key seen earlier."""

    def __init__(self, kind: str, mapping: dict[str, str], index: dict[str, int]) -> None:
        self.kind = kind
        self.idx = {f: index[c] for f, c in mapping.items()}
        # Invoices without a line column, and payments, are keyed by occurrence within
        # (document, product) / document; exact repeats of a row are duplicates.
        self.by_occurrence = kind == "payments" or (kind == "invoices" and "line" not in mapping)
        groups: dict[str, Callable[[list[str]], Group]] = {
            "invoices": self._occurrence_group if self.by_occurrence else self._invoice_group,
            "payments": self._payment_group,
            "accounts": self._account_group,
            "products": self._product_group,
            "opportunities": self._opportunity_group,
            "wallet": self._account_ref,  # one estimate per account
            "interactions": self._interaction_group,
            "service_costs": self._service_cost_group,
            "satisfaction": self._satisfaction_group,
        }
        # The row's key group, by kind (contacts the remaining one).
        self.group: Callable[[list[str]], Group] = groups.get(kind, self._contact_group)

    def _cell(self, cells: list[str], field_name: str) -> str:
        i = self.idx.get(field_name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def _invoice_group(self, cells: list[str]) -> Group:
        # The common case, kept lean: it runs for each row of both passes.
        document, line = self.idx["document"], self.idx["line"]
        if document < len(cells) and line < len(cells):
            return (cells[document].strip(), cells[line].strip())
        return (self._cell(cells, "document"), self._cell(cells, "line"))

    def _occurrence_group(self, cells: list[str]) -> Group:
        c = self._cell
        return (c(cells, "document"), c(cells, "product_code") or c(cells, "product_name"))

    def _payment_group(self, cells: list[str]) -> Group:
        return (self._cell(cells, "document"),)

    def _account_group(self, cells: list[str]) -> Group:
        c = self._cell
        for f in ("external_id", "tax_id"):
            if value := c(cells, f):
                return (f, value)
        return ("name", c(cells, "name").casefold())

    def _product_group(self, cells: list[str]) -> Group:
        return (self._cell(cells, "code"),)

    def _opportunity_group(self, cells: list[str]) -> Group:
        c = self._cell
        if value := c(cells, "external_id"):
            return ("x", value)
        fields = ("account_external_id", "account_tax_id", "account_name", "name", "created_date")
        return ("f", *(c(cells, f) for f in fields))

    def _account_ref(self, cells: list[str]) -> Group:
        c = self._cell
        return tuple(c(cells, f) for f in ("account_external_id", "account_tax_id", "account_name"))

    def _interaction_group(self, cells: list[str]) -> Group:
        # The source's id (a calendar event id), else the row's account, date, type
        # and subject: a corrected note or participant list updates the interaction.
        c = self._cell
        account = self._account_ref(cells)
        if value := c(cells, "external_id"):
            return ("x", *account, value)
        return ("f", *account, *(c(cells, f) for f in ("date", "type", "subject")))

    def _service_cost_group(self, cells: list[str]) -> Group:
        # The source's id of the cost, else the whole row: without an id, a corrected
        # amount is another cost (the file's ids are what lets a correction update one).
        c = self._cell
        if value := c(cells, "external_id"):
            return ("x", value)
        fields = ("date", "category", "amount", "currency", "note")
        return ("f", *self._account_ref(cells), *(c(cells, f) for f in fields))

    def _satisfaction_group(self, cells: list[str]) -> Group:
        # As service costs: the source's id of the answer, else the whole row.
        c = self._cell
        if value := c(cells, "external_id"):
            return ("x", value)
        fields = ("answered_on", "score", "respondent", "comment")
        return ("f", *self._account_ref(cells), *(c(cells, f) for f in fields))

    def _contact_group(self, cells: list[str]) -> Group:
        c = self._cell
        account = self._account_ref(cells)
        email = c(cells, "email").casefold()
        if email:
            return (*account, "e", email)
        return (*account, "n", f"{c(cells, 'first_name')} {c(cells, 'last_name')}".casefold())

    def content(self, cells: list[str]) -> Group:
        return tuple(cells[i].strip() if i < len(cells) else "" for i in sorted(self.idx.values()))


def natural_key(keys: Keys, group: Group) -> tuple[str, str]:
    if keys.kind == "invoices":
        return (group[0], group[1])
    if keys.kind == "opportunities":
        if group[0] == "x":
            return (group[1], "")
        return (values_fingerprint(group), "")
    if keys.kind in ("service_costs", "satisfaction"):  # external_id, else import_key
        if group[0] == "x":
            return (group[1], "")
        return (values_fingerprint(group), "")
    if keys.kind == "interactions":  # the interaction's source_key
        if group[0] == "x":
            return (group[-1], "")
        return (values_fingerprint(group), "")
    return ("\x1f".join(group), "")


def values_fingerprint(group: Group) -> str:
    return row_fingerprint(list(group))[:40]


class RowKeys:
    """Pass 2's natural keys: each row's key, or the line of the earlier row it repeats.

    Only the groups and contents whose hashes repeat (pass 1) are remembered."""

    def __init__(self, keys: Keys, repeated_groups: set[int], repeated_contents: set[int]) -> None:
        self.keys = keys
        self.repeated_groups = repeated_groups
        self.repeated_contents = repeated_contents
        self.first_line_of: dict[tuple, int] = {}  # only keys whose hash repeats
        self.occurrences: dict[Group, int] = {}

    def key(self, line: int, cells: list[str]) -> tuple[tuple[str, str], int | None]:
        """(the row's natural key, None), or (("", ""), the line the row repeats)."""
        keys = self.keys
        group = keys.group(cells)
        if not keys.by_occurrence:
            if hash(group) in self.repeated_groups:
                if group in self.first_line_of:
                    return ("", ""), self.first_line_of[group]
                self.first_line_of[group] = line
            return natural_key(keys, group), None
        content = keys.content(cells)
        if hash(content) in self.repeated_contents:
            ckey = ("content", group[0], content)
            if ckey in self.first_line_of:
                return ("", ""), self.first_line_of[ckey]
            self.first_line_of[ckey] = line
        occurrence = 0
        if hash(group) in self.repeated_groups:
            occurrence = self.occurrences.get(group, 0)
            self.occurrences[group] = occurrence + 1
        return (group[0], f"{group[1] if len(group) > 1 else ''}#{occurrence}"), None


@dataclass
class ColumnSamples:
    """What pass 1 keeps of a file's columns to decide their conventions, bounded: a
    survey of each date and number column (counts and the first example lines, see
    DateSurvey and DecimalSurvey) and the distinct values of its percent columns.

    A column of percents ("10", "1", "0") and one of fractions ("0.1", "0.01") are told
    apart over the whole column, so a 1 % deal is not read as 100 %."""

    index: dict[str, int]  # field -> cell index
    dates: dict[str, DateSurvey] = field(default_factory=dict)
    percents: dict[str, set[str]] = field(default_factory=dict)
    decimals: dict[str, DecimalSurvey] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Each surveyed cell's index and its survey's `add`: one loop per row, no look-ups.
        self._surveys: list[tuple[int, Callable[[int, str], None]]] = [
            (self.index[f], survey.add)
            for surveys in (self.dates, self.decimals)
            for f, survey in surveys.items()
        ]

    def add(self, line: int, cells: list[str]) -> None:
        width = len(cells)
        for i, add in self._surveys:
            if i < width and (value := cells[i].strip()):
                add(line, value)
        for f, samples in self.percents.items():
            i = self.index[f]
            if i < width and (value := cells[i].strip()) and len(samples) < MAX_DISTINCT_SAMPLES:
                samples.add(value)


def repeated(hashes: array) -> set[int]:
    """The hash values that occur more than once (numpy sort: O(n log n), 8 bytes/row)."""
    if len(hashes) < 2:
        return set()
    # Sorted in place (the array is not used afterwards) and compared with its neighbour:
    # np.unique would need several copies of the whole array. numpy is imported here, not
    # at the top: the commands that import this module answer --help without it.
    import numpy as np

    data = np.frombuffer(hashes, dtype=np.int64)
    data.sort()
    twice = data[1:][data[1:] == data[:-1]]
    del data
    return {int(h) for h in np.unique(twice)}
