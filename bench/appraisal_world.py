"""The world of the appraisal live benchmark (bench/appraisal_live.py): its database, prepared
through the services, our server on it, and the websocket and HTTP clients of its pages.

``python -m bench.appraisal_world`` prepares the database (``Server`` runs it in a subprocess with
the server's environment, as bench/common.py runs bench/_setup_db.py); it prints JSON."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
import uuid

from bench.common import PY, ROOT, Wijktafel

SOLUTIONS = 8


# --- The database (run in a subprocess with the server's environment) --------------------------


def setup_database(extra_postits: int = 0) -> None:
    """Migrate, then through the services: a facilitator, work session I (8 participants in two
    groups, a problem owner, group 1's core problem, 8 solutions, and ``extra_postits`` more post-its in
    one insert, for a large appraisal) and work session II (4 participants in two groups, at
    step 6) of one appraisal. Prints JSON."""
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    import bench._setup_db as base  # sets Django up
    from wijktafel.accounts.models import Organisation, User
    from wijktafel.activities import services as wall
    from wijktafel.appraisals import services as aps
    from wijktafel.workshops import services
    from wijktafel.workshops.services import Actor

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    org = Organisation.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(
        "bench@example.org", "bench-wachtwoord-123", organisation=org, role=User.Role.FACILITATOR
    )
    fac = Actor(user=user)

    def op():
        return uuid.uuid4()

    def workshop(template, title, people):
        ws = services.workshop_create(
            user=user,
            title=title,
            template_key=template,
            planned_start=timezone.now() + dt.timedelta(hours=1),
        )
        joined = [
            services.participant_join(workshop=ws, display_name=f"Deelnemer {i}")
            for i in range(people)
        ]
        return ws, joined

    def group(ws, name, members):
        result = aps.group_create(
            workshop_id=ws.pk,
            actor=fac,
            client_op_id=op(),
            name=name,
            member_ids=[p.participant.pk for p in members],
        )
        return result.event.payload["group"]["id"]

    appraisal = aps.appraisal_create(
        user=user,
        title="Afweging Bench",
        trigger="Veel klachten over zwerfvuil rond complex A",
        horizon_years=10,
    )
    one, people_one = workshop("afwegen-1", "Werksessie I", 8)
    aps.appraisal_link(user=user, appraisal_id=appraisal.pk, session=1, workshop_id=one.pk)
    g1 = group(one, "Groep 1", people_one[:4])
    g2 = group(one, "Groep 2", people_one[4:])
    column = wall.column_create(
        workshop_id=one.pk, actor=fac, client_op_id=op(), title="Bewoners"
    ).event.payload["id"]
    member = Actor(participant=people_one[0].participant)
    cp = aps.core_problem_create(
        workshop_id=one.pk,
        actor=member,
        client_op_id=op(),
        owner_id=column,
        fields={"formulation": "Afval naast de containers"},
    )
    if extra_postits:
        base.add_wall(one, people_one, extra_postits)
    solutions = []
    for n in range(SOLUTIONS):
        who = member if n < SOLUTIONS // 2 else Actor(participant=people_one[4].participant)
        result = aps.solution_create(
            workshop_id=one.pk,
            actor=who,
            client_op_id=op(),
            fields={"title": f"Oplossing {n + 1}", "out_of_the_box": n in (0, SOLUTIONS // 2)},
        )
        solutions.append(result.event.payload["solution"]["id"])

    two, people_two = workshop("afwegen-2", "Werksessie II", 4)
    aps.appraisal_link(user=user, appraisal_id=appraisal.pk, session=2, workshop_id=two.pk)
    h1 = group(two, "Groep Noord", people_two[:2])
    h2 = group(two, "Groep Zuid", people_two[2:])
    step6 = next(i for i in two.agenda_items.order_by("position") if i.step == 6)
    services.timer_control(workshop_id=two.pk, actor=fac, action="goto", item_id=step6.pk)

    def sessions(ws, joined):
        return [base.session({ws.pk: p.token}) for p in joined]

    print(
        json.dumps(
            {
                "cookie": settings.SESSION_COOKIE_NAME,
                "facilitator_session": base.session(user=user),
                "one": {
                    "id": one.pk,
                    "head": type(one).objects.get(pk=one.pk).last_seq,
                    "sessions": sessions(one, people_one),
                    "groups": [g1, g2],
                    "core_problem": cp.event.payload["core_problem"]["id"],
                    "core_problem_version": cp.event.payload["core_problem"]["version"],
                },
                "two": {"id": two.pk, "sessions": sessions(two, people_two), "groups": [h1, h2]},
                "solutions": solutions,
                "appraisal": appraisal.pk,
            }
        )
    )


class Server(Wijktafel):
    """Our server on the appraisal database above, with the task worker that makes the documents
    beside it, as ``make run`` starts them (the rest as in common.Wijktafel)."""

    def __init__(self, wall: int = 0):
        super().__init__(setup=[PY, "-m", "bench.appraisal_world", str(wall)])
        self.worker: subprocess.Popen | None = None

    def start(self) -> None:
        super().start()
        self.worker = subprocess.Popen(
            [PY, "manage.py", "jobs_worker", "--interval", "0.2"], env=self.env, cwd=ROOT
        )

    def stop_process(self) -> None:
        if self.worker is not None:
            self.worker.terminate()
            try:
                self.worker.wait(15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait(5)
            self.worker = None
        super().stop_process()


# --- The clients of the pages ------------------------------------------------------------------


class Sock:
    """One websocket of a page: records when each event (by seq) arrived."""

    def __init__(self, name: str, cookie: str, session_key: str):
        self.name, self.cookie, self.session_key = name, cookie, session_key
        self.ws = None
        self.reader = None
        self.welcomed = asyncio.Event()
        self.arrived: dict[int, tuple[float, str, dict]] = {}  # seq -> (time, kind, data)
        self.acks: dict[str, int] = {}  # op id -> seq
        self.refusals: list[str] = []
        self.changed = asyncio.Event()

    async def connect(self, url: str, origin: str, head: int | None) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            url,
            origin=origin,
            additional_headers={"Cookie": f"{self.cookie}={self.session_key}"},
            compression=None,
            max_size=2**22,
            ping_interval=None,
            open_timeout=30,
            close_timeout=2,
        )
        self.reader = asyncio.create_task(self.read())
        await self.ws.send(json.dumps({"type": "hello", "last_seq": head}))
        await asyncio.wait_for(self.welcomed.wait(), 30)

    async def read(self) -> None:
        try:
            async for text in self.ws:
                now = time.time()
                frame = json.loads(text)
                kind = frame.get("type")
                if kind == "event":
                    self.arrived[frame["seq"]] = (now, frame["kind"], frame["data"])
                elif kind == "ack":
                    self.acks[frame["op"]] = frame["seq"]
                elif kind == "welcome":
                    self.welcomed.set()
                elif kind in ("rejected", "error"):
                    self.refusals.append(text[:300])
                self.changed.set()
        except Exception:  # noqa: BLE001 - the socket closed; what arrived is kept
            self.changed.set()

    async def send_op(self, kind: str, data: dict) -> tuple[str, float]:
        op = str(uuid.uuid4())
        frame = json.dumps({"type": "op", "op": op, "kind": kind, "data": data})
        started = time.time()
        await self.ws.send(frame)
        return op, started

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 3)
            except Exception:  # noqa: BLE001
                pass
        if self.reader is not None:
            self.reader.cancel()


def download(server: Server, path: str) -> tuple[float, int]:
    """Ask for one of the appraisal's documents as the facilitator, as the browser does: the ask
    leads to the job's page (or straight to the file when it is made already), which is asked
    again until the worker is done, then the file. (seconds from the ask to the file, bytes)."""
    import re
    import urllib.request

    from bench.common import HOST

    headers = {
        "Cookie": f"{server.data['cookie']}={server.data['facilitator_session']}",
        "X-Forwarded-Proto": "https",  # production settings: as behind the proxy
    }

    def get(url: str):
        request = urllib.request.Request(f"http://{HOST}:{server.port}{url}", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.geturl(), response.read()

    started = time.monotonic()
    status, url, body = get(path)
    for _ in range(2400):  # the job's page, every 0.1 s, at most 4 minutes
        if body.startswith(b"%PDF"):
            return time.monotonic() - started, len(body)
        link = re.search(rb'data-document-file href="([^"]+)"', body)
        if status == 200 and link:
            status, url, body = get(link.group(1).decode())
            continue
        time.sleep(0.1)
        status, url, body = get(url.removeprefix(f"http://{HOST}:{server.port}"))
    raise RuntimeError(f"{path}: no document after 4 minutes (last {status} {url})")


if __name__ == "__main__":
    import sys

    setup_database(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
