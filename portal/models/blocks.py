from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock, whose image chooser takes its label from the child's name ("Image", in
    English): here it reads "Imagen". Stored and migrated exactly as Wagtail's ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Imagen")


class CaptionedImageBlock(blocks.StructBlock):
    """Wagtail's ImageBlock (image, alt text or the "decorative" flag, which Wagtail validates) plus an
    optional caption shown under the image. Rendered with responsive WebP/JPEG renditions."""

    image = LabelledImageBlock(label=_("imagen"))
    caption = blocks.CharBlock(label=_("leyenda"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("cita"))
    attribution = blocks.CharBlock(label=_("autor"), required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("título"))
    text = blocks.TextBlock(label=_("texto"), required=False)
    page = blocks.PageChooserBlock(label=_("página"), required=False)
    url = blocks.URLBlock(label=_("enlace externo"), required=False)
    button = blocks.CharBlock(label=_("texto del botón"), default=_("Más información"))

    class Meta:
        icon = "link"
        template = "blocks/cta_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("subtítulo"), form_classname="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("párrafo"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"]
    )
    image = CaptionedImageBlock(label=_("imagen"))
    quote = QuoteBlock(label=_("cita"))
    document = DocumentChooserBlock(label=_("documento"), template="blocks/document_block.html")
    embed = EmbedBlock(label=_("contenido incrustado"), max_width=800)
    cta = CallToActionBlock(label=_("llamado a la acción"))
