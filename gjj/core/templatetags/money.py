"""Template filters for figures: amounts, ratios, masks and row numbers. Templates never do
arithmetic."""

from django import template

from gjj.core import masking, pagination
from gjj.core.money import format_amount, format_ratio

register = template.Library()


@register.filter
def amount(value):
    """{{ balance|amount }} -> 15,360.98"""
    return format_amount(value)


@register.filter
def ratio(value):
    """{{ account.grjcbl|ratio }} -> 7% / 7.5%"""
    return format_ratio(value)


@register.filter
def phone_mask(value):
    return masking.mask_phone(value)


@register.filter
def id_mask(value):
    return masking.mask_id_number(value)


@register.filter
def card_mask(value):
    return masking.mask_card(value)


@register.filter
def numbered(items):
    """(序号, item) pairs of a short list shown whole: {% for n, item in list|numbered %}."""
    return pagination.numbered(items)
