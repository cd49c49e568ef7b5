"""The health score's weights on the economics settings page: changed by administrators
and directors only (403 for the others), each 0-100 and at least one above 0, every
change kept in the settings' history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keyplan.economics.models import EconomicsSettings
from keyplan.economics.settings import services
from keyplan.economics.settings.services import WEIGHT_FIELDS
from tests.support import messages_of

PAGE = "/economics/settings/"
WEIGHTS = PAGE + "weights/"


def _form(**data) -> dict:
    return {name: "10" for name in WEIGHT_FIELDS} | data


def test_a_director_sets_the_weights_with_history(world, client_for):
    client = client_for("director")

    response = client.post(WEIGHTS, _form(weight_satisfaction="40", weight_plan="0"))

    assert response.status_code == 302
    assert response["Location"] == PAGE + "#health-weights"
    current = EconomicsSettings.load()
    assert (current.weight_satisfaction, current.weight_plan, current.weight_payment) == (40, 0, 10)
    page = client.get(PAGE)
    assert "Weights saved." in messages_of(page)
    latest = current.history.first()
    assert latest.history_user == world.director
    assert "weight_satisfaction" in latest.history_change_reason
    assert 'action="/economics/settings/weights/"' in page.content.decode()


def test_weights_out_of_range_or_all_zero_answer_422(world, client_for):
    client = client_for("admin")

    too_big = client.post(WEIGHTS, _form(weight_payment="101"))
    assert too_big.status_code == 422
    assert any(
        e.startswith("Weight: payment behaviour:") for e in too_big.context["weights_errors"]
    )
    negative = client.post(WEIGHTS, _form(weight_payment="-1"))
    assert negative.status_code == 422
    zeros = client.post(WEIGHTS, _form(**dict.fromkeys(WEIGHT_FIELDS, "0")))
    assert zeros.status_code == 422
    assert zeros.context["weights_errors"] == ["Give at least one component a weight above 0."]
    assert EconomicsSettings.load().weight_payment == 15


def test_a_viewer_reads_the_weights_but_cannot_change_them(world, client_for):
    client = client_for("viewer")

    html = client.get(PAGE).content.decode()

    assert 'id="health-weights"' in html and 'action="/economics/settings/weights/"' not in html
    assert "Weight: revenue trend" in html
    assert client.post(WEIGHTS, _form()).status_code == 403
    assert client_for("owner").post(WEIGHTS, _form()).status_code == 403
    assert client_for("portal").post(WEIGHTS, _form()).status_code == 404


def test_the_service_checks_the_weights(world):
    with pytest.raises(PermissionDenied):
        services.health_weights_update(user=world.owner, data={"weight_plan": 5})
    with pytest.raises(ValidationError) as caught:
        services.health_weights_update(user=world.admin, data={"weight_plan": 101})
    assert "weight_plan" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.health_weights_update(user=world.admin, data={"cost_of_capital": 5})
    all_zero = dict.fromkeys(WEIGHT_FIELDS, 0)
    with pytest.raises(ValidationError):
        services.health_weights_update(user=world.admin, data=all_zero)
    saved = services.health_weights_update(user=world.admin, data={"weight_plan": 0})
    assert saved.weight_plan == 0
