"""B11: no unreviewed way around escaping, the ORM or CSRF (docs/reliability.md §3.4).

The test reads our own sources (Python, templates, our JavaScript; not vendor files, not
migrations) and fails on any risky construct that is not on the reviewed allow-list below.
To add an entry, say why it is safe in the entry itself; a stale entry fails too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "python": [
        p
        for base in ("wijktafel", "config")
        for p in (ROOT / base).rglob("*.py")
        if "migrations" not in p.parts
    ],
    "template": [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "wijktafel").rglob("templates/**/*.html"),
        *(ROOT / "wijktafel").rglob("templates/**/*.txt"),
    ],
    # The engine's modules and the apps' own (a method's client files live in its app).
    "js": [*(ROOT / "static" / "js").rglob("*.js"), *(ROOT / "wijktafel").glob("*/static/**/*.js")],
}

# (kind, name, regex). Regexes look for the use, not the word (a comment saying "never
# innerHTML" is fine; an assignment to .innerHTML is not).
RULES = [
    ("template", "|safe filter", re.compile(r"\|\s*safe(seq)?\b")),
    ("template", "autoescape off", re.compile(r"{%\s*autoescape\s+off\s*%}")),
    ("template", "inline event handler", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("template", "hx-on attribute (needs eval)", re.compile(r"\bhx-on[:-]")),
    (
        "template",
        "inline script without nonce",
        re.compile(r"<script(?![^>]*\b(src|nonce)=)[^>]*>"),
    ),
    ("python", "mark_safe", re.compile(r"\bmark_safe\s*\(")),
    ("python", "SafeString", re.compile(r"\bSafe(String|Text|Data)\s*\(")),
    (
        "python",
        "format_html with a non-constant format",
        re.compile(r"\bformat_html\s*\(\s*(?![\"']|_\(|gettext)"),
    ),
    ("python", "format_html", re.compile(r"\bformat_html\s*\(")),
    ("python", "QuerySet.extra", re.compile(r"\.extra\s*\(")),
    ("python", "RawSQL", re.compile(r"\bRawSQL\s*\(")),
    ("python", "Manager.raw", re.compile(r"\.objects\.raw\s*\(|\.raw\s*\(\s*[\"'f]")),
    ("python", "cursor.execute", re.compile(r"\.execute\s*\(")),
    ("python", "csrf_exempt", re.compile(r"\bcsrf_exempt\b")),
    ("python", "order_by from input", re.compile(r"order_by\s*\(\s*request\.")),
    ("js", "innerHTML/outerHTML assignment", re.compile(r"\.(inner|outer)HTML\s*\+?=")),
    ("js", "insertAdjacentHTML", re.compile(r"\binsertAdjacentHTML\s*\(")),
    ("js", "document.write", re.compile(r"\bdocument\.write(ln)?\s*\(")),
    ("js", "eval / new Function", re.compile(r"(?<![.\w])eval\s*\(|\bnew\s+Function\s*\(")),
    ("js", "string timer", re.compile(r"\bset(Timeout|Interval)\s*\(\s*[\"'`]")),
    ("js", "createContextualFragment/DOMParser", re.compile(r"createContextualFragment|DOMParser")),
    ("js", "on* attribute set", re.compile(r"setAttribute\s*\(\s*[\"'`]on", re.I)),
    ("js", "javascript: URL", re.compile(r"javascript:", re.I)),
    ("js", "htmx swap of text from the socket", re.compile(r"htmx\.swap\s*\(")),
]

# Reviewed exceptions: (path relative to the repository, rule name, a substring of the line, why).
ALLOWED = [
    (
        "wijktafel/core/db/spatialite/base.py",
        "cursor.execute",
        'conn.execute(f"PRAGMA busy_timeout',
        "PRAGMA on connection set-up; the value is an int from settings, no user input",
    ),
    (
        "wijktafel/core/db/rows.py",
        "cursor.execute",
        "cursor.execute(",
        "statements built from the models' own table and column names, quoted by the backend; "
        "every value is a parameter (decision 0020)",
    ),
]


def findings() -> list[tuple[str, str, int, str]]:
    found = []
    for kind, name, pattern in RULES:
        for path in SOURCES[kind]:
            rel = path.relative_to(ROOT).as_posix()
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if pattern.search(line):
                    found.append((rel, name, number, line.strip()))
    return found


def is_allowed(rel: str, name: str, line: str) -> bool:
    return any(
        rel == a_path and name == a_name and needle in line for a_path, a_name, needle, _ in ALLOWED
    )


def test_sources_are_found():
    assert len(SOURCES["python"]) > 20 and len(SOURCES["template"]) > 8 and len(SOURCES["js"]) >= 3


def test_no_unreviewed_risky_construct():
    unreviewed = [
        f"{rel}:{number}: {name}: {line}"
        for rel, name, number, line in findings()
        if not is_allowed(rel, name, line)
    ]
    assert not unreviewed, "risky constructs without a reviewed ALLOWED entry:\n" + "\n".join(
        unreviewed
    )


def test_every_allow_list_entry_is_still_needed():
    used = {(rel, name) for rel, name, _number, line in findings() if is_allowed(rel, name, line)}
    stale = [entry[:2] for entry in ALLOWED if entry[:2] not in used]
    assert not stale, f"allow-list entries that match nothing any more: {stale}"


def test_the_rules_catch_what_they_are_for():
    """Each rule fires on a typical bad line, so a broken regex cannot pass silently."""
    samples = {
        "|safe filter": "{{ postit.text|safe }}",
        "autoescape off": "{% autoescape off %}",
        "inline event handler": '<img src="x" onerror="go()">',
        "hx-on attribute (needs eval)": '<button hx-on:click="go()">',
        "inline script without nonce": "<script>go()</script>",
        "mark_safe": "return mark_safe(text)",
        "SafeString": "SafeString(text)",
        "format_html with a non-constant format": "format_html(template, x)",
        "format_html": 'format_html("<b>{}</b>", name)',
        "QuerySet.extra": "qs.extra(where=[x])",
        "RawSQL": "RawSQL(sql, [])",
        "Manager.raw": 'Postit.objects.raw("select")',
        "cursor.execute": 'cursor.execute(f"select {x}")',
        "csrf_exempt": "@csrf_exempt",
        "order_by from input": "qs.order_by(request.GET['sort'])",
        "innerHTML/outerHTML assignment": "el.innerHTML = text",
        "insertAdjacentHTML": "el.insertAdjacentHTML('beforeend', t)",
        "document.write": "document.write(t)",
        "eval / new Function": "eval(t)",
        "string timer": "setTimeout('go()', 1)",
        "createContextualFragment/DOMParser": "new DOMParser()",
        "on* attribute set": "el.setAttribute('onclick', t)",
        "javascript: URL": "a.href = 'javascript:go()'",
        "htmx swap of text from the socket": "htmx.swap(target, text, spec)",
    }
    assert set(samples) == {name for _kind, name, _pattern in RULES}
    for _kind, name, pattern in RULES:
        assert pattern.search(samples[name]), name
    # ... and the good forms do not fire.
    assert not re.search(RULES[0][2], "{{ postit.text }}")
    assert not re.search(
        {n: p for _k, n, p in RULES}["innerHTML/outerHTML assignment"],
        'htmx.ajax("GET", url, { swap: "outerHTML" })',
    )


def test_htmx_may_not_evaluate_or_run_scripts():
    """htmx is the other way HTML reaches the page; it must not eval, run scripts or leave the site."""
    base = (ROOT / "templates" / "base.html").read_text()
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
    assert match, "base.html must configure htmx"
    config = json.loads(match.group(1))
    assert config.get("allowEval") is False
    assert config.get("allowScriptTags") is False
    assert config.get("selfRequestsOnly") is True
