//! The incident report: what was examined, the findings by severity, and for each finding of
//! `medium` and above the playbook's answers in one place — created when (each source of that
//! time), by whom (account, logon type, source address, session), with what rights, what it
//! runs (command, file, SHA-256, signer and whether its digest matched), how often, which
//! other hosts have it, what was removed, and the event records behind each — with a
//! timeline chart (inline SVG, one row per host) and a per-host table. One self-contained
//! HTML file (styles and script inline, no request leaves the page) or Markdown.
//!
//! Like the remediation plan, the answers are drafted while an image's records are in memory
//! ([`answers`]) and the document is written once every finding is judged ([`report_html`],
//! [`report_markdown`]).
use super::{Finding, Severity};
use crate::scan::{BinaryStatus, Record};

/// One of the playbook's questions about a finding, and what the records answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The question (`Created when`, `By whom`, …).
    pub question: &'static str,
    /// The facts, one per line, each with where it comes from.
    pub lines: Vec<String>,
}

fn push(out: &mut Vec<Answer>, question: &'static str, lines: Vec<String>) {
    if !lines.is_empty() {
        out.push(Answer { question, lines });
    }
}

fn rid(r: Option<u64>) -> String {
    r.map(|r| format!(" (record {r})")).unwrap_or_default()
}

/// The playbook's answers for one finding, from its record.
pub fn answers(f: &Finding, r: &Record<'_>) -> Vec<Answer> {
    let mut out = Vec::new();
    let (created_by, runs, recovered, events, source) = match *r {
        Record::ScheduledTask(t) => (
            t.created_by.as_ref(),
            &t.runs,
            t.recovered.as_ref(),
            t.events.as_slice(),
            &t.source,
        ),
        Record::Service(s) => (
            s.created_by.as_ref(),
            &s.runs,
            s.recovered.as_ref(),
            s.events.as_slice(),
            &s.source,
        ),
        Record::CronJob(c) => (
            c.created_by.as_ref(),
            &c.runs,
            c.recovered.as_ref(),
            &[][..],
            &c.source,
        ),
        Record::LinuxService(l) => (l.created_by.as_ref(), &l.runs, None, &[][..], &l.source),
        _ => return out,
    };
    // Created when: every source of the time.
    let mut when: Vec<String> = Vec::new();
    if let Some(c) = created_by {
        if let Some(t) = c.when {
            when.push(format!("{t} (the creator's time)"));
        }
        for e in c.evidence.iter().filter(|e| {
            matches!(
                e.kind.as_str(),
                "event_4698"
                    | "event_4697"
                    | "event_7045"
                    | "taskcache_registration"
                    | "xml_date"
                    | "file_created"
                    | "key_last_written"
                    | "crontab_replace"
                    | "systemctl_enable"
            )
        }) {
            when.push(format!("{}: {}{}", e.kind, e.value, rid(e.record_id)));
        }
    }
    if let Some(t) = source.times.created {
        when.push(format!(
            "{t} ($STANDARD_INFORMATION or inode creation of {})",
            source.path
        ));
    }
    push(&mut out, "Created when", when);
    // By whom.
    if let Some(c) = created_by {
        let mut by = Vec::new();
        if let Some(u) = &c.user {
            by.push(format!(
                "{u}{}",
                c.sid
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default()
            ));
        }
        if let Some(s) = &c.session {
            by.push(format!(
                "logon {} type {}{}{}{}",
                s.logon_id,
                s.logon_type_name.as_deref().unwrap_or("?"),
                s.source_address
                    .as_deref()
                    .map(|a| format!(
                        " from {a}{}",
                        if s.address_inferred {
                            " (inferred)"
                        } else {
                            ""
                        }
                    ))
                    .unwrap_or_default(),
                s.start
                    .map(|t| format!(", started {t}"))
                    .unwrap_or_default(),
                rid(s.start_record_id)
            ));
            if s.special_privileges {
                by.push("the session had special privileges (4672)".into());
            }
        }
        for e in &c.evidence {
            by.push(format!(
                "evidence {}: {}{}",
                e.kind,
                e.value,
                rid(e.record_id)
            ));
        }
        for fl in &c.flags {
            by.push(format!("note: {fl}"));
        }
        push(&mut out, "By whom", by);
    }
    // With what rights.
    let mut rights = Vec::new();
    match *r {
        Record::ScheduledTask(t) => {
            if let Some(a) = &t.account {
                rights.push(format!(
                    "runs as {}{}",
                    a.name.as_deref().or(a.sid.as_deref()).unwrap_or("?"),
                    if a.admin { " (an administrator)" } else { "" }
                ));
            }
            if let Some(p) = &t.task.principal {
                if let Some(l) = &p.run_level {
                    rights.push(format!("run level {l}"));
                }
                if let Some(l) = &p.logon_type {
                    rights.push(format!("logon type {l}"));
                }
            }
        }
        Record::Service(s) => {
            rights.push(format!(
                "runs as {}",
                s.service
                    .object_name
                    .as_deref()
                    .unwrap_or("LocalSystem (no ObjectName)")
            ));
            if !s.service.required_privileges.is_empty() {
                rights.push(format!(
                    "privileges {}",
                    s.service.required_privileges.join(", ")
                ));
            }
            rights.push(format!(
                "start {}",
                s.service.start_name.as_deref().unwrap_or("?")
            ));
        }
        Record::CronJob(c) => {
            if let Some(u) = &c.job.user {
                rights.push(format!("runs as {u}"));
            }
        }
        Record::LinuxService(l) => rights.push(format!(
            "runs as {}",
            l.service.user.as_deref().unwrap_or("root (no User=)")
        )),
        _ => {}
    }
    push(&mut out, "With what rights", rights);
    // What it runs.
    let mut what = Vec::new();
    for run in runs {
        what.push(format!("{}: {}", run.role, run.invocation.command_line));
        for d in &run.invocation.decoded {
            what.push(format!("  decodes to: {d}"));
        }
        for b in &run.binaries {
            let mut line = format!(
                "  {} {} — {}",
                b.kind,
                b.path.as_deref().unwrap_or(&b.written),
                b.status
            );
            if let Some(h) = &b.hashes {
                line.push_str(&format!(", SHA-256 {}", h.sha256));
            }
            if let Some(pe) = b.info.as_ref().and_then(|i| i.pe.as_ref()) {
                line.push_str(", ");
                line.push_str(&super::text::signature_summary(pe));
            }
            if b.status == BinaryStatus::Found {
                if let Some(u) = &b.download_url {
                    line.push_str(&format!(", downloaded from {u}"));
                }
            }
            what.push(line);
        }
    }
    push(&mut out, "What it runs", what);
    // How often.
    let mut often = Vec::new();
    match *r {
        Record::ScheduledTask(t) => {
            often.extend(t.frequency.iter().map(|q| q.text.clone()));
            if let Some(s) = &t.runs_seen {
                often.push(format!(
                    "the Task Scheduler log saw {} run(s){}{}, {} failure(s){}",
                    s.runs,
                    s.first.map(|t| format!(", first {t}")).unwrap_or_default(),
                    s.last.map(|t| format!(", last {t}")).unwrap_or_default(),
                    s.failures,
                    s.last_result
                        .as_deref()
                        .map(|r| format!(", last result {r}"))
                        .unwrap_or_default()
                ));
            }
        }
        Record::CronJob(c) => {
            often.push(format!("schedule {}", c.job.schedule));
            often.extend(c.frequency.iter().map(|q| q.text.clone()));
        }
        Record::Service(s) => often.push(format!(
            "starts {}",
            s.service.start_name.as_deref().unwrap_or("?")
        )),
        _ => {}
    }
    push(&mut out, "How often", often);
    // What was removed.
    if let Some(rc) = recovered {
        let mut lines = vec![format!(
            "rebuilt from {}{}{}",
            rc.from,
            rc.created
                .map(|t| format!(", created {t}"))
                .unwrap_or_default(),
            rc.deleted
                .map(|t| format!(", deleted {t}"))
                .unwrap_or_default()
        )];
        lines.extend(rc.notes.iter().map(|n| format!("note: {n}")));
        push(&mut out, "What was removed", lines);
    }
    // The events behind it.
    push(
        &mut out,
        "The events that prove it",
        events
            .iter()
            .map(|e| {
                format!(
                    "event {} record {} at {} by {} in {}",
                    e.event_id.map_or("?".into(), |i| i.to_string()),
                    e.record_id.map_or("?".into(), |i| i.to_string()),
                    e.timestamp.map_or("?".into(), |t| t.to_string()),
                    e.user.as_deref().unwrap_or("?"),
                    e.path
                )
            })
            .collect(),
    );
    push(
        &mut out,
        "Where it was found",
        vec![format!(
            "{}: {} {}{}{}",
            f.subject.host.as_deref().unwrap_or("host not known"),
            source.evidence,
            source.path,
            source
                .key
                .as_deref()
                .map(|k| format!(" key {k}"))
                .unwrap_or_default(),
            source
                .entry
                .map(|e| format!(" (entry {e})"))
                .unwrap_or_default()
        )],
    );
    out
}

/// One evidence file, as the report's first section lists it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examined {
    /// The evidence file.
    pub evidence: String,
    /// Its machines: name, OS, time zone.
    pub hosts: Vec<(String, String, String)>,
    /// Error and warning records of its scan (what could not be read), first ones.
    pub problems: Vec<String>,
    /// How many there were in all.
    pub problem_count: usize,
    /// Seconds the scan took.
    pub seconds: f64,
}

/// What the report is made from.
#[derive(Debug, Clone, Default)]
pub struct IncidentReport {
    /// When it was made (UTC, RFC 3339).
    pub generated: String,
    /// foothold's version.
    pub version: String,
    /// Each evidence file.
    pub examined: Vec<Examined>,
    /// Every finding, ranked, with the answers of those of `medium` and above.
    pub findings: Vec<(Finding, Vec<Answer>)>,
}

impl IncidentReport {
    /// The answer "which other hosts have it": the other machines (evidence files) of the
    /// report with an item of the same artifact and name (case folded).
    fn other_hosts(&self, f: &Finding) -> Vec<String> {
        let mut out: Vec<String> = self
            .findings
            .iter()
            .map(|(o, _)| o)
            .filter(|o| {
                o.subject.source.evidence != f.subject.source.evidence
                    && o.subject.artifact == f.subject.artifact
                    && o.subject.name.to_lowercase() == f.subject.name.to_lowercase()
            })
            .map(|o| {
                format!(
                    "{} ({})",
                    o.subject.host.as_deref().unwrap_or("host not known"),
                    o.subject.source.evidence
                )
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn detailed(&self) -> impl Iterator<Item = &(Finding, Vec<Answer>)> {
        self.findings
            .iter()
            .filter(|(f, _)| f.severity >= Severity::Medium)
    }
}

/// HTML text.
fn h(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

fn color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "#8b0000",
        Severity::High => "#d9480f",
        Severity::Medium => "#e8a317",
        Severity::Low => "#4a7ab5",
        Severity::Info => "#9aa0a6",
    }
}

fn host_of(f: &Finding) -> String {
    format!(
        "{} ({})",
        f.subject.host.as_deref().unwrap_or("host not known"),
        std::path::Path::new(&f.subject.source.evidence)
            .file_name()
            .map_or_else(
                || f.subject.source.evidence.clone(),
                |n| n.to_string_lossy().into_owned()
            )
    )
}

/// The timeline: one row per host, a dot per finding of `medium` and above at its time.
fn timeline_svg(rep: &IncidentReport) -> String {
    let dots: Vec<(&Finding, i64)> = rep
        .detailed()
        .filter_map(|(f, _)| f.time.map(|t| (f, t.unix_seconds())))
        .collect();
    let mut hosts: Vec<String> = Vec::new();
    for (f, _) in &dots {
        let hk = host_of(f);
        if !hosts.contains(&hk) {
            hosts.push(hk);
        }
    }
    if dots.is_empty() {
        return "<p>No finding of medium or above has a time.</p>".into();
    }
    let (lo, hi) = dots.iter().fold((i64::MAX, i64::MIN), |(lo, hi), (_, t)| {
        (lo.min(*t), hi.max(*t))
    });
    let span = hi.saturating_sub(lo).max(1);
    let (left, width, row) = (260i64, 900i64, 34i64);
    let rows = i64::try_from(hosts.len()).unwrap_or(1);
    let height = rows.saturating_mul(row).saturating_add(50);
    let x = |t: i64| -> i64 {
        let off = i128::from(t.saturating_sub(lo)) * i128::from(width) / i128::from(span);
        left.saturating_add(i64::try_from(off).unwrap_or(0))
    };
    let mut s = format!(
        "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"findings over time\">",
        left.saturating_add(width).saturating_add(40)
    );
    for (i, hk) in hosts.iter().enumerate() {
        let y = i64::try_from(i)
            .unwrap_or(0)
            .saturating_mul(row)
            .saturating_add(20);
        // (A long label is cut to the margin; the whole name is its tooltip.)
        let label: String = if hk.chars().count() > 40 {
            hk.chars().take(39).chain(std::iter::once('…')).collect()
        } else {
            hk.clone()
        };
        s.push_str(&format!(
            "<text x=\"4\" y=\"{}\" class=\"axis\"><title>{}</title>{}</text><line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#ccc\"/>",
            y.saturating_add(4),
            h(hk),
            h(&label),
            left.saturating_add(width)
        ));
        for (f, t) in dots.iter().filter(|(f, _)| host_of(f) == *hk) {
            s.push_str(&format!(
                "<circle class=\"dot\" cx=\"{}\" cy=\"{y}\" r=\"7\" fill=\"{}\"><title>{} — {} ({} {})</title></circle>",
                x(*t),
                color(f.severity),
                h(&f.time.map(|t| t.to_string()).unwrap_or_default()),
                h(&f.title),
                f.severity,
                f.score
            ));
        }
    }
    let axis_y = rows.saturating_mul(row).saturating_add(16);
    // Five ticks (fewer when the span is too short to tell them apart); dates alone when the
    // span is more than two days.
    let mut drawn: Vec<String> = Vec::new();
    for k in 0..=4i64 {
        let t = lo.saturating_add(span.saturating_mul(k) / 4);
        let text = foothold_core::Timestamp::from_unix(t, 0).to_string();
        let text = if span > 2 * 86_400 {
            text.get(..10).unwrap_or(&text).to_string()
        } else {
            text
        };
        if drawn.contains(&text) {
            continue;
        }
        drawn.push(text.clone());
        let anchor = match k {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        s.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{axis_y}\" stroke=\"#999\"/><text x=\"{x}\" y=\"{}\" class=\"axis\" text-anchor=\"{anchor}\">{}</text>",
            axis_y.saturating_sub(6),
            axis_y.saturating_add(14),
            h(&text),
            x = x(t)
        ));
    }
    s.push_str("</svg>");
    s
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222}\
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}\
table{border-collapse:collapse;margin:8px 0;max-width:100%}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left;overflow-wrap:break-word}\
#findings{table-layout:fixed;width:100%}#findings td{overflow-wrap:anywhere}#findings th:nth-child(1){width:80px}#findings th:nth-child(2){width:48px}#findings th:nth-child(6){width:170px}\
th{background:#f3f3f3;cursor:pointer}.sev{color:#fff;padding:1px 6px;border-radius:3px;font-weight:600}\
.axis{font-size:11px;fill:#444}.finding{border:1px solid #ddd;border-radius:4px;padding:8px 12px;margin:12px 0}\
.q{font-weight:600;margin-top:6px}.mono{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}\
#controls{margin:8px 0}";

const SCRIPT: &str = "(function(){\
var t=document.getElementById('findings');\
var sel=document.getElementById('minsev');var q=document.getElementById('filter');\
var rank={info:0,low:1,medium:2,high:3,critical:4};\
function apply(){var m=rank[sel.value];var s=q.value.toLowerCase();var shown=0;\
Array.prototype.forEach.call(t.tBodies[0].rows,function(r){\
var ok=rank[r.dataset.severity]>=m&&(s===''||r.textContent.toLowerCase().indexOf(s)>=0);\
r.style.display=ok?'':'none';if(ok){shown++;}});\
document.getElementById('shown').textContent=String(shown);}\
sel.addEventListener('change',apply);q.addEventListener('input',apply);\
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){\
th.addEventListener('click',function(){var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);\
var dir=th.dataset.dir==='asc'?-1:1;th.dataset.dir=dir===1?'asc':'desc';\
rows.sort(function(a,b){var x=a.cells[i].dataset.key||a.cells[i].textContent;var y=b.cells[i].dataset.key||b.cells[i].textContent;\
var nx=parseFloat(x),ny=parseFloat(y);if(!isNaN(nx)&&!isNaN(ny)){return (nx-ny)*dir;}return x.localeCompare(y)*dir;});\
rows.forEach(function(r){body.appendChild(r);});});});\
apply();document.body.dataset.ready='1';})();";

/// The report as one self-contained HTML page.
pub fn report_html(rep: &IncidentReport) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    s.push_str("<title>foothold incident report</title><style>");
    s.push_str(STYLE);
    s.push_str("</style></head><body>\n<h1>foothold incident report</h1>\n");
    s.push_str(&format!(
        "<p>Made {} by foothold {} from an offline scan. Times are UTC.</p>\n",
        h(&rep.generated),
        h(&rep.version)
    ));
    // What was examined.
    s.push_str("<h2>What was examined</h2>\n<table id=\"examined\"><thead><tr><th>evidence</th><th>machine</th><th>operating system</th><th>time zone</th><th>scan</th><th>could not be read</th></tr></thead><tbody>\n");
    for e in &rep.examined {
        let hosts = if e.hosts.is_empty() {
            vec![("not known".to_string(), String::new(), String::new())]
        } else {
            e.hosts.clone()
        };
        for (i, (name, os, tz)) in hosts.iter().enumerate() {
            let problems = if i == 0 {
                let mut p = format!("{} problem record(s)", e.problem_count);
                for m in &e.problems {
                    p.push_str(&format!("<br><span class=\"mono\">{}</span>", h(m)));
                }
                p
            } else {
                String::new()
            };
            s.push_str(&format!(
                "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1} s</td><td>{problems}</td></tr>\n",
                h(&e.evidence),
                h(name),
                h(os),
                h(tz),
                e.seconds
            ));
        }
    }
    s.push_str("</tbody></table>\n<p>The evidence files' hashes are not verified by this report: <code>foothold verify</code> does that.</p>\n");
    // Per host.
    s.push_str("<h2>Per host</h2>\n<table id=\"hosts\"><thead><tr><th>host</th><th>critical</th><th>high</th><th>medium</th><th>low</th><th>info</th></tr></thead><tbody>\n");
    let mut hosts: Vec<String> = Vec::new();
    for (f, _) in &rep.findings {
        let hk = host_of(f);
        if !hosts.contains(&hk) {
            hosts.push(hk);
        }
    }
    for hk in &hosts {
        let n = |sev: Severity| {
            rep.findings
                .iter()
                .filter(|(f, _)| f.severity == sev && host_of(f) == *hk)
                .count()
        };
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            h(hk),
            n(Severity::Critical),
            n(Severity::High),
            n(Severity::Medium),
            n(Severity::Low),
            n(Severity::Info)
        ));
    }
    s.push_str("</tbody></table>\n");
    // Timeline.
    s.push_str("<h2>Timeline of the findings of medium and above</h2>\n");
    s.push_str(&timeline_svg(rep));
    // Findings table.
    s.push_str("\n<h2>Findings</h2>\n<div id=\"controls\">Severity at least <select id=\"minsev\"><option>info</option><option>low</option><option selected>medium</option><option>high</option><option>critical</option></select> containing <input id=\"filter\" type=\"search\"> — <span id=\"shown\"></span> shown (click a column to sort)</div>\n");
    s.push_str("<table id=\"findings\"><thead><tr><th>severity</th><th>score</th><th>host</th><th>item</th><th>created by</th><th>time</th><th>reasons</th></tr></thead><tbody>\n");
    for (i, (f, _)) in rep.findings.iter().enumerate() {
        let reasons: Vec<String> = f.reasons.iter().map(|r| r.id.clone()).collect();
        let sev_key = match f.severity {
            Severity::Critical => 4,
            Severity::High => 3,
            Severity::Medium => 2,
            Severity::Low => 1,
            Severity::Info => 0,
        };
        let item = if f.severity >= Severity::Medium {
            format!(
                "<a href=\"#f{i}\">{} {}</a>",
                h(&f.subject.artifact),
                h(&f.subject.name)
            )
        } else {
            format!("{} {}", h(&f.subject.artifact), h(&f.subject.name))
        };
        s.push_str(&format!(
            "<tr data-severity=\"{}\"><td data-key=\"{sev_key}\"><span class=\"sev\" style=\"background:{}\">{}</span></td><td>{}</td><td>{}</td><td>{item}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            f.severity,
            color(f.severity),
            f.severity,
            f.score,
            h(&host_of(f)),
            h(f.created_by.as_deref().unwrap_or("")),
            h(&f.time.map(|t| t.to_string()).unwrap_or_default()),
            h(&reasons.join(", "))
        ));
    }
    s.push_str("</tbody></table>\n");
    // Details.
    s.push_str("<h2>The findings of medium and above, answered</h2>\n");
    for (i, (f, answers)) in rep.findings.iter().enumerate() {
        if f.severity < Severity::Medium {
            continue;
        }
        s.push_str(&format!(
            "<div class=\"finding\" id=\"f{i}\"><div><span class=\"sev\" style=\"background:{}\">{} {}</span> <b>{}</b></div><div>{} — ATT&amp;CK {}</div>\n",
            color(f.severity),
            f.severity,
            f.score,
            h(&f.title),
            h(&host_of(f)),
            h(&f.techniques.join(", "))
        ));
        s.push_str("<div class=\"q\">Why</div><ul>");
        for r in &f.reasons {
            s.push_str(&format!(
                "<li>{} ({:+}): {}</li>",
                h(&r.id),
                r.weight,
                h(&r.text)
            ));
        }
        s.push_str("</ul>\n");
        for a in answers {
            s.push_str(&format!(
                "<div class=\"q\">{}</div><div class=\"mono\">",
                h(a.question)
            ));
            s.push_str(&a.lines.iter().map(|l| h(l)).collect::<Vec<_>>().join("\n"));
            s.push_str("</div>\n");
        }
        let others = rep.other_hosts(f);
        s.push_str("<div class=\"q\">Which other hosts have it</div><div>");
        if others.is_empty() {
            s.push_str("none of the other evidence examined");
        } else {
            s.push_str(&others.iter().map(|o| h(o)).collect::<Vec<_>>().join("<br>"));
        }
        s.push_str("</div></div>\n");
    }
    s.push_str("<script>");
    s.push_str(SCRIPT);
    s.push_str("</script>\n</body></html>\n");
    s
}

/// The report as Markdown (the same sections; the chart as a list in time order).
pub fn report_markdown(rep: &IncidentReport) -> String {
    let md = |x: &str| super::remediate::md_text(x);
    let mut s = format!(
        "# foothold incident report\n\nMade {} by foothold {} from an offline scan. Times are UTC.\n\n## What was examined\n\n| evidence | machine | operating system | time zone | scan | could not be read |\n|---|---|---|---|---|---|\n",
        md(&rep.generated),
        md(&rep.version)
    );
    for e in &rep.examined {
        let names: Vec<String> = e.hosts.iter().map(|(n, _, _)| md(n)).collect();
        let oses: Vec<String> = e.hosts.iter().map(|(_, o, _)| md(o)).collect();
        let tzs: Vec<String> = e.hosts.iter().map(|(_, _, t)| md(t)).collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {:.1} s | {} problem record(s) |\n",
            md(&e.evidence),
            names.join(", "),
            oses.join(", "),
            tzs.join(", "),
            e.seconds,
            e.problem_count
        ));
    }
    s.push_str(
        "\n## Findings\n\n| severity | score | host | item | reasons |\n|---|---|---|---|---|\n",
    );
    for (f, _) in rep
        .findings
        .iter()
        .filter(|(f, _)| f.severity >= Severity::Low)
    {
        let reasons: Vec<String> = f.reasons.iter().map(|r| r.id.clone()).collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} {} | {} |\n",
            f.severity,
            f.score,
            md(&host_of(f)),
            md(&f.subject.artifact),
            md(&f.subject.name),
            md(&reasons.join(", "))
        ));
    }
    let info = rep
        .findings
        .iter()
        .filter(|(f, _)| f.severity == Severity::Info)
        .count();
    s.push_str(&format!("\n{info} items with nothing against them (info) are not listed.\n\n## The findings of medium and above, answered\n"));
    for (f, answers) in rep.detailed() {
        s.push_str(&format!(
            "\n### {} {} — {}\n\n{} — ATT&CK {}\n\n**Why**\n\n",
            f.severity,
            f.score,
            md(&f.title),
            md(&host_of(f)),
            f.techniques.join(", ")
        ));
        for r in &f.reasons {
            s.push_str(&format!(
                "- {} ({:+}): {}\n",
                md(&r.id),
                r.weight,
                md(&r.text)
            ));
        }
        for a in answers {
            s.push_str(&format!("\n**{}**\n\n", a.question));
            for l in &a.lines {
                s.push_str(&format!("- {}\n", md(l)));
            }
        }
        let others = rep.other_hosts(f);
        s.push_str("\n**Which other hosts have it**\n\n");
        if others.is_empty() {
            s.push_str("- none of the other evidence examined\n");
        }
        for o in others {
            s.push_str(&format!("- {}\n", md(&o)));
        }
    }
    s
}
