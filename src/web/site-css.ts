/**
 * The one stylesheet, served at /assets/site.css so the CSP needs no inline style. A module
 * rather than a .css file because the build (tsc) copies only TypeScript into dist/.
 */
export const SITE_CSS = `
:root {
  color-scheme: light;
  --ink: #1b1f24;
  --muted: #4a5360;
  --link: #0b57d0;
  --line: #d5dae1;
  --bg: #ffffff;
  --accent: #f3f6fa;
}
* {
  box-sizing: border-box;
}
body {
  margin: 0;
  font-family: system-ui, "Noto Sans CJK KR", "Noto Sans KR", sans-serif;
  color: var(--ink);
  background: var(--bg);
  line-height: 1.6;
}
header.site {
  border-bottom: 1px solid var(--line);
  background: var(--accent);
}
header.site nav {
  max-width: 60rem;
  margin: 0 auto;
  padding: 0.6rem 1rem;
  display: flex;
  justify-content: space-between;
  gap: 1rem;
}
main {
  max-width: 60rem;
  margin: 0 auto;
  padding: 1rem;
}
a {
  color: var(--link);
}
a:focus-visible,
button:focus-visible,
input:focus-visible {
  outline: 3px solid var(--link);
  outline-offset: 2px;
}
h1 {
  font-size: 1.7rem;
  margin: 0.5rem 0 1rem;
}
h2 {
  font-size: 1.3rem;
  margin-top: 2rem;
  border-bottom: 1px solid var(--line);
}
h3 {
  font-size: 1.05rem;
  margin: 1.2rem 0 0.4rem;
}
ul.terms {
  list-style: none;
  padding: 0;
  margin: 0;
}
ul.terms li {
  padding: 0.25rem 0;
  border-bottom: 1px solid var(--accent);
}
.term {
  font-weight: 600;
}
.name {
  color: var(--muted);
}
.short {
  color: var(--ink);
}
.hint,
.where,
.questions {
  color: var(--muted);
  font-size: 0.95rem;
}
form.search {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  align-items: center;
  margin: 1rem 0;
}
form.search input[type="search"] {
  flex: 1 1 16rem;
  padding: 0.45rem;
  font-size: 1rem;
  border: 1px solid var(--muted);
  border-radius: 4px;
}
form.search button {
  padding: 0.45rem 1rem;
  font-size: 1rem;
  border: 1px solid var(--link);
  background: var(--link);
  color: #fff;
  border-radius: 4px;
  cursor: pointer;
}
form.search .hint {
  flex-basis: 100%;
  margin: 0;
}
.definition {
  margin: 0.5rem 0 1rem;
}
.long {
  white-space: pre-line;
}
ul.links {
  padding-left: 1.2rem;
  word-break: break-all;
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** The site icon (a blue ship's wheel-ish mark); linked from every page so browsers do not ask for /favicon.ico. */
export const SITE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#0b57d0"/><circle cx="16" cy="16" r="6" fill="none" stroke="#fff" stroke-width="3"/><path d="M16 2v8M16 22v8M2 16h8M22 16h8" stroke="#fff" stroke-width="3"/></svg>`;
