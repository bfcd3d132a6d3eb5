// Runs before the page paints: lets the CSS lay out the JavaScript-only parts (side panel, toggles).
document.documentElement.classList.add("js");
