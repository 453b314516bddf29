// The HTML report's stylesheet: system fonts only (with the CJK ones each OS ships), one column
// that reflows down to a phone's width, and A4 pages when printed. A backslash at the end of a
// line continues that line: the stylesheet has no line break there.
export const HTML_STYLE = `
:root{--fail:#c53030;--unknown:#b7791f;--error:#6b46c1;--pass:#1b873f;--na:#718096;--line:#e2e8f0;--muted:#4a5568}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f6f8;color:#1a202c;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC",\
"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",Roboto,\
"Helvetica Neue",Arial,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.25rem;margin:0 0 .75rem;display:inline}
h3{font-size:1.05rem;margin:0}
h4{font-size:.9rem;margin:.75rem 0 .25rem;color:var(--muted)}
p{margin:.25rem 0}
code{font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
dd,p,li,h3{overflow-wrap:break-word}
pre{overflow-wrap:anywhere}
header,section{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.25rem;margin:0 0 1rem}
.summary{display:flex;flex-wrap:wrap;gap:1.25rem;align-items:center;border:0;padding:0;margin:0 0 1rem}
.gauge{width:9.5rem;height:9.5rem;flex:none}
.gauge circle{fill:none;stroke-width:12}
.gauge .track{stroke:var(--line)}
.gauge .value{stroke-linecap:round}
.gauge text{text-anchor:middle;fill:#1a202c}
.gauge .number{font-size:34px;font-weight:700}
.gauge .of{font-size:11px;fill:var(--muted)}
.figures{flex:1 1 16rem}
.grade{font-size:1.6rem;font-weight:700}
.capped{color:var(--fail);font-weight:600}
.verdict{font-weight:700;padding:.3rem .6rem;border-radius:.4rem;display:inline-block;margin:.4rem 0}
.verdict.passed{background:#e6f4ea;color:var(--pass)}
.verdict.failed{background:#fdecec;color:var(--fail)}
.counts{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem}
.count{border-radius:1rem;padding:.1rem .7rem;background:#edf2f7}
.count.fail{background:#fdecec;color:var(--fail)}
.count.unknown{background:#fdf5e6;color:var(--unknown)}
.count.error{background:#f1ebfb;color:var(--error)}
.count.pass{background:#e6f4ea;color:var(--pass)}
.machine{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.5rem 1rem;margin:0;\
border-top:1px solid var(--line);padding-top:.75rem}
.machine dt{color:var(--muted);font-size:.8rem}
.machine dd{margin:0;font-weight:600}
.replayed{color:var(--unknown);font-weight:600}
.item{border-left:.35rem solid var(--line);padding:.5rem 0 .5rem .9rem;margin:0 0 1.25rem}
.item.fail{border-color:var(--fail)}
.item.unknown{border-color:var(--unknown)}
.item.error{border-color:var(--error)}
.item ol{margin:.25rem 0;padding-left:1.6rem}
.item ol li{margin:.2rem 0}
.badge,.severity{display:inline-block;font-size:.75rem;font-weight:700;border-radius:.3rem;padding:0 .4rem;\
vertical-align:.1rem;color:#fff}
.badge.fail{background:var(--fail)}.badge.unknown{background:var(--unknown)}.badge.error{background:var(--error)}
.badge.pass{background:var(--pass)}.badge.not_applicable{background:var(--na)}
.severity{background:#fff;border:1px solid currentColor}
.severity.critical{color:#9b2c2c}.severity.high{color:var(--fail)}.severity.medium{color:var(--unknown)}\
.severity.low,.severity.info{color:var(--na)}
.id{margin:0}
.refs{font-size:.85rem;color:var(--muted)}
.ref{display:inline-block;background:#edf2f7;border-radius:.3rem;padding:0 .4rem;margin:.1rem 0}
.hint{font-weight:600}
.found{display:grid;grid-template-columns:auto 1fr;gap:.1rem .75rem;margin:.5rem 0;padding:.4rem .6rem;\
background:#fff8f0;border-radius:.4rem}
.found div{display:contents}.found dt{color:var(--muted);font-weight:600}.found dd{margin:0}
.first{margin:.4rem 0 0;padding-left:1.4rem}.first li{margin:.15rem 0}
.checked{color:var(--muted);font-size:.9rem}
.fleet{border-collapse:collapse;width:100%;font-size:.9rem}.fleet th,.fleet td{border-bottom:1px solid var(--line);\
padding:.3rem .4rem;text-align:left;vertical-align:top}
.blank{display:inline-block;min-width:8em;border-bottom:1px solid #1a202c;height:1.1em;vertical-align:-.2em}
.blank-cell{min-width:6em}
.answers{font-size:.85rem;color:var(--muted)}
.equivalent{margin-top:.75rem;padding-top:.5rem;border-top:1px dashed var(--line);font-size:.85rem;color:var(--muted)}
.disclaimer,.note{font-size:.85rem;color:var(--muted)}
.scan-found{background:#fff8f0;border-radius:.4rem;padding:.4rem .6rem;margin:.5rem 0}
.signature p{margin:1.25rem 0}
.changes{border-color:#3182ce}.changes li{margin:.15rem 0}
.reasons{font-size:.85rem;color:var(--muted);margin:.25rem 0;padding-left:1.2rem}
.evidence summary{cursor:pointer;font-size:.85rem;color:var(--muted)}
pre{white-space:pre-wrap;background:#f7fafc;border:1px solid var(--line);border-radius:.4rem;padding:.5rem;\
font-size:.75rem;margin:.25rem 0}
details>summary{cursor:pointer}
.brief{list-style:none;padding:0;margin:.5rem 0 0}
.brief li{padding:.2rem 0;border-bottom:1px solid var(--line)}
.none{color:var(--pass);font-weight:600}
footer{font-size:.8rem;color:var(--muted);padding:0 .25rem 2rem;overflow-wrap:anywhere}
@media (max-width:30rem){main{padding:.5rem}header,section{padding:.75rem}.gauge{width:7.5rem;height:7.5rem}\
h1{font-size:1.25rem}}
@page{size:A4;margin:14mm 12mm}
@media print{
body{background:#fff;font-size:10.5pt}
main{max-width:none;padding:0}
header,section{border:0;padding:0;margin:0 0 6mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.item,.summary,.machine,.found,.first,.brief li,tr,.signature,.template{break-inside:avoid}
h2{break-after:avoid}
.template{break-before:page}
details>summary{list-style:none}
details::details-content{content-visibility:visible;display:contents}
}
`;
