"""Every appraisal event kind is documented in docs/realtime.md, and every kind a service logs is one."""

import ast
from pathlib import Path

from wijktafel.appraisals import events

ROOT = Path(__file__).resolve().parents[2]


def test_every_event_kind_is_documented():
    doc = (ROOT / "docs" / "realtime.md").read_text()

    missing = [kind for kind in events.EVENT_KINDS if f"`{kind}`" not in doc]

    assert not missing, missing
    assert len(set(events.EVENT_KINDS)) == len(events.EVENT_KINDS)


def test_the_services_log_only_declared_kinds():
    used = set()
    for path in sorted((ROOT / "wijktafel" / "appraisals" / "services").glob("*.py")):
        tree = ast.parse(path.read_text())
        used |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "events"
        }

    declared = {name for name in dir(events) if name.isupper() and name != "EVENT_KINDS"}
    assert used <= declared
    assert {getattr(events, name) for name in declared} == set(events.EVENT_KINDS)
