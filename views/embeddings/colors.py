"""What each mark of the Embeddings lab's figure means, by theme colour name."""

from __future__ import annotations

__all__ = ["COLORS"]

#: What each mark means, by theme colour name.
COLORS = {"point": "faint", "selected": "i_hat", "neighbour": "eigen", "far": "warn",
          "query": "svd", "axis": "j_hat", "cumulative": "i_hat", "bar": "j_hat",
          "mark": "muted", "text": "text"}
