//! The TaskCache `Triggers` value: the task's settings and triggers as the Task Scheduler
//! service keeps them in the registry. Undocumented by Microsoft; the layout follows G DATA's
//! published research (github.com/GDATAAdvancedAnalytics/winreg-tasks): a header (version,
//! earliest start and latest end boundary), a "job bucket" (task flags — enabled, hidden,
//! logon type… —, the CRC-32 of the task XML, principal id, display name, user, optional
//! settings), then triggers, each a magic number and its fields, all 8-byte aligned.
//!
//! This is what decides whether a task that exists only in the registry is enabled and
//! when it runs.
use crate::job::{DAYS, MONTHS};
use crate::text::{bit_names, bit_numbers, utf16le_trimmed};
use crate::{CalendarKind, CalendarSchedule, TaskTrigger, TriggerKind};
use foothold_core::Timestamp;
use serde::Serialize;

/// The decoded `Triggers` value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TriggersBlob {
    /// Format version (0x15 Windows 7/8, 0x16, 0x17 Windows 10/11).
    pub version: u8,
    /// Earliest start boundary of all triggers (`Z` when stored in UTC, else local time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_boundary: Option<String>,
    /// Latest end boundary of all triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_boundary: Option<String>,
    /// The task flags as stored.
    pub flags: u32,
    /// Names of the set task flags (`enabled`, `hidden`, `run_only_if_idle`, …).
    pub flag_names: Vec<String>,
    /// Task enabled (flag 0x400000).
    pub enabled: bool,
    /// Task hidden (flag 0x800000).
    pub hidden: bool,
    /// CRC-32 the service stored for the task XML.
    pub xml_crc32: u32,
    /// Principal id (version ≥ 0x16).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    /// Display name (version ≥ 0x17).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The account the task runs as: SID and/or name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_sid: Option<String>,
    /// The account name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Execution time limit of the task (ISO 8601 duration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_time_limit: Option<String>,
    /// Triggers, in the record's vocabulary (`time`, `calendar`, `logon`, …).
    pub triggers: Vec<TaskTrigger>,
    /// Where and why decoding stopped early, if it did (what came before is kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

const FLAG_NAMES: &[(u32, &str)] = &[
    (0x2, "run_only_if_idle"),
    (0x4, "restart_on_idle"),
    (0x8, "stop_on_idle_end"),
    (0x10, "disallow_start_if_on_batteries"),
    (0x20, "stop_if_going_on_batteries"),
    (0x40, "start_when_available"),
    (0x80, "run_only_if_network_available"),
    (0x100, "allow_start_on_demand"),
    (0x200, "wake_to_run"),
    (0x400, "execute_parallel"),
    (0x800, "execute_stop_existing"),
    (0x1000, "execute_queue"),
    (0x2000, "execute_ignore_new"),
    (0x4000, "logon_type_s4u"),
    (0x10000, "logon_type_interactive_token"),
    (0x40000, "logon_type_password"),
    (0x80000, "logon_type_interactive_token_or_password"),
    (0x40_0000, "enabled"),
    (0x80_0000, "hidden"),
    (0x100_0000, "run_level_highest_available"),
    (0x200_0000, "task"),
    (0x400_0000, "version"),
    (0x800_0000, "token_sid_type_none"),
    (0x1000_0000, "token_sid_type_unrestricted"),
    (0x2000_0000, "interval"),
    (0x4000_0000, "allow_hard_terminate"),
];

struct R<'a> {
    c: foothold_core::Cursor<'a>,
}

type Res<T> = std::result::Result<T, String>;

impl<'a> R<'a> {
    fn new(b: &'a [u8]) -> Self {
        R {
            c: foothold_core::Cursor::new(b, 0),
        }
    }
    fn pos(&self) -> usize {
        self.c.pos()
    }
    fn short(&self, n: usize) -> String {
        format!(
            "{n} bytes at offset {:#x} run past the end ({} bytes)",
            self.c.pos(),
            self.c.all().len()
        )
    }
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let e = self.short(n);
        self.c.take(n).map_err(|_| e)
    }
    fn u8(&mut self) -> Res<u8> {
        let e = self.short(1);
        self.c.u8().map_err(|_| e)
    }
    fn u16(&mut self) -> Res<u16> {
        let e = self.short(2);
        self.c.u16().map_err(|_| e)
    }
    fn u32(&mut self) -> Res<u32> {
        let e = self.short(4);
        self.c.u32().map_err(|_| e)
    }
    fn u64(&mut self) -> Res<u64> {
        let lo = u64::from(self.u32()?);
        Ok(lo | u64::from(self.u32()?) << 32)
    }
    /// Up to the next multiple of 8 after `n` bytes.
    fn pad(&mut self, n: usize) -> Res<()> {
        self.take(n.wrapping_neg() & 7).map(|_| ())
    }
    /// A u8 in an 8-byte slot.
    fn a_u8(&mut self) -> Res<u8> {
        let v = self.u8()?;
        self.take(7)?;
        Ok(v)
    }
    /// A u32 in an 8-byte slot.
    fn a_u32(&mut self) -> Res<u32> {
        let v = self.u32()?;
        self.take(4)?;
        Ok(v)
    }
    /// An 8-byte-aligned byte buffer: aligned length, bytes, padding.
    fn a_buffer(&mut self) -> Res<&'a [u8]> {
        let n = self.a_u32()? as usize;
        let s = self.take(n)?;
        self.pad(n)?;
        Ok(s)
    }
    fn a_string(&mut self) -> Res<String> {
        Ok(utf16le_trimmed(self.a_buffer()?))
    }
    /// A string whose aligned length counts UTF-16 units without the terminator.
    fn a_string_units(&mut self) -> Res<String> {
        let units = self.a_u32()? as usize;
        if units == 0 {
            return Ok(String::new());
        }
        let n = units
            .checked_mul(2)
            .and_then(|n| n.checked_add(2))
            .ok_or("length overflows")?;
        let s = utf16le_trimmed(self.take(n)?);
        self.pad(n)?;
        Ok(s)
    }
    /// A u32 length then UTF-16LE, padded so that length field + string end on 8 bytes.
    fn id_string(&mut self) -> Res<String> {
        let n = self.u32()? as usize;
        let s = utf16le_trimmed(self.take(n)?);
        self.pad(n.wrapping_add(4))?;
        Ok(s)
    }
    /// TSTIME: a "localized" flag, 7 bytes, a FILETIME.
    fn tstime(&mut self) -> Res<Option<String>> {
        let localized = self.u8()? != 0;
        self.take(7)?;
        let ft = self.u64()?;
        if ft == u64::MAX {
            return Ok(None);
        }
        Ok(Timestamp::from_filetime(ft).map(|t| {
            let s = t.to_string();
            // A localized time is the wall-clock time the task was given, as the XML
            // writes it without a zone.
            if localized {
                s.trim_end_matches('Z').to_string()
            } else {
                s
            }
        }))
    }
}

/// Seconds as an ISO 8601 duration (`PT5M`, `P3D`, `PT1H30M`); `None` for the "unset"
/// markers 0 and 0xFFFFFFFF.
fn duration(secs: u32) -> Option<String> {
    if secs == 0 || secs == u32::MAX {
        return None;
    }
    let (d, rest) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let mut out = String::from("P");
    if d > 0 {
        out += &format!("{d}D");
    }
    if rest > 0 {
        out.push('T');
        for (v, u) in [(h, 'H'), (m, 'M'), (s, 'S')] {
            if v > 0 {
                out += &format!("{v}{u}");
            }
        }
    }
    Some(out)
}

fn sid_string(b: &[u8]) -> Option<String> {
    crate::sam::sid_at(b).map(|(s, _)| s)
}

/// `user_info`: skip-user flag, skip-SID flag, SID type and SID, account name.
fn user(r: &mut R) -> Res<(Option<String>, Option<String>)> {
    if r.a_u8()? != 0 {
        return Ok((None, None));
    }
    let mut sid = None;
    if r.a_u8()? == 0 {
        let _sid_type = r.a_u32()?;
        sid = sid_string(r.a_buffer()?);
    }
    let name = r.a_string()?;
    Ok((sid, (!name.is_empty()).then_some(name)))
}

/// The fields every trigger but the time trigger shares.
fn generic(r: &mut R, version: u8, kind: TriggerKind) -> Res<TaskTrigger> {
    let start = r.tstime()?;
    let end = r.tstime()?;
    let delay = r.u32()?;
    let timeout = r.u32()?;
    let interval = r.u32()?;
    let dur = r.u32()?;
    let _dur2 = r.u32()?;
    let stop = r.u8()?;
    r.take(3)?;
    let enabled = r.a_u8()? != 0;
    r.take(8)?;
    let id = if version >= 0x16 {
        Some(r.id_string()?)
    } else {
        None
    };
    Ok(TaskTrigger {
        kind,
        id: id.filter(|s| !s.is_empty()),
        enabled,
        start_boundary: start,
        end_boundary: end,
        interval: duration(interval),
        duration: duration(dur),
        stop_at_duration_end: (interval != 0).then_some(stop != 0),
        delay: duration(delay),
        execution_time_limit: duration(timeout),
        ..TaskTrigger::default()
    })
}

/// The time trigger: one-time or calendar (daily, weekly, monthly, monthly day-of-week).
fn time_trigger(r: &mut R, version: u8) -> Res<TaskTrigger> {
    let start = r.tstime()?;
    let end = r.tstime()?;
    let _unknown = r.tstime()?;
    let interval = r.u32()?;
    let dur = r.u32()?;
    let limit = r.u32()?;
    let mode = r.u32()?;
    let (d1, d2, d3) = (r.u16()?, r.u16()?, r.u16()?);
    r.take(2)?;
    let stop = r.u8()?;
    let enabled = r.u8()? != 0;
    r.take(2)?;
    let _unknown1 = r.u32()?;
    let max_delay = r.u32()?;
    r.take(4)?;
    let id = if version >= 0x16 {
        Some(r.id_string()?)
    } else {
        None
    };
    let schedule = |kind: CalendarKind| CalendarSchedule {
        kind,
        ..CalendarSchedule::default()
    };
    let schedule = match mode {
        0 => None,
        1 => Some(CalendarSchedule {
            days_interval: Some(u32::from(d1)),
            ..schedule(CalendarKind::ByDay)
        }),
        2 => Some(CalendarSchedule {
            weeks_interval: Some(u32::from(d1)),
            days_of_week: bit_names(u32::from(d2), &DAYS),
            ..schedule(CalendarKind::ByWeek)
        }),
        3 => {
            let days = u32::from(d2) << 16 | u32::from(d1);
            let mut days_of_month = bit_numbers(days, 31);
            if days & (1 << 31) != 0 {
                days_of_month.push("Last".into());
            }
            Some(CalendarSchedule {
                days_of_month,
                months: bit_names(u32::from(d3), &MONTHS),
                ..schedule(CalendarKind::ByMonth)
            })
        }
        4 => {
            let mut weeks = bit_numbers(u32::from(d2), 4);
            if d2 & (1 << 4) != 0 {
                weeks.push("Last".into());
            }
            Some(CalendarSchedule {
                days_of_week: bit_names(u32::from(d1), &DAYS),
                weeks,
                months: bit_names(u32::from(d3), &MONTHS),
                ..schedule(CalendarKind::ByMonthDayOfWeek)
            })
        }
        other => return Err(format!("time trigger mode {other}")),
    };
    Ok(TaskTrigger {
        kind: if schedule.is_some() {
            TriggerKind::Calendar
        } else {
            TriggerKind::Time
        },
        id: id.filter(|s| !s.is_empty()),
        enabled,
        start_boundary: start,
        end_boundary: end,
        interval: duration(interval),
        duration: duration(dur),
        stop_at_duration_end: (interval != 0).then_some(stop != 0),
        random_delay: duration(max_delay),
        execution_time_limit: duration(limit),
        schedule,
        ..TaskTrigger::default()
    })
}

fn trigger(r: &mut R, version: u8, magic: u32) -> Res<TaskTrigger> {
    Ok(match magic {
        0xDDDD => time_trigger(r, version)?,
        0xFFFF => generic(r, version, TriggerKind::Boot)?,
        0xEEEE => generic(r, version, TriggerKind::Idle)?,
        0x8888 => generic(r, version, TriggerKind::Registration)?,
        0xAAAA => {
            let mut t = generic(r, version, TriggerKind::Logon)?;
            let (sid, name) = user(r)?;
            t.user_id = name.or(sid);
            t
        }
        0x7777 => {
            let mut t = generic(r, version, TriggerKind::SessionStateChange)?;
            let change = r.u32()?;
            r.take(4)?;
            t.state_change = Some(
                match change {
                    1 => "ConsoleConnect",
                    2 => "ConsoleDisconnect",
                    3 => "RemoteConnect",
                    4 => "RemoteDisconnect",
                    5 => "SessionLock",
                    6 => "SessionUnlock",
                    _ => "unknown",
                }
                .to_string(),
            );
            let (sid, name) = user(r)?;
            t.user_id = name.or(sid);
            t
        }
        0xCCCC => {
            let mut t = generic(r, version, TriggerKind::Event)?;
            t.subscription = Some(r.a_string_units()?);
            r.take(8)?;
            let _unknown = r.a_string_units()?;
            let n = r.a_u32()? as usize;
            // Each query is at least two aligned lengths (16 bytes).
            if n > r.c.remaining() / 16 {
                return Err(format!("{n} value queries cannot fit"));
            }
            for _ in 0..n {
                let name = r.a_string_units()?;
                let value = r.a_string_units()?;
                t.value_queries.insert(name, value);
            }
            t
        }
        0x6666 => {
            let mut t = generic(r, version, TriggerKind::WnfStateChange)?;
            let name = r.take(8)?;
            t.state_name = Some(crate::text::hex_upper(name));
            let data = r.a_buffer_unpadded()?;
            t.data = Some(crate::text::hex_upper(data));
            t
        }
        other => return Err(format!("unknown trigger type {other:#x}")),
    })
}

impl<'a> R<'a> {
    /// An aligned length, then bytes, with no padding after them (WNF data).
    fn a_buffer_unpadded(&mut self) -> Res<&'a [u8]> {
        let n = self.a_u32()? as usize;
        self.take(n)
    }
}

/// Decode a `Triggers` value. What decodes before a damaged or unknown part is kept, and
/// `error` says where decoding stopped; `Err` only when even the header is unreadable.
///
/// ```
/// // Version 0x17 header, job bucket (enabled|hidden), no user, no settings, one boot trigger.
/// let mut b = vec![0x17u8, 0, 0, 0, 0, 0, 0, 0];
/// b.extend([0u8; 8]); b.extend(u64::MAX.to_le_bytes()); // start boundary: unset
/// b.extend([0u8; 8]); b.extend(u64::MAX.to_le_bytes()); // end boundary: unset
/// b.extend(0x00C0_0000u64.to_le_bytes());               // flags (aligned)
/// b.extend(0u64.to_le_bytes());                         // XML CRC-32
/// b.extend(0u64.to_le_bytes()); b.extend(0u64.to_le_bytes()); // principal id, display name
/// b.extend(1u64.to_le_bytes());                         // user: skipped
/// b.extend(0u64.to_le_bytes());                         // optional settings: none
/// b.extend(0xFFFFu64.to_le_bytes());                    // boot trigger
/// b.extend([0u8; 8]); b.extend(u64::MAX.to_le_bytes());
/// b.extend([0u8; 8]); b.extend(u64::MAX.to_le_bytes());
/// b.extend([0u8; 24]); b.extend(1u64.to_le_bytes()); b.extend([0u8; 8]);
/// b.extend([0u8; 8]);                                   // trigger id: empty, padded
/// let t = foothold_windows::parse_triggers_blob(&b).unwrap();
/// assert!(t.enabled && t.hidden && t.error.is_none());
/// assert_eq!(t.triggers[0].kind, "boot");
/// assert!(t.triggers[0].enabled);
/// ```
pub fn parse_triggers_blob(b: &[u8]) -> crate::Result<TriggersBlob> {
    triggers_blob(b).map_err(|reason| crate::Error::Blob {
        blob: "Triggers",
        reason,
    })
}

fn triggers_blob(b: &[u8]) -> Res<TriggersBlob> {
    let mut r = R::new(b);
    let mut out = TriggersBlob {
        version: r.a_u8()?,
        ..TriggersBlob::default()
    };
    if !(0x10..=0x20).contains(&out.version) {
        return Err(format!("version {:#x} is not a Triggers blob", out.version));
    }
    out.start_boundary = r.tstime()?;
    out.end_boundary = r.tstime()?;
    if let Err(e) = bucket(&mut r, &mut out) {
        out.error = Some(format!("task settings: {e}"));
        return Ok(out);
    }
    while r.pos() < b.len() {
        let at = r.pos();
        let step = r
            .a_u32()
            .and_then(|magic| trigger(&mut r, out.version, magic));
        match step {
            Ok(t) => out.triggers.push(t),
            Err(e) => {
                out.error = Some(format!(
                    "trigger {} at offset {at:#x}: {e}",
                    out.triggers.len().saturating_add(1)
                ));
                break;
            }
        }
    }
    Ok(out)
}

fn bucket(r: &mut R, out: &mut TriggersBlob) -> Res<()> {
    out.flags = r.a_u32()?;
    out.enabled = out.flags & 0x40_0000 != 0;
    out.hidden = out.flags & 0x80_0000 != 0;
    out.flag_names = FLAG_NAMES
        .iter()
        .filter(|(bit, _)| out.flags & bit != 0)
        .map(|(_, n)| n.to_string())
        .collect();
    out.xml_crc32 = r.a_u32()?;
    if out.version >= 0x16 {
        out.principal_id = Some(r.a_string()?).filter(|s| !s.is_empty());
    }
    if out.version >= 0x17 {
        out.display_name = Some(r.a_string()?).filter(|s| !s.is_empty());
    }
    let (sid, name) = user(r)?;
    out.user_sid = sid;
    out.user_name = name;
    // Optional settings: an aligned length, then that many bytes rounded up to 8.
    let n = r.a_u32()? as usize;
    if n > 0 {
        let s = r.take(n.div_ceil(8).saturating_mul(8))?;
        // idle duration, idle wait, execution time limit, … (u32 each)
        if let Some(l) = foothold_core::u32_at(s, 8) {
            out.execution_time_limit = duration(l);
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn tstime(ft: u64) -> Vec<u8> {
        let mut v = vec![1u8, 0, 0, 0, 0, 0, 0, 0];
        v.extend(ft.to_le_bytes());
        v
    }

    /// Header, bucket with a named user and settings, a logon and a weekly trigger.
    fn sample() -> Vec<u8> {
        let mut b = vec![0x17u8, 0, 0, 0, 0, 0, 0, 0];
        b.extend(tstime(133_000_000_000_000_000));
        b.extend(tstime(u64::MAX));
        b.extend(0x0040_0000u64.to_le_bytes());
        b.extend(0x1234_5678u64.to_le_bytes());
        let s: Vec<u8> = "Author\0"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        b.extend((s.len() as u64).to_le_bytes());
        b.extend(&s);
        b.extend(vec![0u8; (8 - s.len() % 8) % 8]);
        b.extend(0u64.to_le_bytes()); // display name
        b.extend([0u8; 8]); // user present
        b.extend([1u8, 0, 0, 0, 0, 0, 0, 0]); // no SID
        b.extend((s.len() as u64).to_le_bytes());
        b.extend(&s);
        b.extend(vec![0u8; (8 - s.len() % 8) % 8]);
        b.extend(0x2Cu64.to_le_bytes());
        let mut settings = vec![0u8; 48];
        settings[8..12].copy_from_slice(&7200u32.to_le_bytes());
        b.extend(settings);
        // logon trigger, no user
        b.extend(0xAAAAu64.to_le_bytes());
        b.extend(tstime(u64::MAX));
        b.extend(tstime(u64::MAX));
        b.extend([0u8; 24]);
        b.extend([1u8, 0, 0, 0, 0, 0, 0, 0]);
        b.extend([0u8; 8]);
        b.extend([0u8; 8]); // empty id, padded
        b.extend([1u8, 0, 0, 0, 0, 0, 0, 0]); // user skipped
                                              // weekly time trigger on Tuesday and Thursday, every 2 weeks
        b.extend(0xDDDDu64.to_le_bytes());
        b.extend(tstime(133_000_000_000_000_000));
        b.extend(tstime(u64::MAX));
        b.extend(tstime(u64::MAX));
        b.extend([0u8; 8]);
        b.extend(u32::MAX.to_le_bytes());
        b.extend(2u32.to_le_bytes());
        b.extend(2u16.to_le_bytes());
        b.extend(0x14u16.to_le_bytes());
        b.extend([0u8; 4]);
        b.extend([0u8, 1, 0, 0]);
        b.extend([0u8; 12]);
        b.extend([0u8; 8]);
        b
    }

    #[test]
    fn sample_decodes_every_field() {
        let t = parse_triggers_blob(&sample()).expect("decode");
        assert_eq!(t.error, None);
        assert!(t.enabled && !t.hidden);
        assert_eq!(t.xml_crc32, 0x1234_5678);
        assert_eq!(t.principal_id.as_deref(), Some("Author"));
        assert_eq!(t.user_name.as_deref(), Some("Author"));
        assert_eq!(t.execution_time_limit.as_deref(), Some("PT2H"));
        assert_eq!(t.start_boundary.as_deref(), Some("2022-06-18T04:26:40"));
        assert_eq!(t.triggers.len(), 2);
        assert_eq!(t.triggers[0].kind, "logon");
        let w = t.triggers[1].schedule.as_ref().expect("weekly");
        assert_eq!((w.kind.as_str(), w.weeks_interval), ("by_week", Some(2)));
        assert_eq!(w.days_of_week, ["Tuesday", "Thursday"]);
    }

    #[test]
    fn truncated_and_mutated_blobs_never_panic() {
        let b = sample();
        for n in 0..b.len() {
            if let Ok(t) = parse_triggers_blob(&b[..n]) {
                // A cut inside the triggers keeps what came before and says where it stopped.
                assert!(t.triggers.len() <= 2);
            }
        }
        let mut x = 0x9E37_79B9u32;
        for _ in 0..2000 {
            let mut m = b.clone();
            for _ in 0..3 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let at = x as usize % m.len();
                m[at] = (x >> 8) as u8;
            }
            let _ = parse_triggers_blob(&m);
        }
    }

    #[test]
    fn durations_read_like_the_xml() {
        assert_eq!(duration(300).as_deref(), Some("PT5M"));
        assert_eq!(duration(259_200).as_deref(), Some("P3D"));
        assert_eq!(duration(5_430).as_deref(), Some("PT1H30M30S"));
        assert_eq!(duration(0), None);
        assert_eq!(duration(u32::MAX), None);
    }
}
