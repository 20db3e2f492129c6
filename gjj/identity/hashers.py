"""Argon2id parameters for depositor passwords (see docs/benchmarks.md for the measurement)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HallArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at the ASVS minimum or above: m = 19 MiB, t = 2, p = 1."""

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
