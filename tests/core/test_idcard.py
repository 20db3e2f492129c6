import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gjj.core.idcard import birth_date, check_char, id_number_error, is_valid_id_number

VALID = "11010519491231002X"  # the standard's published example


def test_published_example_is_valid():
    assert check_char("11010519491231002") == "X"
    assert is_valid_id_number(VALID)
    assert is_valid_id_number(VALID.lower())


def test_birth_date_is_characters_7_to_14():
    assert birth_date(VALID).isoformat() == "1949-12-31"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "身份证号码校验位不正确"),
        ("110105194913310023", "身份证号码中的出生日期不正确"),
        ("110105194902300025", "身份证号码中的出生日期不正确"),
        ("11010519491231002", "身份证号码应为18位"),
        ("11010519491231002XX", "身份证号码应为18位"),
        ("1101051949123100AX", "身份证号码前17位应为数字，最后一位为数字或X"),
        ("", "身份证号码应为18位"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(number, reason):
    assert id_number_error(number) == reason
    assert not is_valid_id_number(number)


def test_future_birth_date_is_refused():
    first17 = "37040221000101001"
    assert id_number_error(first17 + check_char(first17)) == "身份证号码中的出生日期不正确"


def test_full_width_digits_typed_with_a_chinese_input_method_are_the_same_number():
    full_width = VALID[:17].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + "ｘ"
    assert full_width != VALID
    assert id_number_error(full_width) is None
    assert birth_date(full_width).isoformat() == "1949-12-31"


def test_digits_of_other_scripts_are_refused():
    arabic_indic = "".join(chr(0x660 + int(c)) for c in VALID[:17]) + "X"
    assert id_number_error(arabic_indic) == "身份证号码前17位应为数字，最后一位为数字或X"


_first17 = st.tuples(
    st.sampled_from(["370402", "370403", "370404", "370405", "370406", "370481", "110105"]),
    st.dates(dt.date(1930, 1, 1), dt.date(2010, 12, 31)),
    st.integers(0, 999),
).map(lambda t: f"{t[0]}{t[1]:%Y%m%d}{t[2]:03d}")


@settings(max_examples=500, deadline=None)
@given(_first17, st.integers(0, 17), st.integers(1, 10))
def test_any_single_changed_character_is_caught(first17, position, shift):
    number = first17 + check_char(first17)
    assert id_number_error(number) is None
    alphabet = "0123456789X" if position == 17 else "0123456789"
    changed = alphabet[(alphabet.index(number[position]) + shift) % len(alphabet)]
    assume(changed != number[position])
    wrong = number[:position] + changed + number[position + 1 :]
    assert id_number_error(wrong) is not None
