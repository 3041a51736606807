"""WCAG contrast between two CSS colours, as the browser computes them (rgb/rgba)."""

from __future__ import annotations

import re


def rgb(color: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", color)[:3]]
    red, green, blue = numbers
    return red, green, blue


def _luminance(color: str) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
