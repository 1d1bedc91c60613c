//! Shell analysis must finish without panicking on any UTF-8 input.
#![no_main]

use agent_policies_guest::shell::{Limits, analyze};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &str| {
    let _ = analyze(line, &Limits::default());
});
