"""Bad-input tests (docs/reliability.md §3.4). The hypothesis profiles are registered in tests/conftest.py."""
