"""What the demo's execution data is made of (keyplan.demo.execution.services writes it):
the functions and hours of each unit's people, the units' heads and capacity, the
resource requests, and how alignment scores move over the year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

TOP_ACCOUNTS = 8
# Unit code -> the team function its people cover and the hours they commit (range).
FUNCTION_OF_UNIT = {
    "sales": ("sales", (8, 16)),
    "service": ("service", (8, 24)),
    "logistics": ("logistics", (4, 10)),
    "rnd": ("technical", (6, 16)),
    "finance": ("finance", (2, 6)),
}
HEADS = {
    "sales": "director",
    "service": "tomasz.wisniewski",
    "logistics": "olga.smirnova",
    "rnd": "piotr.zielinski",
    "finance": "ewa.mazur",
}
# Unit code -> {resource type: capacity per month}.
CAPACITY = {
    "service": {"hours": Decimal(240), "expert": Decimal(2)},
    "rnd": {"hours": Decimal(160), "expert": Decimal(2)},
    "logistics": {"hours": Decimal(120)},
    "sales": {"budget": Decimal(60000)},
}
CAPACITY_MONTHS = 6  # from the current month on

# (unit, type, amount, status, granted, title, business case, reason)
# fmt: off
REQUESTS = [
    ("service", "hours", 300, "approved", None, "Commissioning of the new packaging line",
     "Our engineers on site for the start-up secure the follow-up spare-parts contract.", ""),
    ("service", "hours", 240, "approved", None, "Preventive maintenance programme",
     "Fewer breakdowns; the customer extends the framework agreement.", ""),
    ("service", "hours", 200, "partly_approved", 120, "Operator training at two plants",
     "Trained operators order the right parts and complain less.",
     "Only one plant this quarter; the second after the summer."),
    ("service", "expert", 1, "approved", None, "Resident service engineer",
     "A person on site every day: the customer's wish in the last review.", ""),
    ("service", "hours", 180, "pending", None, "Audit of the installed base",
     "The audit finds the parts due for replacement: about 20 % more orders.", ""),
    ("service", "expert", 2, "pending", None, "Two engineers for the shutdown in March",
     "The yearly shutdown is where the competitor won last year.", ""),
    ("rnd", "hours", 240, "approved", None, "Custom seal for the new press",
     "Design-in: we become the only qualified supplier for the part.", ""),
    ("rnd", "hours", 160, "approved", None, "Test series of the coated bearing",
     "Qualification opens the customer's second plant.", ""),
    ("rnd", "hours", 120, "pending", None, "Application study for the gearbox retrofit",
     "The retrofit replaces a competitor's drive across 40 machines.", ""),
    ("rnd", "expert", 1, "declined", None, "Engineer seconded to the customer's R&D",
     "Joint development of the next generation of the line.",
     "No business case in figures yet; bring the expected volume to the next review."),
    ("logistics", "hours", 90, "approved", None, "Consignment stock set-up",
     "Stock at the plant gate wins the 24-hour delivery criterion.", ""),
    ("logistics", "hours", 200, "declined", None, "Daily milk run to three plants",
     "Deliveries without the customer's own truck.",
     "The cost exceeds the gross profit it brings; a weekly run is possible."),
    ("logistics", "hours", 60, "pending", None, "Packaging for export to Kazakhstan",
     "The customer's new plant is supplied from our warehouse.", ""),
    ("sales", "budget", 100000, "approved", None, "Joint trade-fair stand",
     "Shows our offer to the customer's whole purchasing team.", ""),
    ("sales", "budget", 90000, "pending", None, "Co-funded reliability study",
     "The study proves the lower total cost of our bearings.", ""),
    ("sales", "budget", 40000, "withdrawn", None, "Customer event at our plant",
     "A visit for the customer's new plant managers.", ""),
]
# fmt: on

SAA_ELEMENTS = ("information", "people", "action")
SEVEN_S_ELEMENTS = (
    "shared_values",
    "style",
    "skills",
    "staff",
    "strategy",
    "structure",
    "systems",
)
# Each element's usual distance from the account's level: "action" and "systems" lag.
OFFSET = {
    "information": 0.2,
    "people": 0.0,
    "action": -0.5,
    "shared_values": 0.4,
    "style": 0.1,
    "skills": 0.3,
    "staff": -0.1,
    "strategy": 0.2,
    "structure": -0.3,
    "systems": -0.7,
}
COMMENTS = {
    "information": "Service hears about new projects too late.",
    "people": "Finance and sales disagree on the credit limit.",
    "action": "Actions agreed in the review are not followed up.",
    "systems": "The account plan and the ERP orders are not linked.",
    "structure": "Nobody owns the customer's second plant.",
}


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def alignment_level(profile: str, progress: float) -> float:
    """The account's alignment level at `progress` (0 = a year ago, 1 = now)."""
    if profile == "improving":
        return 2.5 + 1.6 * progress
    if profile == "declining":
        return 4.1 - 1.5 * progress
    return 3.5
