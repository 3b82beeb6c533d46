"""Agent Lightning: the files each pytest test opens for reading, for test selection.

Loaded with ``-p lightning_pytest_reads`` while a coverage map is built. An audit hook (``sys.addaudithook``, the
interpreter's own "open" event, raised by ``open()``, ``io.open``, ``os.open`` and ``pathlib``) records every file opened
for reading while a test runs (setup, call and teardown), and while a test module is imported (those reads count for
each test of the module). Only files inside LIGHTNING_PYTEST_READS_ROOT (the repository) are kept, relative to it;
Python sources and bytecode are left out, as the import graph and the coverage lines already follow them. At the end
of the session it writes ``{"tests": {"tests/test_x.py::test_a": ["data/x.json", ...]}}`` to LIGHTNING_PYTEST_READS,
test ids relative to LIGHTNING_PYTEST_READS_PROJECT as the coverage map names them. Audit hooks cannot be removed, so
the hook only looks at a flag when no test is running.
"""

import json
import os
import sys

import pytest

_OUTPUT = os.environ.get("LIGHTNING_PYTEST_READS")
_ROOT = os.path.realpath(os.environ.get("LIGHTNING_PYTEST_READS_ROOT") or os.getcwd())
_PROJECT = os.path.realpath(os.environ.get("LIGHTNING_PYTEST_READS_PROJECT") or os.getcwd())
_SKIPPED = (".py", ".pyc", ".pyo", ".pyd", ".so")

_current = None
_reads = {}
_module_reads = {}
_busy = False


def _is_read(mode, flags):
    if isinstance(mode, str):
        return "r" in mode or "+" in mode
    if isinstance(flags, int):
        return flags & os.O_ACCMODE in (os.O_RDONLY, os.O_RDWR)
    return True


def _hook(event, args):
    global _busy
    if event != "open" or _current is None or _busy:
        return
    path = args[0] if args else None
    if not isinstance(path, (str, bytes, os.PathLike)):
        return  # an open file descriptor: not a path
    _busy = True  # realpath and fspath must not re-enter the hook's bookkeeping
    try:
        if not _is_read(args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else None):
            return
        full = os.path.realpath(os.fsdecode(os.fspath(path)))
        if full.endswith(_SKIPPED) or "__pycache__" in full:
            return
        if full != _ROOT and not full.startswith(_ROOT + os.sep):
            return
        if not os.path.isfile(full):
            return
        relative = os.path.relpath(full, _ROOT).replace(os.sep, "/")
        _current.add(relative)
    except Exception:  # the test being measured must never fail because of the measurement
        pass
    finally:
        _busy = False


if _OUTPUT:
    sys.addaudithook(_hook)


def _test_id(item):
    """The node id with its file relative to the project (pytest's rootdir may be elsewhere)."""
    parts = item.nodeid.split("::")
    try:
        parts[0] = os.path.relpath(os.path.realpath(str(item.path)), _PROJECT).replace(os.sep, "/")
    except (AttributeError, ValueError):
        pass
    # Coverage contexts, and so the map, name the function: its parametrised cases are one test there.
    parts[-1] = parts[-1].split("[", 1)[0]
    return "::".join(parts)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    global _current
    if not _OUTPUT or not isinstance(collector, pytest.Module):
        yield
        return
    reads = _module_reads.setdefault(os.path.realpath(str(collector.path)), set())
    _current = reads
    try:
        yield
    finally:
        _current = None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    global _current
    if not _OUTPUT:
        yield
        return
    reads = _reads.setdefault(_test_id(item), set())
    reads.update(_module_reads.get(os.path.realpath(str(item.path)), ()))
    _current = reads
    try:
        yield
    finally:
        _current = None


def pytest_sessionfinish(session, exitstatus):
    if not _OUTPUT:
        return
    document = {"tests": {test: sorted(files) for test, files in sorted(_reads.items()) if files}}
    with open(_OUTPUT, "w", encoding="utf-8") as out:
        json.dump(document, out)
