"""Agent Lightning's live events for pytest, loaded with ``-p lightning_pytest_events``.

Appends one JSON object per line to the file named by LIGHTNING_TEST_EVENTS: a test's start, its captured output,
and its end once setup, call and teardown are over. Class and case names are the ones pytest's junitxml plugin
writes (``mangle_test_address``), and outcomes follow its rules (xfail is a skip, a failing setup or teardown an
error), so the live events and the JUnit report name and judge every test alike.
"""

import json
import os
import re

_PATH = os.environ.get("LIGHTNING_TEST_EVENTS")
_OUT = open(_PATH, "a", encoding="utf-8") if _PATH else None  # noqa: SIM115 - open for the whole session
_STATE = {}


def _emit(event):
    if _OUT is None:
        return
    _OUT.write(json.dumps(event, ensure_ascii=False) + "\n")
    _OUT.flush()


def _names(nodeid):
    # pytest's junitxml.mangle_test_address: the file as a dotted path, classes, then the name with its parameters.
    path, bracket, params = nodeid.partition("[")
    names = path.split("::")
    names[0] = re.sub(r"\.py$", "", names[0].replace("/", "."))
    names[-1] += bracket + params
    return ".".join(names[:-1]), names[-1]


def _start(nodeid, location):
    class_name, name = _names(nodeid)
    event = {"e": "start", "k": nodeid, "suite": "pytest", "className": class_name, "name": name, "selector": nodeid}
    if location:
        event["file"] = location[0]
        if location[1] is not None:
            event["line"] = location[1] + 1
    _emit(event)


def _message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    return crash.message if crash is not None else str(report.longrepr)


def pytest_runtest_logstart(nodeid, location):
    _STATE[nodeid] = {"outcome": "passed", "failures": [], "skip": None, "duration": 0.0}
    _start(nodeid, location)


def pytest_runtest_logreport(report):
    state = _STATE.setdefault(report.nodeid, {"outcome": "passed", "failures": [], "skip": None, "duration": 0.0})
    state["duration"] += getattr(report, "duration", 0.0) or 0.0
    xfail = hasattr(report, "wasxfail")
    if report.failed:
        if report.when == "call" and xfail:
            state["outcome"] = "skipped"
            state["skip"] = {"message": "xfail-marked test passes unexpectedly", "type": None}
        elif report.when == "call":
            state["outcome"] = "failed"
            state["failures"].append({"kind": "failure", "message": _message(report), "stack": str(report.longrepr)})
        else:
            if state["outcome"] != "failed":
                state["outcome"] = "errored"
            what = "teardown" if report.when == "teardown" else "setup"
            state["failures"].append(
                {"kind": "error", "message": 'failed on %s with "%s"' % (what, _message(report)), "stack": str(report.longrepr)})
    elif report.skipped:
        state["outcome"] = "skipped"
        if xfail:
            reason = report.wasxfail[8:] if report.wasxfail.startswith("reason: ") else report.wasxfail
            state["skip"] = {"message": reason, "type": "pytest.xfail"}
        else:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            state["skip"] = {"message": reason[9:] if reason.startswith("Skipped: ") else reason, "type": "pytest.skip"}
    if report.when == "teardown":
        for stream, text in (("stdout", report.capstdout), ("stderr", report.capstderr)):
            if text:
                _emit({"e": "output", "k": report.nodeid, "stream": stream, "text": text})


def pytest_runtest_logfinish(nodeid, location):
    state = _STATE.pop(nodeid, None)
    if state is None:
        return
    event = {"e": "finish", "k": nodeid, "outcome": state["outcome"], "duration": state["duration"], "failures": state["failures"]}
    if state["skip"] is not None:
        event["skip"] = state["skip"]
    _emit(event)


def pytest_collectreport(report):
    # A module that cannot be imported, or is skipped as a whole, is one case of the report.
    if report.passed:
        return
    _start(report.nodeid, None)
    if report.failed:
        event = {"e": "finish", "k": report.nodeid, "outcome": "errored",
                 "failures": [{"kind": "error", "message": "collection failure", "stack": str(report.longrepr)}]}
    else:
        event = {"e": "finish", "k": report.nodeid, "outcome": "skipped", "skip": {"message": "collection skipped", "type": "pytest.skip"}}
    _emit(event)


def pytest_internalerror(excrepr, excinfo):
    _emit({"e": "finish", "k": "pytest::internal", "suite": "pytest", "className": "pytest", "name": "internal", "outcome": "errored",
           "failures": [{"kind": "error", "message": "internal error", "stack": str(excrepr)}]})


def pytest_unconfigure(config):
    if _OUT is not None:
        _OUT.close()
