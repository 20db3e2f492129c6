from decimal import Decimal

from django.db import migrations

# 个人住房公积金贷款利率 (domain.md §5.1); staff extend the table in the admin.
RATES = [
    ("2015-08-26", "2.75", "3.25", "3.025", "3.575"),
    ("2022-10-01", "2.60", "3.10", "3.025", "3.575"),
    ("2024-05-18", "2.35", "2.85", "2.775", "3.325"),
    ("2025-05-08", "2.10", "2.60", "2.525", "3.075"),
]


def seed(apps, schema_editor):
    LoanRate = apps.get_model("loans", "LoanRate")
    for effective, a, b, c, d in RATES:
        LoanRate.objects.get_or_create(
            effective=effective,
            defaults={
                "first_le5": Decimal(a),
                "first_gt5": Decimal(b),
                "second_le5": Decimal(c),
                "second_gt5": Decimal(d),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("loans", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
