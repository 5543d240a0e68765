//! foothold's leaf crate, with no I/O and no dependency beyond serde and thiserror: what every
//! parser needs, written once.
//!
//! - [`Timestamp`]: a UTC instant with nanoseconds, RFC 3339 in and out, FILETIME and Unix in.
//! - The one bounded little- and big-endian field reader: [`u16_at`]… return `None` past the
//!   end, [`Fields`] returns a [`FieldError`] naming the offset, for parsers that report it.
//! - Text from disk: [`guid`] (Windows' mixed-endian GUIDs), [`utf16le`], [`escape_name`] /
//!   [`unescape_name`] (lossless names), [`hex`]; checksums: [`crc32c`].
//! - [`Event`]: the one log-event record, which EVTX and syslog parsers both produce.
//!
//! ```
//! use foothold_core::{Fields, Timestamp};
//! let f = Fields::new(&[0x34, 0x12, 0xff], 0x200);
//! assert_eq!(f.u16(0).unwrap(), 0x1234);
//! assert_eq!(f.u32(0).unwrap_err().to_string(), "4-byte field at 0x200 runs past the end (3 bytes at 0x200)");
//! assert_eq!(Timestamp::from_unix(0, 0).to_string(), "1970-01-01T00:00:00Z");
//! ```
#![forbid(unsafe_code)]
// This crate holds the one field reader and the helpers every parser uses on evidence:
// arithmetic is checked (or saturating against a bound), and every slice goes through `get`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]
// Unit tests index their own fixed inputs.
#![cfg_attr(
    test,
    allow(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod account;
mod command;
mod created;
mod event;
mod fields;
mod frequency;
mod kinds;
mod text;
mod time;
mod zone;

pub use account::{Account, AccountKind, AccountRef};
pub use command::{base64_decode, urls_in, CommandFlag, Invocation, RunTarget, TargetKind};
pub use created::{Confidence, CreatedBy, CreationEvidence, Recovered, RecoveredFrom, SessionRef};
pub use event::{Event, LogKind, NoDetail};
pub use fields::{
    be_u16_at, be_u32_at, be_u64_at, u16_at, u32_at, u64_at, u8_at, Cursor, FieldError, Fields,
};
pub use frequency::{iso8601_seconds, Frequency, LocalTime};
pub use text::{
    crc32c, crc32c_raw, escape_name, guid, guid_braced, hex, hex_upper, sid_at, unescape_name,
    utf16le,
};
pub use time::{civil_from_days, days_from_civil, days_in_month, weekday, Timestamp};
pub use zone::{
    local_to_utc, next_wall_runs, wall_civil, wall_seconds, Utc, Zone, NEXT_RUN_HORIZON_DAYS,
};
