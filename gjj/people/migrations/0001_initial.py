"""`Person` moves here from `identity` without touching the database: the table keeps its name
(`identity_person`), its rows, its indexes and the foreign keys that point at it. Only Django's
record of which app owns the model changes (identity/0003 drops it from `identity`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("identity", "0002_sms_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("zjlx", models.CharField(choices=[("01", "居民身份证"), ("02", "军官证"), ("03", "护照"), ("04", "外国人永久居留身份证"), ("99", "其他")], max_length=2, verbose_name="证件类型")),
                        ("zjhm_enc", models.TextField(editable=False, verbose_name="证件号码（密文）")),
                        ("zjhm_digest", models.CharField(editable=False, max_length=64, unique=True, verbose_name="证件号码摘要")),
                        ("xingming", models.CharField(max_length=60, verbose_name="姓名")),
                        ("xingbie", models.CharField(blank=True, choices=[("1", "男"), ("2", "女"), ("9", "未说明")], max_length=1, verbose_name="性别")),
                        ("sjhm_enc", models.TextField(blank=True, editable=False, verbose_name="手机号码（密文）")),
                        ("sjhm_digest", models.CharField(blank=True, db_index=True, editable=False, max_length=64, verbose_name="手机号码摘要")),
                        ("jtzz", models.CharField(blank=True, max_length=200, verbose_name="家庭住址")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                        ("user", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="person", to=settings.AUTH_USER_MODEL, verbose_name="网厅用户")),
                    ],
                    options={
                        "verbose_name": "缴存人",
                        "verbose_name_plural": "缴存人",
                        "db_table": "identity_person",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
