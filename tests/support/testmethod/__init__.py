"""A method defined inside the tests: one op, one panel, one agenda template.

It plugs into the session engine exactly as a real method does (its ``plugin.py``), and the
tests drive it over the socket, the API and the authorization matrix. It is installed only by
the test settings (``tests/settings.py``); no engine file names it (decision 0011).
"""
