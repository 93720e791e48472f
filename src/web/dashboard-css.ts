/**
 * The dashboard's own few rules, served as a file beside the site's stylesheet (the layout links
 * only that one; the page links this one itself), so the CSP still needs no inline style.
 */
export const DASHBOARD_CSS_PATH = '/assets/dashboard.css';

export const DASHBOARD_CSS = `dl.plan {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 0.2rem 1rem;
}
dl.plan dt {
  font-weight: 600;
}
dl.plan dd {
  margin: 0;
}
ul.periods {
  list-style: none;
  padding: 0;
  display: flex;
  flex-wrap: wrap;
  gap: 0.4rem 1rem;
}
ul.periods a[aria-current="page"] {
  font-weight: 700;
  text-decoration: none;
  color: var(--ink);
}
table.board,
table.numbers {
  border-collapse: collapse;
  margin: 0.5rem 0 1rem;
  min-width: 18rem;
}
table.board caption,
table.numbers caption {
  text-align: left;
  font-weight: 600;
  padding: 0.3rem 0;
}
table.board th,
table.board td,
table.numbers th,
table.numbers td {
  border-bottom: 1px solid var(--line);
  padding: 0.25rem 0.6rem;
  text-align: left;
}
table.board td,
table.numbers td {
  text-align: right;
  font-variant-numeric: tabular-nums;
}
table.board tbody th {
  word-break: break-all;
}
figure.chart {
  margin: 0.5rem 0;
}
figure.chart .chart-svg {
  width: 100%;
  height: auto;
  max-width: 40rem;
}
figure.chart figcaption {
  color: var(--muted);
}
ol.hardest li {
  margin-bottom: 0.8rem;
}
ol.hardest p {
  margin: 0.1rem 0;
}
`;
