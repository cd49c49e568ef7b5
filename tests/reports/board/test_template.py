"""The board template an administrator uploads in the report settings: a real .pptx that
python-pptx opens, of bounded size; its layouts are used for the packs."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pptx import Presentation

from keyplan.reports import validators
from keyplan.reports.board.content import board_content
from keyplan.reports.board.pptx_render import render_board_pptx
from keyplan.reports.models import ReportSettings

from .support import presentation

pytestmark = pytest.mark.django_db


def _template(title_layout_name: str = "My title") -> bytes:
    deck = Presentation()
    deck.slide_layouts[0].name = title_layout_name
    deck.slides.add_slide(deck.slide_layouts[6])  # a slide the pack must not keep
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def test_a_real_pptx_passes():
    validators.validate_board_template(SimpleUploadedFile("t.pptx", _template()))


@pytest.mark.parametrize(
    "data", [b"not a presentation", b"PK\x03\x04 broken zip", b"\x89PNG\r\n\x1a\n"]
)
def test_anything_else_is_refused(data):
    with pytest.raises(ValidationError):
        validators.validate_board_template(SimpleUploadedFile("t.pptx", data))


def test_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(validators, "MAX_TEMPLATE_BYTES", 10)
    with pytest.raises(ValidationError):
        validators.validate_board_template(SimpleUploadedFile("t.pptx", _template()))


def test_the_settings_page_takes_the_template(world, client_for):
    upload = SimpleUploadedFile("board.pptx", _template())
    response = client_for("admin").post(
        "/reports/settings/", {"primary_colour": "#1f4e79", "board_template": upload}
    )
    assert response.status_code == 302
    assert ReportSettings.current().board_template


def test_the_settings_page_refuses_a_fake(world, client_for):
    upload = SimpleUploadedFile("board.pptx", b"plain text")
    response = client_for("admin").post(
        "/reports/settings/", {"primary_colour": "#1f4e79", "board_template": upload}
    )
    assert response.status_code == 422
    assert not ReportSettings.current().board_template


def test_the_pack_uses_the_uploaded_layouts(world):
    from django.core.files.base import ContentFile

    settings = ReportSettings.load()
    settings.board_template.save("board.pptx", ContentFile(_template("Company title")))
    deck = presentation(render_board_pptx(board_content(user=world.director)))
    assert deck.slides[0].slide_layout.name == "Company title"
    assert deck.slides[1].slide_layout.name == "Title Only"
    assert "board pack" in deck.slides[0].shapes.title.text
