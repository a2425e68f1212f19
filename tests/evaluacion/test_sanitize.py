import io

from PIL import Image

from evaluacion import sanitize
from tests.evaluacion.conftest import jpeg_with_exif


def test_image_is_reencoded_without_exif():
    data, content_type = sanitize.reencode_image(jpeg_with_exif(artist="Marcela Rojas"))
    assert content_type == "image/jpeg"
    assert b"Marcela" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
