"""Real models' attention, without PyTorch: GPT-2, BERT and Llama-shaped checkpoints.

Open a local folder in the Hugging Face layout (``config.json``, ``model.safetensors`` or
its sharded index, ``tokenizer.json``) with :func:`open_model`, tokenise text with the
folder's own tokenizer and run the forward pass in NumPy (CuPy on a GPU), keeping each
layer's and head's attention weights — and, when asked, its scores, queries and keys.
:func:`find_model_folders` lists the models already in the hub's cache. Nothing is
downloaded, ever.

Reading tokenizer.json needs the ``tokenizers`` package (the ``models`` extra); the forward
pass from token ids needs only NumPy.
"""

from models.attention.checkpoint.config import ModelConfig, read_config
from models.attention.checkpoint.errors import EXTRA_HINT, MissingExtra, ModelFolderError
from models.attention.checkpoint.finder import default_cache_root, find_model_folders
from models.attention.checkpoint.model import CheckpointModel, ForwardResult, open_model
from models.attention.checkpoint.recorder import KEEPABLE, Hook
from models.attention.checkpoint.tokens import Tokens, readable_token
from models.attention.checkpoint.weights import available_memory_bytes

__all__ = [
    "EXTRA_HINT",
    "KEEPABLE",
    "CheckpointModel",
    "ForwardResult",
    "Hook",
    "MissingExtra",
    "ModelConfig",
    "ModelFolderError",
    "Tokens",
    "available_memory_bytes",
    "default_cache_root",
    "find_model_folders",
    "open_model",
    "read_config",
    "readable_token",
]
