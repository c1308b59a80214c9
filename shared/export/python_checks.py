"""Oracle checks for shared/export/python.test.ts, batched into one process (python starts slowly).

Reads a JSON manifest of jobs from argv[1] and prints one JSON line of results:
  {"kind": "onnx", "path": ...}                         -> onnx.checker.check_model(full_check=True)
  {"kind": "torch", "dir": ..., "x": ..., "shape": [...], "state": optional trained.pt}
                                                        -> model.py's output on x, written to dir/out.bin
"""
import importlib.util
import json
import sys

import torch


def run_torch(job, n):
    spec = importlib.util.spec_from_file_location(f'exported_model_{n}', job['dir'] + '/model.py')
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    net = m.Net()
    if job.get('state'):
        net.load_state_dict(torch.load(job['state']))
    else:
        m.load_weights(net)
    net.eval()
    x = torch.frombuffer(bytearray(open(job['x'], 'rb').read()), dtype=torch.float32).reshape(job['shape'])
    with torch.no_grad():
        y = net(x)
    with open(job['dir'] + '/out.bin', 'wb') as f:
        f.write(y.contiguous().numpy().astype('<f4').tobytes())
    return {'ok': True, 'shape': list(y.shape)}


def main():
    jobs = json.load(open(sys.argv[1]))
    results = []
    for n, job in enumerate(jobs):
        try:
            if job['kind'] == 'onnx':
                import onnx
                model = onnx.load(job['path'])
                onnx.checker.check_model(model, full_check=True)
                results.append({'ok': True})
            else:
                results.append(run_torch(job, n))
        except Exception as e:  # reported per job, so one failure does not hide the others
            results.append({'ok': False, 'error': f'{type(e).__name__}: {e}'})
    print(json.dumps({'torch': torch.__version__, 'results': results}))


if __name__ == '__main__':
    main()
