// Sign-up takes the time zone from the browser: fills the hidden field marked
// data-browser-time-zone. Without this script the server's default (UTC) stays; either
// way it can be changed on the profile.
(() => {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  for (const input of document.querySelectorAll("input[data-browser-time-zone]")) {
    if (!input.value) input.value = zone;
  }
})();
