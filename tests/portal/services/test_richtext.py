"""Rich text to plain text and back (portal/services/richtext.py)."""

from portal.services.richtext import richtext_to_text, text_to_richtext


def test_richtext_conversion_round_trip():
    text = "Primer párrafo con <símbolos> & más.\n\n- uno\n- dos"
    html = text_to_richtext(text)
    assert html == "<p>Primer párrafo con &lt;símbolos&gt; &amp; más.</p><ul><li>uno</li><li>dos</li></ul>"
    assert richtext_to_text(html) == text
