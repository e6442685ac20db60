//! The only unsafe code of the workspace: what the supervised child does between `fork` and
//! `exec` (join the run's cgroups, set resource limits, place the result channel and the
//! seccomp filter on fixed descriptors), and sending `SIGKILL`.
//!
//! Code between fork and exec may only make async-signal-safe calls: everything here is a
//! direct system call on memory prepared before the fork; nothing allocates or locks.
#![allow(unsafe_code)]

use std::{
    ffi::CString,
    io,
    os::fd::{AsRawFd, OwnedFd, RawFd},
};

/// Resource limits set in the child (per process; the cgroup limits cover the whole tree).
#[derive(Debug, Clone, Copy)]
pub struct Rlimits {
    /// CPU seconds (a backstop: the supervisor enforces the CPU limit over the whole tree).
    pub cpu_seconds: u64,
    /// Largest file the run may write.
    pub file_bytes: u64,
    /// Open descriptors per process.
    pub open_files: u64,
}

/// What the child does before `exec`.
#[derive(Debug)]
pub struct ChildSetup {
    /// `cgroup.procs` files to write `0` into (moves the writer).
    pub cgroup_procs: Vec<CString>,
    /// Resource limits.
    pub rlimits: Rlimits,
    /// Descriptors to place at fixed numbers: (source, target).
    pub fds: Vec<(OwnedFd, RawFd)>,
}

fn check(ret: libc::c_int) -> io::Result<()> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

impl ChildSetup {
    /// Installs the setup on `command` as its pre-exec hook.
    pub fn install(self, command: &mut tokio::process::Command) {
        let setup = self;
        // SAFETY: the closure runs in the forked child before exec. It only makes raw system
        // calls (open, write, close, setrlimit, fcntl, dup2) on data owned by `setup`, which
        // was fully built before the fork; it does not allocate, lock or touch other threads'
        // state, so it is async-signal-safe.
        unsafe {
            command.pre_exec(move || setup.apply());
        }
    }

    fn apply(&self) -> io::Result<()> {
        for path in &self.cgroup_procs {
            // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
            let fd = unsafe { libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
            check(fd)?;
            // SAFETY: writes one byte from a static buffer to the descriptor just opened.
            let written = unsafe { libc::write(fd, b"0".as_ptr().cast(), 1) };
            // SAFETY: closes the descriptor opened above, exactly once.
            unsafe { libc::close(fd) };
            if written != 1 {
                return Err(io::Error::last_os_error());
            }
        }
        let limits = [
            (libc::RLIMIT_CPU, self.rlimits.cpu_seconds),
            (libc::RLIMIT_FSIZE, self.rlimits.file_bytes),
            (libc::RLIMIT_NOFILE, self.rlimits.open_files),
            (libc::RLIMIT_CORE, 0),
        ];
        for (resource, value) in limits {
            let limit = libc::rlimit {
                rlim_cur: value,
                rlim_max: value,
            };
            // SAFETY: passes a pointer to a local, initialised `rlimit`.
            check(unsafe { libc::setrlimit(resource, &raw const limit) })?;
        }
        // Move every source above the targets first, so that placing one cannot close another.
        let mut moved = [0 as RawFd; 8];
        for (i, (source, _)) in self.fds.iter().enumerate().take(moved.len()) {
            // SAFETY: duplicates a descriptor this process owns; the result is ours to use.
            let fd = unsafe { libc::fcntl(source.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 100) };
            check(fd)?;
            moved[i] = fd;
        }
        for (i, (_, target)) in self.fds.iter().enumerate().take(moved.len()) {
            // SAFETY: `dup2` onto a fixed number; the new descriptor has no close-on-exec flag,
            // so it survives into bubblewrap and the harness.
            check(unsafe { libc::dup2(moved[i], *target) })?;
        }
        Ok(())
    }
}

/// Sends `SIGKILL` to `pid` (errors — the process is already gone — are ignored).
pub fn kill(pid: i32) {
    if pid > 1 {
        // SAFETY: `kill` has no memory-safety preconditions.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}
