"""PyTorch twin of src/main/train/backend/reference-net.ts, timed like scripts/bench/train.ts times ours.

Usage: python3 reference_net.py --threads 2 --batch 64 --steps 10 [--warmup 2]
Prints one JSON line: {"torch": version, "threads": n, "train": samples/s, "infer": samples/s}.
Same net (5 conv 3x3 + BatchNorm + ReLU, 2 max-pools, global average pool, dense 17), same batch, Adam.
"""
import argparse
import json
import time

import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=2)
p.add_argument('--batch', type=int, default=64)
p.add_argument('--steps', type=int, default=10)
p.add_argument('--warmup', type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]


net = nn.Sequential(*block(10, 32), *block(32, 32), nn.MaxPool2d(2), *block(32, 64), *block(64, 64), nn.MaxPool2d(2),
                    *block(64, 128), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 17))
opt = torch.optim.Adam(net.parameters(), 1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.randn(a.batch, 10, 32, 32)
y = torch.randint(0, 17, (a.batch,))


def step():
    opt.zero_grad()
    loss_fn(net(x), y).backward()
    opt.step()


for _ in range(a.warmup):
    step()
t = time.perf_counter()
for _ in range(a.steps):
    step()
train = a.batch * a.steps / (time.perf_counter() - t)
net.eval()
with torch.no_grad():
    for _ in range(a.warmup):
        net(x)
    t = time.perf_counter()
    for _ in range(a.steps):
        net(x)
    infer = a.batch * a.steps / (time.perf_counter() - t)
print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'train': train, 'infer': infer}))
