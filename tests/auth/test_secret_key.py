"""The secret key: made into var/secret_key (mode 0600) on the server's first start when none is configured,
reused on every start after, so tokens outlive a restart; a configured key wins and signs everyone out."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from backend.config import Settings
from tests.live import cli, prepare

EMAIL, PASSWORD = "keeper@example.org", "a-long-keeper-secret-3"


def login(base: str) -> str:
    response = httpx.post(f"{base}/api/v1/auth/login", json={"email": EMAIL, "password": PASSWORD}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def me(base: str, token: str) -> int:
    return httpx.get(f"{base}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code


def test_the_key_is_made_once_on_first_start_and_reused_after(tmp_path):
    server = prepare(tmp_path / "var", demo=False)
    del server.env["FIELDCHECK_SECRET_KEY"]
    made = cli(server.env, "create-user", "--email", EMAIL, "--password", PASSWORD, "--role", "tester")
    assert made.returncode == 0, made.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert not key_file.exists()

    server.start()
    try:
        assert key_file.stat().st_mode & 0o777 == 0o600
        key = key_file.read_text()
        assert len(key.strip()) >= 64
        token = login(server.url)
        assert me(server.url, token) == 200
    finally:
        server.stop()

    server.start()
    try:
        assert key_file.read_text() == key, "the second start reads the key, it makes none"
        assert me(server.url, token) == 200, "a token survives the restart"
    finally:
        server.stop()

    server.env["FIELDCHECK_SECRET_KEY"] = "a configured key wins over the file"
    server.start()
    try:
        assert me(server.url, token) == 401, "tokens are digested under the key: a new key signs everyone out"
        assert me(server.url, login(server.url)) == 200
    finally:
        server.stop()
    assert key_file.read_text() == key
    assert sorted(p.name for p in key_file.parent.iterdir() if "secret" in p.name) == ["secret_key"]


def test_workers_starting_at_once_share_one_key(tmp_path):
    barrier = threading.Barrier(16)
    keys: list[str] = []

    def start() -> None:
        settings = Settings(var_dir=tmp_path, secret_key="")
        barrier.wait()
        keys.append(settings.resolved_secret_key())

    threads = [threading.Thread(target=start) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 16 and len(set(keys)) == 1
    assert (tmp_path / "secret_key").read_text().strip() == keys[0]
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"], "no draft is left behind"


def test_a_configured_key_makes_no_file_and_an_empty_file_is_refused(tmp_path):
    assert Settings(var_dir=tmp_path, secret_key="configured").resolved_secret_key() == "configured"
    assert not (tmp_path / "secret_key").exists()
    Path(tmp_path / "secret_key").write_text("\n")
    with pytest.raises(RuntimeError, match="empty"):
        Settings(var_dir=tmp_path, secret_key="").resolved_secret_key()
