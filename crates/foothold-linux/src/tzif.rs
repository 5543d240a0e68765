//! The Linux time zone: `/etc/localtime` in the TZif format (RFC 8536, versions 1–4) with
//! the POSIX `TZ` rule of its footer for times past its last transition.
use crate::Error;
use foothold_core::{be_u32_at, be_u64_at, days_from_civil, days_in_month, weekday, Zone};

/// A time zone read from a TZif file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tzif {
    /// Transition instants (Unix seconds), ascending.
    transitions: Vec<i64>,
    /// The local time type in force from each transition on (index into `types`).
    kinds: Vec<u8>,
    /// Local time types: (seconds east of UTC, daylight saving time).
    types: Vec<(i64, bool)>,
    /// The footer's rule for instants after the last transition.
    footer: Option<PosixTz>,
}

/// A POSIX `TZ` rule (`CET-1CEST,M3.5.0,M10.5.0/3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosixTz {
    /// Standard time, seconds east of UTC.
    std_offset: i64,
    /// Daylight saving time and its start and end rules.
    dst: Option<(i64, Rule, Rule)>,
}

/// When daylight or standard time begins: a date rule and a local time of day (seconds,
/// may be negative or past 24 h in version 3 files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    date: DateRule,
    time: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateRule {
    /// `Jn`: day 1–365, 29 February never counted.
    Julian(u32),
    /// `n`: day 0–365, 29 February counted.
    Zero(u32),
    /// `Mm.w.d`: the `w`-th (5 = last) weekday `d` (0 = Sunday) of month `m`.
    Month(u32, u32, u32),
}

/// The most transitions a TZif file may hold here (real ones have a few hundred).
const MAX_TRANSITIONS: u32 = 100_000;

fn bad(offset: usize, reason: impl Into<String>) -> Error {
    Error::TimeZoneFile {
        offset: offset as u64,
        reason: reason.into(),
    }
}

/// Parse a TZif file (`/etc/localtime`, `/usr/share/zoneinfo/…`). The version 2+ block
/// with 64-bit times is used when present; its footer's `TZ` rule covers instants after the
/// last transition.
///
/// ```
/// use foothold_core::Zone;
/// // This machine's tzdata, when it has it.
/// if let Ok(data) = std::fs::read("/usr/share/zoneinfo/Europe/Berlin") {
///     let berlin = foothold_linux::parse_tzif(&data).unwrap();
///     assert_eq!(berlin.offset_at(1_780_000_000), 7200); // June 2026: CEST
///     assert_eq!(berlin.offset_at(4_102_444_800), 3600); // 2100, from the footer rule
/// }
/// assert!(foothold_linux::parse_tzif(b"TZif2 not really").is_err());
/// ```
pub fn parse_tzif(data: &[u8]) -> Result<Tzif, Error> {
    let header = |at: usize| -> Result<(u8, [u32; 6]), Error> {
        let h = data.get(at..).unwrap_or_default();
        if h.get(..4) != Some(b"TZif") {
            return Err(bad(at, "no TZif signature"));
        }
        let version = *h.get(4).ok_or_else(|| bad(at, "truncated header"))?;
        // Six counts from byte 20 of the header.
        let mut c = [0u32; 6];
        for (v, field) in c.iter_mut().zip((20..44).step_by(4)) {
            *v = be_u32_at(h, field).ok_or_else(|| bad(at, "truncated header"))?;
        }
        Ok((version, c))
    };
    let block_len = |c: &[u32; 6], t: usize| -> Option<usize> {
        let [isut, isstd, leap, time, typ, chars] = c.map(|v| v as usize);
        let n = time.checked_mul(t.checked_add(1)?)?;
        n.checked_add(typ.checked_mul(6)?)?
            .checked_add(chars)?
            .checked_add(leap.checked_mul(t.checked_add(4)?)?)?
            .checked_add(isstd)?
            .checked_add(isut)
    };
    let (version, c1) = header(0)?;
    let v1_len = block_len(&c1, 4).ok_or_else(|| bad(0, "counts overflow"))?;
    let (at, counts, width) = if version >= b'2' {
        let second = 44usize
            .checked_add(v1_len)
            .ok_or_else(|| bad(0, "counts overflow"))?;
        let (_, c2) = header(second)?;
        (second.saturating_add(44), c2, 8)
    } else {
        (44, c1, 4)
    };
    let [_, _, _, timecnt, typecnt, _] = counts;
    if timecnt > MAX_TRANSITIONS || typecnt == 0 || typecnt > 256 {
        return Err(bad(at, format!("{timecnt} transitions, {typecnt} types")));
    }
    let len = block_len(&counts, width).ok_or_else(|| bad(at, "counts overflow"))?;
    let end = at
        .checked_add(len)
        .ok_or_else(|| bad(at, "counts overflow"))?;
    if data.len() < end {
        return Err(bad(
            at,
            format!(
                "data block of {len} bytes runs past the end ({} bytes)",
                data.len()
            ),
        ));
    }
    let (timecnt, typecnt) = (timecnt as usize, typecnt as usize);
    let mut transitions = Vec::with_capacity(timecnt);
    // Every offset below is inside the data block (`at + len ≤ data.len()` above).
    for i in 0..timecnt {
        let p = i.saturating_mul(width).saturating_add(at);
        let t = if width == 8 {
            be_u64_at(data, p).map(|v| v as i64)
        } else {
            be_u32_at(data, p).map(|v| i64::from(v as i32))
        };
        transitions.push(t.ok_or_else(|| bad(p, "truncated"))?);
    }
    if transitions.windows(2).any(|w| w.first() >= w.get(1)) {
        return Err(bad(at, "transition times are not ascending"));
    }
    let kinds_at = timecnt.saturating_mul(width).saturating_add(at);
    let kinds = data
        .get(kinds_at..kinds_at.saturating_add(timecnt))
        .ok_or_else(|| bad(kinds_at, "truncated"))?
        .to_vec();
    if let Some(k) = kinds.iter().find(|k| usize::from(**k) >= typecnt) {
        return Err(bad(
            kinds_at,
            format!("transition to type {k} of {typecnt}"),
        ));
    }
    let types_at = kinds_at.saturating_add(timecnt);
    let types = (0..typecnt)
        .map(|i| {
            // ttinfo: a 32-bit offset, the DST flag, the abbreviation index.
            let t = data
                .get(i.saturating_mul(6).saturating_add(types_at)..)
                .unwrap_or_default();
            let off = i64::from(be_u32_at(t, 0).unwrap_or(0) as i32);
            (off, t.get(4).is_some_and(|d| *d != 0))
        })
        .collect();
    let footer = if version >= b'2' {
        let rest = data.get(end..).unwrap_or_default();
        let text = rest.strip_prefix(b"\n").and_then(|r| {
            let line = r.split(|b| *b == b'\n').next()?;
            // The footer is its own line: a rule without its closing line feed is none.
            (line.len() < r.len()).then_some(())?;
            std::str::from_utf8(line).ok()
        });
        match text {
            Some("") | None => None,
            Some(t) => Some(
                parse_posix_tz(t)
                    .ok_or_else(|| bad(end, format!("footer TZ rule {t:?} not understood")))?,
            ),
        }
    } else {
        None
    };
    Ok(Tzif {
        transitions,
        kinds,
        types,
        footer,
    })
}

impl Zone for Tzif {
    fn offset_at(&self, utc: i64) -> i64 {
        match self.transitions.partition_point(|t| *t <= utc) {
            // Before the first transition: the first type (RFC 8536 §3.2).
            0 => self.types.first().map_or(0, |t| t.0),
            i if i == self.transitions.len() && self.footer.is_some() => {
                self.footer.as_ref().map_or(0, |f| f.offset_at(utc))
            }
            // Each kind names a type (checked at parse), one kind per transition.
            i => i
                .checked_sub(1)
                .and_then(|k| self.kinds.get(k))
                .and_then(|k| self.types.get(usize::from(*k)))
                .map_or(0, |t| t.0),
        }
    }
}

/// Parse a POSIX `TZ` rule: `std offset [dst [offset] [,start[/time],end[/time]]]`, names
/// plain or `<…>`-quoted, offsets west of UTC (`CET-1` is one hour east).
///
/// ```
/// use foothold_core::Zone;
/// let ny = foothold_linux::parse_posix_tz("EST5EDT,M3.2.0,M11.1.0").unwrap();
/// assert_eq!(ny.offset_at(1_781_000_000), -4 * 3600); // June 2026
/// assert_eq!(ny.offset_at(1_767_225_600), -5 * 3600); // 2026-01-01
/// assert_eq!(foothold_linux::parse_posix_tz("<+0530>-5:30").unwrap().offset_at(0), 19_800);
/// ```
pub fn parse_posix_tz(s: &str) -> Option<PosixTz> {
    let mut p = s.as_bytes();
    name(&mut p)?;
    let std_west = offset(&mut p)?;
    if p.is_empty() {
        return Some(PosixTz {
            std_offset: std_west.saturating_neg(),
            dst: None,
        });
    }
    name(&mut p)?;
    let dst_west = if p.first().is_some_and(|b| *b != b',') {
        offset(&mut p)?
    } else {
        std_west.saturating_sub(3600)
    };
    // No rule: the US rules POSIX leaves to the implementation (glibc's default).
    let (start, end) = if p.is_empty() {
        (
            Rule {
                date: DateRule::Month(3, 2, 0),
                time: 7200,
            },
            Rule {
                date: DateRule::Month(11, 1, 0),
                time: 7200,
            },
        )
    } else {
        p = p.strip_prefix(b",")?;
        let a = rule(&mut p)?;
        p = p.strip_prefix(b",")?;
        let b = rule(&mut p)?;
        (a, b)
    };
    p.is_empty().then_some(PosixTz {
        std_offset: std_west.saturating_neg(),
        dst: Some((dst_west.saturating_neg(), start, end)),
    })
}

/// A zone abbreviation: letters, or anything but `>` between `<` and `>`.
fn name(p: &mut &[u8]) -> Option<()> {
    let n = if p.first() == Some(&b'<') {
        let end = p.iter().position(|b| *b == b'>')?;
        *p = p.get(end.saturating_add(1)..).unwrap_or_default();
        end
    } else {
        let n = p.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        *p = p.get(n..).unwrap_or_default();
        n
    };
    (n > 0).then_some(())
}

/// `[+|-]hh[:mm[:ss]]` in seconds (hours up to 167 for rule times).
fn offset(p: &mut &[u8]) -> Option<i64> {
    let sign = match p.first() {
        Some(b'-') => {
            *p = p.get(1..).unwrap_or_default();
            -1
        }
        Some(b'+') => {
            *p = p.get(1..).unwrap_or_default();
            1
        }
        _ => 1,
    };
    let mut total = 0i64;
    for (i, mult) in [3600i64, 60, 1].iter().enumerate() {
        if i > 0 {
            if p.first() != Some(&b':') {
                break;
            }
            *p = p.get(1..).unwrap_or_default();
        }
        let n = p.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 3 {
            return None;
        }
        let v: i64 = std::str::from_utf8(p.get(..n)?).ok()?.parse().ok()?;
        if v > 167 || i > 0 && v > 59 {
            return None;
        }
        // At most 167 hours, 59 minutes, 59 seconds.
        total = total.saturating_add(v.saturating_mul(*mult));
        *p = p.get(n..).unwrap_or_default();
    }
    Some(total.saturating_mul(sign))
}

/// `Jn`, `n` or `Mm.w.d`, with an optional `/time` (default 02:00).
fn rule(p: &mut &[u8]) -> Option<Rule> {
    let num = |p: &mut &[u8]| -> Option<u32> {
        let n = p.iter().take_while(|b| b.is_ascii_digit()).count();
        let v = std::str::from_utf8(p.get(..n)?).ok()?.parse().ok()?;
        *p = p.get(n..).unwrap_or_default();
        Some(v)
    };
    let date = match p.first()? {
        b'J' => {
            *p = p.get(1..).unwrap_or_default();
            let d = num(p)?;
            (1..=365).contains(&d).then_some(DateRule::Julian(d))?
        }
        b'M' => {
            *p = p.get(1..).unwrap_or_default();
            let m = num(p)?;
            *p = p.strip_prefix(b".")?;
            let w = num(p)?;
            *p = p.strip_prefix(b".")?;
            let d = num(p)?;
            ((1..=12).contains(&m) && (1..=5).contains(&w) && d <= 6)
                .then_some(DateRule::Month(m, w, d))?
        }
        _ => {
            let d = num(p)?;
            (d <= 365).then_some(DateRule::Zero(d))?
        }
    };
    let time = if p.first() == Some(&b'/') {
        *p = p.get(1..).unwrap_or_default();
        offset(p)?
    } else {
        7200
    };
    Some(Rule { date, time })
}

impl Rule {
    /// The rule's instant in year `y` as wall-clock seconds since 1970.
    fn wall(&self, y: i64) -> i64 {
        let jan1 = days_from_civil(y, 1, 1);
        let leap = days_in_month(y, 2) == 29;
        // Days and seconds of real years: saturating only guards years no zone reaches.
        let day = match self.date {
            // Jn: 1–365, February 29 never counted.
            DateRule::Julian(n) => jan1
                .saturating_add(i64::from(n))
                .saturating_sub(1)
                .saturating_add(i64::from(leap && n >= 60)),
            DateRule::Zero(n) => jan1.saturating_add(i64::from(n)),
            // Mm.w.d: weekday d of week w (5 = the last) of month m.
            DateRule::Month(m, w, d) => {
                let first = days_from_civil(y, m, 1);
                let to_weekday = i64::from(d)
                    .saturating_sub(i64::from(weekday(first)))
                    .rem_euclid(7);
                let weeks = i64::from(w).saturating_sub(1).saturating_mul(7);
                let mut day = first.saturating_add(to_weekday).saturating_add(weeks);
                let month_end = first.saturating_add(i64::from(days_in_month(y, m)));
                while day >= month_end {
                    day = day.saturating_sub(7);
                }
                day
            }
        };
        day.saturating_mul(86_400).saturating_add(self.time)
    }
}

impl Zone for PosixTz {
    fn offset_at(&self, utc: i64) -> i64 {
        let Some((dst_offset, start, end)) = &self.dst else {
            return self.std_offset;
        };
        let y =
            foothold_core::civil_from_days(utc.saturating_add(self.std_offset).div_euclid(86_400))
                .0;
        // Daylight time starts at `start` local standard time, ends at `end` local daylight time.
        let begins = start.wall(y).saturating_sub(self.std_offset);
        let ends = end.wall(y).saturating_sub(*dst_offset);
        let in_dst = if begins < ends {
            (begins..ends).contains(&utc)
        } else {
            !(ends..begins).contains(&utc)
        };
        if in_dst {
            *dst_offset
        } else {
            self.std_offset
        }
    }
}
