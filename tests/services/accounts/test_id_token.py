"""The ID token check refuses a token with a bad signature, or for another issuer, audience or nonce, or
out of date: each by itself, from tokens signed here with a key the test publishes as the provider's."""

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from app.config import Settings
from app.services.accounts import single_sign_on

ISSUER = "https://login.example.test"
JWKS_URI = "https://login.example.test/keys"
SETTINGS = Settings(env="test", oidc_issuer=ISSUER, oidc_client_id="toolkit", DATABASE_URL="sqlite://")
METADATA = {"issuer": ISSUER, "jwks_uri": JWKS_URI}
KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})


PUBLISHED: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def published_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider publishes KEY; nothing leaves this machine."""
    PUBLISHED["keys"] = KeySet([KEY]).as_dict(private=False)
    single_sign_on._keys.clear()

    def get_json(url: str) -> dict[str, Any]:
        assert url == JWKS_URI
        return PUBLISHED["keys"]

    monkeypatch.setattr(single_sign_on, "_get_json", get_json)


def _token(key: RSAKey = KEY, **changes: Any) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": "toolkit", "sub": "u1", "exp": now + 300, "iat": now, "nonce": "n-1"}
    claims.update(changes)
    return jwt.encode(
        {"alg": "RS256", "kid": "provider-key"}, {k: v for k, v in claims.items() if v is not None}, key
    )


def test_a_good_token_is_accepted() -> None:
    claims = single_sign_on.validate_id_token(SETTINGS, METADATA, _token(email="a@example.test"), "n-1")
    assert claims["email"] == "a@example.test"


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: _token(key=OTHER_KEY), id="signed with another key"),
        pytest.param(lambda: _token(iss="https://evil.example.test"), id="another issuer"),
        pytest.param(lambda: _token(aud="another-client"), id="another audience"),
        pytest.param(lambda: _token(nonce="n-2"), id="another nonce"),
        pytest.param(lambda: _token(nonce=None), id="no nonce"),
        pytest.param(lambda: _token(exp=int(time.time()) - 120), id="expired"),
        pytest.param(lambda: _token(sub=None), id="no subject"),
        pytest.param(lambda: _token(aud=["toolkit", "other"], azp="other"), id="meant for another party"),
        pytest.param(lambda: _token()[:-4] + "AAAA", id="altered signature"),
    ],
)
def test_a_bad_token_is_refused(token: Any) -> None:
    with pytest.raises(single_sign_on.SignOnFailed):
        single_sign_on.validate_id_token(SETTINGS, METADATA, token(), "n-1")


def test_keys_are_fetched_again_when_the_provider_rotates_them() -> None:
    single_sign_on.validate_id_token(SETTINGS, METADATA, _token(), "n-1")  # KEY is now cached
    PUBLISHED["keys"] = KeySet([OTHER_KEY]).as_dict(private=False)
    assert single_sign_on.validate_id_token(SETTINGS, METADATA, _token(key=OTHER_KEY), "n-1")["sub"] == "u1"


def test_an_unsigned_token_is_refused() -> None:
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    body = _token().split(".")[1]
    with pytest.raises(single_sign_on.SignOnFailed):
        single_sign_on.validate_id_token(SETTINGS, METADATA, f"{header}.{body}.", "n-1")
