"""User markdown is rendered once and sanitised: no executable markup survives."""

from html.parser import HTMLParser

import pytest

from ecosystem.markdown import markdown_problems, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="jav&#x61;script:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<iframe src='https://evil.example'></iframe>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](vbscript:msgbox(1))",
    "<a href='javascript&colon;alert(1)'>x</a>",
]


class _ExecutableMarkup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "svg", "math", "object", "embed", "style", "img"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in {"href", "src", "xlink:href"} and value:
                scheme = value.strip().lower().split(":", 1)[0]
                if ":" in value and scheme not in {"http", "https", "mailto"}:
                    self.found.append(f"{name}={value}")


def executable_markup(html: str) -> list[str]:
    parser = _ExecutableMarkup()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_html_never_carries_executable_markup(payload):
    assert executable_markup(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_unsafe_input_is_explained(payload):
    assert markdown_problems(payload)


def test_ordinary_markdown_keeps_its_formatting_and_safe_links():
    html = render_markdown("**Thin** to one fruit per cluster. [Guide](https://example.org/thin)")
    assert "<strong>Thin</strong>" in html
    assert 'href="https://example.org/thin"' in html
    assert 'rel="noopener noreferrer nofollow ugc"' in html
    assert markdown_problems("Email [us](mailto:help@example.org) about data: plans") == []
