"""Depositor logins for the load test (bench/load/run.py): persons who have an account in
normal state, a disbursed loan and a message, all with one throwaway password."""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gjj.identity.models import User
from gjj.people.models import Person


@transaction.atomic
def write_logins(path: str, count: int, password: str) -> int:
    persons = list(
        Person.objects.filter(
            accounts__grzhzt="01", loans__dkffrq__isnull=False, messages__isnull=False
        )
        .distinct()
        .order_by("pk")[:count]
    )
    encoded = make_password(password)  # one hash for all: the population is throwaway
    for person in persons:
        if person.user_id is None:
            user = User.objects.create(username="p" + secrets.token_hex(10), password=encoded)
            person.user = user
            person.save(update_fields=["user"])
        else:
            User.objects.filter(pk=person.user_id).update(password=encoded, is_active=True)
    with open(path, "w", encoding="utf-8") as fh:
        for person in persons:
            fh.write(f"{person.zjhm},{password}\n")
    print(f"{len(persons)} 个压测登录账号 → {path}")
    return len(persons)
