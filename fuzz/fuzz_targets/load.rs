//! Any bytes given as a ledger: loading never panics, and a refusal always says why and where.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = tracker::ledger::load_bytes(data) {
        assert!(!problems.is_empty());
        assert!(problems.iter().all(|p| p.line >= 1 && p.col >= 1));
    }
});
