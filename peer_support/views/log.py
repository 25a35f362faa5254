"""The private incident log: only its owner ever reads or changes it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.errors import DomainError

from .. import selectors
from ..access import deleted_log_entry_for_user, log_entry_for_user
from ..forms import LogEntryForm
from ..models import IncidentLogEntry
from ..models.log import LOG_UNDO_MINUTES, LOG_UNDO_WINDOW
from ..services import log as svc

LOG = "peer_support:log_list"


@login_required
def log_list(request):
    entries = IncidentLogEntry.objects.filter(owner=request.user)
    undoable = list(selectors.log_entries_undoable(owner=request.user))
    for entry in undoable:
        entry.undo_until = entry.deleted_at + LOG_UNDO_WINDOW
    return render(request, "peer_support/log_list.html", {"entries": entries, "undoable": undoable})


@login_required
def log_edit(request, pk=None):
    entry = log_entry_for_user(request.user, pk) if pk else None
    form = LogEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            svc.log_entry_save(owner=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved in your log."))
            return redirect(LOG)
    return render(request, "peer_support/log_edit.html", {"form": form, "entry": entry})


@login_required
def log_delete(request, pk):
    """Ask first, saying what happens; then hide the entry, with an undo on the log page."""
    entry = log_entry_for_user(request.user, pk)
    if request.method == "POST":
        delete = partial(svc.log_entry_delete, owner=request.user, entry=entry)
        return post_action(request, delete, success=None, then=LOG)
    return render(request, "peer_support/log_delete.html", {"entry": entry, "undo_minutes": LOG_UNDO_MINUTES})


@login_required
@require_POST
def log_restore(request, pk):
    entry = deleted_log_entry_for_user(request.user, pk)
    restore = partial(svc.log_entry_restore, owner=request.user, entry=entry)
    return post_action(request, restore, success=_("The entry is back in your log."), then=LOG)


@login_required
def log_delete_all(request):
    if request.method == "POST":
        delete_all = partial(svc.log_delete_all, owner=request.user)
        return post_action(request, delete_all, success=_("Your whole log is deleted."), then=LOG)
    return render(request, "peer_support/log_delete_all.html")


@login_required
def log_print(request):
    """A print-styled page of the whole log, to print or save as PDF from the browser."""
    entries = IncidentLogEntry.objects.filter(owner=request.user).order_by("occurred_on", "pk")
    return render(request, "peer_support/log_print.html", {"entries": entries, "today": timezone.localdate()})
