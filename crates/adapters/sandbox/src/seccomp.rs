//! The seccomp filter handed to bubblewrap (`--seccomp FD`): a classic BPF program that
//! refuses the system calls a graded program never needs and that widen the attack surface
//! (debugging other processes, mounting, namespaces, kernel modules, BPF, io_uring, keyrings,
//! …). Refused calls fail with `EPERM` (`clone3` with `ENOSYS`, so the C library falls back to
//! `clone`, whose namespace flags are refused here too); a foreign architecture is killed.

/// One BPF instruction (`struct sock_filter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Insn {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

const LD_W_ABS: u16 = 0x20;
const JEQ_K: u16 = 0x15;
const JGE_K: u16 = 0x35;
const JSET_K: u16 = 0x45;
const RET_K: u16 = 0x06;

const RET_ALLOW: u32 = 0x7fff_0000;
const RET_ERRNO: u32 = 0x0005_0000;
const RET_KILL_PROCESS: u32 = 0x8000_0000;

/// Offsets in `struct seccomp_data`.
const OFF_NR: u32 = 0;
const OFF_ARCH: u32 = 4;
/// Low 32 bits of the first argument (little-endian).
const OFF_ARG0: u32 = 16;

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("the sandbox's seccomp filter supports x86_64 and aarch64");

/// Namespace flags of `clone` (`CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID |
/// NEWNET`).
const CLONE_NAMESPACES: u32 = 0x7E02_0000;

/// System calls refused with `EPERM`.
fn refused() -> Vec<i64> {
    vec![
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_mount,
        libc::SYS_umount2,
        libc::SYS_pivot_root,
        libc::SYS_chroot,
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_open_tree,
        libc::SYS_move_mount,
        libc::SYS_fsopen,
        libc::SYS_fsconfig,
        libc::SYS_fsmount,
        libc::SYS_fspick,
        libc::SYS_mount_setattr,
        libc::SYS_kexec_load,
        libc::SYS_kexec_file_load,
        libc::SYS_init_module,
        libc::SYS_finit_module,
        libc::SYS_delete_module,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_userfaultfd,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
        libc::SYS_open_by_handle_at,
        libc::SYS_name_to_handle_at,
        libc::SYS_reboot,
        libc::SYS_swapon,
        libc::SYS_swapoff,
        libc::SYS_acct,
        libc::SYS_quotactl,
        libc::SYS_syslog,
        libc::SYS_settimeofday,
        libc::SYS_clock_settime,
        libc::SYS_clock_adjtime,
        libc::SYS_adjtimex,
        libc::SYS_sethostname,
        libc::SYS_setdomainname,
    ]
}

fn insn(code: u16, jt: u8, jf: u8, k: u32) -> Insn {
    Insn { code, jt, jf, k }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn program() -> Vec<Insn> {
    let refused = refused();
    let mut p = vec![
        // Kill a foreign architecture (its system call numbers mean something else).
        insn(LD_W_ABS, 0, 0, OFF_ARCH),
        insn(JEQ_K, 1, 0, AUDIT_ARCH),
        insn(RET_K, 0, 0, RET_KILL_PROCESS),
        insn(LD_W_ABS, 0, 0, OFF_NR),
    ];
    // Labels at the end: [.., ALLOW, EPERM, ENOSYS]; jump offsets are computed from the end.
    let body_len = refused.len() + 1 /* x32 */ + 1 /* clone3 */ + 3 /* clone */;
    let mut remaining = body_len;
    let to_eperm = |remaining: usize| -> u8 {
        // From the instruction after this one, skip what is left of the body and ALLOW.
        u8::try_from(remaining + 1).unwrap_or(u8::MAX)
    };
    // x32 system calls (x86_64 only; the bit is never set on aarch64).
    remaining -= 1;
    p.push(insn(JGE_K, to_eperm(remaining), 0, 0x4000_0000));
    for nr in &refused {
        remaining -= 1;
        p.push(insn(JEQ_K, to_eperm(remaining), 0, *nr as u32));
    }
    // clone3 passes its flags in memory, which BPF cannot read: ENOSYS, so libc uses clone.
    remaining -= 1;
    p.push(insn(
        JEQ_K,
        to_eperm(remaining) + 1,
        0,
        libc::SYS_clone3 as u32,
    ));
    // clone with any namespace flag.
    remaining -= 1;
    p.push(insn(JEQ_K, 0, 2, libc::SYS_clone as u32));
    remaining -= 1;
    p.push(insn(LD_W_ABS, 0, 0, OFF_ARG0));
    remaining -= 1;
    p.push(insn(JSET_K, to_eperm(remaining), 0, CLONE_NAMESPACES));
    debug_assert_eq!(remaining, 0);
    p.push(insn(RET_K, 0, 0, RET_ALLOW));
    p.push(insn(RET_K, 0, 0, RET_ERRNO | libc::EPERM as u32));
    p.push(insn(RET_K, 0, 0, RET_ERRNO | libc::ENOSYS as u32));
    p
}

/// The filter as bubblewrap reads it: `struct sock_filter` records in native byte order.
#[must_use]
pub fn filter_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    for i in program() {
        out.extend_from_slice(&i.code.to_ne_bytes());
        out.push(i.jt);
        out.push(i.jf);
        out.extend_from_slice(&i.k.to_ne_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny interpreter for the subset of classic BPF the filter uses.
    fn eval(p: &[Insn], arch: u32, nr: u32, arg0: u32) -> u32 {
        let mut acc = 0;
        let mut pc = 0;
        loop {
            let i = p[pc];
            pc += 1;
            match i.code {
                LD_W_ABS => {
                    acc = match i.k {
                        OFF_NR => nr,
                        OFF_ARCH => arch,
                        OFF_ARG0 => arg0,
                        _ => panic!("unexpected load"),
                    }
                }
                JEQ_K | JGE_K | JSET_K => {
                    let taken = match i.code {
                        JEQ_K => acc == i.k,
                        JGE_K => acc >= i.k,
                        _ => acc & i.k != 0,
                    };
                    pc += usize::from(if taken { i.jt } else { i.jf });
                }
                RET_K => return i.k,
                other => panic!("unexpected opcode {other:#x}"),
            }
        }
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn nr(n: i64) -> u32 {
        n as u32
    }

    #[test]
    fn refused_calls_get_eperm_and_others_are_allowed() {
        let p = program();
        let eperm = RET_ERRNO | 1;
        for n in refused() {
            assert_eq!(eval(&p, AUDIT_ARCH, nr(n), 0), eperm, "syscall {n}");
        }
        for n in [
            libc::SYS_read,
            libc::SYS_write,
            libc::SYS_exit_group,
            libc::SYS_mmap,
        ] {
            assert_eq!(eval(&p, AUDIT_ARCH, nr(n), 0), RET_ALLOW, "syscall {n}");
        }
    }

    #[test]
    fn clone_is_allowed_without_namespace_flags_and_clone3_falls_back() {
        let p = program();
        // CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD (a thread).
        assert_eq!(
            eval(&p, AUDIT_ARCH, nr(libc::SYS_clone), 0x0001_0f00),
            RET_ALLOW
        );
        assert_eq!(
            eval(&p, AUDIT_ARCH, nr(libc::SYS_clone), 0x1000_0000),
            RET_ERRNO | 1
        );
        assert_eq!(
            eval(&p, AUDIT_ARCH, nr(libc::SYS_clone3), 0),
            RET_ERRNO | nr(i64::from(libc::ENOSYS))
        );
    }

    #[test]
    fn foreign_architectures_and_x32_calls_are_stopped() {
        let p = program();
        assert_eq!(eval(&p, 0x4000_0003, 1, 0), RET_KILL_PROCESS);
        assert_eq!(eval(&p, AUDIT_ARCH, 0x4000_0001, 0), RET_ERRNO | 1);
    }

    #[test]
    fn bytes_are_eight_per_instruction() {
        assert_eq!(filter_bytes().len(), program().len() * 8);
    }
}
