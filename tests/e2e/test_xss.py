"""B7: an XSS corpus in every place user text appears, in real Chromium (docs/reliability.md §3.4).

About 60 payloads (OWASP cheat-sheet classics, SVG, javascript: URLs, </script>, template
syntax, htmx attributes, template literals) go into every sink that exists today: post-it
text and "why", display name, organisation, role, column title, parking note, workshop title,
agenda item title and instruction. (Map popups and exports do not exist yet.) Half of the
post-its arrive before the pages load (snapshot in json_script), half while they are open
(live socket frames). The join, end-confirmation and agenda pages are checked too. Every page is checked for: the canary ``window.__xss`` unset, no CSP
violation (the listener of tests/e2e/conftest.py), no element or attribute a payload would
create, and the payload shown literally (it is in the text of the page).

The second test sends oversized input (B6) through the real server: uvicorn and Django's ASGI
handler rather than the test client of tests/fuzz/test_forms.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import (
    LIVE_TIMEOUT,
    add_postit,
    join_by_code,
    login,
    open_console,
    open_screen,
    wait_online,
    wait_until,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<svg onload="window.__xss=3">',
    "<svg/onload=window.__xss=4>",
    '"><script>window.__xss=5</script>',
    "'><img src=x onerror=window.__xss=6>",
    "</script><script>window.__xss=7</script>",
    "</textarea><script>window.__xss=8</script>",
    "</title><script>window.__xss=9</script>",
    '<iframe src="javascript:parent.__xss=10"></iframe>',
    '<a href="javascript:window.__xss=11">klik</a>',
    "javascript:window.__xss=12",
    "<body onload=window.__xss=13>",
    "<details open ontoggle=window.__xss=14>",
    "<input autofocus onfocus=window.__xss=15>",
    '<video><source onerror="window.__xss=16">',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=17>",
    '<object data="javascript:window.__xss=18">',
    '<embed src="javascript:window.__xss=19">',
    "<marquee onstart=window.__xss=20>",
    '<div style="background:url(javascript:window.__xss=21)">',
    "<style>@import 'javascript:window.__xss=22';</style>",
    "<link rel=stylesheet href=javascript:window.__xss=23>",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=24">',
    '<base href="javascript:window.__xss=25//">',
    '<form action="javascript:window.__xss=26"><button>go</button></form>',
    "<IMG SRC=JaVaScRiPt:window.__xss=27>",
    '<IMG """><SCRIPT>window.__xss=28</SCRIPT>">',
    "<img src=x onerror=&#119;indow.__xss=29>",
    "<scr<script>ipt>window.__xss=30</scr</script>ipt>",
    "%3Cscript%3Ewindow.__xss=31%3C/script%3E",
    "&lt;script&gt;window.__xss=32&lt;/script&gt;",
    "<!--<img src=x onerror=window.__xss=33>-->",
    "<![CDATA[<script>window.__xss=34</script>]]>",
    "{{7*7}}",
    "{% debug %}",
    "{{constructor.constructor('window.__xss=37')()}}",
    "${window.__xss=38}",
    "`${window.__xss=39}`",
    '<div hx-get="/sessies/" hx-trigger="load">htmx 40</div>',
    '<button hx-on:click="window.__xss=41">x</button>',
    '<div hx-on::load="window.__xss=42">',
    '<div hx-vals=\'js:{a:window.__xss=43}\' hx-post="/" hx-trigger="load">',
    '<div data-hx-on:click="window.__xss=44">',
    '<img src=x hx-on:htmx:load="window.__xss=45">',
    "<template><script>window.__xss=46</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=47>">',
    "<svg><script>window.__xss=48</script></svg>",
    '<svg><a xlink:href="javascript:window.__xss=49"><text>x</text></a></svg>',
    '<math href="javascript:window.__xss=50">x</math>',
    '" onmouseover="window.__xss=51',
    "' onfocus='window.__xss=52' autofocus '",
    "\\u003cscript\\u003ewindow.__xss=53\\u003c/script\\u003e",
    "<script src=data:,window.__xss=54></script>",
    '<img srcset="x 1x" onerror=window.__xss=55>',
    "<audio src=x onerror=window.__xss=56>",
    "<x contenteditable onblur=window.__xss=57>x</x>",
    '-->"]});window.__xss=58;//',
    '\\";window.__xss=59;//',
    '<a href="  jav&#x09;ascript:window.__xss=60">x</a>',
    "<isindex action=javascript:window.__xss=61 type=image>",
    "<svg><animate onbegin=window.__xss=62 attributeName=x dur=1s>",
]
assert len(PAYLOADS) >= 60 and len(set(PAYLOADS)) == len(PAYLOADS)

# Attributes and elements that only a payload would put on our pages.
INJECTED = """() => {
  const bad = [];
  const names = /^(on|hx-on|data-hx-on|hx-vals|hx-get|hx-trigger|xlink:href|srcset|contenteditable)/i;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) if (names.test(attr.name)) bad.push(el.tagName + ' ' + attr.name);
    if (/^(IFRAME|OBJECT|EMBED|MARQUEE|MATH|VIDEO|AUDIO|BASE|ISINDEX|X)$/.test(el.tagName)) {
      bad.push(el.tagName);
    }
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') bad.push('IMG src=x');
    if (el.tagName === 'SCRIPT' && !el.src && el.type !== 'application/json') bad.push('inline SCRIPT');
    if (el.tagName === 'META' && el.httpEquiv) bad.push('META ' + el.httpEquiv);
  }
  return bad;
}"""
# The text of the page as people see it or a screen reader reads it (no script or style text).
PAGE_TEXT = """() => {
  const parts = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const parent = walk.currentNode.parentElement;
    if (parent && !parent.closest('script, style, template')) parts.push(walk.currentNode.nodeValue);
  }
  for (const field of document.querySelectorAll('input, textarea')) parts.push(field.value);
  return parts.join('\\n');
}"""


def shown(text: str) -> str:
    """How clean_text stores a one-line payload: whitespace runs become one space."""
    return " ".join(text.split())


def fits(limit: int) -> list[str]:
    return [p for p in PAYLOADS if len(p) <= limit]


def check_page(page, expected: dict[str, list[str]], label: str) -> None:
    """No payload ran or left markup, no CSP violation, and every expected text is shown."""
    assert page.evaluate("() => window.__xss") is None, (label, page.evaluate("() => window.__xss"))
    for frame in page.frames:
        assert frame.evaluate("() => window.__xss === undefined"), (label, frame.url)
    assert page.evaluate("() => window.__csp || []") == [], label
    assert page.evaluate(INJECTED) == [], label
    text = page.evaluate(PAGE_TEXT)
    missing = {sink: [p for p in payloads if p not in text] for sink, payloads in expected.items()}
    missing = {sink: p for sink, p in missing.items() if p}
    assert not missing, (label, missing)


class Api:
    """The JSON API with the facilitator's browser session (cookie plus CSRF header)."""

    def __init__(self, page):
        self.request = page.request
        token = page.evaluate(
            "() => JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
        )
        self.headers = {"X-CSRFToken": token, "Accept-Language": "en"}

    def post(
        self, path: str, data: dict, *, status: int = 201, headers: dict | None = None
    ) -> dict:
        response = self.request.post(
            "/api/v1" + path, data=data, headers={**self.headers, **(headers or {})}
        )
        assert response.status == status, (path, data, response.status, response.text()[:300])
        return response.json()


def test_xss_corpus_is_inert_and_shown_literally_everywhere(
    new_context, server, playwright_instance, browser_problems, allow_console
):
    fac = new_context("desktop")
    console = fac.new_page()
    login(console, server.info["email"], server.info["password"])
    api = Api(console)

    # Workshop titles: one workshop per payload; the session runs in the first one.
    workshops = []
    for payload in fits(200):
        workshops.append(
            api.post(
                "/workshops",
                {
                    "title": payload,
                    "template_key": "afwegen-1",
                    "planned_start": "2026-12-03T09:00:00",
                },
            )
        )
    session = workshops[0]
    wid = session["id"]
    detail = console.request.get(f"/api/v1/workshops/{wid}", headers=api.headers).json()
    code = detail["join_code"]

    # Agenda items: a title and an instruction each; then start the first payload item.
    item_ids = []
    for p in fits(200):
        result = api.post(
            f"/workshops/{wid}/agenda-items",
            {"title": p, "duration_minutes": 5, "instruction": f"Instructie: {p}"},
        )
        item_ids.append(result["item"]["id"])
    api.post(f"/workshops/{wid}/timer", {"action": "goto", "item_id": item_ids[0]}, status=200)

    # Participants with payload names, organisations and roles, each writing one post-it whose
    # text, reason and problem owner (column) are payloads too. Half now, half once pages are open.
    people = playwright_instance.request.new_context(base_url=server.url)

    def write(payloads: list[str]) -> list[dict]:
        made = []
        for payload in payloads:
            name = payload if len(payload) <= 60 else payload[:60]
            joined = people.post(
                "/api/v1/join",
                data={
                    "code": code,
                    "display_name": name,
                    "organisation_name": payload[:100],
                    "role_text": ("rol " + payload)[:100],
                },
            )
            assert joined.status == 201, (payload, joined.text()[:300])
            bearer = {"Authorization": f"Bearer {joined.json()['token']}"}
            created = people.post(
                f"/api/v1/workshops/{wid}/postits",
                headers=bearer,
                data={"text": payload, "why": f"Omdat {payload}", "column_title": payload[:80]},
            )
            assert created.status == 201, (payload, created.status, created.text()[:300])
            made.append(
                {"payload": payload, "name": name, "postit_id": created.json()["postit"]["id"]}
            )
        return made

    half = len(PAYLOADS) // 2
    before_load = write(PAYLOADS[:half])
    # Park a third of them with a payload note (the parking lot shows the note).
    parked = before_load[::3]
    for entry in parked:
        api.post(
            f"/workshops/{wid}/postits/{entry['postit_id']}/park",
            {"parked": True, "note": f"Later: {entry['payload']}"[:300]},
            status=200,
        )

    # A participant's phone joins through the pages, with a payload name.
    phone_ctx = new_context("phone")
    phone = phone_ctx.new_page()
    phone_name = "<svg/onload=window.__xss=99>"
    join_by_code(phone, code, phone_name)

    open_console(console, wid)
    screen = fac.new_page()
    open_screen(screen, wid)

    after_load = write(PAYLOADS[half:])  # these arrive over the live sockets
    for page in (console, screen, phone):
        expect(page.locator("#live-root .postit")).to_have_count(
            len(PAYLOADS), timeout=LIVE_TIMEOUT
        )
        wait_online(page)

    texts = [shown(p) for p in PAYLOADS]
    names = [shown(e["name"]) for e in before_load + after_load]
    columns = [shown(p[:80]) for p in PAYLOADS]
    notes = [shown(f"Later: {e['payload']}"[:300]) for e in parked]
    whys = [f"Omdat {p}".strip() for p in PAYLOADS]  # multi-line fields keep inner spaces
    agenda = fits(200)
    first_item = shown(agenda[0])

    check_page(
        console,
        {
            "workshop title": [shown(session["title"])],
            "post-it text": texts,
            "why": whys,
            "author name": names + [shown(phone_name)],
            "column title": columns,
            "park note": notes,
            "organisation": [shown(p[:100]) for p in PAYLOADS],
            "role": [shown(("rol " + p)[:100]) for p in PAYLOADS],
            "agenda title": [shown(p) for p in agenda],
            "agenda instruction": [f"Instructie: {p}".strip() for p in agenda],
        },
        "console",
    )
    check_page(
        screen,
        {
            "workshop title": [shown(session["title"])],
            "post-it text": texts,
            "column title": columns,
            "current item": [first_item],
            "instruction": [f"Instructie: {agenda[0]}".strip()],
        },
        "big screen",
    )
    check_page(
        phone,
        {
            "workshop title": [shown(session["title"])],
            "post-it text": texts,
            "current item": [first_item],
        },
        "participant phone",
    )
    expect(screen.locator("#now-title")).to_have_text(first_item)

    # Live updates of the current item: the next agenda item's title arrives by socket frame.
    api.post(f"/workshops/{wid}/timer", {"action": "next"}, status=200)
    for page in (screen, phone):
        expect(page.locator("#now-title")).to_have_text(shown(agenda[1]), timeout=LIVE_TIMEOUT)
        check_page(page, {"current item": [shown(agenda[1])]}, "after next")

    # The workshop list and the agenda editor fragment, as pages of their own.
    listing = fac.new_page()
    listing.goto("/sessies/")
    check_page(listing, {"workshop title": [shown(w["title"]) for w in workshops]}, "workshop list")
    fragment = fac.new_page()
    fragment.goto(f"/sessies/{wid}/agenda/")
    check_page(fragment, {"agenda title": [shown(p) for p in agenda]}, "agenda fragment")
    confirm = fac.new_page()
    confirm.goto(f"/sessies/{wid}/afsluiten/")
    check_page(confirm, {"workshop title": [shown(session["title"])]}, "end confirmation")
    name_form = new_context("phone").new_page()  # the name step of joining shows the title too
    name_form.goto("/meedoen/")
    name_form.get_by_label("Session code").fill(code)
    name_form.get_by_role("main").get_by_role("button", name="Next").click()
    expect(name_form).to_have_url(re.compile(r"/meedoen/naam/$"))
    check_page(name_form, {"workshop title": [shown(session["title"])]}, "join name form")

    # The API returns the text as JSON strings, byte for byte, and the browser shows JSON as text.
    postits = console.request.get(f"/api/v1/workshops/{wid}/postits", headers=api.headers).json()
    assert sorted(p["text"] for p in postits) == sorted(texts)
    json_page = fac.new_page()
    json_page.goto(f"/api/v1/workshops/{wid}/postits")
    assert json_page.evaluate("() => window.__xss") is None
    assert json_page.evaluate("() => document.contentType") == "application/json"

    # Typing a payload into the phone's own post-it form takes the same path as a real person.
    typed = "<img src=x onerror=window.__xss=100>{{7*7}}"
    add_postit(phone, typed)
    for page in (console, screen, phone):
        expect(
            page.locator(
                "#live-root .postit__text", has_text=re.compile("^" + re.escape(typed) + "$")
            )
        ).to_have_count(1, timeout=LIVE_TIMEOUT)
        check_page(page, {"typed": [typed]}, "after typing")
    people.dispose()

    # The detectors work: markup injected on purpose is found, and CSP blocks and reports it.
    probe = fac.new_page()
    probe.goto("/sessies/?probe=1")
    allow_console(r"/sessies/\?probe=1 ")  # the probe's own CSP and 404 messages
    probe.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src=x onerror="window.__xss=1"><div hx-on:click="window.__xss=2"></div>')""")
    wait_until(
        lambda: probe.evaluate("() => (window.__csp || []).length"),
        timeout=10,
        message="a CSP violation report for the injected handler",
    )
    assert probe.evaluate("() => window.__xss") is None  # blocked by the policy
    assert set(probe.evaluate(INJECTED)) >= {"IMG onerror", "IMG src=x", "DIV hx-on:click"}
    with pytest.raises(AssertionError):
        check_page(probe, {}, "probe")
    browser_problems.csp[:] = [
        v for v in browser_problems.csp if "probe=1" not in v.get("page", "")
    ]


# --- B6 over the real server: oversized posts and frames --------------------------------------


def _rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_oversized_input_is_refused_by_the_real_server(server, seeded):
    """B6 through uvicorn and Django's ASGI handler (not the test client): a 10 MB post and
    10k fields get 400, a 2 MiB socket frame gets too_big and close 1009; the server's memory
    does not grow by 100 MiB. (Django logs the refused posts as security warnings.)"""
    import http.cookiejar
    import urllib.error
    import urllib.parse
    import urllib.request

    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, body: bytes, token: str) -> int:
        request = urllib.request.Request(
            server.url + path,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": token,
                "Referer": server.url + path,
                "Origin": server.url,
            },
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def csrf() -> str:
        return next(c.value for c in jar if c.name == "csrftoken")

    opener.open(server.url + "/meedoen/", timeout=20).read()
    rss_before = _rss_kib(server.process.pid)
    assert post("/meedoen/", b"code=" + b"x" * (10 * 1024 * 1024), csrf()) == 400
    many = "&".join(f"f{i}=v" for i in range(10_000)).encode()
    assert post("/meedoen/", many, csrf()) == 400

    # Join for real (the same cookies), then send a 2 MiB frame on the live socket.
    code = seeded["display_code"]
    assert post("/meedoen/", urllib.parse.urlencode({"code": code}).encode(), csrf()) == 200
    assert (
        post("/meedoen/naam/", urllib.parse.urlencode({"display_name": "Femke"}).encode(), csrf())
        == 200
    )
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    ws_url = server.url.replace("http", "ws", 1) + f"/ws/workshops/{seeded['id']}/"
    with connect(
        ws_url,
        additional_headers={"Cookie": cookies, "Origin": server.url},
        max_size=None,
        open_timeout=20,
    ) as sock:
        sock.send('{"type": "hello", "last_seq": null}')
        assert '"welcome"' in sock.recv(timeout=20)
        sock.send('{"type": "op", "data": {"text": "' + "x" * (2 * 1024 * 1024) + '"}}')
        frames, closed = [], None
        for _ in range(50):  # the error frame (after any snapshot or heartbeat), then the close
            try:
                frames.append(sock.recv(timeout=20))
            except ConnectionClosed as gone:
                closed = gone.rcvd.code if gone.rcvd else None
                break
        assert any('"too_big"' in frame for frame in frames), frames[-3:]
        assert closed == 1009
    growth = _rss_kib(server.process.pid) - rss_before
    print(f"server RSS growth after 10 MB post, 10k fields and a 2 MiB frame: {growth} KiB")
    assert growth < 100 * 1024
