/**
 * The checkout's one stylesheet, served as a file with a hash in its name (checkout/assets.ts), as the dashboard's
 * is: a strict CSP allows no inline styles. A narrow card, system fonts, nothing loaded from elsewhere.
 */
export const checkoutStylesheet = `
:root {
  --ink: #1a1d21; --muted: #59616b; --line: #d5dae1; --bg: #f5f6f8; --surface: #fff;
  --accent: #0b57d0; --accent-ink: #fff; --focus: #0b57d0;
  --danger: #b42318; --danger-bg: #fef3f2; --ok: #067647; --ok-bg: #ecfdf3;
  --test: #93370d; --test-bg: #fff4e5; --live: #067647; --live-bg: #ecfdf3;
  --radius: 8px; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
code { font-family: var(--mono); font-size: 0.9em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
main { max-width: 34rem; margin: 2rem auto; padding: 0 1rem; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
.amount { font-size: 2rem; font-weight: 700; margin: 0; }
.description { margin: 0 0 1rem; overflow-wrap: anywhere; }
.mode-notice { border-radius: var(--radius); padding: 0.6rem 0.9rem; margin-bottom: 1rem; font-weight: 600; }
.mode-test { color: var(--test); background: var(--test-bg); border: 1px solid #fedf89; }
.mode-live { color: var(--live); background: var(--live-bg); border: 1px solid #abefc6; }
.facts { margin: 0 0 1rem; display: grid; gap: 0.35rem; }
.facts > div { display: grid; grid-template-columns: 8rem minmax(0, 1fr); gap: 0.5rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); margin: 0 0 1rem; padding: 0.75rem 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.methods { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.25rem 1rem; }
.methods label { display: flex; gap: 0.4rem; align-items: center; }
.outcomes { display: grid; gap: 0.5rem; }
.outcome { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; }
.hint { color: var(--muted); font-size: 0.875rem; margin: 0; }
.button { display: inline-block; min-width: 8rem; text-align: center; font: inherit; padding: 0.55rem 1rem; border-radius: var(--radius); border: 1px solid var(--line); background: var(--surface); color: var(--ink); text-decoration: none; cursor: pointer; }
.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.button.danger { color: var(--danger); border-color: #f1aeb5; }
.leave-open { margin-top: 1rem; }
.status { font-family: var(--mono); background: #eef2f7; border-radius: 4px; padding: 0.05rem 0.35rem; }
.error-summary { background: var(--danger-bg); border: 1px solid #f1aeb5; border-left: 4px solid var(--danger); border-radius: var(--radius); padding: 0.75rem 1rem; margin-bottom: 1rem; }
.error-summary h2 { margin: 0 0 0.25rem; color: var(--danger); font-size: 1rem; }
.error-summary p { margin: 0; }
.status-code { color: var(--muted); font-family: var(--mono); margin: 0; }
footer { max-width: 34rem; margin: 0 auto 2rem; padding: 0 1rem; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 480px) { .facts > div { grid-template-columns: minmax(0, 1fr); gap: 0; } main { margin: 1rem auto; } }
`
