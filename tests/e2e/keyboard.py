"""Driving a page with the keyboard alone, as someone who cannot use a mouse would: Tab
(or Shift+Tab) until a named control has the focus, and whether that focus can be seen.

`tab_to` presses at most `limit` keys and fails with the list of everything that had the
focus on the way, so a control the keyboard cannot reach says where the keyboard went."""

from playwright.sync_api import expect

# What a person would call the focused element: its tag, and its label or text.
DESCRIBE_FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "(the page itself)";
  const label = element.getAttribute("aria-label")
    || (element.labels && element.labels.length ? element.labels[0].textContent : "")
    || element.textContent || element.getAttribute("placeholder") || element.value || "";
  const tag = element.tagName.toLowerCase() + (element.type ? `[${element.type}]` : "");
  return `${tag} “${label.trim().replace(/\\s+/g, " ").slice(0, 60)}”`;
}"""

# The focus ring this site draws (an outline, or a box shadow) on the focused element.
FOCUS_RING = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "nothing is focused";
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return outline || shadow ? "" : `no outline or box shadow (outline: ${style.outline})`;
}"""


def focused_description(page) -> str:
    return page.evaluate(DESCRIBE_FOCUS)


def assert_focus_visible(page) -> None:
    """The focused element shows a focus ring (computed style, not a screenshot)."""
    missing = page.evaluate(FOCUS_RING)
    assert not missing, f"{focused_description(page)}: {missing}"


def tab_to(page, target, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (Shift+Tab when `backwards`) until `target` (a locator naming one
    control) has the focus; then its focus ring must show."""
    expect(target).to_have_count(1)
    element = target.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    visited = []
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("element => element === document.activeElement", element):
            assert_focus_visible(page)
            return
        visited.append(focused_description(page))
    raise AssertionError(
        f"{limit} presses of {key} never reached {target}; the focus went to:\n  "
        + "\n  ".join(visited)
    )


def type_over(page, text: str) -> None:
    """Replace what the focused text box holds with `text`, by keys."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def choose_with_arrows(page, select, value: str, *, limit: int = 30) -> None:
    """Move a focused <select> (or radio group) to `value` with the arrow keys."""
    for key in ("ArrowDown", "ArrowUp"):
        for _ in range(limit):
            if select.input_value() == value:
                return
            page.keyboard.press(key)
    raise AssertionError(f"the arrow keys never chose {value!r} in {select}")
