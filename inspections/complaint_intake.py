"""How a consumer's complaint comes in, whatever the door (the /complaints/new/ page, the
open-data API): validated by ComplaintForm, counted against the per-address limit, stored
by complaint_submit. Each door only turns the outcome into its own answer (a page or
JSON, a redirect or a 201, the 429 page or a 429 body)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from shanting_gi.core.ratelimit import check

from .forms import ComplaintForm
from .models import Complaint
from .services import complaint_submit

# Filing and tracking are rarer than verifying; a tighter limit keeps spam and guessing out.
COMPLAINT_LIMIT = 10
COMPLAINT_WINDOW = 3600


@dataclass
class Intake:
    """The bound form (with its errors when nothing was stored), or the stored complaint
    with the secret to show the complainant once."""

    form: ComplaintForm
    complaint: Complaint | None = None
    secret: str = ""


def complaint_file(*, data, files, client_ip):
    """Validate, rate-limit and store one complaint.

    Only a complaint that would be stored counts against the limit, so invalid input is
    still explained to an address that has used up its share. Raises
    shanting_gi.core.ratelimit.RateLimited (with retry_after) when the address is over it.
    """
    form = ComplaintForm(data, files)
    if not form.is_valid():
        return Intake(form)
    check(client_ip, scope="complaint", limit=COMPLAINT_LIMIT, window=COMPLAINT_WINDOW)
    try:
        complaint, secret = complaint_submit(
            fields=form.model_fields(), photos=form.cleaned_data["photos"]
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return Intake(form)
    return Intake(form, complaint, secret)
