from django.db import migrations

# 个人住房公积金贷款利率 (domain.md §5.1): the engine's one list (a pure module, safe to import
# here); staff extend the table in the admin.
from gjj.loans.plan import DEFAULT_RATES


def seed(apps, schema_editor):
    LoanRate = apps.get_model("loans", "LoanRate")
    for row in DEFAULT_RATES:
        LoanRate.objects.get_or_create(
            effective=row.effective,
            defaults={
                "first_le5": row.first_le5,
                "first_gt5": row.first_gt5,
                "second_le5": row.second_le5,
                "second_gt5": row.second_gt5,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("loans", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
