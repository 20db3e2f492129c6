"""Look-ups of the depositor record: who a login or a typed 身份证号/手机号 names."""

from __future__ import annotations

from gjj.people.models import Person


def person_for_login(identifier: str) -> Person | None:
    """The person an 【身份证号/手机号】 entry names: by ID number, else by a phone on file.

    A phone shared by several registered persons identifies nobody (log in with the ID number).
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    person = Person.objects.by_id_number(identifier).select_related("user").first()
    if person is None and identifier.isdigit() and len(identifier) == 11:
        matches = list(
            Person.objects.by_phone(identifier)
            .filter(user__isnull=False)
            .select_related("user")[:2]
        )
        person = matches[0] if len(matches) == 1 else None
    return person
