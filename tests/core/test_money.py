from decimal import Decimal

import pytest

from gjj.core.money import format_amount, format_ratio, round_fen


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.745", "2.75"), ("2.744999", "2.74"), ("-2.745", "-2.75"), ("0.005", "0.01"), (3, "3.00")],
)
def test_round_fen_rounds_half_up_to_the_fen(value, expected):
    assert round_fen(value) == Decimal(expected)


def test_round_fen_refuses_floats():
    with pytest.raises(TypeError):
        round_fen(0.1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("15360.98"), "15,360.98"),
        (Decimal("1808"), "1,808.00"),
        (Decimal("0"), "0.00"),
        (Decimal("-14100.00"), "-14,100.00"),
        (Decimal("1234567890.5"), "1,234,567,890.50"),
        (None, ""),
    ],
)
def test_format_amount_uses_thousands_separators_and_two_decimals(value, expected):
    assert format_amount(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("7"), "7%"),
        (Decimal("7.0000"), "7%"),
        (Decimal("7.5000"), "7.5%"),
        (Decimal("12.00"), "12%"),
        (Decimal("3.025"), "3.025%"),
        ("10.0", "10%"),
        (Decimal("0.07") * 100, "7%"),
    ],
)
def test_format_ratio_prints_exact_decimals(value, expected):
    assert format_ratio(value) == expected


def test_format_ratio_never_prints_a_binary_float_artefact():
    # The 2018 hall printed 7.0000000000000001%; a Decimal from the database cannot.
    assert format_ratio(Decimal("7.0000")) == "7%"
    assert "0000000" not in format_ratio(Decimal("7.0000"))


def test_the_filters_are_builtins_of_every_template():
    from django.template import engines

    template = engines["django"].from_string(
        "{{ a|amount }} {{ r|ratio }} {{ p|phone_mask }} {{ i|id_mask }} {{ c|card_mask }}"
    )
    text = template.render(
        {
            "a": Decimal("15360.98"),
            "r": Decimal("7.0000"),
            "p": "18712349858",
            "i": "370402199001011234",
            "c": "6222021234561234",
        }
    )
    assert text == "15,360.98 7% 187****9858 370402********1234 6222****1234"


def test_format_ratio_keeps_the_manuals_ratios_exact():
    # 缴存比例: 单位12%,个人7% (the 2018 hall printed 7.0000000000000001%) and 单位10.0% → 10%.
    assert (format_ratio(Decimal("12.0000")), format_ratio(Decimal("10.0"))) == ("12%", "10%")
    assert format_ratio(Decimal("7.2500")) == "7.25%"
    assert format_ratio(Decimal("0")) == "0%"


def test_format_amount_rounds_half_up_before_printing():
    assert format_amount(Decimal("2.745")) == "2.75"
    assert format_amount("1151") == "1,151.00"
