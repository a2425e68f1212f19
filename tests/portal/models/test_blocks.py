"""Body StreamField images: Wagtail's ImageBlock (alt text or decorative) with a caption, rendered as
responsive WebP/JPEG renditions; the 0007 migration moves the old custom image block to it."""

import importlib
import json
import re

import pytest
from django.core.exceptions import ValidationError

from portal.models.blocks import BodyBlock, CaptionedImageBlock
from tests.factories.portal import image_factory, news_factory, standard_page_factory
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]

body_image_migration = importlib.import_module("portal.migrations.0003_body_image_block")


def _image_body(image, *, alt_text="", decorative=False, caption=""):
    return json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative},
                    "caption": caption,
                },
            }
        ]
    )


def test_body_image_renders_a_picture_with_webp_and_a_jpeg_fallback(client, site_tree):
    image = image_factory(title="Plaza")
    page = standard_page_factory(
        body=_image_body(image, alt_text="Vecinos en la plaza de armas", caption="Cabildo abierto 2025")
    )

    html = client.get(page.url).content.decode()

    picture = re.search(r'<figure class="block-image"><picture>(.*?)</picture>', html, re.S).group(1)
    source = re.search(r"<source [^>]+>", picture).group(0)
    assert 'type="image/webp"' in source
    assert re.search(r'srcset="[^"]+\.webp \d+w', source)
    assert 'sizes="(min-width: 860px) 820px, 100vw"' in source
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert ".jpg" in img and 'alt="Vecinos en la plaza de armas"' in img and 'loading="lazy"' in img
    assert "<figcaption>Cabildo abierto 2025</figcaption>" in html


def test_decorative_body_image_has_an_empty_alt(client, site_tree):
    page = news_factory(body=_image_body(image_factory(), alt_text="ignorado", decorative=True))

    html = client.get(page.url).content.decode()

    img = re.search(r'<figure class="block-image"><picture>.*?(<img [^>]+>)', html, re.S).group(1)
    assert 'alt=""' in img
    assert "ignorado" not in html


def test_image_needs_alt_text_unless_decorative():
    block = CaptionedImageBlock()
    image = image_factory()
    missing = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": False}, "caption": ""}
    )
    with pytest.raises(ValidationError):
        block.clean(missing)

    decorative = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""}
    )
    assert block.clean(decorative)["image"].decorative is True
    described = block.to_python(
        {"image": {"image": image.pk, "alt_text": "Mapa", "decorative": False}, "caption": ""}
    )
    assert block.clean(described)["image"].contextual_alt_text == "Mapa"


def test_body_image_child_is_wagtails_image_block_in_spanish():
    from wagtail.images.blocks import ImageBlock

    image_block = BodyBlock().child_blocks["image"].child_blocks["image"]
    assert isinstance(image_block, ImageBlock)
    assert image_block.deconstruct()[0] == "wagtail.images.blocks.ImageBlock"
    assert str(image_block.child_blocks["image"].label) == "Imagen"


@pytest.mark.parametrize(
    ("legacy", "new"),
    [
        (
            {"image": 7, "caption": "Feria", "alt": "Puestos de la feria"},
            {
                "image": {"image": 7, "alt_text": "Puestos de la feria", "decorative": False},
                "caption": "Feria",
            },
        ),
        # An empty alt was rendered alt="": the image was decorative, and stays so.
        (
            {"image": 7, "caption": "", "alt": " "},
            {"image": {"image": 7, "alt_text": "", "decorative": True}, "caption": ""},
        ),
    ],
)
def test_migration_moves_the_old_image_block_and_back(legacy, new):
    forward = body_image_migration.LegacyImageToImageBlock()
    backward = body_image_migration.ImageBlockToLegacyImage()

    assert forward.apply(legacy) == new
    assert forward.apply(new) == new  # idempotent
    assert backward.apply(new) == {**legacy, "alt": legacy["alt"].strip()}
