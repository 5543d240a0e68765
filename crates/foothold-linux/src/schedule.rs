use serde::Serialize;

/// A cron schedule as explicit sets of values (Sunday is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
pub struct ScheduleSets {
    /// `reboot`, `yearly`, `monthly`, `weekly`, `daily`, `hourly` for `@` schedules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub special: Option<String>,
    /// Minutes 0–59.
    pub minute: Vec<u8>,
    /// Hours 0–23.
    pub hour: Vec<u8>,
    /// Days of the month 1–31.
    pub day_of_month: Vec<u8>,
    /// Months 1–12.
    pub month: Vec<u8>,
    /// Days of the week 0–6 (Sunday 0).
    pub day_of_week: Vec<u8>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn value(s: &str, lo: u8, hi: u8, names: &[&str], name_base: u8) -> Result<u8, String> {
    if let Ok(n) = s.parse::<u8>() {
        if (lo..=hi).contains(&n) {
            return Ok(n);
        }
        return Err(format!("{n} is outside {lo}-{hi}"));
    }
    let lower = s.to_ascii_lowercase();
    names
        .iter()
        .position(|n| *n == lower)
        .and_then(|i| u8::try_from(i).ok()?.checked_add(name_base))
        .ok_or_else(|| format!("'{s}' is not a number or name"))
}

/// One cron field (`*`, `1,5`, `1-5`, `*/10`, `mon-fri`, `jan,jul`) as a sorted set.
fn field(s: &str, lo: u8, hi: u8, names: &[&str], name_base: u8) -> Result<Vec<u8>, String> {
    let mut set = [false; 64];
    for item in s.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, st)) => {
                let st: u8 = st.parse().map_err(|_| format!("bad step '{st}'"))?;
                if st == 0 {
                    return Err("step 0".into());
                }
                (r, st)
            }
            None => (item, 1),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((x, y)) = range.split_once('-') {
            (
                value(x, lo, hi, names, name_base)?,
                value(y, lo, hi, names, name_base)?,
            )
        } else {
            let v = value(range, lo, hi, names, name_base)?;
            // "5/10" means 5-hi/10 in Vixie cron.
            if item.contains('/') {
                (v, hi)
            } else {
                (v, v)
            }
        };
        if a > b {
            return Err(format!("range {a}-{b} runs backwards"));
        }
        let mut v = a;
        while v <= b {
            if let Some(slot) = set.get_mut(usize::from(v)) {
                *slot = true;
            }
            v = match v.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
    }
    Ok((0..64u8)
        .filter(|v| set.get(usize::from(*v)) == Some(&true))
        .collect())
}

/// Decode five cron fields, or an `@` shortcut, into explicit sets.
///
/// ```
/// let d = foothold_linux::parse_schedule(&["0", "9-17/4", "*", "jan,jul", "mon-fri"]).unwrap();
/// assert_eq!(d.hour, vec![9, 13, 17]);
/// assert_eq!(d.month, vec![1, 7]);
/// assert_eq!(d.day_of_week, vec![1, 2, 3, 4, 5]);
/// ```
pub fn parse_schedule(fields: &[&str]) -> Result<ScheduleSets, crate::Error> {
    schedule(fields).map_err(|reason| crate::Error::Schedule {
        schedule: fields.join(" "),
        reason,
    })
}

pub(crate) fn schedule(fields: &[&str]) -> Result<ScheduleSets, String> {
    if let [special] = fields {
        let name = special
            .strip_prefix('@')
            .ok_or("not an @ schedule")?
            .to_ascii_lowercase();
        let f =
            |m: &str, h: &str, dom: &str, mon: &str, dow: &str| schedule(&[m, h, dom, mon, dow]);
        let mut sets = match name.as_str() {
            "reboot" => ScheduleSets::default(),
            "yearly" | "annually" => f("0", "0", "1", "1", "*")?,
            "monthly" => f("0", "0", "1", "*", "*")?,
            "weekly" => f("0", "0", "*", "*", "0")?,
            "daily" | "midnight" => f("0", "0", "*", "*", "*")?,
            "hourly" => f("0", "*", "*", "*", "*")?,
            other => return Err(format!("unknown schedule @{other}")),
        };
        sets.special = Some(name);
        return Ok(sets);
    }
    let [m, h, dom, mon, dow] = fields else {
        return Err(format!("{} schedule fields, expected 5", fields.len()));
    };
    let mut day_of_week = field(dow, 0, 7, &DAYS, 0).map_err(|e| format!("day of week: {e}"))?;
    if day_of_week.contains(&7) {
        day_of_week.retain(|d| *d != 7);
        if !day_of_week.contains(&0) {
            day_of_week.insert(0, 0);
        }
    }
    Ok(ScheduleSets {
        special: None,
        minute: field(m, 0, 59, &[], 0).map_err(|e| format!("minute: {e}"))?,
        hour: field(h, 0, 23, &[], 0).map_err(|e| format!("hour: {e}"))?,
        day_of_month: field(dom, 1, 31, &[], 0).map_err(|e| format!("day of month: {e}"))?,
        month: field(mon, 1, 12, &MONTHS, 1).map_err(|e| format!("month: {e}"))?,
        day_of_week,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_follow_vixie_cron() {
        let d = parse_schedule(&["*/15", "0", "1,15", "*", "7"]).unwrap();
        assert_eq!(d.minute, vec![0, 15, 30, 45]);
        assert_eq!(d.day_of_month, vec![1, 15]);
        assert_eq!(d.day_of_week, vec![0], "7 is Sunday");
        assert_eq!(
            parse_schedule(&["5/20", "*", "*", "*", "*"])
                .unwrap()
                .minute,
            vec![5, 25, 45]
        );
        assert_eq!(
            parse_schedule(&["0", "0", "*", "DEC", "Sun-Tue"])
                .unwrap()
                .day_of_week,
            vec![0, 1, 2]
        );
        assert_eq!(parse_schedule(&["@annually"]).unwrap().month, vec![1]);
        assert_eq!(
            parse_schedule(&["@reboot"]).unwrap().special.as_deref(),
            Some("reboot")
        );
        for bad in [
            ["60", "*", "*", "*", "*"],
            ["*", "*", "0", "*", "*"],
            ["*", "*", "*", "foo", "*"],
            ["5-1", "*", "*", "*", "*"],
            ["*/0", "*", "*", "*", "*"],
            ["~", "*", "*", "*", "*"],
        ] {
            assert!(parse_schedule(&bad).is_err(), "{bad:?}");
        }
    }
}
