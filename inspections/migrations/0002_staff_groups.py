"""Create the bureau's staff groups; the rules live in inspections/staff_groups.py."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from inspections.staff_groups import GROUP_NAMES, sync_staff_groups


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are made by post_migrate, after every migration: too late for this one.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0, using=using)

    sync_staff_groups(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using=using
    )


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=GROUP_NAMES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # Models added by later migrations get their permissions from the post_migrate
        # sync in inspections/staff_groups.py.
        ("products", "0001_initial"),
        ("producers", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups, elidable=False)]
