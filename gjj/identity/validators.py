"""Password rules beyond Django's: a maximum length and no likeness to the person's own data."""

from __future__ import annotations

from difflib import SequenceMatcher

from django.core.exceptions import ValidationError

from gjj.core.idcard import is_valid_id_number


def person_of(user):
    """The Person a (possibly unsaved) user stands for: `_hall_person` or the saved link."""
    person = getattr(user, "_hall_person", None)
    if person is not None:
        return person
    try:
        return getattr(user, "person", None)
    except Exception:  # RelatedObjectDoesNotExist on an unsaved or staff user
        return None


class LengthValidator:
    """8 to 128 characters, with the message in plain Chinese (Django's lacks a translation)."""

    def __init__(self, min_length: int = 8, max_length: int = 128):
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码太短，至少需要{self.min_length}个字符。", code="password_too_short"
            )
        if len(password) > self.max_length:
            raise ValidationError(f"密码最长{self.max_length}个字符。", code="password_too_long")

    def get_help_text(self):
        return f"密码长度为{self.min_length}–{self.max_length}个字符。"


class PersonInfoValidator:
    """Refuses a password that contains or closely resembles the name, ID number or birth date."""

    message = "密码不能包含或近似您的姓名、证件号码或出生日期，请换一个密码。"

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def _fragments(self, person) -> list[str]:
        number = (person.zjhm or "").strip().lower()
        name = (person.xingming or "").strip().lower()
        parts = [number, name]
        if len(number) >= 6:
            parts.append(number[-6:])
        if is_valid_id_number(number):
            parts.append(number[6:14])  # birth date yyyymmdd
        return [p for p in parts if len(p) >= 2]

    def validate(self, password, user=None):
        person = person_of(user)
        if person is None:
            return
        pw = password.lower()
        number = (person.zjhm or "").strip().lower()
        for fragment in self._fragments(person):
            if fragment in pw:
                raise ValidationError(self.message, code="password_too_personal")
        if number and SequenceMatcher(a=pw, b=number).quick_ratio() >= self.max_similarity:
            if SequenceMatcher(a=pw, b=number).ratio() >= self.max_similarity:
                raise ValidationError(self.message, code="password_too_personal")

    def get_help_text(self):
        return "密码不能包含您的姓名、证件号码或出生日期。"
