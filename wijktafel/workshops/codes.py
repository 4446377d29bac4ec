"""Join codes and QR tokens, derived from the server key so only digests are stored.

A typed code is 8 characters of Crockford Base32 (about 40 bits), shown as ``K7QM-4XTD``;
the QR code carries a 128-bit token. Rotating the nonce invalidates both.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _mac(purpose: str, value: str) -> bytes:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}:{value}".encode(), hashlib.sha256
    ).digest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def code_for(nonce: str) -> str:
    """The 8-character join code belonging to a nonce."""
    number = int.from_bytes(_mac("join-code", nonce)[:5], "big")
    chars = []
    for _ in range(8):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return "".join(reversed(chars))


def token_for(nonce: str) -> str:
    """The 128-bit token carried by the QR code."""
    return _mac("join-token", nonce)[:16].hex()


def digest(purpose: str, value: str) -> str:
    return _mac(f"digest-{purpose}", value).hex()


CODE_MAX_LENGTH = 40  # what is typed, with spaces and dashes; longer cannot be a code
TOKEN_MAX_LENGTH = 64  # of a QR link's or a participant's token; longer is no token


def normalise_code(raw: str) -> str | None:
    """Uppercase, drop spaces and dashes, map confusable letters; None when it cannot be a code."""
    if not isinstance(raw, str) or len(raw) > CODE_MAX_LENGTH:
        return None
    cleaned = "".join(ch for ch in raw.upper() if ch not in " -.\t").translate(_CONFUSABLE)
    if len(cleaned) != 8 or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_participant_token() -> str:
    return secrets.token_urlsafe(24)
