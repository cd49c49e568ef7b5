// The resource board's forms: keyboard use, from inline.js (loaded first). No inline script
// anywhere (CSP). Escape cancels (follows the form's Cancel link); Ctrl+Enter (or
// Cmd+Enter) saves.
window.keyplanInline.escapeKey({ cancel: "form.js-resource-form" });
window.keyplanInline.saveKey("form.js-resource-form");
