"""Our ASGI application, plus one line per published event (room, seq, time) written to
``WIJKTAFEL_BENCH_COMMIT_LOG``: the moment after commit when the hub is handed the event. The
fan-out benchmark measures from there ("committed"). Used by bench/ only, never in production."""

import os
import time

from config.asgi import application  # noqa: F401 (served by uvicorn)
from wijktafel.core import fanout

_log = open(os.environ["WIJKTAFEL_BENCH_COMMIT_LOG"], "a", buffering=1)  # noqa: SIM115
_publish = fanout.Hub.publish


def _publish_and_note(self, room, seq, text):
    _log.write(f"{room} {seq} {time.time():.6f}\n")
    _publish(self, room, seq, text)


fanout.Hub.publish = _publish_and_note

if os.environ.get("WIJKTAFEL_BENCH_TRACE"):  # where the time goes: hop onto the loop, the writes
    _deliver = fanout.Hub.deliver

    def _deliver_and_note(self, room, seq, text):
        started = time.time()
        _deliver(self, room, seq, text)
        _log.write(f"# {room} {seq} {started:.6f} {time.time():.6f}\n")

    fanout.Hub.deliver = _deliver_and_note

if os.environ.get("WIJKTAFEL_BENCH_SWITCH"):  # experiment: GIL switch interval, seconds
    import sys

    sys.setswitchinterval(float(os.environ["WIJKTAFEL_BENCH_SWITCH"]))

if os.environ.get("WIJKTAFEL_BENCH_GC"):  # experiment: how long the garbage collector pauses
    import gc
    import sys

    _gc_started = [0.0]

    def _gc_note(phase, info):
        if phase == "start":
            _gc_started[0] = time.perf_counter()
        elif info["generation"] == 2 or time.perf_counter() - _gc_started[0] > 0.01:
            took = (time.perf_counter() - _gc_started[0]) * 1000
            sys.stderr.write(f"gc gen{info['generation']} {took:.0f} ms {info['collected']}\n")

    gc.callbacks.append(_gc_note)

if os.environ.get("WIJKTAFEL_BENCH_OBJECTS"):  # experiment: which objects the process holds
    import collections
    import gc
    import signal
    import sys

    def _count_objects(signum, frame):
        gc.collect()
        counts = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
        sys.stderr.write(f"objects {sum(counts.values())}\n")
        for name, count in counts.most_common(40):
            sys.stderr.write(f"  {count:8d} {name}\n")
        sys.stderr.flush()

    signal.signal(signal.SIGUSR1, _count_objects)
