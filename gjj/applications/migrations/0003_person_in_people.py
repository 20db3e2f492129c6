"""The foreign key now names `people.Person` (the same table, identity_person): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="person",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="applications", to="people.person", verbose_name="发起人"),
                ),
            ],
            database_operations=[],
        ),
    ]
