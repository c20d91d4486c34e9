"""The bureau's staff groups and what each may do in the back-office.

市场监管局 (market regulation bureau): everything on the three apps, the history read-only.
农业农村局 (agriculture bureau): products, documents and statistics; reads the rest.
只读审计 (read-only audit): reads everything, history included.

The groups are created by migration inspections 0002 and brought up to date after every
`migrate` (post_migrate, connected in shanting_gi/apps.py), so a model added later is covered
without another data migration. Syncing only adds permissions; it never removes one that
an administrator granted by hand. Authorisations and enforcement cases are never deleted:
their admins refuse it whatever the group says.
"""

# The apps whose models the groups cover (app labels).
APPS = ("core", "products", "producers", "labels", "inspections", "accounts", "portal")
ACTIONS = ("add", "change", "delete", "view")

MARKET_REGULATION = "市场监管局"
AGRICULTURE = "农业农村局"
AUDIT = "只读审计"
GROUP_NAMES = (MARKET_REGULATION, AGRICULTURE, AUDIT)

# 农业农村局 keeps these products models; everything else it may only read.
AGRICULTURE_EDITS = {"product", "productimage", "qualityindicator", "document", "annualstatistic"}


def _is_history(model_name):
    return model_name.startswith("historical")


RULES = {
    MARKET_REGULATION: lambda model, action: (
        action == "view" if _is_history(model) else action in ACTIONS
    ),
    AGRICULTURE: lambda model, action: (
        action == "view" or (model in AGRICULTURE_EDITS and action in ACTIONS)
    ),
    AUDIT: lambda model, action: action == "view",
}


def sync_staff_groups(Group, Permission, using="default"):
    """Create the groups if missing and grant each the permissions its rule allows."""
    permissions = list(
        Permission.objects.using(using)
        .filter(content_type__app_label__in=APPS)
        .select_related("content_type")
    )
    for name, allowed in RULES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *[p for p in permissions if allowed(p.content_type.model, p.codename.split("_", 1)[0])]
        )


def sync_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver. Django sends post_migrate to each app with models, in the
    order of INSTALLED_APPS; the sync waits for the last one, when every model has its
    permissions."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return

    sync_staff_groups(Group, Permission, using=using)
