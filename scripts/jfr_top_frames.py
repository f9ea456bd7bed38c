#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: the share of samples per top frame, and per 'owner' frame (the first
frame from dev.qsweep on the stack, so native and library time is charged to the qsweep method that called it).

  jfr_top_frames.py recording.jfr [--top 15] [--thread main]
"""
import argparse
import collections
import re
import subprocess


def samples(path, thread):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                          capture_output=True, text=True, check=True).stdout
    for event in text.split("\njdk.")[1:]:
        name = re.search(r'sampledThread = "([^"]*)"', event)
        if thread and (not name or name.group(1) != thread):
            continue
        frames = re.findall(r"^\s+([\w$.<>/]+\(.*?\))\s+line:", event, flags=re.M)
        if frames:
            yield frames


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--thread", default="main")
    args = parser.parse_args()
    top = collections.Counter()
    owner = collections.Counter()
    total = 0
    for frames in samples(args.recording, args.thread):
        total += 1
        top[frames[0].split("(")[0]] += 1
        owner[next((f.split("(")[0] for f in frames if f.startswith("dev.qsweep")), "(no qsweep frame)")] += 1
    print(f"{total} samples on thread {args.thread!r}")
    for title, counter in (("top frame", top), ("first qsweep frame", owner)):
        print(f"\n{title}:")
        for frame, count in counter.most_common(args.top):
            print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
