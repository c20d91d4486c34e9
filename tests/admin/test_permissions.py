"""Staff groups made by the data migration, and what each may do in the back-office."""

import pytest
from django.contrib.auth.models import Group

from inspections.models import EnforcementCase, Inspection
from producers.register.models import Authorisation, Producer
from products.models import Document, Product
from tests.factories import make_user

from .conftest import AGRICULTURE, AUDIT, MARKET_REGULATION, MODELS, admin_url

pytestmark = pytest.mark.django_db

APPS = {"products", "producers", "labels", "inspections", "accounts", "portal"}


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_groups_exist_with_their_permissions():
    bureau, agriculture, audit = (
        codenames(MARKET_REGULATION),
        codenames(AGRICULTURE),
        codenames(AUDIT),
    )
    assert {perm.split(".")[0] for perm in bureau | agriculture | audit} == APPS

    assert {"producers.add_producer", "inspections.change_inspection"} <= bureau
    assert "producers.view_historicalauthorisation" in bureau
    assert "producers.change_historicalauthorisation" not in bureau  # history is a record

    assert {"products.change_product", "products.add_document"} <= agriculture
    assert {"products.delete_annualstatistic", "products.change_qualityindicator"} <= agriculture
    assert "products.view_town" in agriculture
    assert "products.change_town" not in agriculture
    assert "producers.view_producer" in agriculture
    assert not {p for p in agriculture if p.split(".")[0] != "products" and "view_" not in p}

    assert audit and all(".view_" in perm for perm in audit)
    assert "inspections.view_historicalinspection" in audit
    # every permission the auditor has, the bureau has too, and the auditor sees everything
    assert audit == {perm for perm in bureau if ".view_" in perm}


# --- the auditor reads everything and changes nothing ---------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_auditor_reads_but_cannot_write(client, auditor, objects, model):
    client.force_login(auditor)
    obj = objects[model]
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert admin_url(model, "change", obj.pk) in changelist.content.decode()
    assert not changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)
    change = client.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert not change.context["has_change_permission"]
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_auditor_reads_the_history(client, auditor, objects):
    client.force_login(auditor)
    url = admin_url(Authorisation, "history", objects[Authorisation].pk)
    assert client.get(url).status_code == 200


# --- the agriculture bureau keeps products, documents and statistics -------------------------


def test_agriculture_bureau(client, agriculture_user, objects):
    client.force_login(agriculture_user)
    assert client.get(admin_url(Product, "changelist")).status_code == 200
    assert client.get(admin_url(Product, "add")).status_code == 200
    assert client.get(admin_url(Document, "add")).status_code == 200
    assert client.get(admin_url(Producer, "changelist")).status_code == 200
    assert client.get(admin_url(Producer, "add")).status_code == 403
    assert client.get(admin_url(Inspection, "add")).status_code == 403
    producer = objects[Producer]
    assert client.post(admin_url(Producer, "change", producer.pk), {}).status_code == 403


def test_staff_without_a_group_sees_nothing(client, objects):
    user = make_user(username="nobody", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Product, "changelist")).status_code == 403


# --- authorisations and cases are never deleted ----------------------------------------------


@pytest.mark.parametrize("who", ["bureau_user", "auditor", "superuser"])
@pytest.mark.parametrize("model", [Authorisation, EnforcementCase], ids=lambda m: m.__name__)
def test_authorisations_and_cases_cannot_be_deleted(client, objects, request, who, model):
    client.force_login(request.getfixturevalue(who))
    obj = objects[model]
    url = admin_url(model, "delete", obj.pk)
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403

    changelist = client.get(admin_url(model, "changelist"))
    assert "delete_selected" not in changelist.content.decode()
    bulk = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(obj.pk)], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).exists()


def test_bureau_may_delete_other_records(client, bureau_user, objects):
    client.force_login(bureau_user)
    document = objects[Document]
    response = client.post(admin_url(Document, "delete", document.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_bureau_sees_the_lifecycle_actions(client, bureau_user, objects):
    client.force_login(bureau_user)
    page = client.get(admin_url(Authorisation, "changelist")).content.decode()
    for action in ("review", "approve", "reject", "suspend", "reinstate", "revoke", "expire"):
        assert f'value="{action}_selected"' in page
