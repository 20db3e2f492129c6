import pytest
from argon2 import extract_parameters
from django.contrib.auth.hashers import make_password

pytestmark = pytest.mark.django_db


def test_passwords_are_argon2id_at_or_above_the_asvs_minimum():
    encoded = make_password("Shizhong-Bridge-9")
    assert encoded.startswith("argon2$argon2id$")
    params = extract_parameters(encoded[len("argon2") :])
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2
    assert (params.memory_cost, params.time_cost, params.parallelism) == (32 * 1024, 2, 1)
