//! Indicators in what the persistence items of a case run: the URLs, domains, IP addresses,
//! file paths, hashes and decoded payloads of every command line, service path and cron
//! line, each with the items and hosts it appears in.
use crate::{read_rows, CaseError, PERSISTENCE};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One indicator of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IocRow {
    /// `url`, `domain`, `ip`, `path`, `sha256`, `md5`, `sha1` or `payload` (a decoded
    /// `-EncodedCommand`).
    pub kind: String,
    /// The indicator.
    pub value: String,
    /// The items it appears in (`scheduled_task \Updater`), sorted.
    pub items: Vec<String>,
    /// The hosts it appears on, sorted.
    pub hosts: Vec<String>,
}

/// Dotted IPv4 addresses in a text (each part 0–255, not part of a longer number or version).
///
/// ```
/// assert_eq!(foothold_case::ipv4_in("curl http://203.0.113.9/x; v1.2.3.4.5"), ["203.0.113.9"]);
/// ```
pub fn ipv4_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u16>().is_ok_and(|n| n <= 255))
            && !out.contains(&token.to_string())
        {
            out.push(token.to_string());
        }
    }
    out
}

/// The host of a URL (`http://user@Evil.Example:8080/x` → `evil.example`), when it is a
/// name, not an address.
fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?.to_ascii_lowercase();
    (host.contains('.')
        && ipv4_in(&host).is_empty()
        && host.chars().any(|c| c.is_ascii_alphabetic()))
    .then_some(host)
}

/// Every indicator of the case `out`'s tasks, services and cron jobs, grouped by kind and
/// value, most widespread last (rarest first, as stacking).
pub fn iocs(out: &Path) -> Result<Vec<IocRow>, CaseError> {
    let mut found: BTreeMap<(String, String), (BTreeSet<String>, BTreeSet<String>)> =
        BTreeMap::new();
    for artifact in PERSISTENCE {
        for row in read_rows(out, artifact)? {
            let host = row[0].clone().unwrap_or_default();
            let item = format!("{artifact} {}", row[1].clone().unwrap_or_default());
            let v: serde_json::Value =
                serde_json::from_str(row[6].as_deref().unwrap_or("null")).unwrap_or_default();
            let mut add = |kind: &str, value: String| {
                let e = found.entry((kind.to_string(), value)).or_default();
                e.0.insert(item.clone());
                e.1.insert(host.clone());
            };
            let mut texts: Vec<String> = Vec::new();
            if let Some(c) = row[3].as_deref().filter(|c| !c.is_empty()) {
                texts.push(c.to_string());
            }
            if let Some(p) = row[5].as_deref() {
                texts.push(p.to_string());
            }
            for run in v["runs"].as_array().into_iter().flatten() {
                let inv = &run["invocation"];
                if let Some(c) = inv["command_line"].as_str() {
                    texts.push(c.to_string());
                }
                for d in inv["decoded"].as_array().into_iter().flatten() {
                    if let Some(d) = d.as_str() {
                        add("payload", d.to_string());
                        texts.push(d.to_string());
                    }
                }
                for b in run["binaries"].as_array().into_iter().flatten() {
                    if let Some(p) = b["written"].as_str().filter(|_| b["kind"] != "url") {
                        add("path", p.to_string());
                    }
                    for h in ["sha256", "sha1", "md5"] {
                        if let Some(x) = b[h].as_str() {
                            add(h, x.to_string());
                        }
                    }
                }
            }
            for t in &texts {
                for u in foothold_core::urls_in(t) {
                    if let Some(d) = domain_of(&u) {
                        add("domain", d);
                    }
                    add("url", u);
                }
                for ip in ipv4_in(t) {
                    add("ip", ip);
                }
            }
        }
    }
    let mut rows: Vec<IocRow> = found
        .into_iter()
        .map(|((kind, value), (items, hosts))| IocRow {
            kind,
            value,
            items: items.into_iter().collect(),
            hosts: hosts.into_iter().collect(),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.hosts
            .len()
            .cmp(&b.hosts.len())
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.value.cmp(&b.value))
    });
    Ok(rows)
}
