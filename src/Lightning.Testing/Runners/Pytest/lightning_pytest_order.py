"""Lightning: runs the collected tests in the order the file named by LIGHTNING_TEST_ORDER lists (node ids, one per
line). A parametrized test takes its function's place; tests the file does not list (new ones) keep their own order
after the listed ones. Collection is not narrowed: nothing is dropped."""
import os


def pytest_collection_modifyitems(session, config, items):
    path = os.environ.get("LIGHTNING_TEST_ORDER")
    if not path:
        return
    with open(path, encoding="utf-8") as handle:
        wanted = [line.rstrip("\n") for line in handle if line.strip()]
    rank = {}
    for index, node in enumerate(wanted):
        rank.setdefault(node, index)
    last = len(wanted)

    def key(item):
        node = item.nodeid
        if node in rank:
            return rank[node]
        return rank.get(node.split("[", 1)[0], last)

    items.sort(key=key)  # stable: unlisted tests keep their collection order
