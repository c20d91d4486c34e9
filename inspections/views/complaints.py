"""The consumer complaint channel: file a complaint, then follow it with number + secret."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shanting_gi.core.ratelimit import (
    RateLimited,
    client_address,
    refused,
    too_many_requests,
)
from shanting_gi.core.spam import spam_check, spam_context

from ..complaint_intake import COMPLAINT_LIMIT, COMPLAINT_WINDOW, complaint_file
from ..forms import ComplaintForm, TrackForm
from ..services import complaint_find

SESSION_KEY = "complaint_receipt"


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    if request.method == "POST":
        spam_errors = spam_check(request)
        if spam_errors:
            # Refused before anything counts or is stored; what was typed is kept.
            form = ComplaintForm(request.POST, request.FILES)
            form.is_valid()
            return render(
                request,
                "inspections/complaint_form.html",
                {"form": form, **spam_context(spam_errors)},
                status=400,
            )
        try:
            intake = complaint_file(
                data=request.POST, files=request.FILES, client_ip=client_address(request)
            )
        except RateLimited as exc:
            return too_many_requests(request, exc.retry_after)
        if intake.complaint is not None:
            # Shown once, on the next page; a reload afterwards shows nothing.
            request.session[SESSION_KEY] = {
                "tracking_number": intake.complaint.tracking_number,
                "secret": intake.secret,
            }
            return redirect("complaints:submitted")
        return render(
            request,
            "inspections/complaint_form.html",
            {"form": intake.form, **spam_context()},
            status=400,
        )
    initial = {"label_code": request.GET.get("code", "")[:40]}
    product = request.GET.get("product")
    if product:
        initial["product"] = product
    form = ComplaintForm(initial=initial)
    return render(request, "inspections/complaint_form.html", {"form": form, **spam_context()})


@never_cache
def submitted(request):
    receipt = request.session.pop(SESSION_KEY, None)
    return render(request, "inspections/complaint_submitted.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    complaint = None
    not_found = False
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            refusal = refused(
                request, scope="track", limit=COMPLAINT_LIMIT * 3, window=COMPLAINT_WINDOW
            )
            if refusal:
                return refusal
            complaint = complaint_find(**form.cleaned_data)
            not_found = complaint is None
    else:
        form = TrackForm()
    context = {"form": form, "complaint": complaint, "not_found": not_found}
    if complaint:
        # Queries: the complaint (above), its visible replies, the product and case.
        context["replies"] = complaint.replies.filter(visible_to_complainant=True)
    status = (
        404 if not_found else (400 if request.method == "POST" and not form.is_valid() else 200)
    )
    return render(request, "inspections/complaint_track.html", context, status=status)
