//! Indicators in what the persistence items of a case run: the URLs, domains, IP addresses,
//! file paths, hashes and decoded payloads of every command line, service path and cron
//! line, each with the items and hosts it appears in.
use crate::{read_rows, CaseError};
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

/// IPv6 addresses in a text (`2001:db8::7`, `[fe80::1]:443`), in their canonical form
/// (RFC 5952: lower case, the longest zero run as `::`), so one address written two ways is
/// one indicator. Times (`12:30:45`) and MAC addresses are not addresses.
///
/// ```
/// assert_eq!(foothold_case::ipv6_in("ssh -p 22 [2001:DB8:0:0::7]:443 at 12:30:45"), ["2001:db8::7"]);
/// ```
pub fn ipv6_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_hexdigit() || c == ':' || c == '.')) {
        if token.matches(':').count() < 2 || !token.bytes().any(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        if let Ok(a) = token.parse::<std::net::Ipv6Addr>() {
            let a = a.to_string();
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// Top-level labels taken as a domain's: the generic ones attackers and networks use, and
/// every two-letter country code except those that are also file extensions of scripts and
/// programs (`.sh`, `.py`, `.js`, `.ps`…), which a command line names far more often.
const GENERIC_TLDS: &[&str] = &[
    "com",
    "net",
    "org",
    "info",
    "biz",
    "io",
    "xyz",
    "top",
    "online",
    "site",
    "club",
    "shop",
    "app",
    "dev",
    "cloud",
    "live",
    "pro",
    "name",
    "mobi",
    "tech",
    "store",
    "space",
    "website",
    "icu",
    "vip",
    "work",
    "link",
    "click",
    "gov",
    "edu",
    "mil",
    "int",
    "onion",
    "example",
    "test",
    "invalid",
    "local",
    "localdomain",
    "lan",
    "internal",
    "corp",
    "home",
    "arpa",
];
const NOT_COUNTRIES: &[&str] = &[
    "sh", "py", "js", "ps", "pl", "rb", "cs", "db", "gz", "xz", "so", "md", "rs", "go", "ts", "vb",
    "hs", "ko", "mo", "po", "el", "cc", "am", "ac", "ai", "ml", "tf", "wp", "ws",
];

/// Domain names written in a text without a URL around them (`nslookup c2.evil.example`,
/// `\\files.corp.example\share`, `user@mail.example.org`): dotted names of letters, digits
/// and `-` whose last label is a known top-level one (`com`, `net`, `org`, `io`, `onion`, `example`… or a two-letter
/// country code that is not a common file extension); a file name in a path
/// (`C:\Tools\report.pl`, `/opt/x.sh`) or a .NET type (`System.Net.WebClient`) is not one.
/// Lower case, each once.
///
/// ```
/// use foothold_case::domains_in;
/// assert_eq!(
///     domains_in(r"cmd /c nslookup C2.Evil.Example & copy \\files.corp.example\s\x.exe C:\Windows\upd.com"),
///     ["c2.evil.example", "files.corp.example"],
/// );
/// assert!(domains_in("(New-Object System.Net.WebClient).DownloadString($u); backup.sh").is_empty());
/// ```
pub fn domains_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    while start < bytes.len() {
        if !is_name(bytes[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < bytes.len() && is_name(bytes[end]) {
            end += 1;
        }
        // (ASCII name bytes bound the token: whole characters.)
        let token = text
            .get(start..end)
            .unwrap_or_default()
            .trim_matches(['.', '-']);
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let unc = start >= 2 && &bytes[start - 2..start] == br"\\";
        let after = bytes.get(end).copied();
        // A component of a path (after a separator, or a folder before one), unless it is
        // the host of a UNC path.
        let in_path =
            !unc && (matches!(before, Some(b'\\' | b'/' | b':')) || matches!(after, Some(b'\\')));
        if !in_path {
            if let Some(d) = domain(token) {
                if !out.contains(&d) {
                    out.push(d);
                }
            }
        }
        start = end;
    }
    out
}

/// `token` as a domain name, lower case, if it is one (see [`domains_in`]).
fn domain(token: &str) -> Option<String> {
    let t = token.to_ascii_lowercase();
    let labels: Vec<&str> = t.split('.').collect();
    if labels.len() < 2 || t.len() > 253 {
        return None;
    }
    let ok = labels
        .iter()
        .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'));
    let tld = labels.last()?;
    let known = GENERIC_TLDS.contains(tld)
        || tld.len() == 2
            && tld.bytes().all(|b| b.is_ascii_lowercase())
            && !NOT_COUNTRIES.contains(tld);
    (ok && known).then_some(t)
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
    for artifact in crate::persistence() {
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
                for ip in ipv4_in(t).into_iter().chain(ipv6_in(t)) {
                    add("ip", ip);
                }
                for d in domains_in(t) {
                    add("domain", d);
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
