"""A settings page shared by the features (selling settings, execution settings): one
singleton model edited by those `can_manage` admits (the portfolio managers), read-only
for the others, with the history of its changes (the template side: core/_settings_form.html and
core/_settings_history.html).

A stale save answers 409 with a message and the current version in the form; invalid input
answers 422 with the messages by the fields.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keyplan.core.errors import ConflictError
from keyplan.core.history import SETTINGS_HISTORY, history_changes


def settings_history(model) -> list[dict]:
    """The newest changes to the singleton `model`, each with what it changed."""
    records = model.history.select_related("history_user").order_by("-history_date", "-history_id")[
        : SETTINGS_HISTORY + 1
    ]
    return history_changes(records, model, limit=SETTINGS_HISTORY)


def settings_context(
    request, *, model, form_class, shown: Callable, can_manage: Callable, form=None
) -> dict:
    """The page's context: the form for a manager (`can_manage(user)`), else
    `shown(current)` (what the read-only page lists), and the history."""
    current = model.load()
    manager = can_manage(request.user)
    if manager and form is None:
        form = form_class(instance=current)
    return {
        "current": current,
        "shown": shown(current),
        "form": form,
        "can_manage": manager,
        "history": settings_history(model),
    }


def settings_page(
    request,
    *,
    model,
    form_class,
    template: str,
    shown: Callable,
    save: Callable,
    add_errors: Callable,
    done: str,
    can_manage: Callable,
):
    """GET shows the page; POST (managers only) calls `save(form)` with a valid form and
    goes to `done`, or shows the form again: `add_errors(form, exc)` puts a service's
    ValidationError on it (422), a conflict shows the other version (409)."""
    context = {"model": model, "form_class": form_class, "shown": shown, "can_manage": can_manage}
    if request.method == "GET":
        return render(request, template, settings_context(request, **context))
    if not can_manage(request.user):
        raise PermissionDenied
    form = form_class(request.POST, instance=model.load())
    status = 422
    if form.is_valid():
        try:
            save(form)
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed the settings since you opened them; nothing was "
                    "saved. The form now shows their version."
                ),
            )
            form = form_class(instance=model.load())
            status = 409
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect(done)
    return render(request, template, settings_context(request, form=form, **context), status=status)
