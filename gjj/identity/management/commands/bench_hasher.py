"""Measure Argon2id hash time on this machine for a few parameter sets (docs/benchmarks.md)."""

from __future__ import annotations

import os
import statistics
import time

from argon2 import PasswordHasher, Type
from django.core.management.base import BaseCommand

# (memory KiB, time cost, parallelism): the ASVS/OWASP equivalents and a few stronger ones.
CANDIDATES = [
    (19 * 1024, 2, 1),
    (32 * 1024, 2, 1),
    (46 * 1024, 2, 1),
    (64 * 1024, 2, 1),
    (64 * 1024, 3, 1),
    (100 * 1024, 2, 1),
]


class Command(BaseCommand):
    help = "Time Argon2id hashes for several parameter sets (one core)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=30)

    def handle(self, *args, rounds: int, **options):
        self.stdout.write(f"cpus={os.cpu_count()} rounds={rounds}")
        self.stdout.write("| m (MiB) | t | p | median ms/hash | p90 ms | logins/s per core |")
        self.stdout.write("|---:|---:|---:|---:|---:|---:|")
        for memory, t_cost, par in CANDIDATES:
            ph = PasswordHasher(time_cost=t_cost, memory_cost=memory, parallelism=par, type=Type.ID)
            encoded = ph.hash("warm-up password 1")
            samples = []
            for i in range(rounds):
                start = time.perf_counter()
                ph.verify(encoded, "warm-up password 1") if i % 2 else ph.hash(f"pw-{i}")
                samples.append((time.perf_counter() - start) * 1000)
            med = statistics.median(samples)
            p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
            rate = 1000 / med
            self.stdout.write(
                f"| {memory // 1024} | {t_cost} | {par} | {med:.1f} | {p90:.1f} | {rate:.1f} |"
            )
