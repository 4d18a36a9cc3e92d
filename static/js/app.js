// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // After an in-place update, move focus to the updated region's first heading or
  // alert so keyboard and screen-reader users learn what changed.
  const target = event.detail.target;
  const focusable = target.querySelector("[data-focus-after-swap]");
  if (focusable) focusable.focus();
});

// A picture wider than the screen (the ecosystem map on a phone) opens at its centre,
// where the goal is.
document.querySelectorAll(".eco-scroll").forEach((frame) => {
  frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;
});
