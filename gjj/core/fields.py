"""Model fields every app uses for figures (architecture.md: Money)."""

from django.db import models


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """An amount in yuan: 14 digits, 2 decimals."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def rate_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """A rate or ratio in percent: 7 digits, 4 decimals."""
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=4, **kwargs)
