"""Lightning test generation helper for Python (written out and run by Lightning.Testing.Generation).

analyze FILE                       -> JSON test points of FILE, read with the ast module (the code is not run)
execute ROOT FILE CALLS.json OUT   -> runs each call on the module imported from ROOT, writes what happened

Only the standard library is used.
"""
import ast
import asyncio
import inspect
import itertools
import json
import os
import signal
import sys

# A generator is pinned by its first items (the generated test reads as many with itertools.islice).
GENERATOR_ITEMS = 20

BRANCH_NODES = (ast.If, ast.For, ast.While, ast.Try, ast.IfExp, ast.BoolOp, ast.With, ast.ExceptHandler)


def annotation_text(node):
    if node is None:
        return None
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - an odd annotation is only a missing hint
        return None


def default_text(node):
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001
        return None


def parameters(args, skip_first):
    positional = list(args.posonlyargs) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    result = []
    for index, (arg, default) in enumerate(zip(positional, defaults)):
        if skip_first and index == 0:
            continue
        result.append({"name": arg.arg, "type": annotation_text(arg.annotation),
                       "default": default_text(default) if default is not None else None})
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        result.append({"name": arg.arg, "type": annotation_text(arg.annotation),
                       "default": default_text(default) if default is not None else None, "keywordOnly": True})
    return result, args.vararg is not None or args.kwarg is not None


def raised(function):
    names = []
    for node in ast.walk(function):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            name = annotation_text(target)
            if name and name not in names:
                names.append(name)
    return names


def describe(function, class_name, skip_first):
    params, variadic = parameters(function.args, skip_first)
    decorators = [annotation_text(d) or "" for d in function.decorator_list]
    return {
        "name": function.name,
        "className": class_name,
        "line": function.lineno,
        "endLine": getattr(function, "end_lineno", function.lineno),
        "parameters": params,
        "variadic": variadic,
        "returns": annotation_text(function.returns),
        "isAsync": isinstance(function, ast.AsyncFunctionDef),
        "isGenerator": any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(function)),
        "branches": sum(1 for n in ast.walk(function) if isinstance(n, BRANCH_NODES)),
        "raises": raised(function),
        "decorators": decorators,
        "doc": (ast.get_docstring(function) or "").strip().split("\n")[0] or None,
    }


def analyze(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        return {"error": f"{os.path.basename(path)}:{error.lineno}: {error.msg}"}
    points = []
    classes = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            points.append(describe(node, None, False))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            constructor = None
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == "__init__":
                    constructor, _ = parameters(item.args, True)
            classes.append({"name": node.name, "line": node.lineno, "constructor": constructor or []})
            for item in node.body:
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) or item.name.startswith("_"):
                    continue
                decorators = [annotation_text(d) for d in item.decorator_list]
                if "property" in decorators:
                    continue
                static = "staticmethod" in decorators
                point = describe(item, node.name, not static)
                point["static"] = static or "classmethod" in decorators
                points.append(point)
    return {"points": points, "classes": classes}


class CallTimeout(Exception):
    pass


def on_alarm(signum, frame):
    raise CallTimeout()


def literal(value, depth=0):
    """The value as Python source that evaluates back to an equal value, or None when it cannot be written so."""
    if depth > 4:
        return None
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 2000 else None
    if isinstance(value, (list, tuple)):
        items = [literal(item, depth + 1) for item in value]
        if len(items) > 200 or any(item is None for item in items):
            return None
        if isinstance(value, tuple):
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        if len(value) > 100:
            return None
        parts = []
        for key, item in value.items():
            key_text, item_text = literal(key, depth + 1), literal(item, depth + 1)
            if key_text is None or item_text is None:
                return None
            parts.append(f"{key_text}: {item_text}")
        return "{" + ", ".join(parts) + "}"
    return None


def execute(root, path, calls_path, out_path):
    sys.path.insert(0, root)
    relative = os.path.relpath(path, root)
    module_name = relative[:-3].replace(os.sep, ".")
    if module_name.endswith(".__init__"):
        module_name = module_name[: -len(".__init__")]
    import importlib
    with open(calls_path, encoding="utf-8") as handle:
        calls = json.load(handle)
    results = []
    try:
        module = importlib.import_module(module_name)
    except BaseException as error:  # noqa: BLE001 - reported, not raised
        with open(out_path, "w", encoding="utf-8") as handle:
            json.dump({"module": module_name, "importError": f"{type(error).__name__}: {error}"}, handle)
        return
    target = os.path.realpath(path)
    signal.signal(signal.SIGALRM, on_alarm)
    for call in calls:
        results.append(run_call(module, call, target))
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump({"module": module_name, "results": results}, handle)


def run_call(module, call, target):
    lines = set()

    def tracer(frame, event, arg):
        if frame.f_code.co_filename == target or os.path.realpath(frame.f_code.co_filename) == target:
            if event == "line":
                lines.add(frame.f_lineno)
            return tracer
        return None

    outcomes = []
    for attempt in range(2):  # twice: a value that changes between calls cannot be pinned
        lines.clear()
        try:
            values = [eval(source, {"__builtins__": {}}) for source in call["arguments"]]  # noqa: S307 - our own literals
            keywords = call.get("keywords") or [None] * len(values)
            arguments = [value for value, keyword in zip(values, keywords) if keyword is None]
            named = {keyword: value for value, keyword in zip(values, keywords) if keyword is not None}
            constructor = [eval(source, {"__builtins__": {}}) for source in call.get("constructorArguments", [])]  # noqa: S307
            function = getattr(module, call["function"]) if not call.get("className") else None
            if call.get("className"):
                owner = getattr(module, call["className"])
                function = getattr(owner, call["function"]) if call.get("static") else getattr(owner(*constructor), call["function"])
            signal.setitimer(signal.ITIMER_REAL, call.get("timeoutSeconds", 2))
            sys.settrace(tracer)
            try:
                value = settle(function(*arguments, **named))
            finally:
                sys.settrace(None)
                signal.setitimer(signal.ITIMER_REAL, 0)
            outcomes.append({"kind": "returned", "value": literal(value), "type": type(value).__name__,
                             "typeModule": type(value).__module__})
        except CallTimeout:
            # A call that hangs once is not tried again: the file's whole execution has one timeout.
            outcomes.extend([{"kind": "timeout"}, {"kind": "timeout"}])
            break
        except RecursionError:
            outcomes.append({"kind": "raised", "type": "RecursionError", "typeModule": "builtins"})
        except Exception as error:  # noqa: BLE001 - what the code raises is the observation
            outcomes.append({"kind": "raised", "type": type(error).__name__, "typeModule": type(error).__module__})
        except BaseException as error:  # noqa: BLE001 - SystemExit and the like are not pinned
            outcomes.append({"kind": "escaped", "type": type(error).__name__})
    first, second = outcomes
    result = dict(first)
    result["id"] = call["id"]
    result["lines"] = sorted(lines)
    result["stable"] = first == second
    return result


def settle(value):
    """A coroutine's result (run to its end with asyncio.run), a generator's first items; other values as they are."""
    if inspect.iscoroutine(value):
        return asyncio.run(value)
    if inspect.isgenerator(value):
        return list(itertools.islice(value, GENERATOR_ITEMS))
    return value


def main():
    sys.setrecursionlimit(2000)
    command = sys.argv[1]
    if command == "analyze":
        json.dump(analyze(sys.argv[2]), sys.stdout)
    elif command == "execute":
        execute(*sys.argv[2:6])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
