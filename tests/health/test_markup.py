"""Markdown from editors becomes HTML in which nothing runs and nothing styles itself."""

from django.urls import reverse

from health.markup import render_markdown


def test_markdown_becomes_html_with_safe_links():
    html = render_markdown("Some **bold** text and [a link](https://example.org).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">a link</a>' in html


def test_scripts_styles_and_event_handlers_do_not_survive():
    html = render_markdown(
        "<script>alert(1)</script><style>p{color:red}</style>"
        '<img src="x" onerror="alert(1)"><p onclick="alert(1)" style="color:red">hi</p><iframe src="x"></iframe>'
    )
    for forbidden in ("<script", "alert", "<style", "color:red", "onerror", "onclick", "<img", "<iframe", "style="):
        assert forbidden not in html
    assert "hi" in html


def test_javascript_and_data_links_lose_their_address():
    html = render_markdown("[click](javascript:alert(1)) [data](data:text/html,hi) <a href='JaVaScRiPt:x'>x</a>")
    assert "javascript" not in html.lower() and "data:" not in html


def test_a_published_article_with_a_script_shows_no_script_to_readers(client, make_article):
    article = make_article(body="Fine text <script>document.cookie</script> [x](javascript:alert(1))")
    page = client.get(reverse("health:article", args=[article.slug])).content.decode()
    assert "Fine text" in page and "document.cookie" not in page and "javascript:alert" not in page
