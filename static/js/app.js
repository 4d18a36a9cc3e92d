// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // After an in-place update, move focus to the updated region's first heading or
  // alert so keyboard and screen-reader users learn what changed.
  let region = event.detail.target;
  // An outerHTML swap replaced the target itself: the region now on the page is the new
  // element with the same id (the old one, detached, would take the focus off the page).
  if (!region.isConnected) region = region.id ? document.getElementById(region.id) : null;
  const focusable = region && region.querySelector("[data-focus-after-swap]");
  if (focusable) focusable.focus();
});

// A picture wider than the screen (the ecosystem map on a phone) opens at its centre,
// where the goal is.
document.querySelectorAll(".eco-scroll").forEach((frame) => {
  frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;
});

// A section the server refreshes while the person may be working in it (the new goal's
// "When you work", inside an element marked data-keep-edits that asks for the refresh): a
// reply that arrives after they changed one of its fields is dropped, so a refresh never
// overwrites what they typed or ticked.
document.addEventListener("htmx:beforeRequest", (event) => {
  const section = event.detail.elt;
  if (section.matches("[data-keep-edits]")) section.dataset.editedSince = "";
});
["input", "change"].forEach((kind) => {
  document.addEventListener(kind, (event) => {
    const section = event.target.closest && event.target.closest("[data-keep-edits]");
    if (section) section.dataset.editedSince = "1";
  });
});
document.addEventListener("htmx:beforeSwap", (event) => {
  const section = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (section && section.matches("[data-keep-edits]") && section.dataset.editedSince === "1") {
    event.detail.shouldSwap = false;
  }
});
