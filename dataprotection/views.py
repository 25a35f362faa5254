import json

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required, permission_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import post_action
from core.audit import audit_record, audit_record_many
from core.personal_data import personal_data_export

from . import services
from .access import erasure_request_for_handler, erasure_requests_for_handler, may_read_audit_log
from .forms import AuditFilterForm, DeclineForm, ErasureAskForm
from .models import ErasureRequest
from .selectors import AUDIT_PAGE_SIZE, audit_entries_filtered


@login_required
def mine(request):
    """Everything the portal holds about me, readable, with the download and the erasure form."""
    requests = ErasureRequest.objects.filter(person=request.user)
    context = {
        "sections": personal_data_export(user=request.user),
        "requests": requests,
        "open_request": next((r for r in requests if r.status == ErasureRequest.Status.OPEN), None),
        "form": ErasureAskForm(),
    }
    return render(request, "dataprotection/mine.html", context)


@login_required
@reauthentication_required
def download(request):
    """The same as a JSON file (GDPR art. 20), after a fresh login; the download is audited."""
    user = request.user
    payload = {
        "portal": "wellbeing",
        "person": user.email,
        "made_at": timezone.localtime().isoformat(timespec="seconds"),
        "sections": {
            section.app_label: {"title": section.title, **section.data} for section in personal_data_export(user=user)
        },
    }
    audit_record(actor=user, action="dataprotection.export", obj=user, subject=user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-wellbeing-portal-data.json"'
    return response


@login_required
@require_POST
def erasure_ask(request):
    return post_action(
        request,
        lambda reason, close_account: services.erasure_request_create(
            person=request.user, reason=reason, close_account=close_account
        ),
        form=ErasureAskForm(request.POST),
        success=_("Your request is sent. You will see here what was done, and get an e-mail."),
        then="dataprotection:mine",
    )


@login_required
@permission_required("dataprotection.handle_data_requests", raise_exception=True)
def requests_list(request):
    requests = erasure_requests_for_handler(request.user).select_related("person", "handled_by")
    page = Paginator(requests.order_by("status", "-created_at", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The names on the page are written to each person's access log (one entry per person).
    audit_record_many(actor=request.user, action="dataprotection.erasure_viewed", shown=[(r, r.person) for r in page])
    return render(request, "dataprotection/requests_list.html", {"page": page})


@login_required
@permission_required("dataprotection.handle_data_requests", raise_exception=True)
def request_detail(request, pk):
    erasure = erasure_request_for_handler(request.user, pk)
    return render(request, "dataprotection/request_detail.html", {"erasure": erasure, "decline_form": DeclineForm()})


@login_required
@require_POST
@permission_required("dataprotection.handle_data_requests", raise_exception=True)
def request_carry_out(request, pk):
    erasure = erasure_request_for_handler(request.user, pk, audit=False)
    return post_action(
        request,
        lambda: services.erasure_request_carry_out(request=erasure, by=request.user),
        success=_("Done. The person sees what was removed and what is kept, and gets an e-mail."),
        then=reverse("dataprotection:request_detail", args=[erasure.pk]),
    )


@login_required
@require_POST
@permission_required("dataprotection.handle_data_requests", raise_exception=True)
def request_decline(request, pk):
    erasure = erasure_request_for_handler(request.user, pk, audit=False)
    return post_action(
        request,
        lambda reason: services.erasure_request_decline(request=erasure, by=request.user, reason=reason),
        form=DeclineForm(request.POST),
        success=_("The request is declined. The person sees your reason and gets an e-mail."),
        then=reverse("dataprotection:request_detail", args=[erasure.pk]),
    )


def _audit_log_reader(user) -> bool:
    if not may_read_audit_log(user):
        raise PermissionDenied
    return True


@login_required
@user_passes_test(_audit_log_reader)
def audit_log(request):
    """The whole audit log, for the data protection officer; reading it is audited too."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_filtered(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    subject = next((e.subject for e in page if filters.get("subject") and e.subject_id), None)
    audit_record(actor=request.user, action="dataprotection.audit_log.read", obj=request.user, subject=subject)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "dataprotection/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
