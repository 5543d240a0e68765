//! Field access and names: the workspace's one reader, from `foothold-core`.
pub(crate) use foothold_core::{u16_at, u32_at, u64_at, u8_at, utf16le};
