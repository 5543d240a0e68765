//! The environment a Windows image gives the programs its tasks and services start:
//! `SystemRoot` and the program folders from SOFTWARE, the machine variables (`Path`,
//! `windir`, `ComSpec`…) from SYSTEM's `Session Manager\Environment`, the profile folders
//! from `ProfileList`; and per user `USERPROFILE`, `APPDATA`, `LOCALAPPDATA`, `TEMP`.
use crate::RegistryHive;
use std::collections::BTreeMap;

/// Variables by upper-case name, where each came from, and the search path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowsEnvironment {
    /// Value by upper-case name (already expanded).
    pub vars: BTreeMap<String, String>,
    /// Names whose value is Windows' default, not read from the image (no hive, no value).
    pub defaults: Vec<String>,
}

/// Where SOFTWARE keeps profiles and the profile folders.
pub(crate) const PROFILE_LIST: &str = "Microsoft\\Windows NT\\CurrentVersion\\ProfileList";

/// Windows' defaults for what a hive normally says.
const DEFAULTS: &[(&str, &str)] = &[
    ("SYSTEMROOT", r"C:\Windows"),
    ("PROGRAMFILES", r"%SystemDrive%\Program Files"),
    ("PROGRAMFILES(X86)", r"%SystemDrive%\Program Files (x86)"),
    ("COMMONPROGRAMFILES", r"%ProgramFiles%\Common Files"),
    ("PROGRAMDATA", r"%SystemDrive%\ProgramData"),
    ("PUBLIC", r"%SystemDrive%\Users\Public"),
    (
        "PATH",
        r"%SystemRoot%\system32;%SystemRoot%;%SystemRoot%\System32\Wbem;%SystemRoot%\System32\WindowsPowerShell\v1.0\",
    ),
    ("COMSPEC", r"%SystemRoot%\system32\cmd.exe"),
    ("TEMP", r"%SystemRoot%\TEMP"),
    ("TMP", r"%SystemRoot%\TEMP"),
];

impl WindowsEnvironment {
    /// The machine environment of an image from its hives (either may be absent).
    ///
    /// ```
    /// let env = foothold_windows::WindowsEnvironment::from_hives(None, None);
    /// assert_eq!(env.get("windir").as_deref(), Some(r"C:\Windows"));
    /// assert_eq!(env.get("ProgramData").as_deref(), Some(r"C:\ProgramData"));
    /// assert!(env.defaults.contains(&"SYSTEMROOT".to_string()));
    /// ```
    pub fn from_hives(system: Option<&RegistryHive>, software: Option<&RegistryHive>) -> Self {
        let mut raw: BTreeMap<String, String> = BTreeMap::new();
        if let Some(sw) = software {
            // (variable, key, value) as Windows keeps them in SOFTWARE.
            for (name, key, value) in [
                (
                    "SYSTEMROOT",
                    "Microsoft\\Windows NT\\CurrentVersion",
                    "SystemRoot",
                ),
                (
                    "PROGRAMFILES",
                    "Microsoft\\Windows\\CurrentVersion",
                    "ProgramFilesDir",
                ),
                (
                    "PROGRAMFILES(X86)",
                    "Microsoft\\Windows\\CurrentVersion",
                    "ProgramFilesDir (x86)",
                ),
                (
                    "COMMONPROGRAMFILES",
                    "Microsoft\\Windows\\CurrentVersion",
                    "CommonFilesDir",
                ),
                ("PROGRAMDATA", PROFILE_LIST, "ProgramData"),
                ("PUBLIC", PROFILE_LIST, "Public"),
                ("ALLUSERSPROFILE", PROFILE_LIST, "ProgramData"),
            ] {
                if let Some(v) = sw
                    .key(key)
                    .and_then(|k| sw.value(k, value))
                    .and_then(|v| v.as_string())
                    .filter(|v| !v.is_empty())
                {
                    raw.insert(name.to_string(), v);
                }
            }
        }
        if let Some(sys) = system {
            let current = sys.current_control_set().unwrap_or(1);
            if let Some(k) = sys.key(&format!(
                "ControlSet{current:03}\\Control\\Session Manager\\Environment"
            )) {
                for v in sys.values(k) {
                    if let Some(s) = v.as_string().filter(|s| !s.is_empty()) {
                        raw.insert(v.name.to_ascii_uppercase(), s);
                    }
                }
            }
        }
        let mut env = WindowsEnvironment::default();
        for (name, value) in DEFAULTS {
            if !raw.contains_key(*name) {
                raw.insert(name.to_string(), value.to_string());
                env.defaults.push(name.to_string());
            }
        }
        let root = raw
            .get("SYSTEMROOT")
            .cloned()
            .unwrap_or_else(|| r"C:\Windows".into());
        let drive: String = root.chars().take(2).collect();
        raw.entry("SYSTEMDRIVE".into()).or_insert(drive);
        raw.entry("WINDIR".into())
            .or_insert_with(|| "%SystemRoot%".into());
        raw.entry("ALLUSERSPROFILE".into())
            .or_insert_with(|| "%ProgramData%".into());
        // Expand each value with the others (a few rounds: values name each other).
        let mut vars = raw.clone();
        for _ in 0..4 {
            let snapshot = vars.clone();
            let lookup = |n: &str| snapshot.get(&n.to_ascii_uppercase()).cloned();
            for v in vars.values_mut() {
                *v = crate::expand_environment(v, &lookup).0;
            }
        }
        env.vars = vars;
        env
    }

    /// A variable by name (any case).
    pub fn get(&self, name: &str) -> Option<String> {
        self.vars.get(&name.to_ascii_uppercase()).cloned()
    }

    /// The same environment for a user whose profile folder is `profile`
    /// (`C:\Users\alice`): `USERPROFILE`, `HOMEDRIVE`/`HOMEPATH`, `APPDATA`, `LOCALAPPDATA`,
    /// `TEMP`/`TMP` (Windows' defaults under the profile).
    ///
    /// ```
    /// let env = foothold_windows::WindowsEnvironment::from_hives(None, None).for_user(r"C:\Users\eve");
    /// assert_eq!(env.get("APPDATA").as_deref(), Some(r"C:\Users\eve\AppData\Roaming"));
    /// ```
    pub fn for_user(&self, profile: &str) -> Self {
        let mut e = self.clone();
        let p = profile.trim_end_matches('\\');
        let root = self.get("SYSTEMROOT").unwrap_or_default();
        let p = crate::expand_environment(p, &|n| {
            n.eq_ignore_ascii_case("SystemRoot")
                .then(|| root.clone())
                .or_else(|| self.get(n))
        })
        .0;
        for (k, v) in [
            ("USERPROFILE", p.clone()),
            ("HOMEDRIVE", p.chars().take(2).collect()),
            ("HOMEPATH", p.chars().skip(2).collect()),
            ("APPDATA", format!(r"{p}\AppData\Roaming")),
            ("LOCALAPPDATA", format!(r"{p}\AppData\Local")),
            ("TEMP", format!(r"{p}\AppData\Local\Temp")),
            ("TMP", format!(r"{p}\AppData\Local\Temp")),
        ] {
            e.vars.insert(k.to_string(), v);
            e.defaults.retain(|d| d != k);
        }
        e
    }

    /// The `Path` directories, in order.
    pub fn path_dirs(&self) -> Vec<String> {
        self.get("PATH")
            .unwrap_or_default()
            .split(';')
            .map(|d| d.trim().trim_end_matches('\\').to_string())
            .filter(|d| !d.is_empty())
            .collect()
    }
}
