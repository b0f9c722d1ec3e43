"""Credential files that point Google's client libraries at a fake's token endpoint."""

from __future__ import annotations

import json
from typing import Any


def google_user_credentials(programme: Any, token_uri: str, name: str = "google.json") -> str:
    """An authorised-user credentials file whose token endpoint is a fake's."""
    programme.write(
        name,
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "cid.apps.googleusercontent.com",
                "client_secret": "gsecret-77",
                "refresh_token": "1//refresh-token-xyz",
                "token_uri": token_uri,
            }
        ),
    )
    return name


SERVICE_ACCOUNT = "vc-sync@bimtek.iam.gserviceaccount.com"


def google_service_account(programme: Any, token_uri: str, name: str = "sa.json") -> str:
    """A service-account key file (a fresh RSA key) whose token endpoint is a fake's."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    programme.write(
        name,
        json.dumps(
            {
                "type": "service_account",
                "project_id": "bimtek",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": SERVICE_ACCOUNT,
                "client_id": "1",
                "token_uri": token_uri,
            }
        ),
    )
    return name
