"""The chaos harness: a real server stack, simulated phones, a cutting proxy and the oracle that
checks nothing was lost (used by tests/chaos, tests/scale and tests/faults)."""
