"""The logo upload's checks: the type from the file's own first bytes (not its name or the
browser's word), and its size."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LOGO_BYTES = 1024 * 1024
# Signature -> MIME type of the images a logo may be.
SIGNATURES: dict[bytes, str] = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def image_type(head: bytes) -> str | None:
    """The MIME type of an image starting with `head`, None when it is not PNG or JPEG."""
    for signature, mime in SIGNATURES.items():
        if head.startswith(signature):
            return mime
    return None


def validate_logo(file) -> None:
    if not file:
        return
    if file.size is not None and file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."), code="too_big")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    if image_type(head) is None:
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="bad_type")


MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def validate_board_template(file) -> None:
    """A board pack template must be a real PowerPoint file (.pptx) that python-pptx opens,
    with at least one slide layout, of at most 10 MB."""
    if not file:
        return
    if file.size is not None and file.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(_("The template may be at most 10 MB."), code="too_big")
    from pptx import Presentation

    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    try:
        presentation = Presentation(file)
        layouts = len(presentation.slide_layouts)
    except Exception:
        layouts = 0
    finally:
        file.seek(position)
    if not layouts:
        raise ValidationError(
            _("The template must be a PowerPoint file (.pptx) with slide layouts."),
            code="bad_type",
        )
