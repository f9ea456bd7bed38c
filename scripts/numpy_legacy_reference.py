"""Writes src/test/resources/rng/numpy_legacy_reference.jsonl: draws from real numpy's legacy RandomState
(MT19937) for the Java RandomState tests.

Run:  python3 -m venv /tmp/minatar-venv && /tmp/minatar-venv/bin/pip install numpy
      /tmp/minatar-venv/bin/python scripts/numpy_legacy_reference.py
Each line is one seed: the MT19937 key words right after seeding (a digest and the first/last words), then a
program of draws in a fixed order with their results, then the final state. Doubles are float.hex() strings,
integers decimal strings (64-bit values do not fit a JSON double).
"""
import hashlib
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/rng/numpy_legacy_reference.jsonl"
SEEDS = [0, 1, 42, 5489, 123456789, 2**31, 2**32 - 1]

# (low, high, size or None): ranges of 1, powers of two and one past them, 2^31-ish (about half the masked
# 32-bit draws are rejected), exactly 2^32 (raw 32-bit draws), just past 2^32 (masked 64-bit draws), the full
# int64 span, and the calls MinAtar makes (randint(2), randint(1, 9), randint(1, 6, 8), randint(n) for n <= 8).
RANDINT = [
    (0, 2, None), (1, 9, None), (1, 6, 8), (0, 1, None), (5, 6, 3), (0, 3, None), (0, 5, 4), (0, 7, None),
    (0, 8, 5), (0, 4, None), (-3, 5, 6), (0, 2**16, 3), (0, 2**16 + 1, 3), (0, 2**31, 3), (0, 2**31 + 1, 9),
    (0, 2**32 - 1, 3), (0, 2**32, 4), (0, 2**32 + 1, 9), (7, 2**32 + 8, 3), (-5, 2**40, 4), (0, 2**62 + 1, 6),
    (-2**63, 2**63 - 1, 3), (0, 10**18, 3), (0, 6, 20),
]


def u32_digest(words):
    """sha256 of the words as big-endian uint32s: the Java test hashes its state the same way."""
    return hashlib.sha256(np.asarray(words, dtype=">u4").tobytes()).hexdigest()


def main():
    lines = [{"numpy": np.__version__}]
    for seed in SEEDS:
        rs = np.random.RandomState(seed)
        _, key, pos, _, _ = rs.get_state()
        seeded = {"key_sha256": u32_digest(key), "key_head": [str(int(k)) for k in key[:4]],
                  "key_tail": str(int(key[-1])), "pos": int(pos)}
        draws = [["random_sample", [rs.random_sample().hex()]],
                 ["rand 5", [float(v).hex() for v in rs.rand(5)]]]
        for low, high, size in RANDINT:
            values = rs.randint(low, high) if size is None else rs.randint(low, high, size)
            values = [values] if size is None else list(values)
            draws.append([f"randint {low} {high}" + ("" if size is None else f" {size}"),
                          [str(int(v)) for v in values]])
            draws.append(["rand 1", [rs.rand().hex()]])
        # Enough 32-bit draws to cross several twists of the 624-word state.
        draws.append(["randint 0 4294967296 1500", [str(int(v)) for v in rs.randint(0, 2**32, 1500)]])
        draws.append(["rand 3", [float(v).hex() for v in rs.rand(3)]])
        _, key, pos, _, _ = rs.get_state()
        lines.append({"seed": str(seed), "seeded": seeded, "draws": draws,
                      "final": {"key_sha256": u32_digest(key), "pos": int(pos)}})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        for line in lines:
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
    print(f"wrote {len(lines)} lines to {OUT}")


if __name__ == "__main__":
    main()
