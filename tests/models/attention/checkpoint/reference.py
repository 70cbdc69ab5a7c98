"""A plain NumPy reference of the three tiny models, written out the long way.

float64 throughout, one head at a time, every formula spelled out (math.erf for the exact
GELU, the tanh form for gelu_new, each rotary pair rotated by its own angle), so that it
shares nothing with the code under test but NumPy.
"""

from __future__ import annotations

import math

import numpy as np

_erf = np.vectorize(math.erf)


def act(x, name):
    if name == "gelu":
        return 0.5 * x * (1 + _erf(x / math.sqrt(2)))
    if name == "gelu_new":
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if name == "silu":
        return x / (1 + np.exp(-x))
    raise AssertionError(name)


def layer_norm(x, w, b, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + eps) * w


def head_attention(q, k, v, allowed):
    """One head: weights (n, n) and output (n, d_head)."""
    s = q @ k.T / math.sqrt(q.shape[1])
    s = np.where(allowed, s, -np.inf)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return p, p @ v


def causal(n):
    return np.array([[j <= i for j in range(n)] for i in range(n)])


def gpt2(config, w, ids):
    """(hidden after ln_f, weights (L, H, n, n))."""
    n, d, H = len(ids), config["n_embd"], config["n_head"]
    dh, eps = d // H, config["layer_norm_epsilon"]
    x = w["wte.weight"][ids] + w["wpe.weight"][np.arange(n)]
    all_weights = []
    for i in range(config["n_layer"]):
        h = f"h.{i}."
        a = layer_norm(x, w[h + "ln_1.weight"], w[h + "ln_1.bias"], eps)
        qkv = a @ w[h + "attn.c_attn.weight"] + w[h + "attn.c_attn.bias"]
        outs, layer = [], []
        for head in range(H):
            cols = slice(head * dh, (head + 1) * dh)
            q, k, v = qkv[:, :d][:, cols], qkv[:, d:2 * d][:, cols], qkv[:, 2 * d:][:, cols]
            p, o = head_attention(q, k, v, causal(n))
            layer.append(p)
            outs.append(o)
        all_weights.append(layer)
        x = x + np.concatenate(outs, axis=1) @ w[h + "attn.c_proj.weight"] \
            + w[h + "attn.c_proj.bias"]
        m = layer_norm(x, w[h + "ln_2.weight"], w[h + "ln_2.bias"], eps)
        m = act(m @ w[h + "mlp.c_fc.weight"] + w[h + "mlp.c_fc.bias"],
                config["activation_function"])
        x = x + m @ w[h + "mlp.c_proj.weight"] + w[h + "mlp.c_proj.bias"]
    return layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps), np.array(all_weights)


def bert(config, w, ids, mask=None):
    """(last layer's output, weights (L, H, n, n)); mask 0 marks padding keys."""
    n, d, H = len(ids), config["hidden_size"], config["num_attention_heads"]
    dh, eps = d // H, config["layer_norm_eps"]
    keys = np.ones(n, bool) if mask is None else np.asarray(mask, bool)
    allowed = np.array([[keys[j] for j in range(n)] for _ in range(n)])
    e = "embeddings."
    x = (w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][:n]
         + w[e + "token_type_embeddings.weight"][np.zeros(n, int)])
    x = layer_norm(x, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)

    def lin(name, inp):
        return inp @ w[name + ".weight"].T + w[name + ".bias"]

    all_weights = []
    for i in range(config["num_hidden_layers"]):
        h = f"encoder.layer.{i}."
        q_all = lin(h + "attention.self.query", x)
        k_all = lin(h + "attention.self.key", x)
        v_all = lin(h + "attention.self.value", x)
        outs, layer = [], []
        for head in range(H):
            cols = slice(head * dh, (head + 1) * dh)
            p, o = head_attention(q_all[:, cols], k_all[:, cols], v_all[:, cols], allowed)
            layer.append(p)
            outs.append(o)
        all_weights.append(layer)
        a = lin(h + "attention.output.dense", np.concatenate(outs, axis=1))
        x = layer_norm(a + x, w[h + "attention.output.LayerNorm.weight"],
                       w[h + "attention.output.LayerNorm.bias"], eps)
        m = act(lin(h + "intermediate.dense", x), config["hidden_act"])
        x = layer_norm(lin(h + "output.dense", m) + x, w[h + "output.LayerNorm.weight"],
                       w[h + "output.LayerNorm.bias"], eps)
    return x, np.array(all_weights)


def rotate(x, theta):
    """Rotate each row t of x (n, d_head): pair (j, j + d/2) by angle t · θ^(−2j/d)."""
    n, dh = x.shape
    half = dh // 2
    out = np.empty_like(x)
    for t in range(n):
        for j in range(half):
            angle = t * theta ** (-2 * j / dh)
            c, s = math.cos(angle), math.sin(angle)
            out[t, j] = x[t, j] * c - x[t, j + half] * s
            out[t, j + half] = x[t, j + half] * c + x[t, j] * s
    return out


def llama(config, w, ids, theta):
    """(hidden after the final RMSNorm, weights (L, H, n, n), keys per layer (H, n, dh))."""
    n, d = len(ids), config["hidden_size"]
    H, KV = config["num_attention_heads"], config["num_key_value_heads"]
    dh, eps = d // H, config["rms_norm_eps"]
    x = w["embed_tokens.weight"][ids]
    all_weights, all_keys = [], []
    for i in range(config["num_hidden_layers"]):
        h = f"layers.{i}."
        a = rms_norm(x, w[h + "input_layernorm.weight"], eps)
        q_all = a @ w[h + "self_attn.q_proj.weight"].T
        k_all = a @ w[h + "self_attn.k_proj.weight"].T
        v_all = a @ w[h + "self_attn.v_proj.weight"].T
        outs, layer, keys = [], [], []
        for head in range(H):
            kv = head // (H // KV)  # the key/value head this query head shares
            q = rotate(q_all[:, head * dh:(head + 1) * dh], theta)
            k = rotate(k_all[:, kv * dh:(kv + 1) * dh], theta)
            p, o = head_attention(q, k, v_all[:, kv * dh:(kv + 1) * dh], causal(n))
            layer.append(p)
            outs.append(o)
            keys.append(k)
        all_weights.append(layer)
        all_keys.append(np.array(keys))
        x = x + np.concatenate(outs, axis=1) @ w[h + "self_attn.o_proj.weight"].T
        m = rms_norm(x, w[h + "post_attention_layernorm.weight"], eps)
        gate = act(m @ w[h + "mlp.gate_proj.weight"].T, "silu")
        x = x + (gate * (m @ w[h + "mlp.up_proj.weight"].T)) @ w[h + "mlp.down_proj.weight"].T
    return rms_norm(x, w["norm.weight"], eps), np.array(all_weights), all_keys
