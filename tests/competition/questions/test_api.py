"""The weakness-question catalogue over REST:
bodies, validation (422), conflicts (409), the rules in the answers. Who may call what:
tests/competition/routes_api.py."""

from __future__ import annotations

import pytest

from ..core_support import API

pytestmark = pytest.mark.django_db


def test_questions_in_the_request_language(world, client_for):
    client = client_for("viewer")
    response = client.get(API + "/weakness-questions?pillar=support", HTTP_ACCEPT_LANGUAGE="pl")
    texts = [q["text"] for q in response.json()]
    assert len(texts) == 3
    assert any("uprzedzone" in t for t in texts)
