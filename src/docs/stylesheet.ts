/** The reference page's stylesheet, served as a file (the CSP allows no inline styles); system fonts only. */
export const stylesheet = `
:root {
  --ink: #1a1d21; --muted: #59616b; --line: #d5dae1; --bg: #f5f6f8; --surface: #fff; --accent: #0b57d0;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; --radius: 8px;
  --get: #067647; --post: #0b57d0; --patch: #93370d; --delete: #b42318;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { scroll-padding-top: 1rem; -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
code, pre { font-family: var(--mono); font-size: 0.88em; }
:not(pre) > code { background: #eef1f5; border-radius: 4px; padding: 0.05rem 0.3rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
main:focus { outline: none; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--surface); padding: 0.5rem 0.75rem; border-radius: var(--radius); z-index: 10; }
.skip-link:focus { top: 0.5rem; }

.site-header { background: var(--surface); border-bottom: 1px solid var(--line); }
.bar { max-width: 80rem; margin: 0 auto; padding: 0.7rem 1.25rem; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1.25rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; }
.subtitle { color: var(--muted); }
.main-nav { display: flex; gap: 1rem; margin-left: auto; }

.layout { max-width: 80rem; margin: 0 auto; padding: 0 1.25rem; display: grid; grid-template-columns: 15rem minmax(0, 1fr); gap: 2rem; }
.toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: 1.5rem 0; }
.toc-title { font-size: 0.8rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin: 0 0 0.5rem; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc li a { display: block; padding: 0.3rem 0.5rem; border-radius: 6px; text-decoration: none; color: var(--ink); }
.toc li a:hover { background: #e9edf2; }
main { padding: 1.5rem 0 3rem; }
main > section { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1.5rem; margin-bottom: 1.25rem; }
main > section:target { border-color: var(--accent); box-shadow: 0 0 0 2px rgb(11 87 208 / 0.15); }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 0 0 0.5rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 0.95rem; margin: 1rem 0 0.25rem; font-weight: 600; }
.base-url { color: var(--muted); }

.method { display: inline-block; min-width: 3.6rem; text-align: center; font: 700 0.72rem/1.6 var(--mono); color: #fff; border-radius: 4px; padding: 0 0.35rem; vertical-align: middle; }
.method-get { background: var(--get); }
.method-post { background: var(--post); }
.method-patch { background: var(--patch); }
.method-delete { background: var(--delete); }
.endpoint { font-size: 1.05rem; overflow-wrap: anywhere; }
.status { display: inline-block; font: 600 0.8rem/1.6 var(--mono); border-radius: 4px; padding: 0 0.4rem; }
.status-ok { background: #ecfdf3; color: var(--get); }
.status-error { background: #fef3f2; color: var(--delete); }
.required { font-size: 0.75rem; color: var(--delete); }
.constraint { color: var(--muted); font-size: 0.85rem; }
.content-type { font-weight: 400; }

.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
td p { margin: 0; }
table.fields td:first-child { white-space: nowrap; }
tr.depth-1 td:first-child { padding-left: 1.6rem; }
tr.depth-2 td:first-child { padding-left: 2.8rem; }
.allowed summary { cursor: pointer; color: var(--accent); font-size: 0.85rem; }
.allowed p { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.25rem; }
.response-fields > summary { cursor: pointer; color: var(--accent); }
pre { background: #f3f4f6; border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto; }
.not-found { max-width: 40rem; margin: 3rem auto; padding: 0 1.25rem; }

@media (max-width: 860px) {
  .layout { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .toc { position: static; max-height: none; padding-bottom: 0; }
  main > section { padding: 1rem; }
}
@media (max-width: 640px) {
  .bar, .layout { padding-left: 1rem; padding-right: 1rem; }
  table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table tr { display: block; padding: 0.5rem 0; border-bottom: 1px solid var(--line); }
  table td { display: inline-block; border: 0; padding: 0.1rem 0.5rem 0.1rem 0; }
  table td:last-child { display: block; }
  tr.depth-1 td:first-child { padding-left: 0.75rem; }
  tr.depth-2 td:first-child { padding-left: 1.5rem; }
}
`
