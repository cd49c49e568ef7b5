// The zipper pages: keyboard use of the inline forms and htmx row editing, from inline.js
// (loaded first). No inline script anywhere (CSP).
window.keyplanInline.rows({ row: "tr[id^='rel-']", form: "form.js-zipper-form" });
