//! Who the machine is: computer name, domain, Windows product and build, install and last
//! shutdown times, from the SYSTEM and SOFTWARE hives.
use crate::RegistryHive;
use foothold_core::Timestamp;

/// What the hives say about the machine. Every field is `None` when its value is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowsHost {
    /// `SYSTEM\<current>\Control\ComputerName\ComputerName\ComputerName`.
    pub computer_name: Option<String>,
    /// `SYSTEM\<current>\Services\Tcpip\Parameters\Domain` (or `NV Domain`).
    pub domain: Option<String>,
    /// `SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProductName` (`Windows 10 Pro`).
    pub product_name: Option<String>,
    /// `DisplayVersion` or, before 20H2, `ReleaseId` (`22H2`, `1709`).
    pub display_version: Option<String>,
    /// `CurrentBuildNumber` (or `CurrentBuild`), with `.UBR` when present (`19045.3803`).
    pub build: Option<String>,
    /// `EditionID`.
    pub edition: Option<String>,
    /// `InstallDate` (Unix seconds).
    pub install_date: Option<Timestamp>,
    /// `RegisteredOwner`.
    pub registered_owner: Option<String>,
    /// `SYSTEM\<current>\Control\Windows\ShutdownTime`: the last clean shutdown.
    pub last_shutdown: Option<Timestamp>,
    /// The control set read (`ControlSet001`).
    pub control_set: Option<String>,
}

const CURRENT_VERSION: &str = "Microsoft\\Windows NT\\CurrentVersion";

impl WindowsHost {
    /// Read from the hives (either may be absent).
    ///
    /// ```
    /// let h = foothold_windows::WindowsHost::from_hives(None, None);
    /// assert_eq!(h.computer_name, None);
    /// ```
    pub fn from_hives(system: Option<&RegistryHive>, software: Option<&RegistryHive>) -> Self {
        let mut h = WindowsHost::default();
        let text = |hive: &RegistryHive, key: &str, value: &str| {
            let k = hive.key(key)?;
            hive.value(k, value)
                .and_then(|v| v.as_string())
                .filter(|s| !s.is_empty())
        };
        if let Some(sys) = system {
            let set = format!("ControlSet{:03}", sys.current_control_set().unwrap_or(1));
            h.computer_name = text(
                sys,
                &format!("{set}\\Control\\ComputerName\\ComputerName"),
                "ComputerName",
            );
            let tcpip = format!("{set}\\Services\\Tcpip\\Parameters");
            h.domain = text(sys, &tcpip, "Domain").or_else(|| text(sys, &tcpip, "NV Domain"));
            h.last_shutdown = sys
                .key(&format!("{set}\\Control\\Windows"))
                .and_then(|k| sys.value(k, "ShutdownTime"))
                .and_then(|v| foothold_core::u64_at(&v.data, 0))
                .and_then(Timestamp::from_filetime);
            h.control_set = sys.key(&set).map(|_| set);
        }
        if let Some(sw) = software {
            let cv = CURRENT_VERSION;
            h.product_name = text(sw, cv, "ProductName");
            h.display_version =
                text(sw, cv, "DisplayVersion").or_else(|| text(sw, cv, "ReleaseId"));
            h.edition = text(sw, cv, "EditionID");
            h.registered_owner = text(sw, cv, "RegisteredOwner");
            let k = sw.key(cv);
            let dword = |n: &str| k.and_then(|k| sw.value(k, n)).and_then(|v| v.as_dword());
            h.install_date = dword("InstallDate")
                .filter(|d| *d != 0)
                .map(|d| Timestamp::from_unix(i64::from(d), 0));
            h.build = text(sw, cv, "CurrentBuildNumber")
                .or_else(|| text(sw, cv, "CurrentBuild"))
                .map(|b| match dword("UBR") {
                    Some(u) => format!("{b}.{u}"),
                    None => b,
                });
        }
        h
    }
}
