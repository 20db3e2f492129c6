"""Synthesizes static/sounds/notify.wav, the short two-tone chime for a new message.

Run `python -m gjj.hall.notify_sound` to write it again; no downloaded asset is used.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = ((880.0, 0.16), (1318.5, 0.24))  # A5 then E6
VOLUME = 0.35


def samples() -> list[int]:
    out: list[int] = []
    for freq, seconds in TONES:
        count = int(RATE * seconds)
        for i in range(count):
            t = i / RATE
            # A quick attack and an exponential decay keep it soft, with no click at the ends.
            envelope = min(1.0, i / (0.01 * RATE)) * math.exp(-4.0 * t / seconds)
            value = VOLUME * envelope * math.sin(2 * math.pi * freq * t)
            out.append(int(value * 32767))
    return out


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        data = samples()
        wav.writeframes(struct.pack(f"<{len(data)}h", *data))


if __name__ == "__main__":
    write(Path(__file__).resolve().parent.parent.parent / "static" / "sounds" / "notify.wav")
