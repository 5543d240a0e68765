//! `foothold._native`: a thin layer over the `foothold` facade. Records cross as the same
//! JSON the CLI prints; `foothold/__init__.py` turns them into typed objects.
#![forbid(unsafe_code)]

use foothold::{Error, Evidence, ListRecord};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyFileNotFoundError, PyIsADirectoryError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

create_exception!(
    _native,
    FootholdError,
    PyException,
    "Base of every foothold error."
);
create_exception!(
    _native,
    UnsupportedFormat,
    FootholdError,
    "Evidence, volume or filesystem foothold cannot read."
);
create_exception!(
    _native,
    CorruptEvidence,
    FootholdError,
    "A damaged structure in the evidence (with its offset)."
);

/// Largest file `read` returns (1 GiB); larger ones need streaming, not a bytes object.
const READ_LIMIT: u64 = 1 << 30;

fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match &e {
        Error::Evidence(foothold_err) => match std::error::Error::source(foothold_err)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .map(|io| io.kind())
        {
            Some(std::io::ErrorKind::NotFound) => PyFileNotFoundError::new_err(msg),
            Some(std::io::ErrorKind::PermissionDenied) => PyPermissionError::new_err(msg),
            _ if msg.contains("is a directory") => PyIsADirectoryError::new_err(msg),
            _ => FootholdError::new_err(msg),
        },
        Error::NotFound { .. } | Error::NoSuchVolume { .. } => PyFileNotFoundError::new_err(msg),
        Error::Read { .. } => CorruptEvidence::new_err(msg),
        Error::NotAnImage { .. } => UnsupportedFormat::new_err(msg),
        Error::Unreadable { .. } | Error::NoReadableVolume { .. } => {
            UnsupportedFormat::new_err(msg)
        }
        Error::Fs { source, .. } => match source {
            foothold::FsError::NotFound { .. } => PyFileNotFoundError::new_err(msg),
            foothold::FsError::NotThisFs { .. } | foothold::FsError::Unsupported { .. } => {
                UnsupportedFormat::new_err(msg)
            }
            foothold::FsError::Corrupt { .. } | foothold::FsError::Io { .. } => {
                CorruptEvidence::new_err(msg)
            }
            _ => FootholdError::new_err(msg),
        },
        Error::Volume { .. } => CorruptEvidence::new_err(msg),
        _ => FootholdError::new_err(msg),
    }
}

fn json_err(e: serde_json::Error) -> PyErr {
    FootholdError::new_err(e.to_string())
}

/// An opened image (raw, split raw, E01, qcow2, VHD, VHDX, VMDK) or directory.
#[pyclass(frozen, module = "foothold._native")]
struct NativeEvidence {
    inner: Evidence,
}

#[pymethods]
impl NativeEvidence {
    /// `foothold info` as JSON.
    fn info_json(&self, py: Python<'_>) -> PyResult<String> {
        py.allow_threads(|| serde_json::to_string(&self.inner.info()))
            .map_err(json_err)
    }

    /// Recompute MD5 and SHA-1 of the media and compare with the stored hashes, as JSON.
    fn verify_json(&self, py: Python<'_>) -> PyResult<String> {
        let v = py.allow_threads(|| self.inner.verify()).map_err(to_py)?;
        let digests = |d: &[foothold::Digest]| -> serde_json::Map<String, serde_json::Value> {
            d.iter()
                .map(|x| (x.algorithm.clone(), serde_json::Value::from(x.hex.clone())))
                .collect()
        };
        let j = serde_json::json!({
            "bytes": v.bytes,
            "computed": digests(&v.computed),
            "stored": digests(&v.stored),
            "matches": v.matches,
        });
        Ok(j.to_string())
    }

    /// `foothold ls --format jsonl` as one string, plus the errors and warnings as JSON.
    #[pyo3(signature = (path="/", volume=None, deleted=false))]
    fn list_jsonl(
        &self,
        py: Python<'_>,
        path: &str,
        volume: Option<u32>,
        deleted: bool,
    ) -> PyResult<(String, String)> {
        py.allow_threads(|| {
            let mut out = String::new();
            let mut ser_err = None;
            let outcome = self
                .inner
                .list(
                    path,
                    volume,
                    deleted,
                    &mut |r: ListRecord| match serde_json::to_string(&r) {
                        Ok(line) => {
                            out.push_str(&line);
                            out.push('\n');
                        }
                        Err(e) => ser_err = Some(e),
                    },
                )?;
            if let Some(e) = ser_err {
                return Ok(Err(e));
            }
            Ok(serde_json::to_string(&outcome).map(|o| (out, o)))
        })
        .map_err(to_py)?
        .map_err(json_err)
    }

    /// `foothold scan --format jsonl` as one string, for the families selected.
    #[pyo3(signature = (tasks=true, services=true, cron=true, events=true))]
    fn scan_jsonl(
        &self,
        py: Python<'_>,
        tasks: bool,
        services: bool,
        cron: bool,
        events: bool,
    ) -> PyResult<String> {
        py.allow_threads(|| {
            let report = self.inner.scan(foothold::ScanSet {
                tasks,
                services,
                cron,
                events,
            });
            let mut out = String::new();
            for r in report.records() {
                out.push_str(&serde_json::to_string(&r)?);
                out.push('\n');
            }
            Ok(out)
        })
        .map_err(json_err)
    }

    /// The bytes of a file (`path:stream` for an NTFS alternate data stream).
    #[pyo3(signature = (path, volume=None))]
    fn read<'py>(
        &self,
        py: Python<'py>,
        path: &str,
        volume: Option<u32>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let data = py
            .allow_threads(|| self.inner.read(path, volume, READ_LIMIT))
            .map_err(to_py)?;
        Ok(PyBytes::new(py, &data))
    }
}

/// Parse a crontab given as bytes: system layout (with a user column) when `user` is
/// `None`, else a user crontab. Returns `{"jobs": [...], "errors": [...]}` as JSON.
#[pyfunction]
#[pyo3(signature = (data, user=None))]
fn parse_crontab_json(py: Python<'_>, data: &[u8], user: Option<String>) -> PyResult<String> {
    let format = match user {
        Some(user) => foothold::CrontabFormat::User { user },
        None => foothold::CrontabFormat::System,
    };
    py.allow_threads(|| {
        let p = foothold::parse_crontab(data, &format);
        // The line number is part of the record's source in scans; give it here too.
        let jobs: Vec<serde_json::Value> = p
            .jobs
            .iter()
            .map(|j| {
                let mut v = serde_json::to_value(j)?;
                v["line"] = serde_json::json!(j.line);
                Ok(v)
            })
            .collect::<Result<_, serde_json::Error>>()?;
        serde_json::to_string(&serde_json::json!({"jobs": jobs, "errors": p.errors}))
    })
    .map_err(json_err)
}

/// Parse a scheduled-task definition (task XML, or a legacy `.job` when `job` is true) given
/// as bytes; returns the task as JSON.
#[pyfunction]
#[pyo3(signature = (data, job=false))]
fn parse_task_json(py: Python<'_>, data: &[u8], job: bool) -> PyResult<String> {
    let task = py
        .allow_threads(|| {
            if job {
                foothold::parse_job(data)
            } else {
                foothold::parse_task_xml(data)
            }
        })
        .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
    serde_json::to_string(&task).map_err(json_err)
}

/// Load a loose hive (bytes), replay its transaction logs (bytes each, in any order) and
/// return `{"replay": …, "services": […], "task_cache": […]}` as JSON.
#[pyfunction]
#[pyo3(signature = (data, logs=Vec::new()))]
fn open_hive_json(py: Python<'_>, data: Vec<u8>, logs: Vec<Vec<u8>>) -> PyResult<String> {
    py.allow_threads(|| {
        let mut bytes = data;
        let named: Vec<(String, Vec<u8>)> = logs
            .into_iter()
            .enumerate()
            .map(|(i, b)| (format!("log{}", i + 1), b))
            .collect();
        let replay = foothold::replay_logs(&mut bytes, &named);
        let hive = foothold::RegistryHive::new(bytes)
            .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
        let task_cache = foothold::parse_task_cache(&hive)
            .map_err(|e| CorruptEvidence::new_err(e.to_string()))?;
        serde_json::to_string(&serde_json::json!({
            "replay": replay,
            "services": foothold::parse_services(&hive),
            "task_cache": task_cache,
        }))
        .map_err(json_err)
    })
}

/// Open an image file (raw, split raw first segment) or a directory.
#[pyfunction]
fn open(py: Python<'_>, path: PathBuf) -> PyResult<NativeEvidence> {
    let inner = py.allow_threads(|| Evidence::open(&path)).map_err(to_py)?;
    Ok(NativeEvidence { inner })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add_function(wrap_pyfunction!(parse_crontab_json, m)?)?;
    m.add_function(wrap_pyfunction!(parse_task_json, m)?)?;
    m.add_function(wrap_pyfunction!(open_hive_json, m)?)?;
    m.add_class::<NativeEvidence>()?;
    m.add("FootholdError", m.py().get_type::<FootholdError>())?;
    m.add("UnsupportedFormat", m.py().get_type::<UnsupportedFormat>())?;
    m.add("CorruptEvidence", m.py().get_type::<CorruptEvidence>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
