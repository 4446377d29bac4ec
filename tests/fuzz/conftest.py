"""Bad-input tests (RELIABILITY.md §3.4). The hypothesis profiles are registered in tests/conftest.py."""
