"""Create the bureau's staff groups. Their permissions are granted after every migrate by
shanting_gi/staff_groups.py (post_migrate), once every model has its permissions."""

from django.db import migrations

GROUP_NAMES = ("市场监管局", "农业农村局", "只读审计")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=GROUP_NAMES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("products", "0001_initial"),
        ("producers", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups, elidable=False)]
