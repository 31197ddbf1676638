"""The app shell: served with the right types and caching, precached whole by /sw.js, installable."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from backend.shell import ONLINE_ONLY, PWA_DIR, build_router
from tests.pwa.conftest import PHONE

SW_FILES = re.compile(r"const SHELL_FILES = (\[.*?\]);", re.S)
SW_VERSION = re.compile(r'const VERSION = "([0-9a-f]+)";')
IMPORT = re.compile(r"""(?:from\s+|import\s*\(\s*)["'](\.{1,2}/[^"']+|/[^"']+)["']""")


def client_for(root: Path) -> TestClient:
    app = FastAPI()
    app.include_router(build_router(root))
    return TestClient(app)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return client_for(PWA_DIR)


def service_worker(client: TestClient) -> tuple[str, list[str]]:
    body = client.get("/sw.js").text
    return SW_VERSION.search(body).group(1), json.loads(SW_FILES.search(body).group(1))


def test_every_file_of_the_shell_is_precached(client):
    _, precached = service_worker(client)
    on_disk = {p.relative_to(PWA_DIR).as_posix() for p in PWA_DIR.rglob("*") if p.is_file()}
    expected = {"/" + p for p in on_disk if not p.startswith(ONLINE_ONLY)} - {"/sw.js", "/index.html"} | {"/"}
    assert set(precached) == expected
    assert len(precached) == len(set(precached))


def test_every_precached_url_is_served(client):
    _, precached = service_worker(client)
    for url in precached:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "no-cache", url


def test_online_only_files_are_served_but_not_precached(client):
    _, precached = service_worker(client)
    online_only = [p for p in PWA_DIR.rglob("*") if p.is_file() and p.relative_to(PWA_DIR).as_posix().startswith(ONLINE_ONLY)]
    for path in online_only:
        url = "/" + path.relative_to(PWA_DIR).as_posix()
        assert url not in precached
        assert client.get(url).status_code == 200


def test_every_module_import_resolves_to_a_precached_file(client):
    _, precached = service_worker(client)
    shell = set(precached)
    sources = [PWA_DIR / "sw.js", *(p for p in PWA_DIR.joinpath("js").rglob("*.js")
                                   if not p.relative_to(PWA_DIR).as_posix().startswith(ONLINE_ONLY))]
    for source in sources:
        for target in IMPORT.findall(source.read_text("utf-8")):
            resolved = target if target.startswith("/") else "/" + (
                source.parent / target).resolve().relative_to(PWA_DIR).as_posix()
            if resolved.lstrip("/").startswith(ONLINE_ONLY):
                # The admin console loads on demand, online; it must still exist.
                assert client.get(resolved).status_code == 200, resolved
                continue
            assert resolved in shell, f"{source.name} imports {target}, which is not precached"


@pytest.mark.parametrize("url, content_type", [
    ("/", "text/html; charset=utf-8"),
    ("/sw.js", "text/javascript; charset=utf-8"),
    ("/js/app.js", "text/javascript; charset=utf-8"),
    ("/css/app.css", "text/css; charset=utf-8"),
    ("/manifest.webmanifest", "application/manifest+json"),
    ("/icons/icon-192.png", "image/png"),
    ("/i18n/de.json", "application/json"),
])
def test_content_types(client, url, content_type):
    assert client.get(url).headers["content-type"] == content_type


def test_index_and_service_worker_are_never_cached_blindly(client):
    for url in ("/", "/sw.js"):
        response = client.get(url)
        assert response.headers["cache-control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304


def test_manifest_makes_the_app_installable(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["name"] and manifest["short_name"]
    index = client.get("/").text
    assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in index
    assert '<link rel="manifest" href="/manifest.webmanifest">' in index
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes >= {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}


def test_icons_exist_with_their_declared_sizes(client):
    manifest = client.get("/manifest.webmanifest").json()
    for icon in manifest["icons"]:
        path = PWA_DIR / icon["src"].lstrip("/")
        width, height = (int(n) for n in icon["sizes"].split("x"))
        with Image.open(path) as image:
            assert image.format == "PNG" and icon["type"] == "image/png"
            assert image.size == (width, height)
        if icon["purpose"] == "maskable":
            # A maskable icon fills the whole square: the platform cuts its own shape out of it.
            with Image.open(path) as image:
                assert image.convert("RGBA").getpixel((1, 1))[3] == 255


def test_service_worker_version_follows_the_shell_contents(tmp_path):
    root = tmp_path / "pwa"
    shutil.copytree(PWA_DIR, root)
    client = client_for(root)
    first, _ = service_worker(client)
    assert service_worker(client)[0] == first

    css = root / "css" / "app.css"
    css.write_text(css.read_text("utf-8") + "\n/* changed */\n", "utf-8")
    second, _ = service_worker(client)
    assert second != first

    (root / "js" / "added.js").write_text("export const added = true;\n", "utf-8")
    third, files = service_worker(client)
    assert third != second and "/js/added.js" in files

    css.write_text(css.read_text("utf-8").replace("\n/* changed */\n", ""), "utf-8")
    (root / "js" / "added.js").unlink()
    assert service_worker(client)[0] == first


def test_the_same_content_gives_the_same_version_anywhere(tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(PWA_DIR, root)
    assert service_worker(client_for(root))[0] == service_worker(client_for(PWA_DIR))[0]


@pytest.mark.e2e
def test_the_installed_service_worker_holds_every_file_and_starts_offline(browser, shell_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(shell_server + "/")
    page.wait_for_function("navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        const names = (await caches.keys()).filter((n) => n.startsWith("fieldcheck-shell-"));
        const cache = await caches.open(names[0]);
        return { names, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
    }""")
    precached = service_worker(client_for(PWA_DIR))
    assert cached["names"] == [f"fieldcheck-shell-{precached[0]}"]
    assert sorted(cached["urls"]) == sorted(precached[1])

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#login-email")
    assert page.locator("h1").inner_text() in ("Anmelden", "Log in")
    context.close()
