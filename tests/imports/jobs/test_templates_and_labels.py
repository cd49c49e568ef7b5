"""The upload page's templates (one per kind and preset) and the mapping page's labels in
the reader's language."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from django.utils import translation

from keyplan.imports.jobs.forms import MappingForm
from keyplan.imports.presets.templates import template_columns, template_presets
from tests.imports.support import counts, run


def _download(client, kind: str, preset: str | None = None):
    params = {"preset": preset} if preset else {}
    return client.get(reverse("imports:template", args=[kind]), params)


def test_the_generic_invoice_template_lists_required_columns_first(world, client_for):
    response = _download(client_for("director"), "invoices")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="invoices-generic-template.csv"'
    )
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["document", "date", "revenue"]
    assert "account_external_id" in header and "gross_profit" in header


def test_a_template_filled_in_imports_without_mapping(tmp_path, world, client_for):
    header = next(
        csv.reader(
            io.StringIO(_download(client_for("director"), "payments").content.decode("utf-8-sig"))
        )
    )
    row = dict.fromkeys(header, "")
    row.update(
        document="FV/1",
        account_external_id=world.account.external_id,
        invoice_date="2026-05-01",
        due_date="2026-05-31",
        amount="10.5",
    )
    path = tmp_path / "payments.csv"
    path.write_text(",".join(header) + "\n" + ",".join(row[c] for c in header) + "\n", "utf-8-sig")
    assert counts(run("payments", str(path))) == (1, 1, 0, 0, 0)


def test_preset_templates_use_the_preset_s_columns_and_delimiter(world, client_for):
    response = _download(client_for("director"), "invoices", "1c-sales")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert ";" in text and "," not in text.strip()
    assert template_presets("invoices")[0] == "generic"
    assert "orderlines" in template_presets("invoices")


def test_unknown_kinds_and_presets_are_404(world, client_for):
    client = client_for("director")
    assert _download(client, "nonsense").status_code == 404
    assert _download(client, "invoices", "nonsense").status_code == 404
    assert _download(client, "accounts", "orderlines").status_code == 404  # not its kind
    assert _download(client_for("owner"), "invoices").status_code == 404  # KAMs do not import


def test_the_upload_page_links_every_kind_s_template(world, client_for):
    body = client_for("director").get(reverse("imports:upload")).content.decode()
    for kind in ("accounts", "invoices", "payments", "opportunities", "interactions"):
        assert reverse("imports:template", args=[kind]) + "?preset=generic" in body


def test_every_preset_template_has_the_required_columns():
    from keyplan.imports.kinds.domain import KINDS
    from keyplan.imports.presets.domain import PRESETS

    for name, preset in PRESETS.items():
        for kind in preset.kinds:
            if not preset.columns.get(kind):
                continue
            fields = {field for _c, field, _r in template_columns(name, kind)}
            required = {spec.name for spec in KINDS[kind] if spec.required}
            # A required field the preset cannot map would make its template useless.
            assert required <= fields or name != "generic", (name, kind, required - fields)


def test_mapping_choices_are_labels_in_the_reader_s_language():
    header = ["Kod", "Nazwa"]
    with translation.override("en"):
        form = MappingForm(kind="accounts", header=header, mapping={})
        labels = dict(form.fields["col_0"].choices)
        assert labels["external_id"] == "External ID"
        assert labels["name"] == "Account name (required)"
    with translation.override("pl"):
        form = MappingForm(kind="accounts", header=header, mapping={})
        labels = dict(form.fields["col_0"].choices)
        assert labels["external_id"] == "Identyfikator zewnętrzny"
        assert labels["name"] == "Nazwa klienta (wymagane)"


def test_the_generic_preset_maps_an_external_id_column(tmp_path, world):
    path = tmp_path / "accounts.csv"
    path.write_text("External ID,Name\nX-1,Alpha Ltd\n", "utf-8")
    assert counts(run("accounts", str(path))) == (1, 1, 0, 0, 0)
    from keyplan.accounts.models import Account

    assert Account.objects.get(external_id="X-1").name == "Alpha Ltd"
