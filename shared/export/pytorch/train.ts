// train.py: the app's training set-up for the exported model.py, runnable unchanged on CPU, one
// GPU, or many processes/GPUs/nodes under torchrun (DistributedDataParallel).
import type { GraphDoc } from '../../graph';
import { pythonDocstring, pythonLiteral } from '../escape';
import type { TrainSetup } from './setup';

export function trainPy(doc: GraphDoc, setup: TrainSetup): string {
  // The docstring is built whole and escaped whole: the project's name is user text.
  const docText = `Train ${JSON.stringify(doc.metadata.name)} (model.py) with the set-up it had in CNN Designer.

    python3 train.py --data DIR                          # one CPU or GPU
    torchrun --nproc_per_node N train.py --data DIR      # N processes: GPUs (nccl) or CPU (gloo)

Starts from the weights the app's run started from (initial.weights.json, when exported with a run
record: the run is then reproduced: the same split, batch order, preprocessing, schedule and optimiser),
else from the exported weights; --start exported continues from the trained weights, --start scratch
takes PyTorch's initialisation.
Writes, from rank 0: trained.pt (state dict), trained.weights.json/.bin (tfjs layout, for the app)
and trained.log.json (loss per step, loss and accuracy per epoch).
`;
  return `#!/usr/bin/env python3
${pythonDocstring(docText)}
import argparse
import gzip
import json
import math
import os
import pickle
import random
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import INPUT_SHAPE, OUTPUTS_PROBABILITIES, Net, load_weights, preprocess, save_tfjs_weights  # noqa: E402

#: The app's training set-up (edit here or override with the options below).
SETUP = ${pythonLiteral(setup)}


# ---- data -------------------------------------------------------------------------------------

def read_idx(path):
    """An IDX file (MNIST format), raw or gzipped, as a uint8 tensor."""
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 8:
        raise ValueError(f'{path} is not an unsigned-byte IDX file')
    rank = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank)]
    n = math.prod(dims)
    head = 4 + 4 * rank
    if len(raw) - head < n:
        raise ValueError(f'{path} is truncated: {dims} needs {n} bytes, it has {len(raw) - head}')
    return torch.frombuffer(bytearray(raw[head:head + n]), dtype=torch.uint8).reshape(dims)


def find(folder, name):
    for candidate in (name, name + '.gz'):
        p = os.path.join(folder, candidate)
        if os.path.exists(p):
            return p
    raise FileNotFoundError(f'{name}(.gz) not found in {folder}')


def load_idx_pair(folder, images, labels):
    x = read_idx(find(folder, images))
    y = read_idx(find(folder, labels)).long()
    if x.dim() == 3:
        x = x.unsqueeze(1)  # N, 1, H, W
    elif x.dim() == 4:
        x = x.permute(0, 3, 1, 2)  # N, H, W, C -> N, C, H, W
    if len(x) != len(y):
        raise ValueError(f'{images} has {len(x)} images but {labels} has {len(y)} labels')
    return x, y


def load_cifar10(folder):
    def batch(name):
        path = os.path.join(folder, name)
        if os.path.exists(path + '.bin'):
            raw = torch.frombuffer(bytearray(open(path + '.bin', 'rb').read()), dtype=torch.uint8).reshape(-1, 3073)
            return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].long()
        with open(path, 'rb') as f:
            d = pickle.load(f, encoding='bytes')
        return torch.tensor(d[b'data'], dtype=torch.uint8).reshape(-1, 3, 32, 32), torch.tensor(d[b'labels'], dtype=torch.long)
    parts = [batch(f'data_batch_{i}') for i in range(1, 6)]
    test = batch('test_batch')
    return torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts]), test[0], test[1]


def load_data(folder):
    kind = SETUP['dataset']
    if kind == 'cifar10':
        return load_cifar10(folder)
    names = SETUP.get('idxFiles') or {'trainImages': 'train-images-idx3-ubyte', 'trainLabels': 'train-labels-idx1-ubyte',
                                     'testImages': 't10k-images-idx3-ubyte', 'testLabels': 't10k-labels-idx1-ubyte'}
    x, y = load_idx_pair(folder, names['trainImages'], names['trainLabels'])
    tx = ty = None
    if names.get('testImages') and names.get('testLabels'):
        try:
            tx, ty = load_idx_pair(folder, names['testImages'], names['testLabels'])
        except FileNotFoundError:
            pass
    return x, y, tx, ty


def fit_to_input(x):
    """Checks channels and centres smaller images in the input (MNIST 28x28 into LeNet's 32x32)."""
    c, h, w = INPUT_SHAPE
    if x.shape[1] != c:
        raise ValueError(f'the data has {x.shape[1]} channel(s), the model takes {c}')
    dh, dw = h - x.shape[2], w - x.shape[3]
    if dh < 0 or dw < 0:
        raise ValueError(f'the images are {x.shape[2]}x{x.shape[3]}, larger than the model input {h}x{w}')
    if dh or dw:
        x = F.pad(x, (dw // 2, dw - dw // 2, dh // 2, dh - dh // 2))
    return x


def augment(x, generator):
    """Random crop after zero padding, and horizontal flips, as configured (per batch, seeded)."""
    pad = SETUP['augment']['cropPadding']
    if pad:
        n, _, h, w = x.shape
        padded = F.pad(x, (pad, pad, pad, pad))
        dy = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
        dx = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
        x = torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])
    if SETUP['augment']['flip']:
        flip = torch.rand(x.shape[0], generator=generator) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
    return x


# ---- training ---------------------------------------------------------------------------------

def setup_distributed(device_arg):
    """torchrun sets RANK/WORLD_SIZE/LOCAL_RANK; without them this is a single process."""
    distributed = 'RANK' in os.environ and 'WORLD_SIZE' in os.environ
    cuda = torch.cuda.is_available() and device_arg != 'cpu'
    local_rank = int(os.environ.get('LOCAL_RANK', 0))
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
    if cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device('cuda', local_rank)
    else:
        device = torch.device('cpu')
    rank = dist.get_rank() if distributed else 0
    world = dist.get_world_size() if distributed else 1
    return distributed, rank, world, device


def loss_fn(out, y):
    if OUTPUTS_PROBABILITIES:
        # As TF.js's categorical cross-entropy on softmax outputs: log of the clipped probabilities.
        return F.nll_loss(torch.log(out.clamp(1e-7, 1 - 1e-7)), y)
    return F.cross_entropy(out, y)


def make_optimizer(params, lr):
    s = SETUP
    if s['optimizer'] == 'sgd':
        return torch.optim.SGD(params, lr=lr, momentum=s['momentum'], weight_decay=s['weightDecay'])
    if s['optimizer'] == 'rmsprop':
        return torch.optim.RMSprop(params, lr=lr, alpha=0.9, eps=1e-7, momentum=s['momentum'], weight_decay=s['weightDecay'])
    return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-7, weight_decay=s['weightDecay'])


def make_schedule(opt, epochs):
    s = SETUP
    if s['schedule'] == 'step':
        return torch.optim.lr_scheduler.StepLR(opt, step_size=s['stepEpochs'], gamma=s['gamma'])
    if s['schedule'] == 'cosine':
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, epochs))
    return torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0)


def channel_stats(x):
    """Per-channel mean and standard deviation in 0..1 units, over a sample (as the app computes them)."""
    sample = x[::max(1, len(x) // 5000)].float() / 255
    mean = sample.mean(dim=(0, 2, 3))
    std = sample.std(dim=(0, 2, 3)).clamp(min=1e-3)
    return mean.view(1, -1, 1, 1), std.view(1, -1, 1, 1)


def make_prep(x):
    """Pixels (uint8) -> model input: the run's recorded preprocessing (model.preprocess) when the export has it,
    else x / 255, standardised per channel over these images if the app did so."""
    if SETUP.get('preprocessing'):
        return preprocess
    if SETUP.get('normalise', 'unit') == 'standard':
        mean, std = channel_stats(x)
        return lambda b: (b.float() / 255 - mean.to(b.device)) / std.to(b.device)
    return lambda b: b.float() / 255


# ---- the app's order: its seeded split, batch order and augmentation (shared/data/rng.ts, prep.ts) ----------

def mulberry32(seed):
    """The app's seeded generator, bit for bit."""
    a = seed & 0xFFFFFFFF

    def rng():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = ((a ^ (a >> 15)) * (a | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return rng


def shuffle(a, rng):
    """Fisher-Yates in place, as the app."""
    for i in range(len(a) - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        a[i], a[j] = a[j], a[i]
    return a


def app_split(n, seed, val_fraction, limit):
    """The app's split: a seeded shuffle, the first limit, the first round(n * fraction) of those held out."""
    idx = shuffle(list(range(n)), mulberry32(seed))
    if limit:
        idx = idx[:min(n, max(1, int(limit)))]
    n_val = math.floor(len(idx) * val_fraction + 0.5)
    return idx[n_val:], idx[:n_val]


def app_augment(x, rng):
    """The app's augmentation of a uint8 batch, drawing from its generator in its order (per image: dy, dx, flip)."""
    pad, flip = SETUP['augment']['cropPadding'], SETUP['augment']['flip']
    if not pad and not flip:
        return x
    n, _, h, w = x.shape
    padded = F.pad(x, (pad, pad, pad, pad)) if pad else x
    out = []
    for i in range(n):
        dy = math.floor(rng() * (2 * pad + 1)) - pad if pad else 0
        dx = math.floor(rng() * (2 * pad + 1)) - pad if pad else 0
        f = flip and rng() < 0.5
        img = padded[i, :, pad + dy:pad + dy + h, pad + dx:pad + dx + w]
        out.append(img.flip(2) if f else img)
    return torch.stack(out)


def learning_rate_at(lr, epochs, epoch_float):
    """The app's schedule at a fractional epoch (shared/train/config.ts learningRateAt)."""
    s = SETUP
    if s['schedule'] == 'step':
        return lr * s['gamma'] ** math.floor(epoch_float / s['stepEpochs'])
    if s['schedule'] == 'cosine':
        t = min(1.0, max(0.0, epoch_float / epochs))
        low = s.get('cosineMinFactor', 0) * lr
        return low + (lr - low) * 0.5 * (1 + math.cos(math.pi * t))
    return lr


def train_app_order(model, x, y, args, device, log):
    """One process, the app's split and batch order: reproduces the recorded run (same first-epoch loss)."""
    train_idx, val_idx = app_split(len(x), SETUP['splitSeed'], SETUP['validationSplit'], args.limit or SETUP.get('limit'))
    opt = make_optimizer(model.parameters(), args.lr)
    order = list(train_idx)
    rng = mulberry32(args.seed)
    aug_rng = mulberry32(args.seed ^ 0x5BD1E995)
    batches = math.ceil(len(order) / args.batch_size)
    step = 0
    model.train()
    for epoch in range(args.epochs):
        shuffle(order, rng)
        total, seen = 0.0, 0
        for b in range(batches):
            idx = torch.tensor(order[b * args.batch_size:(b + 1) * args.batch_size])
            for g in opt.param_groups:
                g['lr'] = learning_rate_at(args.lr, args.epochs, epoch + b / batches)
            xb = preprocess(app_augment(x[idx], aug_rng)).to(device)
            yb = y[idx].to(device)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            log['steps'].append(loss.item())
            total += loss.item() * len(idx)
            seen += len(idx)
            if step % 10 == 0 or step == 1:
                print(f'epoch {epoch + 1} step {step} loss {loss.item():.4f}', flush=True)
            if args.max_steps and step >= args.max_steps:
                break
        val = torch.tensor(val_idx, dtype=torch.long)
        acc = accuracy(model, x[val], y[val], device, False, preprocess) if len(val_idx) else None
        log['epochs'].append({'epoch': epoch + 1, 'loss': total / max(1, seen), 'valAccuracy': acc, 'lr': opt.param_groups[0]['lr']})
        print(f'epoch {epoch + 1} done: loss {total / max(1, seen):.4f}' + (f', validation accuracy {acc:.4f}' if acc is not None else ''), flush=True)
        if args.max_steps and step >= args.max_steps:
            break
    return step


def accuracy(model, x, y, device, distributed, prep, batch=512):
    model.eval()
    correct = torch.zeros(2, device=device)
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = model(prep(x[i:i + batch].to(device)))
            correct[0] += (out.argmax(1) == y[i:i + batch].to(device)).sum()
            correct[1] += len(out)
    if distributed:
        dist.all_reduce(correct)
    model.train()
    return (correct[0] / correct[1].clamp(min=1)).item()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='data', help='folder with the data set files')
    ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)), help='folder for trained.pt and trained.weights.* (default: beside train.py, with run.json)')
    ap.add_argument('--epochs', type=int, default=SETUP['epochs'])
    ap.add_argument('--batch-size', type=int, default=SETUP['batchSize'], help='global batch (split over the processes)')
    ap.add_argument('--lr', type=float, default=SETUP['learningRate'])
    ap.add_argument('--seed', type=int, default=SETUP['seed'])
    ap.add_argument('--max-steps', type=int, default=0, help='stop after this many steps (0: run all epochs)')
    ap.add_argument('--limit', type=int, default=0, help='use only N training images (quick checks; drawn by the split seed as in the app)')
    ap.add_argument('--start', choices=['initial', 'exported', 'scratch'], default=SETUP.get('start', 'exported'),
                    help='initial: the weights the run in the app started from (initial.weights.json); exported: the trained weights; scratch: a fresh PyTorch initialisation')
    ap.add_argument('--scratch', action='store_true', help='same as --start scratch')
    ap.add_argument('--device', choices=['auto', 'cpu'], default='auto')
    args = ap.parse_args()

    distributed, rank, world, device = setup_distributed(args.device)
    torch.manual_seed(args.seed)
    random.seed(args.seed)

    x, y, tx, ty = load_data(args.data)
    model = Net()
    start = 'scratch' if args.scratch else args.start
    if start == 'initial':
        load_weights(model, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'initial.weights.json'))
    elif start == 'exported':
        load_weights(model)
    if SETUP.get('order') == 'app' and not distributed:
        if SETUP.get('firstImages'):
            x, y = x[:SETUP['firstImages']], y[:SETUP['firstImages']]  # the app loaded only these
        torch.manual_seed(args.seed)
        log = {'world_size': 1, 'device': str(device), 'order': 'app', 'start': start, 'steps': [], 'epochs': []}
        model.to(device)
        step = train_app_order(model, fit_to_input(x), y, args, device, log)
        finish(model, args, log, step)
        return
    if args.limit:
        x, y = x[:args.limit], y[:args.limit]
    x = fit_to_input(x)
    n_val = int(len(x) * SETUP['validationSplit'])
    if n_val and tx is None:
        tx, ty = x[len(x) - n_val:], y[len(y) - n_val:]
    if n_val:
        x, y = x[:len(x) - n_val], y[:len(y) - n_val]
    prep = make_prep(x)
    if tx is not None:
        tx = fit_to_input(tx)[:max(args.limit, 0) or None]
        ty = ty[:len(tx)]
        tx, ty = tx[rank::world], ty[rank::world]  # each process evaluates its share

    model.to(device)
    net = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None) if distributed else model

    dataset = torch.utils.data.TensorDataset(x, y)
    per_process = max(1, args.batch_size // world)
    if distributed:
        sampler = torch.utils.data.distributed.DistributedSampler(dataset, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    else:
        sampler = torch.utils.data.RandomSampler(dataset, generator=torch.Generator().manual_seed(args.seed))
    loader = torch.utils.data.DataLoader(dataset, batch_size=per_process, sampler=sampler, drop_last=True)
    opt = make_optimizer(net.parameters(), args.lr)
    schedule = make_schedule(opt, args.epochs)
    generator = torch.Generator().manual_seed(args.seed * 1000 + rank)

    log = {'world_size': world, 'device': str(device), 'batch_per_process': per_process, 'steps': [], 'epochs': []}
    step = 0
    done = False
    for epoch in range(args.epochs):
        if distributed:
            sampler.set_epoch(epoch)
        net.train()
        for xb, yb in loader:
            xb = augment(prep(xb), generator).to(device)
            yb = yb.to(device)
            loss = loss_fn(net(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            mean = loss.detach().clone()
            if distributed:
                dist.all_reduce(mean)
                mean /= world
            if rank == 0:
                log['steps'].append(mean.item())
                if step % 10 == 0 or step == 1:
                    print(f'epoch {epoch + 1} step {step} loss {mean.item():.4f}', flush=True)
            if args.max_steps and step >= args.max_steps:
                done = True
                break
        schedule.step()
        acc = accuracy(model, tx, ty, device, distributed, prep) if tx is not None and len(tx) else None
        if rank == 0:
            log['epochs'].append({'epoch': epoch + 1, 'accuracy': acc, 'lr': opt.param_groups[0]['lr']})
            print(f'epoch {epoch + 1} done: ' + (f'accuracy {acc:.4f}' if acc is not None else 'no test data'), flush=True)
        if done:
            break

    if rank == 0:
        finish(model, args, log, step)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


def finish(model, args, log, step):
    os.makedirs(args.out, exist_ok=True)
    model.cpu()
    torch.save(model.state_dict(), os.path.join(args.out, 'trained.pt'))
    save_tfjs_weights(model, os.path.join(args.out, 'trained.weights.json'))
    with open(os.path.join(args.out, 'trained.log.json'), 'w', encoding='utf-8') as f:
        json.dump(log, f)
    print(f'saved {args.out}/trained.pt and trained.weights.json/.bin ({step} steps)', flush=True)


if __name__ == '__main__':
    main()
`;
}
