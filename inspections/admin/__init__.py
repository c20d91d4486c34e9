"""The inspections app's back-office, one module per subject (registered on import).

It also lists, on an authorisation's page in the register's back-office, the complaints
quoting its labels and the spot-checks of its producer and product (a hook the register
offers, so that it need not know this app)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from producers.register.admin import authorisation_related_links

from ..models import Complaint, Inspection
from . import cases, complaints, plans, spotchecks  # noqa: F401


@authorisation_related_links
def _complaints_and_spot_checks(authorisation):
    complaints_url = reverse("admin:inspections_complaint_changelist")
    inspections_url = reverse("admin:inspections_inspection_changelist")
    return [
        (
            _("complaints quoting its labels"),
            f"{complaints_url}?label_batch__authorisation__id__exact={authorisation.pk}",
            Complaint.objects.filter(label_batch__authorisation=authorisation).count(),
        ),
        (
            _("spot-checks of this producer and product"),
            f"{inspections_url}?producer__id__exact={authorisation.producer_id}"
            f"&product__id__exact={authorisation.product_id}",
            Inspection.objects.filter(
                producer_id=authorisation.producer_id, product_id=authorisation.product_id
            ).count(),
        ),
    ]
