"""A model folder's ``config.json``, read into one :class:`ModelConfig`.

The three layouts linscope computes are recognised by ``model_type`` (or, failing that, the
class names in ``architectures``): ``"gpt2"`` (GPT-2, DistilGPT-2 and the larger sizes),
``"bert"`` (BERT base and large, cased or not) and ``"llama"`` (Llama-shaped models such as
SmolLM2: RMSNorm, rotary positions, grouped-query attention, a SwiGLU MLP). Each names its
sizes differently; this module reads each one's own keys, so the forward passes read only
the one normalised record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.attention.checkpoint.errors import ModelFolderError

__all__ = ["ACTIVATIONS", "ARCHITECTURES", "ModelConfig", "folder_name", "read_config"]

#: The architectures linscope computes, as people call them.
ARCHITECTURES = {"gpt2": "GPT-2", "bert": "BERT", "llama": "Llama"}
#: The activations the MLPs implement (Hugging Face's names).
ACTIVATIONS = ("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu", "relu",
               "silu", "swish")
_CLASS_PREFIXES = {"GPT2": "gpt2", "Bert": "bert", "Llama": "llama"}


@dataclass(frozen=True)
class ModelConfig:
    """The sizes and choices of a model that its forward pass needs.

    Attributes
    ----------
    architecture : {"gpt2", "bert", "llama"}
    layers, heads, kv_heads : int
        Transformer blocks, query heads and key/value heads (``kv_heads < heads`` is
        grouped-query attention; GPT-2 and BERT have ``kv_heads == heads``).
    d_model, d_head : int
        The residual stream's width and one head's.
    vocab_size : int
    max_positions : int or None
        The longest input of learned positions; None for rotary positions (Llama).
    activation : str
        The MLP's activation, Hugging Face's name (``"gelu"`` is erf's, ``"gelu_new"`` the
        tanh approximation).
    eps : float
        The layer norm's (or RMSNorm's) epsilon.
    rope_theta : float or None
        The rotary base (Llama), else None.
    causal : bool
        Whether a token attends only to itself and those before it.
    name : str
        What to call the model (the hub's ``org/name`` where known, else the folder's name).
    d_ff : int
        The MLP's inner width.
    type_vocab_size : int
        BERT's number of token types (0 elsewhere).
    scale_by_layer : bool
        GPT-2's ``scale_attn_by_inverse_layer_idx``: scores of layer i also divided by i + 1.
    """

    architecture: str
    layers: int
    heads: int
    kv_heads: int
    d_model: int
    d_head: int
    vocab_size: int
    max_positions: int | None
    activation: str
    eps: float
    rope_theta: float | None
    causal: bool
    name: str
    d_ff: int = 0
    type_vocab_size: int = 0
    scale_by_layer: bool = False

    @property
    def title(self) -> str:
        """``"gpt2 (GPT-2, 12 layers × 12 heads)"``, for headings and messages."""
        return (f"{self.name} ({ARCHITECTURES[self.architecture]}, {self.layers} layers × "
                f"{self.heads} heads)")


def folder_name(folder: Path) -> str:
    """The model's name from its folder: ``org/name`` for a snapshot in the hub's cache
    (``models--org--name/snapshots/<hash>``), else the folder's own name."""
    folder = Path(folder)
    parent = folder.parent
    if parent.name == "snapshots" and parent.parent.name.startswith("models--"):
        return parent.parent.name[len("models--"):].replace("--", "/")
    return folder.name or str(folder)


def _load_json(folder: Path) -> dict:
    path = folder / "config.json"
    if not folder.is_dir():
        raise ModelFolderError(f"{folder}: no such folder")
    if not path.is_file():
        raise ModelFolderError(f"{folder.name}: config.json is missing (a model folder holds "
                               "config.json, model.safetensors and tokenizer.json)")
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise ModelFolderError(f"{folder.name}: config.json cannot be read "
                               f"({type(err).__name__}: {err})") from None
    if not isinstance(doc, dict):
        raise ModelFolderError(f"{folder.name}: config.json is not a JSON object")
    return doc


def _architecture(doc: dict, folder: Path) -> str:
    model_type = doc.get("model_type")
    if model_type in ARCHITECTURES:
        return model_type
    classes = doc.get("architectures") or []
    classes = [str(c) for c in classes] if isinstance(classes, list) else [str(classes)]
    if model_type is None:
        for cls in classes:
            for prefix, arch in _CLASS_PREFIXES.items():
                if cls.startswith(prefix):
                    return arch
    named = repr(model_type) if model_type is not None else "unnamed"
    if classes:
        named += f" ({', '.join(classes)})"
    raise ModelFolderError(f"{folder.name}: architecture {named} is not supported; linscope "
                           "computes GPT-2, BERT and Llama models")


def _get(doc: dict, key: str, folder: Path, kind: type = int, default: Any = ...) -> Any:
    value = doc.get(key, default)
    if value is ...:
        raise ModelFolderError(f"{folder.name}: config.json has no {key!r}")
    if value is None:
        return None
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        ok = ok and float(value).is_integer() and value > 0
    if kind is float:
        ok = ok and value > 0
    if kind is str:
        ok = isinstance(value, str)
    if kind is bool:
        ok = isinstance(value, bool)
    if not ok:
        raise ModelFolderError(f"{folder.name}: config.json's {key!r} is {value!r}, not a "
                               f"{'positive integer' if kind is int else kind.__name__}")
    return int(value) if kind is int else value


def _activation(value: str, folder: Path) -> str:
    if value not in ACTIVATIONS:
        raise ModelFolderError(f"{folder.name}: activation {value!r} is not implemented; "
                               f"linscope knows {', '.join(ACTIVATIONS)}")
    return value


def _divide(d_model: int, heads: int, folder: Path) -> int:
    if d_model % heads:
        raise ModelFolderError(f"{folder.name}: width {d_model} does not divide into "
                               f"{heads} heads")
    return d_model // heads


def _gpt2(doc: dict, folder: Path, name: str) -> ModelConfig:
    d, h = _get(doc, "n_embd", folder), _get(doc, "n_head", folder)
    inner = _get(doc, "n_inner", folder, default=None) or 4 * d
    positions = _get(doc, "n_positions", folder, default=None) or _get(doc, "n_ctx", folder)
    return ModelConfig(
        "gpt2", _get(doc, "n_layer", folder), h, h, d, _divide(d, h, folder),
        _get(doc, "vocab_size", folder), positions,
        _activation(_get(doc, "activation_function", folder, str, "gelu_new"), folder),
        float(_get(doc, "layer_norm_epsilon", folder, float, 1e-5)), None, True, name,
        d_ff=inner,
        scale_by_layer=bool(_get(doc, "scale_attn_by_inverse_layer_idx", folder, bool, False)))


def _bert(doc: dict, folder: Path, name: str) -> ModelConfig:
    kind = doc.get("position_embedding_type", "absolute")
    if kind not in (None, "absolute"):
        raise ModelFolderError(f"{folder.name}: BERT with {kind!r} position embeddings is not "
                               "supported; linscope computes absolute positions only")
    d, h = _get(doc, "hidden_size", folder), _get(doc, "num_attention_heads", folder)
    return ModelConfig(
        "bert", _get(doc, "num_hidden_layers", folder), h, h, d, _divide(d, h, folder),
        _get(doc, "vocab_size", folder), _get(doc, "max_position_embeddings", folder),
        _activation(_get(doc, "hidden_act", folder, str, "gelu"), folder),
        float(_get(doc, "layer_norm_eps", folder, float, 1e-12)), None, False, name,
        d_ff=_get(doc, "intermediate_size", folder),
        type_vocab_size=_get(doc, "type_vocab_size", folder, default=2))


def _rope_theta(doc: dict, folder: Path) -> float:
    params = doc.get("rope_parameters")
    params = params if isinstance(params, dict) else {}
    scaling = doc.get("rope_scaling") or {}
    kind = params.get("rope_type") or (scaling.get("rope_type") or scaling.get("type")
                                        if isinstance(scaling, dict) else "scaled")
    if kind not in (None, "default"):
        raise ModelFolderError(f"{folder.name}: rotary scaling {kind!r} is not supported; "
                               "linscope computes the default rotary positions only")
    if "rope_theta" in doc:
        return float(_get(doc, "rope_theta", folder, float))
    if "rope_theta" in params:
        return float(_get(params, "rope_theta", folder, float))
    return 10000.0


def _llama(doc: dict, folder: Path, name: str) -> ModelConfig:
    d, h = _get(doc, "hidden_size", folder), _get(doc, "num_attention_heads", folder)
    kv = _get(doc, "num_key_value_heads", folder, default=None) or h
    if h % kv:
        raise ModelFolderError(f"{folder.name}: {h} heads do not share {kv} key/value heads "
                               "evenly")
    d_head = _get(doc, "head_dim", folder, default=None) or _divide(d, h, folder)
    return ModelConfig(
        "llama", _get(doc, "num_hidden_layers", folder), h, kv, d, d_head,
        _get(doc, "vocab_size", folder), None,
        _activation(_get(doc, "hidden_act", folder, str, "silu"), folder),
        float(_get(doc, "rms_norm_eps", folder, float, 1e-6)), _rope_theta(doc, folder), True,
        name, d_ff=_get(doc, "intermediate_size", folder))


def read_config(folder: str | Path) -> ModelConfig:
    """Read ``folder/config.json``.

    Parameters
    ----------
    folder : str or Path
        A model folder in the Hugging Face layout.

    Returns
    -------
    ModelConfig

    Raises
    ------
    ModelFolderError
        No folder or no config.json, a file that is not JSON, an architecture other than
        GPT-2, BERT or Llama (the message names it), a missing or impossible size, or an
        activation or position scheme linscope does not implement.
    """
    folder = Path(folder)
    doc = _load_json(folder)
    arch = _architecture(doc, folder)
    name = folder_name(folder)
    return {"gpt2": _gpt2, "bert": _bert, "llama": _llama}[arch](doc, folder, name)
