import uuid
from pathlib import Path

import pytest

from backend.media.storage import (
    FileSystemStorage,
    ObjectNotFound,
    PhotoKeys,
    Storage,
    make_photo_keys,
    validate_key,
)

PHOTO_ID = uuid.UUID("6f1c2e0a-4b7d-4c1e-9a53-2d8f0b9e7a11")
BAD_KEYS = [
    "",
    "/etc/passwd",
    "../outside",
    "photos/../../outside",
    "photos/./original",
    "photos//original",
    "photos/original/",
    ".hidden",
    "photos/.part",
    "photos\\original",
    "C:/photos",
    "Photos/original",
    "photos/orig inal",
    "photos/original\n",
    "photos/\u00fcber",
    "photos/%2e%2e",
    "a" * 513,
]


@pytest.fixture
def storage(tmp_path: Path) -> FileSystemStorage:
    return FileSystemStorage(tmp_path / "media")


def test_file_system_storage_is_a_storage(storage):
    assert isinstance(storage, Storage)


def test_put_then_read_back_every_way(storage):
    storage.put("photos/a/original", b"original bytes")

    assert storage.get("photos/a/original") == b"original bytes"
    with storage.open("photos/a/original") as stream:
        assert stream.read() == b"original bytes"
    assert storage.exists("photos/a/original")
    assert storage.size("photos/a/original") == len(b"original bytes")


def test_put_replaces_by_rename_so_a_reader_keeps_the_old_whole_file(storage):
    storage.put("photos/a/original", b"old " * 1000)

    with storage.open("photos/a/original") as reader:
        storage.put("photos/a/original", b"new")
        assert reader.read() == b"old " * 1000

    assert storage.get("photos/a/original") == b"new"


def test_put_leaves_no_temporary_file_behind(storage):
    storage.put("photos/a/original", b"x")
    storage.put("photos/a/original", b"y")

    assert [path.name for path in (storage.root / "photos" / "a").iterdir()] == ["original"]


def test_failed_put_keeps_the_old_state_and_no_temporary_file(storage):
    storage.put("photos/a/original/inner", b"a folder now stands where the next put aims")

    with pytest.raises(OSError):
        storage.put("photos/a/original", b"new")

    assert sorted(path.name for path in (storage.root / "photos" / "a").iterdir()) == ["original"]
    assert storage.get("photos/a/original/inner") == b"a folder now stands where the next put aims"


def test_stored_files_are_private_to_the_server(storage):
    storage.put("photos/a/original", b"x")

    assert (storage.root / "photos" / "a" / "original").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_keys_are_refused_by_every_method(storage, key):
    for call in (
        lambda: storage.put(key, b"x"),
        lambda: storage.get(key),
        lambda: storage.open(key),
        lambda: storage.exists(key),
        lambda: storage.delete(key),
        lambda: storage.size(key),
    ):
        with pytest.raises(ValueError):
            call()
    assert not storage.root.exists()


@pytest.mark.parametrize("key", [None, b"photos/a", 42])
def test_keys_that_are_not_strings_are_refused(key):
    with pytest.raises(ValueError):
        validate_key(key)


@pytest.mark.parametrize("prefix", ["/", "../", "photos//", ".hidden", "photos\\", "Photos"])
def test_bad_prefixes_are_refused(storage, prefix):
    with pytest.raises(ValueError):
        list(storage.keys(prefix))


def test_missing_objects(storage):
    storage.put("photos/a/original", b"x")

    for key in ("photos/b/original", "photos/a"):
        assert not storage.exists(key)
        with pytest.raises(ObjectNotFound):
            storage.get(key)
        with pytest.raises(ObjectNotFound):
            storage.open(key)
        with pytest.raises(ObjectNotFound):
            storage.size(key)


def test_delete_is_idempotent_and_prunes_empty_folders(storage):
    storage.put("photos/a/original", b"x")
    storage.put("photos/a/display.jpg", b"y")
    storage.put("photos/b/original", b"z")

    storage.delete("photos/a/original")
    storage.delete("photos/a/original")
    assert not storage.exists("photos/a/original")
    assert storage.exists("photos/a/display.jpg")

    storage.delete("photos/a/display.jpg")
    assert not (storage.root / "photos" / "a").exists()
    assert storage.get("photos/b/original") == b"z"

    storage.delete("photos/b/original")
    storage.delete("never/stored")
    assert storage.root.is_dir()
    assert list(storage.keys()) == []


def test_put_after_a_pruning_delete_makes_the_folder_again(storage):
    storage.put("photos/a/original", b"x")
    storage.delete("photos/a/original")

    storage.put("photos/a/original", b"again")

    assert storage.get("photos/a/original") == b"again"


def test_keys_lists_objects_by_prefix(storage):
    for key in ("photos/a/original", "photos/a/display.jpg", "photos/ab/original", "reports/r1.pdf", "top"):
        storage.put(key, b"x")
    (storage.root / "photos" / ".left-by-a-crash.part").write_bytes(b"partial")

    assert sorted(storage.keys()) == [
        "photos/a/display.jpg",
        "photos/a/original",
        "photos/ab/original",
        "reports/r1.pdf",
        "top",
    ]
    assert sorted(storage.keys("photos/a/")) == ["photos/a/display.jpg", "photos/a/original"]
    assert sorted(storage.keys("photos/a")) == ["photos/a/display.jpg", "photos/a/original", "photos/ab/original"]
    assert list(storage.keys("nothing/")) == []


def test_keys_of_an_empty_storage(storage):
    assert list(storage.keys()) == []


def test_photo_keys_are_valid_and_distinct(storage):
    keys = make_photo_keys(PHOTO_ID)

    assert keys == PhotoKeys(
        original=f"photos/{PHOTO_ID}/original",
        display=f"photos/{PHOTO_ID}/display.jpg",
        thumbnail=f"photos/{PHOTO_ID}/thumbnail.jpg",
    )
    for key, data in ((keys.original, b"o"), (keys.display, b"d"), (keys.thumbnail, b"t")):
        storage.put(key, data)
    assert sorted(storage.keys(f"photos/{PHOTO_ID}/")) == sorted([keys.original, keys.display, keys.thumbnail])


def test_photo_keys_need_a_real_uuid():
    with pytest.raises(TypeError):
        make_photo_keys("../../etc")
