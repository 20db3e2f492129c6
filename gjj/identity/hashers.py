"""Argon2id parameters for depositor passwords (measurement and reasons: docs/benchmarks.md).

m = 32 MiB, t = 2, p = 1: above the ASVS/OWASP minimum (m = 19 MiB, t = 2), about 45 ms a hash
on one core of the project's machine. Hashes made with other parameters are upgraded by Django
at the person's next successful login (`must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HallArgon2PasswordHasher(Argon2PasswordHasher):
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 32 * 1024  # KiB
    parallelism = 1
