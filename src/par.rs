//! How much parallel work the machine can take.

/// The number of usable cores, asked once (it reads cgroup files on Linux).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

use std::sync::OnceLock;
use std::sync::mpsc;

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// True on the helper thread: a job that asks for [`beside`] itself runs
    /// that work in place (queued behind itself it would wait forever).
    static ON_HELPER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The helper thread's queue: started on first use, then kept waiting for work,
/// so that work handed to it does not pay for starting a thread each time (on
/// the 2-vCPU VM of benches/RESULTS.md a scoped thread costs about 85 µs to
/// start and join, a waiting one about 15 µs to wake and answer). `None` with
/// one core or when the thread could not be started.
fn helper() -> Option<&'static mpsc::Sender<Job>> {
    static HELPER: OnceLock<Option<mpsc::Sender<Job>>> = OnceLock::new();
    HELPER
        .get_or_init(|| {
            if cores() < 2 {
                return None;
            }
            let (tx, rx) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("unattui-helper".into())
                .spawn(move || {
                    ON_HELPER.with(|on| on.set(true));
                    rx.into_iter().for_each(|job| job());
                })
                .ok()?;
            Some(tx)
        })
        .as_ref()
}

/// Runs `job` on the helper thread while the caller runs `here`, and returns
/// both results. With one core, on the helper thread itself, or when the
/// helper is gone, `job` runs on the caller's thread first. A panic in `job`
/// is resumed on the caller's thread, with its own message, once `here` is
/// done; the helper stays ready for the next job. Callers on several threads
/// take turns.
///
/// Whatever `job` owns is lost with such a panic: a caller that moved part of
/// its state into the job must treat that state as gone (see
/// `Document::apply`, whose caller then drops the document).
pub fn beside<A: Send + 'static, B>(
    job: impl FnOnce() -> A + Send + 'static,
    here: impl FnOnce() -> B,
) -> (A, B) {
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        // The receiver waits until this is sent, unless `here` panicked.
        let _ = tx.send(result);
    });
    let unsent = match helper().filter(|_| !ON_HELPER.with(|on| on.get())) {
        Some(h) => h.send(job).err().map(|mpsc::SendError(job)| job),
        None => Some(job),
    };
    // No helper here: run the job first (its result waits in the channel).
    if let Some(job) = unsent {
        job();
    }
    let b = here();
    match rx.recv() {
        Ok(Ok(a)) => (a, b),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        // The job was dropped unrun: only when the helper thread itself died.
        Err(_) => panic!("the helper thread stopped before running a job"),
    }
}

#[cfg(test)]
mod tests {
    use super::beside;

    #[test]
    fn both_results_come_back_in_place() {
        let (a, b) = beside(|| (1..=100u64).sum::<u64>(), || "here");
        assert_eq!((a, b), (5050, "here"));
        // With two cores the job runs on the helper, else here.
        let name = || std::thread::current().name().map(str::to_owned);
        let (there, here) = beside(name, name);
        let helper = (super::cores() > 1).then(|| "unattui-helper".to_owned());
        assert_eq!(there, helper.or(here));
    }

    #[test]
    fn a_job_may_ask_for_work_beside_itself() {
        let (inner, ()) = beside(|| beside(|| 2, || 3), || ());
        assert_eq!(inner, (2, 3));
    }

    #[test]
    fn callers_on_several_threads_each_get_their_own_result() {
        std::thread::scope(|s| {
            let callers: Vec<_> = (0..8u64)
                .map(|t| {
                    s.spawn(move || {
                        (0..50)
                            .map(|i| beside(move || t * 1000 + i, || i).0)
                            .sum::<u64>()
                    })
                })
                .collect();
            for (t, c) in callers.into_iter().enumerate() {
                let t = t as u64;
                assert_eq!(
                    c.join().expect("no panic"),
                    (0..50).map(|i| t * 1000 + i).sum::<u64>()
                );
            }
        });
    }

    #[test]
    fn a_panicking_job_panics_the_caller_with_its_message_and_the_helper_lives_on() {
        let caught =
            std::panic::catch_unwind(|| beside(|| -> u8 { panic!("job failed: 42") }, || ()));
        let payload = caught.expect_err("the caller panics");
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned());
        assert_eq!(message.as_deref(), Some("job failed: 42"));
        // The next job still runs (on the helper when there is one).
        assert_eq!(beside(|| 7, || 8), (7, 8));
    }
}
