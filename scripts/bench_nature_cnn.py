#!/usr/bin/env python3
"""PyTorch peer of dev.qsweep.bench.ConvQNetworkBench: the Nature DQN CNN on one CPU thread.

Times (medians, milliseconds) of
  train   one Adam step on a batch: online forward, taken-action gather, loss, backward, global-norm clip, step
  update  a full DQN update: target forward of the next states (no grad), TD targets, then `train`
  act     greedy action of one state: forward of a batch of 1, argmax
with uint8 frames scaled by 1/255 inside the timed region, as CleanRL's dqn_atari.py does.

Run pinned to one core, side by side with the Java bench:
  OMP_NUM_THREADS=1 taskset -c 0 /path/to/venv/bin/python scripts/bench_nature_cnn.py --loss huber
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def nature_cnn(actions: int) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(3136, 512), nn.ReLU(),
        nn.Linear(512, actions),
    )


def median_ms(fn, iterations: int, warmup: int) -> dict:
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(iterations):
        w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        fn()
        cpu.append((time.thread_time_ns() - c0) / 1e6)
        wall.append((time.perf_counter_ns() - w0) / 1e6)
    return {"wall_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--actions", type=int, default=6)
    parser.add_argument("--loss", choices=["huber", "mse"], default="huber")
    parser.add_argument("--max-grad-norm", type=float, default=10.0)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=15)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    torch.manual_seed(1)
    online, target = nature_cnn(args.actions), nature_cnn(args.actions)
    target.load_state_dict(online.state_dict())
    optimizer = torch.optim.Adam(online.parameters(), lr=1e-4, eps=1e-8)
    loss_fn = F.smooth_l1_loss if args.loss == "huber" else F.mse_loss

    g = torch.Generator().manual_seed(2)
    b = args.batch
    obs = torch.randint(0, 256, (b, 4, 84, 84), dtype=torch.uint8, generator=g)
    next_obs = torch.randint(0, 256, (b, 4, 84, 84), dtype=torch.uint8, generator=g)
    actions = torch.randint(0, args.actions, (b,), generator=g)
    rewards = torch.rand(b, generator=g)
    dones = torch.zeros(b)
    td_fixed = torch.rand(b, generator=g) * 2
    single = obs[:1].clone()

    def train(td_target):
        old_val = online(obs.float() / 255.0).gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = loss_fn(old_val, td_target)
        optimizer.zero_grad()
        loss.backward()
        if args.max_grad_norm > 0:
            nn.utils.clip_grad_norm_(online.parameters(), args.max_grad_norm)
        optimizer.step()

    def update():
        with torch.no_grad():
            target_max, _ = target(next_obs.float() / 255.0).max(dim=1)
            td_target = rewards + 0.99 * target_max * (1 - dones)
        train(td_target)

    def act():
        with torch.no_grad():
            return int(torch.argmax(online(single.float() / 255.0), dim=1)[0])

    result = {
        "torch": torch.__version__, "threads": torch.get_num_threads(), "batch": b, "loss": args.loss,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "train": median_ms(lambda: train(td_fixed), args.iterations, args.warmup),
        "update": median_ms(update, args.iterations, args.warmup),
        "act": median_ms(act, args.iterations * 10, args.warmup * 10),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
