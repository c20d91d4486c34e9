"""Producer self-service under /accounts/: a signed-in producer sees and files only its own.

Every query starts from request.user.producer, so another producer's id in a URL finds
nothing (404). A signed-in account that is not linked to a producer gets an explanation
with status 403; an anonymous visitor is sent to the sign-in page.
"""

import functools

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.models import Complaint, Inspection, InspectionStatus
from producers.accounts import services as account_services
from producers.accounts.forms import (
    AnnualReportForm,
    AnswerForm,
    ApplicationForm,
    LoginForm,
    ReportCorrectionForm,
    SignupForm,
)
from producers.labels.models import LabelBatch
from producers.register.models import Authorisation
from producers.register.views import mark_status
from shanting_gi.core.ratelimit import refused

from .models import (
    AnnualUseReport,
    Application,
    ApplicationDocumentKind,
    ApplicationStatus,
    annual_report_deadline,
)

APPLICATION_BADGE = {
    ApplicationStatus.DRAFT: "neutral",
    ApplicationStatus.SUBMITTED: "neutral",
    ApplicationStatus.INFO_REQUESTED: "warn",
    ApplicationStatus.APPROVED: "ok",
    ApplicationStatus.REJECTED: "bad",
}

# Inspections a producer sees of its own: results tested (told to the producer before they
# are published) and published ones; planned and sampled ones would tip off a visit.
VISIBLE_INSPECTION_STATUSES = [InspectionStatus.TESTED, InspectionStatus.PUBLISHED]
# What a producer may read of a complaint quoting its labels: never the contact or photos.
COMPLAINT_FIELDS_SHOWN = ("status", "created_at", "label_batch", "description")


def current_producer(user):
    try:
        return user.producer
    except ObjectDoesNotExist:
        return None


def producer_required(view):
    """Signed in (else to the sign-in page) and linked to a producer (else a 403 page)."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        producer = current_producer(request.user)
        if producer is None:
            return render(request, "accounts/not_producer.html", status=403)
        request.producer = producer
        return view(request, *args, **kwargs)

    return wrapper


def _error_messages(error):
    return error.messages if hasattr(error, "messages") else [str(error)]


@producer_required
def dashboard(request):
    producer = request.producer
    today = timezone.localdate()
    # Queries: authorisations+product, label batches+authorisation+product, complaints,
    # inspections with conclusion (+ product), applications+product, reports+product, the
    # authorisations owing last year's report, the latest messages.
    authorisations = [
        mark_status(a, today)
        for a in Authorisation.objects.filter(producer=producer).select_related("product")
    ]
    batches = LabelBatch.objects.filter(authorisation__producer=producer).select_related(
        "authorisation__product"
    )
    # Complaints quoting a genuine code of one of its batches (linked when filed).
    complaints = (
        Complaint.objects.filter(label_batch__authorisation__producer=producer)
        .only(*COMPLAINT_FIELDS_SHOWN)
        .order_by("-created_at", "-pk")
    )
    inspections = (
        Inspection.objects.filter(producer=producer, status__in=VISIBLE_INSPECTION_STATUSES)
        .with_conclusion()
        .select_related("product")
        .order_by("-sampled_on", "-pk")
    )
    applications = Application.objects.filter(producer=producer).select_related("product")
    for application in applications:
        application.badge_class = APPLICATION_BADGE.get(application.status, "neutral")
    reports = AnnualUseReport.objects.filter(producer=producer).select_related("product")
    last_year = today.year - 1
    owing = account_services.reports_missing(
        last_year, queryset=Authorisation.objects.filter(producer=producer)
    ).select_related("product")
    reports_due = {
        a.product_id: {
            "product": a.product,
            "year": last_year,
            "deadline": annual_report_deadline(last_year),
        }
        for a in owing
    }
    return render(
        request,
        "accounts/dashboard.html",
        {
            "producer": producer,
            "authorisations": authorisations,
            "batches": batches,
            "complaints": complaints,
            "inspections": inspections,
            "applications": applications,
            "reports": reports,
            "reports_due": list(reports_due.values()),
            "notifications": request.user.notifications.all()[:NOTIFICATIONS_SHOWN],
        },
    )


NOTIFICATIONS_SHOWN = 30


@producer_required
def report_edit(request, pk):
    """Correct a filed report until the bureau accepts it; the history keeps the old one."""
    report = get_object_or_404(
        AnnualUseReport.objects.select_related("product"), producer=request.producer, pk=pk
    )
    if report.is_accepted:
        messages.error(
            request, _("The bureau has accepted this report; ask the bureau to correct it.")
        )
        return redirect("accounts:dashboard")
    form = ReportCorrectionForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_services.annual_report_correct(
                report=report,
                by=request.user,
                labels_used=data["labels_used"],
                quantity_sold_kg=data["quantity_sold_kg"],
                notes=data["notes"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your report has been corrected."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/report_edit.html", {"form": form, "report": report})


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in _error_messages(error):
            form.add_error(None, message)


@producer_required
def application_new(request):
    producer = request.producer
    form = ApplicationForm(request.POST or None, request.FILES or None, producer=producer)
    if request.method == "POST" and form.is_valid():
        try:
            application = account_services.application_submit(
                producer=producer, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Your application has been submitted. The bureau will review it.")
            )
            return redirect(application)
    return render(request, "accounts/application_form.html", {"form": form})


def _own_application(request, pk):
    queryset = Application.objects.filter(producer=request.producer).select_related(
        "product", "authorisation"
    )
    return get_object_or_404(queryset, pk=pk)


@producer_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    answer_form = None
    if application.status == ApplicationStatus.INFO_REQUESTED:
        answer_form = AnswerForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and answer_form.is_valid():
            try:
                account_services.application_answer(
                    application=application,
                    by=request.user,
                    answer=answer_form.cleaned_data["answer"],
                    documents=answer_form.cleaned_data["documents"],
                )
            except ValidationError as error:
                for message in _error_messages(error):
                    answer_form.add_error(None, message)
            else:
                messages.success(request, _("Your answer has been sent to the bureau."))
                return redirect(application)
    elif request.method == "POST":
        messages.error(request, _("This application is not waiting for an answer."))
        return redirect(application)
    application.badge_class = APPLICATION_BADGE.get(application.status, "neutral")
    return render(
        request,
        "accounts/application_detail.html",
        {
            "application": application,
            "thread": application.messages.all(),
            "documents": application.documents.all(),
            "answer_form": answer_form,
        },
    )


@producer_required
def application_document(request, pk, document_pk):
    application = _own_application(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    return document_response(document)


def document_response(document):
    """The stored file, named as uploaded but with the extension of what is stored (an
    image is re-encoded); PDFs download rather than open in the browser's viewer."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing.")) from error
    stem = (document.original_name or "document").rsplit(".", 1)[0]
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=document.kind != ApplicationDocumentKind.IMAGE,
        filename=f"{stem}.{extension}",
    )


@producer_required
def report_new(request):
    producer = request.producer
    form = AnnualReportForm(request.POST or None, producer=producer)
    if not form.fields["product"].queryset.exists():
        return render(request, "accounts/report_form.html", {"form": None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_services.annual_report_submit(
                producer=producer,
                product=data["product"],
                year=data["year"],
                labels_used=data["labels_used"],
                quantity_sold_kg=data["quantity_sold_kg"],
                notes=data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your annual report has been filed. Thank you."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/report_form.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if refusal := refused(request, scope="login", limit=LOGIN_LIMIT, window=LOGIN_WINDOW):
            return refusal
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        # Bureau staff without a producer account go to the back-office instead.
        user = self.request.user
        if user.is_staff and current_producer(user) is None:
            return reverse("admin:index")
        return reverse("accounts:dashboard")


class PasswordChangeView(auth_views.PasswordChangeView):
    # Not registration/…: the admin's own password page uses that name.
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


SIGNUP_LIMIT, SIGNUP_WINDOW = 5, 3600  # registrations per address per hour
LOGIN_LIMIT, LOGIN_WINDOW = 20, 300  # sign-in attempts per address per 5 minutes


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refusal := refused(request, scope="signup", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW):
            return refusal
        try:
            account_services.signup_submit(**form.service_fields())
        except ValidationError as error:
            for message in _error_messages(error):
                form.add_error(None, message)
        else:
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup_form.html", {"form": form})


def signup_done(request):
    return render(request, "accounts/signup_done.html")
