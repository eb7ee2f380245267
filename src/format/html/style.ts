// The report's stylesheet, inlined into the page. System fonts only (nothing to fetch); colours
// meet WCAG AA contrast on white (body text 15.6:1, muted text 7:1); print is A4 landscape.
export const PAGE_CSS = `
:root{--ink:#1a1a1a;--muted:#4a4f55;--rule:#d5d9de;--soft:#f4f6f8;--accent:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
header.top,main,footer{max-width:1120px;margin:0 auto;padding:0 28px}
header.top{padding-top:28px}
header.top::after{content:"";display:block;border-bottom:3px solid var(--ink);margin-top:8px}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;font-weight:600;color:var(--muted)}
h1{margin:4px 0 2px;font-size:30px;line-height:1.2}
.meta{margin:0 0 8px;color:var(--muted)}
section{padding:22px 0 10px;border-bottom:1px solid var(--rule)}
h2{font-size:21px;margin:0 0 6px}
h3{font-size:16px;margin:18px 0 6px}
.lead{margin:0 0 12px;color:var(--muted);max-width:80ch}
.headline h2{font-size:26px}
.answer{font-size:18px;margin:4px 0 16px}
.answer strong{font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:14px}
.card{border:1px solid var(--rule);border-top:6px solid var(--accent);border-radius:6px;padding:12px 16px 10px;background:#fff}
.card.best{border:2px solid var(--ink);border-top:6px solid var(--accent);box-shadow:0 2px 8px rgba(0,0,0,.08)}
.card h3{margin:0;font-size:18px;display:flex;justify-content:space-between;align-items:center;gap:8px}
.card-id{margin:0 0 8px;color:var(--muted);font-size:13px}
.badge{font-size:12px;font-weight:700;background:var(--ink);color:#fff;border-radius:999px;padding:2px 10px;letter-spacing:.02em}
.card dl{margin:0}
.card dl div{display:flex;justify-content:space-between;gap:12px;padding:3px 0;border-top:1px solid var(--soft)}
.card dt{color:var(--muted);white-space:nowrap}
.card dd{margin:0;white-space:nowrap;font-weight:600;font-variant-numeric:tabular-nums;text-align:right}
.card dl div:first-child dd{font-size:20px}
.reasons{margin:0;padding-left:20px;max-width:100ch}
.reasons li{margin:3px 0}
.missing{color:var(--muted)}
figure.chart-box{margin:0 0 14px}
svg.chart{width:100%;height:auto;display:block;font-family:inherit;font-size:13px;fill:var(--ink)}
svg.chart .grid{stroke:#e3e6ea;stroke-width:1}
svg.chart .axis{stroke:#5b636b;stroke-width:1}
svg.chart .unit{font-weight:600;fill:var(--muted)}
svg.chart .note{font-size:12.5px;fill:var(--ink)}
svg.chart .halo{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
svg.chart .rule{stroke:#1a1a1a;stroke-width:1.2;stroke-dasharray:4 3}
svg.chart .band{fill:#eef1f4}
svg.chart .end-label{font-weight:700}
svg.chart .end-value{font-variant-numeric:tabular-nums;fill:var(--muted)}
svg.chart .panel-title{font-weight:700}
svg.chart .step-label,svg.chart .bar-value{font-size:11.5px;fill:var(--muted)}
.table-wrap{overflow-x:auto;margin:6px 0 14px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{padding:5px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.total{font-weight:700}
td.date{white-space:nowrap}
td.source{font-size:12.5px;color:var(--muted);max-width:46ch;overflow-wrap:anywhere}
td.stale{font-weight:700}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;cursor:pointer;display:inline-flex;gap:4px;align-items:center}
th button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
th .sort-icon::after{content:"\\2195";color:var(--muted);font-size:11px}
th[aria-sort=ascending] .sort-icon::after{content:"\\25B2";color:var(--ink)}
th[aria-sort=descending] .sort-icon::after{content:"\\25BC";color:var(--ink)}
tbody tr:nth-child(even){background:#fafbfc}
.line-items td{font-size:12.5px;white-space:nowrap}
.line-items td:nth-child(4){white-space:normal;min-width:18ch}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
a{color:#0b5cad}
footer{padding:18px 28px 36px;color:var(--muted);font-size:13px}
@page{size:A4 landscape;margin:11mm 12mm}
@media print{
  body{font-size:11pt}
  header.top,main,footer{max-width:none;padding-left:0;padding-right:0}
  section{break-inside:auto;padding-top:10px}
  figure.chart-box,.cards,.card,h2,h3{break-inside:avoid;break-after:avoid-page}
  figure.chart-box svg{max-height:150mm}
  #cumulative,#monthly,#break-even,#capacity,#uncertainty{break-before:page}
  .table-wrap{overflow:visible}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  th button{pointer-events:none}
  th .sort-icon{display:none}
  table{font-size:9pt}
  th,td{padding:3px 6px}
  .line-items td,.line-items th{font-size:7.5pt;padding:1.5px 5px}
  .line-items td.source{max-width:none;font-size:6.5pt;white-space:nowrap}
  .card.best{box-shadow:none}
  a{color:inherit;text-decoration:none}
}
`;
