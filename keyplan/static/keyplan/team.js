// The team pages (account team, execution settings): keyboard use of the inline forms and
// htmx row editing, from inline.js (loaded first). No inline script anywhere (CSP).
window.keyplanInline.rows({ row: "tr[id^='member-']", form: "form.js-team-form" });
