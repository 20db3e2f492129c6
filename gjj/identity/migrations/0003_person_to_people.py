"""`Person` now belongs to the `people` app (people/0001): drop it from identity's state, keep
the table, and move its content type so staff permissions and admin history stay attached."""

from django.db import migrations


def move_content_type(apps, schema_editor, *, old="identity", new="people"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="person").exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model="person").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="people", new="identity")


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_sms_code"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("core", "0003_person_in_people"),
        ("fund", "0003_person_in_people"),
        ("loans", "0003_person_in_people"),
        ("applications", "0003_person_in_people"),
        ("inbox", "0002_person_in_people"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Person")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
