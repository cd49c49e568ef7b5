"""What the canonical fields of the import kinds are called on screen, in the reader's
language: the mapping page's choices and the downloadable templates' help."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# field -> label; KIND_LABELS overrides one where a kind means something else by it.
LABELS = {
    "external_id": _("External ID"),
    "name": _("Name"),
    "tax_id": _("Tax ID (NIP, INN, VAT)"),
    "industry": _("Industry"),
    "country": _("Country"),
    "region": _("Region"),
    "currency": _("Currency"),
    "parent_external_id": _("Parent account's external ID"),
    "owner": _("Owner"),
    "account_class": _("Class"),
    "status": _("Status"),
    "annual_revenue": _("Customer's annual revenue"),
    "notes": _("Notes"),
    "account_external_id": _("Account's external ID"),
    "account_tax_id": _("Account's tax ID"),
    "account_name": _("Account name"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "title": _("Job title"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "code": _("Product code"),
    "product_line": _("Product line"),
    "business_unit": _("Business unit"),
    "document": _("Document number"),
    "line": _("Line number"),
    "date": _("Date"),
    "account_country": _("Account's country"),
    "product_code": _("Product code"),
    "product_name": _("Product name"),
    "quantity": _("Quantity"),
    "revenue": _("Revenue"),
    "cost": _("Cost"),
    "gross_profit": _("Gross profit"),
    "invoice_date": _("Invoice date"),
    "due_date": _("Due date"),
    "paid_date": _("Paid date"),
    "amount": _("Amount"),
    "stage": _("Stage"),
    "probability": _("Probability, %"),
    "created_date": _("Created"),
    "close_date": _("Close date"),
    "is_won": _("Won (yes/no)"),
    "is_closed": _("Closed (yes/no)"),
    "competitor": _("Competitor"),
    "category_spend": _("Yearly spend in our category"),
    "source": _("Source of the estimate"),
    "type": _("Type"),
    "duration": _("Duration, minutes"),
    "subject": _("Subject"),
    "next_step": _("Next step"),
    "our_people": _("Our participants"),
    "their_people": _("Their participants"),
    "category": _("Category"),
    "note": _("Note"),
    "answered_on": _("Answered on"),
    "score": _("Score (0–10)"),
    "respondent": _("Respondent"),
    "comment": _("Comment"),
}
KIND_LABELS = {
    ("accounts", "name"): _("Account name"),
    ("products", "name"): _("Product name"),
    ("opportunities", "name"): _("Opportunity name"),
    ("opportunities", "external_id"): _("Opportunity ID"),
    ("interactions", "external_id"): _("Event ID"),
    ("interactions", "type"): _("Interaction type"),
    ("invoices", "date"): _("Invoice date"),
    ("interactions", "date"): _("Date and time"),
    ("payments", "amount"): _("Amount due"),
    ("service_costs", "external_id"): _("Cost ID"),
    ("satisfaction", "external_id"): _("Answer ID"),
}


def field_label(kind: str, name: str) -> str:
    """The field's label in the active language (the field name itself if unknown)."""
    label = KIND_LABELS.get((kind, name)) or LABELS.get(name)
    return str(label) if label is not None else name
