"""WCAG 2 contrast of the colour pairs hall.css uses for text (≥ 4.5:1) and focus rings (≥ 3:1)."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "hall.css"


def custom_properties() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(encoding="utf-8"), re.S).group(1)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\b", root))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


TEXT_PAIRS = [
    ("--text", "--bg"),
    ("--text", "--card"),
    ("--text", "--brand-light"),
    ("--muted", "--card"),
    ("--muted", "--bg"),
    ("--muted", "--brand-light"),
    ("--link", "--card"),
    ("--link", "--brand-light"),
    ("--brand-dark", "--brand-light"),
    ("--on-brand", "--brand"),
    ("--on-brand", "--brand-dark"),
    ("--on-brand", "--danger"),
    ("--danger", "--card"),
    ("--danger", "--danger-bg"),
    ("--success", "--success-bg"),
    ("--success", "--card"),
    ("--current", "--brand-light"),
    ("--todo", "--card"),
    ("--loan-done", "--loan-done-bg"),
    ("--loan-done", "--card"),
    ("--text", "--loan-done-bg"),
    ("--text", "--success-bg"),
]
FOCUS_PAIRS = [("--focus", "--card"), ("--focus", "--bg"), ("--focus-on-brand", "--brand")]


def test_the_palette_defines_every_colour_the_pairs_use():
    props = custom_properties()
    for a, b in TEXT_PAIRS + FOCUS_PAIRS:
        assert a in props and b in props


@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_text_colours_reach_four_and_a_half_to_one(fg, bg):
    props = custom_properties()
    assert ratio(props[fg], props[bg]) >= 4.5, (fg, bg, round(ratio(props[fg], props[bg]), 2))


@pytest.mark.parametrize(("fg", "bg"), FOCUS_PAIRS)
def test_focus_rings_stand_out_at_three_to_one(fg, bg):
    props = custom_properties()
    assert ratio(props[fg], props[bg]) >= 3


def test_the_ratio_formula_matches_known_values():
    assert round(ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(ratio("#767676", "#ffffff"), 2) == 4.54
