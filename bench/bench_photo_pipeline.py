"""Photo pipeline: 4000 x 3000 camera JPEGs with EXIF through process_photo, against a bare Pillow pipeline
(open, exif_transpose, thumbnail to 2048, save JPEG, thumbnail to 400, save JPEG) on the same photos in the
same run, rounds interleaved so both see the same machine.

Usage: python bench/bench_photo_pipeline.py [--photos N] [--rounds R]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import ExifTags, Image, ImageFilter, ImageOps  # noqa: E402

from backend.media.pipeline import process_photo  # noqa: E402


def camera_photo(seed: int) -> bytes:
    """A 4000 x 3000 JPEG with real texture and a phone's EXIF: capture time, position, every other one turned."""
    rng = random.Random(seed)
    # Texture made at a quarter of the size and scaled up: about 4 MB at quality 90, like a phone's.
    texture = Image.effect_noise((1000, 750), 60).convert("RGB").filter(ImageFilter.DETAIL)
    tint = Image.new("RGB", texture.size, (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    image = Image.blend(texture, tint, 0.4).resize((4000, 3000), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    exif[ExifTags.Base.Orientation] = 6 if seed % 2 else 1
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = f"2024:05:17 14:{seed % 60:02d}:22"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (48.0, 8.0, rng.uniform(0, 59))
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (11.0, 34.0, rng.uniform(0, 59))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def bare_pillow(data: bytes) -> tuple[bytes, bytes]:
    """The baseline: what a few lines of Pillow do, with no checks and metadata left to chance."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    image.thumbnail((2048, 2048))
    display = io.BytesIO()
    image.save(display, "JPEG")
    image.thumbnail((400, 400))
    thumbnail = io.BytesIO()
    image.save(thumbnail, "JPEG")
    return display.getvalue(), thumbnail.getvalue()


def ours(data: bytes) -> tuple[bytes, bytes]:
    photo = process_photo(data)
    return photo.display_jpeg, photo.thumbnail_jpeg


def timed(pipeline, photos: list[bytes]) -> float:
    started = time.perf_counter()
    for data in photos:
        pipeline(data)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=2)
    arguments = parser.parse_args()

    started = time.perf_counter()
    photos = [camera_photo(seed) for seed in range(arguments.photos)]
    megabytes = sum(map(len, photos)) / 1e6
    print(f"made {len(photos)} photos of 4000x3000 ({megabytes:.1f} MB) in {time.perf_counter() - started:.1f} s")

    # Warm both paths up (plugin loading, first-call costs) outside the timing.
    ours(photos[0])
    bare_pillow(photos[0])
    ours_seconds = baseline_seconds = 0.0
    for round_number in range(1, arguments.rounds + 1):
        ours_round = timed(ours, photos)
        baseline_round = timed(bare_pillow, photos)
        print(f"round {round_number}: process_photo {ours_round:.2f} s, bare Pillow {baseline_round:.2f} s")
        ours_seconds += ours_round
        baseline_seconds += baseline_round

    processed = len(photos) * arguments.rounds
    ours_rate = processed / ours_seconds
    baseline_rate = processed / baseline_seconds
    print(f"process_photo: {ours_rate:.2f} photos/s (checks, EXIF, sRGB, no metadata, progressive q85)")
    print(f"bare Pillow:   {baseline_rate:.2f} photos/s (no checks, baseline JPEG q75)")
    print(f"BENCH photo_pipeline {ours_rate:.2f} photos/s ratio={ours_seconds / baseline_seconds:.2f}")


if __name__ == "__main__":
    main()
