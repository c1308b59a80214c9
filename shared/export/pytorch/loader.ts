// The weight loader and saver that model.py carries, so it needs nothing but torch. The bundle
// is a JSON index + raw little-endian float32 (see shared/export/weights.ts); each PyTorch tensor
// records the tfjs weight it came from, so trained weights can go back into the app.
export const LOADER_PY = `def _read_bundle(index_path):
    """Reads a CNN Designer weights bundle: {name: tensor} from <name>.json + <name>.bin."""
    with open(index_path, encoding='utf-8') as f:
        index = json.load(f)
    if index.get('format') != 'cnn-designer-weights' or index.get('dtype') != 'float32':
        raise ValueError(f'{index_path} is not a CNN Designer float32 weights index')
    with open(index_path[:-len('.json')] + '.bin', 'rb') as f:
        raw = f.read()
    tensors = {}
    for e in index['tensors']:
        n = 1
        for d in e['shape']:
            n *= d
        start, end = e['offset'] * 4, (e['offset'] + n) * 4
        if end > len(raw):
            raise ValueError(f"{index_path}: {e['name']} runs past the end of the .bin file (truncated?)")
        t = torch.frombuffer(bytearray(raw[start:end]), dtype=torch.float32)
        if sys.byteorder != 'little':
            t = t.view(torch.int32).byteswap().view(torch.float32)  # pragma: no cover
        tensors[e['name']] = t.reshape(e['shape'])
    return index, tensors


def load_weights(model, index_path=WEIGHTS):
    """Copies the exported weights into \`model\` (every parameter and running statistic) and returns it."""
    index, tensors = _read_bundle(index_path)
    if index.get('layout') == 'tfjs':
        tensors = _from_tfjs(index_path, tensors)
    state = model.state_dict()
    for name, t in tensors.items():
        if name not in state:
            raise KeyError(f'{index_path}: {name} is not a parameter of this model')
        if tuple(state[name].shape) != tuple(t.shape):
            raise ValueError(f'{index_path}: {name} has shape {tuple(t.shape)}, the model needs {tuple(state[name].shape)}')
        state[name].copy_(t)
    missing = [k for k, v in state.items() if v.is_floating_point() and k not in tensors]
    if missing:
        raise ValueError(f'{index_path} has no values for {missing}')
    return model


def _torch_index():
    with open(WEIGHTS, encoding='utf-8') as f:
        return json.load(f)['tensors']


def _from_tfjs(index_path, tfjs_tensors):
    """tfjs-layout weights (trained.weights.json) -> state-dict tensors, through the export's mapping."""
    out = {}
    for e in _torch_index():
        src = e['source']
        if src['name'] not in tfjs_tensors:
            raise KeyError(f"{index_path} has no {src['name']}")
        out[e['name']] = tfjs_tensors[src['name']].permute(src['perm']).reshape(e['shape'])
    return out


def save_tfjs_weights(model, index_path):
    """Writes the model's weights in the app's (tfjs) names and layouts: <name>.json + <name>.bin.
    Open the project in CNN Designer and import these to continue there."""
    state = model.state_dict()
    entries, chunks, offset = [], [], 0
    for e in _torch_index():
        src = e['source']
        t = state[e['name']].detach().to('cpu', torch.float32)
        permuted = [src['shape'][p] for p in src['perm']]
        inverse = [src['perm'].index(i) for i in range(len(src['perm']))]
        t = t.reshape(permuted).permute(inverse).contiguous()
        entries.append({'name': src['name'], 'shape': src['shape'], 'offset': offset})
        chunks.append(t.reshape(-1))
        offset += t.numel()
    flat = torch.cat(chunks) if chunks else torch.zeros(0)
    data = bytes(flat.numpy().astype('<f4').tobytes()) if _has_numpy() else _le_bytes(flat)
    tmp = index_path + '.tmp'
    with open(index_path[:-len('.json')] + '.bin', 'wb') as f:
        f.write(data)
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump({'format': 'cnn-designer-weights', 'version': 1, 'layout': 'tfjs', 'dtype': 'float32', 'tensors': entries}, f)
    os.replace(tmp, index_path)


def _has_numpy():
    try:
        import numpy  # noqa: F401
        return True
    except ImportError:
        return False


def _le_bytes(flat):
    import struct
    return struct.pack(f'<{flat.numel()}f', *flat.tolist())`;
