"""Writes src/test/resources/rng/numpy_reference.jsonl: reference draws from real numpy for the Java RNG tests.

Run:  python3 -m venv /tmp/envvenv && /tmp/envvenv/bin/pip install numpy gymnasium
      /tmp/envvenv/bin/python scripts/numpy_reference.py
Each line is one case; 64-bit unsigned values are decimal strings, doubles are float.hex() strings.
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/rng/numpy_reference.jsonl"
SEEDS = [0, 1, 42, 123456789, 2**32 - 1, 2**32, 2**40 + 7, 2**63 - 1, 2**64 + 5, 2**100 + 3]


def u64(values):
    return [str(int(v)) for v in values]


def hexes(values):
    return [float(v).hex() for v in values]


def main():
    lines = [{"numpy": np.__version__}]
    for seed in SEEDS:
        seq = np.random.SeedSequence(seed)
        children = seq.spawn(3)
        grandchild = children[1].spawn(2)[1]
        pcg = np.random.PCG64(np.random.SeedSequence(seed))
        state = pcg.state["state"]
        lines.append({
            "case": "seed_sequence", "seed": str(seed),
            "pool": u64(seq.pool),
            "state32": u64(seq.generate_state(9, np.uint32)),
            "state64": u64(seq.generate_state(4, np.uint64)),
            "children_pools": [u64(c.pool) for c in children],
            "grandchild_pool": u64(grandchild.pool),
            "pcg_state": str(state["state"]), "pcg_inc": str(state["inc"]),
            "raw": u64(np.random.PCG64(np.random.SeedSequence(seed)).random_raw(20)),
        })
        # An interleaved program: the Java test replays the same calls in the same order.
        g = np.random.default_rng(seed)
        draws = []
        draws.append(["random", hexes([g.random()])])
        draws.append(["uint32", u64([g.integers(0, 2**32, dtype=np.uint32)])])
        draws.append(["random", hexes([g.random()])])
        draws.append(["uint32", u64(g.integers(0, 2**32, size=3, dtype=np.uint32))])
        draws.append(["integers 0 10", u64([g.integers(0, 10)])])
        draws.append(["integers 0 3", u64([g.integers(0, 3)])])
        draws.append(["uniform -0.05 0.05 4", hexes(g.uniform(-0.05, 0.05, size=(4,)))])
        draws.append(["uniform -0.6 -0.4 1", hexes([g.uniform(-0.6, -0.4)])])
        draws.append(["integers 0 1000000 64", u64(g.integers(0, 1_000_000, size=64))])
        draws.append(["integers 5 6", u64([g.integers(5, 6)])])
        draws.append(["integers 0 4294967296 5", u64(g.integers(0, 2**32, size=5))])
        draws.append(["integers 0 4294967297 5", u64(g.integers(0, 2**32 + 1, size=5))])
        draws.append(["integers -7 1099511627776 5", u64(g.integers(-7, 2**40, size=5))])
        draws.append(["integers 0 12345678901234567 5", u64(g.integers(0, 12345678901234567, size=5))])
        draws.append(["integers 0 3 33", u64(g.integers(0, 3, size=33))])
        draws.append(["random", hexes(g.random(7))])
        draws.append(["uint32", u64([g.integers(0, 2**32, dtype=np.uint32)])])
        draws.append(["integers 0 100 2", u64(g.integers(0, 100, size=2))])
        st = g.bit_generator.state
        lines.append({"case": "generator", "seed": str(seed), "draws": draws,
                      "final_state": str(st["state"]["state"]), "final_inc": str(st["state"]["inc"]),
                      "has_uint32": st["has_uint32"], "uinteger": str(st["uinteger"])})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print(f"wrote {len(lines)} lines to {OUT}")


if __name__ == "__main__":
    main()
