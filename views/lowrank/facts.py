"""The Low-rank lab's numbers as the figure writes them: the energy kept, both errors from
the spectrum and computed directly (side by side, so a person sees Eckart–Young hold), and
what storing Aₖ as k triplets costs."""

from __future__ import annotations

from views.common.numbers import num
from views.common.style import text_pt

__all__ = ["facts_html", "sub"]


def sub(i: int) -> str:
    """``i`` in subscript digits."""
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def facts_html(model, size: float | None = 10) -> str:
    """Rich text of :attr:`LowRankModel.facts` (and the LoRA counts for a LoRA update), at
    ``size`` points in a figure (None: the widget's own font)."""
    f = model.facts
    m, n = f.shape
    k = f.k
    direct2 = "—" if f.spectral_direct is None else num(f.spectral_direct, 5)
    directf = "—" if f.frobenius_direct is None else num(f.frobenius_direct, 5)
    tail = "0 (k = min(m, n))" if k >= min(m, n) else f"σ{sub(k + 1)} = {num(f.spectral, 5)}"
    ranks = " / ".join("—" if r is None else str(r) for r in f.ranks_for.values())
    lines = [
        f"<b>{model.source.name}</b>",
        f"{f.method} on {f.device.split(' (')[0]}",
        f"k = {k} keeps {num(100 * f.energy, 4)} % of ‖A‖²<sub>F</sub>",
        f"‖A − A<sub>k</sub>‖<sub>2</sub> = {direct2} (direct) = {tail}",
        f"‖A − A<sub>k</sub>‖<sub>F</sub> = {directf} (direct) = √Σ<sub>i&gt;k</sub> σᵢ² = "
        f"{num(f.frobenius, 5)}",
        f"store (m + n + 1)·k = {_count(f.params_k)} numbers, not m·n = "
        f"{_count(f.params_full)}: " + (f"{num(f.ratio, 3)}× smaller" if f.ratio >= 1 else
                                        "more than A itself"),
        f"90 / 95 / 99 % of the energy at k = {ranks}",
    ]
    if f.spectral_direct is None:
        lines.append("(the direct check is skipped for a matrix drawn at a stride)")
    if model.lora is not None:
        lo = model.lora
        lines.append(f"LoRA: d·k = {_count(lo.full)} against (d + k)·r = {_count(lo.lora)}: "
                     f"{num(lo.ratio, 3)}× fewer parameters")
        lines.append(f"rank {lo.r} keeps {num(100 * lo.delta_energy, 4)} % of ΔW but only "
                     f"{num(100 * lo.w_energy, 3)} % of W: W's spectrum decays slowly")
    body = "<br>".join(lines)
    return body if size is None else f"<span style='font-size:{text_pt(size)}'>{body}</span>"
