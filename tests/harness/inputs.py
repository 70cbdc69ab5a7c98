"""What the harnesses type: good entries, bad ones, and the odd text people really paste.

Each pool mixes values a lecturer types (``3/4``, ``cos(pi/6)``) with ones that must be
refused with a message (``1/0``, ``nan``, ``1e308*10``, Arabic-Indic and full-width
digits, an empty cell) and magnitudes that stress the drawing (``1e5``, ``1e-300``).
"""

from __future__ import annotations

import random

__all__ = ["ENTRY_BAD", "ENTRY_GOOD", "LOGITS", "P_TEXTS", "SENTENCES", "SIZES",
           "entry_text", "line_text", "window_size"]

ENTRY_GOOD = (
    "0", "1", "-1", "2", "0.5", "3/4", "-3/4", "1/3", "-sqrt(2)/2", "sqrt(3)/2", "cos(pi/6)",
    "sin(pi/6)", "-1/2", "2e-3", "pi", "e", "tau/8", "2^3", "√2", "cbrt(27)", "exp(1)",
    "log(2)", "abs(-2)", "deg(45)", "1e5", "-1e5", "5e4", "1e-8", "1e6", "1e-6", "1000",
    "1e-4", "1e-300", "1e12", "(1+2)*(3-4)", "  7  ", "-0",
)

ENTRY_BAD = (
    "1/0", "nan", "inf", "-inf", "1e308*10", "1e999", "abc", "", " ", "٣", "１/４", "1٣",
    "𝟏", "²", "sin(1e999)", "tan(1e999)", "cos(1e308*10)", "1/1e999", "(1e999-1e999)^0",
    "atan(1e999)", "2e", "1e", "√" * 60 + "2", "2^" * 60 + "2", "(" * 80 + "1" + ")" * 80,
    "1" * 400, "__import__('os')", "3/4/", "1,5", "sqrt(-1)", "log(0)", "2**3", "x",
    "1 2", "0x10", "1_000", "\t", "½", "e^1000", "10^400", "1e308", "-1e308", "3e38",
)

SENTENCES = (
    "the cat sat on the warm mat", "a xxxxxxxxxxx b c d e f", "we read the map", "hello",
    "", "   ", "x" * 200, " ".join(["tok"] * 64), " ".join(["tok"] * 65),
    "日本語 の 文 です", "naïve café résumé", "🙂 🙃 🙂", "a\tb  c", "A B C D E F G H",
    "the the the the", "attention is all you need",
)

LOGITS = (
    "2.0, 1.0, 0.1", "1, 2, 3, 4", "0", "1e308, 1", "-1e308, 1e308", "nan", "", "a, b",
    "1/0", ", ".join(["1"] * 100), "sqrt(2), pi, -e", "1,, 2", "٣, 1", "1e-300, 0",
    "100, -100", ", ".join(str(k) for k in range(65)),
)

P_TEXTS = ("1", "2", "0.5", "inf", "∞", "0", "-1", "nan", "abc", "1e308", "10", "0.1",
           "3/2", "", "1e-9", "100")

SIZES = ((600, 400), (1400, 900), (1818, 864), (1920, 1080), (2560, 1440), (1600, 900),
         (801, 601), (1023, 767), (1366, 768), (2559, 1439))


def entry_text(rng: random.Random) -> str:
    """A typed matrix entry: good most of the time, else bad or random."""
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(ENTRY_GOOD)
    if roll < 0.85:
        return rng.choice(ENTRY_BAD)
    # A number a person might type while exploring, at a random scale.
    value = rng.uniform(-10, 10) * 10 ** rng.randint(-6, 6)
    return rng.choice((f"{value:.3g}", f"{value:.6g}", f"{round(value)}"))


def line_text(rng: random.Random, pool) -> str:
    """A text from ``pool``, or now and then an entry (people type numbers anywhere)."""
    return rng.choice(pool) if rng.random() < 0.85 else entry_text(rng)


def window_size(rng: random.Random) -> tuple[int, int]:
    """A window size between 600×400 and 2560×1440, odd sizes included."""
    if rng.random() < 0.4:
        return rng.choice(SIZES)
    return rng.randint(600, 2560), rng.randint(400, 1440)
