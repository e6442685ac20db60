//! Control groups for sandboxed runs: a memory limit (swap included), a process-count limit
//! and CPU accounting, on cgroup v1 (separate `memory`, `pids`, `cpuacct` hierarchies, as on
//! these machines) or v2 (one unified hierarchy with those controllers delegated).
//!
//! Every run gets a fresh leaf `run-N` under `mentor-sandbox-<pid>-<k>` (`k` numbers the
//! runners of one process, which must not share or remove each other's), created below this
//! process's own cgroup; the supervised process moves itself into the leaf before it executes
//! anything (see `sys`), so nothing it starts escapes the limits.

use std::{
    ffi::CString,
    fs,
    os::unix::ffi::OsStrExt,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use anyhow::{Context, anyhow, bail};

/// Which hierarchy layout is in use.
#[derive(Debug, Clone)]
enum Layout {
    V1 {
        memory: PathBuf,
        pids: PathBuf,
        cpu: PathBuf,
    },
    V2 {
        base: PathBuf,
    },
}

/// The sandbox's own cgroup directories; removed on drop (when empty).
#[derive(Debug)]
pub struct Cgroups {
    layout: Layout,
    next: AtomicU64,
}

/// Limits for one run.
#[derive(Debug, Clone, Copy)]
pub struct RunLimits {
    pub memory_bytes: u64,
    pub pids: u32,
}

/// One run's leaf cgroups.
#[derive(Debug)]
pub struct RunGroup {
    dirs: Vec<PathBuf>,
    layout_v2: bool,
    /// `cgroup.procs` of every leaf, ready for the child to write `0` into between fork and exec.
    pub procs_files: Vec<CString>,
}

fn mounts() -> anyhow::Result<Vec<(PathBuf, PathBuf, String, String)>> {
    // mountinfo: id parent major:minor root mountpoint options - fstype source superoptions
    let text =
        fs::read_to_string("/proc/self/mountinfo").context("reading /proc/self/mountinfo")?;
    let mut out = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        if fields.len() < dash + 4 || fields.len() < 5 {
            continue;
        }
        out.push((
            PathBuf::from(fields[3]),
            PathBuf::from(fields[4]),
            fields[dash + 1].to_owned(),
            fields[dash + 3].to_owned(),
        ));
    }
    Ok(out)
}

/// This process's cgroup path per controller (`""` for the v2 hierarchy).
fn own_paths() -> anyhow::Result<Vec<(String, String)>> {
    let text = fs::read_to_string("/proc/self/cgroup").context("reading /proc/self/cgroup")?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ':');
            let _id = parts.next()?;
            let controllers = parts.next()?.to_owned();
            let path = parts.next()?.to_owned();
            Some((controllers, path))
        })
        .collect())
}

fn join_under(mount_point: &Path, mount_root: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    let relative = path.strip_prefix(mount_root).unwrap_or(path);
    let relative = relative.strip_prefix("/").unwrap_or(relative);
    mount_point.join(relative)
}

fn v1_dir(controller: &str) -> anyhow::Result<PathBuf> {
    let own = own_paths()?;
    let (_, path) = own
        .iter()
        .find(|(c, _)| c.split(',').any(|c| c == controller))
        .ok_or_else(|| anyhow!("this process is in no {controller} cgroup"))?;
    let (root, point, _, _) = mounts()?
        .into_iter()
        .find(|(_, _, fstype, opts)| fstype == "cgroup" && opts.split(',').any(|o| o == controller))
        .ok_or_else(|| anyhow!("the cgroup v1 {controller} controller is not mounted"))?;
    Ok(join_under(&point, &root, path))
}

fn write(path: &Path, value: &str) -> anyhow::Result<()> {
    fs::write(path, value).with_context(|| format!("writing {value:?} to {}", path.display()))
}

fn read_u64(path: &Path) -> Option<u64> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// `key value` lines (memory.events, cpu.stat, memory.oom_control).
fn read_keyed(path: &Path, key: &str) -> Option<u64> {
    fs::read_to_string(path).ok()?.lines().find_map(|line| {
        let (k, v) = line.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok()).flatten()
    })
}

/// Removes the cgroups of sandboxes whose process is gone (a crash, or a test binary that
/// ended without dropping its runner). Leaves are empty once their processes are gone.
fn sweep_stale(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("mentor-sandbox-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        if let Ok(leaves) = fs::read_dir(entry.path()) {
            for leaf in leaves.flatten() {
                if leaf.path().is_dir() {
                    let _ = fs::remove_dir(leaf.path());
                }
            }
        }
        let _ = fs::remove_dir(entry.path());
    }
}

fn create_base(dir: &Path) -> anyhow::Result<()> {
    if let Some(parent) = dir.parent() {
        sweep_stale(parent);
    }
    create(dir)
}

fn create(dir: &Path) -> anyhow::Result<()> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("creating cgroup {}", dir.display())),
    }
}

impl Cgroups {
    /// Finds the hierarchy and creates the sandbox's cgroup under this process's own.
    ///
    /// # Errors
    /// When no usable memory and pids controllers are available or the directories cannot be
    /// created (for example without permission).
    pub fn new() -> anyhow::Result<Self> {
        static RUNNERS: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "mentor-sandbox-{}-{}",
            std::process::id(),
            RUNNERS.fetch_add(1, Ordering::Relaxed)
        );
        let own = own_paths()?;
        let v1 = own.iter().any(|(c, _)| c.split(',').any(|c| c == "memory"));
        let layout = if v1 {
            let memory = v1_dir("memory")?.join(&name);
            let pids = v1_dir("pids")?.join(&name);
            let cpu = v1_dir("cpuacct")?.join(&name);
            for dir in [&memory, &pids, &cpu] {
                create_base(dir)?;
            }
            Layout::V1 { memory, pids, cpu }
        } else {
            let (_, path) = own
                .iter()
                .find(|(c, _)| c.is_empty())
                .ok_or_else(|| anyhow!("no cgroup hierarchy found for this process"))?;
            let (root, point, _, _) = mounts()?
                .into_iter()
                .find(|(_, _, fstype, _)| fstype == "cgroup2")
                .ok_or_else(|| anyhow!("cgroup2 is not mounted"))?;
            let own_dir = join_under(&point, &root, path);
            let controllers = fs::read_to_string(own_dir.join("cgroup.controllers"))
                .context("reading cgroup.controllers")?;
            for needed in ["memory", "pids", "cpu"] {
                if !controllers.split_whitespace().any(|c| c == needed) {
                    bail!(
                        "the {needed} controller is not delegated to this process's cgroup {} \
                         (run the server in a cgroup with memory, pids and cpu delegated)",
                        own_dir.display()
                    );
                }
            }
            let base = own_dir.join(&name);
            create_base(&base)?;
            write(&base.join("cgroup.subtree_control"), "+memory +pids +cpu")?;
            Layout::V2 { base }
        };
        Ok(Self {
            layout,
            next: AtomicU64::new(0),
        })
    }

    /// Which layout, for logs.
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match self.layout {
            Layout::V1 { .. } => "cgroup v1",
            Layout::V2 { .. } => "cgroup v2",
        }
    }

    /// Creates a fresh leaf with `limits`.
    ///
    /// # Errors
    /// When the leaf cannot be created or a limit not written.
    pub fn run_group(&self, limits: RunLimits) -> anyhow::Result<RunGroup> {
        let leaf = format!("run-{}", self.next.fetch_add(1, Ordering::Relaxed));
        let memory = limits.memory_bytes.to_string();
        let group = match &self.layout {
            Layout::V1 {
                memory: m,
                pids,
                cpu,
            } => {
                let dirs = vec![m.join(&leaf), pids.join(&leaf), cpu.join(&leaf)];
                for dir in &dirs {
                    create(dir)?;
                }
                write(&dirs[0].join("memory.limit_in_bytes"), &memory)?;
                let memsw = dirs[0].join("memory.memsw.limit_in_bytes");
                if memsw.exists() {
                    write(&memsw, &memory)?;
                }
                write(&dirs[1].join("pids.max"), &limits.pids.to_string())?;
                RunGroup::new(dirs, false)?
            }
            Layout::V2 { base } => {
                let dir = base.join(&leaf);
                create(&dir)?;
                write(&dir.join("memory.max"), &memory)?;
                let swap = dir.join("memory.swap.max");
                if swap.exists() {
                    write(&swap, "0")?;
                }
                write(&dir.join("pids.max"), &limits.pids.to_string())?;
                RunGroup::new(vec![dir], true)?
            }
        };
        Ok(group)
    }
}

impl Drop for Cgroups {
    fn drop(&mut self) {
        let dirs = match &self.layout {
            Layout::V1 { memory, pids, cpu } => vec![memory.clone(), pids.clone(), cpu.clone()],
            Layout::V2 { base } => vec![base.clone()],
        };
        for dir in dirs {
            let _ = fs::remove_dir(dir);
        }
    }
}

impl RunGroup {
    fn new(dirs: Vec<PathBuf>, layout_v2: bool) -> anyhow::Result<Self> {
        let procs_files = dirs
            .iter()
            .map(|d| CString::new(d.join("cgroup.procs").as_os_str().as_bytes()))
            .collect::<Result<Vec<_>, _>>()
            .context("cgroup path with a NUL byte")?;
        Ok(Self {
            dirs,
            layout_v2,
            procs_files,
        })
    }

    fn memory_dir(&self) -> &Path {
        &self.dirs[0]
    }

    fn pids_dir(&self) -> &Path {
        if self.layout_v2 {
            &self.dirs[0]
        } else {
            &self.dirs[1]
        }
    }

    /// CPU time used by every process of the run so far.
    #[must_use]
    pub fn cpu_used(&self) -> Duration {
        if self.layout_v2 {
            Duration::from_micros(
                read_keyed(&self.dirs[0].join("cpu.stat"), "usage_usec").unwrap_or(0),
            )
        } else {
            Duration::from_nanos(read_u64(&self.dirs[2].join("cpuacct.usage")).unwrap_or(0))
        }
    }

    /// Whether the kernel's OOM killer acted in this run.
    #[must_use]
    pub fn oom_killed(&self) -> bool {
        let dir = self.memory_dir();
        if self.layout_v2 {
            read_keyed(&dir.join("memory.events"), "oom_kill").unwrap_or(0) > 0
        } else {
            read_keyed(&dir.join("memory.oom_control"), "oom_kill").unwrap_or(0) > 0
        }
    }

    /// The pids of every process still in the run.
    #[must_use]
    pub fn pids(&self) -> Vec<i32> {
        fs::read_to_string(self.pids_dir().join("cgroup.procs"))
            .map(|t| t.lines().filter_map(|l| l.trim().parse().ok()).collect())
            .unwrap_or_default()
    }

    /// Kills every process in the run (v2: `cgroup.kill`; v1: signals until none is left).
    pub async fn kill_all(&self) {
        if self.layout_v2 {
            let kill = self.dirs[0].join("cgroup.kill");
            if kill.exists() && fs::write(&kill, "1").is_ok() {
                return;
            }
        }
        for _ in 0..200 {
            let pids = self.pids();
            if pids.is_empty() {
                return;
            }
            for pid in pids {
                crate::sys::kill(pid);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tracing::warn!("processes of a sandboxed run survived 200 kill rounds");
    }

    /// Removes the leaf directories (after the processes are gone; retried briefly, since the
    /// kernel releases a cgroup a moment after its last process exits).
    pub async fn remove(self) {
        for dir in self.dirs.iter().rev() {
            for _ in 0..50 {
                if fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
    }
}
