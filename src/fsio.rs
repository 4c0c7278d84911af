//! The data-safety file layer: reading answer files defensively, noticing when
//! they change on disk, saving them atomically, and keeping recovery copies.
//!
//! Everything here is plain `std` plus `directories`; no terminal, no XML.
//! The rules it enforces:
//!
//! - **Only regular files are read.** Directories, FIFOs, sockets and devices are
//!   refused by looking at their metadata *before* opening them, so a named
//!   pipe never blocks the editor. Files larger than [`MAX_FILE_BYTES`] are
//!   refused, and the read itself is bounded so a file that grows while it is
//!   read cannot exceed the limit either.
//! - **A save never damages the original.** Bytes go to a new temporary file in
//!   the same directory, are synced, read back, compared and re-verified by the
//!   caller, and only then renamed over the target. Any failure removes the
//!   temporary file and leaves the original untouched (see [`save_atomic`]).
//! - **Symlinks are followed, not replaced.** Reading follows them; saving
//!   writes to the resolved file and leaves the link itself in place.
//! - **Errors explain themselves.** Every [`FsError`] names what failed, the
//!   path, and what the user can do about it.

mod error;
mod fingerprint;
mod read;
mod recovery;
mod save;
mod temp;

pub use error::{FsError, Step};
pub use fingerprint::{DiskState, Fingerprint, changed_on_disk};
pub use read::{Loaded, PermissionsInfo, read_answer_bytes, read_answer_file};
pub use recovery::{
    Recovery, discard_recovery, find_recovery, find_recovery_in, recovery_dir, write_recovery,
    write_recovery_in,
};
pub use save::{Backup, SaveOptions, SaveReport, save_atomic};

/// The largest answer file unattui will open or save: 64 MiB.
///
/// Real answer files are a few kilobytes; anything near this size is almost
/// certainly the wrong file, and refusing it keeps memory use bounded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
