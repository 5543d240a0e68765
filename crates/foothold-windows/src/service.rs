//! Windows services (ATT&CK T1543.003) from a SYSTEM hive: every `ControlSet00N\Services\*`,
//! marking the set `Select\Current` names.
use crate::hive::{KeyRef, RegValue};
use crate::RegistryHive;
use foothold_core::Timestamp;
use serde::Serialize;

/// Most control sets examined (`ControlSet001`…).
const MAX_CONTROL_SETS: u32 = 32;

/// One failure action of `FailureActions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FailureAction {
    /// `none`, `restart`, `reboot`, `run_command`, `own_restart`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Delay before it, in milliseconds.
    pub delay_ms: u32,
}

/// `FailureActions` decoded (SERVICE_FAILURE_ACTIONS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FailureActions {
    /// Seconds without failure after which the failure count resets.
    pub reset_period_s: u32,
    /// The actions, in order of failure.
    pub actions: Vec<FailureAction>,
}

/// A service as one control set records it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Service {
    /// Key name.
    pub name: String,
    /// `DisplayName` as written (`@resource` strings kept).
    pub display_name: Option<String>,
    /// `Description` as written.
    pub description: Option<String>,
    /// `ImagePath` as written.
    pub image_path: Option<String>,
    /// The binary of `ImagePath` as a `/`-separated path on the system volume
    /// (`%SystemRoot%`, `\SystemRoot\`, `\??\C:\`, `system32\` expanded).
    pub image_path_resolved: Option<String>,
    /// `Type`.
    #[serde(rename = "type")]
    pub service_type: Option<u32>,
    /// Names of the `Type` bits (`win32_own_process`, `kernel_driver`, …).
    pub type_names: Vec<String>,
    /// `Start`.
    pub start: Option<u32>,
    /// `boot`, `system`, `automatic`, `manual`, `disabled`.
    pub start_name: Option<String>,
    /// `DelayedAutostart`.
    pub delayed_autostart: Option<bool>,
    /// `ErrorControl`.
    pub error_control: Option<u32>,
    /// `ObjectName` (the account).
    pub object_name: Option<String>,
    /// `Group`.
    pub group: Option<String>,
    /// `DependOnService`.
    pub depend_on_service: Vec<String>,
    /// `ServiceDll` from `Parameters` (or the service key).
    pub service_dll: Option<String>,
    /// `ServiceMain` from `Parameters`.
    pub service_main: Option<String>,
    /// `FailureCommand`.
    pub failure_command: Option<String>,
    /// `FailureActions` decoded.
    pub failure_actions: Option<FailureActions>,
    /// `RequiredPrivileges`.
    pub required_privileges: Vec<String>,
    /// `ServiceSidType`.
    pub service_sid_type: Option<u32>,
    /// `LaunchProtected`.
    pub launch_protected: Option<u32>,
    /// Last-written time of the service key.
    pub last_written: Option<Timestamp>,
    /// `ControlSet001`…
    pub control_set: String,
    /// Whether that is the set `Select\Current` names.
    pub current: bool,
    /// Registry key path in the hive.
    pub key: String,
}

fn multi_string(v: &RegValue) -> Vec<String> {
    let units: Vec<u16> = v
        .data
        .chunks_exact(2)
        .filter_map(|c| foothold_core::u16_at(c, 0))
        .collect();
    units
        .split(|u| *u == 0)
        .filter(|s| !s.is_empty())
        .map(String::from_utf16_lossy)
        .collect()
}

/// Decode `FailureActions`: five u32 (reset period, reboot message, command, count,
/// actions pointer) then `count` (type, delay) pairs.
///
/// ```
/// let mut b = vec![0x80, 0x51, 1, 0]; b.extend([0u8; 8]); b.extend(1u32.to_le_bytes()); b.extend(20u32.to_le_bytes());
/// b.extend(1u32.to_le_bytes()); b.extend(60000u32.to_le_bytes());
/// let f = foothold_windows::parse_failure_actions(&b).unwrap();
/// assert_eq!((f.reset_period_s, f.actions[0].kind.as_str(), f.actions[0].delay_ms), (86400, "restart", 60000));
/// ```
pub fn parse_failure_actions(b: &[u8]) -> Option<FailureActions> {
    let u = |o: usize| foothold_core::u32_at(b, o);
    let reset_period_s = u(0)?;
    let count = u(12)? as usize;
    let mut actions = Vec::new();
    for i in 0..count.min(64) {
        // Action i: (type, delay) at 20 + 8i (at most 64: no overflow).
        let at = i.saturating_mul(8).saturating_add(20);
        let kind = match u(at)? {
            0 => "none".to_string(),
            1 => "restart".to_string(),
            2 => "reboot".to_string(),
            3 => "run_command".to_string(),
            4 => "own_restart".to_string(),
            other => format!("unknown_{other}"),
        };
        actions.push(FailureAction {
            kind,
            delay_ms: u(at.saturating_add(4))?,
        });
    }
    Some(FailureActions {
        reset_period_s,
        actions,
    })
}

/// The executable of an `ImagePath` as a path on the system volume, `/`-separated.
///
/// ```
/// use foothold_windows::resolve_image_path as r;
/// assert_eq!(r(r"%SystemRoot%\system32\svchost.exe -k netsvcs -p").as_deref(), Some("/Windows/system32/svchost.exe"));
/// assert_eq!(r(r"\SystemRoot\System32\drivers\evil.sys").as_deref(), Some("/Windows/System32/drivers/evil.sys"));
/// assert_eq!(r(r"system32\DRIVERS\x.sys").as_deref(), Some("/Windows/system32/DRIVERS/x.sys"));
/// assert_eq!(r(r#""C:\Program Files\Ven dor\svc.exe" /run"#).as_deref(), Some("/Program Files/Ven dor/svc.exe"));
/// assert_eq!(r(r"\??\C:\Temp\x.sys").as_deref(), Some("/Temp/x.sys"));
/// ```
pub fn resolve_image_path(image: &str) -> Option<String> {
    let t = image.trim();
    let exe = if let Some(rest) = t.strip_prefix('"') {
        rest.split('"').next()?.to_string()
    } else {
        let lower = t.to_ascii_lowercase();
        let end = [".exe", ".sys", ".dll"]
            .iter()
            .filter_map(|ext| lower.find(ext).map(|i| i.saturating_add(ext.len())))
            .min()
            .unwrap_or_else(|| t.find(' ').unwrap_or(t.len()));
        // (`end` is past an ASCII extension, or at a space or the end.)
        t.get(..end).unwrap_or(t).to_string()
    };
    let lower = exe.to_ascii_lowercase();
    let rest = if let Some(i) = ["%systemroot%", "%windir%"]
        .iter()
        .find_map(|p| lower.starts_with(p).then_some(p.len()))
    {
        format!("\\Windows{}", exe.get(i..).unwrap_or_default())
    } else if lower.starts_with("\\systemroot\\") {
        format!("\\Windows{}", exe.get(11..).unwrap_or_default())
    } else if lower.starts_with("system32\\") || lower.starts_with("syswow64\\") {
        format!("\\Windows\\{exe}")
    } else if lower.starts_with("\\??\\") && lower.as_bytes().get(5) == Some(&b':') {
        exe.get(6..).unwrap_or_default().to_string()
    } else if lower.as_bytes().get(1) == Some(&b':') {
        exe.get(2..).unwrap_or_default().to_string()
    } else {
        return None;
    };
    Some(rest.replace('\\', "/"))
}

/// The `Start` value in a word.
pub(crate) fn start_word(s: u32) -> &'static str {
    match s {
        0 => "boot",
        1 => "system",
        2 => "automatic",
        3 => "manual",
        4 => "disabled",
        _ => "unknown",
    }
}

pub(crate) fn type_names(t: u32) -> Vec<String> {
    [
        (0x1, "kernel_driver"),
        (0x2, "file_system_driver"),
        (0x4, "adapter"),
        (0x8, "recognizer_driver"),
        (0x10, "win32_own_process"),
        (0x20, "win32_share_process"),
        (0x40, "user_service"),
        (0x80, "user_service_instance"),
        (0x100, "interactive_process"),
    ]
    .iter()
    .filter(|(bit, _)| t & bit != 0)
    .map(|(_, n)| n.to_string())
    .collect()
}

fn service(hive: &RegistryHive, k: KeyRef, set: &str, current: bool) -> Option<Service> {
    let name = hive.key_name(k)?;
    let text = |key: KeyRef, n: &str| hive.value(key, n).and_then(|v| v.as_string());
    let dword = |n: &str| hive.value(k, n).and_then(|v| v.as_dword());
    let params = hive.subkey(k, "Parameters");
    let service_type = dword("Type");
    let start = dword("Start");
    let image_path = text(k, "ImagePath");
    Some(Service {
        display_name: text(k, "DisplayName"),
        description: text(k, "Description"),
        image_path_resolved: image_path.as_deref().and_then(resolve_image_path),
        image_path,
        type_names: service_type.map(type_names).unwrap_or_default(),
        service_type,
        start_name: start.map(|s| start_word(s).to_string()),
        start,
        delayed_autostart: dword("DelayedAutostart").map(|d| d != 0),
        error_control: dword("ErrorControl"),
        object_name: text(k, "ObjectName"),
        group: text(k, "Group"),
        depend_on_service: hive
            .value(k, "DependOnService")
            .map(|v| multi_string(&v))
            .unwrap_or_default(),
        service_dll: params
            .and_then(|p| text(p, "ServiceDll"))
            .or_else(|| text(k, "ServiceDll")),
        service_main: params.and_then(|p| text(p, "ServiceMain")),
        failure_command: text(k, "FailureCommand"),
        failure_actions: hive
            .value(k, "FailureActions")
            .and_then(|v| parse_failure_actions(&v.data)),
        required_privileges: hive
            .value(k, "RequiredPrivileges")
            .map(|v| multi_string(&v))
            .unwrap_or_default(),
        service_sid_type: dword("ServiceSidType"),
        launch_protected: dword("LaunchProtected"),
        last_written: hive.key_last_written(k),
        key: format!("{set}\\Services\\{name}"),
        control_set: set.to_string(),
        current,
        name,
    })
}

/// Services whose keys were deleted but survive in the SYSTEM hive's unallocated cells
/// ([`RegistryHive::deleted_keys`]): a deleted `ControlSetNNN\Services\NAME` key read as a
/// service (its values, and its `Parameters` subkey, from unallocated cells), `key` its path.
pub fn parse_deleted_services(hive: &RegistryHive) -> Vec<Service> {
    let current = hive.current_control_set();
    hive.deleted_keys()
        .into_iter()
        .filter(|d| d.complete)
        .filter_map(|d| {
            let parts: Vec<&str> = d.path.split('\\').collect();
            let [set, services, _] = parts.as_slice() else {
                return None;
            };
            let n: u32 = set.strip_prefix("ControlSet")?.parse().ok()?;
            if !services.eq_ignore_ascii_case("Services") {
                return None;
            }
            let mut svc = service(hive, d.key, set, Some(n) == current)?;
            svc.key = d.path.clone();
            Some(svc)
        })
        .collect()
}

/// Every service of every control set in a SYSTEM hive.
pub fn parse_services(hive: &RegistryHive) -> Vec<Service> {
    let current = hive.current_control_set();
    let mut out = Vec::new();
    for n in 1..=MAX_CONTROL_SETS {
        let set = format!("ControlSet{n:03}");
        let Some(services) = hive.key(&format!("{set}\\Services")) else {
            continue;
        };
        for k in hive.subkeys(services) {
            if let Some(s) = service(hive, k, &set, current == Some(n)) {
                out.push(s);
            }
        }
    }
    out
}
