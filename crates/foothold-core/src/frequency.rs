//! How often a scheduled item runs, as a number that sorts and compares ("every 5 minutes"
//! is 300 seconds), and in words.
use serde::Serialize;

/// How often a task trigger, cron job or timer runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Frequency {
    /// Seconds between runs, when it runs at one fixed interval (`*/5 * * * *`: 300; a daily
    /// trigger: 86400). `None` for irregular schedules (`0 9-17 * * 1-5`), one-off runs and
    /// event-started items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// Runs in one week, when the schedule repeats every week (`0 9-17 * * 1-5`: 45).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_per_week: Option<u64>,
    /// What starts it when it is not a clock: `boot`, `logon`, `idle`, `event`,
    /// `registration`, `session_state_change`, `once`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    /// In words: `every 5 minutes`, `daily`, `45 times a week`, `at boot`.
    pub text: String,
    /// The next runs after `next_runs_after`, in UTC (up to five; wall-clock schedules
    /// converted with the image's own time zone). Empty when the schedule does not say when
    /// (boot, logon, events, intervals counted from a unit's last activation) or nothing is
    /// due within 28 years.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub next_runs: Vec<crate::Timestamp>,
    /// The instant the next runs are counted from: the host's last write (`host.last_write`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_runs_after: Option<crate::Timestamp>,
}

impl Frequency {
    /// A fixed interval.
    pub fn every(seconds: u64) -> Self {
        Frequency {
            interval_seconds: Some(seconds),
            runs_per_week: (604_800u64.checked_rem(seconds) == Some(0))
                .then(|| 604_800u64.checked_div(seconds))
                .flatten(),
            on: None,
            text: words(seconds),
            ..Frequency::default()
        }
    }

    /// Started by something other than the clock.
    pub fn on(what: &str) -> Self {
        Frequency {
            on: Some(what.to_string()),
            text: if what == "once" {
                "once".into()
            } else {
                format!("at {}", what.replace('_', " "))
            },
            ..Frequency::default()
        }
    }
}

/// `every 5 minutes`, `hourly`, `every 2 days`.
fn words(s: u64) -> String {
    let unit = |n: u64, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            format!("every {n} {many}")
        }
    };
    match s {
        0 => "continuously".into(),
        s if s % 604_800 == 0 => unit(s / 604_800, "weekly", "weeks"),
        s if s % 86_400 == 0 => unit(s / 86_400, "daily", "days"),
        s if s % 3_600 == 0 => unit(s / 3_600, "hourly", "hours"),
        s if s % 60 == 0 => unit(s / 60, "every minute", "minutes"),
        s => unit(s, "every second", "seconds"),
    }
}

/// An ISO 8601 duration (`PT5M`, `P1D`, `P1DT12H`, `PT1H30M`, `P2W`) in seconds; months
/// and years (`P1M`, `P1Y`) have no fixed length and give `None`.
///
/// ```
/// use foothold_core::iso8601_seconds;
/// assert_eq!(iso8601_seconds("PT5M"), Some(300));
/// assert_eq!(iso8601_seconds("P1DT12H"), Some(129_600));
/// assert_eq!(iso8601_seconds("P1M"), None);
/// ```
pub fn iso8601_seconds(d: &str) -> Option<u64> {
    let rest = d.trim().strip_prefix('P')?;
    let mut secs: u64 = 0;
    let mut in_time = false;
    let mut num = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => num.push(c),
            u => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                let mult = match (u, in_time) {
                    ('W', false) => 604_800.0,
                    ('D', false) => 86_400.0,
                    ('H', true) => 3_600.0,
                    ('M', true) => 60.0,
                    ('S', true) => 1.0,
                    _ => return None,
                };
                secs = secs.checked_add((n * mult) as u64)?;
                any = true;
            }
        }
    }
    (any && num.is_empty()).then_some(secs)
}

/// A time the artifact writes in local time without an offset, converted to UTC with the
/// image's own time zone; the value as written is kept beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LocalTime {
    /// Which field (`triggers[0].start_boundary`, `date`).
    pub field: String,
    /// As written.
    pub local: String,
    /// In UTC.
    pub utc: crate::Timestamp,
    /// Whether daylight saving time applied.
    pub dst: bool,
    /// The zone used (`Pacific Standard Time`).
    pub zone: Option<String>,
}
