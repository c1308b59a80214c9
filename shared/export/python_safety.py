"""Safety oracle for shared/export/hostile.test.ts: exports of projects with hostile names, one process.

Reads a JSON manifest from argv[1]: {"marker": path, "cases": [{"dir", "name", "setup", "onnx", "run"?}]}
and prints one JSON line: {"results": [{"ok": bool, "errors": [...]}, ...]}. For each case:
  - model.py and train.py parse (ast.parse, what `python3 -m py_compile` does);
  - importing model.py and train.py writes nothing to stdout/stderr, runs no command, opens no file
    for writing, touches no marker file (an audit hook watches), and defines exactly the names a
    benign export defines;
  - model.PROJECT_NAME and train.SETUP are exactly the project's name and set-up (escaping is exact);
  - the ONNX file passes onnx.checker (full check);
  - with "run": the model loads its weights and runs forward.
"""
import ast
import contextlib
import importlib.util
import io
import json
import os
import sys

import onnx
import torch

# Events a generated file has no business raising while it is imported.
FORBIDDEN = ('os.system', 'os.exec', 'os.spawn', 'os.posix_spawn', 'os.fork', 'subprocess.Popen', 'socket.', 'os.remove',
             'os.rename', 'os.mkdir', 'os.rmdir', 'os.chmod', 'shutil.', 'ctypes.', 'urllib.', 'webbrowser.', 'os.putenv',
             'os.unsetenv', 'os.kill')
watching = []


def audit(event, args):
    if not watching:
        return
    if event.startswith(FORBIDDEN):
        watching[-1].append(f'{event} {args!r:.200}')
    elif event == 'open' and len(args) > 2 and (
            (isinstance(args[1], str) and any(c in args[1] for c in 'wax+'))
            or (isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))):
        watching[-1].append(f'open for writing {args[0]!r:.200}')


sys.addaudithook(audit)


def load(path, module_name):
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def public_names(module):
    return sorted(n for n in vars(module) if not n.startswith('__'))


def check(case, n, marker, expected_names):
    errors = []
    model_py, train_py = os.path.join(case['dir'], 'model.py'), os.path.join(case['dir'], 'train.py')
    for path in (model_py, train_py):  # bytes, as python3 reads a file (encoding declarations included)
        try:
            ast.parse(open(path, 'rb').read(), path)
        except (SyntaxError, ValueError) as e:
            errors.append(f'{os.path.basename(path)} does not parse: {e}')
    if errors:
        return errors
    events, out, err = [], io.StringIO(), io.StringIO()
    sys.modules.pop('model', None)
    sys.path.insert(0, case['dir'])
    try:
        watching.append(events)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            model = load(model_py, 'model')
            train = load(train_py, f'train_{n}')
    except BaseException as e:  # noqa: BLE001 -- SystemExit from an injected exit() counts too
        errors.append(f'import failed: {type(e).__name__}: {e}')
        return errors
    finally:
        watching.pop()
        sys.path.remove(case['dir'])
    if events:
        errors.append(f'side effects on import: {events[:5]}')
    if out.getvalue() or err.getvalue():
        errors.append(f'import printed {(out.getvalue() + err.getvalue())[:200]!r}')
    if os.path.exists(marker):
        errors.append('the marker file was created')
        os.remove(marker)  # so the next case is judged on its own
    for label, module in (('model', model), ('train', train)):
        names = public_names(module)
        if expected_names.get(label) is None:
            expected_names[label] = names
        elif names != expected_names[label]:
            errors.append(f'{label}.py defines {sorted(set(names) ^ set(expected_names[label]))} unlike a benign export')
    name = getattr(model, 'PROJECT_NAME', None)
    if name != case['name']:
        errors.append(f'model.PROJECT_NAME is {name!r:.100}, not the project name {case["name"]!r:.100}')
    if getattr(train, 'SETUP', None) != case['setup']:
        errors.append('train.SETUP differs from the set-up')
    try:
        onnx.checker.check_model(onnx.load(case['onnx']), full_check=True)
    except Exception as e:  # noqa: BLE001
        errors.append(f'onnx checker: {type(e).__name__}: {e}')
    if case.get('run'):
        try:
            net = model.load_weights(model.Net()).eval()
            with torch.no_grad():
                y = net(torch.rand(2, *model.INPUT_SHAPE))
            if tuple(y.shape[1:]) != tuple(model.OUTPUT_SHAPE):
                errors.append(f'forward gave {tuple(y.shape)}')
        except Exception as e:  # noqa: BLE001
            errors.append(f'the model does not load and run: {type(e).__name__}: {e}')
    return errors


def main():
    manifest = json.load(open(sys.argv[1], encoding='utf-8'))
    expected_names = {}
    results = []
    for n, case in enumerate(manifest['cases']):
        try:
            errors = check(case, n, manifest['marker'], expected_names)
        except Exception as e:  # noqa: BLE001 -- reported per case
            errors = [f'{type(e).__name__}: {e}']
        results.append({'ok': not errors, 'errors': errors})
    print(json.dumps({'results': results}))


if __name__ == '__main__':
    main()
