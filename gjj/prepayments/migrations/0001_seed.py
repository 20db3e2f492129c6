"""The review flow of 提前还款 as data the center edits: 受理 → 审核 → 办结 (the core system's node
is added by every application), and the staff roles it uses."""

from django.db import migrations

NODES = [
    {"name": "受理", "role": "受理"},
    {"name": "审核", "role": "初审"},
]


def seed(apps, schema_editor):
    Business = apps.get_model("applications", "Business")
    Group = apps.get_model("auth", "Group")
    Business.objects.update_or_create(
        code="prepayment", defaults=dict(ywlx="提前还款", nodes=NODES, time_limit_days=3)
    )
    for name in ("受理", "初审", "复审", "管理"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_hall_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
