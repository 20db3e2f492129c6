"""The review nodes of 贷款申请 (policy data the center edits) and the staff roles they need."""

from django.db import migrations

NODES = [
    {"name": "受理", "role": "受理"},
    {"name": "初审", "role": "初审"},
    {"name": "复审", "role": "复审"},
    {"name": "签订合同", "role": "签约"},
    {"name": "抵押登记", "role": "抵押"},
    {"name": "放款", "role": "放款"},
]


def seed(apps, schema_editor):
    Business = apps.get_model("applications", "Business")
    Group = apps.get_model("auth", "Group")
    Business.objects.update_or_create(
        code="loan", defaults=dict(ywlx="贷款申请", nodes=NODES, time_limit_days=15)
    )
    for name in ("受理", "初审", "复审", "签约", "抵押", "放款", "管理"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_hall_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
