"""The one door to WeasyPrint: it switches Pillow to accept truncated images when imported, which
would let corrupt uploads through the photo pipeline in the same process; this puts it back."""

from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ImageFile.LOAD_TRUNCATED_IMAGES = False

__all__ = ["HTML", "URLFetcher", "URLFetcherResponse"]
