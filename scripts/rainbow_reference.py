#!/usr/bin/env python3
"""Reference numbers for the Rainbow components in dev.qsweep.agent.rainbow, computed with numpy.

Run by RainbowReferenceTest from the test venv ($QSWEEP_VENV/bin/python scripts/rainbow_reference.py); prints one JSON
object with the inputs of each case and what the Java code must produce from them. Where it can, each reference is
an independent formulation of the same math, not a transcription of the Java loop:

- sum tree: the sampled slot is found by np.searchsorted on the cumulative sums (no tree); strata from np.linspace;
  importance weights in the textbook form (N * P(i))^-beta / max over the batch.
- n-step returns: for every step t, a direct look-ahead of up to n rewards within its episode.
- C51 projection: Dopamine's form m_i = sum_j clip(1 - |Tz_j - z_i| / dz, 0, 1) * p_j (the Java uses l/u indices).
- dueling: numpy broadcasting; its backward from the Jacobian of Q with respect to V and A.
- noisy layer: the weight matrix mu + sigma * outer(f(eps_in), f(eps_out)) and matrix products; the normals from
  numpy's own RandomState(PCG64(seed)).standard_normal.
- RMSprop: torch's documented update in float32, one numpy operation at a time.

Floats are written with repr(), which round-trips exactly.
"""
import json
import sys

import numpy as np


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def f32(a):
    return np.asarray(a, dtype=np.float32)


# ---------------------------------------------------------------- prioritized replay
def sum_tree_case(seed, capacity, filled, batch, alpha, eps, beta, zero_slots):
    rng = np.random.default_rng(seed)
    td = rng.normal(0.0, 2.0, size=filled)
    priorities = np.zeros(capacity)
    priorities[:filled] = (np.abs(td) + eps) ** alpha
    priorities[list(zero_slots)] = 0.0
    total = float(priorities.sum())
    cumulative = np.cumsum(priorities)
    sample_seed = seed + 1000
    draw_rng = np.random.default_rng(sample_seed)
    bounds = np.linspace(0.0, 1.0, batch + 1)
    slots = []
    for k in range(batch):
        u = draw_rng.uniform(bounds[k], bounds[k + 1]) * cumulative[-1]
        slots.append(int(np.searchsorted(cumulative, u, side="right")))
    sampled = priorities[slots]
    probabilities = sampled / total
    raw = (filled * probabilities) ** (-beta)
    return {
        "capacity": capacity, "filled": filled, "td_errors": floats(td), "alpha": alpha, "eps": eps,
        "zero_slots": list(zero_slots), "priorities": floats(priorities), "total": total,
        "sample_seed": sample_seed, "batch": batch, "slots": slots, "beta": beta,
        "weights": floats(raw / raw.max()),
    }


# ---------------------------------------------------------------- n-step returns
def n_step_case(n, gamma):
    # A stream of steps: (reward, terminated, truncated); rewards are float32 values, as replay stores them. Episodes: 5 steps terminated, 2 steps truncated,
    # 1 step terminated, 4 steps truncated, then 3 steps still running at the end of the stream.
    ends = [(5, "terminated"), (2, "truncated"), (1, "terminated"), (4, "truncated"), (3, None)]
    rng = np.random.default_rng(7)
    steps = []
    t = 0
    for length, end in ends:
        for k in range(length):
            last = k == length - 1
            steps.append({"obs": t, "action": int(rng.integers(0, 4)), "reward": float(np.float32(rng.normal())),
                          "next_obs": t + 1, "terminated": last and end == "terminated",
                          "truncated": last and end == "truncated"})
            t += 1
        t += 1  # the next episode starts from a fresh observation id
    transitions = []
    for i, step in enumerate(steps):
        ret, m, terminated, ended = 0.0, 0, False, False
        for k in range(n):
            j = i + k
            if j >= len(steps):
                break
            ret += gamma ** k * steps[j]["reward"]
            m = k + 1
            if steps[j]["terminated"] or steps[j]["truncated"]:
                terminated, ended = steps[j]["terminated"], True
                break
        if m < n and not ended:
            continue  # not complete yet when the stream stops
        transitions.append({"obs": step["obs"], "action": step["action"], "reward": ret,
                            "discount": 0.0 if terminated else gamma ** m, "next_obs": steps[i + m - 1]["next_obs"],
                            "steps": m, "terminated": terminated, "episode_ended": ended})
    return {"n": n, "gamma": gamma, "steps": steps, "transitions": transitions}


# ---------------------------------------------------------------- C51
def softmax(x):
    e = np.exp(x - x.max())
    return e / e.sum()


def c51_case(seed, atoms, v_min, v_max, reward, discount):
    rng = np.random.default_rng(seed)
    next_logits = f32(rng.normal(size=atoms))
    p = f32(softmax(next_logits.astype(np.float64)))
    z = np.linspace(v_min, v_max, atoms)
    dz = (v_max - v_min) / (atoms - 1)
    tz = np.clip(reward + discount * z, v_min, v_max)
    m = (np.clip(1.0 - np.abs(tz[None, :] - z[:, None]) / dz, 0.0, 1.0) * p.astype(np.float64)[None, :]).sum(axis=1)
    logits = f32(rng.normal(size=atoms))
    target = m.astype(np.float32).astype(np.float64)  # the Java loss takes the projection as rounded to float
    l = logits.astype(np.float64)
    log_softmax = l - (l.max() + np.log(np.exp(l - l.max()).sum()))
    loss = -(target * log_softmax).sum()
    gradient = np.exp(log_softmax) * target.sum() - target
    return {"atoms": atoms, "v_min": v_min, "v_max": v_max, "reward": reward, "discount": discount,
            "next_probabilities": floats(p), "projection": floats(m), "logits": floats(logits), "loss": float(loss),
            "gradient": floats(gradient)}


# ---------------------------------------------------------------- dueling
def dueling_case(seed, batch, actions, atoms):
    rng = np.random.default_rng(seed)
    v = f32(rng.normal(size=(batch, atoms)))
    a = f32(rng.normal(size=(batch, actions, atoms)))
    g = f32(rng.normal(size=(batch, actions, atoms)))
    v64, a64, g64 = v.astype(np.float64), a.astype(np.float64), g.astype(np.float64)
    q = v64[:, None, :] + a64 - a64.mean(axis=1, keepdims=True)
    # dQ[a]/dV = 1, dQ[a]/dA[a'] = [a == a'] - 1/actions
    jacobian = np.eye(actions) - 1.0 / actions
    grad_v = g64.sum(axis=1)
    grad_a = np.einsum("bkz,ka->baz", g64, jacobian)
    return {"batch": batch, "actions": actions, "atoms": atoms, "value": floats(v), "advantage": floats(a),
            "q": floats(q), "q_gradient": floats(g), "value_gradient": floats(grad_v),
            "advantage_gradient": floats(grad_a)}


# ---------------------------------------------------------------- noisy linear
def scale(x):
    return np.sign(x) * np.sqrt(np.abs(x))


def noisy_case(seed, inputs, outputs, batch, sigma0):
    normals = np.random.RandomState(np.random.PCG64(seed)).standard_normal(2 * (inputs + outputs) + 1)
    init_seed = seed + 1
    init = np.random.default_rng(init_seed)
    bound = 1.0 / np.sqrt(inputs)
    mu_w = f32([init.uniform(-bound, bound) for _ in range(inputs * outputs)]).reshape(inputs, outputs)
    mu_b = f32([init.uniform(-bound, bound) for _ in range(outputs)])
    sigma = np.float32(sigma0 / np.sqrt(inputs))
    # Training would change sigma; perturb it so the forward checks each sigma is used where it belongs.
    rng = np.random.default_rng(seed + 2)
    sigma_w = f32(sigma + 0.01 * rng.normal(size=(inputs, outputs)))
    sigma_b = f32(sigma + 0.01 * rng.normal(size=outputs))
    x = f32(rng.normal(size=(batch, inputs)))
    dy = f32(rng.normal(size=(batch, outputs)))
    noise_in = f32(scale(normals[:inputs]))
    noise_out = f32(scale(normals[inputs:inputs + outputs]))
    eps_w = np.outer(noise_in.astype(np.float64), noise_out.astype(np.float64))
    w = mu_w.astype(np.float64) + sigma_w.astype(np.float64) * eps_w
    bias = mu_b.astype(np.float64) + sigma_b.astype(np.float64) * noise_out.astype(np.float64)
    x64, dy64 = x.astype(np.float64), dy.astype(np.float64)
    y = x64 @ w + bias
    grad_mu_w = x64.T @ dy64
    return {"seed": seed, "inputs": inputs, "outputs": outputs, "batch": batch, "sigma0": sigma0,
            "normals": floats(normals), "init_seed": init_seed, "weight_mean": floats(mu_w), "bias_mean": floats(mu_b),
            "initial_sigma": float(sigma), "weight_sigma": floats(sigma_w), "bias_sigma": floats(sigma_b),
            "x": floats(x), "y_gradient": floats(dy), "noise_in": floats(noise_in), "noise_out": floats(noise_out),
            "y": floats(y), "weight_mean_gradient": floats(grad_mu_w), "weight_sigma_gradient": floats(grad_mu_w * eps_w),
            "bias_mean_gradient": floats(dy64.sum(axis=0)),
            "bias_sigma_gradient": floats(dy64.sum(axis=0) * noise_out.astype(np.float64)),
            "x_gradient": floats(dy64 @ w.T)}


# ---------------------------------------------------------------- RMSprop
def rmsprop_case(seed, size, steps, lr, alpha, eps, momentum, centered, gradient_scale):
    rng = np.random.default_rng(seed)
    params = f32(rng.normal(size=size))
    grads = f32(rng.normal(size=(steps, size)) * np.exp(rng.normal(size=(steps, 1))))
    start = params.copy()
    a, e, mu, lr32, s32 = np.float32(alpha), np.float32(eps), np.float32(momentum), np.float32(lr), np.float32(gradient_scale)
    one_minus_a = np.float32(1) - a
    v = np.zeros(size, np.float32)
    g_avg = np.zeros(size, np.float32)
    buf = np.zeros(size, np.float32)
    for t in range(steps):
        g = grads[t] * s32
        v = a * v + one_minus_a * (g * g)
        variance = v
        if centered:
            g_avg = a * g_avg + one_minus_a * g
            variance = np.maximum(np.float32(0), v - g_avg * g_avg)
        d = np.sqrt(variance) + e
        if mu > 0:
            buf = mu * buf + g / d
            params = params - lr32 * buf
        else:
            params = params - lr32 * (g / d)
        assert params.dtype == np.float32 and v.dtype == np.float32
    return {"size": size, "steps": steps, "lr": lr, "alpha": alpha, "eps": eps, "momentum": momentum,
            "centered": centered, "gradient_scale": gradient_scale, "start": floats(start), "gradients": floats(grads),
            "params": floats(params)}


def main():
    out = {
        "numpy": np.__version__,
        "sum_tree": [
            sum_tree_case(1, 10, 10, 4, 0.6, 1e-6, 0.4, [3]),
            sum_tree_case(2, 1000, 900, 32, 0.6, 1e-6, 0.7, [0, 17, 899]),
            sum_tree_case(3, 1, 1, 3, 0.5, 1e-2, 1.0, []),
            sum_tree_case(4, 37, 20, 8, 1.0, 1e-6, 0.4, []),
        ],
        "n_step": [n_step_case(1, 0.99), n_step_case(3, 0.9), n_step_case(6, 0.5)],
        "c51": [
            c51_case(1, 51, -10.0, 10.0, 0.37, 0.99),
            c51_case(2, 21, -10.0, 10.0, 1.0, 0.0),         # terminal: all mass on the atom at r = 1 exactly
            c51_case(3, 51, -10.0, 10.0, 0.4, 1.0),         # Δz = 0.4 is not a binary fraction: b near whole numbers
            c51_case(4, 11, 0.0, 10.0, 5.0, 1.0),           # ... and past v_max / on v_max after clipping
            c51_case(5, 11, 0.0, 10.0, -3.0, 0.5),          # below v_min, clipped onto it
            c51_case(6, 21, -1.0, 1.0, 0.05, 0.9 ** 3),     # n-step discount
        ],
        "dueling": [dueling_case(1, 3, 4, 1), dueling_case(2, 2, 6, 5), dueling_case(3, 1, 1, 3)],
        "noisy": [noisy_case(11, 5, 3, 4, 0.5), noisy_case(12, 16, 7, 2, 0.4)],
        "rmsprop": [
            rmsprop_case(1, 37, 6, 0.01, 0.99, 1e-8, 0.0, False, 1.0),
            rmsprop_case(2, 5000, 4, 2.5e-4, 0.95, 0.01, 0.95, True, 1.0 / 32),  # MinAtar's settings, > one chunk
            rmsprop_case(3, 64, 5, 1e-3, 0.9, 1e-6, 0.9, False, 0.5),
            rmsprop_case(4, 64, 5, 1e-3, 0.99, 1e-5, 0.0, True, 1.0),
        ],
    }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
