/**
 * The dashboard's one stylesheet, served as a file (a strict CSP allows no inline styles). System fonts and no
 * images keep it small and offline; phone widths turn tables into stacked cards.
 */
export const stylesheet = `
:root {
  --ink: #1a1d21; --muted: #59616b; --line: #d5dae1; --bg: #f5f6f8; --surface: #fff;
  --accent: #0b57d0; --accent-ink: #fff; --focus: #0b57d0;
  --danger: #b42318; --danger-bg: #fef3f2; --ok: #067647; --ok-bg: #ecfdf3;
  --test: #93370d; --test-bg: #fff4e5; --live: #067647; --live-bg: #ecfdf3;
  --radius: 8px; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
code, pre { font-family: var(--mono); font-size: 0.9em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.75rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }

.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--surface); padding: 0.5rem 0.75rem; border-radius: var(--radius); z-index: 10; }
.skip-link:focus { top: 0.5rem; }

.site-header { background: var(--surface); border-bottom: 1px solid var(--line); border-top: 4px solid var(--accent); }
.mode-live .site-header { border-top-color: var(--live); }
.mode-test .site-header { border-top-color: #f79009; }
.bar { max-width: 76rem; margin: 0 auto; padding: 0.6rem 1.25rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.25rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; }
.organization { color: var(--muted); padding-left: 1rem; border-left: 1px solid var(--line); }
.main-nav { display: flex; gap: 1rem; margin-right: auto; }
.main-nav a { text-decoration: none; color: var(--ink); padding: 0.25rem 0; border-bottom: 2px solid transparent; }
.main-nav a:hover, .main-nav a[aria-current="page"] { border-bottom-color: var(--accent); }
.mode-switch { display: flex; align-items: center; gap: 0.5rem; margin: 0; }
.mode-label { color: var(--muted); font-size: 0.9rem; }
.segmented { display: inline-flex; border: 1px solid var(--line); border-radius: 999px; padding: 2px; background: var(--bg); }
.segmented button { font: inherit; font-size: 0.9rem; border: 0; background: transparent; color: var(--ink); padding: 0.2rem 0.8rem; border-radius: 999px; cursor: pointer; }
.segmented button[aria-pressed="true"] { background: var(--surface); box-shadow: 0 1px 2px rgb(0 0 0 / 0.15); font-weight: 600; }
.segmented button[value="test"][aria-pressed="true"] { color: var(--test); background: var(--test-bg); }
.segmented button:disabled { color: #8a929c; cursor: not-allowed; text-decoration: line-through; }
.sign-out { margin: 0; }
.mode-note { max-width: 76rem; margin: 0 auto; padding: 0 1.25rem 0.5rem; color: var(--muted); font-size: 0.875rem; }

main { display: block; max-width: 76rem; margin: 0 auto; padding: 1.5rem 1.25rem 2rem; }
.site-footer { max-width: 76rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; color: var(--muted); font-size: 0.875rem; }

.page-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem; margin-bottom: 1rem; }
.page-head h1 { margin: 0; overflow-wrap: anywhere; }
.actions, .form-actions, .pagination { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.form-actions { margin-top: 1rem; }
.pagination { justify-content: flex-end; margin: 1rem 0; }

.button { display: inline-block; font: inherit; font-size: 0.95rem; line-height: 1.2; padding: 0.55rem 1rem; border-radius: var(--radius); border: 1px solid var(--line); background: var(--surface); color: var(--ink); text-decoration: none; cursor: pointer; }
.button:hover { border-color: #9aa3ae; }
.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.button.primary:hover { background: #0842a0; }
.button.danger { color: var(--danger); border-color: #f1aeb5; }
.button.danger:hover { background: var(--danger-bg); }
button.button.danger[type="submit"] { background: var(--danger); border-color: var(--danger); color: #fff; }
.button.quiet { border-color: transparent; background: transparent; color: var(--accent); }
.link-button { font: inherit; background: none; border: 0; padding: 0.25rem 0; color: var(--accent); text-decoration: underline; cursor: pointer; }

.mode-badge { display: inline-block; vertical-align: middle; font-size: 0.75rem; font-weight: 600; letter-spacing: 0.02em; text-transform: uppercase; padding: 0.15rem 0.5rem; border-radius: 999px; }
.mode-badge-test { color: var(--test); background: var(--test-bg); }
.mode-badge-live { color: var(--live); background: var(--live-bg); }

.card, .panel { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem; }
.card.narrow { max-width: 34rem; margin: 2rem auto; }
.panel { margin-bottom: 1rem; }
details.panel > summary { cursor: pointer; font-weight: 600; }
details.panel[open] > summary { margin-bottom: 1rem; }
.status-code { color: var(--muted); font-family: var(--mono); margin: 0; }
.danger-zone { border-color: #f1aeb5; }

.notice { background: var(--ok-bg); color: var(--ok); border: 1px solid #abefc6; border-radius: var(--radius); padding: 0.6rem 0.9rem; }
.error-summary { background: var(--danger-bg); border: 1px solid #f1aeb5; border-left: 4px solid var(--danger); border-radius: var(--radius); padding: 0.75rem 1rem; margin-bottom: 1rem; }
.error-summary h2 { font-size: 1rem; margin: 0 0 0.25rem; color: var(--danger); }
.error-summary p { margin: 0; }
.error-summary a { color: var(--danger); font-weight: 600; }

.field { margin-bottom: 1rem; max-width: 36rem; }
.field label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
.label-note { font-weight: 400; color: var(--muted); }
input[type="text"], input[type="email"], input[type="password"], input[type="search"], select, textarea {
  display: block; width: 100%; font: inherit; color: inherit; padding: 0.5rem 0.65rem; border: 1px solid #aab2bd; border-radius: 6px; background: var(--surface); }
textarea { font-family: var(--mono); font-size: 0.9rem; resize: vertical; }
.invalid input, .invalid select, .invalid textarea { border-color: var(--danger); border-width: 2px; }
.field-error { color: var(--danger); margin: 0.3rem 0 0; font-size: 0.9rem; }
.hint { color: var(--muted); font-size: 0.875rem; margin: 0.3rem 0 0; }
.explainer { margin-top: 1.25rem; color: var(--muted); font-size: 0.9rem; }
.explainer summary { cursor: pointer; color: var(--accent); }

.search { margin: 1rem 0; }
.search label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
.search-row { display: flex; gap: 0.5rem; max-width: 36rem; }
.search-row input { flex: 1; }

.table-wrap { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); overflow-x: auto; }
table.customers { width: 100%; border-collapse: collapse; }
.customers th, .customers td { text-align: left; padding: 0.6rem 0.9rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.customers th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); background: #fafbfc; }
.customers tbody tr:last-child td { border-bottom: 0; }
.customers tbody tr { position: relative; }
.customers tbody tr:hover { background: #f8fafc; }
.customers tbody tr:focus-within { outline: 3px solid var(--focus); outline-offset: -3px; }
/* The name's link covers its whole row, so a click anywhere on the row opens the customer. */
.row-link::after { content: ""; position: absolute; inset: 0; }
.row-link:focus-visible { outline: none; }
/* Break a long word (an email, say) only where it cannot fit whole, never mid-word by preference. */
.customers td { overflow-wrap: break-word; }
.customers td:last-child { white-space: nowrap; }
.none { color: var(--muted); font-style: italic; }
.empty-state { background: var(--surface); border: 1px dashed var(--line); border-radius: var(--radius); padding: 2rem; text-align: center; color: var(--muted); }
.api-hint { color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }

.breadcrumbs { font-size: 0.9rem; color: var(--muted); margin-bottom: 0.5rem; overflow-wrap: anywhere; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 1rem; align-items: start; }
.columns .wide { grid-column: 1 / -1; }
.fields { margin: 0; display: grid; gap: 0.6rem; }
.fields > div { display: grid; grid-template-columns: 8rem minmax(0, 1fr); gap: 0.75rem; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; overflow-wrap: anywhere; }
.raw { color: var(--muted); font-size: 0.85rem; }
pre.json, pre.command { margin: 0; background: #f3f4f6; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto; white-space: pre; }
pre.command { margin-top: 0.75rem; }

.timeline { list-style: none; margin: 0; padding: 0 0 0 1.1rem; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: 0 0 1rem 0.5rem; }
.timeline li::before { content: ""; position: absolute; left: -1.52rem; top: 0.35rem; width: 0.75rem; height: 0.75rem; border-radius: 50%; background: var(--surface); border: 2px solid var(--accent); }
.timeline time { display: block; color: var(--muted); font-size: 0.85rem; }
.timeline p { margin: 0.1rem 0 0; }
.delivery { margin-bottom: 1rem; }
.delivery p { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.event-type { font-family: var(--mono); font-size: 0.8rem; background: #eef2f7; border-radius: 4px; padding: 0.05rem 0.35rem; }

@media (max-width: 900px) {
  .columns { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 640px) {
  .bar { padding: 0.5rem 1rem; }
  .organization { border-left: 0; padding-left: 0; }
  main { padding: 1rem; }
  h1 { font-size: 1.35rem; }
  .fields > div { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .table-wrap { background: none; border: 0; overflow: visible; }
  table.customers, .customers tbody, .customers tr, .customers td { display: block; }
  .customers thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .customers tr { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 0.6rem; padding: 0.4rem 0; }
  .customers td { display: grid; grid-template-columns: 5.5rem minmax(0, 1fr); gap: 0.5rem; border: 0; padding: 0.2rem 0.9rem; }
  .customers td::before { content: attr(data-label); color: var(--muted); font-size: 0.85rem; }
  .customers td:last-child { white-space: normal; }
  .pagination { justify-content: space-between; }
}
@media (prefers-reduced-motion: no-preference) {
  .button, .segmented button { transition: background-color 0.15s, border-color 0.15s; }
}
`
