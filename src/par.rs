//! How much parallel work the machine can take.

/// The number of usable cores, asked once (it reads cgroup files on Linux).
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

use std::ops::ControlFlow;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};

/// Runs `work` on each of `items` on `threads` threads (this one, and `threads - 1` started
/// here; fewer than 2: on this one alone, starting none) that take the items in turn until none is left: a thread started late or running
/// slowly takes fewer instead of being waited for (on the VM of benches/RESULTS.md a new
/// thread often waits milliseconds for a core). The results come back in no particular
/// order. When `work` answers [`ControlFlow::Break`], the items not yet taken are dropped,
/// so every thread stops after the one it is on. A panic in `work` is passed on once every
/// thread has stopped.
pub fn in_turn<T: Send, R: Send>(
    threads: usize,
    items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> ControlFlow<R, R> + Sync,
) -> Vec<R> {
    let items = Mutex::new(items);
    // The lock is held only to take or drop items, never while `work` runs, so a panic
    // there does not poison it.
    let next = || items.lock().unwrap_or_else(|e| e.into_inner()).next();
    let take = || {
        let mut done = Vec::new();
        while let Some(item) = next() {
            match work(item) {
                ControlFlow::Continue(r) => done.push(r),
                ControlFlow::Break(r) => {
                    done.push(r);
                    let mut left = items.lock().unwrap_or_else(|e| e.into_inner());
                    left.by_ref().for_each(drop);
                    break;
                }
            }
        }
        done
    };
    if threads < 2 {
        return take();
    }
    std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(take)).collect();
        let mut all = take();
        for other in others {
            all.extend(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all
    })
}

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
    use super::{beside, in_turn};
    use std::ops::ControlFlow::{Break, Continue};

    #[test]
    fn every_item_is_worked_on_once_whatever_the_threads() {
        for threads in [0, 1, 2, 5] {
            let mut got = in_turn(threads, 0..1000u32, |i| Continue(i * 2));
            got.sort_unstable();
            assert_eq!(
                got,
                (0..1000).map(|i| i * 2).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn a_break_stops_the_items_not_yet_taken() {
        // One thread: exactly the items up to the break.
        let got = in_turn(1, 0..100, |i| if i == 10 { Break(i) } else { Continue(i) });
        assert_eq!(got, (0..=10).collect::<Vec<_>>());
        // Several: the break's result is there, and at most one item per other thread
        // after it.
        let got = in_turn(
            3,
            0..10_000,
            |i| if i == 10 { Break(i) } else { Continue(i) },
        );
        assert!(got.contains(&10));
        assert!(got.len() < 10_000, "{}", got.len());
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            in_turn(2, 0..100, |i| {
                assert!(i != 50, "item 50");
                Continue(i)
            })
        });
        assert!(caught.is_err());
    }

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
