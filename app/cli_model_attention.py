"""``linscope model-attention``: a real model's attention, every layer and head, headless.

Opens a local model folder in the Hugging Face layout (GPT-2, BERT or Llama-shaped;
nothing is downloaded), tokenises ``--text`` with the folder's tokenizer.json and runs the
forward pass. It prints a summary, or with ``--json`` one object ``{"architecture",
"layers", "heads", "tokens", "ids"}``; ``-o OUT.npz`` writes ``weights`` (float32,
(L, H, n, n)), ``tokens`` (the tokenizer's raw strings), ``readable`` (the same for people),
``ids`` (int64) and ``hidden`` (the final hidden states, (n, d_model)) — all plain arrays,
read with ``np.load(path, allow_pickle=False)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["add_model_attention_parser", "cmd_model_attention", "npz_arrays"]


def add_model_attention_parser(sub) -> None:
    """Add the ``model-attention`` sub-command to the sub-parsers ``sub``."""
    m = sub.add_parser("model-attention", help="every head's attention of a local GPT-2, "
                       "BERT or Llama model folder (safetensors + tokenizer.json) on a text")
    m.add_argument("folder", metavar="MODEL_DIR", help="a folder holding config.json, "
                   "model.safetensors (or its index) and tokenizer.json")
    m.add_argument("--text", required=True, help="the text to tokenise and run")
    m.add_argument("--json", action="store_true", help="print one JSON object")
    m.add_argument("-o", "--output", metavar="OUT.npz", help="write the weights, tokens, ids "
                   "and final hidden states to an .npz")


def npz_arrays(tokens, result) -> dict[str, np.ndarray]:
    """The arrays ``-o`` writes: fixed-width strings, never objects, so no pickle is needed."""
    return {"weights": np.ascontiguousarray(result.weights, dtype=np.float32),
            "tokens": np.array(tokens.tokens, dtype=str),
            "readable": np.array(tokens.readable, dtype=str),
            "ids": np.asarray(tokens.ids, dtype=np.int64),
            "hidden": np.ascontiguousarray(result.hidden, dtype=np.float32)}


def _summary(model, tokens) -> str:
    c = model.config
    shown = " ".join(tokens.readable[:40]) + (" …" if len(tokens) > 40 else "")
    return (f"{c.title}, width {c.d_model}, {model.backend.device}\n"
            f"{len(tokens)} tokens: {shown}")


def cmd_model_attention(args, fail) -> int:
    """Run ``linscope model-attention``; ``fail(message)`` ends with status 2 and one line."""
    from models.attention.checkpoint import MissingExtra, ModelFolderError, open_model
    from models.core.backend import select_backend

    out = None if args.output is None else Path(args.output)
    if out is not None:  # refused before the work, not after it
        if out.suffix.lower() != ".npz":
            fail(f"model-attention: -o writes an .npz, not {out.suffix or 'a bare name'!r}")
        if not out.absolute().parent.is_dir():
            fail(f"model-attention: folder {str(out.parent)!r} does not exist")
    try:
        model = open_model(args.folder, backend=select_backend())
        tokens = model.tokenize(args.text)
        if len(tokens) == 0:
            fail("model-attention: the text gives no tokens")
        result = model.run(tokens.ids, keep=("weights",))
    except (ModelFolderError, MissingExtra, ValueError) as err:
        fail(f"model-attention: {err}")
    if out is not None:
        np.savez(out, **npz_arrays(tokens, result))
    if args.json:
        print(json.dumps({"architecture": model.config.architecture,
                          "layers": model.config.layers, "heads": model.config.heads,
                          "tokens": tokens.tokens, "ids": tokens.ids.tolist()},
                         ensure_ascii=False))
    else:
        print(_summary(model, tokens))
        if out is not None:
            print(f"wrote {out}")
    return 0
